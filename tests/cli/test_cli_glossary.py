"""`translate`, `glossary` and `engines` on the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from review_fixtures import cli_operator

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def wb(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_bytes: bytes):
    """The CLI on a fresh database with the shipped glossary and the sample ingested as `s`."""
    monkeypatch.setenv("WORKBENCH_GLOSSARY_DIR", str(ROOT / "glossary"))

    run = cli
    (tmp_path / "sample.txt").write_bytes(sample_bytes)
    assert run("init")[0] == 0
    cli_operator(run)
    assert run("ingest", "sample.txt", "--slug", "s")[0] == 0
    return run


def test_translate_into_a_language_without_engine(wb) -> None:
    code, out, err = wb("translate", "s", "--to", "de", "--json")
    assert code == 1 and out == ""
    assert "no engine translates fr→de" in err and err.count("\n") == 1
    _, listed, _ = wb("segments", "s", "--to", "de", "--json")
    assert {s["state"] for s in json.loads(listed)["segments"]} == {"new"}


@pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed")
def test_translate_then_check(wb) -> None:
    code, out, _ = wb("translate", "s", "--to", "es", "--json")
    assert code == 0
    result = json.loads(out)
    assert {"drafted", "failed", "skipped", "engine", "glossary"} <= result.keys()
    assert result["drafted"] == 11
    code, out, _ = wb("glossary", "check", "s", "--to", "es", "--json")
    assert code == 0 and json.loads(out) == {"slug": "s", "lang": "es", "issues": []}


def test_glossary_export_import_and_refusals(wb, tmp_path: Path) -> None:
    code, out, _ = wb("glossary", "export", str(tmp_path / "g.tbx"), "--json")
    assert code == 0 and json.loads(out)["concepts"] >= 39
    code, out, _ = wb("glossary", "import", str(tmp_path / "g.tbx"), "--json")
    assert code == 0 and json.loads(out)["added"] == 0
    (tmp_path / "evil.tbx").write_text(
        '<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY x "boom">]><tbx><text><body/></text></tbx>', encoding="utf-8"
    )
    code, _, err = wb("glossary", "import", str(tmp_path / "evil.tbx"))
    assert code == 1 and "evil.tbx" in err
    code, _, err = wb("glossary", "import", str(tmp_path / "g.docx"))
    assert code == 1 and "use .csv or .tbx" in err
    code, _, err = wb("glossary", "check", "s")
    assert code == 1 and "--to" in err


def test_engines_lists_apertium(wb) -> None:
    code, out, _ = wb("engines", "--json")
    engines = {e["name"]: e for e in json.loads(out)["engines"]}
    assert code == 0 and "apertium" in engines
    if shutil.which("apertium"):
        assert engines["apertium"]["available"] and "fr-en" in engines["apertium"]["pairs"]
    else:
        assert not engines["apertium"]["available"] and engines["apertium"]["reason"]
