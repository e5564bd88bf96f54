"""The rules drafting applies around masked spans, each shown on a real raw Apertium output.

Every row keeps the raw output Apertium 3.9 (Debian apertium-fr-es, apertium-eng-spa) printed for
the masked source, and what the repair makes of it.
"""

from __future__ import annotations

import pytest
from apertium_fixtures import (
    ARTICLES,
    INDEFINITE_DES,
    KINDS,
    MATCHER,
    PLACEHOLDER_RE,
    PLACES,
    TERMS,
    TITLES,
    placeholder,
)

from workbench.domain.english_articles import drop_the_before_mass_noun, english_indefinite
from workbench.domain.french_articles import drop_indefinite_des
from workbench.domain.inclusive_writing import read_inclusive
from workbench.domain.masking import mask, unmask
from workbench.domain.place_grammar import repair_before_place
from workbench.domain.spanish_articles import drop_subject_pronoun, gender_number
from workbench.domain.titles import find_titles, name_after, target_title


def draft(source: str, raw: str, target: str) -> str:
    """What unmask makes of Apertium's ``raw`` output for ``source`` masked as drafting masks it."""
    masked = mask(source, MATCHER.scan(source, "fr").matches, placeholder, find_titles(source, "fr"))
    forms = {cid: TERMS.target_form(cid, target, "").form for cid in TERMS.concepts}
    return unmask(raw, masked, forms, PLACEHOLDER_RE, target, KINDS).text




@pytest.mark.parametrize(("source", "target", "raw", "expected"), PLACES)
def test_articles_and_prepositions_before_places(source: str, target: str, raw: str, expected: str) -> None:
    assert draft(source, raw, target) == expected


@pytest.mark.parametrize(("source", "target", "raw", "expected"), ARTICLES)
def test_spanish_articles_agree_with_the_restored_term(source: str, target: str, raw: str, expected: str) -> None:
    assert draft(source, raw, target) == expected


@pytest.mark.parametrize(("form", "expected"), [
    ("violaciones de derechos humanos", ("f", True)), ("autoridades iraníes", ("f", True)),
    ("presos de conciencia", ("m", True)), ("defensores de los derechos humanos", ("m", True)),
    ("Unión Europea", ("f", False)), ("Consejo de Derechos Humanos", ("m", False)), ("programa", ("m", False)),
    ("Tribunal Supremo", None), ("Comité contra la Tortura", None), ("crisis", ("f", False)),
])
def test_gender_and_number_from_the_ending(form: str, expected: tuple[str, bool] | None) -> None:
    assert gender_number(form) == expected


@pytest.mark.parametrize(("prefix", "target", "expected"), [
    ("from Simferopol to ", "en", "from Simferopol to "),  # a route keeps its destination
    ("were deported to ", "en", "were deported to "),
    ("Fueron trasladados a ", "es", "Fueron trasladados a "),
    ("Viven a ", "es", "Viven en "),
    ("The ", "en", ""),
    ("", "en", ""),
    ("vive en ", "de", "vive en "),  # no rules for this language: unchanged
])
def test_place_prefix_rules(prefix: str, target: str, expected: str) -> None:
    assert repair_before_place(prefix, target) == expected




@pytest.mark.parametrize(("source", "target", "raw", "expected"), TITLES)
def test_titles_stay_with_their_names(source: str, target: str, raw: str, expected: str) -> None:
    assert draft(source, raw, target) == expected


def test_raw_apertium_keeps_the_french_title() -> None:
    """What the rule replaces: the title left to the engine (fr→es→en, measured)."""
    masked = mask("M. Oumerov a déclaré", [], placeholder, [])
    assert masked.text == "M. Oumerov a déclaré"  # without titles nothing is masked: Apertium prints "M. …"
    titled = mask("M. Oumerov a déclaré", [], placeholder, find_titles("M. Oumerov a déclaré", "fr"))
    assert titled.text == "Zx1q a déclaré"


@pytest.mark.parametrize(("text", "found"), [
    ("Selon M. Oleg Orlov, la Mme est là.", [("M.", "mr", "Oleg Orlov")]),  # "la Mme" precedes no name
    ("M.A. Dupont", []),
    ("M. le président", []),  # "le" is no name
    ("Mme Ioulia Navalnaïa-Abramova et", [("Mme", "ms", "Ioulia Navalnaïa-Abramova")]),
    ("Dr Denis Mukwege", [("Dr", "dr", "Denis Mukwege")]),
])
def test_find_titles(text: str, found: list[tuple[str, str, str]]) -> None:
    got = [(text[t.start:t.end], t.key, text[t.name_start:name_after(text, t)]) for t in find_titles(text, "fr")]
    assert got == found


def test_title_forms() -> None:
    assert target_title("mr", "en-GB") == "Mr"
    assert target_title("lawyer", "en") == ""  # no title in English: the name alone
    assert target_title("mr", "xx") is None


@pytest.mark.parametrize(("text", "expected"), [
    # Raw Apertium: "Los militant·e·s han sido arrêté·e·s." / "The militant·and·s have been arrêté·and·s."
    ("Les militant·e·s ont été arrêté·e·s.", "Les militants ont été arrêtés."),
    ("tou·te·s les défenseur·e·s des droits humains", "tous les défenseurs des droits humains"),
    ("les acteur·rice·s et les citoyen.ne.s", "les acteurs et les citoyens"),
    ("les militant(e)s", "les militants"),
    ("des journalistes nombreux·ses", "des journalistes nombreux"),
    ("Il est né. Elle aussi.", "Il est né. Elle aussi."),
    ("M. Orlov, art. 20.3.3 du code", "M. Orlov, art. 20.3.3 du code"),
])
def test_inclusive_writing_is_read_before_the_engine(text: str, expected: str) -> None:
    assert read_inclusive(text) == expected


@pytest.mark.parametrize(("masked", "dropped", "raw"), INDEFINITE_DES)
def test_the_indefinite_des_after_a_copula_is_left_out(
    masked: str, dropped: str, raw: dict[str, tuple[str, str]]
) -> None:
    assert drop_indefinite_des(masked, PLACEHOLDER_RE.pattern) == dropped
    # What Apertium wrote with "des" ("are of the …") and writes without it ("are …").
    assert all("of the" in with_des or "de los" in with_des for with_des, _ in raw.values())
    assert not any("of the" in without or "de los" in without for _, without in raw.values())


@pytest.mark.parametrize("text", [
    "la libération des Zx1q",  # de + les after a noun: the article is right
    "Ils dénoncent des Zx1q",  # no copula
    "Ils sont des militants",  # no masked term after it
])
def test_des_elsewhere_is_kept(text: str) -> None:
    assert drop_indefinite_des(text, PLACEHOLDER_RE.pattern) == text


@pytest.mark.parametrize(("prefix", "form", "expected"), [
    ("a ", "enforced disappearance", "an "), ("an ", "crackdown", "a "), ("A ", "unfair trial", "An "),
    ("a ", "UN body", "a "), ("a ", "FSB officer", "an "), ("a ", "European court", "a "),
    ("a ", "union", "a "), ("a ", "hour", "an "), ("Amnesty said a ", "one-year sentence", "Amnesty said a "),
    ("in ", "enforced disappearance", "in "),
])
def test_english_a_or_an_before_a_restored_form(prefix: str, form: str, expected: str) -> None:
    assert english_indefinite(prefix, form) == expected


@pytest.mark.parametrize(("prefix", "form", "expected"), [
    # Raw spa-eng: "forbid the arbitrary detention", "to express the freedom of expression".
    ("and forbid the ", "arbitrary detention", "and forbid "),
    ("The ", "freedom of expression", ""),
    ("in violation of the ", "international humanitarian law", "in violation of "),
    ("to abolish the ", "death penalty", "to abolish the "),  # English keeps this one
    ("the ", "human rights violations", "the "),
    ("the ", "enforced disappearances", "the "),  # a plural may be specific: left
])
def test_the_before_a_term_english_writes_bare(prefix: str, form: str, expected: str) -> None:
    assert drop_the_before_mass_noun(prefix, form) == expected


@pytest.mark.parametrize(("prefix", "expected"), [
    ("Ellos ", ""),  # raw fr-es for "Ils doivent être autorisés." masked: "Ellos Zx1q estar autorizados."
    ("«Ellas ", "«"),
    ("Lo dijeron. Ellos ", "Lo dijeron. "),
    ("y ellos ", "y ellos "),  # inside a sentence the pronoun may be contrastive: kept
])
def test_spanish_subject_pronoun_before_a_masked_verb(prefix: str, expected: str) -> None:
    assert drop_subject_pronoun(prefix) == expected
