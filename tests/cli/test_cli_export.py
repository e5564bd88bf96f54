"""`workbench export` and `workbench import-po`: the contract of docs/export.md on the sample release."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from review_fixtures import cli_operator


@pytest.fixture
def wb(cli, tmp_path: Path):
    """Run the CLI in-process on a fresh SQLite database with the sample as `sample` and two users."""

    run = cli
    assert run("init")[0] == 0
    cli_operator(run)
    return run


@pytest.fixture
def sample_cli(wb, sample_bytes: bytes, tmp_path: Path):
    (tmp_path / "sample.txt").write_bytes(sample_bytes)
    assert wb("ingest", "sample.txt", "--slug", "sample")[0] == 0
    assert wb("user", "add", "tr", "--role", "translator", stdin="pw-tr-secret\n")[0] == 0
    return wb


def test_export_json_lists_the_files(sample_cli, tmp_path: Path) -> None:
    code, out, err = sample_cli("export", "sample", "--to", "es,en", "--out", "pub", "--format", "po,mo,html",
                                "--json")
    assert code == 0, err
    files = json.loads(out)["files"]
    assert files == [f"pub/{lang}/LC_MESSAGES/sample.{ext}" if ext != "html" else f"pub/sample.{lang}.html"
                     for lang in ("es", "en") for ext in ("po", "mo", "html")]
    assert all((tmp_path / f).is_file() for f in files)


def test_export_defaults_to_the_locales_dir_and_po_mo(sample_cli, tmp_path: Path) -> None:
    code, out, _ = sample_cli("export", "--all", "--to", "es")
    assert code == 0
    assert out.split() == ["locales/es/LC_MESSAGES/sample.po", "locales/es/LC_MESSAGES/sample.mo"]


def test_export_bad_usage_and_user_errors(sample_cli) -> None:
    assert sample_cli("export", "--to", "es")[0] == 2  # neither SLUG nor --all
    assert sample_cli("export", "sample", "--all", "--to", "es")[0] == 2
    code, _, err = sample_cli("export", "sample", "--to", "es", "--format", "pdf")
    assert code == 1 and err.startswith("workbench: error: unknown export format pdf") and err.count("\n") == 1


def test_import_po_round_trip(sample_cli, tmp_path: Path) -> None:
    assert sample_cli("export", "sample", "--to", "es")[0] == 0
    path = tmp_path / "locales/es/LC_MESSAGES/sample.po"
    code, out, _ = sample_cli("import-po", "sample", str(path), "--to", "es", "--as", "tr", "--json")
    assert code == 0
    r = json.loads(out)
    assert {"applied", "drafts", "unchanged", "unknown", "conflicts"} <= r.keys()
    assert r["unchanged"] == 11 and r["applied"] == []
    po = polib.pofile(str(path))
    po[6].msgstr = "Información complementaria"
    po.save(str(tmp_path / "back.po"))
    code, out, _ = sample_cli("import-po", "sample", "back.po", "--to", "es", "--as", "tr")
    assert code == 0 and out.startswith("1 applied, 0 drafts, 10 unchanged")
    code, out, _ = sample_cli("segments", "sample", "--to", "es", "--json")
    seg = json.loads(out)["segments"][6]
    assert (seg["target"], seg["state"]) == ("Información complementaria", "translated")


def test_import_po_malformed_file_is_one_line_with_the_line_number(sample_cli) -> None:
    data = Path(__file__).resolve().parents[1] / "data" / "po_unterminated_string.po"
    code, out, err = sample_cli("import-po", "sample", str(data), "--to", "es", "--as", "tr")
    assert code == 1 and out == ""
    assert err == f"workbench: error: {data}:12: unterminated string: a closing \" is missing\n"
