"""Machine drafting of a release into a target language, through the glossary-constrained drafter."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from workbench.engines.constrained import ConstrainedDrafter
from workbench.engines.registry import engine_for
from workbench.errors import WorkbenchError
from workbench.services.app import App
from workbench.services.glossary import matcher
from workbench.store import release_repo, translation_repo
from workbench.store.tables import Segment, Translation

# Machine drafting never touches text a person wrote or reviewed (DESIGN §5).
DRAFTABLE_STATES = ("new",)


def translate_release(app: App, slug: str, target: str, engine_name: str | None = None) -> dict[str, Any]:
    """Draft every segment of a release that has no target yet; returns the counts of the contract."""
    with app.db.read() as session:
        release = release_repo.get_release(session, slug)
        source_lang = release.source_lang
        segments = release_repo.current_segments(session, release)
        existing = release_repo.translations_by_segment(session, release, target)
        todo = [s for s in segments if s.id not in existing or existing[s.id].state in DRAFTABLE_STATES]
        todo_ids = {s.id: s.source for s in todo}
    if target == source_lang:
        raise WorkbenchError(f"{slug!r} is written in {target!r} already: choose another target language")
    engine = engine_for(source_lang, target, app.settings, preferred=engine_name)
    m = matcher(app)
    drafter = ConstrainedDrafter(engine, m, m.termbase, fallback=app.settings.glossary_fallback)
    ids = list(todo_ids)
    drafts = drafter.draft([todo_ids[i] for i in ids], source_lang, target) if ids else []

    drafted = skipped = 0
    applied: set[str] = set()
    unresolved: list[dict[str, Any]] = []
    with app.db.write() as session:
        for seg_id, draft in zip(ids, drafts, strict=True):
            segment = session.get(Segment, seg_id)
            assert segment is not None
            tr = session.scalar(
                select(Translation)
                .where(Translation.segment_id == seg_id, Translation.lang == target)
                .with_for_update()
            ) or translation_repo.get_or_create(session, segment, target)
            if tr.state not in DRAFTABLE_STATES:  # someone saved it while the engine ran
                skipped += 1
                continue
            translation_repo.change(
                session, tr, actor=f"engine:{draft.engine}", action="draft", target=draft.text,
                state="draft", origin=draft.engine,
            )
            tr.glossary_applied = ",".join(draft.applied)
            tr.glossary_unresolved = ",".join(draft.unresolved)
            tr.failure = ""
            applied.update(draft.applied)
            if draft.unresolved:
                unresolved.append({"segment": segment.key, "concepts": list(draft.unresolved)})
            drafted += 1
    return {
        "slug": slug,
        "lang": target,
        "drafted": drafted,
        "failed": 0,
        "skipped": skipped + len(segments) - len(ids),
        "engine": engine.name,
        "glossary": {"applied": sorted(applied), "unresolved": unresolved},
    }
