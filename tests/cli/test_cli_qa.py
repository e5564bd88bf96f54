"""`workbench qa`, the QA gate of `approve`, memory matches in `segments --json`, and `tm import/export`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from review_fixtures import cli_operator

SOURCE_MD = """# Deux dirigeants tatars libérés

Le 25 octobre, ils ont été libérés contre toute attente et embarqués sur un vol pour la Turquie.

Plus de 1 200 personnes ont signé l’appel de la section.
""".encode()
GOOD = {
    1: "On 25 October, they were unexpectedly released and put on a flight to Turkey.",
    2: "More than 1,200 people signed the section’s appeal.",
}


@pytest.fixture
def wb(cli, tmp_path: Path):
    """Run the CLI in-process on an initialised SQLite database holding the release `rel` and two users."""

    run = cli
    assert run("init")[0] == 0
    cli_operator(run)
    (tmp_path / "rel.md").write_bytes(SOURCE_MD)
    assert run("ingest", "rel.md", "--slug", "rel", "--lang", "fr")[0] == 0
    for name, role in (("tr1", "translator"), ("rv1", "reviewer")):
        assert run("user", "add", name, "--role", role, stdin=f"pw-{name}-secret\n")[0] == 0
    return run


def ok_json(wb, *args: str) -> dict:
    code, out, err = wb(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def keys(wb) -> list[str]:
    return [s["id"] for s in ok_json(wb, "segments", "rel")["segments"]]


def test_qa_reports_untranslated_then_a_wrong_number(wb) -> None:
    ids = keys(wb)
    report = ok_json(wb, "qa", "rel", "--to", "en")
    assert [(i["segment"], i["check"], i["severity"]) for i in report["issues"]] == [
        (key, "untranslated", "error") for key in ids
    ]
    assert all(set(i) >= {"segment", "check", "severity", "message"} for i in report["issues"])
    ok_json(wb, "edit", "rel", ids[1], "--to", "en", "--text", GOOD[1], "--as", "tr1")
    ok_json(wb, "edit", "rel", ids[2], "--to", "en", "--text", "More than 12,000 people signed the appeal", "--as",
            "tr1")
    issues = ok_json(wb, "qa", "rel", "--to", "en")["issues"]
    found = {(i["segment"], i["check"]) for i in issues}
    assert (ids[2], "numbers") in found and (ids[2], "end_punctuation") in found
    assert not any(seg == ids[1] for seg, _ in found)
    code, text, _ = wb("qa", "rel", "--to", "en")
    assert code == 0 and "error [numbers]: 1 200 is in the source but not in the target" in text


def test_approval_is_refused_on_a_qa_error_unless_overridden(wb) -> None:
    ids = keys(wb)
    ok_json(wb, "edit", "rel", ids[2], "--to", "en", "--text", "More than 12,000 people signed the appeal.", "--as",
            "tr1")
    code, out, err = wb("approve", "rel", ids[2], "--to", "en", "--as", "rv1")
    assert code == 1 and "QA error: 1 200 is in the source but not in the target" in err and out == ""
    out = ok_json(wb, "approve", "rel", ids[2], "--to", "en", "--as", "rv1", "--override", "the figure was updated")
    assert out["approved"] == [ids[2]]
    history = ok_json(wb, "history", "rel", ids[2], "--to", "en")["events"]
    assert "QA override" in history[-1]["comment"] and "the figure was updated" in history[-1]["comment"]


def test_segments_json_offers_memory_matches_and_tm_export_import(wb, tmp_path: Path) -> None:
    ids = keys(wb)
    ok_json(wb, "edit", "rel", ids[1], "--to", "en", "--text", GOOD[1], "--as", "tr1")
    ok_json(wb, "approve", "rel", ids[1], "--to", "en", "--as", "rv1")
    (tmp_path / "rel2.md").write_bytes(
        SOURCE_MD.replace(b"sur un vol pour", b"dans un avion pour").replace(b"# Deux", b"# Les deux"))
    assert wb("ingest", "rel2.md", "--slug", "rel2", "--lang", "fr")[0] == 0
    rows = ok_json(wb, "segments", "rel2", "--to", "en")["segments"]
    assert all("matches" in r for r in rows)
    (match,) = rows[1]["matches"]
    assert match["kind"] == "fuzzy" and match["target"] == GOOD[1] and 75 <= match["score"] < 100
    assert "[-sur-]{+dans+}" in match["diff_text"]

    exported = ok_json(wb, "tm", "export", str(tmp_path / "out.tmx"), "--to", "en")
    assert exported["units"] == 1 and (tmp_path / "out.tmx").exists()
    imported = ok_json(wb, "tm", "import", str(tmp_path / "out.tmx"))
    assert (imported["added"], imported["known"]) == (0, 1)
    (tmp_path / "bad.tmx").write_text("<tmx><header/><body>", encoding="utf-8")
    code, _, err = wb("tm", "import", str(tmp_path / "bad.tmx"))
    assert code == 1 and "bad.tmx" in err and "Traceback" not in err
    assert wb("tm", "export", str(tmp_path / "x.tmx"))[0] == 2  # --to is required for export



UNKNOWN_MD = """# Les autorités persécutent la communauté tatare après un procès

Les autorités russes ciblent avec acharnement les militants de la communauté tatare.
""".encode()


@pytest.mark.apertium
def test_segments_json_lists_the_unknown_words_apertium_left_and_qa_warns(wb, tmp_path: Path) -> None:
    (tmp_path / "unk.md").write_bytes(UNKNOWN_MD)
    assert wb("ingest", "unk.md", "--slug", "unk", "--lang", "fr")[0] == 0
    drafted = ok_json(wb, "translate", "unk", "--to", "es", "--engine", "apertium")
    assert drafted["drafted"] == 2
    rows = ok_json(wb, "segments", "unk", "--to", "es")["segments"]
    assert [r["unknown_words"] for r in rows] == [["persécutent", "tatare"], ["ciblent", "acharnement", "tatare"]]
    assert not any("*" in r["target"] for r in rows)
    issues = ok_json(wb, "qa", "unk", "--to", "es")["issues"]
    assert [(i["segment"], i["severity"], i["message"]) for i in issues if i["check"] == "untranslated"] == [
        (rows[0]["id"], "warning", "left untranslated in the target: persécutent, tatare"),
        (rows[1]["id"], "warning", "left untranslated in the target: ciblent, acharnement, tatare"),
    ]
    # A person's text: the engine's words are gone, and a French letter Spanish lacks gives "procès" away.
    ok_json(wb, "edit", "unk", rows[0]["id"], "--to", "es", "--text",
            "Las autoridades persiguen a la comunidad tártara tras un procès", "--as", "tr1")
    row = ok_json(wb, "segments", "unk", "--to", "es")["segments"][0]
    assert row["unknown_words"] == []
    assert [i["message"] for i in row["issues"] if i["check"] == "untranslated"] == [
        "left untranslated in the target: procès"]
