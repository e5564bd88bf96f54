"""Hostile or odd command-line input: one clear line (exit 1) or bad usage (exit 2), nothing written, never
the CLI's "internal error"; and input that is right in another spelling is taken."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from review_fixtures import cli_operator

HUGE = "99999999999999999999999"


@pytest.fixture
def wb(cli, tmp_path: Path, sample_bytes: bytes):
    """The sample as `s`, the operator admin `op` (acting by default) and a reviewer `rene-r`."""
    (tmp_path / "sample.txt").write_bytes(sample_bytes)
    assert cli("init")[0] == 0
    cli_operator(cli)
    code, _, err = cli("user", "add", "rene-r", "--role", "reviewer", stdin="pw-rene-secret\n")
    assert code == 0, err
    assert cli("ingest", "sample.txt", "--slug", "s")[0] == 0
    return cli


def one_error(code: int, err: str) -> str:
    assert code == 1, err
    assert err.startswith("workbench: error: ") and err.count("\n") == 1, err
    assert "internal error" not in err, err
    return err


def keys(wb, *args: str) -> list[str]:
    code, out, err = wb("segments", "s", *args, "--json")
    assert code == 0, err
    return [str(seg["id"]) for seg in json.loads(out)["segments"]]


def test_the_last_enabled_admin_cannot_be_disabled(wb) -> None:
    err = one_error(*wb("user", "disable", "op")[::2])
    assert "'op' is the last enabled admin" in err
    _, out, _ = wb("user", "list", "--json")
    assert [u["disabled"] for u in json.loads(out)["users"] if u["name"] == "op"] == [False]
    # the admin can still manage users: with a second admin, the first one may go
    assert wb("user", "add", "anais-b", "--role", "admin", stdin="pw-anais-secret\n")[0] == 0
    assert wb("user", "disable", "op")[0] == 0
    one_error(*wb("user", "disable", "anais-b", "--as", "anais-b")[::2])


@pytest.mark.parametrize("until", ["0001-01-01T00:00+14:00", "9999-12-31T23:59-12:00"])
def test_an_embargo_beyond_what_utc_can_write_is_refused(wb, tmp_path: Path, until: str) -> None:
    err = one_error(*wb("embargo", "s", "--until", until)[::2])
    assert repr(until) in err and "out of range" in err
    with sqlite3.connect(tmp_path / "wb.db") as db:
        assert db.execute("SELECT embargo_until FROM releases WHERE slug = 's'").fetchall() == [(None,)]


@pytest.mark.parametrize("command", [("glossary", "accept", HUGE), ("glossary", "reject", HUGE),
                                     ("webhook", "remove", HUGE)])
def test_an_id_larger_than_any_row_is_bad_usage_not_an_internal_error(wb, command: tuple[str, ...]) -> None:
    code, _, err = wb(*command)
    assert code == 2, err
    assert "internal error" not in err and "Traceback" not in err


@pytest.mark.parametrize("command", [("serve", "--port", "99999"), ("api", "--port", "70000"),
                                     ("api", "--port", "-1"), ("serve", "--port", "0")])
def test_a_port_out_of_range_is_bad_usage_before_any_server_starts(
    wb, command: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    def started(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a server was started: {args}")

    monkeypatch.setattr("os.execvp", started)  # serve replaces the process with Streamlit
    monkeypatch.setattr(uvicorn, "run", started)
    code, _, err = wb(*command)
    assert code == 2, err
    assert "is not a port number (1-65535)" in err


def test_a_translator_scoped_to_a_regional_language_works_on_it_as_typed(wb) -> None:
    code, _, err = wb("user", "add", "joao", "--role", "translator", "--langs", "pt-BR", stdin="pw-joao-secret\n")
    assert code == 0, err
    key = keys(wb)[0]
    code, out, err = wb("edit", "s", key, "--to", "pt-BR", "--text", "Rússia. Os líderes tártaros da Crimeia",
                        "--as", "joao", "--json")
    assert code == 0, err
    assert json.loads(out)["version"] == 1


def test_stray_control_characters_of_a_source_are_dropped_so_xml_exports_work(wb, tmp_path: Path,
                                                                              sample_bytes: bytes) -> None:
    text = sample_bytes.decode("utf-8").replace("Ilmi Oumerov et Akhtem", "Ilmi Oumerov\x01 et\x1f Akhtem\x0b", 1)
    (tmp_path / "copied.txt").write_text(text, encoding="utf-8")
    code, out, err = wb("ingest", "copied.txt", "--slug", "copied", "--json")
    assert code == 0, err
    sources = [s["source"] for s in json.loads(out)["segments"]]
    assert any("Ilmi Oumerov et Akhtem Tchigoz à Kiev" in s for s in sources), sources
    assert not any(ch in s for s in sources for ch in "\x01\x1f\x0b")
    code, out, err = wb("export", "copied", "--to", "es", "--format", "xliff,tmx", "--out", "pub", "--json")
    assert code == 0, err
    assert len(json.loads(out)["files"]) == 2


def test_a_target_with_a_control_character_is_refused_by_edit_and_import(wb, tmp_path: Path) -> None:
    first, second = keys(wb)[:2]
    err = one_error(*wb("edit", "s", first, "--to", "es", "--text", "Rusia\x1b[31m", "--as", "op")[::2])
    assert "control character (U+001B at character 6)" in err
    code, out, _ = wb("segments", "s", "--to", "es", "--json")
    assert json.loads(out)["segments"][0]["version"] == 0
    code, _, err = wb("export", "s", "--to", "es", "--out", "pub")
    assert code == 0, err
    po = tmp_path / "pub/es/LC_MESSAGES/s.po"
    catalog = po.read_text(encoding="utf-8").split("\n\n")
    at = next(i for i, e in enumerate(catalog) if f"segment {second} " in e)
    catalog[at] = catalog[at].replace('msgstr ""', 'msgstr "En reacción\x02 a la llegada"')
    po.write_text("\n\n".join(catalog), encoding="utf-8")
    code, out, err = wb("import-po", "s", str(po), "--to", "es", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["applied"] == [] and [c["segment"] for c in result["conflicts"]] == [second]
    assert "control character (U+0002" in result["conflicts"][0]["reason"]
    code, out, _ = wb("segments", "s", "--to", "es", "--json")
    assert all(s["target"] is None for s in json.loads(out)["segments"])


def test_glossary_check_in_the_source_language_is_refused_as_qa_refuses_it(wb) -> None:
    for command in (("qa", "s", "--to", "fr"), ("glossary", "check", "s", "--to", "FR")):
        err = one_error(*wb(*command, "--json")[::2])
        assert "'s' is written in" in err and "choose another target language" in err


def test_a_glossary_csv_with_a_control_character_is_refused_by_line(wb, tmp_path: Path) -> None:
    (tmp_path / "names.csv").write_text("id,kind,fr,en,variants,note\nbelal,person,Bélal,Bel\x01al,,\n",
                                        encoding="utf-8")
    err = one_error(*wb("glossary", "import", "names.csv")[::2])
    assert "names.csv:2:" in err and "'en' of 'belal' holds an invisible control character (U+0001" in err
    _, out, _ = wb("glossary", "proposals", "--json")
    assert json.loads(out)["proposals"] == []
    assert wb("glossary", "export", "terms.tbx")[0] == 0


def test_a_target_language_with_blanks_is_the_language_itself(wb, tmp_path: Path) -> None:
    """`--to " es "` (a pasted value, a quoted variable) passes the check stripped: it is stored stripped too."""
    key = keys(wb)[0]
    steps = [("edit", "s", key, "--to", " es ", "--text", "Rusia. Los líderes tártaros de Crimea", "--as", "op"),
             ("comment", "s", key, "--to", "es ", "--text", "¿Tártaros o tártaros de Crimea?", "--as", "op"),
             ("approve", "s", key, "--to", " es", "--as", "rene-r")]
    for step in steps:
        code, _, err = wb(*step)
        assert code == 0, err
    code, out, err = wb("segments", "s", "--to", "es", "--json")
    first = json.loads(out)["segments"][0]
    assert (first["state"], first["target"], len(first["comments"])) == (
        "approved", "Rusia. Los líderes tártaros de Crimea", 1)
    code, out, _ = wb("history", "s", key, "--to", " es ", "--json")
    assert [e["action"] for e in json.loads(out)["events"]] == ["edit", "approve"]
    with sqlite3.connect(tmp_path / "wb.db") as db:
        assert db.execute("SELECT DISTINCT lang FROM translations").fetchall() == [("es",)]
        assert db.execute("SELECT DISTINCT lang FROM comments").fetchall() == [("es",)]


@pytest.mark.parametrize(("command", "shown"), [
    (("user", "add", "renée", "--role", "translator"), "invalid user name 'renée': ASCII letters (no accents)"),
    (("token", "add", "section-fédérale"), "invalid token name 'section-fédérale': ASCII letters (no accents)"),
    (("ingest", "sample.txt", "--slug", "crimée"), "invalid slug 'crimée': use a-z without accents"),
])
def test_a_name_with_accents_is_told_that_accents_are_the_problem(wb, command: tuple[str, ...], shown: str) -> None:
    err = one_error(*wb(*command, stdin="pw-renee-secret\n")[::2])
    assert shown in err


def test_an_error_naming_a_file_with_a_newline_is_still_one_line(wb, tmp_path: Path) -> None:
    err = one_error(*wb("ingest", "communiqué\nfinal.txt", "--slug", "other")[::2])
    assert err == "workbench: error: communiqué final.txt: no such file\n"
    (tmp_path / "deux\nlignes.po").write_text("pas un catalogue", encoding="utf-8")
    one_error(*wb("import-po", "s", "deux\nlignes.po", "--to", "es")[::2])


def test_init_with_a_malformed_shipped_glossary_file_loads_none_of_them(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = tmp_path / "glossary"
    shipped.mkdir()
    root = Path(__file__).resolve().parents[2]
    (shipped / "a-names.csv").write_bytes((root / "glossary" / "names.csv").read_bytes())
    (shipped / "b-places.csv").write_text("id,kind,fr,en,variants,note\nkyiv,ville,Kiev,Kyiv,,\n", encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_GLOSSARY_DIR", str(shipped))
    err = one_error(*cli("init")[::2])
    assert "b-places.csv:2: unknown kind 'ville'" in err
    with sqlite3.connect(tmp_path / "wb.db") as db:
        assert db.execute("SELECT count(*) FROM glossary_concepts").fetchone() == (0,)
    (shipped / "b-places.csv").unlink()
    code, out, err = cli("init", "--json")
    assert code == 0, err
    assert [g["file"] for g in json.loads(out)["glossary"]] == [str(shipped / "a-names.csv")]


def test_init_says_so_when_it_finds_no_shipped_glossary(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_GLOSSARY_DIR", str(tmp_path / "glosary"))  # mistyped
    code, out, err = cli("init")
    assert code == 0, err
    assert f"warning: no glossary file (.csv, .tbx, .xml) in {tmp_path / 'glosary'}" in out


@pytest.mark.parametrize("langs", ["", ",", " , "])
def test_a_langs_option_that_names_no_language_does_not_open_every_language(wb, langs: str) -> None:
    for command in (("user", "add", "tina", "--role", "translator"), ("token", "add", "section-es"),
                    ("webhook", "add", "https://es.example.org/hook", "--events", "signoff")):
        code, out, err = wb(*command, "--langs", langs, stdin="pw-tina-secret\n")
        assert code == 2 and out == "", err
        assert "names no language" in err
    code, out, _ = wb("user", "list", "--json")
    assert [u["name"] for u in json.loads(out)["users"]] == ["op", "rene-r"]
    assert json.loads(wb("token", "list", "--json")[1])["tokens"] == []
