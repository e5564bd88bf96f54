"""Romanisation suggestions against real names of ../shared/reference/transliteration-names.csv.

Each case says whether the sourced spelling follows the convention (``follows``) or departs from it
by usage (``departs``, with the real form), so a failing case says which of the two changed.
"""

from __future__ import annotations

import pytest
from glossary_fixtures import REFERENCE, reference_rows

from workbench.domain.translit import guess_cyrillic_language, suggest_spellings

# (cyrillic, source, lang, convention's spelling); each one is the sourced spelling in the CSV.
FOLLOWS = [
    ("Умеров", "ru", "fr", "Oumerov"),
    ("Умеров", "ru", "en", "Umerov"),
    ("Умеров", "ru", "de", "Umerow"),
    ("Покальчук", "ru", "fr", "Pokaltchouk"),
    ("Оксана Покальчук", "uk", "en", "Oksana Pokalchuk"),  # Ukrainian 2010: the soft sign is dropped
    ("Ільмі Умеров", "uk", "en", "Ilmi Umerov"),
    ("Ільмі Умеров", "uk", "fr", "Ilmi Oumerov"),
    ("Владимир Кара-Мурза", "ru", "fr", "Vladimir Kara-Mourza"),
    ("Владимир Кара-Мурза", "ru", "de", "Wladimir Kara-Mursa"),
    ("Андрей Пивоваров", "ru", "fr", "Andreï Pivovarov"),
    ("Олег Орлов", "ru", "de", "Oleg Orlow"),
    ("Диана Логинова", "ru", "fr", "Diana Loguinova"),  # г before и is gu in French
    ("Сервер Мустафаев", "ru", "en", "Server Mustafayev"),  # е after a vowel is ye
    ("Сервер Мустафаев", "ru", "de", "Serwer Mustafajew"),
    ("Алексей Навальный", "ru", "de", "Alexei Nawalny"),  # кс is x, final й is i (Amnesty Zürich)
    ("Алексей Навальный", "ru", "it", "Aleksej Naval’nyj"),  # it.wikipedia writes ' for ’
    ("Юлия Навальная", "ru", "de", "Julija Nawalnaja"),
    ("Юлия Навальная", "ru", "es", "Yulia Navalnaya"),  # я after и at the end of a word is a
    ("Яблоко", "ru", "fr", "Iabloko"),
    ("Яблоко", "ru", "en", "Yabloko"),
    ("Яблоко", "ru", "de", "Jabloko"),
    ("Вілен Темер'янов", "uk", "en", "Vilen Temerianov"),  # PEN Ukraine's form: the apostrophe is dropped
    ("Олег Геннадійович Сенцов", "uk", "it", "Oleh Hennadijovyč Sencov"),
    ("Київ", "uk", "en", "Kyiv"),
    ("Київ", "uk", "de", "Kyjiw"),
    ("Київ", "uk", "fr", "Kyïv"),  # TVA Nouvelles
    ("Чернігів", "uk", "fr", "Tchernihiv"),
    ("Чернігів", "uk", "de", "Tschernihiw"),
    ("Миколаїв", "uk", "en", "Mykolaiv"),
    ("Миколаїв", "uk", "fr", "Mykolaïv"),
    ("Луганськ", "uk", "fr", "Louhansk"),
    ("Донецьк", "uk", "de", "Donezk"),
    ("Львів", "uk", "de", "Lwiw"),
    ("Суми", "uk", "fr", "Soumy"),
    ("Маріуполь", "uk", "fr", "Marioupol"),
    ("Одеса", "uk", "en", "Odesa"),
    ("Запоріжжя", "uk", "fr", "Zaporijjia"),  # AFP and Amnesty FR
]

# (cyrillic, source, lang, convention's spelling, real spelling): usage departs from the convention.
DEPARTS = [
    ("Алексей Навальный", "ru", "fr", "Alekseï Navalny", "Alexeï Navalny"),  # French usage writes кс as x
    ("Алексей Навальный", "ru", "en", "Aleksey Naval’nyy", "Alexei Navalny"),  # press usage, not BGN/PCGN
    ("Ахтем Чийгоз", "ru", "fr", "Akhtem Tchiïgoz", "Akhtem Tchigoz"),  # Amnesty FR simplifies ий
    ("Оксана Покальчук", "ru", "fr", "Oksana Pokaltchouk", "Oxana Pokaltchouk"),  # Amnesty FR; Ukrinform follows
    ("Андрей Пивоваров", "ru", "de", "Andrei Piwowarow", "Andrej Piwowarow"),  # taz writes final й as j
    ("Сервер Мустафаев", "ru", "fr", "Server Moustafaïev", "Server Mustafaïev"),  # у kept as u by Amnesty BE
    ("Юлия Навальная", "ru", "fr", "Ioulia Navalnaia", "Ioulia Navalnaïa"),
    ("Яблоко", "ru", "es", "Yabloko", "Yábloko"),  # Spanish stress accents are not generated
    ("Київ", "uk", "en", "Kyiv", "Kyiv"),  # (kept as a control: no departure)
    ("Денис Кривошеєв", "uk", "en", "Denys Kryvosheiev", "Denis Krivosheev"),  # Amnesty keeps the Russian-based form
]


@pytest.mark.parametrize(("cyrillic", "source", "lang", "expected"), FOLLOWS)
def test_convention_reproduces_the_sourced_spelling(cyrillic: str, source: str, lang: str, expected: str) -> None:
    assert suggest_spellings(cyrillic, (lang,), source)[lang] == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("cyrillic", "source", "lang", "convention", "real"), DEPARTS)
def test_where_usage_departs_from_the_convention(cyrillic: str, source: str, lang: str, convention: str,
                                                 real: str) -> None:
    assert suggest_spellings(cyrillic, (lang,), source)[lang] == convention  # type: ignore[arg-type]


def test_expected_spellings_are_the_csv_ones() -> None:
    # Guard the table above against typos: every "follows" spelling is sourced in the reference
    # CSV or in the conventions' examples.
    conventions = (REFERENCE.parent / "romanisation-conventions.md").read_text(encoding="utf-8")
    text = (" ".join(" ".join(row.values()) for row in reference_rows()) + conventions).replace("'", "’")
    for _cyr, _src, _lang, expected in FOLLOWS:
        for word in expected.replace("'", "’").split():
            assert word in text, word


@pytest.mark.parametrize(
    ("cyrillic", "lang", "expected"),
    [
        ("Дудаев", "fr", "Doudaïev"),  # е after a vowel (WIKT-FR example)
        ("Васильев", "fr", "Vassiliev"),  # с between vowels is ss, е after ь is ie
        ("Гагарин", "fr", "Gagarine"),  # final н after и is ne
        ("Достоевский", "fr", "Dostoïevski"),  # -ий ending: й not written
        ("Горбачёв", "de", "Gorbatschow"),  # ё after ч is o
        ("Горбачёв", "es", "Gorbachov"),
        ("Горький", "de", "Gorki"),
        ("Ельцин", "de", "Jelzin"),
        ("Єнакієве", "en", "Yenakiieve"),  # UA10 official example
        ("Згорани", "en", "Zghorany"),  # UA10: зг is zgh
        ("ЯБЛОКО", "en", "YABLOKO"),  # a name in capitals stays in capitals
    ],
)
def test_positional_rules(cyrillic: str, lang: str, expected: str) -> None:
    source = "uk" if cyrillic in ("Єнакієве", "Згорани") else "ru"
    assert suggest_spellings(cyrillic, (lang,), source)[lang] == expected  # type: ignore[arg-type]


def test_no_spanish_table_for_ukrainian() -> None:
    # conventions §6: no normative Ukrainian -> Spanish table; nothing is invented.
    assert set(suggest_spellings("Київ")) == {"en", "fr", "de", "it"}
    assert set(suggest_spellings("Умеров")) == {"en", "fr", "de", "es", "it"}


def test_language_is_guessed_from_ukrainian_letters() -> None:
    assert guess_cyrillic_language("Київ") == "uk"
    assert guess_cyrillic_language("Киев") == "ru"
    assert suggest_spellings("Сімферополь", ("en",)) == {"en": "Simferopol"}


def test_punctuation_and_latin_pass_through() -> None:
    assert suggest_spellings("«Мемориал» (НКО)", ("fr",)) == {"fr": "«Memorial» (NKO)"}
