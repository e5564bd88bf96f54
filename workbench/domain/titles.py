"""Titles of address before a name (M., Mme, MM., Mmes, Mlle, Me, Dr) and how each target language writes them.

Engines get titles wrong: Apertium keeps "M." in English and Spanish and turns "Mme" into
"Sra" even in English. So drafting masks a title together with the name it stands before (a
glossary name, or the capitalised words that follow) and writes the target's title in front of
the name's target form: the name stays attached to its title and no engine sees either.

Forms follow each language's press usage: English as British and Amnesty International house
style write it, without a full stop (Mr, Ms, Dr; "Ms" for every woman, the house style for a
woman whose marital status is not the point); Spanish abbreviations with their full stop (RAE,
Diccionario panhispánico de dudas, "abreviatura": Sr., Sra., Sres., Dr.), with the article
Spanish running text puts before them (*la detención del Sr. Orlov*; RAE, DPD "señor"), which
contracts after *de* and *a* (domain/spanish_articles.py); Italian and Portuguese likewise;
German Herr/Frau.
French "Me" (Maître) is the title of a lawyer or notary, of any gender; English and Spanish
have no such title and name the profession in apposition, as the French text nearly always does
too (*Me Murad Hasanov, avocat de …*): the title is dropped and the name kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from workbench.domain.language_tags import base

#: Source language -> written title -> key.
SOURCE_TITLES: Final[dict[str, dict[str, str]]] = {
    "fr": {"M.": "mr", "Mme": "ms", "Mlle": "miss", "MM.": "messrs", "Mmes": "mses", "Me": "lawyer",
           "Dr": "dr", "Dr.": "dr"},
    "en": {"Mr": "mr", "Mr.": "mr", "Mrs": "ms", "Mrs.": "ms", "Ms": "ms", "Ms.": "ms", "Dr": "dr", "Dr.": "dr"},
    "es": {"Sr.": "mr", "Sra.": "ms", "Srta.": "miss", "Sres.": "messrs", "Sras.": "mses", "Dr.": "dr",
           "Dra.": "dr"},
}

#: Key -> target language -> the written title.
TARGET_TITLES: Final[dict[str, dict[str, str]]] = {
    "mr": {"fr": "M.", "en": "Mr", "es": "el Sr.", "de": "Herr", "it": "il sig.", "pt": "o Sr."},
    "ms": {"fr": "Mme", "en": "Ms", "es": "la Sra.", "de": "Frau", "it": "la sig.ra", "pt": "a Sra."},
    "miss": {"fr": "Mlle", "en": "Ms", "es": "la Srta.", "de": "Frau", "it": "la sig.na", "pt": "a Sra."},
    "messrs": {"fr": "MM.", "en": "Messrs", "es": "los Sres.", "de": "die Herren", "it": "i sigg.", "pt": "os Srs."},
    "mses": {"fr": "Mmes", "en": "Mses", "es": "las Sras.", "de": "die Frauen", "it": "le sig.re", "pt": "as Sras."},
    "lawyer": {"fr": "Me", "en": "", "es": "", "de": "", "it": "l’avv.", "pt": ""},
    "dr": {"fr": "Dr", "en": "Dr", "es": "el Dr.", "de": "Dr.", "it": "il dott.", "pt": "o Dr."},
}

#: One word of a name: letters, with inner hyphens or apostrophes (Kara-Mourza, O’Neill).
_WORD_RE: Final = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_GAP_RE: Final = re.compile(r"[ \u00a0\u202f]+")


@dataclass(frozen=True)
class Title:
    """A title found in a text: its span, its key, and where the name it stands before starts."""

    start: int
    end: int
    key: str
    name_start: int


def _title_re(lang: str) -> re.Pattern[str] | None:
    titles = SOURCE_TITLES.get(lang)
    if not titles:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    # A title is a word of its own (not the "M." of "M.A.") followed by at least one space.
    return re.compile(rf"(?<![\w.])({alternatives})(?!\w)[ \u00a0\u202f]+")


_TITLE_RES: Final = {lang: _title_re(lang) for lang in SOURCE_TITLES}


def find_titles(text: str, lang: str) -> list[Title]:
    """Titles of ``lang`` in ``text`` that stand before a capitalised word (the name)."""
    pattern = _TITLE_RES.get(base(lang))
    if pattern is None:
        return []
    found = []
    titles = SOURCE_TITLES[base(lang)]
    for m in pattern.finditer(text):
        after = text[m.end():m.end() + 1]
        if after[:1].isupper():
            found.append(Title(m.start(1), m.end(1), titles[m.group(1)], m.end()))
    return found


def name_after(text: str, title: Title) -> int:
    """Where the capitalised words after ``title`` end (the name a title keeps attached)."""
    end = pos = title.name_start
    while (word := _WORD_RE.match(text, pos)) and word.group()[0].isupper():
        end = word.end()
        gap = _GAP_RE.match(text, end)
        if gap is None:
            break
        pos = gap.end()
    return end


def target_title(key: str, target: str) -> str | None:
    """How ``target`` writes the title ``key`` ("" when it writes none); None when the table does not say."""
    return TARGET_TITLES.get(key, {}).get(base(target))
