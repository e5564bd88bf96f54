"""SQLite backups with the online backup API, and checks of a backup file before a restore.

``sqlite3.Connection.backup`` copies a consistent snapshot page by page while other processes go
on reading and writing (WAL mode); copying the file with ``cp`` could catch half a transaction.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from workbench.errors import FormatError, InputError, StorageError
from workbench.files import PRIVATE, replacing
from workbench.store.database import MIGRATIONS, make_private, sqlite_file
from workbench.store.tables import Comment, Event, Release, Segment, SignOff, TMEntry, Translation, User

#: Tables whose rows make a database "not empty" (the shipped glossary alone does not count).
COUNTED = {"releases": Release, "segments": Segment, "translations": Translation, "events": Event,
           "users": User, "signoffs": SignOff, "tm_entries": TMEntry, "comments": Comment}


def sqlite_path(url: str) -> Path:
    """The file behind a sqlite:/// URL."""
    database = sqlite_file(url)
    if not database or database == ":memory:":
        raise InputError(f"{url}: not a SQLite file")
    return Path(database)


def known_revisions() -> set[str]:
    """Every schema revision the migrations know."""
    return {rev.revision for rev in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}


def counts(session: Session) -> dict[str, int]:
    """Row counts of the tables that hold people's work."""
    tables = set(inspect(session.connection()).get_table_names())
    return {name: int(session.scalar(select(func.count()).select_from(table)) or 0)
            for name, table in COUNTED.items() if name in tables}


def backup_sqlite(source: Path, dest: Path, busy_timeout: int) -> None:
    """Copy the live database ``source`` to a new self-contained file ``dest`` (written atomically, 0600:
    it holds password hashes)."""
    try:
        with replacing(dest, mode=PRIVATE) as tmp, closing(sqlite3.connect(source, timeout=busy_timeout)) as src, \
                closing(sqlite3.connect(tmp)) as dst:
            src.backup(dst)
            # One file, no -wal beside it: the backup can be moved and opened anywhere.
            dst.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:
        raise StorageError(f"backup of {source} failed: {exc}") from exc


def check_backup(path: Path) -> str:
    """The schema revision of a backup file; FormatError when it is not a workbench database we know."""
    if not path.is_file():
        raise InputError("no such file", path=str(path))
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            if conn.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise FormatError("the SQLite file is damaged (quick_check failed)", path=str(path))
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" not in tables or "releases" not in tables:
                raise FormatError("not a workbench database (no schema revision)", path=str(path))
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise FormatError(f"not a SQLite database ({exc})", path=str(path)) from exc
    if row is None or row[0] not in known_revisions():
        raise FormatError(f"unknown schema revision {row[0] if row else None!r}: made by a newer workbench?",
                          path=str(path))
    return str(row[0])


def restore_sqlite(backup: Path, dest: Path, busy_timeout: int) -> None:
    """Overwrite the (checked empty, otherwise unused) database file ``dest`` with the backup's content.

    The restored database is made 0600 whatever the empty one's mode was: it holds password hashes.
    """
    try:
        if dest.exists():
            make_private(dest)
        with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as src, \
                closing(sqlite3.connect(dest, timeout=busy_timeout)) as dst:
            # Out of WAL mode first: the copy may change the page size, which WAL forbids, and the
            # empty database's -wal must not outlive it.
            dst.execute("PRAGMA journal_mode=DELETE")
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        make_private(dest)
    except OSError as exc:
        raise StorageError(f"restore into {dest} failed: {exc.strerror or exc}") from exc
    except sqlite3.Error as exc:
        raise StorageError(f"restore into {dest} failed: {exc}") from exc
