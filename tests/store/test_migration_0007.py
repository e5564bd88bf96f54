"""Migration 0007 (TMX metadata, TBX statuses and data) goes down and up again without losing a spelling."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from review_fixtures import import_reviewed, operator
from sqlalchemy import func, select

from workbench.services import glossary, memory
from workbench.services.app import App
from workbench.store.tables import GlossaryTerm, TMEntry

DATA = Path(__file__).resolve().parents[1] / "data"


def counts(app: App) -> tuple[int, int]:
    with app.db.read() as session:
        return (session.scalar(select(func.count()).select_from(GlossaryTerm)) or 0,
                session.scalar(select(func.count()).select_from(TMEntry)) or 0)


def test_going_below_0007_keeps_every_term_and_unit(app: App) -> None:
    app.db.migrate()  # no shipped glossary: the fixture's terms would collide with it
    import_reviewed(app, DATA / "tbx_admitted_status.tbx")
    memory.import_tmx(app, DATA / "tmx_notes_props_dates.tmx", user=operator(app))
    before = counts(app)
    assert before[0] > 0 and before[1] == 1
    # On SQLite a batch copy of glossary_concepts would have deleted every glossary_terms row (foreign keys).
    command.downgrade(app.db._alembic_config(), "0006")
    assert app.db.revision() == "0006" and counts(app) == before
    app.db.migrate()
    assert counts(app) == before
    assert glossary.termbase(app).concepts["hrd"].status_of("en", "HRD", False) == "deprecated"  # statuses went
