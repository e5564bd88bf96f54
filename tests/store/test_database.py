"""The store on SQLite and PostgreSQL: migrations, pragmas, atomic writes."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text

from workbench.errors import StorageError
from workbench.services.app import App
from workbench.store.database import Database
from workbench.store.tables import Base, Release


def test_migrations_match_the_tables(app: App) -> None:
    with app.db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diffs == []


def test_migrate_twice_is_harmless(app: App) -> None:
    first = app.db.revision()
    assert app.db.migrate() == first


def test_sqlite_pragmas(sqlite_app: App) -> None:
    with sqlite_app.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000


def test_failed_write_leaves_nothing(app: App) -> None:
    with pytest.raises(RuntimeError), app.db.write() as session:
        session.add(Release(slug="half", title="t", source_lang="fr", source_format="text"))
        session.flush()
        raise RuntimeError("boom")
    with app.db.read() as session:
        assert session.scalars(select(Release)).all() == []


def test_uninitialised_database_is_refused(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(StorageError, match="workbench init"):
        db.require_current()


def test_database_errors_become_storage_errors(app: App) -> None:
    with pytest.raises(StorageError), app.db.read() as session:
        session.execute(text("SELECT * FROM no_such_table"))


def test_a_new_sqlite_database_and_its_wal_and_shm_are_private(tmp_path) -> None:
    import os
    import stat

    old = os.umask(0o022)  # the usual umask, under which SQLite alone creates 0644 files
    try:
        db = Database(f"sqlite:///{tmp_path / 'new.db'}")
        db.migrate()
        with db.write() as session:  # a write keeps the -wal and -shm beside the file while connected
            session.add(Release(slug="r", title="T", source_lang="fr", source_format="text"))
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
        db.dispose()
    finally:
        os.umask(old)
    assert {"new.db", "new.db-wal", "new.db-shm"} <= set(modes), modes
    assert set(modes.values()) == {0o600}, {name: oct(mode) for name, mode in modes.items()}


def _read_only(path, on: bool) -> None:
    """Make ``path`` unwritable (root ignores modes: the immutable attribute), or writable again."""
    import os
    import shutil
    import subprocess

    if os.geteuid() != 0:
        os.chmod(path, 0o400 if on else 0o600)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: no way to make a file read-only")
    done = subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True)
    if done.returncode and on:
        pytest.skip(f"chattr +i refused here: {done.stderr.decode().strip()}")


def test_a_read_only_database_heals_once_it_is_writable_again(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'wb.db'}")
    db.migrate()
    db.dispose()  # the next action opens its connections while the file cannot be written
    _read_only(tmp_path / "wb.db", True)
    try:
        with pytest.raises(StorageError, match=r"cannot be written \(read-only") as refused:
            with db.write() as session:
                session.add(Release(slug="r1", title="T", source_lang="fr", source_format="text"))
        assert str(refused.value).count("\n") == 0
    finally:
        _read_only(tmp_path / "wb.db", False)
    with db.write() as session:  # the same process, no restart: the next action succeeds
        session.add(Release(slug="r2", title="T", source_lang="fr", source_format="text"))
    with db.read() as session:
        assert session.scalars(select(Release.slug)).all() == ["r2"]
    db.dispose()
