"""The engine result cache: look outputs up by key, store new ones (a second writer's copy is ignored).

A key is (engine, source language, target language, glossary version, SHA-256 of the masked text).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from workbench.store.tables import EngineResult, utcnow

CacheId = tuple[str, str, str, str, str]
_CHUNK = 100  # keys per query: five parameters each, well under SQLite's limit


def lookup(session: Session, keys: Sequence[CacheId]) -> dict[CacheId, str]:
    """The cached output of each key that has one."""
    found: dict[CacheId, str] = {}
    wanted = list(dict.fromkeys(keys))
    columns = (EngineResult.engine, EngineResult.source_lang, EngineResult.target_lang,
               EngineResult.glossary_version, EngineResult.text_hash)
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        condition = or_(*(and_(*(col == value for col, value in zip(columns, key, strict=True))) for key in chunk))
        for row in session.execute(select(*columns, EngineResult.output).where(condition)):
            found[(row[0], row[1], row[2], row[3], row[4])] = row[5]
    return found


def store(session: Session, entries: Sequence[tuple[CacheId, str]]) -> None:
    """Keep new engine outputs; an entry another run stored first is left as it is."""
    unique = dict(entries)
    if not unique:
        return
    now = utcnow()
    rows = [
        {"engine": e, "source_lang": s, "target_lang": t, "glossary_version": g, "text_hash": h,
         "output": output, "created_at": now}
        for (e, s, t, g, h), output in unique.items()
    ]
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(EngineResult).values(rows).on_conflict_do_nothing())
