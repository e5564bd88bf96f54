"""The review workflow as use cases: edit, approve, reject, unapprove, sign off, history (docs/review.md).

Permissions are enforced here, for the CLI and the UI alike, by ``workbench.domain.workflow``.
Every change is one short write transaction; a refused action raises before anything is written
(the transaction rolls back whole) and leaves one line on the ``workbench.audit`` logger.
The QA checks, the memory and publishing are imported by the actions that use them, so that
`history` and the other reads do not load the language detector, the export or the formats.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from workbench.domain import control_chars, language_tags
from workbench.domain.workflow import (
    TEXT_ACTIONS,
    Action,
    Actor,
    Current,
    check_allowed,
    check_signoff,
    check_version,
    decide,
)
from workbench.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    QualityError,
    StateError,
    StorageError,
    WorkbenchError,
)
from workbench.services.app import App
from workbench.store import (
    comment_repo,
    event_details,
    glossary_repo,
    reads,
    release_repo,
    signoff_repo,
    translation_repo,
    user_repo,
)
from workbench.store.tables import Event, Release, Segment, Translation

if TYPE_CHECKING:
    from workbench.services.glossary import ChangeJSON
    from workbench.services.qa import Checks

AUDIT = logging.getLogger("workbench.audit")
AUDIT.addHandler(logging.NullHandler())  # a library logs; the process running it decides where lines go
T = TypeVar("T")


class TranslationJSON(TypedDict):
    """A segment's translation after an action (`edit`, `reject`, `unapprove --json`): the ``segment``
    (its id), ``lang``, the ``state`` and ``version`` it has now, and its ``target`` text."""

    segment: str
    lang: str
    state: str
    version: int
    target: str | None


class CurrentJSON(TranslationJSON):
    """A translation as it stands, with who changed it last (None: nobody yet)."""

    updated_by: str | None


class RefusalJSON(TypedDict):
    """A segment `approve --all` left alone, and why."""

    segment: str
    reason: str


class ApproveJSON(TypedDict):
    """`approve --json`: the segments ``approved`` and those ``refused`` (only with --all)."""

    slug: str
    lang: str
    approved: list[str]
    refused: list[RefusalJSON]


class SignoffJSON(TypedDict):
    """`signoff --json`: the release and language signed off, by which ``reviewer``, when
    (``at``, ISO 8601), and how many ``segments`` the sign-off vouches for."""

    slug: str
    lang: str
    reviewer: str
    at: str
    segments: int


class SignoffRecordJSON(TypedDict):
    """One sign-off of a language: who and when, and when and why it was revoked (None: it stands)."""

    reviewer: str
    at: str
    revoked_at: str | None
    revoked_reason: str


class SignoffStatusJSON(TypedDict):
    """Whether a release stands ``signed_off`` in ``lang``, the ``current`` sign-off (None: none
    stands) and every sign-off, oldest first."""

    slug: str
    lang: str
    signed_off: bool
    current: SignoffRecordJSON | None
    signoffs: list[SignoffRecordJSON]


class EventJSON(TypedDict):
    """One event of a translation's history (`history --json`).

    When (``at``, ISO 8601), who (``actor``: a user or ``engine:<name>``), which ``action``, the
    ``version`` it made; the text ``before``/``after`` and the state ``state_before``/``state_after``;
    the ``comment`` (a reason, a QA override); ``details``: who asked for an engine's draft
    (``asked_by``), the CLI's OS user (``os_user``).
    """

    at: str
    actor: str
    action: str
    version: int
    before: str | None
    after: str | None
    state_before: str
    state_after: str
    comment: str
    details: dict[str, Any]


class HistoryGlossaryJSON(TypedDict):
    """The term base the machine draft used: its ``version`` (None: no engine drafted it), the
    ``concepts`` it applied and the accepted glossary ``changes`` they come from."""

    version: str | None
    concepts: list[str]
    changes: list[ChangeJSON]


class HistoryJSON(TypedDict):
    """`history --json`: a segment's translation into ``lang``: every event, oldest first, and its glossary."""

    slug: str
    segment: str
    lang: str
    glossary: HistoryGlossaryJSON
    events: list[EventJSON]


def _transaction(app: App, work: Callable[[Session], T]) -> T:
    """Run ``work`` in one write transaction (``Database.write``: its beginning retried on SQLITE_BUSY)."""
    with app.db.write() as session:
        return work(session)


@contextmanager
def _audited(action: str, user: str, where: str) -> Iterator[None]:
    """Log a refused action as one line (the database keeps nothing of it)."""
    try:
        yield
    except StorageError:
        raise
    except WorkbenchError as exc:
        AUDIT.warning("refused %s by %s on %s: %s", action, user, where, exc)
        raise


_FIND_SEGMENT = (
    select(Release, Segment).join(Segment.release)
    .where(Release.slug == bindparam("slug"), Segment.key == bindparam("key"))
)


# A save's segment is share-locked (PostgreSQL): an update correcting that sentence (it writes the
# segment row) waits for the save to commit, then sends its text back to needs_edit; or the save
# waits for the update and then finds the sentence changed. Without it the first text of a segment,
# saved while an update corrected it, stood as `translated` under the new sentence.
_FIND_SEGMENT_SHARED = _FIND_SEGMENT.with_for_update(read=True, of=Segment)


def _segment(session: Session, slug: str, key: str, *, retired_ok: bool = False,
             shared: bool = False) -> tuple[Release, Segment]:
    row = session.execute(_FIND_SEGMENT_SHARED if shared else _FIND_SEGMENT, {"slug": slug, "key": key}).first()
    if row is None:
        release_repo.get_release(session, slug)  # names the known releases when the slug is wrong
        raise NotFoundError(f"no segment {key!r} in release {slug!r}")
    release, segment = row
    if segment.position is None and not retired_ok:
        raise NotFoundError(f"segment {key!r} left release {slug!r} in an update")
    return release, segment


def _check_target(release: Release, lang: str) -> None:
    language_tags.check(lang, "target language")
    language_tags.check_target(lang, release.source_lang, release.slug)


def _current(session: Session, tr: Translation | None, *, with_author: bool = False) -> Current:
    if tr is None:
        return Current()
    author = translation_repo.last_author(session, tr.id, TEXT_ACTIONS) if with_author else None
    writers = _glossary_writers(session, tr) if with_author else ()
    return Current(tr.state, tr.target, tr.version, author, tr.updated_by, writers)  # type: ignore[arg-type]


def _change_ids(tr: Translation) -> list[int]:
    return [int(i) for i in tr.glossary_changes.split(",") if i.strip().isdigit()]


def _glossary_writers(session: Session, tr: Translation) -> tuple[tuple[str, str], ...]:
    """(concept, person) for each glossary form of the draft still in the text, with who proposed and accepted it.

    The four-eyes rule reads these as the text's authors too: a "term" whose form is a whole
    sentence would otherwise let its proposer approve that sentence as the engine's.
    """
    ids = _change_ids(tr)
    if not ids or not tr.target:
        return ()
    text = tr.target.casefold()
    out: list[tuple[str, str]] = []
    for change in glossary_repo.changes(session, ids).values():
        concept = glossary_repo.concept_from_json(change.concept)
        if concept is None or not any(form.casefold() in text for _lang, form, _p in concept.all_forms()):
            continue
        out += [(change.concept_id, person) for person in (change.proposed_by, change.decided_by) if person]
    return tuple(out)


def _result(segment: Segment, tr: Translation) -> TranslationJSON:
    return {"segment": segment.key, "lang": tr.lang, "state": tr.state, "version": tr.version, "target": tr.target}


def _check_new_text(text: str) -> None:
    """Refuse a person's new target that is empty or holds a character no export can write."""
    if not text.strip():
        raise InputError("the text is empty: to send a segment back, reject it")
    control_chars.check_text(text)


def edit(
    app: App, slug: str, segment_key: str, lang: str, text: str, user: str, version: int | None = None
) -> TranslationJSON:
    """Save a person's text for a segment (state ``translated``); refused when ``version`` is stale.

    ``version`` is the version the person saw; None means "the current one" (a CLI convenience).
    A segment without a translation row yet gets one (its version 0 is what `segments` shows).
    """
    _check_new_text(text)
    lang = language_tags.check(lang, "target language")  # stored as checked: " en " is en

    def work(session: Session) -> TranslationJSON:
        _actor, _release, segment, tr = _edit(session, slug, segment_key, lang, text, user, version,
                                              app.event_details())
        return _result(segment, tr)

    with _audited("edit", user, f"{slug}/{segment_key}/{lang}"):
        return _transaction(app, work)


def _edit(
    session: Session, slug: str, segment_key: str, lang: str, text: str, user: str, version: int | None,
    details: dict[str, Any],
) -> tuple[Actor, Release, Segment, Translation]:
    """The edit itself, inside the caller's transaction: the actor, release, segment and changed translation."""
    actor = user_repo.actor(session, user)
    release, segment = _segment(session, slug, segment_key, shared=True)
    _check_target(release, lang)
    tr = translation_repo.find(session, segment, lang)
    current = _current(session, tr)
    decide(actor, "edit", lang, current)
    check_version(version, current)
    tr = translation_repo.to_change(session, segment, lang, tr)
    translation_repo.change(
        session, tr, actor=actor.name, action="edit", target=text, state="translated", origin="human",
        details=details,
    )
    return actor, release, segment, tr


def correct_and_approve(
    app: App, slug: str, segment_key: str, lang: str, text: str, user: str, version: int | None = None,
    override: str | None = None,
) -> TranslationJSON:
    """A reviewer's correction approved in the same step, all or nothing (the review screen's inline edit).

    The correction is the reviewer's text, so the four-eyes rule applies to it as to any edit: with
    the rule on (the default) the approval is refused and nothing is written (the reviewer saves the
    correction with `edit` and another reviewer approves it); with ``WORKBENCH_FOUR_EYES=off`` the
    text is saved and approved in one transaction, QA gate included.
    """
    _check_new_text(text)
    lang = language_tags.check(lang, "target language")  # stored as checked: " en " is en
    from workbench.services.qa import load_checks

    checks = load_checks(app)  # before the write transaction: keeps it short

    def work(session: Session) -> TranslationJSON:
        actor, release, segment, tr = _edit(session, slug, segment_key, lang, text, user, version,
                                            app.event_details())
        session.flush()  # the edit's event names the author the four-eyes rule looks at
        _approve_one(session, app, actor, release, segment, tr, lang, override, checks, None)
        return _result(segment, tr)

    with _audited("correct and approve", user, f"{slug}/{segment_key}/{lang}"):
        return _transaction(app, work)


def _approve_one(
    session: Session, app: App, actor: Actor, release: Release, segment: Segment, tr: Translation | None,
    lang: str, override: str | None, checks: Checks, version: int | None,
) -> None:
    from workbench.services import memory
    from workbench.services.qa import errors_of, segment_issues

    current = _current(session, tr, with_author=True)
    decide(actor, "approve", lang, current, four_eyes=app.settings.four_eyes)
    check_version(version, current)
    assert tr is not None and tr.target is not None  # decide() refuses a segment without text
    errors = errors_of(segment_issues(app, segment.source, tr.target, release.source_lang, lang, checks=checks))
    comment = ""
    if errors:
        if not override or not override.strip():
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise QualityError(
                f"QA error: {errors[0]['message']}{more}; fix it, or approve with an override reason"
            ).with_remedy("override", message=errors[0]["message"], more=len(errors) - 1,
                         issue=errors[0])
        comment = f"QA override ({len(errors)} error(s)): {override.strip()}"
    translation_repo.change(
        session, tr, actor=actor.name, action="approve", target=tr.target, state="approved", comment=comment,
        details=app.event_details(),
    )
    memory.remember(session, release, segment, tr, actor.name)  # the memory learns in the same transaction


def approve(
    app: App,
    slug: str,
    keys: Sequence[str] | None,
    lang: str,
    user: str,
    override: str | None = None,
    versions: Mapping[str, int] | None = None,
) -> ApproveJSON:
    """Approve segments (``keys``), or every approvable one (``keys=None``, the CLI's --all).

    With explicit keys the approval is atomic: one refusal refuses them all and nothing is
    approved. With ``None`` the allowed ones are approved and the others reported in "refused";
    segments approved already are left alone. ``versions`` (key -> version seen) refuses an
    approval of text that changed since the reviewer read it.
    """
    from workbench.services.qa import load_checks

    checks = load_checks(app)  # before the write transaction: keeps it short
    lang = language_tags.check(lang, "target language")  # stored as checked: " en " is en
    wanted = list(dict.fromkeys(keys)) if keys is not None else None
    where = f"{slug}/{','.join(wanted) if wanted else '*'}/{lang}"

    def work(session: Session) -> ApproveJSON:
        actor = user_repo.actor(session, user)
        release = release_repo.get_release(session, slug)
        _check_target(release, lang)
        check_allowed(actor, "approve", lang)  # a translator is refused once, not once per segment
        if wanted is None:
            by_id = release_repo.translations_by_segment(session, release, lang)
            todo = [(s, by_id.get(s.id)) for s in release_repo.current_segments(session, release)]
            todo = [(s, tr) for s, tr in todo if tr is None or tr.state != "approved"]
        else:
            todo = []
            for key in wanted:
                segment = _segment(session, slug, key)[1]
                todo.append((segment, translation_repo.find(session, segment, lang)))
        approved: list[str] = []
        refused: list[RefusalJSON] = []
        for segment, tr in todo:
            try:
                _approve_one(session, app, actor, release, segment, tr, lang, override, checks,
                             (versions or {}).get(segment.key))
                approved.append(segment.key)
            except StorageError:
                raise
            except WorkbenchError as exc:
                if wanted is not None:
                    prefix = f"segment {segment.key}: " if len(wanted) > 1 else ""
                    kind = ConflictError if isinstance(exc, ConflictError) else type(exc)
                    wrapped = kind(f"{prefix}{exc}; nothing approved")
                    if exc.remedy is not None:  # the interfaces phrase it, naming the segment when several
                        wrapped.with_remedy(exc.remedy.action, **exc.remedy.values,
                                            segment=segment.key if prefix else None)
                    raise wrapped from exc
                AUDIT.warning("refused approve by %s on %s/%s/%s: %s", user, slug, segment.key, lang, exc)
                refused.append({"segment": segment.key, "reason": str(exc)})
        return {"slug": slug, "lang": lang, "approved": approved, "refused": refused}

    with _audited("approve", user, where):
        return _transaction(app, work)


def _review_action(
    app: App, action: Action, slug: str, segment_key: str, lang: str, user: str, comment: str, version: int | None
) -> TranslationJSON:
    from workbench.services import memory

    lang = language_tags.check(lang, "target language")  # stored as checked: " en " is en

    def work(session: Session) -> TranslationJSON:
        actor = user_repo.actor(session, user)
        release, segment = _segment(session, slug, segment_key)
        _check_target(release, lang)
        tr = translation_repo.find(session, segment, lang)
        current = _current(session, tr)
        decision = decide(actor, action, lang, current, comment=comment)
        check_version(version, current)
        assert tr is not None  # decide() refuses a segment without a translation
        was_approved = tr.state == "approved"
        translation_repo.change(
            session, tr, actor=actor.name, action=action, target=tr.target, state=decision.state_after,
            comment=decision.comment, details=app.event_details(),
        )
        if was_approved:  # a withdrawn approval takes its unit out of the memory
            memory.forget(session, release, segment, lang, tr.target)
        # The reason goes to the segment's thread too, where the translator reads it (services.comments).
        comment_repo.add(session, segment.id, lang, actor.name, decision.comment,
                         "rejection" if action == "reject" else "unapproval")
        return _result(segment, tr)

    with _audited(action, user, f"{slug}/{segment_key}/{lang}"):
        return _transaction(app, work)


def reject(
    app: App, slug: str, segment_key: str, lang: str, user: str, comment: str, version: int | None = None
) -> TranslationJSON:
    """Send a segment back to the translators (state ``needs_edit``) with a comment saying why."""
    return _review_action(app, "reject", slug, segment_key, lang, user, comment, version)


def unapprove(
    app: App, slug: str, segment_key: str, lang: str, user: str, comment: str, version: int | None = None
) -> TranslationJSON:
    """Withdraw an approval (state ``translated``) with the reason; revokes the language's sign-off."""
    return _review_action(app, "unapprove", slug, segment_key, lang, user, comment, version)


def signoff(app: App, slug: str, lang: str, user: str) -> SignoffJSON:
    """Sign a release off in ``lang`` once every current segment is approved; recorded with who and when."""
    from workbench.services import publishing

    lang = language_tags.check(lang, "target language")  # stored as checked: " en " is en

    def work(session: Session) -> SignoffJSON:
        actor = user_repo.actor(session, user)
        # What the sign-off vouches for is read once nobody can change it before it commits (on
        # PostgreSQL): the release (an update, an embargo) and its translations (a change revokes
        # the sign-off, which it can only see once committed). SQLite's writers take turns already.
        release = release_repo.get_release(session, slug, lock=True)
        _check_target(release, lang)
        by_id = release_repo.translations_by_segment(session, release, lang, lock=True)
        segments = release_repo.current_segments(session, release)
        check_signoff(actor, lang, [(s.key, by_id[s.id].state if s.id in by_id else "new") for s in segments])
        standing = signoff_repo.active(session, release.id, lang)
        if standing is not None:
            raise StateError(
                f"{slug!r} is signed off in {lang!r} already, by {standing.reviewer} at {standing.at.isoformat()}"
            )
        row = signoff_repo.record(session, release.id, lang, actor.name)
        publishing.on_signoff(session, release, lang, row)  # queued only: webhooks never hold a sign-off up
        return {"slug": slug, "lang": lang, "reviewer": row.reviewer, "at": row.at.isoformat(),
                "segments": len(segments)}

    with _audited("signoff", user, f"{slug}/{lang}"):
        return _transaction(app, work)


def signoff_status(app: App, slug: str, lang: str) -> SignoffStatusJSON:
    """Whether the release stands signed off in ``lang``, with every sign-off and revocation."""
    with app.db.reader() as reader:  # through the driver: the review screen asks at every rerun
        release = reads.get_release(reader, slug)
        rows = reads.signoffs(reader, release.id, lang)
        history: list[SignoffRecordJSON] = [
            {"reviewer": r.reviewer, "at": r.at.isoformat(),
             "revoked_at": r.revoked_at.isoformat() if r.revoked_at else None, "revoked_reason": r.revoked_reason}
            for r in rows
        ]
    standing = next((h for h in reversed(history) if h["revoked_at"] is None), None)
    return {"slug": slug, "lang": lang, "signed_off": standing is not None, "current": standing,
            "signoffs": history}


def current(app: App, slug: str, segment_key: str, lang: str) -> CurrentJSON:
    """A segment's translation as it stands (version 0 and state ``new`` when there is none): what an editor opens."""
    with app.db.read() as session:
        _, segment = _segment(session, slug, segment_key, retired_ok=True)
        tr = translation_repo.find(session, segment, lang)
        if tr is None:
            return {"segment": segment_key, "lang": lang, "state": "new", "version": 0, "target": None,
                    "updated_by": None}
        return {**_result(segment, tr), "updated_by": tr.updated_by}


def history(app: App, slug: str, segment_key: str, lang: str) -> HistoryJSON:
    """Every event of a segment's translation into ``lang``, oldest first (empty when never translated).

    ``glossary`` says which term base the machine draft used (``version``; None when no engine
    drafted it) and the accepted glossary changes of the concepts it applied, with who proposed
    and who accepted each one.
    """
    lang = language_tags.check(lang, "target language")
    with app.db.read() as session:
        _, segment = _segment(session, slug, segment_key, retired_ok=True)
        tr = translation_repo.find(session, segment, lang)
        events = translation_repo.events(session, tr.id) if tr is not None else []
        from workbench.services import glossary

        applied = glossary.applied_changes(session, _change_ids(tr)) if tr is not None else []
        return {
            "slug": slug,
            "segment": segment_key,
            "lang": lang,
            "glossary": {"version": tr.glossary_version if tr is not None else None,
                         "concepts": [c for c in tr.glossary_applied.split(",") if c] if tr is not None else [],
                         "changes": applied},
            "events": [_event_json(e) for e in events],
        }


def _event_json(e: Event) -> EventJSON:
    """One event of a history: ``details`` holds who asked for an engine's draft and the CLI's OS user."""
    comment, details = event_details.unpack(e.comment)
    return {"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "version": e.version,
            "before": e.before, "after": e.after, "state_before": e.state_before, "state_after": e.state_after,
            "comment": comment or "", "details": details}
