"""Concordance and filter search: case- and accent-insensitive, phrases across words, newest first."""

from __future__ import annotations

import pytest

from workbench.domain.concordance import ConcordanceIndex, Pair, matches, search_key


def pair(source: str, target: str, origin: str = "rel#1", lang: str = "en") -> Pair:
    return Pair(source, target, "fr", lang, origin, "2026-11-30")


@pytest.mark.parametrize("phrase, text, expected", [
    ("tatars de crimee", "Deux dirigeants Tatars de Crimée libérés", True),
    ("CRIMÉE", "la Crimée occupée", True),
    ("l'ukraine", "vers l’Ukraine continentale", True),  # typographic apostrophe
    ("tatar", "Tatars", True),  # a part of a word
    ("crimée occupée", "Crimée  \n occupée", True),  # any run of spaces
    ("Oumerov", "Ilmi Umerov", False),
    ("", "anything", True),
])
def test_matches_without_case_nor_accents(phrase: str, text: str, expected: bool) -> None:
    assert matches(phrase, text) is expected


def test_search_key_drops_case_and_accents_only() -> None:
    assert search_key("Complément d’information") == "complement d'information"


def test_the_index_finds_phrases_in_sources_and_targets_newest_first() -> None:
    index = ConcordanceIndex.build([
        pair("Les dirigeants tatars de Crimée", "The Crimean Tatar leaders", "old#1"),
        pair("Ilmi Oumerov est arrivé", "Ilmi Umerov arrived", "rel#2"),
        pair("Des Tatars de Crimée ont été arrêtés", "Crimean Tatars were arrested", "new#3"),
        pair("Les dirigeants tatars de Crimée", "Los dirigentes tártaros de Crimea", "es#1", lang="es"),
    ])
    assert [p.origin for p in index.search("tatars de crimee")] == ["es#1", "new#3", "old#1"]
    assert [p.origin for p in index.search("Tatars de Crimée", target_lang="en")] == ["new#3", "old#1"]
    assert [p.origin for p in index.search("crimean tatar")] == ["new#3", "old#1"]  # in the targets
    assert [p.origin for p in index.search("umerov")] == ["rel#2"]
    assert [p.origin for p in index.search("dirigeants tatars de crimée", limit=1)] == ["es#1"]
    assert index.search("tatars de Kiev") == [] and index.search("  ") == []


def test_the_index_agrees_with_a_scan() -> None:
    texts = [f"Segment {i} : les Tatars de Crimée n{'o' * (i % 4)}n {i % 7}" for i in range(300)]
    index = ConcordanceIndex.build(pair(t, t.upper(), f"r#{i}") for i, t in enumerate(texts))
    for phrase in ("tatars de crimee", "crimée noon", "5", "n 3", "segment 12 :", "oo"):
        scanned = [f"r#{i}" for i in reversed(range(len(texts))) if matches(phrase, texts[i])]
        assert [p.origin for p in index.search(phrase, limit=1000)] == scanned, phrase
