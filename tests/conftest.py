"""Shared fixtures: the sample release, and a migrated database on SQLite and on PostgreSQL."""

from __future__ import annotations

import io
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.config import Settings
from workbench.services.app import App

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE = SHARED / "samples" / "release-fr-crimean-tatar-leaders.txt"
DATA = Path(__file__).resolve().parent / "data"
PG_ADMIN_URL = os.environ.get("WORKBENCH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@pytest.fixture
def sample_bytes() -> bytes:
    """The real French sample release, exactly as it arrives."""
    if not SAMPLE.exists():
        pytest.skip(f"the shared sample is not at {SAMPLE}")
    return SAMPLE.read_bytes()


def _pg_unreachable_reason() -> str | None:
    try:
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(PG_ADMIN_URL)
        with psycopg.connect(
            host=url.host, port=url.port or 5432, user=url.username, password=url.password,
            dbname=url.database, connect_timeout=3,
        ):
            return None
    except Exception as exc:  # any failure means: skip, and say why
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}"


_PG_REASON = _pg_unreachable_reason()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped afterwards."""
    if _PG_REASON:
        pytest.skip(_PG_REASON)
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(PG_ADMIN_URL)
    name = f"wb_test_{uuid.uuid4().hex[:12]}"
    params = {"host": admin.host, "port": admin.port or 5432, "user": admin.username, "password": admin.password}
    with psycopg.connect(dbname=admin.database, autocommit=True, **params) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield admin.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(dbname=admin.database, autocommit=True, **params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database URL: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'wb.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """An empty SQLite database URL (for tests that need one backend only)."""
    return f"sqlite:///{tmp_path / 'wb.db'}"


def make_app(url: str, tmp_path: Path) -> App:
    """A migrated App on ``url`` with the repository's shipped glossary directory."""
    settings = Settings(database_url=url, glossary_dir=ROOT / "glossary", locales_dir=tmp_path / "locales")
    app = App.open(settings)
    app.db.migrate()
    return app


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[App]:
    """A migrated application on SQLite and on PostgreSQL."""
    a = make_app(db_url, tmp_path)
    yield a
    a.db.dispose()


@pytest.fixture
def sqlite_app(sqlite_url: str, tmp_path: Path) -> Iterator[App]:
    """A migrated application on SQLite only."""
    a = make_app(sqlite_url, tmp_path)
    yield a
    a.db.dispose()


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """`workbench` in-process on a fresh, uninitialised SQLite database: run(*args, stdin=None) -> (code, out, err).

    Commands act as `op` (WORKBENCH_USER) unless they say --as: a test adds `op` (review_fixtures.cli_operator).
    """
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", f"sqlite:///{tmp_path / 'wb.db'}")
    monkeypatch.setenv("WORKBENCH_USER", "op")
    monkeypatch.chdir(tmp_path)

    def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's bad usage
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(scope="session")
def apy_url() -> Iterator[str]:
    """A real Apertium APY server (Debian's apertium-apy) over the installed pairs, shared by the session."""
    from servers import APERTIUM_APY, apertium_apy

    if APERTIUM_APY is None:
        pytest.skip("apertium-apy is not installed (make debs installs it)")
    with apertium_apy() as url:
        yield url
