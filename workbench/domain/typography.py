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

A French quote that runs over several paragraphs opens each paragraph with « and closes only in
the last one: that convention is the same in English and Spanish, so each segment's marks are
converted as they stand, an unclosed opening mark included.
"""

from __future__ import annotations

import re
from typing import Final

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


def base_lang(lang: str) -> str:
    """``es-MX`` -> ``es``."""
    return lang.replace("_", "-").split("-")[0].lower()


def quotes_for(lang: str) -> tuple[str, str, str, str]:
    """The (open, close, nested open, nested close) marks of ``lang``."""
    return QUOTES.get(base_lang(lang), DEFAULT_QUOTES)


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
    if base_lang(lang) == "fr":
        return _FRENCH_BEFORE_RE.sub(lambda m: NBSP + m.group(1), text)
    return _SPACE_BEFORE_RE.sub("", text)


def typeset(text: str, lang: str) -> str:
    """``text`` with ``lang``'s quotation marks and punctuation spacing."""
    return space_punctuation(convert_quotes(text, lang), lang)
