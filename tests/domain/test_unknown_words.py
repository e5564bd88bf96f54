"""Apertium's unknown-word marks read from real outputs (apertium 3.9, apertium-fr-es, apertium-eng-spa, Debian 12).

Each row: the text the engine was given (placeholders as the drafter masks names), the raw output
of ``ApertiumEngine().translate`` (fr→es direct, fr→en through Spanish), the clean text and the
words reported.
"""

from __future__ import annotations

import re

import pytest

from workbench.domain.unknown_words import read_marks, strip_marks, words_in

PLACEHOLDER = re.compile(r"\bZx(\d+)q\b")  # the Engine base class's placeholder_re

Row = tuple[str, str, str, tuple[str, ...]]

FR_ES: list[Row] = [
    # a marked placeholder at the sentence start, a marked word inside « »
    ("Zx1q a déclaré : « L’acharnement contre les Tatars doit cesser. »",
     "*Zx1q ha declarado : « El *acharnement contra los *Tatars tiene que cesar. »",
     "Zx1q ha declarado : « El acharnement contra los Tatars tiene que cesar. »",
     ("acharnement", "Tatars")),
    # a mark at the sentence start (a heading)
    ("Acharnement judiciaire contre la communauté tatare de Crimée",
     "*Acharnement judicial contra la comunidad *tatare de Crimea",
     "Acharnement judicial contra la comunidad tatare de Crimea",
     ("Acharnement", "tatare")),
    # hyphenated: Apertium marks the token it could not read, before or after the hyphen
    ("Les militants pro-ukrainiens et anti-guerre sont persécutés.",
     "Los militantes pro-*ukrainiens y *anti-guerra son *persécutés.",
     "Los militantes pro-ukrainiens y anti-guerra son persécutés.",
     ("ukrainiens", "anti", "persécutés")),
    # French elisions are resolved by Apertium (d’acharnement -> de *acharnement) ...
    ("Il s’agit d’acharnement qu’osent les autorités jusqu’à l’annexion.",
     "Se trata de *acharnement que *osent las autoridades hasta la *annexion.",
     "Se trata de acharnement que osent las autoridades hasta la annexion.",
     ("acharnement", "osent", "annexion")),
    # ... except inside a word it does not know: the mark is on the elided part
    ("La presqu’île de Crimée, annexée en 2014.",
     "La *presqu’isla de Crimea, anexada en 2014.",
     "La presqu’isla de Crimea, anexada en 2014.",
     ("presqu",)),
    # elided before placeholders: d’Zx1q -> de *Zx1q; an acronym it does not know
    ("L’ONG d’ACF dénonce l’exil d’Zx1q et l’arrestation d’Zx2q.",
     "El ONG de *ACF denuncia el exilio de *Zx1q y el arresto de *Zx2q.",
     "El ONG de ACF denuncia el exilio de Zx1q y el arresto de Zx2q.",
     ("ACF",)),
    ("« Tatare » et « persécutés ».",
     "« *Tatare » y « *persécutés ».",
     "« Tatare » y « persécutés ».",
     ("Tatare", "persécutés")),
    # the same word twice is reported once, as written in lower case
    ("Persécuter les Tatars, c’est persécuter un peuple.",
     "*Persécuter los *Tatars, es *persécuter un pueblo.",
     "Persécuter los Tatars, es persécuter un pueblo.",
     ("persécuter", "Tatars")),
    # real asterisks: spaced, glued between digits, markdown emphasis, a footnote after a word
    ("Le résultat est 5 * 3, pas 5*3.",
     "El resultado es 5 * 3, no 5*3.",
     "El resultado es 5 * 3, no 5*3.",
     ()),
    ("Les *dirigeants tatars* ont parlé.",
     "Los *dirigentes *tatars* han hablado.",
     "Los *dirigentes tatars* han hablado.",
     ("tatars",)),
    ("Oumerov* a été libéré du défunt régime.",
     "*Oumerov* ha sido liberado del *défunt dieta.",
     "Oumerov* ha sido liberado del défunt dieta.",
     ("Oumerov", "défunt")),
    # a real asterisk before a word Apertium does not know: the source's, then the mark
    ("*Oumerov a parlé.",
     "**Oumerov ha hablado.",
     "*Oumerov ha hablado.",
     ("Oumerov",)),
    # a hashtag and a handle: the real symbol, then the mark; kept as written, never reported
    ("Suivez #StandWithUkraine et @amnestyfr, écrivez à presse@amnesty.fr.",
     "Seguid #*StandWithUkraine y @*amnestyfr, escribís a presse@amnesty.fr.",
     "Seguid #StandWithUkraine y @amnestyfr, escribís a presse@amnesty.fr.",
     ()),
    ("Du lundi au jeudi de 9h30 à 12h30.",
     "Del lunes al jueves de las 9h30 a las 12h30.",
     "Del lunes al jueves de las 9h30 a las 12h30.",
     ()),
]

FR_EN: list[Row] = [
    # spa-eng capitalises after a word it does not know (Has); the placeholder is never a word
    ("Zx1q a déclaré : « L’acharnement contre les Tatars doit cesser. »",
     "*Zx1q Has declared : « The *acharnement against the *Tatars has to cease. »",
     "Zx1q Has declared : « The acharnement against the Tatars has to cease. »",
     ("acharnement", "Tatars")),
    # the pivot's own word the second hop does not know: Crimea (from Crimée)
    ("Acharnement judiciaire contre la communauté tatare de Crimée",
     "*Acharnement Judicial against the community *tatare of *Crimea",
     "Acharnement Judicial against the community tatare of Crimea",
     ("Acharnement", "tatare", "Crimea")),
    ("Les militants pro-ukrainiens et anti-guerre sont persécutés.",
     "The militants *pro-*ukrainiens and *anti-war are *persécutés.",
     "The militants pro-ukrainiens and anti-war are persécutés.",
     ("pro", "ukrainiens", "anti", "persécutés")),
    ("La presqu’île de Crimée, annexée en 2014.",
     "The *presqu'island of *Crimea, attached in 2014.",
     "The presqu'island of Crimea, attached in 2014.",
     ("presqu", "Crimea")),
    ("L’ONG d’ACF dénonce l’exil d’Zx1q et l’arrestation d’Zx2q.",
     "The NGO of *ACF reports the exile of *Zx1q and the arrest of *Zx2q.",
     "The NGO of ACF reports the exile of Zx1q and the arrest of Zx2q.",
     ("ACF",)),
    ("Le résultat est 5 * 3, pas 5*3.",
     "The result is 5 * 3, no 5*3.",
     "The result is 5 * 3, no 5*3.",
     ()),
    # the source's emphasis survives both hops on the translated word; the mark is on the next one
    ("Les *dirigeants tatars* ont parlé.",
     "The *leaders *tatars* have spoken.",
     "The *leaders tatars* have spoken.",
     ("tatars",)),
    # spa-eng splits a time it does not know: the mark goes, no word is reported
    ("Du lundi au jeudi de 9h30 à 12h30.",
     "Of the Monday to the Thursday of the 9*h30 to the 12*h30.",
     "Of the Monday to the Thursday of the 9h30 to the 12h30.",
     ()),
    # a generator mark: the word is translated (uninflected), so its mark goes and it is not reported
    ("La décision rendue à huis clos.",
     "The decision #give to enclosed door.",
     "The decision give to enclosed door.",
     ()),
]


@pytest.mark.parametrize(("source", "marked", "clean", "words"), FR_ES + FR_EN)
def test_marks_are_read_from_real_outputs(source: str, marked: str, clean: str, words: tuple[str, ...]) -> None:
    read = read_marks(marked, source, PLACEHOLDER)
    assert (read.text, read.words) == (clean, words)
    assert strip_marks(marked, source) == clean


def test_without_the_placeholder_pattern_a_token_with_a_digit_is_still_no_word() -> None:
    source, marked, _clean, _words = FR_ES[5]
    assert "Zx1q" not in read_marks(marked, source).words


def test_a_text_without_marks_is_returned_unchanged() -> None:
    text = "El 25 de octubre, han sido liberados contra toda espera y embarcados sobre un vuelo para Turquía."
    assert read_marks(text, "Le 25 octobre, ils ont été libérés contre toute attente.").text == text


def test_an_html_entity_is_no_mark() -> None:
    assert strip_marks("l&#39;*annexion", "l'annexion") == "l&#39;annexion"


@pytest.mark.parametrize(
    ("words", "text", "still"),
    [
        (("tatare", "acharnement"), "la comunidad tatare de Crimea", ("tatare",)),
        (("Acharnement",), "Se trata de acharnement.", ("Acharnement",)),  # case aside
        (("tatar",), "los tatars de Crimea", ()),  # whole words only
        (("anti",), "el partido anti-guerra", ("anti",)),  # a hyphen bounds a word
        (("osent",), "que osent las autoridades", ("osent",)),
        ((), "texto", ()),
    ],
)
def test_words_in_keeps_the_words_still_in_the_text(words: tuple[str, ...], text: str,
                                                    still: tuple[str, ...]) -> None:
    assert words_in(words, text) == still
