"""Translation-memory units: add with provenance, load per language pair, withdraw, count, insert in bulk (imports)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, select, tuple_
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


def pairs_state(session: Session, pairs: Iterable[tuple[str, str]]) -> tuple[int, int]:
    """(highest id, count) of the units of several pairs together: changes whenever one of them is
    added (a new id is above every id ever given: the table never reuses one) or withdrawn."""
    wanted = list(pairs)
    if not wanted:
        return 0, 0
    top, count = session.execute(
        select(func.coalesce(func.max(TMEntry.id), 0), func.count())
        .where(tuple_(TMEntry.source_lang, TMEntry.target_lang).in_(wanted))
    ).one()
    return int(top), int(count)


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


def table_state(session: Session) -> tuple[int, int]:
    """(highest id, count) of the whole memory: changes whenever a unit is added or withdrawn (ids
    are never reused, migration 0011)."""
    top, count = session.execute(select(func.coalesce(func.max(TMEntry.id), 0), func.count(TMEntry.id))).one()
    return int(top), int(count)


def holds_pair(session: Session, source_lang: str, target_lang: str) -> bool:
    """Whether the memory holds any unit of the pair (one index lookup)."""
    return session.execute(select(TMEntry.id).where(
        TMEntry.source_lang == source_lang, TMEntry.target_lang == target_lang).limit(1)).first() is not None


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


#: The columns of a unit row given to ``BulkWriter.insert``, in this order.
IMPORT_COLUMNS = ("source_lang", "target_lang", "source_hash", "source", "target", "origin", "context",
                  "created_by", "created_at", "changed_at", "changed_by", "extra")


class _DriverDates(dict[Any, Any]):
    """datetime -> its driver form, converted on first use (a plain dict look-up after); bounded."""

    def __init__(self, process: Callable[[Any], Any] | None) -> None:
        super().__init__({None: None})
        self._process = process

    def __missing__(self, value: datetime) -> Any:
        if len(self) >= 4096:  # a file of many distinct dates: memory stays flat
            self.clear()
            self[None] = None
        found = self[value] = self._process(value) if self._process is not None else value
        return found


class BulkWriter:
    """Unit rows inserted straight through the session's DB-API connection (large imports), in its transaction.

    SQLAlchemy's per-row parameter handling would cost as much as parsing a TMX file: rows are given
    in ``IMPORT_COLUMNS`` order, already in the driver's form (``dates`` converts a datetime as the
    column's own bind processor does: SQLite's text), to one driver ``executemany`` per batch. On
    SQLite the connection's page cache is raised while the writer is open (``close`` restores it):
    with SQLite's default 2 MiB the pair/source index of a large import is written out and read back
    again and again (0.5 s of system time at 100,000 units; 0.2 s with 8 MiB).
    """

    #: SQLite page cache while importing, KiB: bounded, whatever the file's size.
    SQLITE_CACHE_KIB = 8 * 1024

    def __init__(self, session: Session) -> None:
        conn = session.connection()
        dialect = conn.dialect
        self._cursor = conn.connection.cursor()
        self._sqlite = dialect.name == "sqlite"
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        self._sql = (f"INSERT INTO {TMEntry.__tablename__} ({', '.join(IMPORT_COLUMNS)}) "
                     f"VALUES ({', '.join([mark] * len(IMPORT_COLUMNS))})")
        #: datetime (or None) -> the driver's form for a DateTime column, as the column's own bind
        #: processor makes it (SQLite: text); each distinct value converted once, on first use.
        self.dates = _DriverDates(TMEntry.__table__.c.created_at.type.dialect_impl(dialect).bind_processor(dialect))
        self._cache: int | None = None
        if self._sqlite:
            self._cursor.execute("PRAGMA cache_size")
            row = self._cursor.fetchone()
            self._cache = int(row[0]) if row else None
            self._cursor.execute(f"PRAGMA cache_size = -{self.SQLITE_CACHE_KIB}")

    def insert(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Insert driver-ready rows (``IMPORT_COLUMNS`` order) with one ``executemany``."""
        if rows:
            self._cursor.executemany(self._sql, rows)

    def close(self) -> None:
        """Give the connection its page cache back (it returns to the pool)."""
        try:
            if self._cache is not None:
                self._cursor.execute(f"PRAGMA cache_size = {self._cache}")
        finally:
            self._cursor.close()


def pairs(session: Session) -> list[tuple[str, str, int]]:
    """Every language pair in the memory with its unit count."""
    rows = session.execute(
        select(TMEntry.source_lang, TMEntry.target_lang, func.count())
        .group_by(TMEntry.source_lang, TMEntry.target_lang)
        .order_by(TMEntry.source_lang, TMEntry.target_lang)
    )
    return [(s, t, int(n)) for s, t, n in rows]
