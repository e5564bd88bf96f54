"""Language codes from the command line are BCP-47 tags: anything else is refused with one line, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from workbench.store.tables import Release, Translation


@pytest.fixture
def wb(cli, sample_bytes: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The sample as `sample`, an admin acting (by WORKBENCH_USER) and a translator."""
    assert cli("init")[0] == 0
    assert cli("user", "add", "ad", "--role", "admin", stdin="pw-ad-secret\n")[0] == 0
    monkeypatch.setenv("WORKBENCH_USER", "ad")
    assert cli("user", "add", "tr", "--role", "translator", stdin="pw-tr-secret\n")[0] == 0
    (tmp_path / "sample.txt").write_bytes(sample_bytes)
    assert cli("ingest", "sample.txt", "--slug", "sample")[0] == 0
    return cli


def count(tmp_path: Path, table: type) -> int:
    engine = create_engine(f"sqlite:///{tmp_path / 'wb.db'}")
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(table)).scalar_one()
    engine.dispose()
    return int(n)


def one_error(code: int, err: str, fragment: str) -> None:
    assert code == 1, err
    assert err.startswith("workbench: error: ") and err.count("\n") == 1, err
    assert fragment in err and "is not a language code" in err, err


def test_export_to_a_path_is_refused_and_nothing_leaves_the_output_folder(wb, tmp_path: Path) -> None:
    code, _, err = wb("export", "sample", "--to", "../../../../elsewhere/x", "--out", "pub")
    one_error(code, err, "'../../../../elsewhere/x'")
    code, _, err = wb("export", "sample", "--to", "es,../x", "--out", "pub", "--format", "po,html,bundle")
    one_error(code, err, "'../x'")
    assert not (tmp_path / "pub").exists() and not (tmp_path / "elsewhere").exists()
    assert not list(tmp_path.parent.glob("elsewhere*")) and not (tmp_path / "x").exists()


def test_edit_to_a_path_creates_no_translation(wb, tmp_path: Path) -> None:
    code, out, _ = wb("segments", "sample")
    key = out.split()[0]
    code, _, err = wb("edit", "sample", key, "--to", "../x", "--text", "hors du dossier", "--as", "tr")
    one_error(code, err, "'../x'")
    assert count(tmp_path, Translation) == 0


@pytest.mark.parametrize("lang", ["**bb**", "fr@evil", "fr.x", "é", "x"])
def test_ingest_with_a_language_that_is_no_code_stores_nothing(wb, tmp_path: Path, lang: str) -> None:
    code, _, err = wb("ingest", "sample.txt", "--slug", "other", "--lang", lang)
    one_error(code, err, repr(lang))
    assert count(tmp_path, Release) == 1


@pytest.mark.parametrize("command", [("translate", "sample"), ("qa", "sample"), ("glossary", "check", "sample"),
                                     ("signoff", "sample", "--as", "ad"), ("tm", "export", "tm.tmx")])
def test_every_command_taking_to_refuses_what_is_no_code(wb, command: tuple[str, ...]) -> None:
    code, _, err = wb(*command, "--to", "<b>x</b>")
    one_error(code, err, "'<b>x</b>'")


def test_tags_with_regions_and_scripts_are_taken(wb, tmp_path: Path) -> None:
    code, _, err = wb("export", "sample", "--to", "pt-BR,es-419,sr-Latn", "--out", "pub")
    assert code == 0, err
    assert (tmp_path / "pub/pt-BR/LC_MESSAGES/sample.po").is_file()
    assert (tmp_path / "pub/sr-Latn/LC_MESSAGES/sample.mo").is_file()
