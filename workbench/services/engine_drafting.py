"""Drafting by the engines through the runner: the engine chain, the result cache, drafts committed as they arrive.

Each group of outcomes the runner hands back is written in its own short write transaction, and
every segment's state is checked again inside it: a run killed at any moment (even SIGKILL)
leaves only whole groups behind, and the next run drafts exactly the segments still ``new``, so
nothing is drafted twice and no committed draft is lost. This makes `translate` the one command
that is not all-or-nothing: what was drafted before an interruption stays (docs/engines.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict

from sqlalchemy.orm import Session

from workbench.domain import control_chars
from workbench.engines.base import Engine
from workbench.engines.constrained import ConstrainedDrafter
from workbench.engines.runner import CacheKey, Job, Outcome, Progress, Runner, RunPolicy
from workbench.errors import StaleVersionError
from workbench.services import users
from workbench.services.app import App
from workbench.services.glossary import accepted, matcher
from workbench.services.phrases import phrase_matcher
from workbench.store import engine_cache_repo, translation_repo
from workbench.store.tables import Segment, Translation

# Machine drafting never touches text a person wrote or reviewed (docs/review.md, "States").
DRAFTABLE_STATES = ("new",)

ProgressCallback = Callable[[Progress], None]


class FailureJSON(TypedDict):
    """A segment no engine of the chain could draft, and why (the last engine's reason)."""

    segment: str
    reason: str


class UnresolvedJSON(TypedDict):
    """A drafted segment where the glossary's forms of some ``concepts`` could not be placed."""

    segment: str
    concepts: list[str]


class GlossarySummaryJSON(TypedDict):
    """What the glossary did in a drafting run: the concepts ``applied``, and the segments with ``unresolved`` ones."""

    applied: list[str]
    unresolved: list[UnresolvedJSON]


@dataclass(frozen=True)
class EngineDrafts:
    """What the engines drafted in one run (``draft_with_engines``), for `translate` to report.

    Counts: segments ``drafted``, ``failed``, and ``skipped`` (changed by someone meanwhile).
    The chain: ``engine``, its first ("" without one), and ``engines``, drafts per engine.
    What went wrong and what the glossary did: ``failures`` and ``glossary``.
    """

    drafted: int
    failed: int
    skipped: int
    engine: str
    engines: dict[str, int]
    failures: list[FailureJSON]
    glossary: GlossarySummaryJSON
def draftable(session: Session, segment: Segment, target: str) -> Translation | None:
    """The translation of ``segment`` into ``target``, locked (made when there is none), when a draft
    may be written into it (``DRAFTABLE_STATES``); None when a person's text is there."""
    tr = translation_repo.lock_or_create(session, segment, target)
    return tr if tr.state in DRAFTABLE_STATES else None


def write_draft(
    session: Session, tr: Translation, *, origin: str, text: str, comment: str, details: Mapping[str, Any] | None,
    applied: Sequence[str] = (), changes: Sequence[int] = (), glossary_version: str | None = None,
    unresolved: Sequence[str] = (), unknown_words: Sequence[str] | None = None,
) -> bool:
    """Save ``text`` as the draft of ``tr`` (from ``draftable``), by ``engine:<origin>``, with what it
    applied of the glossary (none, for the memory's text) and the words its engine left untranslated
    (None: an engine that does not mark them). False, and nothing written, when a concurrent save won.
    """
    text = control_chars.clean(text)  # an engine's stray control character would break every XML export
    try:
        translation_repo.change(session, tr, actor=f"engine:{origin}", action="draft", target=text, state="draft",
                                origin=origin, comment=comment, details=details)
    except StaleVersionError:  # it changed nothing of ours
        return False
    tr.glossary_applied = ",".join(applied)
    tr.glossary_version = glossary_version
    tr.glossary_changes = ",".join(str(change) for change in changes)
    tr.glossary_unresolved = ",".join(unresolved)
    tr.unknown_words = ",".join(unknown_words) if unknown_words is not None else None
    tr.failure = ""
    return True


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
    unresolved: list[UnresolvedJSON] = field(default_factory=list)
    failures: list[FailureJSON] = field(default_factory=list)
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
            tr = draftable(session, segment, target)
            if tr is None:  # someone saved it while the engine ran
                tally.skipped += 1
                continue
            draft = outcome.draft
            if draft is None:
                tr.failure = outcome.failure[:2000]
                tally.failed += 1
                tally.failures.append({"segment": segment.key, "reason": outcome.failure})
                continue
            note = f"{draft.engine} {source}→{target}" + (" (cached result)" if outcome.cached else "")
            changes = [change for c in draft.applied if (change := tally.glossary_changes.get(c)) is not None]
            if not write_draft(session, tr, origin=draft.engine, text=draft.text, comment=note, details=details,
                               applied=draft.applied, changes=changes, glossary_version=tally.glossary_version,
                               unresolved=draft.unresolved,
                               unknown_words=draft.unknown_words if draft.engine in marking else None):
                tally.skipped += 1
                continue
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
) -> EngineDrafts:
    """Draft the segments ``todo`` (segment id -> source text) with ``chain`` (registry.engine_chain), best first.

    ``user`` (who asked; checked by the caller first) is checked again as each group is written.

    Returns what was drafted (``EngineDrafts``).
    """
    if not todo or not chain:
        return EngineDrafts(drafted=0, failed=0, skipped=0, engine=chain[0].name if chain else "",
                            engines={}, failures=[], glossary={"applied": [], "unresolved": []})
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
    return EngineDrafts(
        drafted=tally.drafted,
        failed=tally.failed,
        skipped=tally.skipped,
        engine=chain[0].name,
        engines=tally.engines,
        failures=tally.failures,
        glossary={"applied": sorted(tally.applied), "unresolved": tally.unresolved},
    )
