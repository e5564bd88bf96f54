"""Repairs of what Apertium writes, read back from the source and, through a pivot, the intermediate text.

Apertium drafts fr→en through Spanish (fr-es, then spa-eng). The losses below are measured on
real releases (tests/domain/test_apertium_repairs.py keeps each raw output) and put right here,
each from what the source or the intermediate text still shows:

- **Possessives.** Spanish *su/sus* is *his, her, its* and *their*; the spa-eng step always
  writes *his* ("the journalists … for having done his work"). A French source that has only
  plural possessives (*leur*, *leurs*) and no singular ones (*son, sa, ses*) meant *their*.
- **Capitals after an unknown word.** spa-eng capitalises the word after a capitalised word it
  does not know, a placeholder included (``Zx1q y Zx2q`` -> ``Zx1q And Zx2q``, ``M. Orlov
  Calls``). The unknown word is copied through unchanged, so it is found in the pivot: when the
  word after it is in lower case there, it is lowered in the output too.
- **Alternatives.** fr-es prints both surface forms of a few words (``ejecucións/ejecuciones``)
  and spa-eng carries them on (``ejecucións/executions``); after each hop, two forms of one word
  (a common stem of four letters or more) joined by a slash become the last one, the dictionary's
  preferred form, unless the source itself has the slash (``and/or`` is no pair of forms).
- **Names the first hop did not know.** fr-es copies a name it does not know and marks it
  (``*Reza *Karimi``, ``*Abzas *Media``); the second hop reads it as Spanish and translates it
  ("It prays Karimi", "Abzas Half"). Each capitalised word the first hop marked is shielded by a
  token of its own through the second hop and put back after it.
- **Spanish dates.** fr-es keeps the French "en novembre 2024" as "en noviembre 2024"; Spanish
  joins month and year with *de* (RAE, Ortografía 2010, "fechas": *noviembre de 2024*).
- **Doubled small words.** A rule that writes an article next to one already there leaves
  ``desde el el día siguiente``; an article or preposition twice in a row is written once.
- **Subject pronouns.** Spanish drops the subject, so French "Il a indiqué" reaches spa-eng as
  "Ha indicado" and comes out "It has indicated". A French sentence that opens with *Il* or *Elle*
  and a verb in a compound tense (*a*, *avait*, *a été* …; not *il y a*, *il a fallu*) speaks of
  a person: *He*, *She*.
- **Narrative past.** French reports past events in the passé composé, which Apertium writes as
  an English present perfect: "ils ont été arrêtés le 3 mars" -> "they have been arrested on 3
  March". English news writing puts a finished event in the simple past ("were arrested"), so
  a passive *has/have been* + participle becomes *was/were*, unless the source ties the event
  to the present (*depuis, déjà, toujours, encore, jamais, à ce jour, jusqu’à présent …*), where
  the present perfect is right ("have been detained since 2023").
"""

from __future__ import annotations

import re
from typing import Final

from workbench.domain.language_tags import base
from workbench.domain.unknown_words import read_marks

_PLURAL_POSSESSIVE: Final = {"fr": re.compile(r"\bleurs?\b", re.I)}
_SINGULAR_POSSESSIVE: Final = {"fr": re.compile(r"\b(?:son|sa|ses)\b", re.I)}
_HIS_RE: Final = re.compile(r"\b(his|His|HIS)\b")
_THEIR: Final = {"his": "their", "His": "Their", "HIS": "THEIR"}
_WORD: Final = r"[^\W\d_][^\W_]*(?:[-'’][^\W\d_]+)*"
_AFTER_CAPITAL_RE: Final = re.compile(rf"(?<![\w*])\*?([A-Z][^\W_]*)(\s+)({_WORD})")
_ALTERNATIVE_RE: Final = re.compile(r"(?<![\w/])([^\W\d_]+)/([^\W\d_]+)(?![\w/])")
#: English words written with a capital whatever comes before them, which Spanish writes in lower
#: case (days, months, peoples and languages): never lowered.
_ALWAYS_CAPITAL: Final = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December French Dutch Greek Thai Swiss Czech Kurdish Turkish "
    "Polish Spanish English Welsh Irish Scottish Danish Swedish Finnish Flemish Uzbek Kazakh Tajik "
    "Kyrgyz Turkmen Baluch Baluchi Tatar Tatars Arab Arabs Arabic Jewish Muslim Muslims Christian "
    "Christians Catholic Orthodox Islamic Sunni Shia I".split()
)
_PEOPLE_SUFFIXES: Final = ("ian", "ians", "ean", "eans", "ese", "ish", "ani", "anis", "an", "ans", "i", "is")


# French words that tie a passé composé to the present: the English present perfect is then right.
_PERFECT_CUES: Final = {"fr": re.compile(
    r"\b(?:depuis|déjà|toujours|encore|jamais|à ce jour|jusqu’à présent|jusqu'à présent|jusqu’ici|"
    r"jusqu'ici|ces dernières|ces derniers|récemment|actuellement)\b", re.I)}
_PASSIVE_PERFECT_RE: Final = re.compile(
    r"\b(has|have|Has|Have)( not| never)? been (?=[^\W\d_]+(?:ed|en|wn|ne|lt|ld|nt|ght)\b)")
_PAST_OF: Final = {"has": "was", "have": "were", "Has": "Was", "Have": "Were"}


def narrative_past(source: str, output: str, source_lang: str = "fr", target: str = "en") -> str:
    """``has/have been`` + participle -> ``was/were`` + participle, unless the source speaks of a state that lasts."""
    cues = _PERFECT_CUES.get(source_lang)
    if base(target) != "en" or cues is None or cues.search(source):
        return output
    return _PASSIVE_PERFECT_RE.sub(lambda m: f"{_PAST_OF[m.group(1)]}{m.group(2) or ''} ", output)


# A capitalised word the first hop marked unknown (not a symbol the source glued before a word).
_MARKED_NAME_RE: Final = re.compile(r"(?<![\w*@#])\*([^\W\d_][^\W_]*(?:[-'’][^\W\d_]+)*)")
_SHIELD_RE: Final = re.compile(r"Zv(\d+)q")


def shield_unknown_names(marked: str, source: str, keep: re.Pattern[str] | None = None) -> tuple[str, list[str]]:
    """``marked`` (a first hop's output) with each marked capitalised word as a token ``Zv{n}q``, and the words.

    ``keep`` matches words that are already tokens of their own (the drafter's placeholders). An
    asterisk the source itself glued before a word is no mark (domain/unknown_words.py tells).
    """
    if "*" not in marked:
        return marked, []
    unknown = set(read_marks(marked, source, keep).words)
    names: list[str] = []

    def shield(m: re.Match[str]) -> str:
        word = m.group(1)
        if not word[0].isupper() or word not in unknown:
            return m.group(0)
        names.append(word)
        return f"Zv{len(names)}q"

    return _MARKED_NAME_RE.sub(shield, marked), names


def unshield_names(output: str, names: list[str]) -> str:
    """The words ``shield_unknown_names`` took out, back in place of their tokens."""
    if not names:
        return output

    def back(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return names[n - 1] if 0 < n <= len(names) else m.group(0)

    return _SHIELD_RE.sub(back, output)


_SPANISH_MONTH_YEAR_RE: Final = re.compile(
    r"\b(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)"
    r"\s+(\d{4})\b", re.I)
_DOUBLED_RE: Final = re.compile(r"\b(el|la|los|las|de|del|a|al|en|the|of|to|in)\s+\1\b")


# "Il a …", "Elle avait …": a compound tense after il/elle (not the impersonal il a fallu, il y a).
_PERSON_SUBJECT_RE: Final = re.compile(r"^[«“\"\s]*(Il|Elle)\s+(?:a|avait|aura|aurait)\s+(?!fallu\b)")
_IT_START_RE: Final = re.compile(r"^([«“\"‘\s]*)It(\s+(?:has|had|was|will|would)\b)")


def subject_pronoun(source: str, output: str, source_lang: str = "fr", target: str = "en") -> str:
    """``It has indicated`` -> ``He has indicated`` when the French sentence opened with *Il a …*."""
    if base(source_lang) != "fr" or base(target) != "en":
        return output
    m = _PERSON_SUBJECT_RE.match(source)
    if m is None:
        return output
    pronoun = "He" if m.group(1) == "Il" else "She"
    return _IT_START_RE.sub(lambda o: f"{o.group(1)}{pronoun}{o.group(2)}", output, count=1)


def spanish_dates(output: str, target: str = "es") -> str:
    """``noviembre 2024`` -> ``noviembre de 2024`` in a Spanish text."""
    if base(target) != "es":
        return output
    return _SPANISH_MONTH_YEAR_RE.sub(r"\1 de \2", output)


def doubled_words(output: str) -> str:
    """An article or preposition written twice in a row, once (``el el día`` -> ``el día``)."""
    return _DOUBLED_RE.sub(r"\1", output)


def their_for_leur(source: str, output: str, source_lang: str = "fr", target: str = "en") -> str:
    """``his`` -> ``their`` in ``output`` when the source's possessives are all plural."""
    plural, singular = _PLURAL_POSSESSIVE.get(source_lang), _SINGULAR_POSSESSIVE.get(source_lang)
    if base(target) != "en" or plural is None or singular is None:
        return output
    if not plural.search(source) or singular.search(source):
        return output
    return _HIS_RE.sub(lambda m: _THEIR[m.group(1)], output)


def recase_after_unknown(pivot: str, output: str) -> str:
    """Lower a word the last hop capitalised after a word it did not know, as the pivot text shows."""
    def lower(m: re.Match[str]) -> str:
        anchor, word = m.group(1), m.group(3)
        if not (word[:1].isupper() and word[1:].islower()) or word in _ALWAYS_CAPITAL:
            return m.group(0)  # already lower, an acronym, or a word English always capitalises
        if word.endswith(_PEOPLE_SUFFIXES) and len(word) > 4:
            return m.group(0)  # Russian, Belarusian, Azerbaijani, Chinese: peoples and languages
        follow = re.search(rf"(?<!\w){re.escape(anchor)}\s+\*?({_WORD})", pivot)
        if follow is None or not follow.group(1)[:1].islower():
            return m.group(0)
        return m.group(0)[: -len(word)] + word[0].lower() + word[1:]

    return _AFTER_CAPITAL_RE.sub(lower, output)


def pick_alternatives(source: str, output: str) -> str:
    """``form/form`` of one word printed by the engine (not written in the source) -> the last form."""
    if "/" not in output:
        return output

    def pick(m: re.Match[str]) -> str:
        first, last = m.group(1), m.group(2)
        if m.group(0) in source or first[:4].lower() != last[:4].lower():
            return m.group(0)
        return last

    return _ALTERNATIVE_RE.sub(pick, output)
