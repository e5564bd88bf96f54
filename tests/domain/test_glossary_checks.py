"""Glossary checks on the sample release and on source/target pairs built from the reference names."""

from __future__ import annotations

import pytest
from glossary_fixtures import reference_termbase, sample_release_body, sample_text

from workbench.domain.glossary import Concept, Termbase
from workbench.domain.glossary_checks import (
    GlossaryIssue,
    source_spelling_warnings,
    target_issues,
    unknown_name_candidates,
)
from workbench.domain.glossary_match import Matcher


@pytest.fixture(scope="module")
def termbase() -> Termbase:
    return reference_termbase()


@pytest.fixture(scope="module")
def matcher(termbase: Termbase) -> Matcher:
    return Matcher(termbase)


# --- source spellings ---------------------------------------------------------------------


def test_sample_spells_the_mejlis_two_ways(matcher: Matcher) -> None:
    (warning,) = source_spelling_warnings(sample_release_body(), matcher, "fr")
    assert warning.concept_id == "mejlis"
    assert warning.spellings == ("Meijlis", "Mejlis")
    assert warning.preferred == "Mejlis"
    assert warning.message == (
        "Meijlis and Mejlis are two spellings of one name (mejlis); the glossary's fr form is Mejlis"
    )


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # only the variant: still a warning
        (["Le Meijlis est interdit."], [("mejlis", ("Meijlis",))]),
        # the surname after the full name is the same spelling
        (["Ilmi Oumerov a été libéré.", "Selon Oumerov, rien n’a changé."], []),
        # the same person spelled two ways in one text (AI USA UA 205/16 did it in English)
        (["Akhtem Chiygoz and Akhtem Chyigoz"], [("akhtem_chiygoz", ("Akhtem Chiygoz", "Akhtem Chyigoz"))]),
        # case differences (a heading) are not a second spelling
        (["MEJLIS", "le Mejlis"], []),
        # a form identical in English and French is fine in a French source
        (["à Simferopol"], []),
    ],
)
def test_spelling_warnings(matcher: Matcher, texts: list[str], expected: list[tuple[str, tuple[str, ...]]]) -> None:
    lang = "en" if "Chiygoz" in texts[0] else "fr"
    assert [(w.concept_id, w.spellings) for w in source_spelling_warnings(texts, matcher, lang)] == expected


def test_spelling_warning_for_an_other_language_form(matcher: Matcher) -> None:
    (warning,) = source_spelling_warnings("Ilmi Umerov a été libéré.", matcher, "fr")
    assert warning.message == "Ilmi Umerov is not the glossary's fr spelling of one name (ilmi_umerov): Ilmi Oumerov"


# --- unknown names ------------------------------------------------------------------------


def test_unknown_names_in_the_sample(termbase: Termbase) -> None:
    # Without the people the press officer has not added yet, they are what the check proposes.
    missing = ("denis_krivosheev", "veronika_velch", "diana_loginova_naoko")
    matcher = Matcher(reference_termbase(without=missing))
    candidates = {c.text: c for c in unknown_name_candidates(sample_text(), matcher, "fr")}
    for name in ("Denis Krivosheev", "Veronika Velch", "Diana Loguinova", "Amnesty International Ukraine"):
        assert name in candidates
    for word in ("Il", "En", "Le", "La", "Russie", "Crimée", "Kiev", "Ilmi Oumerov", "Mejlis", "Publié"):
        assert word not in candidates
    # Known names are never proposed.
    assert not any("Oumerov" in text or "Tchigoz" in text for text in candidates)


def test_unknown_names_in_the_release_body(matcher: Matcher) -> None:
    assert [c.text for c in unknown_name_candidates(sample_release_body(), matcher, "fr")] == [
        "Amnesty International Ukraine"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Selon Nikolaï Semenov, directeur", ["Nikolaï Semenov"]),
        # a lone transliterated surname is picked by its ending
        ("Le tribunal a condamné Bekirov et Pokaltchouk.", ["Bekirov", "Pokaltchouk"]),
        # sentence-initial function words and months are not names
        ("Il faut agir. En octobre, Le Monde a écrit.", []),
        # a sentence-initial word that the text also uses in lower case is a common word
        ("Puis Nikolaï Semenov est parti, puis il est revenu.", ["Nikolaï Semenov"]),
        ("Le 25 octobre, Lundi dernier, En Crimée.", []),
    ],
)
def test_unknown_name_rules(text: str, expected: list[str]) -> None:
    matcher = Matcher(Termbase.of([Concept("crimea", "place", {"fr": "Crimée"})]))
    assert [c.text for c in unknown_name_candidates(text, matcher, "fr")] == expected


def test_unknown_names_are_counted() -> None:
    matcher = Matcher(Termbase())
    (candidate,) = unknown_name_candidates(["Nikolaï Semenov a parlé.", "Puis Nikolaï Semenov est parti."],
                                           matcher, "fr")
    assert (candidate.text, candidate.count, candidate.reason) == ("Nikolaï Semenov", 2, "capitalised sequence")


# --- target check -------------------------------------------------------------------------


def issues(termbase: Termbase, matcher: Matcher, source: str, target: str, src: str = "fr",
           tgt: str = "en") -> list[tuple[str, tuple[str, ...]]]:
    return [(i.severity, i.concept_ids) for i in target_issues(source, target, src, tgt, termbase, matcher)]


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        # all target forms present
        ("Ilmi Oumerov et Akhtem Tchigoz à Kiev.", "Ilmi Umerov and Akhtem Chiygoz in Kyiv.", []),
        # the surname alone in both
        ("selon Oumerov", "according to Umerov", []),
        ("selon Oumerov", "according to Ilmi Umerov", []),
        # the French form left in English
        ("Ilmi Oumerov est libre.", "Ilmi Oumerov is free.", [("error", ("ilmi_umerov",))]),
        ("selon Oumerov", "according to Oumerov", [("error", ("ilmi_umerov",))]),
        # Kiev is the French form and an old English variant: wrong in English all the same
        ("à Kiev", "in Kiev", [("error", ("kyiv",))]),
        # a form identical in both languages is not an issue
        ("à Simferopol", "in Simferopol", []),
        # a variant in the source is fine; the target needs the target form
        ("le Meijlis", "the Mejlis", []),
        # missing from the target
        ("Ilmi Oumerov et Akhtem Tchigoz", "Ilmi Umerov and his colleague", [("error", ("akhtem_chiygoz",))]),
        ("Oumerov, Oumerov, Oumerov", "Umerov, Umerov, he", [("error", ("ilmi_umerov",))]),
        # an ambiguous surname in the source
        ("Orlov a été libéré.", "Orlov was released.", [("warning", ("oleg_orlov", "alexander_orlov_stoptime"))]),
        # a variant in the target that the source did not have
        ("Le Mejlis", "The Majlis", [("error", ("mejlis",))]),
    ],
)
def test_target_issues(termbase: Termbase, matcher: Matcher, source: str, target: str,
                       expected: list[tuple[str, tuple[str, ...]]]) -> None:
    assert issues(termbase, matcher, source, target) == expected


def test_target_issue_messages_name_the_terms(termbase: Termbase, matcher: Matcher) -> None:
    (kiev,) = target_issues("à Kiev", "in Kiev", "fr", "en", termbase, matcher)
    assert kiev == GlossaryIssue(
        "glossary", "error",
        "Kiev (the fr, es and it form; a variant in en) is not the en spelling of kyiv: write Kyiv", ("kyiv",),
    )
    (missing,) = target_issues("Akhtem Tchigoz", "his colleague", "fr", "en", termbase, matcher)
    assert missing.message == (
        "Akhtem Tchigoz (akhtem_chiygoz) is in the source, but Akhtem Chiygoz is missing from the target"
    )
    (orlov,) = target_issues("Orlov", "Orlov", "fr", "en", termbase, matcher)
    assert orlov.message == (
        "Orlov alone could be Oleg Orlov (oleg_orlov) or Alexander Orlov (alexander_orlov_stoptime): "
        "check which one is meant"
    )


def test_english_source_into_french(termbase: Termbase, matcher: Matcher) -> None:
    # en -> fr: Kyiv left in French is a (recent) French variant, not the glossary's fr form.
    assert issues(termbase, matcher, "in Kyiv", "à Kyiv", "en", "fr") == [("error", ("kyiv",))]
    assert issues(termbase, matcher, "in Kyiv", "à Kiev", "en", "fr") == []


def test_unverified_fallback_is_a_warning(termbase: Termbase, matcher: Matcher) -> None:
    # Vilen Temeryanov has no French form: the English one is used, and marked unverified.
    found = target_issues("Vilen Temeryanov was sentenced.", "Vilen Temeryanov a été condamné.", "en", "fr",
                          termbase, matcher)
    assert [(i.severity, i.concept_ids) for i in found] == [("warning", ("vilen_temeryanov",))]
    assert "unverified" in found[0].message


def test_a_form_inside_a_longer_term_counts_as_present() -> None:
    # es "Crimea" (crimea) sits inside "tártaros de Crimea" (crimean_tatars), which the matcher prefers.
    from glossary_fixtures import reference_termbase

    tb = reference_termbase()
    m = Matcher(tb)
    issues = target_issues("Russie. Les dirigeants tatars de Crimée", "Rusia. Los dirigentes tártaros de Crimea",
                           "fr", "es", tb, m)
    assert issues == []


# --- terms: house wording, not spellings ----------------------------------------------------

TERMS = Termbase.of([
    Concept("prisoners_of_conscience", "term",
            {"fr": "prisonniers d’opinion", "en": "prisoners of conscience", "es": "presos de conciencia"},
            variants=(("en", "prisoners of opinion"),)),
    Concept("ill_treatment", "term", {"fr": "torture et autres mauvais traitements",
                                      "en": "torture and other ill-treatment"},
            variants=(("fr", "torture et d’autres mauvais traitements"),)),
])


def test_a_rephrased_term_is_a_warning_and_a_calque_an_error() -> None:
    m = Matcher(TERMS)
    source = "la libération des prisonniers d’opinion"
    (rephrased,) = target_issues(source, "the release of those jailed for their views", "fr", "en", TERMS, m)
    assert rephrased.severity == "warning"
    (calque,) = target_issues(source, "the release of the prisoners of opinion", "fr", "en", TERMS, m)
    assert (calque.severity, calque.concept_ids) == ("error", ("prisoners_of_conscience",))
    assert target_issues(source, "the release of the prisoners of conscience", "fr", "en", TERMS, m) == []


def test_a_terms_other_wording_in_the_source_is_no_spelling_warning() -> None:
    text = "des allégations de torture et d’autres mauvais traitements"
    assert source_spelling_warnings(text, Matcher(TERMS), "fr") == []


# --- term-base statuses: an admitted synonym is right in a target -------------------------


def _admitted_fixture() -> Termbase:
    from pathlib import Path

    from workbench.formats.tbx import read_tbx

    path = Path(__file__).resolve().parents[1] / "data" / "tbx_admitted_status.tbx"
    return Termbase.of(read_tbx(path.read_bytes(), path.name))


def test_an_admitted_term_in_a_target_is_accepted_and_a_deprecated_one_flagged() -> None:
    # tbx_admitted_status.tbx: en "HRD" admitted, "human rights activist" superseded; fr
    # "défenseure des droits humains" a second preferred term, "défenseur des droits de l’homme" deprecated.
    tb = _admitted_fixture()
    m = Matcher(tb)
    fr = "Le défenseur des droits humains Ilmi Oumerov a été arrêté."
    assert target_issues(fr, "The HRD Ilmi Oumerov was arrested.", "fr", "en", tb, m) == []
    assert target_issues(fr, "The human rights defender Ilmi Oumerov was arrested.", "fr", "en", tb, m) == []
    (superseded,) = target_issues(fr, "The human rights activist Ilmi Oumerov was arrested.", "fr", "en", tb, m)
    assert superseded.severity == "error" and "write human rights defender" in superseded.message
    en = "The human rights defender was arrested in Simferopol."
    assert target_issues(en, "La défenseure des droits humains a été arrêtée à Simferopol.", "en", "fr", tb, m) == []
    deprecated_fr = "Le défenseur des droits de l’homme a été arrêté à Simferopol."
    (deprecated,) = target_issues(en, deprecated_fr, "en", "fr", tb, m)
    assert deprecated.severity == "error" and "défenseur des droits de l’homme" in deprecated.message


def test_an_admitted_term_counts_only_in_its_language() -> None:
    # "HRD" is admitted in English: in a Spanish target it is the English variant, flagged.
    tb = Termbase.of([Concept("hrd", "term", {"en": "human rights defender", "es": "defensor de derechos humanos"},
                              variants=(("en", "HRD"),), statuses=(("en", "HRD", "admitted"),))])
    m = Matcher(tb)
    (issue,) = target_issues("The human rights defender", "El HRD", "en", "es", tb, m)
    assert issue.severity == "error"
    assert target_issues("El defensor de derechos humanos", "The HRD", "es", "en-GB", tb, m) == []
    assert tb.concepts["hrd"].accepted_variants("en-GB") == ["HRD"] and tb.concepts["hrd"].accepted_variants("es") == []


def test_drafting_uses_the_preferred_form_not_the_admitted_one() -> None:
    tb = _admitted_fixture()
    assert tb.target_form("hrd", "en", "défenseur des droits humains").form == "human rights defender"


def test_an_admitted_spelling_of_a_name_in_the_source_is_no_spelling_warning() -> None:
    tb = Termbase.of([Concept("mejlis", "org", {"fr": "Mejlis", "en": "Mejlis"},
                              variants=(("en", "Majlis"), ("en", "Medzhlis")),
                              statuses=(("en", "Majlis", "admitted"),))])
    m = Matcher(tb)
    assert source_spelling_warnings("The Majlis met.", m, "en") == []
    (warning,) = source_spelling_warnings("The Medzhlis met.", m, "en")
    assert warning.preferred == "Mejlis"
