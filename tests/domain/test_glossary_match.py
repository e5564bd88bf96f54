"""Matcher on the reference names (../shared/reference/transliteration-names.csv) and the sample release."""

from __future__ import annotations

from itertools import pairwise

import pytest
from glossary_fixtures import reference_termbase, sample_release_body
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.domain.glossary import Concept, Termbase
from workbench.domain.glossary_match import EXACT_CASE, INITIAL_CAPITAL, Ambiguity, Matcher, case_mode, fold

# Acronyms and short terms whose lower-case spelling is an ordinary French word.
SHORT_TERMS = [
    Concept("sa_company", "term", {"fr": "SA", "en": "PLC"}),  # société anonyme / the possessive "sa"
    Concept("on_party", "org", {"fr": "ON", "en": "ON"}),  # a party's acronym / the pronoun "on"
    Concept("mai_treaty", "term", {"fr": "MAI", "en": "MAI"}),  # a treaty / the month "mai"
    Concept("un", "org", {"fr": "ONU", "en": "UN"}),  # "un" is the French article
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    base = reference_termbase()
    return Matcher(Termbase.of([*base.concepts.values(), *SHORT_TERMS]))


def found(matcher: Matcher, text: str, lang: str | None = "fr") -> list[tuple[str, str]]:
    return [(m.text, m.concept_id) for m in matcher.scan(text, lang).matches]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the sample's own sentences
        ("Ilmi Oumerov et Akhtem Tchigoz à Kiev",
         [("Ilmi Oumerov", "ilmi_umerov"), ("Akhtem Tchigoz", "akhtem_chiygoz"), ("Kiev", "kyiv")]),
        ("les deux responsables adjoints du Meijlis, l’organe", [("Meijlis", "mejlis")]),
        # the surname alone, after a title or a preposition
        ("M. Oumerov a déclaré", [("Oumerov", "ilmi_umerov")]),
        ("selon Oumerov, la Crimée", [("Oumerov", "ilmi_umerov"), ("Crimée", "crimea")]),
        # at the very start and end of the text, next to punctuation and guillemets
        ("Kiev", [("Kiev", "kyiv")]),
        ("Oumerov.", [("Oumerov", "ilmi_umerov")]),
        ("«Mejlis»", [("Mejlis", "mejlis")]),
        ("« Mejlis »", [("Mejlis", "mejlis")]),
        ("(Tchernihiv)", [("Tchernihiv", "chernihiv")]),
        ("Tchigoz,Oumerov;Kiev!", [("Tchigoz", "akhtem_chiygoz"), ("Oumerov", "ilmi_umerov"), ("Kiev", "kyiv")]),
        # hyphenated and accented names, and the variant without the hyphen
        ("Emir-Usein Kuku est détenu", [("Emir-Usein Kuku", "emir_usein_kuku")]),
        ("Emir Ousseïn Koukou est détenu", [("Emir Ousseïn Koukou", "emir_usein_kuku")]),
        ("la fondation d’Alexeï Navalny", [("Alexeï Navalny", "alexei_navalny")]),
        # a capitalised heading: names and long terms ignore case
        ("ILMI OUMEROV ET AKHTEM TCHIGOZ LIBÉRÉS",
         [("ILMI OUMEROV", "ilmi_umerov"), ("AKHTEM TCHIGOZ", "akhtem_chiygoz")]),
        ("OUMEROV LIBÉRÉ", [("OUMEROV", "ilmi_umerov")]),
        # no match inside a longer word, on either side
        ("Kievskaïa, Oumerovitch, SuperMejlis", []),
        # a one-word name written in lower case is an ordinary word ("memorial" in English)
        ("a memorial service for the victims", []),
        ("Memorial was dissolved", [("Memorial", "memorial")]),
        # acronyms and short terms are case-sensitive
        ("sa famille et la SA", [("SA", "sa_company")]),
        ("on dit que l’ON a voté", [("ON", "on_party")]),
        ("le 5 mai, le MAI", [("MAI", "mai_treaty")]),
        ("un rapport de l’ONU", [("ONU", "un")]),
        ("la Fondation anticorruption (ACF/FBK)", [("Fondation anticorruption", "fbk_anticorruption_foundation"),
                                                  ("ACF/FBK", "fbk_anticorruption_foundation_acronym")]),
        # the Italian variant written in lower case is a spelling of its own
        ("il mejlis dei tatari", [("mejlis", "mejlis")]),
    ],
)
def test_finds_terms(matcher: Matcher, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(matcher, text) == expected


def test_offsets_are_exact_in_the_original_text(matcher: Matcher) -> None:
    # 'İ'.lower() is two code points: a naive lower() shifts every offset after it.
    text = "İSTANBUL : selon İlmi Ümerov, puis Ilmi Oumerov à Kiev."
    scan = matcher.scan(text, "fr")
    assert [(text[m.start : m.end], m.concept_id) for m in scan.matches] == [
        ("İlmi Ümerov", "ilmi_umerov"), ("Ilmi Oumerov", "ilmi_umerov"), ("Kiev", "kyiv"),
    ]
    assert all(m.text == text[m.start : m.end] for m in scan.matches)
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "term", "elision"),
    [
        ("la libération d’Ilmi Oumerov", "Ilmi Oumerov", "d’"),
        ("la libération d'Ilmi Oumerov", "Ilmi Oumerov", "d'"),
        ("D’Ilmi Oumerov, on sait peu", "Ilmi Oumerov", "D’"),
        ("l’Iabloko a protesté", "Iabloko", "l’"),
        ("L’ONU a protesté", "ONU", "L’"),
        ("ce qu’Oumerov a dit", "Oumerov", "qu’"),
        ("jusqu’Oumerov", "Oumerov", "jusqu’"),
        ("Ilmi Oumerov", "Ilmi Oumerov", ""),
        # an apostrophe after a word that is not an elided article is not an elision
        ("aujourd’Oumerov", "Oumerov", ""),
    ],
)
def test_french_elision(matcher: Matcher, text: str, term: str, elision: str) -> None:
    (m,) = matcher.scan(text, "fr").matches
    assert (m.text, m.elision) == (term, elision)
    assert text[m.start - len(m.elision) : m.start] == elision


def test_surname_only_is_flagged(matcher: Matcher) -> None:
    full, alone = matcher.scan("Ilmi Oumerov, puis M. Oumerov", "fr").matches
    assert (full.surname_only, alone.surname_only) == (False, True)


def test_shared_surname_is_an_ambiguity_naming_both(matcher: Matcher) -> None:
    text = "Oleg Orlov de Memorial et Alexandre Orlov de Stoptime ; Orlov a été libéré."
    scan = matcher.scan(text, "fr")
    assert [(m.text, m.concept_id) for m in scan.matches] == [
        ("Oleg Orlov", "oleg_orlov"), ("Memorial", "memorial"),
        ("Alexandre Orlov", "alexander_orlov_stoptime"), ("Stoptime", "stoptime_band"),
    ]
    assert scan.ambiguous == (Ambiguity(text.rindex("Orlov"), text.rindex("Orlov") + 5, "Orlov",
                                        ("oleg_orlov", "alexander_orlov_stoptime")),)


def test_longest_match_wins_and_matches_do_not_overlap(matcher: Matcher) -> None:
    # "Crimée" is a concept of its own, inside "Tatars de Crimée"; "Orlov" inside "Oleg Orlov".
    assert found(matcher, "les Tatars de Crimée et Oleg Orlov") == [
        ("Tatars de Crimée", "crimean_tatars"), ("Oleg Orlov", "oleg_orlov"),
    ]


def test_boundaries_are_checked_before_the_longest_match_is_chosen() -> None:
    # The longer key "Kiev Oblast" ends inside a word here; the shorter valid "Kiev" must survive.
    tb = Termbase.of([
        Concept("kyiv", "place", {"fr": "Kiev", "en": "Kyiv"}),
        Concept("kyiv_oblast", "place", {"fr": "Kiev Oblast", "en": "Kyiv Oblast"}),
    ])
    assert found(Matcher(tb), "Kiev Oblastes") == [("Kiev", "kyiv")]


@pytest.mark.parametrize(
    ("lang", "form_lang", "preferred"),
    [("fr", "fr", True), ("es", "es", True), ("en", "en", False), (None, "fr", True)],
)
def test_lang_picks_which_spelling_a_shared_form_is(matcher: Matcher, lang: str | None, form_lang: str,
                                                     preferred: bool) -> None:
    # "Kiev" is the French, Spanish and Italian form, and an old English variant.
    (m,) = matcher.scan("à Kiev", lang).matches
    assert (m.form_lang, m.preferred) == (form_lang, preferred)


@pytest.mark.parametrize(
    ("kind", "form", "mode"),
    [("org", "FBK", EXACT_CASE), ("term", "SA", EXACT_CASE), ("person", "Kuku", INITIAL_CAPITAL),
     ("place", "Kyiv", INITIAL_CAPITAL), ("person", "Ilmi Oumerov", 0), ("term", "prisonnier d’opinion", 0)],
)
def test_case_mode_is_derived_from_the_form(kind: str, form: str, mode: int) -> None:
    assert case_mode(Concept("x", kind, {"fr": form}), form) == mode  # type: ignore[arg-type]


def test_explicit_case_sensitivity_wins() -> None:
    tb = Termbase.of([Concept("amnesty", "org", {"en": "Amnesty"}, case_sensitive=False)])
    assert found(Matcher(tb), "amnesty and AMNESTY", "en") == [("amnesty", "amnesty"), ("AMNESTY", "amnesty")]


def test_apostrophe_styles_match_each_other(matcher: Matcher) -> None:
    assert found(matcher, "Aleksej Naval’nyj e Aleksej Naval'nyj", "it") == [
        ("Aleksej Naval’nyj", "alexei_navalny"), ("Aleksej Naval'nyj", "alexei_navalny"),
    ]


def test_sample_release(matcher: Matcher) -> None:
    concepts = [m.concept_id for p in sample_release_body() for m in matcher.scan(p, "fr").matches]
    assert concepts.count("ilmi_umerov") == 3
    assert concepts.count("akhtem_chiygoz") == 3
    assert concepts.count("mejlis") == 2  # once Meijlis, once Mejlis
    assert concepts.count("kyiv") == 2
    assert concepts.count("oksana_pokalchuk") == 1


def test_empty_inputs() -> None:
    assert Matcher(Termbase()).scan("Ilmi Oumerov").matches == ()
    assert Matcher(reference_termbase()).scan("").matches == ()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Ilmi", "Oumerov", "Orlov", "Oleg", "d’", "l'", "İ", "SA", "sa", "Kiev", "-", " ",
                                 "«", "»", ".", "e\u0308", "ß", "Mejlis", "Emir-Usein", "Kuku"]), max_size=30)
       .map("".join))
def test_scan_invariants(text: str) -> None:
    """Whatever the text: exact offsets, text order, no overlap, boundaries respected."""
    scan = _FUZZ_MATCHER.scan(text, "fr")
    spans = sorted([(m.start, m.end) for m in scan.matches] + [(a.start, a.end) for a in scan.ambiguous])
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(spans))
    for m in scan.matches:
        assert m.text == text[m.start : m.end]
        assert text[m.start - len(m.elision) : m.start] == m.elision
        assert m.start == 0 or not text[m.start - 1].isalnum()
        assert m.end == len(text) or not text[m.end].isalnum()
    assert [m.start for m in scan.matches] == sorted(m.start for m in scan.matches)


_FUZZ_MATCHER = Matcher(Termbase.of([*reference_termbase().concepts.values(), *SHORT_TERMS]))
