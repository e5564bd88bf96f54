"""Machine drafting of a release into a target language, through the glossary-constrained drafter."""

from __future__ import annotations

from typing import Any

from workbench.engines.registry import engine_chain
from workbench.errors import WorkbenchError
from workbench.services import memory
from workbench.services.app import App
from workbench.services.machine_drafting import DRAFTABLE_STATES, ProgressCallback, draft_with_engines
from workbench.store import release_repo, translation_repo
from workbench.store.tables import Segment


def translate_release(
    app: App, slug: str, target: str, engine_name: str | None = None, progress: ProgressCallback | None = None
) -> dict[str, Any]:
    """Draft every segment of a release that has no target yet; returns the counts of the contract.

    ``progress`` is called after each engine outcome (the CLI's progress bar, the UI's).
    """
    with app.db.read() as session:
        release = release_repo.get_release(session, slug)
        source_lang = release.source_lang
        segments = release_repo.current_segments(session, release)
        existing = release_repo.translations_by_segment(session, release, target)
        todo = [s for s in segments if s.id not in existing or existing[s.id].state in DRAFTABLE_STATES]
        todo_ids = {s.id: s.source for s in todo}
        if target == source_lang:
            raise WorkbenchError(f"{slug!r} is written in {target!r} already: choose another target language")
        # The memory first: exact and in-context matches become drafts; the engine drafts the rest.
        wanted = memory.queries(release, segments, only=todo_ids)
        from_memory = memory.exact_drafts(app, session, source_lang, target, wanted)
    ids = [i for i in todo_ids if i not in from_memory]
    # Chosen before anything is written: a pair no engine serves is refused with nothing changed.
    chain = engine_chain(source_lang, target, app.settings, preferred=engine_name) if ids else []

    skipped = remembered = 0
    with app.db.write() as session:
        for seg_id, match in from_memory.items():
            segment = session.get(Segment, seg_id)
            assert segment is not None
            tr = translation_repo.lock_or_create(session, segment, target)
            if tr.state not in DRAFTABLE_STATES:  # someone saved it meanwhile
                skipped += 1
                continue
            translation_repo.change(
                session, tr, actor="engine:tm", action="draft", target=match.unit.target, state="draft", origin="tm",
                comment=f"{match.kind} memory match from {match.unit.origin or 'the memory'}",
            )
            tr.glossary_applied = tr.glossary_unresolved = tr.failure = tr.glossary_changes = ""
            tr.glossary_version = None  # the memory's text: no glossary was applied to it
            tr.unknown_words = None  # the memory's text: no engine's words describe it
            remembered += 1
    # The engines: drafts are committed in small groups as they arrive (services/machine_drafting.py).
    machine = draft_with_engines(app, source_lang, target, {i: todo_ids[i] for i in ids}, chain, progress)
    return {
        "slug": slug,
        "lang": target,
        "drafted": machine["drafted"] + remembered,
        "memory": remembered,
        "failed": machine["failed"],
        "skipped": skipped + machine["skipped"] + len(segments) - len(todo_ids),
        "engine": machine["engine"] or "tm",
        "engines": machine["engines"],
        "failures": machine["failures"],
        "glossary": machine["glossary"],
    }
