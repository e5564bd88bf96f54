"""Translation-memory units: add with provenance, load per language pair, withdraw, count."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, tuple_
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


def pairs_state(session: Session, pairs: Iterable[tuple[str, str]]) -> tuple[int, int, str]:
    """(highest id, count, latest creation) of the units of several pairs together.

    The creation time tells a unit added in place of a withdrawn one apart: SQLite gives a new row
    the id of a just-deleted highest row, so id and count alone could come back to a state seen before.
    """
    wanted = list(pairs)
    if not wanted:
        return 0, 0, ""
    top, count, latest = session.execute(
        select(func.coalesce(func.max(TMEntry.id), 0), func.count(), func.max(TMEntry.created_at))
        .where(tuple_(TMEntry.source_lang, TMEntry.target_lang).in_(wanted))
    ).one()
    return int(top), int(count), str(latest or "")


def units_of(session: Session, pairs: Iterable[tuple[str, str]], after_id: int = 0) -> list[TMEntry]:
    """Every unit of several pairs with an id above ``after_id``, oldest first."""
    wanted = list(pairs)
    if not wanted:
        return []
    return list(session.scalars(
        select(TMEntry)
        .where(tuple_(TMEntry.source_lang, TMEntry.target_lang).in_(wanted), TMEntry.id > after_id)
        .order_by(TMEntry.id)
    ))


def every_unit(session: Session, after_id: int = 0) -> list[TMEntry]:
    """Every unit of every pair with an id above ``after_id``, oldest first (the concordance's index)."""
    return list(session.scalars(select(TMEntry).where(TMEntry.id > after_id).order_by(TMEntry.id)))


def top_id(session: Session) -> int:
    """The highest unit id (0 when empty): one index lookup, unlike a count."""
    return int(session.execute(select(func.coalesce(func.max(TMEntry.id), 0))).scalar_one())


def existing_ids(session: Session, ids: Iterable[int]) -> set[int]:
    """Those of ``ids`` that are still stored."""
    wanted = sorted(set(ids))
    return set(session.scalars(select(TMEntry.id).where(TMEntry.id.in_(wanted)))) if wanted else set()


def table_state(session: Session) -> tuple[int, int, str]:
    """(highest id, count, latest creation) of the whole memory: changes whenever a unit is added or
    withdrawn (the creation time, when a new unit took a withdrawn one's id: see `pairs_state`)."""
    top, count, latest = session.execute(
        select(func.coalesce(func.max(TMEntry.id), 0), func.count(TMEntry.id), func.max(TMEntry.created_at))).one()
    return int(top), int(count), str(latest or "")


def existing_keys(session: Session, source_lang: str, target_lang: str,
                  hashes: Iterable[str]) -> set[tuple[str, str]]:
    """(source hash, normalised target) of the pair's units whose source hash is one of ``hashes``."""
    wanted = sorted(set(hashes))
    found: set[tuple[str, str]] = set()
    if not wanted:
        return found
    conn = session.connection()
    sql, order = _existing_statement(conn.dialect)
    for start in range(0, len(wanted), _LOOKUP_CHUNK):  # bounded IN lists, whatever the batch
        chunk = wanted[start:start + _LOOKUP_CHUNK]
        chunk += [chunk[-1]] * (_LOOKUP_CHUNK - len(chunk))  # one statement size: compiled once
        values = {"lang_s": source_lang, "lang_t": target_lang} | {f"h{i}": h for i, h in enumerate(chunk)}
        params: Any = tuple(values[name] for name in order) if order is not None else values
        found.update((h, normalise(t)) for h, t in conn.exec_driver_sql(sql, params))
    return found


_LOOKUP_CHUNK = 500
_EXISTING: dict[tuple[str, str, str], tuple[str, tuple[str, ...] | None]] = {}


def _existing_statement(dialect: Any) -> tuple[str, tuple[str, ...] | None]:
    """The lookup of ``existing_keys`` compiled once per dialect (SQLAlchemy's per-call expansion of
    a 500-value IN list costs more than the query), and its positional parameter order (None: named)."""
    key = (dialect.name, dialect.driver, dialect.paramstyle)  # the driver decides the placeholders
    cached = _EXISTING.get(key)
    if cached is None:
        stmt = select(TMEntry.source_hash, TMEntry.target).where(
            TMEntry.source_lang == bindparam("lang_s"), TMEntry.target_lang == bindparam("lang_t"),
            TMEntry.source_hash.in_([bindparam(f"h{i}") for i in range(_LOOKUP_CHUNK)]))
        compiled = stmt.compile(dialect=dialect)
        order = tuple(compiled.positiontup or ()) if compiled.positional else None
        cached = _EXISTING[key] = (compiled.string, order)
    return cached


#: The columns of a unit row given to ``insert_many``, in this order.
IMPORT_COLUMNS = ("source_lang", "target_lang", "source_hash", "source", "target", "origin", "context",
                  "created_by", "created_at", "changed_at", "changed_by", "extra")


def insert_many(session: Session, rows: Sequence[tuple[object, ...]]) -> None:
    """Insert unit rows (tuples in ``IMPORT_COLUMNS`` order) with one driver ``executemany``: large imports.

    The statement is compiled once and the columns' own bind processors (dates on SQLite) applied
    here; SQLAlchemy's per-row parameter handling would cost as much as parsing the TMX file.
    """
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    # inline(): no RETURNING of the new ids (PostgreSQL would add one); every column is given.
    compiled = insert(TMEntry).inline().compile(dialect=dialect, column_keys=list(IMPORT_COLUMNS))
    columns = TMEntry.__table__.c
    processors = [(i, p) for i, name in enumerate(IMPORT_COLUMNS)
                  if (p := columns[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None]
    if processors:
        # Column by column (the transpositions run in C), each distinct value converted once: the
        # units of one file share many dates.
        columns_of: list[Any] = list(zip(*rows, strict=True))
        for i, process in processors:
            done: dict[Any, Any] = {None: None}
            column = columns_of[i]
            for value in set(column):
                if value not in done:
                    done[value] = process(value)
            columns_of[i] = [done[value] for value in column]
        rows = list(zip(*columns_of, strict=True))
    params: Sequence[Any]
    if not compiled.positional:
        params = [dict(zip(IMPORT_COLUMNS, row, strict=True)) for row in rows]
    elif tuple(compiled.positiontup or ()) == IMPORT_COLUMNS:
        params = rows
    else:
        order = [IMPORT_COLUMNS.index(name) for name in compiled.positiontup or ()]
        params = [tuple(row[i] for i in order) for row in rows]
    conn.exec_driver_sql(compiled.string, params)


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
