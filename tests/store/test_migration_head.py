"""The schema check every command makes reads the migration files without Alembic, and agrees with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from workbench.services.app import App
from workbench.store import database
from workbench.store.database import MIGRATIONS, migration_head


def test_head_read_from_the_files_is_alembics_head() -> None:
    assert migration_head() == ScriptDirectory(str(MIGRATIONS)).get_current_head()


def test_revision_read_from_the_version_table_is_alembics(app: App) -> None:
    with app.db.engine.connect() as conn:
        assert app.db.revision() == MigrationContext.configure(conn).get_current_revision()
    app.db.require_current()  # a freshly migrated database passes the check


def _versions(tmp_path: Path, files: dict[str, str]) -> Path:
    versions = tmp_path / "migrations" / "versions"
    versions.mkdir(parents=True)
    for name, body in files.items():
        (versions / name).write_text(body, encoding="utf-8")
    return tmp_path / "migrations"


def test_annotated_headers_of_newer_alembic_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "MIGRATIONS", _versions(tmp_path, {
        "a.py": 'revision: str = "a1"\ndown_revision: Union[str, None] = None\n',
        "b.py": "revision: str = 'b2'\ndown_revision: Union[str, Sequence[str], None] = 'a1'\n",
    }))
    assert migration_head() == "b2"


def test_a_branched_history_is_left_to_alembic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "MIGRATIONS", _versions(tmp_path, {
        "a.py": 'revision = "a1"\ndown_revision = None\n',
        "b.py": 'revision = "b1"\ndown_revision = "a1"\n',
        "c.py": 'revision = "c1"\ndown_revision = "a1"\n',
    }))
    asked: list[bool] = []
    monkeypatch.setattr(database, "_alembic_head", lambda: asked.append(True) or "from alembic")
    assert migration_head() == "from alembic"
    assert asked == [True]
