"""Articles and prepositions before a place name, put right after the engine saw only a placeholder.

A masked place is an unknown word to the engine, so it translates the French article and
preposition before it literally (measured, Apertium fr→es and fr→es→en):

- ``la Crimée`` -> ``la Zx1q`` -> en ``the Zx1q``; ``l’Azerbaïdjan`` -> es ``la Zx1q``;
  ``du Bélarus`` -> es ``del Zx1q`` -> en ``of the Zx1q``. English and Spanish name countries,
  regions and cities without an article (*Crimea*, *Belarus*, *de Azerbaiyán*); a place whose
  name does take one keeps it in its glossary form (en *the Netherlands*), so the engine's
  article is always dropped.
- ``à Kiev`` -> es ``a Zx1q`` -> en ``to Zx1q``: French *à* is both *in* and *to*; a place
  after a verb of movement is a destination (es *volver a Kiev*, en *return to Kyiv*), anywhere
  else a location (es *en Kiev*, en *in Kyiv*; English *arrive in*). ``retourner en Crimée``
  -> es ``volver en Crimea``: the same rule turns the location back into a destination.

The rules read only the text just before the place (its last few words), per target language.
"""

from __future__ import annotations

import re
from typing import Final

from workbench.domain.language_tags import base

#: Target language -> articles the engine puts before a place (dropped), as one alternation.
_ARTICLES: Final[dict[str, str]] = {"en": "the", "es": "la|el|los|las"}
#: Spanish contractions of a preposition with the article: del -> de, al -> a.
_CONTRACTIONS: Final[dict[str, dict[str, str]]] = {"es": {"del": "de", "al": "a"}}
#: Target language -> (location preposition, destination preposition, stems of words of movement,
#: whole words of movement). "from" marks a route (de Simferopol à Kiev: from Simferopol to Kyiv).
_MOVEMENT: Final[dict[str, tuple[str, str, tuple[str, ...], frozenset[str]]]] = {
    "en": ("in", "to",
           ("return", "transfer", "deport", "expel", "extradit", "moving", "moved", "travel", "head", "flight",
            "journey", "relocat", "escort", "brought", "bring", "taken", "fled", "flee", "flown", "driven"),
           frozenset({"go", "goes", "went", "gone", "going", "back", "sent", "send", "move", "moves", "take",
                      "takes", "fly", "flew", "come", "came", "way", "trip", "from", "forcibly"})),
    "es": ("en", "a",
           ("volv", "vuelv", "vuelt", "regres", "retorn", "lleg", "viaj", "traslad", "envi", "enví", "deport",
            "expuls", "extradit", "huy", "dirig", "march", "trajer", "llev", "conduj", "conduc", "mand"),
           frozenset({"ir", "va", "van", "vamos", "fue", "fueron", "iba", "iban", "huir", "vuelo", "camino",
                      "rumbo", "desde", "viaje"})),
}
_WORD_RE: Final = re.compile(r"[^\W\d_]+")
#: How many words before the preposition are read for a verb of movement.
_WINDOW: Final = 4


def _moves(words: list[str], stems: tuple[str, ...], whole: frozenset[str]) -> bool:
    return any(w.lower() in whole or w.lower().startswith(stems) for w in words[-_WINDOW:])


def repair_before_place(prefix: str, target: str) -> str:
    """``prefix`` (the output up to a restored place) with the article and preposition ``target`` wants."""
    lang = base(target)
    articles = _ARTICLES.get(lang)
    if articles is None:
        return prefix
    # 1. The engine's article, or a contraction of preposition and article.
    m = re.search(rf"(?:^|(?<=\W))({articles})\s+$", prefix, re.I)
    if m:
        prefix = prefix[: m.start(1)]
    else:
        m = re.search(r"(?:^|(?<=\W))(\w+)\s+$", prefix)
        contraction = _CONTRACTIONS.get(lang, {}).get(m.group(1).lower()) if m else None
        if m and contraction:
            word = contraction.capitalize() if m.group(1)[0].isupper() else contraction
            prefix = prefix[: m.start(1)] + word + " "
    # 2. Location or destination.
    location, destination, stems, whole = _MOVEMENT[lang]
    m = re.search(rf"(?:^|(?<=\W))({location}|{destination})\s+$", prefix, re.I)
    if m:
        wanted = destination if _moves(_WORD_RE.findall(prefix[: m.start(1)]), stems, whole) else location
        if m.group(1)[0].isupper():
            wanted = wanted.capitalize()
        prefix = prefix[: m.start(1)] + wanted + " "
    if prefix and not prefix[-1].isspace() and prefix[-1].isalnum():
        prefix += " "
    return prefix
