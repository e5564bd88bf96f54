"""Target-language typography: quotation marks and the spacing around punctuation.

Every machine draft passes through :func:`typeset` (any engine: Apertium leaves French « » and
the space before ``:`` in English and Spanish output, online engines mix styles), and rendered
pages use :func:`convert_quotes`. One table holds the marks so drafts, pages and the QA check
agree.

Quotation marks are CLDR's ``quotationStart/End`` and ``alternateQuotationStart/End`` for each
language (babel ships no delimiter data, so they are written here). Two choices are ours:

- Spanish: CLDR gives « » then “ ”; the RAE (Ortografía 2010, §3.4.8) recommends the same
  order, « » first and “ ” inside, and the press office's Spanish section follows it.
- French targets keep « » with a no-break space (U+00A0) inside, and a no-break space before
  ``; : ! ?`` (Imprimerie nationale rules); every other language has no space before those.

Numbers: a French draft's digit groups (``1 200``, with a plain, no-break or narrow space) are
written with the target's grouping (babel: en ``1,200``, es and de ``1.200``), and ``48 %`` as the
target's percent format writes it (en ``48%``, es ``48 %`` with a no-break space). A number
written without a space between groups is left alone: ``2014`` is a year, ``1200`` may be one.

Headlines: French press releases open a title with the country and a full stop ("Russie. Il
faut que …"); English, Spanish and German headlines put a colon there ("Russia: Released
Crimean Tatar leaders …", Amnesty International's headlines in each language). A text of that
shape (a country's name of one to four capitalised words, a full stop, a capital, and no full
stop of its own at the end) is a headline, and gets the colon.

A French quote that runs over several paragraphs opens each paragraph with « and closes only in
the last one: that convention is the same in English and Spanish, so each segment's marks are
converted as they stand, an unclosed opening mark included.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal, format_percent

from workbench.domain.language_tags import base

NBSP: Final = "\u00a0"

#: lang -> (open, close, nested open, nested close): CLDR delimiters, Spanish per the RAE.
QUOTES: Final[dict[str, tuple[str, str, str, str]]] = {
    "fr": ("«" + NBSP, NBSP + "»", "“", "”"),
    "en": ("“", "”", "‘", "’"),
    "de": ("„", "“", "‚", "‘"),
    "es": ("«", "»", "“", "”"),
    "it": ("«", "»", "“", "”"),
    "pt": ("«", "»", "“", "”"),
    "ru": ("«", "»", "„", "“"),
    "uk": ("«", "»", "„", "“"),
    "crh": ("«", "»", "“", "”"),
    "nl": ("‘", "’", "“", "”"),
    "pl": ("„", "”", "«", "»"),
}
DEFAULT_QUOTES: Final = ("“", "”", "‘", "’")

_SPACES: Final = " \u00a0\u202f\u2009"
# An opening or closing double mark with the spaces French puts inside it. Straight " and the
# German low „ are left alone: their direction cannot be read reliably from one segment.
_OPEN_RE: Final = re.compile(r"([«“])[ \u00a0\u202f\u2009]*")
_CLOSE_RE: Final = re.compile(r"[ \u00a0\u202f\u2009]*([»”])")
_MARK_RE: Final = re.compile(r"[«“»”]")
# A space before ; : ! ? that another language does not write (a time 9 : 30 is not touched,
# nor a mark that starts the text).
_SPACE_BEFORE_RE: Final = re.compile(r"(?<=[^\s\d])[ \u00a0\u202f\u2009]+(?=[;:!?](?:\s|$|[»”)\]]))")
_FRENCH_BEFORE_RE: Final = re.compile(r"(?<=\S)[ \u00a0\u202f\u2009]*([;:!?])(?=\s|$)")


# Digit groups split by spaces (1 200, 12 000 000), not part of a longer number or a decimal.
_GROUPED_RE: Final = re.compile(r"(?<![\d,.])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d]|[,.]\d)")
_PERCENT_RE: Final = re.compile(r"(?<=\d)[ \u00a0\u202f]?%")


def quotes_for(lang: str) -> tuple[str, str, str, str]:
    """The (open, close, nested open, nested close) marks of ``lang``."""
    return QUOTES.get(base(lang), DEFAULT_QUOTES)


def convert_quotes(text: str, lang: str) -> str:
    """Every double quotation mark of ``text`` as ``lang`` writes it, nesting kept.

    « » and “ ” are read as one family: the depth decides between the outer and the nested pair,
    so French « … “ … ” … » becomes English “ … ‘ … ’ … ”. A closing mark with nothing open
    (the end of a quote opened in an earlier paragraph) closes at the outer level.
    """
    opening, closing, nested_open, nested_close = quotes_for(lang)
    out: list[str] = []
    depth = 0
    pos = 0
    for m in _MARK_RE.finditer(text):
        out.append(text[pos:m.start()])
        pos = m.end()
        if m.group() in "«“":
            out.append(opening if depth % 2 == 0 else nested_open)
            depth += 1
            pos = _skip_spaces(text, pos)
        else:
            depth = max(depth - 1, 0)
            piece = out[-1].rstrip(_SPACES)
            out[-1] = piece
            out.append(closing if depth % 2 == 0 else nested_close)
    out.append(text[pos:])
    return "".join(out)


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _SPACES:
        pos += 1
    return pos


def space_punctuation(text: str, lang: str) -> str:
    """French: a no-break space before ``; : ! ?``; other languages: no space there."""
    if base(lang) == "fr":
        return _FRENCH_BEFORE_RE.sub(lambda m: NBSP + m.group(1), text)
    return _SPACE_BEFORE_RE.sub("", text)


#: Languages whose headlines put a colon after the country.
_HEADLINE_COLON: Final = frozenset({"en", "es", "de", "it", "pt"})
_NAME_JOINERS: Final = frozenset({"and", "of", "the", "y", "e", "de", "del", "la", "und", "der", "da", "do", "di"})
_HEADLINE_RE: Final = re.compile(
    r"^(?P<lead>[^\W\d_][^\s.]*(?: [^\s.]+){0,3})\.(?P<gap> +)(?=[«“„\"‘]?[^\W\d_])(?P<rest>[^\n]*[^.!?…\s])$")


def headline_colon(text: str, lang: str) -> str:
    """``Russia. Released leaders …`` -> ``Russia: Released leaders …`` where ``lang``'s headlines use a colon."""
    if base(lang) not in _HEADLINE_COLON:
        return text
    m = _HEADLINE_RE.match(text)
    if m is None or "." in m.group("rest"):
        return text
    # A name of a country or region: every word capitalised but the small words inside one
    # (Bosnia and Herzegovina, República Democrática del Congo), so no sentence is taken for it.
    words = m.group("lead").split()
    if not all(w[0].isupper() or (0 < i < len(words) - 1 and w in _NAME_JOINERS) for i, w in enumerate(words)):
        return text
    return f"{m.group('lead')}: {m.group('rest')}"


@cache
def _locale(lang: str) -> Locale | None:
    try:
        return Locale.parse(base(lang))
    except (UnknownLocaleError, ValueError):
        return None


def format_numbers(text: str, lang: str) -> str:
    """Space-grouped numbers and percent signs as ``lang`` writes them (CLDR, through babel)."""
    locale = _locale(lang)
    if locale is None or not any(ch.isdigit() for ch in text):
        return text
    text = _GROUPED_RE.sub(lambda m: format_decimal(int(re.sub(r"\D", "", m.group())), locale=locale), text)
    if "%" in text:
        spaced = format_percent(0.5, locale=locale)
        percent = spaced[spaced.index("0") + 1 : spaced.index("%") + 1] if "%" in spaced else "%"
        text = _PERCENT_RE.sub(percent, text)
    return text


def typeset(text: str, lang: str) -> str:
    """``text`` with ``lang``'s quotation marks, punctuation spacing, number grouping and headline colon."""
    return headline_colon(format_numbers(space_punctuation(convert_quotes(text, lang), lang), lang), lang)
