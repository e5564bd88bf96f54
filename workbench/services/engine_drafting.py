"""Drafting by the engines through the runner: the engine chain, the result cache, drafts committed as they arrive.

Each group of outcomes the runner hands back is written in its own short write transaction, and
every segment's state is checked again inside it: a run killed at any moment (even SIGKILL)
leaves only whole groups behind, and the next run drafts exactly the segments still ``new``, so
nothing is drafted twice and no committed draft is lost. This makes `translate` the one command
that is not all-or-nothing: what was drafted before an interruption stays (docs/engines.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.engines.base import Engine
from workbench.engines.constrained import ConstrainedDrafter
from workbench.engines.runner import CacheKey, Job, Outcome, Progress, Runner, RunPolicy
from workbench.errors import StaleVersionError
from workbench.services import users
from workbench.services.app import App
from workbench.services.glossary import accepted, matcher
from workbench.services.phrases import phrase_matcher
from workbench.store import engine_cache_repo, translation_repo
from workbench.store.tables import Segment

# Machine drafting never touches text a person wrote or reviewed (docs/review.md, "States").
DRAFTABLE_STATES = ("new",)

ProgressCallback = Callable[[Progress], None]


def _cache_id(key: CacheKey) -> engine_cache_repo.CacheId:
    return (key.engine, key.source, key.target, key.glossary, key.digest)


class StoreCache:
    """The runner's ResultCache over the engine_cache table."""

    def __init__(self, app: App) -> None:
        self.app = app

    def lookup(self, keys: Sequence[CacheKey]) -> dict[CacheKey, str]:
        """Cached outputs by key, read in one short read transaction."""
        with self.app.db.read() as session:
            found = engine_cache_repo.lookup(session, [_cache_id(k) for k in keys])
        return {k: found[_cache_id(k)] for k in keys if _cache_id(k) in found}


@dataclass
class _Tally:
    """What the saved groups did, for the JSON of `translate`."""

    drafted: int = 0
    failed: int = 0
    skipped: int = 0
    engines: dict[str, int] = field(default_factory=dict)
    applied: set[str] = field(default_factory=set)
    unresolved: list[dict[str, Any]] = field(default_factory=list)
    failures: list[dict[str, str]] = field(default_factory=list)
    # The term base the drafts use: its version, and per concept the accepted change it comes from.
    glossary_version: str = ""
    glossary_changes: dict[str, int | None] = field(default_factory=dict)


def _save(
    app: App, target: str, source: str, outcomes: list[Outcome], tally: _Tally, marking: frozenset[str], user: str,
) -> None:
    """Write one group of outcomes in one transaction: drafts, failure reasons and new cache entries.

    ``marking`` names the engines that mark the words they leave untranslated: their drafts record
    them ("" for none); a draft of another engine records nothing (NULL). ``user`` asked for the
    drafts: checked again in each group's transaction, recorded as ``asked_by`` of each event.
    """
    with app.db.write() as session:
        details = app.event_details(asked_by=users.acting(session, user, "translate", target).name)
        engine_cache_repo.store(
            session, [(_cache_id(o.new_cache_entry[0]), o.new_cache_entry[1]) for o in outcomes if o.new_cache_entry]
        )
        for outcome in outcomes:
            segment = session.get(Segment, outcome.key)
            if segment is None:  # the release was replaced while the engine ran
                tally.skipped += 1
                continue
            tr = translation_repo.lock_or_create(session, segment, target)
            if tr.state not in DRAFTABLE_STATES:  # someone saved it while the engine ran
                tally.skipped += 1
                continue
            draft = outcome.draft
            if draft is None:
                tr.failure = outcome.failure[:2000]
                tally.failed += 1
                tally.failures.append({"segment": segment.key, "reason": outcome.failure})
                continue
            note = f"{draft.engine} {source}→{target}" + (" (cached result)" if outcome.cached else "")
            try:
                translation_repo.change(
                    session, tr, actor=f"engine:{draft.engine}", action="draft", target=draft.text,
                    state="draft", origin=draft.engine, comment=note, details=details,
                )
            except StaleVersionError:  # a concurrent save won; it changed nothing of ours
                tally.skipped += 1
                continue
            tr.glossary_applied = ",".join(draft.applied)
            tr.glossary_version = tally.glossary_version
            tr.glossary_changes = ",".join(
                str(change) for c in draft.applied if (change := tally.glossary_changes.get(c)) is not None)
            tr.glossary_unresolved = ",".join(draft.unresolved)
            tr.unknown_words = ",".join(draft.unknown_words) if draft.engine in marking else None
            tr.failure = ""
            tally.drafted += 1
            tally.engines[draft.engine] = tally.engines.get(draft.engine, 0) + 1
            tally.applied.update(draft.applied)
            if draft.unresolved:
                tally.unresolved.append({"segment": segment.key, "concepts": list(draft.unresolved)})


def draft_with_engines(
    app: App,
    source: str,
    target: str,
    todo: dict[int, str],
    chain: Sequence[Engine],
    progress: ProgressCallback | None = None,
    policy: RunPolicy | None = None,
    *,
    user: str,
) -> dict[str, Any]:
    """Draft the segments ``todo`` (segment id -> source text) with ``chain`` (registry.engine_chain), best first.

    ``user`` (who asked; checked by the caller first) is checked again as each group is written.

    Returns ``drafted``, ``failed``, ``skipped`` (changed by someone meanwhile), ``engine`` (the
    first of the chain, "" without one), ``engines`` (drafts per engine), ``failures`` (segment and
    reason) and the glossary summary.
    """
    if not todo or not chain:
        return {"drafted": 0, "failed": 0, "skipped": 0, "engine": chain[0].name if chain else "",
                "engines": {}, "failures": [], "glossary": {"applied": [], "unresolved": []}}
    tb, change_ids = accepted(app)  # one read: the changes named are those of the forms drafted with
    m = matcher(app, tb)
    phrases = phrase_matcher(target)
    drafters = [
        ConstrainedDrafter(e, m, m.termbase, fallback=app.settings.glossary_fallback, phrases=phrases) for e in chain
    ]
    runner = Runner(
        drafters,
        policy or RunPolicy.from_settings(app.settings.engines),
        cache=StoreCache(app),
        glossary_version=m.termbase.version,
    )
    tally = _Tally(glossary_version=m.termbase.version, glossary_changes=change_ids)
    jobs = [Job(seg_id, text) for seg_id, text in todo.items()]
    marking = frozenset(e.name for e in chain if e.marks_unknown)
    runner.run(jobs, source, target, lambda group: _save(app, target, source, group, tally, marking, user), progress)
    return {
        "drafted": tally.drafted,
        "failed": tally.failed,
        "skipped": tally.skipped,
        "engine": chain[0].name,
        "engines": tally.engines,
        "failures": tally.failures,
        "glossary": {"applied": sorted(tally.applied), "unresolved": tally.unresolved},
    }
