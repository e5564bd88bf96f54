"""The shipped term base (glossary/*.csv) as `workbench init` loads it: the human-rights vocabulary and the
organisations beside the names, read with the project's own reader and matched with the real Matcher."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.domain.glossary import Concept, Termbase
from workbench.domain.glossary_match import Matcher, fold_spelling
from workbench.formats.glossary_csv import read_glossary_csv
from workbench.services import glossary
from workbench.services.app import App

GLOSSARY = Path(__file__).resolve().parents[1] / "glossary"
TERMS = "human-rights-terms.csv"
ORGS = "organisations.csv"
LANGS = ("fr", "en", "es", "de")

# Terms whose English (and German) wording is another term's: the language does not make the
# distinction (prisonnier / prisonnière d’opinion are both "prisoner of conscience"). Two terms may
# share a preferred form; the note says whose it is.
SHARED_TARGET_FORMS = {
    "prisoner_of_conscience_woman": ("prisoner_of_conscience", {"en", "de"}),
    "prisoners_of_conscience_women": ("prisoners_of_conscience", {"en", "de"}),
    "political_prisoner_woman": ("political_prisoner", {"en", "de"}),
    "political_prisoners_women": ("political_prisoners", {"en", "de"}),
    "special_rapporteur_woman": ("special_rapporteur", {"en"}),
}


def read(name: str) -> list[Concept]:
    return read_glossary_csv((GLOSSARY / name).read_bytes(), name)


def all_shipped() -> dict[str, list[Concept]]:
    return {p.name: read(p.name) for p in sorted(GLOSSARY.glob("*.csv"))}


def new_concepts() -> Iterator[Concept]:
    yield from read(TERMS)
    yield from read(ORGS)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(Termbase.of(c for concepts in all_shipped().values() for c in concepts))


def found(matcher: Matcher, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.concept_id) for m in matcher.scan(text, "fr").matches]


# --- the files -------------------------------------------------------------------------------


def test_the_new_files_are_shipped_beside_the_names() -> None:
    assert {TERMS, ORGS, "names.csv"} <= set(all_shipped())


def test_counts_and_kinds() -> None:
    terms, orgs = read(TERMS), read(ORGS)
    assert len(terms) >= 70 and {c.kind for c in terms} == {"term"}
    assert len(orgs) >= 20 and {c.kind for c in orgs} == {"org", "term"}  # the Special Rapporteur's title


@pytest.mark.parametrize("concept", list(new_concepts()), ids=lambda c: c.id)
def test_every_row_cites_its_sources_and_has_the_four_languages(concept: Concept) -> None:
    assert concept.sources.strip(), f"{concept.id} has no sources"
    missing = {lang for lang in LANGS if not concept.forms.get(lang)}
    assert not missing, f"{concept.id} has no {sorted(missing)} form"
    if concept.id in SHARED_TARGET_FORMS:
        other, _ = SHARED_TARGET_FORMS[concept.id]
        assert other in concept.note, f"{concept.id}'s note must say whose form it shares"
        assert concept.kind == "term"


@pytest.mark.parametrize("concept", list(new_concepts()), ids=lambda c: c.id)
def test_french_forms_use_the_typographic_apostrophe_and_no_article(concept: Concept) -> None:
    french = [form for lang, form, _ in concept.all_forms() if lang == "fr"]
    for form in french:
        assert "'" not in form, f"{form!r}: write ’ (the matcher accepts the plain ' by itself)"
        assert not form.lower().startswith(("le ", "la ", "les ", "l’", "un ", "une ", "des ")), form


def test_ids_are_unique_across_the_shipped_files() -> None:
    seen: dict[str, str] = {}
    for name, concepts in all_shipped().items():
        for c in concepts:
            assert c.id not in seen, f"{c.id} is in {name} and {seen[c.id]}"
            seen[c.id] = name


def test_no_form_belongs_to_two_concepts_in_any_language() -> None:
    # Stricter than the loader (which compares forms of one language): the Matcher searches every
    # language's spellings in every text, so a shared spelling would make an ambiguity.
    # Terms that share a preferred form on purpose (SHARED_TARGET_FORMS) are the one exception.
    owner: dict[str, str] = {}
    clashes = []
    for concepts in all_shipped().values():
        for c in concepts:
            for lang, form, _ in c.all_forms():
                first = owner.setdefault(fold_spelling(form), c.id)
                sharing = {c.id, first} & set(SHARED_TARGET_FORMS) and lang in SHARED_TARGET_FORMS.get(
                    c.id, SHARED_TARGET_FORMS.get(first, ("", set())))[1]
                if first != c.id and not sharing:
                    clashes.append(f"{lang} {form!r} of {c.id} is also a form of {first}")
    assert not clashes


def test_init_loads_every_shipped_file_without_a_collision(sqlite_app: App) -> None:
    loaded = glossary.load_shipped(sqlite_app)  # raises ConflictError on a form owned twice
    assert [Path(r["file"]).name for r in loaded] == sorted(p.name for p in GLOSSARY.glob("*.csv"))
    tb = glossary.termbase(sqlite_app)
    assert tb.concepts["prisoners_of_conscience"].forms["de"] == "gewaltlose politische Gefangene"
    assert tb.concepts["unhcr_acronym"].forms["fr"] == "HCR"


# --- matching in French releases -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("la libération des prisonniers d’opinion", [("prisonniers d’opinion", "prisoners_of_conscience")]),
        ("les prisonniers d'opinion", [("prisonniers d'opinion", "prisoners_of_conscience")]),  # plain apostrophe
        ("un prisonnier d’opinion", [("prisonnier d’opinion", "prisoner_of_conscience")]),
        ("une prisonnière d’opinion", [("prisonnière d’opinion", "prisoner_of_conscience_woman")]),
        ("des violations des droits de l’homme", [("violations des droits de l’homme", "human_rights_violations")]),
        ("des violations des droits de l'Homme", [("violations des droits de l'Homme", "human_rights_violations")]),
        ("dénoncez les violations des droits humains", [("violations des droits humains", "human_rights_violations")]),
        # the longest concept wins over the shorter one it contains
        ("torture et autres mauvais traitements",
         [("torture et autres mauvais traitements", "torture_and_other_ill_treatment")]),
        ("soumis à la torture et à d’autres mauvais traitements",
         [("torture et à d’autres mauvais traitements", "torture_and_other_ill_treatment")]),
        ("de mauvais traitements", [("mauvais traitements", "ill_treatment")]),
        ("« Disparitions forcées »", [("Disparitions forcées", "enforced_disappearances")]),
        ("DISPARITIONS FORCÉES EN CRIMÉE", [("DISPARITIONS FORCÉES", "enforced_disappearances"),
                                           ("CRIMÉE", "crimea")]),
        ("une prison russe située en Crimée occupée", [("Crimée occupée", "occupied_crimea")]),
        ("il faut que les autorités de facto cessent", [("autorités de facto", "de_facto_authorities")]),
        ("libèrent immédiatement et sans condition tous les prisonniers d’opinion",
         [("immédiatement et sans condition", "immediately_and_unconditionally"),
          ("prisonniers d’opinion", "prisoners_of_conscience")]),
        ("à l’issue de simulacres de procès", [("simulacres de procès", "sham_trials")]),
        ("un procès inéquitable", [("procès inéquitable", "unfair_trial")]),
        ("le droit à un procès équitable", [("droit à un procès équitable", "right_to_fair_trial")]),
        ("l’abolition de la peine de mort", [("abolition de la peine de mort", "abolition_of_death_penalty")]),
        ("instaurer un moratoire officiel sur les exécutions",
         [("moratoire officiel sur les exécutions", "official_moratorium_on_executions")]),
        ("des défenseur·e·s des droits humains", [("défenseur·e·s des droits humains", "human_rights_defenders")]),
        ("la défenseure des droits humains", [("défenseure des droits humains", "woman_human_rights_defender")]),
        ("la Cour européenne des droits de l’homme",
         [("Cour européenne des droits de l’homme", "european_court_of_human_rights")]),
        ("le Conseil des droits de l’homme de l’ONU",
         [("Conseil des droits de l’homme de l’ONU", "un_human_rights_council")]),
        ("selon le HCR et l’UE", [("HCR", "unhcr_acronym"), ("UE", "eu_acronym")]),
        ("le Haut-Commissariat des Nations unies pour les réfugiés (HCR)",
         [("Haut-Commissariat des Nations unies pour les réfugiés", "unhcr"), ("HCR", "unhcr_acronym")]),
        ("la directrice d’Amnesty International a déclaré", [("Amnesty International", "amnesty_international")]),
    ],
)
def test_the_matcher_finds_the_concept_in_french(matcher: Matcher, text: str, expected: list) -> None:
    assert found(matcher, text) == expected


def test_an_elided_article_before_a_term_is_kept_apart(matcher: Matcher) -> None:
    (m,) = matcher.scan("la lutte contre l’impunité", "fr").matches
    assert (m.text, m.concept_id, m.elision) == ("impunité", "impunity", "l’")


@pytest.mark.parametrize(
    "text",
    [
        "la peine",  # not peine de mort
        "une peine de prison",
        "l’exécution du contrat",  # exécution alone is an ordinary word
        "la torture",  # the same word in fr and en: not in the glossary
        "le Défenseur des droits",  # the French ombudsman, not a human rights defender
        "l’assemblée générale de l’association",  # not the UN General Assembly
        "QUAND UN DROIT TOMBE, DES VIES BASCULENT",  # UN is the French article in a heading
    ],
)
def test_ordinary_words_are_not_terms(matcher: Matcher, text: str) -> None:
    assert found(matcher, text) == []


def test_terms_sharing_a_wording_are_no_ambiguity(matcher: Matcher) -> None:
    """en "prisoners of conscience" is the wording of two terms; a target using it is not ambiguous."""
    scan = matcher.scan("the release of the prisoners of conscience", "en")
    assert scan.ambiguous == ()
    assert [m.text for m in scan.matches] == ["prisoners of conscience"]
