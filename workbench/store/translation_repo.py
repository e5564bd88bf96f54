"""Changing translations: every change bumps the version and leaves an event (DESIGN §5)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.store.tables import Event, Segment, Translation, utcnow


def get_or_create(session: Session, segment: Segment, lang: str) -> Translation:
    """The segment's translation into ``lang``, created empty (state ``new``) when missing."""
    tr = session.scalar(select(Translation).where(Translation.segment_id == segment.id, Translation.lang == lang))
    if tr is None:
        tr = Translation(segment=segment, lang=lang, target=None, state="new", version=0, origin="")
        session.add(tr)
        session.flush()
    return tr


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
) -> Event:
    """Apply one change to a translation: new text and state, version + 1, and its event."""
    event = Event(
        translation_id=tr.id,
        actor=actor,
        action=action,
        version=tr.version + 1,
        before=tr.target,
        after=target,
        state_before=tr.state,
        state_after=state,
        comment=comment,
    )
    tr.target = target
    tr.state = state
    tr.version += 1
    if origin is not None:
        tr.origin = origin
    tr.updated_by = actor
    tr.updated_at = utcnow()
    session.add(event)
    return event
