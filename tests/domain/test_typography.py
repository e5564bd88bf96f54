"""Target typography of drafts: quotation marks, punctuation spacing and numbers, on real engine outputs."""

from __future__ import annotations

import pytest

from workbench.domain.checks import PunctuationSpacingCheck, QuotesCheck
from workbench.domain.typography import (
    NBSP,
    convert_quotes,
    format_numbers,
    headline_colon,
    space_punctuation,
    typeset,
)

# (target, raw Apertium output (fr→es or fr→es→en, sample release and the draft-quality set), typeset)
RAW_OUTPUTS = [
    ("en", "« The release of the prisoners of opinion Ilmi Umerov and Akhtem Chiygoz the week of 23 October "
           "represents an advanced",
     "“The release of the prisoners of opinion Ilmi Umerov and Akhtem Chiygoz the week of 23 October "
     "represents an advanced"),
    ("en", "Oksana Pokalchuk, director of Amnesty International Ukraine, has declared :",
     "Oksana Pokalchuk, director of Amnesty International Ukraine, has declared:"),
    ("en", "do not have to one alternative : the exile or the prison.",
     "do not have to one alternative: the exile or the prison."),
    ("en", "release immediately and without condition all the prisoners of opinion and put final to the politics "
           "that consists in continuing and exiler his detractores. »",
     "release immediately and without condition all the prisoners of opinion and put final to the politics "
     "that consists in continuing and exiler his detractores.”"),
    ("en", "have forbidden for « extrémisme », have been condemned",
     "have forbidden for “extrémisme”, have been condemned"),
    ("es", "han prohibido para « extrémisme », han sido condenados",
     "han prohibido para «extrémisme», han sido condenados"),
    ("es", "ha declarado :", "ha declarado:"),
    ("es", "Según Viasna, más de 1 400 personas son detenidas", "Según Viasna, más de 1.400 personas son detenidas"),
    ("en", "More than 1 200 executions in a year", "More than 1,200 executions in a year"),
    ("en", "Near of the 48 % of these executions", "Near of the 48% of these executions"),
    ("es", "Cerca del 48 % de estas ejecuciones", f"Cerca del 48{NBSP}% de estas ejecuciones"),
]


@pytest.mark.parametrize(("target", "raw", "expected"), RAW_OUTPUTS)
def test_raw_engine_output_is_typeset_for_the_target(target: str, raw: str, expected: str) -> None:
    assert typeset(raw, target) == expected


@pytest.mark.parametrize(("source", "raw"), [
    ("« La libération des prisonniers d’opinion Ilmi Oumerov et Akhtem Tchigoz la semaine du 23 octobre.",
     "« The release of the prisoners of opinion Ilmi Umerov and Akhtem Chiygoz the week of 23 October."),
    ("« En Crimée, il faut que les autorités de facto cessent de réprimer avec acharnement la dissidence. »",
     "« In Crimea, fails that the de facto authorities cease to repress with acharnement the dissidence. »"),
    ("interdit pour « extrémisme », ont été condamnés", "forbidden for « extrémisme », have been condemned"),
])
def test_the_products_own_quote_check_accepts_typeset_drafts(source: str, raw: str) -> None:
    """Before: every English draft with guillemets was flagged by QA (issue 12)."""
    assert QuotesCheck().check(source, raw, "fr", "en")  # the raw output is flagged ...
    assert QuotesCheck().check(source, typeset(raw, "en"), "fr", "en") == []  # ... the draft is not


def test_nested_quotes_take_the_targets_inner_marks() -> None:
    raw = "« Ils parlent d’« extrémisme » pour faire taire les voix critiques. »"
    assert convert_quotes(raw, "en") == "“Ils parlent d’‘extrémisme’ pour faire taire les voix critiques.”"
    assert convert_quotes(raw, "es") == "«Ils parlent d’“extrémisme” pour faire taire les voix critiques.»"


def test_a_quote_spanning_paragraphs_keeps_its_open_and_close_per_segment() -> None:
    # The sample's quote: « opens three paragraphs and only the last one closes.
    assert convert_quotes("« Il apparaît de plus en plus clairement", "en") == "“Il apparaît de plus en plus clairement"
    assert convert_quotes("« En Crimée, il faut que … leurs détracteurs. »", "en") == (
        "“En Crimée, il faut que … leurs détracteurs.”")
    # Inside a quote left open by the paragraph, a second pair is nested.
    assert convert_quotes("« Ils ont dit « non » hier.", "en") == "“Ils ont dit ‘non’ hier."


def test_french_targets_get_no_break_spaces_and_pass_the_french_check() -> None:
    text = typeset("Il a déclaré : « Nous ne céderons pas ! »", "fr")
    assert text == f"Il a déclaré{NBSP}: «{NBSP}Nous ne céderons pas{NBSP}!{NBSP}»"
    assert PunctuationSpacingCheck().check("x", text, "en", "fr") == []


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("à 9 : 30 il a dit", "en", "à 9 : 30 il a dit"),  # a time is no punctuation to close up
    ("voir http://example.org : ici", "en", "voir http://example.org: ici"),
    (": au début", "en", ": au début"),
])
def test_spacing_leaves_times_and_a_leading_mark(text: str, lang: str, expected: str) -> None:
    assert space_punctuation(text, lang) == expected


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("en 2014, 1200 personnes", "en", "en 2014, 1200 personnes"),  # no group space: a year, maybe
    ("3 200,5 euros", "en", "3 200,5 euros"),  # a French decimal is not regrouped
    ("12 000 000 d’habitants", "es", "12.000.000 d’habitants"),
    ("12 000 000 d’habitants", "de", "12.000.000 d’habitants"),
    ("5 % de la population", "de", f"5{NBSP}% de la population"),
])
def test_numbers_follow_cldr(text: str, lang: str, expected: str) -> None:
    assert format_numbers(text, lang) == expected


@pytest.mark.parametrize(("text", "lang", "expected"), [
    # Raw Apertium for the sample's title "Russie. Il faut que les dirigeants tatars de Crimée …"
    ("Russia. It fails that the leaders tatars of Crimea can freely return", "en",
     "Russia: It fails that the leaders tatars of Crimea can freely return"),
    ("Rusia. Falla que los dirigentes tatars de Crimea puedan libremente regresar", "es",
     "Rusia: Falla que los dirigentes tatars de Crimea puedan libremente regresar"),
    ("Bosnia and Herzegovina. Justice for the victims", "en", "Bosnia and Herzegovina: Justice for the victims"),
    ("Russie. Il faut que les dirigeants", "fr", "Russie. Il faut que les dirigeants"),  # French keeps its stop
    ("The decision was taken. It is final", "en", "The decision was taken. It is final"),  # a sentence
    ("They left. They stayed.", "en", "They left. They stayed."),
    ("Russia.", "en", "Russia."),
])
def test_headlines_take_a_colon_after_the_country(text: str, lang: str, expected: str) -> None:
    assert headline_colon(text, lang) == expected
