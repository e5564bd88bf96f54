"""Drafting a release into a target language (`translate`): memory matches first, the engines for the rest.

The engines' part, through the runner and the glossary-constrained drafter, is services/engine_drafting.py.
"""

from __future__ import annotations

from typing import TypedDict

from workbench.domain import language_tags
from workbench.engines.registry import engine_chain
from workbench.services import memory, users
from workbench.services.app import App
from workbench.services.engine_drafting import (
    DRAFTABLE_STATES,
    FailureJSON,
    GlossarySummaryJSON,
    ProgressCallback,
    draft_with_engines,
    draftable,
    write_draft,
)
from workbench.store import publishing_repo, release_repo
from workbench.store.tables import Segment


class TranslateJSON(TypedDict):
    """`translate --json` (keys of the contract, held by tests/cli).

    The release and target ``lang``; segments ``drafted`` (``memory`` of them from the translation
    memory), ``failed``, and ``skipped`` (human text, or changed meanwhile); the ``engine`` asked
    first (``tm`` when only the memory drafted) and ``engines``, drafts per engine; the
    ``failures`` and what the ``glossary`` did.
    """

    slug: str
    lang: str
    drafted: int
    memory: int
    failed: int
    skipped: int
    engine: str
    engines: dict[str, int]
    failures: list[FailureJSON]
    glossary: GlossarySummaryJSON


def translate_release(
    app: App, slug: str, target: str, engine_name: str | None = None, progress: ProgressCallback | None = None,
    *, user: str,
) -> TranslateJSON:
    """Draft every segment of a release that has no target yet, as ``user``; returns the counts of the contract.

    ``user`` must be an enabled user whose languages cover ``target``; every draft's event names
    the engine (or the memory) as its actor and ``user`` as the one who asked (``details.asked_by``),
    and each group of drafts is written only while ``user`` may still ask: a user disabled during
    a long run stops it at the next group. ``progress`` is called after each engine outcome.
    """
    target = language_tags.check(target, "target language")
    with app.db.read() as session:
        asked_by = users.acting(session, user, "translate", target).name
        release = release_repo.get_release(session, slug)
        source_lang, release_id = release.source_lang, release.id
        segments = release_repo.current_segments(session, release)
        existing = release_repo.translations_by_segment(session, release, target)
        todo = [s for s in segments if s.id not in existing or existing[s.id].state in DRAFTABLE_STATES]
        todo_ids = {s.id: s.source for s in todo}
        language_tags.check_target(target, source_lang, slug)
        # The memory first: exact and in-context matches become drafts; the engine drafts the rest.
        wanted = memory.queries(release, segments, only=todo_ids)
        from_memory = memory.exact_drafts(app, session, source_lang, target, wanted)
    ids = [i for i in todo_ids if i not in from_memory]
    # Chosen before anything is written: a pair no engine serves is refused with nothing changed.
    chain = engine_chain(source_lang, target, app.settings, preferred=engine_name) if ids else []

    skipped = remembered = 0
    details = app.event_details(asked_by=asked_by)
    with app.db.write() as session:
        users.acting(session, user, "translate", target)
        for seg_id, match in from_memory.items():
            segment = session.get(Segment, seg_id)
            assert segment is not None
            tr = draftable(session, segment, target)
            # The memory's text: no glossary was applied to it, no engine's words describe it.
            if tr is None or not write_draft(
                session, tr, origin="tm", text=match.unit.target, details=details,
                comment=f"{match.kind} memory match from {match.unit.origin or 'the memory'}",
            ):  # someone saved it meanwhile
                skipped += 1
                continue
            remembered += 1
    # The engines: drafts are committed in small groups as they arrive (services/engine_drafting.py).
    machine = draft_with_engines(app, source_lang, target, {i: todo_ids[i] for i in ids}, chain, progress,
                                 user=user)
    drafted = machine.drafted + remembered
    if drafted or machine.failed:
        with app.db.write() as session:
            publishing_repo.add_release_event(
                session, release_id, asked_by, "translate", None, None,
                app.event_details(lang=target, engine=machine.engine or "tm", drafted=drafted,
                                  failed=machine.failed),
            )
    return {
        "slug": slug,
        "lang": target,
        "drafted": drafted,
        "memory": remembered,
        "failed": machine.failed,
        "skipped": skipped + machine.skipped + len(segments) - len(todo_ids),
        "engine": machine.engine or "tm",
        "engines": machine.engines,
        "failures": machine.failures,
        "glossary": machine.glossary,
    }
