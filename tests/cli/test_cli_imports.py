"""What a `workbench` process imports: nothing heavy to parse arguments, and only what each command uses.

Each case runs the real command in a fresh interpreter (as the console script does) and reads
``sys.modules`` at exit; start-up time itself is measured by benchmarks/cli_startup.py, not here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from review_fixtures import cli_operator

PROBE = """
import json, sys

from workbench.cli import main
try:
    main(sys.argv[2:])
except SystemExit:
    pass
with open(sys.argv[1], "w") as out:
    json.dump(sorted(sys.modules), out)
"""

# Third-party packages and our layers that parsing the arguments must not load.
DATABASE = ("sqlalchemy", "alembic", "psycopg", "workbench.store", "workbench.services")
READERS = ("trafilatura", "langdetect", "markdown_it", "workbench.ingest")  # what ingesting a release loads
INGEST = (*READERS, "lxml", "pysbd")
ENGINES = ("deep_translator", "requests", "urllib3", "workbench.engines")
OTHERS = ("streamlit", "rich", "babel", "polib", "argon2", "rapidfuzz", "ahocorasick", "workbench.formats",
          "workbench.domain", "workbench.ui", "workbench.api")


def imported(*args: str, tmp_path: Path) -> set[str]:
    """The modules a `workbench ARGS` process had imported when it finished."""
    out = tmp_path / f"modules-{len(list(tmp_path.glob('modules-*')))}.json"
    proc = subprocess.run([sys.executable, "-c", PROBE, str(out), *args], capture_output=True, text=True)
    assert out.exists(), proc.stderr
    return set(json.loads(out.read_text()))


def loaded(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    """The modules of ``packages`` (a package and its submodules) among ``modules``."""
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in packages))


@pytest.mark.parametrize(
    "args",
    [("--version",), ("--help",), ("frobnicate",), ("ingest",), ("segments", "--help")],
    ids=["version", "help", "unknown-command", "missing-argument", "command-help"],
)
def test_parsing_the_arguments_loads_no_database_ingest_or_engine_code(args: tuple[str, ...], tmp_path: Path) -> None:
    modules = imported(*args, tmp_path=tmp_path)
    assert "workbench.cli" in modules
    assert loaded(modules, DATABASE + INGEST + ENGINES + OTHERS) == []


@pytest.fixture
def initialised(cli, tmp_path: Path, sample_bytes: bytes) -> Path:
    """An initialised SQLite database (WORKBENCH_DATABASE_URL) holding the sample as release 'sample'."""
    source = tmp_path / "release.txt"
    source.write_bytes(sample_bytes)
    assert cli("init")[0] == 0
    cli_operator(cli)
    assert cli("ingest", str(source), "--slug", "sample")[0] == 0
    return tmp_path


def test_segments_reads_through_the_driver_without_sqlalchemy(initialised: Path) -> None:
    """`segments SLUG` on SQLite: sqlite3 and the listing, no SQLAlchemy at all (store.reads), no reader or engine."""
    modules = imported("segments", "sample", "--json", tmp_path=initialised)
    assert {"workbench.services.listing", "workbench.store.reads", "sqlite3"} <= modules
    assert loaded(modules, ("sqlalchemy", "alembic", "psycopg", "workbench.store.tables", *INGEST, *ENGINES,
                            "workbench.services.releases", "workbench.services.qa", "workbench.services.memory",
                            "streamlit", "workbench.ui", "workbench.api")) == []


def test_segments_into_a_language_adds_the_checks_and_memory_but_no_reader(initialised: Path) -> None:
    """With --to the rows carry QA issues (langdetect: the wrong-language check) and memory matches (the ORM)."""
    modules = imported("segments", "sample", "--to", "es", "--json", tmp_path=initialised)
    assert {"workbench.services.qa", "workbench.services.memory", "langdetect", "sqlalchemy.orm"} <= modules
    assert loaded(modules, ("alembic", "trafilatura", "markdown_it", "pysbd", "workbench.ingest.reader",
                            *ENGINES, "workbench.services.releases", "streamlit")) == []


def test_history_loads_the_review_store_but_no_checks_memory_or_formats(cli, initialised: Path) -> None:
    first = json.loads(cli("segments", "sample", "--json")[1])["segments"][0]["id"]
    assert cli("user", "add", "ines.b", "--role", "translator", stdin="mot de passe d’Inès\n")[0] == 0
    assert cli("edit", "sample", first, "--to", "es", "--text", "Crimea: los tártaros", "--as", "ines.b")[0] == 0
    modules = imported("history", "sample", first, "--to", "es", "--json", tmp_path=initialised)
    assert "workbench.services.review" in modules
    assert loaded(modules, ("alembic", *INGEST, *ENGINES, "workbench.formats", "workbench.services.qa",
                            "workbench.services.memory", "workbench.services.publishing", "workbench.services.export",
                            "streamlit")) == []


def test_qa_loads_the_checks_but_no_reader_engine_or_export(initialised: Path) -> None:
    modules = imported("qa", "sample", "--to", "es", "--json", tmp_path=initialised)
    assert {"workbench.services.qa", "workbench.ingest.language", "langdetect"} <= modules
    assert loaded(modules, ("alembic", "trafilatura", "markdown_it", "pysbd", "lxml", "workbench.ingest.reader",
                            *ENGINES, "workbench.services.memory", "workbench.services.export", "streamlit")) == []


def test_user_list_loads_neither_readers_nor_engines(initialised: Path) -> None:
    modules = imported("user", "list", "--json", tmp_path=initialised)
    assert "workbench.services.users" in modules
    assert loaded(modules, ("alembic", *READERS, "lxml", *ENGINES, "streamlit", "workbench.formats")) == []


def test_engines_loads_the_engines_but_no_reader(initialised: Path) -> None:
    modules = imported("engines", "--json", tmp_path=initialised)
    assert "workbench.engines.registry" in modules
    assert loaded(modules, ("alembic", *READERS, "streamlit")) == []


def test_init_loads_alembic_to_migrate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard above is not vacuous: a command that migrates does import Alembic."""
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", f"sqlite:///{tmp_path / 'wb.db'}")
    monkeypatch.setenv("WORKBENCH_GLOSSARY_DIR", str(tmp_path / "no-glossary"))
    (tmp_path / "no-glossary").mkdir()
    assert "alembic" in imported("init", tmp_path=tmp_path)
