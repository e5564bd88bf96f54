"""Changing translations: every change bumps the version and leaves an event (docs/review.md).

A change is one conditional ``UPDATE ... WHERE id = :id AND version = :v``: when another writer got
there first the row count is 0 and the change is refused, so no save ever overwrites one it did
not see (on PostgreSQL the condition is re-checked on the newest row after a concurrent commit).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from workbench.domain.workflow import Current
from workbench.errors import StaleVersionError
from workbench.store import event_details, signoff_repo
from workbench.store.tables import Event, Segment, Translation, utcnow

_FIND = select(Translation).where(
    Translation.segment_id == bindparam("segment_id"), Translation.lang == bindparam("lang")
)


def find(session: Session, segment: Segment, lang: str) -> Translation | None:
    """The segment's translation into ``lang``, or None."""
    return session.scalar(_FIND, {"segment_id": segment.id, "lang": lang})


def lock_or_create(session: Session, segment: Segment, lang: str) -> Translation:
    """The segment's translation into ``lang``, row-locked for this transaction (created when missing).

    Drafting re-reads the row under the lock before writing, so a person's save made while the
    engine ran is seen and never overwritten.
    """
    locked = session.scalar(
        select(Translation).where(Translation.segment_id == segment.id, Translation.lang == lang).with_for_update()
    )
    return locked or get_or_create(session, segment, lang)


def get_or_create(session: Session, segment: Segment, lang: str) -> Translation:
    """The segment's translation into ``lang``, created empty (state ``new``) when missing."""
    tr = find(session, segment, lang)
    if tr is None:
        # By id, not relationship: a backref would cascade the row into the session outside the savepoint.
        tr = Translation(segment_id=segment.id, lang=lang, target=None, state="new", version=0, origin="")
        try:
            # A savepoint, because on PostgreSQL a concurrent writer may create the same row first.
            with session.begin_nested():
                session.add(tr)
                session.flush()
        except IntegrityError:
            existing = find(session, segment, lang)
            if existing is None:
                raise
            tr = existing
    return tr


def to_change(session: Session, segment: Segment, lang: str, seen: Translation | None) -> Translation:
    """The translation a person's change goes to: ``seen``, the row the caller read in this
    transaction, or a new one (version 0) when there was none.

    On PostgreSQL another writer may create the row and commit a change to it between that read
    and the insert: the insert then meets its row, and a change on it would write over a save the
    caller never saw. It is refused as stale instead (StaleVersionError, with the current text),
    as a save against version 0 of that row would be.
    """
    if seen is not None:
        return seen
    tr = get_or_create(session, segment, lang)
    if tr.version != 0:
        raise StaleVersionError(0, current_of(session, tr.id))
    return tr


def current_of(session: Session, translation_id: int) -> Current:
    """The translation's committed state, read afresh (for the message of a refused save)."""
    row = session.execute(
        select(Translation.state, Translation.target, Translation.version, Translation.updated_by)
        .where(Translation.id == translation_id)
    ).one()
    return Current(state=row.state, target=row.target, version=row.version, changed_by=row.updated_by)


# Built once: a save is the hot path, and building statements costs more than running them here.
_TRANSLATIONS = cast(Table, Translation.__table__)
_UPDATE_IF_CURRENT = (
    _TRANSLATIONS.update()
    .where(_TRANSLATIONS.c.id == bindparam("tr_id"), _TRANSLATIONS.c.version == bindparam("seen"))
)
_INSERT_EVENT = cast(Table, Event.__table__).insert()


def change(
    session: Session,
    tr: Translation,
    *,
    actor: str,
    action: str,
    target: str | None,
    state: str,
    origin: str | None = None,
    comment: str = "",
    details: Mapping[str, Any] | None = None,
) -> Event:
    """Apply one change to a translation: new text and state, version + 1, and its event (returned).

    ``details`` (who asked for an engine's draft, the CLI's operating-system user) are kept with
    the event's comment (store.event_details).

    Refused with StaleVersionError when the row is no longer at the version ``tr`` was read at.
    Any standing sign-off of the release in this language is revoked with the reason.
    """
    seen = tr.version
    comment = event_details.pack(comment, details) or ""
    values: dict[str, Any] = {
        "target": target, "state": state, "version": seen + 1, "updated_by": actor, "updated_at": utcnow(),
    }
    if origin is not None:
        values["origin"] = origin
    # Core statements on the tables: the ORM's bulk-update bookkeeping would double the cost of a save.
    # The SET clause comes from the parameter names, so the statement is compiled once and cached.
    result = session.execute(_UPDATE_IF_CURRENT, {"tr_id": tr.id, "seen": seen, **values})
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleVersionError(seen, current_of(session, tr.id))
    event = Event(
        translation_id=tr.id,
        actor=actor,
        action=action,
        version=seen + 1,
        before=tr.target,
        after=target,
        state_before=tr.state,
        state_after=state,
        comment=comment,
        at=values["updated_at"],
    )
    inserted = session.execute(_INSERT_EVENT, {
        "translation_id": event.translation_id, "actor": actor, "action": action, "version": event.version,
        "before": event.before, "after": event.after, "state_before": event.state_before,
        "state_after": event.state_after, "comment": comment, "at": event.at,
    })
    event.id = inserted.inserted_primary_key[0]  # type: ignore[attr-defined]
    for key, value in values.items():  # the row is written: mirror it without another flush
        set_committed_value(tr, key, value)
    signoff_repo.revoke(
        session, tr.segment.release_id, tr.lang,
        f"segment {tr.segment.key} changed by {actor} ({action}, version {seen + 1})", at=values["updated_at"],
    )
    return event


def last_author(session: Session, translation_id: int, text_actions: frozenset[str]) -> str | None:
    """Who wrote the current text: the actor of the newest text-changing event, or None."""
    return session.scalar(
        select(Event.actor)
        .where(Event.translation_id == translation_id, Event.action.in_(sorted(text_actions)))
        .order_by(Event.id.desc())
        .limit(1)
    )


def last_texts(session: Session, translation_ids: list[int], action: str) -> dict[int, str]:
    """translation id -> the text its newest ``action`` event left (the machine draft for "draft")."""
    out: dict[int, str] = {}
    for start in range(0, len(translation_ids), 500):  # within SQLite's limit of bound parameters
        rows = session.execute(
            select(Event.translation_id, Event.after)
            .where(Event.translation_id.in_(translation_ids[start:start + 500]), Event.action == action)
            .order_by(Event.id)
        )
        for tid, after in rows:
            if after:
                out[tid] = after  # rows come oldest first: the newest wins
    return out


def events(session: Session, translation_id: int) -> list[Event]:
    """Every event of a translation, oldest first."""
    return list(session.scalars(select(Event).where(Event.translation_id == translation_id).order_by(Event.id)))
