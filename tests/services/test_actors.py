"""Every service that changes state or publishes checks its acting user itself; the history names them (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_fixtures import RELEASE_MD, add_team, ingest_small, operator

from workbench.domain.glossary import Concept
from workbench.errors import AccountDisabledError, NotFoundError, PermissionDeniedError
from workbench.services import drafting, glossary, memory, publishing, releases, review, users
from workbench.services.app import App
from workbench.services.export import export

DATA = Path(__file__).resolve().parents[1] / "data"


def _refusals(app: App, user: str, tmp_path: Path) -> dict[str, Exception]:
    """Each state-changing service called as ``user``: what it raised (nothing raised is a failure)."""
    calls = {
        "ingest": lambda: releases.ingest_release(app, RELEASE_MD, name="n.md", lang="fr", slug="new", user=user),
        "update": lambda: releases.ingest_release(app, RELEASE_MD, name="n.md", lang="fr", update="rel", user=user),
        "translate": lambda: drafting.translate_release(app, "rel", "es", user=user),
        "export": lambda: export(app, "rel", "es", tmp_path / "out", user=user),
        "glossary import": lambda: glossary.import_file(app, DATA / "glossary_small.csv", user=user),
        "concept": lambda: glossary.save_concept(app, Concept(id="x_y", kind="person", forms={"fr": "X Y"}), user),
        "tm import": lambda: memory.import_tmx(app, DATA / "tmx_doctype_system.tmx", user=user),
        "add user": lambda: users.add_user(app, "zoe", "translator", "pw-zoe", by=user),
        "embargo": lambda: publishing.set_embargo(app, "rel", None, user),
    }
    out: dict[str, Exception] = {}
    for name, call in calls.items():
        with pytest.raises(PermissionDeniedError) as refused:
            call()
        out[name] = refused.value
    return out


def test_a_disabled_user_is_refused_by_every_service_and_nothing_is_written(app: App, tmp_path: Path) -> None:
    add_team(app, ("ad", "tr"))
    ingest_small(app)
    users.set_disabled(app, "ad", by=operator(app))
    refused = _refusals(app, "ad", tmp_path)
    assert all(isinstance(e, AccountDisabledError) and str(e) == "user 'ad' is disabled" for e in refused.values())
    assert [r["slug"] for r in releases.list_releases(app)] == ["rel"]
    assert all(s["state"] == "new" for s in releases.list_segments(app, "rel", "es")["segments"])
    assert not (tmp_path / "out").exists()
    assert memory.stats(app)["pairs"] == []
    assert "x_y" not in glossary.termbase(app).concepts
    assert [u["name"] for u in users.list_users(app)] == ["ad", "op", "tr"]


def test_roles_and_languages_are_checked_in_the_services(app: App, tmp_path: Path) -> None:
    add_team(app, ("tr", "tr_es", "rv"))
    ingest_small(app)
    refused: dict[str, Exception] = {}
    # a translator ingests, drafts and exports their languages, but neither updates a release nor
    # changes the term base, the memory, the users or an embargo
    for name, call in {
        "update": lambda: releases.ingest_release(app, RELEASE_MD, name="n.md", lang="fr", update="rel", user="tr"),
        "glossary": lambda: glossary.import_file(app, DATA / "glossary_small.csv", user="tr"),
        "memory": lambda: memory.import_tmx(app, DATA / "tmx_doctype_system.tmx", user="tr"),
        "users": lambda: users.add_user(app, "zoe", "translator", "pw-zoe", by="tr"),
        "embargo": lambda: publishing.set_embargo(app, "rel", None, "tr"),
    }.items():
        with pytest.raises(PermissionDeniedError, match="user 'tr' is a translator: only") as exc:
            call()
        refused[name] = exc.value
    assert "only a reviewer or admin may update a release" in str(refused["update"])
    assert "only an admin may manage users" in str(refused["users"])
    with pytest.raises(PermissionDeniedError, match="works on es only, not 'en'"):
        drafting.translate_release(app, "rel", "en", user="tr_es")
    with pytest.raises(PermissionDeniedError, match="works on es only, not 'en'"):
        export(app, "rel", "es,en", tmp_path / "out", user="tr_es")
    assert not (tmp_path / "out").exists()
    with pytest.raises(NotFoundError, match="no user 'ghost'"):
        releases.ingest_release(app, RELEASE_MD, name="n.md", lang="fr", slug="new", user="ghost")
    assert releases.ingest_release(app, RELEASE_MD, name="n.md", lang="fr", slug="new", user="tr").created
    assert export(app, "rel", "es", tmp_path / "out", user="tr_es")["files"]


def test_the_first_user_needs_no_actor_and_every_later_one_an_admin(app: App) -> None:
    users.add_user(app, "boss", "admin", "pw-boss", by="boss")  # nobody to check against yet
    with pytest.raises(PermissionDeniedError, match="who is acting"):
        users.add_user(app, "ana", "translator", "pw-ana")
    users.add_user(app, "ana", "translator", "pw-ana", by="boss")
    with pytest.raises(PermissionDeniedError, match="who is acting"):
        users.set_disabled(app, "ana")
    with pytest.raises(PermissionDeniedError, match="only an admin may manage users"):
        users.set_password(app, "boss", "pw-ana-wins", by="ana")


def test_drafts_record_the_engine_and_who_asked_and_the_release_history_each_step(
    app: App, tmp_path: Path
) -> None:
    add_team(app, ("tr_es", "rv"))
    keys = ingest_small(app)
    key = keys[0]
    app.os_user = "press-office"  # as the command line sets it
    result = drafting.translate_release(app, "rel", "es", user="tr_es")
    assert result["drafted"] == len(keys)
    events = review.history(app, "rel", key, "es")["events"]
    assert [(e["actor"], e["details"]) for e in events] == [
        ("engine:apertium", {"asked_by": "tr_es", "os_user": "press-office"})]
    export(app, "rel", "es", tmp_path / "out", formats="po", user="rv")
    history = publishing.release_history(app, "rel")["events"]
    assert [(e["actor"], e["action"]) for e in history] == [("op", "ingest"), ("tr_es", "translate"), ("rv", "export")]
    assert history[0]["details"] == {"source": "rel.md", "lang": "fr", "segments": len(keys)}
    assert history[1]["details"] == {"lang": "es", "engine": "apertium", "drafted": len(keys), "failed": 0,
                                     "os_user": "press-office"}
    assert history[2]["details"] == {"langs": ["es"], "formats": ["po"], "os_user": "press-office"}
    assert all(e["after"] is None for e in history)


def test_a_user_disabled_during_a_drafting_run_stops_it(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    add_team(app, ("tr_es",))
    ingest_small(app)
    from workbench.services import engine_drafting

    save = engine_drafting._save

    def disable_then_save(*args, **kwargs):  # the admin disables tr_es while the engine runs
        users.set_disabled(app, "tr_es", by="op")
        return save(*args, **kwargs)

    monkeypatch.setattr(engine_drafting, "_save", disable_then_save)
    with pytest.raises(AccountDisabledError):
        drafting.translate_release(app, "rel", "es", user="tr_es")
    assert all(s["state"] == "new" for s in releases.list_segments(app, "rel", "es")["segments"])
