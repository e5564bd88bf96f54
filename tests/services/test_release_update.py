"""Ingesting a corrected version of a release (--update): unchanged segments keep their translations and
state, changed ones go to needs_edit with the previous source kept, new ones wait for drafting."""

from __future__ import annotations

import pytest
from review_fixtures import OPERATOR, add_team, operator

from workbench.services import releases, review, setup
from workbench.services.app import App

OLD = "Le 25 octobre, ils ont été libérés contre toute attente et embarqués sur un vol pour la Turquie."
NEW = "Le 25 octobre, ils ont été libérés contre toute attente et embarqués dans un avion pour la Turquie."
CORRECTION = ("embarqués sur un vol pour", "embarqués dans un avion pour")  # as in the raw dump
OLD_EN = "On 25 October, they were unexpectedly released and put on a flight to Türkiye."
ADDED = "Amnesty International demande l’abandon de toutes les poursuites engagées contre eux."


@pytest.fixture
def translated(app: App, sample_bytes: bytes) -> tuple[App, dict[str, str]]:
    """The sample as `s`, with English text on the dated sentence (approved) and on two others (translated)."""
    setup.init_workbench(app)
    add_team(app, ("tr", "rv"))
    releases.ingest_release(app, sample_bytes, name="sample.txt", slug="s", user=operator(app))
    by_source = {seg["source"]: seg["id"] for seg in releases.list_segments(app, "s")["segments"]}
    review.edit(app, "s", by_source[OLD], "en", OLD_EN, "tr")
    review.approve(app, "s", [by_source[OLD]], "en", "rv")
    review.edit(app, "s", by_source["Complément d’information"], "en", "Further information", "tr")
    approved = review.current(app, "s", by_source[OLD], "en")
    assert approved["state"] == "approved"
    return app, by_source


def rows(app: App) -> dict[str, dict]:
    return {seg["source"]: seg for seg in releases.list_segments(app, "s", "en")["segments"]}


def test_a_corrected_sentence_keeps_its_translation_for_editing(translated: tuple[App, dict[str, str]],
                                                                sample_bytes: bytes) -> None:
    app, before = translated
    corrected = sample_bytes.decode().replace(*CORRECTION)
    report = releases.ingest_release(app, corrected.encode(), name="sample-v2.txt", update="s", user=operator(app))
    assert report.as_json()["changed"] == [
        {"id": report.segments[8]["id"], "previous_id": before[OLD], "source": NEW, "previous_source": OLD}
    ]
    now = rows(app)
    assert OLD not in now
    seg = now[NEW]
    assert seg["state"] == "needs_edit" and seg["target"] == OLD_EN and seg["previous_source"] == OLD
    assert {"op": "insert", "text": "dans"} in seg["source_diff"]
    assert seg["id"] != before[OLD]
    # unchanged segments keep their id, text and state
    info = now["Complément d’information"]
    assert info["id"] == before["Complément d’information"] and info["state"] == "translated"
    assert info["target"] == "Further information"
    history = review.history(app, "s", seg["id"], "en")["events"]
    assert [e["action"] for e in history] == ["edit", "approve", "source_changed"]
    assert history[-1]["actor"] == OPERATOR and OLD in history[-1]["comment"]  # who ingested the update
    # the translator fixes it; the reviewer approves it again
    review.edit(app, "s", seg["id"], "en", OLD_EN.replace("put on a flight", "put on a plane"), "tr")
    assert rows(app)[NEW]["state"] == "translated"


def test_added_and_removed_sentences(translated: tuple[App, dict[str, str]], sample_bytes: bytes) -> None:
    app, before = translated
    text = sample_bytes.decode()
    removed = "La communauté tatare de Crimée et le Mejlis sont les principales cibles"
    start = text.index(removed)
    end = text.index("\n", start)
    text = text[:start] + ADDED + text[end:]
    report = releases.ingest_release(app, text.encode(), name="v2.txt", update="s", user=operator(app))
    assert report.as_json()["changed"] == []  # too different to be a corrected version
    now = rows(app)
    assert ADDED in now and now[ADDED]["state"] == "new" and now[ADDED]["target"] is None
    assert not any(src.startswith(removed) for src in now)
    assert now[OLD]["state"] == "approved" and now[OLD]["id"] == before[OLD]
    assert len(now) == 11


def test_an_update_without_changes_changes_nothing(translated: tuple[App, dict[str, str]],
                                                   sample_bytes: bytes) -> None:
    app, _ = translated
    first = rows(app)
    report = releases.ingest_release(app, sample_bytes, name="again.txt", update="s", user=operator(app))
    assert report.changed == []
    assert rows(app) == first


def test_a_sentence_changed_back_returns_to_its_old_row(translated: tuple[App, dict[str, str]],
                                                        sample_bytes: bytes) -> None:
    app, before = translated
    releases.ingest_release(app, sample_bytes.decode().replace(*CORRECTION).encode(), name="v2.txt", update="s",
                            user=operator(app))
    releases.ingest_release(app, sample_bytes, name="v3.txt", update="s", user=operator(app))
    now = rows(app)
    assert OLD in now and NEW not in now
    # the corrected row goes back to its original id, its translation still to be checked
    assert now[OLD]["id"] == before[OLD]


def signed_off(app: App) -> dict[str, str]:
    """The sample in English, every segment approved, signed off by rv; source -> segment id."""
    ids = {seg["source"]: seg["id"] for seg in releases.list_segments(app, "s", "en")["segments"]}
    for source, key in ids.items():
        if rows(app)[source]["state"] != "approved":
            review.edit(app, "s", key, "en", f"[en] {source}", "tr")
    review.approve(app, "s", None, "en", "rv", override="the test's placeholder English")
    review.signoff(app, "s", "en", "rv")
    assert review.signoff_status(app, "s", "en")["signed_off"]
    return ids


def test_an_added_sentence_revokes_the_sign_off_and_an_unchanged_update_keeps_it(
        translated: tuple[App, dict[str, str]], sample_bytes: bytes) -> None:
    app, _ = translated
    signed_off(app)
    releases.ingest_release(app, sample_bytes, name="again.txt", update="s", user=operator(app))
    assert review.signoff_status(app, "s", "en")["signed_off"]  # nothing changed: it stands
    text = sample_bytes.decode().replace("Complément d’information", f"{ADDED}\n\nComplément d’information")
    report = releases.ingest_release(app, text.encode(), name="v2.txt", update="s", user=operator(app))
    assert report.as_json()["revoked"] == ["en"]
    status = review.signoff_status(app, "s", "en")
    assert not status["signed_off"]
    reason = status["signoffs"][-1]["revoked_reason"]
    assert "v2.txt" in reason and ADDED[:30] in reason
    assert rows(app)[ADDED]["state"] == "new"


def test_a_removed_sentence_leaves_the_sign_off_standing(translated: tuple[App, dict[str, str]],
                                                         sample_bytes: bytes) -> None:
    app, _ = translated
    signed_off(app)
    text = sample_bytes.decode()
    start = text.index("La communauté tatare de Crimée et le Mejlis sont les principales cibles")
    text = text[:start] + text[text.index("\n", start):]
    report = releases.ingest_release(app, text.encode(), name="v2.txt", update="s", user=operator(app))
    assert report.as_json()["revoked"] == []
    assert review.signoff_status(app, "s", "en")["signed_off"]  # what remains is all approved text
