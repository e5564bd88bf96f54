"""Translation-memory lookups: exact and in-context matches, fuzzy scores equal to brute force, diffs."""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from workbench.domain.tm import (
    MemoryIndex,
    Unit,
    context_key,
    diff,
    diff_text,
    fuzzy_key,
    length_window,
    normalise,
    source_hash,
)

SOURCES = [
    "Complément d’information",
    "Le 25 octobre, ils ont été libérés contre toute attente et embarqués sur un vol pour la Turquie.",
    "La communauté tatare de Crimée et le Mejlis sont les principales cibles des persécutions politiques "
    "orchestrées par les autorités russes depuis le début de l’occupation.",
    "Il a fait appel.",
    "Il a fait appel de la décision.",
]
TARGETS = [
    "Further information",
    "On 25 October, they were unexpectedly released and put on a flight to Turkey.",
    "The Crimean Tatar community and the Mejlis are the main targets of political persecution by the Russian "
    "authorities since the occupation began.",
    "He appealed.",
    "He appealed against the decision.",
]


@pytest.fixture
def index() -> MemoryIndex:
    return MemoryIndex.build(Unit(i, s, t, origin=f"old#{i}") for i, (s, t) in enumerate(zip(SOURCES, TARGETS,
                                                                                               strict=True)))


def test_keys_ignore_spacing_and_fuzzy_keys_case() -> None:
    assert normalise("Il  a\u00a0fait\nappel. ") == "Il a fait appel."
    assert source_hash("Il a fait\u00a0appel.") == source_hash("Il a fait appel.")
    assert fuzzy_key("IL A Fait appel.") == "il a fait appel."


#: Every character str.split() splits on, a combining accent (NFC composes it) and plain text.
_SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())


@given(st.lists(st.sampled_from([" ", "a", "é", "e\u0301", "."]) | st.sampled_from(_SPACES), max_size=12).map("".join)
       | st.text(max_size=30))
@example("a  b")
@example(" a")
@example("a ")
@example("a\u00a0b\n")
@example("e\u0301\u2003")
def test_the_exact_key_is_nfc_with_every_whitespace_run_one_space(text: str) -> None:
    # normalise returns most texts without splitting them: the shortcut must give split/join's key
    assert normalise(text) == " ".join(unicodedata.normalize("NFC", text).split())


def test_exact_match_finds_the_same_source_whatever_the_spacing(index: MemoryIndex) -> None:
    (match,) = index.exact("Complément\u00a0d’information ")
    assert match.kind == "exact" and match.score == 100.0 and match.unit.target == "Further information"
    assert index.exact("complément d’information") == []  # case is content for an exact match


def test_in_context_match_comes_first_then_newest() -> None:
    ctx = context_key("Le titre.", "La suite.")
    units = [Unit(1, "Il a fait appel.", "He appealed.", context=ctx),
             Unit(2, "Il a fait appel.", "He lodged an appeal."),
             Unit(3, "Il a fait appel.", "An appeal was lodged.")]
    idx = MemoryIndex.build(units)
    found = idx.exact("Il a fait appel.", ctx)
    assert [(m.unit.id, m.kind) for m in found] == [(1, "in-context"), (3, "exact"), (2, "exact")]
    assert [m.unit.id for m in idx.exact("Il a fait appel.", context_key("Autre.", None))] == [3, 2, 1]


def test_fuzzy_match_scores_and_excludes_exact(index: MemoryIndex) -> None:
    query = "Le 25 octobre, ils ont été libérés contre toute attente et embarqués dans un avion pour la Turquie."
    (match,) = index.fuzzy(query, 75)
    assert match.kind == "fuzzy" and match.unit.id == 1
    assert match.score == round(fuzz.ratio(fuzzy_key(query), fuzzy_key(SOURCES[1])), 1)
    assert 75 <= match.score < 100
    assert index.fuzzy(SOURCES[1], 75) == []  # the exact unit is an exact match, not a fuzzy one
    assert index.fuzzy("Un tout autre texte sans rapport avec la mémoire.", 75) == []


def test_a_query_of_frequent_words_only_is_answered_by_the_scan_fallback(index: MemoryIndex) -> None:
    # rare_limit=1: no token is rare enough, every query takes the scan fallback
    scan = MemoryIndex.build(index.units, rare_limit=1)
    found = scan.fuzzy("Il a fait appel de sa décision.", 75)
    assert [m.unit.id for m in found][:1] == [4]
    assert found == index.fuzzy("Il a fait appel de sa décision.", 75)


def _sentence(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(5, 25)))


@pytest.mark.parametrize("rare_limit", [0, 3])
def test_best_score_equals_brute_force(rare_limit: int) -> None:
    rng = random.Random(5)
    words = [f"w{i}" for i in range(400)] + ["de", "la", "le", "et"] * 50
    memory = [_sentence(rng, words) for _ in range(3000)]
    idx = MemoryIndex.build((Unit(i, s, "t") for i, s in enumerate(memory)), rare_limit=rare_limit)
    keys = [fuzzy_key(s) for s in memory]
    queries = []
    for i in range(150):
        base = rng.choice(memory).split()
        if i % 3:
            base[rng.randrange(len(base))] = rng.choice(words)
        queries.append(" ".join(base) if i % 5 else _sentence(rng, words))
    for q in queries:
        best = process.extractOne(fuzzy_key(q), keys, scorer=fuzz.ratio, score_cutoff=75)
        assert idx.best_score(q, 75) == (None if best is None else float(best[1])), q


def test_units_added_later_are_found() -> None:
    idx = MemoryIndex.build([])
    assert idx.fuzzy("Il a fait appel.", 75) == [] and len(idx) == 0
    idx.add(Unit(7, "Il a fait appel.", "He appealed."))
    idx.add(Unit(8, "Elle a fait appel.", "She appealed."))
    assert {m.unit.id for m in idx.fuzzy("Ils ont fait appel.", 75)} == {7, 8}
    assert idx.exact("Il a fait appel.")[0].unit.id == 7


def test_length_window_bounds_the_best_possible_ratio() -> None:
    low, high = length_window(100, 75)
    assert (low, high) == (60, 167)
    assert fuzz.ratio("a" * 100, "a" * 59) < 75 <= fuzz.ratio("a" * 100, "a" * 60)


def test_diff_shows_what_changed_in_the_source() -> None:
    old = "ils ont été libérés et embarqués sur un vol pour la Turquie."
    new = "ils ont été libérés et embarqués dans un avion pour la Turquie."
    ops = diff(old, new)
    assert {"op": "delete", "text": "sur"} in ops and {"op": "insert", "text": "dans"} in ops
    assert "".join(d["text"] for d in ops if d["op"] != "insert") == old
    assert "".join(d["text"] for d in ops if d["op"] != "delete") == new
    assert diff_text(old, new) == ("ils ont été libérés et embarqués [-sur-]{+dans+} un [-vol-]{+avion+} pour la "
                                   "Turquie.")
