"""The database handle: engines for SQLite (WAL, busy timeout, foreign keys) and PostgreSQL, sessions, migrations.

Alembic is imported only to migrate: importing it costs about half a second (it loads every
dialect's DDL support), and every command checks the schema revision before it runs, so that check
reads the version table and the migration files itself.

SQLAlchemy itself is imported when the first session or engine is asked for: the schema check
and the segment listing read through the driver (``reader()``, ``store.reads``), so that
`workbench segments` on SQLite starts without it (docs/operations.md gives the figures).
"""

from __future__ import annotations

import os
import random
import re
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from workbench.config import redacted_url
from workbench.errors import StorageError, WorkbenchError
from workbench.store.reads import Reader, revision

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, SessionTransaction, sessionmaker
    from sqlalchemy.pool import PoolProxiedConnection

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


_SQLITE_URL = re.compile(r"^sqlite(?:\+\w+)?://(?P<rest>[^?]*)")


def sqlite_file(url: str) -> str | None:
    """The file of a ``sqlite:///path`` URL, as SQLAlchemy reads it (``:memory:`` for an in-memory database);
    None for another backend."""
    match = _SQLITE_URL.match(url)
    if match is None:
        return None
    rest = match["rest"]
    return unquote(rest[1:]) if rest.startswith("/") and len(rest) > 1 else ":memory:"


def _is_operational(exc: BaseException) -> bool:
    """Whether a database error is operational (the file, the server, the connection), not the statement's."""
    if isinstance(exc, sqlite3.OperationalError):
        return True
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return sa_exc is not None and isinstance(exc, sa_exc.OperationalError)


#: Attempts at beginning a write transaction that SQLite refuses as busy (``Database.write``).
BUSY_RETRIES = 5


def _is_busy(exc: BaseException) -> bool:
    """Whether a database error is SQLite's SQLITE_BUSY ("database is locked")."""
    return _is_operational(exc) and "database is locked" in str(exc)


def _database_error(exc: BaseException) -> str | None:
    """The message of a database error (driver or SQLAlchemy), or None for any other exception.

    Only modules already loaded are asked: an error cannot come from a library this process never imported.
    """
    if isinstance(exc, sqlite3.Error):
        return str(exc)
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is not None and isinstance(exc, sa_exc.DBAPIError):
        return str(exc.orig)
    if sa_exc is not None and isinstance(exc, sa_exc.SQLAlchemyError):
        return str(exc)
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None and isinstance(exc, psycopg.Error):
        return str(exc)
    return None


#: The database holds password hashes and unpublished work: only its owner may read it. SQLite gives
#: its -wal and -shm files the database file's own mode, so creating the file 0600 covers all three.
PRIVATE = 0o600


def make_private(path: Path) -> None:
    """Give a database file, and its -wal and -shm beside it, mode 0600 (owner only)."""
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists():
            os.chmod(file, PRIVATE)


def _create_private(database: str | None) -> None:
    """Create an empty database file 0600 before SQLite would create it 0644 (umask permitting)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))
    except FileExistsError:
        pass  # an existing database keeps the mode its operator gave it
    except OSError:
        pass  # no such directory, no write permission: SQLite's own error says so when it opens


def _sqlite_engine(url: str, busy_timeout: int, immediate: bool) -> Engine:
    from sqlalchemy import create_engine, event

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
        self.busy_timeout = busy_timeout
        self.sqlite_file = sqlite_file(url)
        self.is_sqlite = self.sqlite_file is not None

    # The engines and session factories are made on first use (importing SQLAlchemy then).
    @cached_property
    def _write_engine(self) -> Engine:
        if self.is_sqlite:
            _create_private(self.sqlite_file)
            return _sqlite_engine(self.url, self.busy_timeout, immediate=True)
        from sqlalchemy import create_engine

        return create_engine(self.url, pool_pre_ping=True)

    @cached_property
    def _read_engine(self) -> Engine:
        if not self.is_sqlite:
            return self._write_engine
        _create_private(self.sqlite_file)
        return _sqlite_engine(self.url, self.busy_timeout, immediate=False)

    @cached_property
    def _writer(self) -> sessionmaker[Session]:
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(self._write_engine, expire_on_commit=False)

    @cached_property
    def _reader(self) -> sessionmaker[Session]:
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(self._read_engine, expire_on_commit=False)

    @property
    def engine(self) -> Engine:
        """The engine writes go through."""
        return self._write_engine

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed when the block ends, rolled back whole on any error.

        The transaction begins before the block runs (on SQLite: BEGIN IMMEDIATE, the write lock),
        and that beginning is retried a few times on SQLITE_BUSY (``begin_retrying``): the one
        place every writer gets the busy retry, and the only moment a writer can meet it.
        """
        with self._guard():
            session, transaction = self._begin_retrying()
            with session, transaction:
                yield session

    def _begin_retrying(self) -> tuple[Session, SessionTransaction]:
        """A write session with its transaction begun and its connection held.

        SQLite's busy timeout covers nearly every wait for the write lock; what it does not (a
        checkpoint or a WAL recovery, a connection opening at the wrong moment) is an SQLITE_BUSY
        at once, which a few retries a moment apart cover, so no user ever sees it. Once BEGIN
        IMMEDIATE holds the lock, nothing in the transaction can be refused as busy: retrying the
        beginning is retrying all there is to retry. (PostgreSQL has no such refusal.)
        """
        for attempt in range(BUSY_RETRIES):
            session = self._writer()
            try:
                transaction = session.begin()
                session.connection()  # connect and BEGIN (IMMEDIATE on SQLite) now, not at the first statement
                return session, transaction
            except Exception as exc:
                session.close()
                if not _is_busy(exc) or attempt == BUSY_RETRIES - 1:
                    raise
            time.sleep(0.05 * (attempt + 1) * random.random())
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction (never takes SQLite's write lock)."""
        with self._guard(), self._reader() as session:
            yield session
            session.rollback()

    @contextmanager
    def reader(self) -> Iterator[Reader]:
        """A read-only transaction through the driver, without SQLAlchemy on SQLite (``store.reads``).

        SQLite: a connection of the sqlite3 module of its own (they cost nothing), with the busy
        timeout, in a deferred transaction. PostgreSQL: a pooled psycopg connection of the engine.
        """
        with self._guard():
            connection: sqlite3.Connection | PoolProxiedConnection
            if self.is_sqlite:
                connection = sqlite3.connect(self.sqlite_file or ":memory:", timeout=self.busy_timeout,
                                             isolation_level=None)
                connection.execute("BEGIN")
            else:
                connection = self._read_engine.raw_connection()
            try:
                yield Reader(connection, sqlite=self.is_sqlite)
            finally:
                try:
                    connection.rollback()
                finally:
                    connection.close()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except WorkbenchError:
            raise
        except Exception as exc:
            message = _database_error(exc)
            if message is None:
                raise
            if _is_operational(exc):
                # The cause may go away (a file made read-only, then writable again; a server restarted):
                # pooled connections opened meanwhile would keep failing (SQLite opens a file it cannot
                # write read-only, and stays so), so the next action starts with fresh ones.
                self.dispose()
                if "readonly" in message.replace("-", "").replace(" ", ""):
                    raise StorageError(f"the database {self.safe_url} cannot be written (read-only: check the "
                                       f"permissions of the file and its folder); nothing was saved") from exc
            raise StorageError(f"database error: {message}") from exc

    def _alembic_config(self) -> Config:
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["engine"] = self._write_engine
        return cfg

    def migrate(self) -> str:
        """Create or upgrade the schema to the newest migration; returns the revision."""
        from alembic import command
        from sqlalchemy.exc import SQLAlchemyError

        try:
            command.upgrade(self._alembic_config(), "head")
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot migrate {self.safe_url}: {exc}") from exc
        return self.revision() or ""

    def revision(self) -> str | None:
        """The schema revision of the database, or None when it was never initialised (or is no SQLite file yet)."""
        if self.sqlite_file is not None and self.sqlite_file != ":memory:" and not Path(self.sqlite_file).exists():
            return None  # asking must not create the file
        try:
            with self.reader() as reader:
                return revision(reader, VERSION_TABLE)
        except StorageError as exc:
            raise StorageError(f"cannot open {self.safe_url}: {exc.__cause__ or exc}") from exc

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
        """Close every pooled connection (of the engines made so far)."""
        for name in ("_write_engine", "_read_engine"):
            if name in self.__dict__:
                self.__dict__[name].dispose()
