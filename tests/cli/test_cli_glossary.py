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


def _team(run) -> None:
    for name, role in (("rv", "reviewer"), ("rv2", "reviewer"), ("tr", "translator"), ("ad", "admin")):
        assert run("user", "add", name, "--role", role, stdin=f"pw-{name}-secret\n")[0] == 0


def test_glossary_export_import_and_refusals(wb, tmp_path: Path) -> None:
    _team(wb)
    code, out, _ = wb("glossary", "export", str(tmp_path / "g.tbx"), "--json")
    assert code == 0 and json.loads(out)["concepts"] >= 39
    code, out, _ = wb("glossary", "import", str(tmp_path / "g.tbx"), "--as", "rv", "--json")
    assert code == 0 and json.loads(out)["proposed"] == [] and json.loads(out)["added"] == 0
    (tmp_path / "evil.tbx").write_text(
        '<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY x "boom">]><tbx><text><body/></text></tbx>', encoding="utf-8"
    )
    code, _, err = wb("glossary", "import", str(tmp_path / "evil.tbx"), "--as", "rv")
    assert code == 1 and "evil.tbx" in err
    code, _, err = wb("glossary", "import", str(tmp_path / "g.docx"), "--as", "rv")
    assert code == 1 and "use .csv or .tbx" in err
    code, _, err = wb("glossary", "check", "s")
    assert code == 1 and "--to" in err


PHRASE = "Amnesty International demande que toutes les poursuites engagées contre eux soient abandonnées"
SENTENCE = "Amnistía Internacional exige que se retiren todos los cargos y que los responsables rindan cuentas"


def test_glossary_proposals_accept_and_reject(wb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _team(wb)
    path = tmp_path / "sentence.csv"
    path.write_text(f"id,kind,fr,es\ndemande_abandon,term,{PHRASE},{SENTENCE}\n", encoding="utf-8")
    monkeypatch.delenv("WORKBENCH_USER", raising=False)
    code, _, err = wb("glossary", "import", str(path))
    assert code == 2 and "who is acting? give --as USER (or set WORKBENCH_USER" in err
    code, _, err = wb("glossary", "import", str(path), "--as", "tr")
    assert code == 1 and "only a reviewer or admin may change the glossary" in err
    code, _, err = wb("glossary", "import", str(path), "--as", "ad", "--accept")
    assert code == 1 and "cannot accept their own glossary change" in err
    code, out, _ = wb("glossary", "import", str(path), "--as", "rv", "--json")
    assert code == 0
    [change] = json.loads(out)["proposed"]
    code, out, _ = wb("glossary", "proposals")
    assert code == 0 and f"#{change}  demande_abandon (term, new)  by rv from sentence.csv" in out
    assert f"form es: (none) -> {SENTENCE}" in out
    code, out, _ = wb("glossary", "proposals", "--json")
    assert [p["id"] for p in json.loads(out)["proposals"]] == [change]
    # not in the term base yet: the export does not have it
    wb("glossary", "export", str(tmp_path / "before.csv"))
    assert "demande_abandon" not in (tmp_path / "before.csv").read_text(encoding="utf-8")
    code, _, err = wb("glossary", "accept", str(change), "--as", "rv")
    assert code == 1 and "the proposer cannot accept their own proposal" in err
    code, _, err = wb("glossary", "accept", "abc", "--as", "rv2")
    assert code == 2 and "proposal ID" in err
    monkeypatch.setenv("WORKBENCH_USER", "rv2")  # --as defaults to WORKBENCH_USER
    code, out, _ = wb("glossary", "accept", str(change))
    assert code == 0 and out.strip() == f"accepted #{change} demande_abandon (proposed by rv)"
    wb("glossary", "export", str(tmp_path / "after.csv"))
    assert SENTENCE in (tmp_path / "after.csv").read_text(encoding="utf-8")
    code, _, err = wb("glossary", "accept", str(change))
    assert code == 1 and "is accepted already by rv2" in err
    # a second proposal, rejected with a reason
    path.write_text(f"id,kind,fr,es\ndemande_abandon,term,{PHRASE},Amnistía pide\n", encoding="utf-8")
    [other] = json.loads(wb("glossary", "import", str(path), "--as", "rv", "--json")[1])["proposed"]
    code, out, _ = wb("glossary", "reject", str(other), "--as", "ad", "--comment", "not a term", "--json")
    assert code == 0 and json.loads(out)["state"] == "rejected" and json.loads(out)["comment"] == "not a term"
    assert json.loads(wb("glossary", "proposals", "--json")[1])["proposals"] == []


@pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed")
def test_history_names_the_glossary_changes_of_the_draft(wb, tmp_path: Path) -> None:
    _team(wb)
    code, out, _ = wb("translate", "s", "--to", "es", "--json")
    assert code == 0
    segments = json.loads(wb("segments", "s", "--to", "es", "--json")[1])["segments"]
    key = next(s["id"] for s in segments if "Oumerov" in s["source"])
    code, out, _ = wb("history", "s", key, "--to", "es")
    assert code == 0 and "glossary version " in out and "ilmi_umerov" in out
    assert "proposed by shipped:names.csv, accepted by shipped:names.csv" in out
    story = json.loads(wb("history", "s", key, "--to", "es", "--json")[1])
    assert story["glossary"]["version"] and "ilmi_umerov" in story["glossary"]["concepts"]


def test_engines_lists_apertium(wb) -> None:
    code, out, _ = wb("engines", "--json")
    engines = {e["name"]: e for e in json.loads(out)["engines"]}
    assert code == 0 and "apertium" in engines
    if shutil.which("apertium"):
        assert engines["apertium"]["available"] and "fr-en" in engines["apertium"]["pairs"]
    else:
        assert not engines["apertium"]["available"] and engines["apertium"]["reason"]
