"""Backups with SQLite's online backup API, restores into an empty database, and PostgreSQL's refusal."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import make_app
from review_fixtures import add_team, es_text, ingest_small
from sqlalchemy import select

from workbench.errors import ConflictError, FormatError, WorkbenchError
from workbench.services import backup, review
from workbench.services.app import App
from workbench.store.tables import Event, Segment, SignOff, Translation, User


def rows(app: App) -> dict[str, Any]:
    """Every segment, translation, event, user and sign-off, column by column."""
    out = {}
    with app.db.read() as session:
        for table in (Segment, Translation, Event, User, SignOff):
            cols = table.__table__.columns
            out[table.__tablename__] = sorted(tuple(r) for r in session.execute(select(*cols)).all())
    return out


def populated(app: App) -> list[str]:
    add_team(app, ("tr", "rv"))
    keys = ingest_small(app)
    for key in keys:
        review.edit(app, "rel", key, "es", es_text(key), "tr")
    review.approve(app, "rel", keys, "es", "rv")
    review.signoff(app, "rel", "es", "rv")
    review.edit(app, "rel", keys[0], "en", "English text", "tr")
    return keys


def test_backup_while_writing_then_restore_finds_everything(sqlite_app: App, tmp_path: Path) -> None:
    populated(sqlite_app)
    expected = rows(sqlite_app)
    assert len(expected["events"]) == 4 + 4 + 1 and len(expected["translations"]) == 5
    # another process holds the write lock with an uncommitted change: the backup still runs
    # and copies the committed state only
    live = sqlite3.connect(sqlite_app.db.url.removeprefix("sqlite:///"))
    live.isolation_level = None
    live.execute("BEGIN IMMEDIATE")
    live.execute("UPDATE translations SET target = 'half-written'")
    try:
        result = backup.backup(sqlite_app, tmp_path / "copy.db")
    finally:
        live.execute("ROLLBACK")
        live.close()
    assert result["revision"] == sqlite_app.db.revision()
    assert not (tmp_path / "copy.db-wal").exists()

    fresh = make_app(f"sqlite:///{tmp_path / 'restored.db'}", tmp_path)  # initialised, still empty
    restored = backup.restore(fresh, tmp_path / "copy.db")
    assert restored["counts"]["events"] == 9 and restored["counts"]["segments"] == 4
    assert rows(fresh) == expected
    # the restored database works: history, and a new save on top
    key = expected["segments"][0][2]
    assert len(review.history(fresh, "rel", key, "es")["events"]) == 2
    assert review.edit(fresh, "rel", key, "es", "después", "tr", version=2)["version"] == 3
    fresh.db.dispose()


def test_backups_and_restored_databases_are_private(sqlite_app: App, tmp_path: Path) -> None:
    import os
    import stat

    populated(sqlite_app)
    old = os.umask(0o022)
    try:
        backup.backup(sqlite_app, tmp_path / "copy.db")
        fresh = make_app(f"sqlite:///{tmp_path / 'restored.db'}", tmp_path)
        os.chmod(tmp_path / "restored.db", 0o644)  # an empty database an operator made readable
        backup.restore(fresh, tmp_path / "copy.db")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "copy.db").stat().st_mode) == 0o600
    restored = [p for p in tmp_path.iterdir() if p.name.startswith("restored.db")]
    assert restored and {stat.S_IMODE(p.stat().st_mode) for p in restored} == {0o600}, restored
    fresh.db.dispose()


def test_restore_into_a_database_never_initialised(sqlite_app: App, tmp_path: Path) -> None:
    populated(sqlite_app)
    backup.backup(sqlite_app, tmp_path / "copy.db")
    from workbench.config import Settings

    blank = App.open(Settings(database_url=f"sqlite:///{tmp_path / 'blank.db'}"))
    backup.restore(blank, tmp_path / "copy.db")
    assert rows(blank) == rows(sqlite_app)
    blank.db.dispose()


def test_restore_refuses_a_database_in_use(sqlite_app: App, tmp_path: Path) -> None:
    populated(sqlite_app)
    backup.backup(sqlite_app, tmp_path / "copy.db")
    before = rows(sqlite_app)
    with pytest.raises(ConflictError, match=r"is not empty .*4 segments"):
        backup.restore(sqlite_app, tmp_path / "copy.db")
    assert rows(sqlite_app) == before


def test_restore_refuses_files_that_are_not_our_backups(sqlite_app: App, tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("not a database at all, just words " * 200)
    with pytest.raises(FormatError, match=r"notes\.db: not a SQLite database"):
        backup.restore(sqlite_app, text)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(FormatError, match="not a workbench database"):
        backup.restore(sqlite_app, other)
    future = tmp_path / "future.db"
    backup.backup(sqlite_app, future)
    with sqlite3.connect(future) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(FormatError, match="unknown schema revision '9999'"):
        backup.restore(sqlite_app, future)


def test_backup_never_overwrites(sqlite_app: App, tmp_path: Path) -> None:
    (tmp_path / "taken.db").write_bytes(b"precious")
    with pytest.raises(ConflictError, match="exists already"):
        backup.backup(sqlite_app, tmp_path / "taken.db")
    assert (tmp_path / "taken.db").read_bytes() == b"precious"


@pytest.mark.postgres
def test_postgresql_points_to_pg_dump(pg_url: str, tmp_path: Path) -> None:
    app = make_app(pg_url, tmp_path)
    with pytest.raises(WorkbenchError, match=r"pg_dump .*docs/operations\.md"):
        backup.backup(app, tmp_path / "x.db")
    with pytest.raises(WorkbenchError, match=r"pg_dump .*docs/operations\.md"):
        backup.restore(app, tmp_path / "x.db")
    app.db.dispose()
