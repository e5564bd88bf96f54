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

import os
import tempfile
import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench import __version__
from workbench.domain.tm import MemoryIndex, TMMatch, Unit, context_key, diff, diff_text
from workbench.errors import FormatError, WorkbenchError
from workbench.formats.tmx import ANY_SOURCE, TmUnit, read_tmx, write_tmx
from workbench.services.app import App
from workbench.store import release_repo, tm_repo
from workbench.store.tables import Release, Segment, TMEntry, Translation

#: How many matches `segments --json` and the UI offer per segment.
MATCHES_PER_SEGMENT = 3

_LOCK = threading.Lock()
_INDEXES: dict[tuple[str, str, str], tuple[tuple[int, int], MemoryIndex]] = {}


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


def index_for(app: App, source_lang: str, target_lang: str) -> MemoryIndex:
    """The pair's index, built once per process and brought up to date with units added since."""
    key = (app.db.url, source_lang, target_lang)
    with app.db.read() as session:
        state = tm_repo.pair_state(session, source_lang, target_lang)
        with _LOCK:
            cached = _INDEXES.get(key)
        if cached is not None and cached[0] == state:
            return cached[1]
        if cached is not None and state[0] > cached[0][0]:
            new = tm_repo.units(session, source_lang, target_lang, after_id=cached[0][0])
            if cached[0][1] + len(new) == state[1]:  # only additions since: extend in place
                index = cached[1]
                with _LOCK:
                    for row in new:
                        index.add(_unit(row))
                    _INDEXES[key] = (state, index)
                return index
        index = MemoryIndex.build(_unit(r) for r in tm_repo.units(session, source_lang, target_lang))
    with _LOCK:
        if len(_INDEXES) > 32:  # a long-lived UI process serving many pairs: keep memory bounded
            _INDEXES.clear()
        _INDEXES[key] = (state, index)
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


def match_json(match: TMMatch, current_source: str) -> dict[str, Any]:
    """A match as `segments --json` and the UI show it."""
    return {
        "score": match.score,
        "kind": match.kind,
        "source": match.unit.source,
        "target": match.unit.target,
        "origin": match.unit.origin,
        "diff": [] if match.kind != "fuzzy" else diff(match.unit.source, current_source),
        "diff_text": "" if match.kind != "fuzzy" else diff_text(match.unit.source, current_source),
    }


def segment_matches(
    app: App, session: Session, source_lang: str, target_lang: str, qs: Sequence[SegmentQuery],
    limit: int = MATCHES_PER_SEGMENT,
) -> dict[int, list[dict[str, Any]]]:
    """segment id -> up to ``limit`` matches: in-context and exact first, then fuzzy ones, best first."""
    if not qs:
        return {}
    index = index_for(app, source_lang, target_lang)
    if not len(index):
        return {q.segment_id: [] for q in qs}
    exact = _with_context(index, session, qs)
    min_score = float(app.settings.tm_min_score)
    out: dict[int, list[dict[str, Any]]] = {}
    for q in qs:
        found = exact[q.segment_id][:limit]
        if len(found) < limit:
            fuzzy = [m for m in index.fuzzy(q.source, min_score, limit + 1) if m.unit.origin != q.origin]
            found += fuzzy[: limit - len(found)]
        out[q.segment_id] = [match_json(m, q.source) for m in found]
    return out


def lookup(app: App, text: str, source_lang: str, target_lang: str, limit: int = MATCHES_PER_SEGMENT) -> list[
        dict[str, Any]]:
    """Matches for any text (the UI's memory search): exact ones, then fuzzy ones."""
    index = index_for(app, source_lang, target_lang)
    found = index.exact(text)[:limit]
    if len(found) < limit:
        found += index.fuzzy(text, float(app.settings.tm_min_score), limit - len(found))
    return [match_json(m, text) for m in found]


# --- TMX -----------------------------------------------------------------------------------


def _lang(code: str) -> str:
    """A TMX language code as the workbench names languages: its primary subtag (``fr-FR`` -> ``fr``)."""
    return code.strip().replace("_", "-").split("-")[0].lower()


def import_tmx(app: App, path: Path) -> dict[str, Any]:
    """Import a TMX file atomically: every unit or, on any error, none; pairs known already are not duplicated."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot read ({exc.strerror})", path=str(path)) from None
    units = read_tmx(data, str(path))
    added = known = 0
    pairs: set[str] = set()
    with app.db.write() as session:
        for u in units:
            source_lang, target_lang = _lang(u.source_lang), _lang(u.target_lang)
            if not u.source.strip() or not u.target.strip() or source_lang == target_lang:
                continue  # an untranslated variant is no unit
            origin = f"tmx:{path.name}" + (f"#{u.tuid}" if u.tuid else "")
            row, new = tm_repo.add(session, source_lang, target_lang, u.source, u.target, origin=origin,
                                   created_by=u.author or None)
            if new and u.changed is not None:
                row.created_at = u.changed
            added += new
            known += not new
            pairs.add(f"{source_lang}-{target_lang}")
    return {"file": str(path), "added": added, "known": known, "pairs": sorted(pairs)}


def export_tmx(app: App, path: Path, target_lang: str, source_lang: str | None = None) -> dict[str, Any]:
    """Write the memory's units into ``target_lang`` (from ``source_lang``, default every source) as TMX 1.4b.

    Each ``<tu>`` carries the unit's origin as ``tuid`` (``slug#segment``), its approver as
    ``changeid`` and its approval time as ``changedate``.
    """
    with app.db.read() as session:
        pairs = [(s, t) for s, t, _ in tm_repo.pairs(session) if t == target_lang and source_lang in (None, s)]
        units = [TmUnit(r.source_lang, r.target_lang, r.source, r.target, r.origin or str(r.id), r.created_at,
                        r.created_by or "") for s, t in pairs for r in tm_repo.units(session, s, t)]
    if not units:
        raise WorkbenchError(f"the memory holds no unit into {target_lang!r}"
                             + (f" from {source_lang!r}" if source_lang else ""))
    sources = sorted({u.source_lang for u in units})
    srclang = sources[0] if len(sources) == 1 else ANY_SOURCE
    data = write_tmx(units, srclang, __version__)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return {"file": str(path), "units": len(units), "lang": target_lang, "source_langs": sources}


def stats(app: App) -> dict[str, Any]:
    """Unit counts per language pair."""
    with app.db.read() as session:
        return {"pairs": [{"source": s, "target": t, "units": n} for s, t, n in tm_repo.pairs(session)]}
