"""Who drafted, wrote and approved each translation of a release: read from the events in one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.domain.workflow import TEXT_ACTIONS
from workbench.store.tables import Event

ENGINE_PREFIX = "engine:"  # how drafting names an engine as the actor of its events


@dataclass(frozen=True)
class Provenance:
    """The engine that drafted a text, the person who wrote it last, and its approval."""

    engine: str | None = None
    translator: str | None = None
    reviewer: str | None = None
    approved_at: datetime | None = None


def aware(when: datetime) -> datetime:
    """``when`` with a time zone: SQLite gives naive datetimes back, and they were written in UTC."""
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def provenance(session: Session, translation_ids: list[int]) -> dict[int, Provenance]:
    """translation id -> its provenance, from the events (oldest first, so the newest wins)."""
    found: dict[int, dict[str, object]] = {tid: {} for tid in translation_ids}
    if not translation_ids:
        return {}
    rows = session.execute(
        select(Event.translation_id, Event.actor, Event.action, Event.at)
        .where(Event.translation_id.in_(translation_ids))
        .order_by(Event.id)
    )
    for tid, actor, action, at in rows:
        info = found[tid]
        if action in TEXT_ACTIONS:
            if actor.startswith(ENGINE_PREFIX):
                info["engine"] = actor[len(ENGINE_PREFIX):]
                info["translator"] = None  # a fresh machine draft: nobody has written this text yet
            else:
                info["translator"] = actor
            info["reviewer"] = info["approved_at"] = None  # new text: any approval was of older text
        elif action == "approve":
            info["reviewer"], info["approved_at"] = actor, aware(at)
        elif action in ("unapprove", "reject"):
            info["reviewer"] = info["approved_at"] = None
    return {tid: Provenance(**info) for tid, info in found.items()}  # type: ignore[arg-type]
