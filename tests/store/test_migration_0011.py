"""Migration 0011 (memory ids never reused) on a memory with units in it: down to 0010 and up again, nothing lost."""

from __future__ import annotations

from alembic import command
from sqlalchemy import select, text

from workbench.services.app import App
from workbench.store import tm_repo
from workbench.store.tables import TMEntry


def units(app: App) -> list[tuple[int, str, str, str]]:
    with app.db.read() as session:
        rows = session.scalars(select(TMEntry).order_by(TMEntry.id))
        return [(u.id, u.source_lang, u.source, u.target) for u in rows]


def test_0011_keeps_every_unit_and_its_id_and_no_id_is_given_twice_after_it(app: App) -> None:
    with app.db.write() as session:
        for n, (fr, en) in enumerate([("Le Mejlis est interdit.", "The Mejlis is banned."),
                                      ("Ilmi Oumerov a été libéré.", "Ilmi Umerov was freed."),
                                      ("Akhtem Tchigoz a été libéré.", "Akhtem Chiygoz was freed.")]):
            tm_repo.add(session, "fr", "en", fr, en, origin=f"rel/{n}", created_by="rv")
    before = units(app)
    command.downgrade(app.db._alembic_config(), "0010")
    assert app.db.revision() == "0010" and units(app) == before
    app.db.migrate()
    assert units(app) == before
    if app.db.engine.dialect.name == "sqlite":
        with app.db.engine.connect() as conn:
            sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'tm_entries'")).scalar_one()
            index = conn.execute(text("SELECT name FROM sqlite_master WHERE tbl_name = 'tm_entries' "
                                      "AND type = 'index'")).scalars().all()
        assert "AUTOINCREMENT" in sql and index == ["ix_tm_pair_source"]
    top = before[-1]
    with app.db.write() as session:
        assert tm_repo.withdraw(session, "fr", "en", top[2], top[3], "rel/2") == 1
        again, _ = tm_repo.add(session, "fr", "en", top[2], top[3], origin="tmx:old.tmx", created_by=None)
    assert again.id > top[0]
