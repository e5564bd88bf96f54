"""Migration 0010 (glossary review) on a database with work in it: up from 0009 and down again, nothing lost."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from review_fixtures import add_team, ingest_small
from sqlalchemy import func, select, text

from workbench.domain.glossary import Concept
from workbench.services import glossary, review, setup
from workbench.services.app import App
from workbench.store.tables import Event, GlossaryChange, GlossaryTerm, Translation


def counts(app: App) -> tuple[int, int, int]:
    with app.db.read() as session:
        return tuple(int(session.scalar(select(func.count()).select_from(t)) or 0)  # type: ignore[return-value]
                     for t in (GlossaryTerm, Translation, Event))


def test_0010_goes_up_over_existing_work_and_down_without_losing_a_spelling_or_an_event(app: App) -> None:
    setup.init_workbench(app)
    add_team(app, ("tr", "rv", "rv2"))
    keys = ingest_small(app)
    review.edit(app, "rel", keys[0], "es", "Dos dirigentes tártaros de Crimea liberados", "tr")
    before = counts(app)
    assert all(before)

    # Down to 0009: the columns and the table go; on SQLite no copy of a referenced table deletes its rows.
    command.downgrade(app.db._alembic_config(), "0009")
    assert app.db.revision() == "0009" and counts(app) == before
    with app.db.engine.connect() as conn:
        columns = set(conn.execute(text("SELECT * FROM translations LIMIT 0")).keys())
    assert "glossary_changes" not in columns and "glossary_version" not in columns

    # Up again: concepts standing before review are accepted with no change named; init attributes
    # the shipped ones to their files, and the term base drafting reads is the same.
    app.db.migrate()
    assert counts(app) == before
    with app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(GlossaryChange)) == 0
    version = glossary.termbase(app).version
    reloaded = {Path(r["file"]).name: r for r in setup.init_workbench(app)["glossary"]}
    assert (reloaded["names.csv"]["updated"], reloaded["names.csv"]["unchanged"]) == (39, 0)
    assert glossary.termbase(app).version == version
    with app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(GlossaryChange)
                              .where(GlossaryChange.proposed_by == "shipped:names.csv")) == 39
    # and the review works on the upgraded database
    concept = Concept("nariman_dzhelyal", "person", {"fr": "Nariman Djelal", "en": "Nariman Dzhelyal"})
    [change] = glossary.save_concept(app, concept, "rv")["proposed"]
    glossary.accept(app, [change], "rv2")
    assert "nariman_dzhelyal" in glossary.termbase(app).concepts
