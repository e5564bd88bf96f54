"""The shipped glossary/places.csv: complete rows, sourced, and found where French press releases write them.

Read with the project's own reader and matched with the project's Matcher over every shipped
glossary file (glossary/*.csv), so a form another file also owns, or a longer term of another
file, shows up here as it would in `workbench init` and in drafting.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.domain.glossary import Concept, Termbase
from workbench.domain.glossary_match import Match, Matcher
from workbench.formats.glossary_csv import read_glossary_csv

GLOSSARY = Path(__file__).resolve().parents[1] / "glossary"
PLACES = GLOSSARY / "places.csv"
LANGS = ("fr", "en", "es", "de")


def _read(path: Path) -> list[Concept]:
    return read_glossary_csv(path.read_bytes(), path.name)


@pytest.fixture(scope="module")
def places() -> list[Concept]:
    return _read(PLACES)


@pytest.fixture(scope="module")
def shipped() -> list[Concept]:
    return [c for path in sorted(GLOSSARY.glob("*.csv")) for c in _read(path)]


@pytest.fixture(scope="module")
def matcher(shipped: list[Concept]) -> Matcher:
    return Matcher(Termbase.of(shipped))


def test_every_row_is_sourced_and_has_the_four_languages(places: list[Concept]) -> None:
    for concept in places:
        assert concept.sources.strip(), concept.id
        for lang in LANGS:
            assert concept.forms.get(lang, "").strip(), f"{concept.id} has no {lang} form"
            assert f"{lang}:" in concept.sources, f"{concept.id} cites nothing for {lang}"


def test_at_least_sixty_places_and_thirty_terms(places: list[Concept]) -> None:
    kinds = [c.kind for c in places]
    assert set(kinds) == {"place", "term"}
    assert kinds.count("place") >= 60
    assert kinds.count("term") >= 30


def test_no_form_is_owned_by_two_concepts_across_the_shipped_files(shipped: list[Concept]) -> None:
    # The rule `workbench init` applies (services/glossary.py): same language, same form, two ids,
    # unless both are terms whose preferred form it is (en "prisoner of conscience" for two French terms).
    owner: dict[tuple[str, str], tuple[str, bool]] = {}
    clashes = []
    for concept in shipped:
        for lang, form, preferred in concept.all_forms():
            shareable = concept.kind == "term" and preferred
            other, other_shareable = owner.setdefault((lang, form.casefold()), (concept.id, shareable))
            if other != concept.id and not (shareable and other_shareable):
                clashes.append((lang, form, other, concept.id))
    assert clashes == []
    ids = [c.id for c in shipped]
    assert len(ids) == len(set(ids))


def test_the_forms_the_brief_fixed(places: list[Concept]) -> None:
    by_id = {c.id: c for c in places}
    assert by_id["belarus"].forms == {"fr": "Bélarus", "en": "Belarus", "es": "Bielorrusia", "de": "Belarus"}
    assert ("fr", "Biélorussie") in by_id["belarus"].variants
    assert by_id["azerbaijan"].forms == {"fr": "Azerbaïdjan", "en": "Azerbaijan", "es": "Azerbaiyán",
                                         "de": "Aserbaidschan"}
    assert by_id["moscow"].forms == {"fr": "Moscou", "en": "Moscow", "es": "Moscú", "de": "Moskau"}
    assert by_id["tehran"].forms["fr"] == "Téhéran" and by_id["tehran"].forms["es"] == "Teherán"
    # Drafting drops the engine's article before a place: an English name that takes one carries it.
    assert by_id["united_states"].forms["en"] == "the United States"
    assert by_id["united_states"].forms["es"] == "Estados Unidos"
    assert by_id["netherlands"].forms["en"] == "the Netherlands"
    assert by_id["gaza_strip"].forms["en"] == "the Gaza Strip"
    term = by_id["belarusian_authorities"]
    assert term.kind == "term"
    assert term.forms == {"fr": "autorités bélarussiennes", "en": "Belarusian authorities",
                          "es": "autoridades bielorrusas", "de": "belarussische Behörden"}
    assert ("fr", "autorités biélorusses") in term.variants


def _only(matcher: Matcher, text: str, lang: str = "fr") -> Match:
    scan = matcher.scan(text, lang)
    assert scan.ambiguous == ()
    assert len(scan.matches) == 1, [(m.concept_id, m.text) for m in scan.matches]
    return scan.matches[0]


@pytest.mark.parametrize(
    ("text", "concept_id", "found"),
    [
        ("Il est détenu au Bélarus depuis 2021.", "belarus", "Bélarus"),
        ("Le scrutin s’est tenu à Bakou le 7 février.", "baku", "Bakou"),
        ("Les militants ont été transférés à Moscou.", "moscow", "Moscou"),
        ("Des manifestations ont eu lieu à Téhéran.", "tehran", "Téhéran"),
        ("Elle vit désormais aux États-Unis.", "united_states", "États-Unis"),
        ("Il a fui aux Pays-Bas.", "netherlands", "Pays-Bas"),
        ("Le procès s’ouvre à La Haye.", "the_hague", "La Haye"),
        ("la situation en Cisjordanie occupée", "west_bank", "Cisjordanie"),
        ("les civils de Jérusalem-Est", "east_jerusalem", "Jérusalem-Est"),
        ("Il a été expulsé vers la Turquie.", "turkiye", "Turquie"),
        ("Des journalistes sont détenus au Kirghizstan.", "kyrgyzstan", "Kirghizstan"),
        ("Il a été arrêté au Caire.", "cairo", "Caire"),
        ("Le Caire a rejeté ces accusations.", "cairo", "Le Caire"),
        ("la population de l’est de la RDC", "drc", "RDC"),
        ("LIBÉREZ LES PRISONNIERS EN GÉORGIE", "georgia", "GÉORGIE"),
        ("des forces de sécurité iraniennes ont tiré", "iranian_security_forces", "forces de sécurité iraniennes"),
        ("les forces russes ont bombardé la ville", "russian_forces", "forces russes"),
        ("les autorités de facto russes en Crimée", "russian_de_facto_authorities", "autorités de facto russes"),
    ],
)
def test_a_french_sentence_finds_its_concept(matcher: Matcher, text: str, concept_id: str, found: str) -> None:
    matches = [m for m in matcher.scan(text, "fr").matches if m.concept_id == concept_id]
    assert [m.text for m in matches] == [found]


def test_a_variant_is_found_and_reported_as_a_variant(matcher: Matcher) -> None:
    m = _only(matcher, "Elle a été arrêtée en Biélorussie en 2020.")
    assert (m.concept_id, m.text, m.form_lang, m.preferred) == ("belarus", "Biélorussie", "fr", False)
    m = _only(matcher, "Les autorités biélorusses ont arrêté des journalistes.")
    assert (m.concept_id, m.preferred) == ("belarusian_authorities", False)


def test_an_elided_article_before_a_place(matcher: Matcher) -> None:
    m = _only(matcher, "Le gouvernement de l’Azerbaïdjan nie tout.")
    assert (m.concept_id, m.text, m.elision) == ("azerbaijan", "Azerbaïdjan", "l’")
    m = _only(matcher, "la frontière d'Ouzbékistan")
    assert (m.concept_id, m.elision) == ("uzbekistan", "d'")


def test_authorities_as_one_term_not_a_place(matcher: Matcher) -> None:
    m = _only(matcher, "Les autorités bélarussiennes ont arrêté trois journalistes.")
    assert (m.concept_id, m.text, m.preferred) == ("belarusian_authorities", "autorités bélarussiennes", True)
    # At the start of a sentence (the article capitalised, the term itself in lower case).
    text = "Les autorités iraniennes doivent libérer Narges Mohammadi."
    m = _only(matcher, text)
    assert m.concept_id == "iranian_authorities" and text[m.start : m.end] == "autorités iraniennes"
    # A heading in capitals is still the term (long terms are matched case-insensitively).
    assert _only(matcher, "LES AUTORITÉS RUSSES DOIVENT LIBÉRER").concept_id == "russian_authorities"


def test_the_longest_form_wins(matcher: Matcher) -> None:
    m = _only(matcher, "Les frappes ont touché la bande de Gaza hier.")
    assert (m.concept_id, m.text) == ("gaza_strip", "bande de Gaza")
    assert _only(matcher, "Elle est rentrée à Gaza.").concept_id == "gaza"
    assert _only(matcher, "Un massacre au Soudan du Sud").concept_id == "south_sudan"
    assert _only(matcher, "Un massacre au Soudan").concept_id == "sudan"


def test_adjectives_and_lower_case_words_are_not_places(matcher: Matcher) -> None:
    # One-word place names are matched with an initial capital (or in a heading in capitals).
    assert matcher.scan("le gouvernement géorgien a réagi", "fr").matches == ()
    assert matcher.scan("une militante géorgienne", "fr").matches == ()
    assert matcher.scan("la géorgie", "fr").matches == ()
    m = _only(matcher, "Il est retourné dans la Géorgie de son enfance.")
    assert (m.concept_id, m.text) == ("georgia", "Géorgie")
    assert _only(matcher, "les autorités géorgiennes").concept_id == "georgian_authorities"
    # "rdc" in lower case is not the acronym; "Russie/Ukraine" is two places.
    assert matcher.scan("rdc", "fr").matches == ()
    assert [m.concept_id for m in matcher.scan("Russie/Ukraine. Des frappes", "fr").matches] == ["russia", "ukraine"]


@pytest.mark.parametrize(
    ("text", "lang", "concept_id"),
    [
        ("Airstrikes hit the Gaza Strip on Monday.", "en", "gaza_strip"),
        ("The Belarusian authorities must release them.", "en", "belarusian_authorities"),
        ("She was deported to Türkiye.", "en", "turkiye"),
        ("Los bombardeos en la Franja de Gaza continúan.", "es", "gaza_strip"),
        ("Las autoridades bielorrusas deben liberarlos.", "es", "belarusian_authorities"),
        ("Belarussische Behörden nahmen ihn fest.", "de", "belarusian_authorities"),
        ("Proteste in Aserbaidschan", "de", "azerbaijan"),
    ],
)
def test_target_forms_are_found_in_target_texts(matcher: Matcher, text: str, lang: str, concept_id: str) -> None:
    m = _only(matcher, text, lang)
    assert (m.concept_id, m.preferred) == (concept_id, True)
