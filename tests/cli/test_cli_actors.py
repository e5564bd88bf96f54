"""Every state-changing command acts as a user (--as, default WORKBENCH_USER) and records who ran it (issue 16)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from review_fixtures import cli_operator

DATA = Path(__file__).resolve().parents[1] / "data"
NOBODY = "who is acting? give --as USER (or set WORKBENCH_USER to your user name)"


@pytest.fixture
def wb(cli, tmp_path: Path, sample_bytes: bytes, monkeypatch: pytest.MonkeyPatch):
    """The sample as `s`, the operator, a Spanish translator `tina` and a reviewer `rui`; LOGNAME names the OS user."""
    monkeypatch.setenv("LOGNAME", "press-office")  # getpass.getuser() reads it first
    (tmp_path / "sample.txt").write_bytes(sample_bytes)
    assert cli("init")[0] == 0
    cli_operator(cli)
    for name, role in (("tina", "translator"), ("rui", "reviewer")):
        code, _, err = cli("user", "add", name, "--role", role, "--langs", "es", stdin=f"pw-{name}-secret\n")
        assert code == 0, err
    assert cli("ingest", "sample.txt", "--slug", "s")[0] == 0
    return cli


def ok_json(wb, *args: str) -> dict:
    code, out, err = wb(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def first_key(wb) -> str:
    return str(ok_json(wb, "segments", "s")["segments"][0]["id"])


#: (command, arguments) of every command that changes state or publishes, as a fixture-free table.
def state_changing(tmp_path: Path, key: str) -> list[tuple[str, ...]]:
    po = tmp_path / "es.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: es\\n"\n',
                  encoding="utf-8")
    return [
        ("ingest", "sample.txt", "--slug", "t"),
        ("translate", "s", "--to", "es"),
        ("glossary", "import", str(DATA / "glossary_small.csv")),
        ("tm", "import", str(DATA / "tmx_doctype_system.tmx")),
        ("edit", "s", key, "--to", "es", "--text", "Texto"),
        ("approve", "s", key, "--to", "es"),
        ("reject", "s", key, "--to", "es", "--comment", "no"),
        ("unapprove", "s", key, "--to", "es", "--comment", "no"),
        ("signoff", "s", "--to", "es"),
        ("comment", "s", key, "--to", "es", "--text", "¿Seguro?"),
        ("export", "s", "--to", "es", "--out", str(tmp_path / "out")),
        ("import-po", "s", str(po), "--to", "es"),
        ("embargo", "s", "--lift"),
        ("token", "add", "section-es"),
        ("webhook", "add", "https://es.example.org/hook", "--events", "signoff"),
        ("user", "add", "zoe", "--role", "translator"),
        ("user", "disable", "tina"),
        ("user", "password", "tina"),
    ]


def test_without_as_nor_workbench_user_every_state_changing_command_is_bad_usage(
    wb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = first_key(wb)
    monkeypatch.delenv("WORKBENCH_USER")
    before = ok_json(wb, "segments", "s", "--to", "es")
    for args in state_changing(tmp_path, key):
        code, out, err = wb(*args, stdin="new-secret-123\n")
        assert (code, out) == (2, ""), (args, code, err)
        assert err == f"workbench {args[0]}: error: {NOBODY}\n", args
    assert ok_json(wb, "segments", "s", "--to", "es") == before
    assert wb("segments", "t")[0] == 1  # the ingest wrote nothing
    assert not (tmp_path / "out").exists()
    assert [u["name"] for u in ok_json(wb, "user", "list")["users"]] == ["op", "rui", "tina"]


def test_a_disabled_user_is_refused_on_ingest_translate_and_export(wb, tmp_path: Path) -> None:
    assert wb("user", "disable", "tina")[0] == 0  # as op, the WORKBENCH_USER of the fixture
    for args in (("ingest", "sample.txt", "--slug", "t"), ("translate", "s", "--to", "es"),
                 ("export", "s", "--to", "es", "--out", str(tmp_path / "out"))):
        code, out, err = wb(*args, "--as", "tina")
        assert (code, out, err) == (1, "", "workbench: error: user 'tina' is disabled\n"), args
    assert wb("segments", "t")[0] == 1
    assert all(s["state"] == "new" for s in ok_json(wb, "segments", "s", "--to", "es")["segments"])
    assert not (tmp_path / "out").exists()
    # the same user, enabled again, drafts within their language only
    assert wb("user", "enable", "tina")[0] == 0
    code, _, err = wb("translate", "s", "--to", "en", "--as", "tina")
    assert code == 1 and "works on es only, not 'en'" in err
    assert ok_json(wb, "translate", "s", "--to", "es", "--as", "tina")["drafted"] == 11


def test_workbench_user_is_the_default_and_an_unknown_name_is_refused(wb, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "tina")
    key = first_key(wb)
    assert ok_json(wb, "edit", "s", key, "--to", "es", "--text", "Rusia")["state"] == "translated"
    assert ok_json(wb, "history", "s", key, "--to", "es")["events"][-1]["actor"] == "tina"
    code, _, err = wb("glossary", "import", str(DATA / "glossary_small.csv"))  # a translator: not the term base
    assert code == 1 and "only a reviewer or admin may change the glossary" in err
    monkeypatch.setenv("WORKBENCH_USER", "ghost")
    code, _, err = wb("ingest", "sample.txt", "--slug", "t")
    assert code == 1 and "no user 'ghost'" in err
    assert wb("ingest", "sample.txt", "--slug", "t", "--as", "rui")[0] == 0  # --as wins over the variable


def test_each_event_records_the_acting_user_and_the_os_user(wb) -> None:
    key = first_key(wb)
    ok_json(wb, "translate", "s", "--to", "es", "--as", "tina")
    ok_json(wb, "edit", "s", key, "--to", "es", "--text", "Rusia: los dirigentes tártaros", "--as", "tina")
    ok_json(wb, "approve", "s", key, "--to", "es", "--as", "rui")
    events = ok_json(wb, "history", "s", key, "--to", "es")["events"]
    assert [(e["actor"], e["action"], e["details"]) for e in events] == [
        ("engine:apertium", "draft", {"asked_by": "tina", "os_user": "press-office"}),
        ("tina", "edit", {"os_user": "press-office"}),
        ("rui", "approve", {"os_user": "press-office"}),
    ]
    assert events[0]["comment"] == "apertium fr→es"  # the details do not leak into the comment
    code, out, _ = wb("history", "s", key, "--to", "es")
    assert code == 0 and "(asked by tina, os user press-office)" in out
