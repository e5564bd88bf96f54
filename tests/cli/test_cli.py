"""The `workbench` command's contract (README, docs/architecture.md) on the sample release and on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from review_fixtures import cli_operator, operator

from workbench.cli import main

SAMPLE_TITLE = "Russie. Il faut que les dirigeants tatars de Crimée puissent librement rentrer chez eux et s’exprimer"


@pytest.fixture
def wb(cli, tmp_path: Path):
    """Run the CLI in-process on a fresh initialised SQLite database; returns (code, stdout, stderr)."""

    run = cli
    assert run("init")[0] == 0
    cli_operator(run)
    return run


def ingest_json(wb, *args: str) -> dict:
    code, out, err = wb("ingest", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_sample_gives_the_eleven_segments(wb, sample_bytes: bytes, tmp_path: Path) -> None:
    path = tmp_path / "sample.txt"
    path.write_bytes(sample_bytes)
    out = ingest_json(wb, str(path), "--slug", "sample")
    assert {"slug", "lang", "detected_lang", "segments", "excluded", "warnings"} <= out.keys()
    assert out["detected_lang"] == "fr" and out["lang"] == "fr"
    sources = [s["source"] for s in out["segments"]]
    assert len(sources) == 11
    assert sources[0] == SAMPLE_TITLE
    assert sources[1].endswith("a déclaré :")
    assert sources[2].startswith("« La libération des prisonniers d’opinion")
    assert sources[3].startswith("Ils doivent être autorisés")
    assert sources[4].startswith("« Il apparaît de plus en plus clairement")
    assert sources[5].startswith("« En Crimée, il faut que")
    assert sources[6] == "Complément d’information"
    assert sources[7].startswith("Akhtem Tchigoz et Ilmi Oumerov")
    assert sources[8].startswith("Le 25 octobre")
    assert sources[9].startswith("Le 27, ils sont enfin arrivés")
    assert sources[10].startswith("La communauté tatare de Crimée et le Mejlis")
    assert [s["kind"] for s in out["segments"]][:1] == ["title"] and out["segments"][6]["kind"] == "heading"
    for chrome in ("Faire un don", "Contact presse", "Espace journalistes", "Publié le", "Iabloko"):
        assert not any(chrome in s for s in sources), chrome
    assert len({s["id"] for s in out["segments"]}) == 11

    code, listed, _ = wb("segments", "sample", "--json")
    assert code == 0
    rows = json.loads(listed)["segments"]
    assert [r["source"] for r in rows] == sources
    assert all({"id", "source", "target", "state", "origin", "version", "issues"} <= r.keys() for r in rows)
    assert {r["state"] for r in rows} == {"new"}


def test_ingest_from_stdin(wb, sample_bytes: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(sample_bytes)))
    out = ingest_json(wb, "-", "--slug", "from-stdin")
    assert len(out["segments"]) == 11


def test_slug_from_title_and_conflict(wb, sample_bytes: bytes, tmp_path: Path) -> None:
    path = tmp_path / "sample.txt"
    path.write_bytes(sample_bytes)
    out = ingest_json(wb, str(path))
    assert out["slug"].startswith("russie-il-faut-que-les-dirigeants-tatars")
    code, _, err = wb("ingest", str(path))
    assert code == 1 and "exists already" in err and "--update" in err
    again = ingest_json(wb, str(path), "--if-new")
    assert again["created"] is False


def test_update_keeps_ids_of_unchanged_segments(wb, sample_bytes: bytes, tmp_path: Path) -> None:
    path = tmp_path / "sample.txt"
    path.write_bytes(sample_bytes)
    first = ingest_json(wb, str(path), "--slug", "s")
    changed = sample_bytes.decode().replace("embarqués sur un vol pour", "embarqués dans un avion pour")
    path.write_text(changed, encoding="utf-8")
    second = ingest_json(wb, str(path), "--update", "s")
    before = {s["source"]: s["id"] for s in first["segments"]}
    after = {s["source"]: s["id"] for s in second["segments"]}
    kept = set(before) & set(after)
    assert len(kept) == 10 and all(before[t] == after[t] for t in kept)
    _, listed, _ = wb("segments", "s", "--json")
    assert [r["source"] for r in json.loads(listed)["segments"]] == [s["source"] for s in second["segments"]]


def test_declared_language_mismatch_is_a_warning(wb, sample_bytes: bytes, tmp_path: Path) -> None:
    path = tmp_path / "sample.txt"
    path.write_bytes(sample_bytes)
    out = ingest_json(wb, str(path), "--lang", "en", "--slug", "x")
    assert out["lang"] == "en" and out["detected_lang"] == "fr"
    assert any(w["check"] == "language" for w in out["warnings"])


def _releases(wb) -> list:
    # `segments` of any slug fails when nothing is stored; list through the service instead.
    from workbench.services import releases
    from workbench.services.app import App

    return releases.list_releases(App.open())


BAD_INPUTS = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (b"  \n\n \t\n", "empty"),
    "binary.txt": (bytes(range(256)) * 40, "binary"),
    "latin1.txt": ("Le communiqué de presse de la section française.\n".encode("latin-1"), "UTF-8"),
    "script.html": (
        b"<html><body><article><h1>Titre</h1><p>Un paragraphe assez long pour compter comme texte.</p>"
        b"<p><script>alert(1)</script></p></article></body></html>",
        "script",
    ),
    "nobody.html": (b"<html><head><title>x</title></head><body><nav><a href='/'>Accueil</a></nav></body></html>",
                    "no body text"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_refused_cleanly(wb, tmp_path: Path, name: str) -> None:
    data, needle = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = wb("ingest", str(path), "--json")
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("workbench: error: ")
    assert needle.lower() in err.lower()
    assert "Traceback" not in err
    assert _releases(wb) == []


def test_twenty_megabytes_is_refused(wb, tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(("Une phrase française parfaitement normale. " * 500_000).encode()[: 20_000_000])
    code, _, err = wb("ingest", str(path))
    assert code == 1 and "huge.txt: source is 20,000,000 bytes, more than the 5,000,000 accepted" in err
    assert _releases(wb) == []


def test_missing_file_and_unknown_release(wb) -> None:
    code, _, err = wb("ingest", "/nonexistent/release.txt")
    assert code == 1 and "no such file" in err
    code, _, err = wb("segments", "nope")
    assert code == 1 and "no release 'nope'" in err


def test_bad_usage_exits_2(wb) -> None:
    assert wb("ingest")[0] == 2
    assert wb("frobnicate")[0] == 2
    assert wb("ingest", "x", "--slug", "a", "--update", "b")[0] == 2


def test_commands_refuse_an_uninitialised_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    assert main(["segments", "x"]) == 1
    assert "workbench init" in capsys.readouterr().err


def test_real_command_and_module_entry_points(tmp_path: Path, sample_bytes: bytes) -> None:
    env = dict(os.environ, WORKBENCH_DATABASE_URL=f"sqlite:///{tmp_path / 'wb.db'}", WORKBENCH_USER="boss")
    exe = Path(sys.executable).with_name("workbench")
    subprocess.run([str(exe), "init"], env=env, check=True, capture_output=True)
    subprocess.run([str(exe), "user", "add", "boss", "--role", "admin"], input=b"boss-secret\n", env=env, check=True,
                   capture_output=True)
    r = subprocess.run([sys.executable, "-m", "workbench", "ingest", "-", "--json"], input=sample_bytes,
                       env=env, capture_output=True)
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["segments"]) == 11
    r = subprocess.run([str(exe), "engines", "--json"], env=env, capture_output=True, text=True)
    assert r.returncode == 0 and "engines" in json.loads(r.stdout)


def test_blocks_excluded_in_the_preview_are_not_segmented(sqlite_app, sample_bytes: bytes) -> None:
    from workbench.services import releases

    doc, _, _ = releases.prepare(sqlite_app, sample_bytes, name="sample.txt")
    heading = next(i for i, b in enumerate(doc.blocks) if b.kind == "heading")
    report = releases.ingest_release(sqlite_app, sample_bytes, name="sample.txt", slug="s", drop=[0, heading],
                                     user=operator(sqlite_app))
    sources = [s["source"] for s in report.segments]
    assert len(sources) == 10 and "Complément d’information" not in sources
    assert sources[0].startswith("Russie. Il faut que")  # the title cannot be excluded
    assert {"text": "Complément d’information", "reason": "excluded by hand"} in report.excluded
