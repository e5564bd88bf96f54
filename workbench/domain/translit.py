"""Romanisation suggestions for Cyrillic names, per target language.

The tables are those of ../shared/reference/romanisation-conventions.md (§1 Russian, §2
Ukrainian): English BGN/PCGN and the Ukrainian national system 2010, the usual French
transcription, German Duden, Spanish UNOG and Italian scientific transliteration. They give a
*suggestion*: real names often depart from the convention by usage (Alexeï, not Alekseï, at
Amnesty France; Tchigoz, not Tchiïgoz), so callers must mark the result as unverified.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

CyrillicLanguage = Literal["ru", "uk"]

VOWELS: Final = frozenset("аеёиоуыэюяіїє")
HUSHING: Final = frozenset("жчшщ")  # after these, German and Spanish write ё as o (Gorbatschow, Pugachov)
UKRAINIAN_ONLY: Final = frozenset("іїєґ")
APOSTROPHES: Final = frozenset("'’ʼ")
# Sets, not strings: the empty string (a word edge) is "in" every string.
A_E_O_U: Final = frozenset("аеоу")
E_I: Final = frozenset("еи")
I_SHORT_I: Final = frozenset("ий")
I_Y: Final = frozenset("иы")
O_E: Final = frozenset("ое")
SIGNS: Final = frozenset("ьъ")


@dataclass(frozen=True)
class _Context:
    """A letter with what surrounds it in its word (lower case; '' at the word's edges)."""

    prev: str
    next: str
    next2: str
    at_start: bool
    at_end: bool
    after_sign: bool  # just after ь, ъ or an apostrophe


Rule = Callable[[_Context], str]


def _fixed(value: str) -> Rule:
    return lambda ctx: value


def _iotated(initial: str, after_consonant: str, also_after: str = "") -> Rule:
    """A letter written one way at the start of a word, after a vowel or a sign, another way elsewhere."""
    return lambda ctx: (
        initial if ctx.at_start or ctx.prev in VOWELS or ctx.after_sign or (ctx.prev and ctx.prev in also_after)
        else after_consonant
    )


def _start_only(initial: str, elsewhere: str) -> Rule:
    """The Ukrainian 2010 rule: the y- spelling only at the start of a word."""
    return lambda ctx: initial if ctx.at_start else elsewhere


_BASE: Final = dict(zip("абдклмнопрстф", "abdklmnoprstf", strict=True))


def _table(overrides: dict[str, str | Rule]) -> dict[str, Rule]:
    table: dict[str, Rule] = {k: _fixed(v) for k, v in _BASE.items()}
    for letter, value in overrides.items():
        table[letter] = _fixed(value) if isinstance(value, str) else value
    return table


# --- Russian (conventions §1) ---------------------------------------------------------------

_RU_EN = _table({
    "в": "v", "г": "g", "е": _iotated("ye", "e", "й"), "ё": _iotated("yë", "ë", "й"), "ж": "zh", "з": "z",
    "и": "i", "й": "y", "у": "u", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "”", "ы": "y", "ь": "’", "э": "e", "ю": "yu", "я": "ya",
})


def _fr_e(ctx: _Context) -> str:
    if ctx.at_start or ctx.after_sign:
        return "ie"  # Iekaterinbourg, Vassiliev
    if ctx.prev in VOWELS and ctx.prev not in I_SHORT_I:
        return "ïe"  # Doudaïev
    return "e"


def _fr_i(ctx: _Context) -> str:
    return "ï" if ctx.prev in VOWELS and ctx.prev != "и" else "i"  # Mikhaïl


def _fr_short_i(ctx: _Context) -> str:
    # Not written in the endings -ий/-ый (Dostoïevski, Grozny); ï elsewhere (Alekseï, Andreï).
    return "" if ctx.at_end and ctx.prev in I_Y else "ï"


def _fr_n(ctx: _Context) -> str:
    return "ne" if ctx.at_end and ctx.prev in I_Y else "n"  # Gagarine, Soljenitsyne


def _fr_s(ctx: _Context) -> str:
    # A single s between vowels would be read as z in French: Vassiliev.
    return "ss" if ctx.prev in VOWELS and ctx.next in VOWELS else "s"


def _fr_ya(ctx: _Context) -> str:
    # Attested, not tabled: Юлия is Ioulia, not Iouliia.
    return "a" if ctx.prev == "и" else "ia"


_RU_FR = _table({
    "в": "v", "г": lambda ctx: "gu" if ctx.next in E_I else "g", "е": _fr_e, "ё": "io", "ж": "j",
    "з": "z", "и": _fr_i, "й": _fr_short_i, "н": _fr_n, "с": _fr_s, "у": "ou", "х": "kh", "ц": "ts",
    "ч": "tch", "ш": "ch", "щ": "chtch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iou", "я": _fr_ya,
})


def _de_g(ctx: _Context) -> str:
    # The adjective endings -ого/-его are pronounced -owo/-ewo.
    return "w" if ctx.prev in O_E and ctx.next == "о" and ctx.next2 == "" else "g"


def _de_yo(ctx: _Context) -> str:
    return "o" if ctx.prev in HUSHING else "jo"


def _de_short_i(ctx: _Context) -> str:
    if ctx.prev in I_Y:
        return ""  # Gorki
    if ctx.at_end or (ctx.prev in VOWELS and ctx.next not in VOWELS):
        return "i"  # Andrei, Tschuikow
    return "j"


def _de_s(ctx: _Context) -> str:
    return "ss" if ctx.prev in VOWELS and ctx.next in VOWELS else "s"


def _de_k(ctx: _Context) -> str:
    return "x" if ctx.next == "с" else "k"  # кс -> x, and the с is then not written


_RU_DE = _table({
    "в": "w", "г": _de_g, "е": _iotated("je", "e"), "ё": _de_yo, "ж": "sch", "з": "s",
    "и": lambda ctx: "ji" if ctx.prev == "ь" else "i", "й": _de_short_i, "к": _de_k, "с": _de_s,
    "у": "u", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "ju", "я": "ja",
})


def _es_yo(ctx: _Context) -> str:
    if ctx.prev in HUSHING:
        return "o"  # Pugachov
    return "yo"  # Oryol (the UNOG example writes yo after a consonant too)


def _es_short_i(ctx: _Context) -> str:
    if ctx.prev in I_Y:
        return ""  # -ий/-ый are written -i (Navalni)
    if ctx.at_end and ctx.prev in A_E_O_U:
        return "y"  # Altay
    return "i"


def _es_y(ctx: _Context) -> str:
    return "i" if ctx.next == "й" and ctx.next2 == "" else "y"  # -ый -> -i (ESWP)


def _es_ya(ctx: _Context) -> str:
    return "a" if ctx.prev == "и" and ctx.at_end else "ya"  # Kalmykia


_RU_ES = _table({
    "в": "v", "г": lambda ctx: "gu" if ctx.next in E_I else "g", "е": _iotated("ye", "e"), "ё": _es_yo,
    "ж": "zh", "з": "z", "и": "i", "й": _es_short_i, "у": "u", "х": "j", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "sch", "ъ": "", "ы": _es_y, "ь": "", "э": "e", "ю": "yu", "я": _es_ya,
})

_RU_IT = _table({
    "в": "v", "г": "g", "е": "e", "ё": "ë", "ж": "ž", "з": "z", "и": "i", "й": "j", "у": "u", "х": "ch",
    "ц": "c", "ч": "č", "ш": "š", "щ": "šč", "ъ": "”", "ы": "y", "ь": "’", "э": "e", "ю": "ju", "я": "ja",
})

# --- Ukrainian (conventions §2) -------------------------------------------------------------
# Where the Ukrainian column says n/s, German falls back to the Russian Duden value and Italian to
# the scientific one (the systems those columns are drawn from); Spanish has no table at all.

_UK_EN = _table({
    "е": "e",
    "в": "v", "г": "h", "ґ": "g", "є": _start_only("ye", "ie"), "ж": "zh",
    "з": lambda ctx: "zg" if ctx.next == "г" else "z",  # зг -> zgh, so that it is not read as zh
    "и": "y", "і": "i", "ї": _start_only("yi", "i"), "й": _start_only("y", "i"), "у": "u", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": _start_only("yu", "iu"),
    "я": _start_only("ya", "ia"),
})


def _uk_fr_short_i(ctx: _Context) -> str:
    return "y" if ctx.prev == "і" else "ï"  # ій -> iy, ий -> yï (MDIPLO)


_UK_FR = _table({
    "е": "e",
    "в": "v", "г": "h", "ґ": "g", "є": "ie", "ж": "j", "з": "z", "и": "y", "і": "i", "ї": "ï",
    "й": _uk_fr_short_i, "у": "ou", "х": "kh", "ц": "ts", "ч": "tch", "ш": "ch", "щ": "chtch", "ь": "",
    "ю": "iou", "я": "ia",
})

_UK_DE = _table({
    "е": "e",
    "в": "w", "г": "h", "ґ": "g", "є": "je", "ж": "sch", "з": "s", "и": "y", "і": "i", "ї": "ji", "й": "j",
    "у": "u", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch", "ь": "", "ю": "ju", "я": "ja",
})

_UK_IT = _table({
    "е": "e",
    "в": "v", "г": "h", "ґ": "g", "є": "je", "ж": "ž", "з": "z", "и": "y", "і": "i", "ї": "ji", "й": "j",
    "у": "u", "х": "ch", "ц": "c", "ч": "č", "ш": "š", "щ": "šč", "ь": "’", "ю": "ju", "я": "ja",
})

# Letters of Russian that turn up in Ukrainian text (ы э ё ъ in a quoted Russian name) keep their
# Russian value rather than being left in Cyrillic.
for _uk, _ru in ((_UK_EN, _RU_EN), (_UK_FR, _RU_FR), (_UK_DE, _RU_DE), (_UK_IT, _RU_IT)):
    for _letter, _rule in _ru.items():
        _uk.setdefault(_letter, _rule)

TABLES: Final[dict[CyrillicLanguage, dict[str, dict[str, Rule]]]] = {
    "ru": {"en": _RU_EN, "fr": _RU_FR, "de": _RU_DE, "es": _RU_ES, "it": _RU_IT},
    "uk": {"en": _UK_EN, "fr": _UK_FR, "de": _UK_DE, "it": _UK_IT},
}


def guess_cyrillic_language(cyrillic: str) -> CyrillicLanguage:
    """'uk' when the text has a letter only Ukrainian uses (і ї є ґ), else 'ru'."""
    return "uk" if any(ch in UKRAINIAN_ONLY for ch in cyrillic.lower()) else "ru"


def suggest_spellings(
    cyrillic: str, langs: Sequence[str] = ("en", "fr", "de", "es", "it"), source: CyrillicLanguage | None = None
) -> dict[str, str]:
    """Suggested romanisations of ``cyrillic`` per target language (only languages with a sourced table)."""
    source = source or guess_cyrillic_language(cyrillic)
    out: dict[str, str] = {}
    for lang in langs:
        table = TABLES[source].get(lang)
        if table is not None:
            out[lang] = _romanise(cyrillic, table, source)
    return out


def _romanise(text: str, table: dict[str, Rule], source: CyrillicLanguage) -> str:
    out: list[str] = []
    word: list[str] = []
    for ch in text:
        # In Ukrainian the apostrophe is part of the word (Темер'янов); it is never written.
        if ch.lower() in table or (source == "uk" and ch in APOSTROPHES and word):
            word.append(ch)
            continue
        out.append(_romanise_word("".join(word), table))
        word.clear()
        out.append(ch)
    out.append(_romanise_word("".join(word), table))
    return "".join(out)


def _romanise_word(word: str, table: dict[str, Rule]) -> str:
    if not word:
        return ""
    letters = [ch for ch in word if ch not in APOSTROPHES]
    lower = [ch.lower() for ch in letters]
    # Apostrophes, re-expressed as "the letter at this index follows a sign" (Темер'янов -> ia, not ya).
    after_apostrophe: set[int] = set()
    seen = 0
    for ch in word:
        if ch in APOSTROPHES:
            after_apostrophe.add(seen)
        else:
            seen += 1
    all_caps = len(letters) > 1 and all(ch.isupper() for ch in letters)
    parts: list[str] = []
    for i, (ch, low) in enumerate(zip(letters, lower, strict=True)):
        if low == "с" and i > 0 and lower[i - 1] == "к" and table["к"](_context(lower, i - 1, set())) == "x":
            continue  # the с of кс is inside the German x
        value = table[low](_context(lower, i, after_apostrophe))
        if all_caps:
            value = value.upper()
        elif ch.isupper():
            value = value[:1].upper() + value[1:]
        parts.append(value)
    return "".join(parts)


def _context(lower: list[str], i: int, after_apostrophe: set[int]) -> _Context:
    prev = lower[i - 1] if i > 0 else ""
    return _Context(
        prev=prev,
        next=lower[i + 1] if i + 1 < len(lower) else "",
        next2=lower[i + 2] if i + 2 < len(lower) else "",
        at_start=i == 0,
        at_end=i == len(lower) - 1,
        after_sign=prev in SIGNS or i in after_apostrophe,
    )
