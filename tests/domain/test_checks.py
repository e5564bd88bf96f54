"""QA checks as tables of (source, target, languages, expected check ids), with the sample's sentences."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from workbench.domain.checks import (
    CHECK_IDS,
    ApprovedSegment,
    Check,
    DoubleSpaceCheck,
    EndPunctuationCheck,
    LengthCheck,
    NumbersCheck,
    PlaceholdersCheck,
    PunctuationSpacingCheck,
    QuotesCheck,
    SameAsSourceCheck,
    UntranslatedCheck,
    UntranslatedWordsCheck,
    WrongLanguageCheck,
    inconsistent_issues,
    parse_number,
    run_checks,
    segment_checks,
)
from workbench.domain.unknown_words import read_marks
from workbench.formats.glossary_csv import read_glossary_csv

NB = "\u00a0"
NNB = "\u202f"

# The sample release's sentences (sources are stored with plain spaces) and fair translations.
S_DECLARE = (
    "En réaction à l’arrivée des dirigeants tatars de Crimée Ilmi Oumerov et Akhtem Tchigoz à Kiev vendredi "
    "27 octobre dans l’après-midi, après qu’ils ont été libérés mercredi 25 d’une prison russe située en Crimée "
    "occupée, Oxana Pokaltchouk, directrice d’Amnesty International Ukraine, a déclaré :"
)
T_DECLARE_EN = (
    "Responding to the arrival of Crimean Tatar leaders Ilmi Umerov and Akhtem Chiygoz in Kyiv on the afternoon "
    "of Friday 27 October, after they were released on Wednesday 25 from a Russian prison in occupied Crimea, "
    "Oksana Pokalchuk, Director of Amnesty International Ukraine, said:"
)
S_OPEN_QUOTE = (
    "« La libération des prisonniers d’opinion Ilmi Oumerov et Akhtem Tchigoz la semaine du 23 octobre "
    "représente une avancée mais ces hommes sont maintenant confrontés à l’injustice d’avoir été expulsés de "
    "leur région."
)
T_OPEN_QUOTE_EN = (
    "“The release of prisoners of conscience Ilmi Umerov and Akhtem Chiygoz in the week of 23 October is a "
    "step forward, but these men now face the injustice of having been expelled from their region."
)
S_CLOSE_QUOTE = (
    "« En Crimée, il faut que les autorités de facto cessent de réprimer avec acharnement la dissidence, "
    "libèrent immédiatement et sans condition tous les prisonniers d’opinion et mettent fin à la politique qui "
    "consiste à poursuivre et exiler leurs détracteurs. »"
)
T_CLOSE_QUOTE_EN = (
    "“In Crimea, the de facto authorities must stop their relentless crackdown on dissent, immediately and "
    "unconditionally release all prisoners of conscience and end the policy of prosecuting and exiling their "
    "critics.”"
)
S_SENTENCED = (
    "Akhtem Tchigoz et Ilmi Oumerov, les deux responsables adjoints du Meijlis, l’organe représentatif de la "
    "communauté tatare de Crimée que les autorités russes ont interdit pour « extrémisme », ont été condamnés "
    "respectivement à huit et deux ans d’emprisonnement dans des affaires distinctes en septembre 2017, à "
    "l’issue de simulacres de procès."
)
T_SENTENCED_EN = (
    "Akhtem Chiygoz and Ilmi Umerov, the two deputy heads of the Mejlis, the representative body of the Crimean "
    "Tatar community that the Russian authorities banned for “extremism”, were sentenced to eight and two years "
    "in prison respectively in separate cases in September 2017, after sham trials."
)
T_SENTENCED_ES = (
    "Akhtem Chiygoz e Ilmi Umerov, los dos líderes adjuntos del Mejlis, el órgano representativo de la "
    "comunidad tártara de Crimea que las autoridades rusas prohibieron por «extremismo», fueron condenados "
    "respectivamente a ocho y dos años de prisión en causas distintas en septiembre de 2017, tras juicios "
    "amañados."
)
S_OCT25 = "Le 25 octobre, ils ont été libérés contre toute attente et embarqués sur un vol pour la Turquie."
T_OCT25_EN = "On 25 October, they were unexpectedly released and put on a flight to Turkey."
T_OCT25_ES = "El 25 de octubre, fueron liberados contra todo pronóstico y embarcados en un vuelo a Turquía."
T_OCT25_DE = "Am 25. Oktober wurden sie überraschend freigelassen und in ein Flugzeug in die Türkei gesetzt."
S_TITLE = "Russie. Il faut que les dirigeants tatars de Crimée puissent librement rentrer chez eux et s’exprimer"
T_TITLE_EN = "Russia: Crimean Tatar leaders must be free to return home and speak out"

Row = tuple[str, str, str, str, set[str]]


def ids(check: Check, source: str, target: str, sl: str, tl: str) -> set[str]:
    return {i.check for i in check.check(source, target, sl, tl)}


def run_table(check: Check, rows: Sequence[Row]) -> None:
    for source, target, sl, tl, expected in rows:
        found = check.check(source, target, sl, tl)
        assert {i.check for i in found} == expected, (source, target, found)
        assert all(i.severity == check.severity for i in found)


NUMBERS: list[Row] = [
    (S_DECLARE, T_DECLARE_EN, "fr", "en", set()),
    (S_SENTENCED, T_SENTENCED_EN, "fr", "en", set()),
    (S_SENTENCED, T_SENTENCED_ES, "fr", "es", set()),
    (S_SENTENCED, T_SENTENCED_EN.replace("2017", "2016"), "fr", "en", {"numbers"}),
    (S_OCT25, T_OCT25_EN, "fr", "en", set()),
    (S_OCT25, T_OCT25_ES, "fr", "es", set()),
    (S_OCT25, T_OCT25_DE, "fr", "de", set()),
    (S_OCT25, "On 25 November, they were unexpectedly released and put on a flight to Turkey.", "fr", "en",
     {"numbers"}),
    (S_OCT25, "On 24 October, they were unexpectedly released and put on a flight to Turkey.", "fr", "en",
     {"numbers"}),
    ("Plus de 1 200 personnes ont manifesté.", "More than 1,200 people demonstrated.", "fr", "en", set()),
    ("Plus de 1 200 personnes ont manifesté.", "Más de 1.200 personas se manifestaron.", "fr", "es", set()),
    ("Plus de 1 200 personnes ont manifesté.", "Mehr als 1.200 Menschen demonstrierten.", "fr", "de", set()),
    (f"Plus de 1{NNB}200 personnes.", "More than 1 200 people.", "fr", "en", set()),
    ("Plus de 1 200 personnes ont manifesté.", "More than 1.200 people demonstrated.", "fr", "en", {"numbers"}),
    ("Plus de 1 200 personnes ont manifesté.", "More than 12,000 people demonstrated.", "fr", "en", {"numbers"}),
    ("Le taux atteint 2,5 %.", "The rate reaches 2.5%.", "fr", "en", set()),
    ("Le taux atteint 2,5 %.", "The rate reaches 25%.", "fr", "en", {"numbers"}),
    ("The budget is 1,234.5 million.", "Le budget est de 1 234,5 millions.", "en", "fr", set()),
    ("Selon l’art. 20.3.3 du code.", "Under Art. 20.3.3 of the code.", "fr", "en", set()),
    ("Selon l’art. 20.3.3 du code.", "Under Art. 20.3.4 of the code.", "fr", "en", {"numbers"}),
    ("du lundi au jeudi de 9h30 à 12h30 et de 14h30 à 17h30", "Monday to Thursday from 9:30 am to 12:30 pm and "
     "from 2:30 pm to 5:30 pm", "fr", "en", set()),
    ("le vendredi de 9h30 à 12h30 et de 14h30 à 17h", "on Friday from 9.30 to 12.30 and 2.30 to 5 pm", "fr", "en",
     {"numbers"}),
    ("le vendredi de 14h30 à 17h", "el viernes de 14:30 a 17:00", "fr", "es", set()),
    ("le vendredi de 14h30 à 17h", "am Freitag von 14.30 Uhr bis 17 Uhr", "fr", "de", set()),
    ("le vendredi de 14h30 à 17h", "on Friday from 2:30 to 6 pm", "fr", "en", {"numbers"}),
    ("huit et deux ans de prison", "8 and 2 years in prison", "fr", "en", set()),
    ("condamnés à 8 ans", "sentenced to eight years", "fr", "en", set()),
    ("Appelez le +33 6 76 94 37 05.", "Call +33 6 76 94 37 05.", "fr", "en", set()),
    ("Le sommet du G7 a eu lieu.", "The G7 summit took place.", "fr", "en", set()),
    ("Le 1er mars 2014, la Russie a occupé la Crimée.", "On 1 March 2014, Russia occupied Crimea.", "fr", "en",
     set()),
    ("Le 1er mars 2014, la Russie a occupé la Crimée.", "On 1 May 2014, Russia occupied Crimea.", "fr", "en",
     {"numbers"}),
    ("depuis février 2014", "seit Februar 2014", "fr", "de", set()),
    ("Il a dit mai.", "He said may.", "fr", "en", set()),  # a month only counts in a date
]

PLACEHOLDERS: list[Row] = [
    (S_DECLARE, T_DECLARE_EN, "fr", "en", set()),
    ("La libération d’Ilmi Oumerov.", "The release of Zx1q.", "fr", "en", {"placeholders"}),
    ("La libération d’Ilmi Oumerov.", "The release of zx 1q.", "fr", "en", {"placeholders"}),
    ("La libération d’Ilmi Oumerov.", "La liberación de Zx2qy.", "fr", "es", set()),  # not a token
    ("Le code Zx1q est cité.", "The code Zx1q is quoted.", "fr", "en", set()),
]

QUOTES: list[Row] = [
    (S_OPEN_QUOTE, T_OPEN_QUOTE_EN, "fr", "en", set()),  # opens, continues in the next paragraph
    (S_CLOSE_QUOTE, T_CLOSE_QUOTE_EN, "fr", "en", set()),
    (S_OPEN_QUOTE, T_OPEN_QUOTE_EN.lstrip("“"), "fr", "en", {"quotes"}),
    (S_SENTENCED, T_SENTENCED_EN, "fr", "en", set()),
    (S_SENTENCED, T_SENTENCED_ES, "fr", "es", set()),
    (S_SENTENCED, T_SENTENCED_EN.replace("“extremism”", "«extremism»"), "fr", "en", {"quotes"}),
    (S_SENTENCED, T_SENTENCED_EN.replace("“extremism”", "“extremism"), "fr", "en", {"quotes"}),
    (S_SENTENCED, T_SENTENCED_EN.replace("“extremism”", '"extremism"'), "fr", "en", {"quotes"}),
    ("Sie nannten es « Extremismus ».", "Sie nannten es „Extremismus“.", "fr", "de", set()),
    ("Ils l’ont appelé « extrémisme ».", "Sie nannten es “Extremismus”.", "fr", "de", {"quotes"}),
    ("They called it “extremism”.", f"Ils l’ont appelé «{NB}extrémisme{NB}».", "en", "fr", set()),
    ("They called it “extremism”.", "Ils l’ont appelé “extrémisme”.", "en", "fr", set()),  # nested-style marks
    ("Ils l’ont appelé « extrémisme ».", "Lo llamaron «extremismo».", "fr", "es", set()),
]

SPACING: list[Row] = [
    ("x", f"Il a déclaré{NB}:", "en", "fr", set()),
    ("x", f"Il a déclaré{NNB}: «{NB}Non{NNB}!{NB}»", "en", "fr", set()),
    ("x", "Il a déclaré: non", "en", "fr", {"punctuation_spacing"}),
    ("x", "Il a déclaré : non", "en", "fr", {"punctuation_spacing"}),
    ("x", f"«Extrémisme{NB}»", "en", "fr", {"punctuation_spacing"}),
    ("x", f"Vraiment{NB}?!", "en", "fr", set()),
    ("x", f"de 9:30 à 12:30, voir https://amnesty.fr{NB};", "en", "fr", set()),
    (S_DECLARE, T_DECLARE_EN, "fr", "en", set()),  # only French targets are judged
]

END: list[Row] = [
    (S_DECLARE, T_DECLARE_EN, "fr", "en", set()),
    (S_CLOSE_QUOTE, T_CLOSE_QUOTE_EN, "fr", "en", set()),
    (S_CLOSE_QUOTE, T_CLOSE_QUOTE_EN.replace("critics.”", "critics”."), "fr", "en", set()),
    (S_TITLE, T_TITLE_EN, "fr", "en", set()),
    (S_TITLE, T_TITLE_EN + ".", "fr", "en", {"end_punctuation"}),
    (S_OCT25, T_OCT25_EN.rstrip("."), "fr", "en", {"end_punctuation"}),
    (S_DECLARE, T_DECLARE_EN.rstrip(":") + ".", "fr", "en", {"end_punctuation"}),
    ("Pourquoi ?", "Why?", "fr", "en", set()),
    ("Pourquoi ?", "¿Por qué?", "fr", "es", set()),
    ("Pourquoi ?", "Por qué?", "fr", "es", {"end_punctuation"}),
    ("Et après...", "And then…", "fr", "en", set()),
]

UNTRANSLATED: list[Row] = [
    (S_OCT25, "", "fr", "en", {"untranslated"}),
    (S_OCT25, "  \n", "fr", "en", {"untranslated"}),
    (S_OCT25, T_OCT25_EN, "fr", "en", set()),
]

SAME: list[Row] = [
    (S_OCT25, S_OCT25, "fr", "en", {"same_as_source"}),
    (S_OCT25, S_OCT25.upper(), "fr", "en", {"same_as_source"}),
    ("Amnesty International Ukraine", "Amnesty International Ukraine", "fr", "en", set()),
    ("Ilmi Oumerov (IO) 2017", "Ilmi Oumerov (IO) 2017", "fr", "en", set()),
    (S_OCT25, T_OCT25_EN, "fr", "en", set()),
]

DOUBLE: list[Row] = [
    (S_OCT25, T_OCT25_EN, "fr", "en", set()),
    (S_OCT25, T_OCT25_EN.replace("they were", "they  were"), "fr", "en", {"double_space"}),
    (S_OCT25, T_OCT25_EN.replace("they were", f"they{NB} were"), "fr", "en", {"double_space"}),
    (S_OCT25, T_OCT25_EN + "  ", "fr", "en", set()),  # trailing blanks are the editor's, not the text's
]

LENGTH: list[Row] = [
    (S_DECLARE, T_DECLARE_EN, "fr", "en", set()),
    (S_SENTENCED, T_SENTENCED_ES, "fr", "es", set()),
    (S_OCT25, T_OCT25_DE, "fr", "de", set()),
    (S_SENTENCED, "Akhtem Chiygoz and Ilmi Umerov were sentenced.", "fr", "en", {"length"}),
    (S_OCT25, T_OCT25_EN + " " + T_OCT25_EN + " " + T_OCT25_EN, "fr", "en", {"length"}),
    ("Complément d’information", "Further information", "fr", "en", set()),
    ("Complément d’information", "Background", "fr", "en", set()),  # the usual heading, 0.42×
    ("Complément d'information :", "Antecedentes:", "fr", "es", set()),
    ("Complément d’information", "Note", "fr", "en", {"length"}),  # not a known rendering
    ("Informations complémentaires", "Background", "fr", "de", {"length"}),  # no table for fr→de
    ("Kiev", "The capital of Ukraine, Kyiv", "fr", "en", set()),  # too short to judge
]


@pytest.mark.parametrize(
    ("check", "rows"),
    [
        (NumbersCheck(), NUMBERS),
        (PlaceholdersCheck(), PLACEHOLDERS),
        (QuotesCheck(), QUOTES),
        (PunctuationSpacingCheck(), SPACING),
        (EndPunctuationCheck(), END),
        (UntranslatedCheck(), UNTRANSLATED),
        (SameAsSourceCheck(), SAME),
        (DoubleSpaceCheck(), DOUBLE),
        (LengthCheck(), LENGTH),
    ],
    ids=lambda v: v.check_id if isinstance(v, Check) else "",
)
def test_check_table(check: Check, rows: Sequence[Row]) -> None:
    run_table(check, rows)


def fake_detector(answers: dict[str, list[tuple[str, float]]]):
    return lambda text: answers.get(text, [])


def test_wrong_language_judges_only_long_common_text() -> None:
    left_french = S_OCT25  # 17 words, most of them common
    names = "Ilmi Oumerov, Akhtem Tchigoz, Oxana Pokaltchouk, Amnesty International Ukraine, Kiev, Crimée, Russie"
    short = "Ils ont été libérés."
    detect = fake_detector({
        left_french: [("fr", 0.99)], names: [("fr", 0.99)], short: [("fr", 0.99)],
        T_OCT25_EN: [("en", 0.99)], T_DECLARE_EN: [("nl", 0.6), ("en", 0.4)],
        T_CLOSE_QUOTE_EN: [("fr", 0.92), ("en", 0.08)],
    })
    check = WrongLanguageCheck(detect)
    rows: list[Row] = [
        (S_OCT25, left_french, "fr", "en", {"wrong_language"}),
        (S_OCT25, T_OCT25_EN, "fr", "en", set()),
        ("x", names, "fr", "en", set()),   # names only: never judged
        ("x", short, "fr", "en", set()),   # too short to judge
        ("x", T_DECLARE_EN, "fr", "en", set()),  # not sure enough
        ("x", T_CLOSE_QUOTE_EN, "fr", "en", {"wrong_language"}),
    ]
    run_table(check, rows)
    (issue,) = check.check(S_OCT25, left_french, "fr", "en")
    assert "untranslated" in issue.message
    assert WrongLanguageCheck(None).check(S_OCT25, left_french, "fr", "en") == []


@pytest.mark.parametrize(
    ("token", "lang", "value"),
    [
        ("1 200", "fr", "1200"), (f"1{NNB}200", "fr", "1200"), ("1,200", "en", "1200"), ("1.200", "es", "1200"),
        ("1.200", "de", "1200"), ("1.200", "fr", "1200"), ("1,5", "fr", "1.5"), ("1.5", "en", "1.5"),
        ("1,200", "fr", "1.2"), ("1.200", "en", "1.2"), ("1.234.567", "de", "1234567"),
        ("1,234.5", "en", "1234.5"), ("1.234,5", "de", "1234.5"), ("20.3.3", "fr", "20.3.3"), ("2014", "en", "2014"),
        ("05", "fr", "5"),
    ],
)
def test_parse_number_follows_the_locale(token: str, lang: str, value: str) -> None:
    assert parse_number(token, lang) == value


def test_messages_name_what_is_wrong() -> None:
    (issue,) = NumbersCheck().check(S_SENTENCED, T_SENTENCED_EN.replace("2017", "2016"), "fr", "en")[:1]
    assert issue.message == "2017 is in the source but not in the target"
    month = NumbersCheck().check(S_OCT25, T_OCT25_EN.replace("October", "November"), "fr", "en")
    assert [i.message for i in month] == ["date months differ: octobre in the source, November in the target"]
    (quote,) = QuotesCheck().check(S_OPEN_QUOTE, T_OPEN_QUOTE_EN.lstrip("“"), "fr", "en")
    assert "continued in the next segment" in quote.message


def test_registry_is_explicit_and_complete() -> None:
    checks = segment_checks()
    assert len(checks) == 11
    # One id per check, but for `untranslated`: an empty target (error) and words left (warning).
    assert [(c.check_id, c.severity) for c in checks if c.check_id == "untranslated"] == [
        ("untranslated", "error"), ("untranslated", "warning")]
    assert len({c.check_id for c in checks}) == 10
    assert CHECK_IDS == ("glossary", "untranslated", "placeholders", "numbers", "quotes", "punctuation_spacing",
                         "end_punctuation", "same_as_source", "wrong_language", "length", "double_space",
                         "inconsistent")
    for c in checks:
        assert c.name and c.description and c.severity in ("error", "warning")


def test_run_checks_on_a_fair_translation_finds_nothing() -> None:
    pairs = [(S_DECLARE, T_DECLARE_EN), (S_OPEN_QUOTE, T_OPEN_QUOTE_EN), (S_CLOSE_QUOTE, T_CLOSE_QUOTE_EN),
             (S_SENTENCED, T_SENTENCED_EN), (S_OCT25, T_OCT25_EN), (S_TITLE, T_TITLE_EN)]
    for source, target in pairs:
        assert run_checks(segment_checks(), source, target, "fr", "en") == [], source


def test_run_checks_on_an_empty_target_reports_only_untranslated() -> None:
    assert [i.check for i in run_checks(segment_checks(), S_OCT25, "", "fr", "en")] == ["untranslated"]


def test_inconsistent_flags_one_source_approved_two_ways() -> None:
    segs = [
        ApprovedSegment("a1", "Complément d’information", "Further information", True),
        ApprovedSegment("b2", "Complément  d’information", "Background", True),
        ApprovedSegment("c3", "Complément d’information", "Notes", False),  # not approved: not compared
        ApprovedSegment("d4", "Il a fait appel.", "He appealed.", True),
        ApprovedSegment("e5", "Il a fait appel.", "He  appealed.", True),  # same text, spacing aside
    ]
    found = inconsistent_issues(segs)
    assert set(found) == {"a1", "b2"}
    assert found["a1"][0].check == "inconsistent" and "b2" in found["a1"][0].message


# --- untranslated words: rows from real raw Apertium outputs -----------------------------------

GLOSSARY = Path(__file__).resolve().parents[2] / "glossary"


def shipped_forms() -> list[str]:
    """Every form of the shipped names (as the QA service passes the whole term base in)."""
    data = (GLOSSARY / "names.csv").read_bytes()
    return [form for concept in read_glossary_csv(data, "names.csv") for _lang, form, _p in concept.all_forms()]


#: (source, raw output of ApertiumEngine().translate with its marks, target language, words flagged).
#: Raw outputs of apertium 3.9 / apertium-fr-es / apertium-eng-spa (Debian 12), fr→en through Spanish.
APERTIUM_ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    (S_CLOSE_QUOTE,  # "de *facto" is Latin, right in Spanish
     "« En Crimea, falla que las autoridades de *facto cesan de reprimir con *acharnement la *dissidence, liberan "
     "inmediatamente y sin condición todos los prisioneros de opinión y ponen final a la política que consiste en "
     "proseguir y *exiler sus detractores. »",
     "es", ("acharnement", "dissidence", "exiler")),
    (S_CLOSE_QUOTE,  # the pivot's Spanish word; Crimea is a name (the pivot's form of Crimée)
     "« In *Crimea, fails that the de facto authorities cease to repress with *acharnement the *dissidence, "
     "release immediately and without condition all the prisoners of opinion and put final to the politics that "
     "consists in continuing and *exiler his *detractores. »",
     "en", ("acharnement", "dissidence", "exiler", "detractores")),
    (S_SENTENCED,  # names left alone, at the sentence start too (Akhtem before Tchigoz), and the glossary's
     "*Akhtem *Tchigoz y *Ilmi *Oumerov, ambos responsables adjuntos del *Meijlis, el órgano representativo de la "
     "comunidad *tatare de Crimea que las autoridades rusas han prohibido para « *extrémisme », han sido condenados "
     "respectivamente a ocho y dos años de encarcelamiento en asuntos diferentes en septiembre 2017, a la salida de "
     "simulacros de procesos.",
     "es", ("tatare", "extrémisme")),
    (S_SENTENCED,
     "*Akhtem *Tchigoz And *Ilmi *Oumerov, both managers *adjuntos of the *Meijlis, the representative organ of the "
     "community *tatare of *Crimea that the Russian authorities have forbidden for « *extrémisme », have been "
     "condemned respectively to eight and two years of imprisonment in different subjects in September 2017, to "
     "the start of simulations of processes.",
     "en", ("adjuntos", "tatare", "extrémisme")),
    ("La communauté tatare de Crimée et le Mejlis sont les principales cibles des persécutions politiques "
     "orchestrées par les autorités russes depuis le début de l’occupation.",
     "The community *tatare of *Crimea and the *Mejlis are the main targets of the political persecutions "
     "*orquestadas by the Russian authorities from the beginning of the occupation.",
     "en", ("tatare", "orquestadas")),
    (S_TITLE,  # "tatars" in lower case is no name, though the glossary has "Tatars de Crimée"
     "Rusia. Falla que los dirigentes *tatars de Crimea puedan libremente regresar en ellos y expresarse",
     "es", ("tatars",)),
    ("Acharnement judiciaire contre la communauté tatare de Crimée",  # a common word at the start is no name
     "*Acharnement judicial contra la comunidad *tatare de Crimea",
     "es", ("Acharnement", "tatare")),
    ("Les militants pro-ukrainiens et anti-guerre sont persécutés.",  # "anti-": a prefix, not a word
     "Los militantes pro-*ukrainiens y *anti-guerra son *persécutés.",
     "es", ("ukrainiens", "persécutés")),
    ("« Tatare » et « persécutés ».",  # inside « »: a sentence start
     "« *Tatare » y « *persécutés ».",
     "es", ("Tatare", "persécutés")),
    ("Oxana Pokaltchouk, directrice d’Amnesty International Ukraine, a déclaré :",  # names only
     "*Oxana *Pokaltchouk, directora de *Amnesty Internacional Ucrania, ha declarado :",
     "es", ()),
    ("Alexeï Navalny est mort en prison.",  # the glossary's name (Alexeï, with a letter Spanish lacks)
     "*Alexeï *Navalny está muerto en prisión.",
     "es", ()),
    ("Emir-Ousseïn Koukou a été condamné à douze ans de prison.",
     "Emir-*Ousseïn *Koukou has been condemned to twelve years of prison.",
     "en", ()),
    ("Navalny a été empoisonné.",
     "*Navalny Has been *empoisonné.",
     "en", ("empoisonné",)),
]


@pytest.mark.parametrize(("source", "raw", "target_lang", "flagged"), APERTIUM_ROWS)
def test_untranslated_words_of_real_apertium_drafts(source: str, raw: str, target_lang: str,
                                                    flagged: tuple[str, ...]) -> None:
    draft = read_marks(raw, source)  # what the drafter stores: the clean text and the engine's words
    check = UntranslatedWordsCheck(shipped_forms())
    found = check.check_draft(source, draft.text, "fr", target_lang, draft.words)
    expected = [f"left untranslated in the target: {', '.join(flagged)}"] if flagged else []
    assert [i.message for i in found] == expected
    assert all(i.check == "untranslated" and i.severity == "warning" for i in found)


def test_a_name_with_letters_the_target_lacks_is_flagged_when_the_glossary_does_not_have_it() -> None:
    source, raw = "Alexeï Navalny est mort en prison.", "*Alexeï *Navalny está muerto en prisión."
    draft = read_marks(raw, source)
    [issue] = UntranslatedWordsCheck().check_draft(source, draft.text, "fr", "es", draft.words)
    assert issue.message == "left untranslated in the target: Alexeï"  # Spanish writes Alekséi; Navalny is fine


def test_words_a_person_replaced_are_no_longer_flagged() -> None:
    raw = APERTIUM_ROWS[0][1]
    words = read_marks(raw, S_CLOSE_QUOTE).words
    edited = ("« En Crimea, las autoridades de facto deben dejar de reprimir con ensañamiento la disidencia, liberar "
              "de inmediato y sin condiciones a todos los presos de conciencia y acabar con la política de perseguir "
              "y exiliar a sus detractores. »")
    assert UntranslatedWordsCheck().check_draft(S_CLOSE_QUOTE, edited, "fr", "es", words) == []
    half = edited.replace("ensañamiento", "acharnement")
    [issue] = UntranslatedWordsCheck().check_draft(S_CLOSE_QUOTE, half, "fr", "es", words)
    assert issue.message == "left untranslated in the target: acharnement"


S_SHAM = "Ils ont été libérés après un simulacre de procès."
S_CAFE = "Ils se sont réunis dans un café ; le régime a publié un communiqué."

#: Without engine data (a person's text, an online engine): source words with letters the target lacks.
LEFT_WORDS: list[Row] = [
    (S_SHAM, "They were libérés after a sham procès.", "fr", "en", {"untranslated"}),
    (S_SHAM, "Fueron libérés tras un simulacro de procès.", "fr", "es", {"untranslated"}),  # è, not é
    (S_SHAM, "Fueron liberados tras un simulacro de juicio.", "fr", "es", set()),
    ("Ils ont été libérés après un procès inéquitable.", "Fueron liberados tras un juicio injusto en prisión.",
     "fr", "es", set()),  # Spanish accents of its own
    (S_CAFE, "They met in a café; the régime issued a communiqué.", "fr", "en", set()),  # English loanwords
    ("Emir-Ousseïn Koukou a été condamné.", "Emir-Ousseïn Koukou was sentenced.", "fr", "en", set()),  # a name
    (S_SENTENCED, T_SENTENCED_EN, "fr", "en", set()),
    (S_SENTENCED, T_SENTENCED_ES, "fr", "es", set()),
    (S_OCT25, T_OCT25_DE, "fr", "de", set()),
    ("Le procès", "Le procès", "fr", "fr", set()),  # no translation to judge
    ("Le procès", "Der Prozess", "fr", "xx", set()),  # a language whose letters we do not know
]


def test_left_words_table() -> None:
    run_table(UntranslatedWordsCheck(shipped_forms()), LEFT_WORDS)
    [issue] = UntranslatedWordsCheck().check(S_SHAM, "They were libérés after a sham procès.", "fr", "en")
    assert issue.message == "left untranslated in the target: libérés, procès"
    [issue] = UntranslatedWordsCheck().check(S_SHAM, "Fueron libérés tras un simulacro de procès.", "fr", "es")
    assert issue.message == "left untranslated in the target: procès"


def test_run_checks_passes_the_engines_words_to_the_check() -> None:
    raw = APERTIUM_ROWS[0][1]
    draft = read_marks(raw, S_CLOSE_QUOTE)
    with_words = run_checks(segment_checks(), S_CLOSE_QUOTE, draft.text, "fr", "es", draft.words)
    assert ("untranslated", "warning") in {(i.check, i.severity) for i in with_words}
    without = run_checks(segment_checks(), S_CLOSE_QUOTE, draft.text, "fr", "es")
    assert "untranslated" not in {i.check for i in without}  # no accent Spanish lacks: only the engine knew
