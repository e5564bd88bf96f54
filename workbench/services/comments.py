"""Segment comment threads (issue 14): translators and reviewers talk about one segment in one language.

``@name`` in a comment mentions an existing user (``domain.mentions``): each message carries its
``mentions``, and ``mentions_of`` lists the comments that mention a user (the releases screen shows them).

A reviewer's rejection (and a withdrawn approval) lands in the same thread as its comment, written
by ``services.review`` in the same transaction as the state change, so the translator who opens the
segment sees why it came back. Who may write is decided as for review actions: an enabled user
whose languages cover the target language (``users.acting(session, user, "comment", lang)``).
"""

from __future__ import annotations

from typing import TypedDict

from sqlalchemy.orm import Session

from workbench.domain import language_tags
from workbench.errors import InputError
from workbench.services import users
from workbench.services.app import App
from workbench.services.review import _audited, _check_target, _segment, _transaction
from workbench.store import comment_repo, reads, user_repo
from workbench.store.reads import CommentJSON
from workbench.store.tables import Release, Segment

#: Longer than any remark people write in a thread; a pasted document is refused, not stored.
MAX_COMMENT = 5000


class ThreadJSON(TypedDict):
    """A segment's thread in one language: where (``slug``, ``segment``, ``lang``) and its comments, oldest first."""

    slug: str
    segment: str
    lang: str
    comments: list[CommentJSON]


class MentioningCommentJSON(CommentJSON):
    """A comment that mentions someone, with where it was written."""

    slug: str
    segment: str
    lang: str


class MentionsJSON(TypedDict):
    """The comments that mention ``user``, newest first."""

    user: str
    mentions: list[MentioningCommentJSON]


def add_comment(app: App, slug: str, segment_key: str, lang: str, text: str, user: str) -> ThreadJSON:
    """Append ``user``'s comment to the segment's thread in ``lang``; returns the whole thread."""
    text = text.strip()
    if not text:
        raise InputError("the comment is empty")
    if len(text) > MAX_COMMENT:
        raise InputError(f"the comment is {len(text)} characters long: at most {MAX_COMMENT}")
    lang = language_tags.check(lang, "target language")  # stored as checked: " en " is en

    def work(session: Session) -> ThreadJSON:
        release, segment = _segment(session, slug, segment_key)
        _check_target(release, lang)
        actor = users.acting(session, user, "comment", lang)
        comment_repo.add(session, segment.id, lang, actor.name, text)
        return _thread_json(session, release, segment, lang)

    with _audited("comment", user, f"{slug}/{segment_key}/{lang}"):
        return _transaction(app, work)


def thread(app: App, slug: str, segment_key: str, lang: str) -> ThreadJSON:
    """The segment's thread in ``lang``, oldest first (empty when nobody wrote yet)."""
    with app.db.read() as session:
        release, segment = _segment(session, slug, segment_key, retired_ok=True)
        return _thread_json(session, release, segment, lang)


def _thread_json(session: Session, release: Release, segment: Segment, lang: str) -> ThreadJSON:
    """A segment's thread in ``lang`` as the services hand it on, oldest first."""
    rows = comment_repo.threads(session, [segment.id], lang).get(segment.id, [])
    names = comment_repo.user_names(session)
    return {"slug": release.slug, "segment": segment.key, "lang": lang,
            "comments": [reads.comment_json(c, names) for c in rows]}


def mentions_of(app: App, user: str) -> MentionsJSON:
    """The comments that mention ``user`` (``@name``), newest first: where (release, segment, language) and what."""
    with app.db.read() as session:
        user_repo.get(session, user)  # an unknown name is refused, not answered with nothing
        rows = comment_repo.mentioning(session, user)
        names = comment_repo.user_names(session)
        return {"user": user, "mentions": [{"slug": rel.slug, "segment": seg.key, "lang": c.lang,
                                            **reads.comment_json(c, names)} for c, seg, rel in rows]}
