"""Backups while the app runs (SQLite's online backup) and restores into an empty database."""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

from workbench.errors import ConflictError, InputError, UnsupportedError
from workbench.services.app import App
from workbench.store import backup as store_backup

PG_RECIPE = "use pg_dump / pg_restore as described in docs/operations.md (Backups)"


class BackupJSON(TypedDict):
    """`backup --json`: the file written, its schema revision and its size in bytes."""

    backup: str
    revision: str
    bytes: int


class RestoreJSON(TypedDict):
    """`restore --json`: the backup restored, into which database (password hidden), the backup's
    revision and the one it was upgraded to, and the row counts of the tables holding people's work."""

    restored: str
    database: str
    backup_revision: str
    revision: str
    counts: dict[str, int]


def _require_sqlite(app: App, what: str) -> Path:
    if not app.db.is_sqlite:
        raise UnsupportedError(f"`workbench {what}` works on SQLite databases; on PostgreSQL {PG_RECIPE}")
    return store_backup.sqlite_path(app.db.url)


def backup(app: App, path: Path) -> BackupJSON:
    """Write a consistent copy of the running SQLite database to a new file ``path``."""
    source = _require_sqlite(app, "backup")
    app.db.require_current()
    if path.exists():
        raise ConflictError(f"{path} exists already: choose a new file name")
    if not path.parent.is_dir():
        raise InputError("no such directory", path=str(path.parent))
    store_backup.backup_sqlite(source, path, app.settings.sqlite_busy_timeout)
    revision = store_backup.check_backup(path)
    return {"backup": str(path), "revision": revision, "bytes": path.stat().st_size}


def restore(app: App, path: Path) -> RestoreJSON:
    """Copy a backup into this database, which must be empty; upgrades it to the newest schema."""
    dest = _require_sqlite(app, "restore")
    revision = store_backup.check_backup(path)
    if dest.exists() and app.db.revision() is not None:
        with app.db.read() as session:
            held = {k: n for k, n in store_backup.counts(session).items() if n}
        if held:
            shown = ", ".join(f"{n} {k}" for k, n in held.items())
            raise ConflictError(f"{app.db.safe_url} is not empty ({shown}): restore into a new database")
    app.db.dispose()  # our own pooled connections must not hold the file during the copy
    store_backup.restore_sqlite(path, dest, app.settings.sqlite_busy_timeout)
    head = app.db.migrate()
    with app.db.read() as session:
        found = store_backup.counts(session)
    return {"restored": str(path), "database": app.db.safe_url, "backup_revision": revision, "revision": head,
            "counts": found}
