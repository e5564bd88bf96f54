"""The review commands of docs/review.md: users, edit, approve, reject, unapprove, signoff, history, backup, restore."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from review_fixtures import RELEASE_MD, cli_operator, es_text


@pytest.fixture
def wb(cli, tmp_path: Path):
    """Run the CLI in-process on an initialised SQLite database holding the small release `rel`."""

    run = cli
    assert run("init")[0] == 0
    cli_operator(run)
    (tmp_path / "rel.md").write_bytes(RELEASE_MD)
    assert run("ingest", "rel.md", "--slug", "rel", "--lang", "fr")[0] == 0
    for name, role in (("tr1", "translator"), ("rv1", "reviewer"), ("rv2", "reviewer")):
        code, _, err = run("user", "add", name, "--role", role, stdin=f"pw-{name}-secret\n")
        assert code == 0, err
    return run


def keys(wb) -> list[str]:
    return [s["id"] for s in json.loads(wb("segments", "rel", "--json")[1])["segments"]]


def ok_json(wb, *args: str) -> dict:
    code, out, err = wb(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def refused(wb, *args: str, stdin: str = "") -> str:
    code, out, err = wb(*args, stdin=stdin)
    assert code == 1 and out == "", (code, out, err)
    assert err.startswith("workbench: error: ") and err.count("\n") == 1 and "Traceback" not in err
    return err


def test_users_add_and_list(wb) -> None:
    code, out, err = wb("user", "add", "ana", "--role", "reviewer", "--langs", "es,en", stdin="hunter2-long\n")
    assert code == 0 and "hunter2" not in out + err
    listed = ok_json(wb, "user", "list")["users"]
    assert {u["name"]: u["langs"] for u in listed}["ana"] == ["en", "es"]
    assert "argon2" not in json.dumps(listed) and "hunter2" not in json.dumps(listed)
    assert "empty password" in refused(wb, "user", "add", "bob", "--role", "reviewer")
    assert "unknown role" in refused(wb, "user", "add", "bob", "--role", "chief", stdin="pw\n")
    assert "exists already" in refused(wb, "user", "add", "ana", "--role", "admin", stdin="pw\n")
    assert ok_json(wb, "user", "disable", "ana")["disabled"] is True


def test_edit_approve_and_refusals(wb) -> None:
    key = keys(wb)[0]
    text = "Dos dirigentes tártaros de Crimea liberados"
    saved = ok_json(wb, "edit", "rel", key, "--to", "es", "--text", text, "--as", "tr1")
    assert saved == {"segment": key, "lang": "es", "state": "translated", "version": 1, "target": text}
    assert "only a reviewer or admin may approve" in refused(wb, "approve", "rel", key, "--to", "es", "--as", "tr1")
    assert ok_json(wb, "approve", "rel", key, "--to", "es", "--as", "rv1") == {
        "slug": "rel", "lang": "es", "approved": [key], "refused": []}
    seg = json.loads(wb("segments", "rel", "--to", "es", "--json")[1])["segments"][0]
    assert (seg["state"], seg["version"]) == ("approved", 2)
    err = refused(wb, "edit", "rel", key, "--to", "es", "--text", "otro", "--as", "tr1", "--version", "1")
    assert "stale" in err and "version 2" in err and "rv1" in err and text in err
    assert "no user 'ghost'" in refused(wb, "edit", "rel", key, "--to", "es", "--text", "x", "--as", "ghost")


def test_four_eyes_on_the_command_line(wb) -> None:
    key = keys(wb)[0]
    ok_json(wb, "edit", "rel", key, "--to", "es", "--text", "texto", "--as", "rv1")
    assert "four-eyes" in refused(wb, "approve", "rel", key, "--to", "es", "--as", "rv1")
    ok_json(wb, "approve", "rel", key, "--to", "es", "--as", "rv2")


def test_reject_unapprove_history(wb) -> None:
    key = keys(wb)[0]
    ok_json(wb, "edit", "rel", key, "--to", "es", "--text", "texto", "--as", "tr1")
    assert wb("reject", "rel", key, "--to", "es", "--as", "rv1")[0] == 2  # --comment is required
    assert ok_json(wb, "reject", "rel", key, "--to", "es", "--as", "rv1", "--comment", "falta el año")["state"] == \
        "needs_edit"
    ok_json(wb, "edit", "rel", key, "--to", "es", "--text", "texto del año", "--as", "tr1", "--version", "2")
    ok_json(wb, "approve", "rel", key, "--to", "es", "--as", "rv1")
    assert ok_json(wb, "unapprove", "rel", key, "--to", "es", "--as", "rv2", "--comment", "fecha")["state"] == \
        "translated"
    history = ok_json(wb, "history", "rel", key, "--to", "es")
    assert set(history) == {"slug", "segment", "lang", "events", "glossary"}
    assert history["glossary"] == {"version": None, "concepts": [], "changes": []}  # no machine draft
    assert [e["action"] for e in history["events"]] == ["edit", "reject", "edit", "approve", "unapprove"]
    assert history["events"][1]["comment"] == "falta el año"
    code, text, _ = wb("history", "rel", key, "--to", "es")
    assert code == 0 and "+ texto del año" in text and "# fecha" in text


def test_approve_all_and_signoff(wb) -> None:
    ids = keys(wb)
    assert wb("approve", "rel", "--to", "es", "--as", "rv1")[0] == 2  # neither SEGMENT nor --all
    assert wb("approve", "rel", ids[0], "--all", "--to", "es", "--as", "rv1")[0] == 2
    for key in ids[:-1]:
        ok_json(wb, "edit", "rel", key, "--to", "es", "--text", es_text(key), "--as", "tr1")
    out = ok_json(wb, "approve", "rel", "--all", "--to", "es", "--as", "rv1")
    assert out["approved"] == ids[:-1] and [r["segment"] for r in out["refused"]] == [ids[-1]]
    assert "not approved in 'es'" in refused(wb, "signoff", "rel", "--to", "es", "--as", "rv1")
    ok_json(wb, "edit", "rel", ids[-1], "--to", "es", "--text", "último", "--as", "tr1")
    ok_json(wb, "approve", "rel", ids[-1], "--to", "es", "--as", "rv2")
    signed = ok_json(wb, "signoff", "rel", "--to", "es", "--as", "rv1")
    assert signed["reviewer"] == "rv1" and signed["segments"] == len(ids)
    assert "only a reviewer or admin may signoff" in refused(wb, "signoff", "rel", "--to", "en", "--as", "tr1")


def test_backup_and_restore(wb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = keys(wb)[0]
    ok_json(wb, "edit", "rel", key, "--to", "es", "--text", "texto", "--as", "tr1")
    made = ok_json(wb, "backup", str(tmp_path / "b.db"))
    assert made["revision"] and Path(made["backup"]).exists()
    assert "exists already" in refused(wb, "backup", str(tmp_path / "b.db"))
    assert "not empty" in refused(wb, "restore", str(tmp_path / "b.db"))
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    restored = ok_json(wb, "restore", str(tmp_path / "b.db"))
    assert restored["counts"]["events"] == 1 and restored["counts"]["users"] == 4  # with the operator
    assert ok_json(wb, "history", "rel", key, "--to", "es")["events"][0]["after"] == "texto"
    assert "no such file" in refused(wb, "restore", str(tmp_path / "missing.db"))


def test_comment_adds_to_the_thread_and_segments_json_carries_it(wb, monkeypatch: pytest.MonkeyPatch) -> None:
    key = keys(wb)[0]
    ok_json(wb, "edit", "rel", key, "--to", "es", "--text", "Dos dirigentes liberados", "--as", "tr1")
    ok_json(wb, "reject", "rel", key, "--to", "es", "--as", "rv1", "--comment", "Falta «tártaros de Crimea»")
    thread = ok_json(wb, "comment", "rel", key, "--to", "es", "--text", "¿Así? @rv1", "--as", "tr1")["comments"]
    assert [(c["author"], c["kind"], c["text"]) for c in thread] == [
        ("rv1", "rejection", "Falta «tártaros de Crimea»"), ("tr1", "comment", "¿Así? @rv1")]
    assert set(thread[0]) == {"author", "at", "text", "kind", "mentions"}  # docs/review.md, with the @mentions
    assert thread[1]["mentions"] == [{"name": "rv1", "start": 6, "end": 10}]  # "@rv1" in "¿Así? @rv1"
    rows = ok_json(wb, "segments", "rel", "--to", "es")["segments"]
    assert rows[0]["comments"] == thread and rows[1]["comments"] == []
    # the acting user from WORKBENCH_USER; neither given: a clear refusal, nothing written
    monkeypatch.setenv("WORKBENCH_USER", "rv2")
    assert ok_json(wb, "comment", "rel", key, "--to", "es", "--text", "Bien")["comments"][-1]["author"] == "rv2"
    monkeypatch.delenv("WORKBENCH_USER")
    code, out, err = wb("comment", "rel", key, "--to", "es", "--text", "?")
    assert code == 2 and out == "" and err == (
        "workbench comment: error: who is acting? give --as USER (or set WORKBENCH_USER to your user name)\n")
    assert "no user 'ghost'" in refused(wb, "comment", "rel", key, "--to", "es", "--text", "?", "--as", "ghost")
    code, out, _ = wb("comment", "rel", key, "--to", "es", "--text", "texto plano", "--as", "tr1")
    assert code == 0 and out.rstrip().endswith("tr1  comment: texto plano")
    assert len(ok_json(wb, "segments", "rel", "--to", "es")["segments"][0]["comments"]) == 4
