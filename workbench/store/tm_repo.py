"""Translation-memory units: add with provenance, load per language pair, withdraw, count."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from workbench.domain.tm import normalise, source_hash
from workbench.store.tables import TMEntry


def find(session: Session, source_lang: str, target_lang: str, source: str, target: str) -> TMEntry | None:
    """The unit with this very source and target in the pair, or None."""
    rows = session.scalars(
        select(TMEntry).where(
            TMEntry.source_lang == source_lang, TMEntry.target_lang == target_lang,
            TMEntry.source_hash == source_hash(source),
        )
    )
    wanted = normalise(target)
    return next((r for r in rows if normalise(r.target) == wanted), None)


def add(
    session: Session, source_lang: str, target_lang: str, source: str, target: str, *, origin: str,
    created_by: str | None, context: str = "",
) -> tuple[TMEntry, bool]:
    """Add a unit unless the pair holds the same source and target already; returns (unit, added)."""
    existing = find(session, source_lang, target_lang, source, target)
    if existing is not None:
        return existing, False
    row = TMEntry(
        source_lang=source_lang, target_lang=target_lang, source_hash=source_hash(source),
        source=normalise(source), target=target, origin=origin, context=context, created_by=created_by,
    )
    session.add(row)
    session.flush()
    return row, True


def withdraw(session: Session, source_lang: str, target_lang: str, source: str, target: str, origin: str) -> int:
    """Delete the unit a segment put in the memory (same source, target and origin); returns how many."""
    row = find(session, source_lang, target_lang, source, target)
    if row is None or row.origin != origin:
        return 0
    session.execute(delete(TMEntry).where(TMEntry.id == row.id))
    return 1


def units(session: Session, source_lang: str, target_lang: str, after_id: int = 0) -> list[TMEntry]:
    """Every unit of the pair with an id above ``after_id``, oldest first."""
    return list(session.scalars(
        select(TMEntry)
        .where(TMEntry.source_lang == source_lang, TMEntry.target_lang == target_lang, TMEntry.id > after_id)
        .order_by(TMEntry.id)
    ))


def pair_state(session: Session, source_lang: str, target_lang: str) -> tuple[int, int]:
    """(highest id, count) of the pair's units: changes when a unit is added or withdrawn."""
    top, count = session.execute(
        select(func.coalesce(func.max(TMEntry.id), 0), func.count())
        .where(TMEntry.source_lang == source_lang, TMEntry.target_lang == target_lang)
    ).one()
    return int(top), int(count)


def pairs(session: Session) -> list[tuple[str, str, int]]:
    """Every language pair in the memory with its unit count."""
    rows = session.execute(
        select(TMEntry.source_lang, TMEntry.target_lang, func.count())
        .group_by(TMEntry.source_lang, TMEntry.target_lang)
        .order_by(TMEntry.source_lang, TMEntry.target_lang)
    )
    return [(s, t, int(n)) for s, t, n in rows]


def add_many(session: Session, rows: Iterable[TMEntry]) -> None:
    """Insert prepared units in one flush (imports)."""
    session.add_all(list(rows))
    session.flush()
