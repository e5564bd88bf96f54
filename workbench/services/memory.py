"""The translation memory as use cases: remember approvals, draft from memory, offer matches, TMX exchange.

Every approved segment enters the memory of its language pair with its provenance (release slug
and segment id as ``origin``, the approving reviewer as ``created_by``); withdrawing the approval
(unapprove, reject) takes the unit out again. An exact match whose origin segment had the same
neighbours as the segment being drafted is an *in-context* match and is preferred; exact matches
become drafts with origin ``tm``; fuzzy matches (``WORKBENCH_TM_MIN_SCORE``, default 75) are offered
with a diff of their source against the current one. Indexes are kept per process and pair, and
grow with new units without a rebuild.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench import __version__
from workbench.domain import language_tags
from workbench.domain.language_tags import base, same
from workbench.domain.tm import MemoryIndex, TMMatch, Unit, context_key, diff, diff_text, key_hash, normalise
from workbench.errors import FormatError, NotFoundError
from workbench.files import write_file
from workbench.formats.tmx import ANY_SOURCE, TmUnit, TmxField, TmxReader, write_tmx
from workbench.services import users
from workbench.services.app import App
from workbench.services.memo import Memo
from workbench.store import reads, release_repo, tm_repo
from workbench.store.tables import Release, Segment, TMEntry, Translation, utcnow

#: How many matches `segments --json` and the UI offer per segment.
MATCHES_PER_SEGMENT = 3


class MatchJSON(TypedDict):
    """A memory match as `segments --json` and the UI show it.

    ``score`` (100 for exact and in-context), ``kind`` (``in-context``, ``exact``, ``fuzzy``); the
    unit's ``source``, ``target`` and ``origin``; for a fuzzy match, ``diff`` (``[{"op", "text"}]``,
    from the unit's source to the current one) and ``diff_text`` (the same as one line), else empty.
    """

    score: float
    kind: str
    source: str
    target: str
    origin: str
    diff: list[dict[str, str]]
    diff_text: str


class TmxImportJSON(TypedDict):
    """`tm import --json`: the file, units ``added`` and ``known`` already, the pairs seen (``fr>es``),
    and the units ``skipped`` (no source language) with a ``warnings`` line for each."""

    file: str
    added: int
    known: int
    pairs: list[str]
    skipped: int
    warnings: list[str]


class TmxExportJSON(TypedDict):
    """`tm export --json`: the file written, how many units, the target language and the source languages."""

    file: str
    units: int
    lang: str
    source_langs: list[str]


class PairCountJSON(TypedDict):
    """One language pair of the memory and its unit count."""

    source: str
    target: str
    units: int


class MemoryStatsJSON(TypedDict):
    """The memory's language pairs with their unit counts."""

    pairs: list[PairCountJSON]

_LOCK = threading.Lock()
_INDEXES: dict[tuple[str, str, str], tuple[tuple[tuple[tuple[str, str], ...], tuple[int, int]], MemoryIndex]] = {}


def origin_of(release: Release, segment: Segment) -> str:
    """The provenance a segment leaves on the units it puts in the memory: ``slug#segment-id``."""
    return f"{release.slug}#{segment.key}"


# --- approvals -----------------------------------------------------------------------------


def remember(session: Session, release: Release, segment: Segment, tr: Translation, actor: str) -> bool:
    """Put an approved translation in the memory (inside the approval's transaction); False if known already."""
    if not tr.target or not tr.target.strip():
        return False
    # The context is kept with the unit: a later update of the origin release must not lose it.
    context = context_key(*release_repo.neighbours(session, segment)) if segment.position is not None else ""
    _, added = tm_repo.add(session, release.source_lang, tr.lang, segment.source, tr.target,
                           origin=origin_of(release, segment), created_by=actor, context=context)
    return added


def forget(session: Session, release: Release, segment: Segment, lang: str, target: str | None) -> int:
    """Take back the unit an approval of this segment put in the memory (its approval was withdrawn)."""
    if not target:
        return 0
    return tm_repo.withdraw(session, release.source_lang, lang, segment.source, target, origin_of(release, segment))


# --- the index -----------------------------------------------------------------------------


def _unit(row: TMEntry) -> Unit:
    return Unit(row.id, row.source, row.target, context=row.context, origin=row.origin)


def matching_pairs(stored: Collection[tuple[str, str]], source_lang: str | None,
                   target_lang: str) -> list[tuple[str, str]]:
    """The stored pairs that serve a query (``source_lang`` None: any source), by language_tags' rule.

    A code without a region takes every variety of its language (``fr`` takes ``fr``, ``fr-CA``,
    ``fr-FR``); a code with one takes that very variety when the memory has it, else every
    variety of its base language (``fr-CA`` falls back to ``fr`` and ``fr-FR``).
    """
    def choose(codes: set[str], wanted: str) -> set[str]:
        exact = {c for c in codes if same(c, wanted)}
        if exact and "-" in wanted:
            return exact
        return {c for c in codes if base(c) == base(wanted)}

    sources = {s for s, _ in stored}
    chosen_sources = sources if source_lang is None else choose(sources, source_lang)
    targets = {t for s, t in stored if s in chosen_sources}
    chosen_targets = choose(targets, target_lang)
    return sorted((s, t) for s, t in stored if s in chosen_sources and t in chosen_targets)


_PAIRS: dict[str, tuple[tuple[int, int], list[tuple[str, str]]]] = {}


def _stored_pairs(app: App, session: Session) -> list[tuple[str, str]]:
    """Every (source, target) pair of the memory, looked up again only when the memory changed."""
    state = tm_repo.table_state(session)
    with _LOCK:
        cached = _PAIRS.get(app.db.url)
    if cached is not None and cached[0] == state:
        return cached[1]
    found = [(s, t) for s, t, _ in tm_repo.pairs(session)]
    with _LOCK:
        _PAIRS[app.db.url] = (state, found)
    return found


def index_for(app: App, source_lang: str, target_lang: str) -> MemoryIndex:
    """The query pair's index (every stored pair that serves it), built once per process and extended with new units."""
    key = (app.db.url, source_lang, target_lang)
    with app.db.read() as session:
        pairs = tuple(matching_pairs(_stored_pairs(app, session), source_lang, target_lang))
        state = tm_repo.pairs_state(session, pairs)
        with _LOCK:
            cached = _INDEXES.get(key)
        if cached is not None and cached[0] == (pairs, state):
            return cached[1]
        if cached is not None and cached[0][0] == pairs and state[0] > cached[0][1][0]:
            new = tm_repo.units_of(session, pairs, after_id=cached[0][1][0])
            if cached[0][1][1] + len(new) == state[1]:  # only additions since: extend in place
                index = cached[1]
                with _LOCK:
                    for row in new:
                        index.add(_unit(row))
                    _INDEXES[key] = ((pairs, state), index)
                return index
        index = MemoryIndex.build(_unit(r) for r in tm_repo.units_of(session, pairs))
    with _LOCK:
        if len(_INDEXES) > 32:  # a long-lived UI process serving many pairs: keep memory bounded
            _INDEXES.clear()
        _INDEXES[key] = ((pairs, state), index)
    return index


def _origin_contexts(session: Session, origins: set[str]) -> dict[str, str]:
    """origin ``slug#key`` -> the context key of that segment's neighbours in its release, where it still stands."""
    out: dict[str, str] = {}
    by_slug: dict[str, set[str]] = {}
    for origin in origins:
        slug, sep, key = origin.partition("#")
        if sep and key:
            by_slug.setdefault(slug, set()).add(key)
    for slug, keys in by_slug.items():
        rows = session.execute(
            select(Segment.key, Segment.source)
            .join(Release)
            .where(Release.slug == slug, Segment.position.is_not(None))
            .order_by(Segment.position)
        ).all()
        for i, (key, _) in enumerate(rows):
            if key in keys:
                prev = rows[i - 1][1] if i > 0 else None
                nxt = rows[i + 1][1] if i + 1 < len(rows) else None
                out[f"{slug}#{key}"] = context_key(prev, nxt)
    return out


@dataclass(frozen=True)
class SegmentQuery:
    """A segment as the memory is asked about it: id, source, neighbours' context, and its own origin."""

    segment_id: int
    source: str
    context: str
    origin: str


def queries(release: Release, segments: Sequence[Segment], only: Collection[int] | None = None) -> list[SegmentQuery]:
    """One query per current segment (or per segment whose id is in ``only``), with the context of its neighbours."""
    out = []
    for i, seg in enumerate(segments):
        if only is not None and seg.id not in only:
            continue
        prev = segments[i - 1].source if i > 0 else None
        nxt = segments[i + 1].source if i + 1 < len(segments) else None
        out.append(SegmentQuery(seg.id, seg.source, context_key(prev, nxt), origin_of(release, seg)))
    return out


def _with_context(index: MemoryIndex, session: Session, qs: Sequence[SegmentQuery]) -> dict[int, list[TMMatch]]:
    """segment id -> its exact matches (never its own unit), in-context ones first."""
    exact = {q.segment_id: [m for m in index.exact(q.source) if m.unit.origin != q.origin] for q in qs}
    # A unit's own context when it has one; older units' through their origin, where it still stands.
    contexts = _origin_contexts(session, {m.unit.origin for ms in exact.values() for m in ms if not m.unit.context})
    out: dict[int, list[TMMatch]] = {}
    for q in qs:
        found = exact[q.segment_id]
        in_context = [TMMatch(m.unit, 100.0, "in-context") for m in found
                      if (m.unit.context or contexts.get(m.unit.origin)) == q.context]
        ids = {m.unit.id for m in in_context}
        out[q.segment_id] = in_context + [m for m in found if m.unit.id not in ids]
    return out


def exact_drafts(
    app: App, session: Session, source_lang: str, target_lang: str, qs: Sequence[SegmentQuery]
) -> dict[int, TMMatch]:
    """segment id -> the memory unit to draft it from (in-context first, else the newest exact match)."""
    if not qs:
        return {}
    index = index_for(app, source_lang, target_lang)
    if not len(index):
        return {}
    return {sid: found[0] for sid, found in _with_context(index, session, qs).items() if found}


@lru_cache(maxsize=20_000)
def _fuzzy_diff(old: str, new: str) -> tuple[tuple[tuple[str, str], ...], str]:
    """A fuzzy match's differences from its source to the current one, and as one line.

    Kept per pair of texts (the result depends on nothing else): the editor shows the same matches
    at every rerun, and the character diffs are the costly part of a page of matches.
    """
    return tuple((d["op"], d["text"]) for d in diff(old, new)), diff_text(old, new)


def match_json(match: TMMatch, current_source: str) -> MatchJSON:
    """A match as `segments --json` and the UI show it."""
    ops, line = _fuzzy_diff(match.unit.source, current_source) if match.kind == "fuzzy" else ((), "")
    return {
        "score": match.score,
        "kind": match.kind,
        "source": match.unit.source,
        "target": match.unit.target,
        "origin": match.unit.origin,
        "diff": [{"op": op, "text": text} for op, text in ops],
        "diff_text": line,
    }


class Lookups:
    """The memory's answers to the pages' queries, for one state of the memory (``stamp``).

    Kept under everything an answer depends on besides the memory's units: the language pair, the
    minimum score, how many matches, the segment's source and its own origin (never offered its
    own unit). The UI keeps one ``Lookups`` per memory stamp (``ui/resources.py``), so a rerun asks
    the index for nothing it asked already, and an approval, a withdrawal or an import anywhere (a new
    stamp) is looked up afresh. What is kept is the index's answer, not the page's: which exact match
    is *in context* depends on the segment's neighbours and, for a unit without a context of its own,
    on its origin's neighbours today, so that is decided again at each call.
    """

    def __init__(self) -> None:
        self.found: Memo[tuple[tuple[TMMatch, ...], tuple[TMMatch, ...]]] = Memo()


def stamp(app: App) -> str:
    """A cheap key that changes whenever the memory does (one query through the driver; for ``Lookups``)."""
    with app.db.reader() as reader:
        return f"{app.db.url}|{reads.memory_stamp(reader)}"


def segment_matches(
    app: App, source_lang: str, target_lang: str, qs: Sequence[SegmentQuery], limit: int = MATCHES_PER_SEGMENT,
    *, lookups: Lookups | None = None,
) -> dict[int, list[MatchJSON]]:
    """segment id -> up to ``limit`` matches: in-context and exact first, then fuzzy ones, best first.

    ``lookups``: the index's answers kept for the memory's current stamp (the UI's); by default this
    call's own. Read the stamp before the ``Lookups`` it keys: what is kept is then never older than it."""
    if not qs:
        return {}
    kept = lookups or Lookups()
    min_score = float(app.settings.tm_min_score)
    index: MemoryIndex | None = None

    def ask(q: SegmentQuery) -> tuple[tuple[TMMatch, ...], tuple[TMMatch, ...]]:
        nonlocal index
        if index is None:
            index = index_for(app, source_lang, target_lang)
        exact = tuple(m for m in index.exact(q.source) if m.unit.origin != q.origin)
        if len(exact) >= limit or not len(index):
            return exact, ()
        fuzzy = [m for m in index.fuzzy(q.source, min_score, limit + 1) if m.unit.origin != q.origin]
        return exact, tuple(fuzzy[: limit - len(exact)])

    answers = {q.segment_id: kept.found.get((source_lang, target_lang, min_score, limit, q.source, q.origin),
                                            partial(ask, q)) for q in qs}
    # A unit's own context when it has one; older units' through their origin, where it stands now.
    older = {m.unit.origin for exact, _ in answers.values() for m in exact if not m.unit.context}
    contexts: dict[str, str] = {}
    if older:
        with app.db.read() as session:
            contexts = _origin_contexts(session, older)
    out: dict[int, list[MatchJSON]] = {}
    for q in qs:
        exact, fuzzy = answers[q.segment_id]
        in_context = [TMMatch(m.unit, 100.0, "in-context") for m in exact
                      if (m.unit.context or contexts.get(m.unit.origin)) == q.context]
        ids = {m.unit.id for m in in_context}
        found = [*in_context, *(m for m in exact if m.unit.id not in ids)][:limit]
        out[q.segment_id] = [match_json(m, q.source) for m in [*found, *fuzzy[: limit - len(found)]]]
    return out


def lookup(app: App, text: str, source_lang: str, target_lang: str,
           limit: int = MATCHES_PER_SEGMENT) -> list[MatchJSON]:
    """Matches for any text (the UI's memory search): exact ones, then fuzzy ones."""
    index = index_for(app, source_lang, target_lang)
    found = index.exact(text)[:limit]
    if len(found) < limit:
        found += index.fuzzy(text, float(app.settings.tm_min_score), limit - len(found))
    return [match_json(m, text) for m in found]


# --- TMX -----------------------------------------------------------------------------------

#: Units inserted per statement while importing: large enough for speed, small enough to keep memory flat.
IMPORT_BATCH = 5000


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # one encoder: json.dumps makes one a call


def _extra(u: TmUnit, cache: dict[tuple[TmxField, ...], str]) -> str:
    """What a TMX unit says beyond its texts, dates and tuid (its notes, props, inline codes), as stored JSON.

    Units of one file mostly repeat their props and notes (the file, the project, the client): each
    distinct set is encoded once, in ``cache`` (the import bounds it). Inline codes are the unit's
    own text: a unit with them is encoded alone, never cached.
    """
    if u.source_markup or u.target_markup:
        return _encode_extra(u)
    if not u.fields:
        return ""
    found = cache.get(u.fields)
    if found is None:
        if len(cache) >= _EXTRA_CACHE:  # a file of distinct notes: memory stays flat
            cache.clear()
        found = cache[u.fields] = _encode_extra(u)
    return found


_EXTRA_CACHE = 1024


def _encode_extra(u: TmUnit) -> str:
    extra: dict[str, Any] = {}
    if u.fields:
        extra["fields"] = [[f.kind, f.text, f.type, f.lang, f.level] for f in u.fields]
    if u.source_markup:
        extra["source_markup"] = u.source_markup
    if u.target_markup:
        extra["target_markup"] = u.target_markup
    return _JSON.encode(extra) if extra else ""


def _from_extra(row: TMEntry) -> dict[str, Any]:
    try:
        extra = json.loads(row.extra) if row.extra else {}
    except ValueError:
        return {}
    return extra if isinstance(extra, dict) else {}


def _tm_unit(row: TMEntry) -> TmUnit:
    """A stored unit as TMX writes it: the metadata it came with, or the workbench's provenance."""
    extra = _from_extra(row)
    fields = tuple(TmxField(*f) for f in extra.get("fields", ()) if isinstance(f, list) and len(f) == 5)
    # An imported unit's origin is tmx:FILE#TUID: its own tuid goes back out.
    tuid = row.origin.partition("#")[2] if row.origin.startswith("tmx:") else row.origin or str(row.id)
    return TmUnit(row.source_lang, row.target_lang, row.source, row.target, tuid,
                  changed=row.changed_at or row.created_at, author=row.changed_by or row.created_by or "",
                  created=row.created_at, creator=row.created_by or "", fields=fields,
                  source_markup=extra.get("source_markup", ""), target_markup=extra.get("target_markup", ""))


#: Slots of the import's filter of seen keys (one byte each: 4 MiB, whatever the file's size).
_SEEN_SLOTS = 1 << 22


def _write_batch(session: Session, writer: tm_repo.BulkWriter, batch: list[tuple[Any, ...]], target_keys: list[str],
                 doubtful: list[int]) -> int:
    """Insert the rows of ``batch`` (``tm_repo.IMPORT_COLUMNS`` order) but the repeats; how many were inserted.

    Only the rows at the indexes ``doubtful`` may repeat a stored unit or an earlier row (same pair,
    source and normalised target, ``target_keys[i]``): their sources are looked up in the store
    (this import's earlier batches included) and compared in order with the batch's rows before them.
    """
    if doubtful:
        asked: dict[tuple[str, str], set[str]] = {}
        for i in doubtful:
            asked.setdefault((batch[i][0], batch[i][1]), set()).add(batch[i][2])
        # Looked up per batch, not kept for the whole file: memory stays flat on large imports.
        stored = {pair: tm_repo.existing_keys(session, pair[0], pair[1], hashes) for pair, hashes in asked.items()}
        doubts = set(doubtful)
        kept = []
        for i, row in enumerate(batch):
            hashes = asked.get((row[0], row[1]))
            if hashes is not None and row[2] in hashes:  # shares its source with a doubtful row
                known, key = stored[(row[0], row[1])], (row[2], target_keys[i])
                if i in doubts and key in known:
                    continue
                known.add(key)
            kept.append(row)
        batch = kept
    writer.insert(batch)
    return len(batch)


def import_tmx(app: App, path: Path, *, user: str) -> TmxImportJSON:
    """Import a TMX file atomically and as a stream, as ``user``: every unit or, on any error, none.

    Only an enabled reviewer or admin imports (the memory's units become drafts in every
    language). Pairs known already are not duplicated; units without their source language are
    skipped and reported in ``skipped``/``warnings``; notes, props, dates, creation ids and inline
    codes are kept.
    """
    users.check_acting(app, user, "memory")
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise FormatError(f"cannot read ({exc.strerror})", path=str(path)) from exc
    with stream, app.db.write() as session:
        users.acting(session, user, "memory")
        reader = TmxReader(stream, str(path))
        writer = tm_repo.BulkWriter(session)
        try:
            added, known, pairs = _import_units(session, writer, reader, f"tmx:{path.name}")
        finally:
            writer.close()
    return {"file": str(path), "added": added, "known": known, "pairs": pairs,
            "skipped": len(reader.skipped), "warnings": [f"line {w.line}: {w.message}" for w in reader.skipped]}


def _import_units(session: Session, writer: tm_repo.BulkWriter, units: Iterable[TmUnit],
                  origin: str) -> tuple[int, int, list[str]]:
    """Write the translated units of ``units`` but the repeats, in batches: (added, known, pairs ``s>t``).

    The loop is the import's hot path (benchmarks/tmx_import.py): one tuple per unit, already in
    the driver's form.
    """
    added = rows = 0
    dates = writer.dates
    now = dates[utcnow()]
    # pair -> whether the memory held none of its units before this import: then only this file's
    # earlier units can be repeated. Which may be is told by a filter of the keys seen (a set of them
    # would grow with the file; asking the store costs a query per 500 units): one byte per slot of
    # the key's hash, so a unit whose slot is unmarked is certainly new, and the few whose slot is
    # marked (a repeat, or another key in the same slot: two or three units in a hundred at 100,000)
    # are looked up in the store.
    fresh: dict[tuple[str, str], bool] = {}
    seen = bytearray(_SEEN_SLOTS)
    mask = _SEEN_SLOTS - 1
    batch: list[tuple[Any, ...]] = []
    target_keys: list[str] = []
    doubtful: list[int] = []
    extras: dict[tuple[TmxField, ...], str] = {}
    for u in units:
        # one unpacking, not a named field look-up each (TmUnit's order)
        (source_lang, target_lang, text, target, tuid, changed, author, created, creator, fields, source_markup,
         target_markup) = u
        source, target_key = normalise(text), normalise(target)
        if not source or not target_key or source_lang == target_lang:
            continue  # an untranslated variant is no unit
        pair = (source_lang, target_lang)
        is_fresh = fresh.get(pair)
        if is_fresh is None:  # first seen (none of its rows is in the batch yet): did the memory hold it?
            is_fresh = fresh[pair] = not tm_repo.holds_pair(session, *pair)
        slot = hash((pair, source, target_key)) & mask
        if not is_fresh or seen[slot]:
            doubtful.append(len(batch))
        seen[slot] = 1
        # in tm_repo.IMPORT_COLUMNS order
        batch.append((source_lang, target_lang, key_hash(source), source, target,
                      f"{origin}#{tuid}" if tuid else origin, "", creator or author or None,
                      dates[created or changed] or now, dates[changed], author or None,
                      _extra(u, extras) if fields or source_markup or target_markup else ""))
        target_keys.append(target_key)
        if len(batch) >= IMPORT_BATCH:
            added, rows = added + _write_batch(session, writer, batch, target_keys, doubtful), rows + len(batch)
            batch, target_keys, doubtful = [], [], []
    added, rows = added + _write_batch(session, writer, batch, target_keys, doubtful), rows + len(batch)
    return added, rows - added, sorted(f"{s}>{t}" for s, t in fresh)


def export_tmx(app: App, path: Path, target_lang: str, source_lang: str | None = None) -> TmxExportJSON:
    """Write the memory's units into ``target_lang`` (from ``source_lang``, default every source) as TMX 1.4b.

    Each ``<tu>`` carries the unit's tuid (its origin, ``slug#segment``, for the workbench's own units),
    its creation and change dates and ids, and the notes, props and inline codes it was imported with.
    """
    target_lang = language_tags.check(target_lang, "target language")
    if source_lang is not None:
        source_lang = language_tags.check(source_lang, "source language")
    with app.db.read() as session:
        pairs = matching_pairs([(s, t) for s, t, _ in tm_repo.pairs(session)], source_lang, target_lang)
        units = [_tm_unit(r) for r in tm_repo.units_of(session, pairs)]
    if not units:
        raise NotFoundError(f"the memory holds no unit into {target_lang!r}"
                             + (f" from {source_lang!r}" if source_lang else ""))
    sources = sorted({u.source_lang for u in units})
    srclang = sources[0] if len(sources) == 1 else ANY_SOURCE
    data = write_tmx(units, srclang, __version__)
    write_file(path, data)
    return {"file": str(path), "units": len(units), "lang": target_lang, "source_langs": sources}


def stats(app: App) -> MemoryStatsJSON:
    """Unit counts per language pair."""
    with app.db.read() as session:
        return {"pairs": [{"source": s, "target": t, "units": n} for s, t, n in tm_repo.pairs(session)]}
