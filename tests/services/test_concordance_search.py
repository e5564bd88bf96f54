"""Concordance search over the memory (every release's approvals and imported units), SQLite and PostgreSQL."""

from __future__ import annotations

from review_fixtures import add_team, ingest_small

from workbench.services import concordance, releases, review
from workbench.services.app import App


def test_a_phrase_finds_the_approved_pairs_with_their_release_and_date(app: App) -> None:
    add_team(app, ("tr", "rv"))
    keys = ingest_small(app, "first")
    review.edit(app, "first", keys[0], "es", "Dos dirigentes tártaros de Crimea liberados", "tr")
    review.edit(app, "first", keys[1], "es", "Ilmi Umerov y Akhtem Chiygoz llegaron a Kiev.", "tr")
    review.approve(app, "first", keys[:2], "es", "rv")
    found = concordance.search(app, "TATARS DE CRIMEE")["pairs"]
    assert [(p["release"], p["segment"], p["target"]) for p in found] == [
        ("first", keys[0], "Dos dirigentes tártaros de Crimea liberados")]
    assert found[0]["date"] and found[0]["source_lang"] == "fr" and found[0]["target_lang"] == "es"
    assert [p["segment"] for p in concordance.search(app, "tártaros", target_lang="es")["pairs"]] == [keys[0]]
    assert concordance.search(app, "tártaros", target_lang="en")["pairs"] == []
    # a new approval joins the index; a rejected one leaves it
    more = ingest_small(app, "second")
    review.edit(app, "second", more[0], "es", "Los dirigentes tártaros de Crimea, libres", "tr")
    review.approve(app, "second", [more[0]], "es", "rv")
    assert [p["release"] for p in concordance.search(app, "de Crimea")["pairs"]] == ["second", "first"]
    review.reject(app, "first", keys[0], "es", "rv", "otra palabra")
    assert [p["release"] for p in concordance.search(app, "de Crimea")["pairs"]] == ["second"]


def test_the_editor_filter_keeps_segments_whose_source_or_target_holds_the_text(app: App) -> None:
    add_team(app, ("tr",))
    keys = ingest_small(app)
    review.edit(app, "rel", keys[2], "es", "Amnistía Internacional pide que se abandonen", "tr")
    page = releases.list_segments_page(app, "rel", "es", query="amnistia")
    assert page["total"] == 1 and [s["id"] for s in page["segments"]] == [keys[2]]
    assert [s["id"] for s in releases.list_segments_page(app, "rel", "es", query="CRIMÉE")["segments"]] == [keys[0]]
    assert releases.list_segments_page(app, "rel", "es", query="")["total"] == len(keys)
