"""The database handle: engines for SQLite (WAL, busy timeout, foreign keys) and PostgreSQL, sessions, migrations.

Alembic is imported only to migrate: importing it costs about half a second (it loads every
dialect's DDL support), and every command checks the schema revision before it runs, so that check
reads the version table and the migration files itself.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from workbench.config import redacted_url
from workbench.errors import StorageError, WorkbenchError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"  # Alembic's default, which migrations/env.py keeps
_REVISION = re.compile(r"^revision\s*(?::[^=\n]*)?=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=\n]*)?=\s*(.*)$", re.M)


def migration_head() -> str:
    """The revision of the newest migration, read from the files in migrations/versions/.

    Alembic's ``ScriptDirectory.get_current_head()`` gives the same answer (a test compares them);
    it is asked only when the files are not one plain chain (a merge, an unusual header).
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is None or down is None:
            return _alembic_head()
        revisions.add(revision.group(1))
        parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else _alembic_head()


def _alembic_head() -> str:
    from alembic.script import ScriptDirectory

    return str(ScriptDirectory(str(MIGRATIONS)).get_current_head())


#: The database holds password hashes and unpublished work: only its owner may read it. SQLite gives
#: its -wal and -shm files the database file's own mode, so creating the file 0600 covers all three.
PRIVATE = 0o600


def sqlite_file(url: str) -> Path | None:
    """The file behind a ``sqlite:///PATH`` URL; None for an in-memory database or a ``file:`` URI."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def make_private(path: Path) -> None:
    """Give a database file, and its -wal and -shm beside it, mode 0600 (owner only)."""
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists():
            os.chmod(file, PRIVATE)


def _create_private(path: Path) -> None:
    """Create an empty database file 0600 before SQLite would create it 0644 (umask permitting)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))
    except FileExistsError:
        pass  # an existing database keeps the mode its operator gave it
    except OSError:
        pass  # no such directory, no write permission: SQLite's own error says so when it opens


def _sqlite_engine(url: str, busy_timeout: int, immediate: bool) -> Engine:
    engine = create_engine(url, connect_args={"timeout": busy_timeout})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, emit BEGIN, so that writers can start with BEGIN IMMEDIATE.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={busy_timeout * 1000}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A deferred transaction that reads then writes can hit SQLITE_BUSY despite the busy
        # timeout (the lock upgrade cannot wait); writers take the write lock up front instead.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Database:
    """One database (SQLite file or PostgreSQL URL) with write and read sessions."""

    def __init__(self, url: str, *, busy_timeout: int = 30) -> None:
        self.url = url
        self.is_sqlite = make_url(url).get_backend_name() == "sqlite"
        if self.is_sqlite:
            path = sqlite_file(url)
            if path is not None:
                _create_private(path)
            self._write_engine = _sqlite_engine(url, busy_timeout, immediate=True)
            self._read_engine = _sqlite_engine(url, busy_timeout, immediate=False)
        else:
            self._write_engine = create_engine(url, pool_pre_ping=True)
            self._read_engine = self._write_engine
        self._writer = sessionmaker(self._write_engine, expire_on_commit=False)
        self._reader = sessionmaker(self._read_engine, expire_on_commit=False)

    @property
    def engine(self) -> Engine:
        """The engine writes go through."""
        return self._write_engine

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed when the block ends, rolled back whole on any error."""
        with self._guard(), self._writer() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction (never takes SQLite's write lock)."""
        with self._guard(), self._reader() as session:
            yield session
            session.rollback()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except WorkbenchError:
            raise
        except OperationalError as exc:
            # The cause may go away (a file made read-only, then writable again; a server restarted):
            # pooled connections opened meanwhile would keep failing (SQLite opens a file it cannot
            # write read-only, and stays so), so the next action starts with fresh ones.
            self.dispose()
            if "readonly" in str(exc.orig).replace("-", "").replace(" ", ""):
                raise StorageError(f"the database {self.safe_url} cannot be written (read-only: check the "
                                   f"permissions of the file and its folder); nothing was saved") from exc
            raise StorageError(f"database error: {exc.orig}") from exc
        except DBAPIError as exc:
            raise StorageError(f"database error: {exc.orig}") from exc
        except SQLAlchemyError as exc:
            raise StorageError(f"database error: {exc}") from exc

    def _alembic_config(self) -> Config:
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["engine"] = self._write_engine
        return cfg

    def migrate(self) -> str:
        """Create or upgrade the schema to the newest migration; returns the revision."""
        from alembic import command

        try:
            command.upgrade(self._alembic_config(), "head")
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot migrate {self.safe_url}: {exc}") from exc
        return self.revision() or ""

    def revision(self) -> str | None:
        """The schema revision of the database, or None when it was never initialised."""
        try:
            with self._read_engine.connect() as conn:
                if not inspect(conn).has_table(VERSION_TABLE):
                    return None
                return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot open {self.safe_url}: {exc}") from exc

    def require_current(self) -> None:
        """Refuse to work on a database that `workbench init` has not created or upgraded."""
        head = migration_head()
        current = self.revision()
        if current != head:
            state = "not initialised" if current is None else f"at revision {current}, expected {head}"
            raise StorageError(f"the database {self.safe_url} is {state}: run `workbench init`")

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden."""
        return redacted_url(self.url)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self._write_engine.dispose()
        self._read_engine.dispose()
