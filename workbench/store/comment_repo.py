"""Segment comment threads: one per segment and target language, oldest message first."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.domain.mentions import find_mentions
from workbench.store.tables import Comment, Release, Segment, User, utcnow


def add(session: Session, segment_id: int, lang: str, author: str, text: str, kind: str = "comment") -> Comment:
    """Append a message to the segment's thread in ``lang`` (the caller checked who may write it)."""
    row = Comment(segment_id=segment_id, lang=lang, author=author, at=utcnow(), text=text, kind=kind)
    session.add(row)
    session.flush()
    return row


def threads(session: Session, segment_ids: Collection[int], lang: str) -> dict[int, list[Comment]]:
    """segment id -> its thread in ``lang``, oldest first (segments without a message are absent).

    One query for a page or a release; chunked so that no IN list outgrows SQLite's limit.
    """
    out: dict[int, list[Comment]] = {}
    ids = list(segment_ids)
    for start in range(0, len(ids), 500):
        rows = session.scalars(
            select(Comment).where(Comment.segment_id.in_(ids[start:start + 500]), Comment.lang == lang)
            .order_by(Comment.id)
        )
        for row in rows:
            out.setdefault(row.segment_id, []).append(row)
    return out


def mentioning(session: Session, name: str) -> list[tuple[Comment, Segment, Release]]:
    """The messages that mention the user ``name`` (``@name``), newest first, with their segment and release."""
    needle = "%@" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = session.execute(
        select(Comment, Segment, Release).join(Segment, Comment.segment_id == Segment.id)
        .join(Release, Segment.release_id == Release.id)
        .where(Comment.text.ilike(needle, escape="\\"), Segment.position.is_not(None))
        .order_by(Comment.id.desc())
    )
    # LIKE only narrows: the mention must stand as one (not inside an address, not a longer user's name).
    users = user_names(session)
    return [(c, seg, rel) for c, seg, rel in rows if any(m.name == name for m in find_mentions(c.text, users))]


def user_names(session: Session) -> list[str]:
    """Every user's name: who may be mentioned."""
    return list(session.scalars(select(User.name)))
