"""Concordance search (issue 14): a phrase -> the approved source/target pairs that contain it.

The memory holds every approved segment of every release (``services.memory.remember``, with the
release and segment as origin) and every imported unit, so searching it covers "the memory and all
releases". The index (``domain.concordance``) is built once per process and database, and grows
with new units; a withdrawn unit (a rejection) is left out of the answers.
"""

from __future__ import annotations

import threading
from typing import TypedDict

from workbench.domain.concordance import ConcordanceIndex, Pair
from workbench.services.app import App
from workbench.store import tm_repo
from workbench.store.tables import TMEntry

_LOCK = threading.Lock()
_INDEXES: dict[str, tuple[int, ConcordanceIndex]] = {}


class ConcordancePairJSON(TypedDict):
    """An approved pair that contains the phrase: its texts and languages, where it comes from
    (``release`` and ``segment`` for the workbench's own approvals, else None; ``origin`` as stored)
    and the ``date`` (ISO) it was approved or imported."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    release: str | None
    segment: str | None
    origin: str
    date: str


class ConcordanceJSON(TypedDict):
    """The pairs found for a ``phrase``, newest first."""

    phrase: str
    pairs: list[ConcordancePairJSON]


def _pair(row: TMEntry) -> Pair:
    return Pair(row.source, row.target, row.source_lang, row.target_lang, row.origin,
                (row.changed_at or row.created_at).date().isoformat(), row.id)


def index(app: App) -> ConcordanceIndex:
    """The concordance index of this database's memory, with every unit added since it was built.

    New units are found by id (one index lookup, not a count of the table); withdrawn units stay
    in it and ``search`` drops them by checking the ids it returns.
    """
    with app.db.read() as session:
        top = tm_repo.top_id(session)
        with _LOCK:
            cached = _INDEXES.get(app.db.url)
        if cached is not None and cached[0] == top:
            return cached[1]
        if cached is not None and top > cached[0]:
            new = tm_repo.every_unit(session, after_id=cached[0])
            with _LOCK:
                for row in new:
                    cached[1].add(_pair(row))
                _INDEXES[app.db.url] = (top, cached[1])
            return cached[1]
        built = ConcordanceIndex.build(_pair(r) for r in tm_repo.every_unit(session))
    with _LOCK:
        _INDEXES[app.db.url] = (top, built)
    return built


def search(app: App, phrase: str, source_lang: str | None = None, target_lang: str | None = None,
           limit: int = 50) -> ConcordanceJSON:
    """Approved pairs whose source or target contains ``phrase`` (no case, no accents), newest first."""
    idx = index(app)
    found = idx.search(phrase, limit=limit, source_lang=source_lang, target_lang=target_lang)
    with app.db.read() as session:
        standing = tm_repo.existing_ids(session, [p.id for p in found])
    if len(standing) < len(found):  # some were withdrawn (a rejection): look further than the limit
        wider = idx.search(phrase, limit=limit * 4, source_lang=source_lang, target_lang=target_lang)
        with app.db.read() as session:
            standing = tm_repo.existing_ids(session, [p.id for p in wider])
        found = [p for p in wider if p.id in standing][:limit]
    rows: list[ConcordancePairJSON] = []
    for p in found:
        release, _, segment = p.origin.partition("#") if "#" in p.origin else ("", "", "")
        rows.append({"source": p.source, "target": p.target, "source_lang": p.source_lang,
                     "target_lang": p.target_lang, "release": release or None, "segment": segment or None,
                     "origin": p.origin, "date": p.at})
    return {"phrase": phrase, "pairs": rows}
