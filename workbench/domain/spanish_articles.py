"""Spanish articles made to agree with a restored term, which the engine saw only as a placeholder.

A masked term is an unknown word to Apertium, so the article it writes before it is a guess,
mostly masculine: fr "les violations des droits humains" -> ``los Zx1q`` -> "los violaciones de
derechos humanos"; "à l’Union européenne" -> ``al Zx1q`` -> "al Unión Europea"; "les forces
russes" -> "Los fuerzas rusas", "ces arrestations" -> "Estos detenciones" (measured,
apertium-fr-es). The article or determiner (este, otro, todo, varios …) before a restored term
or organisation is set to the gender and number of the form's first word, read from its ending
(-ción, -dad, -a: feminine; -o, -or, -aje: masculine; a final -s: plural) with the usual
exceptions (el problema, la mano). A first word whose ending says nothing (el Tribunal, la
Corte, el Comité) leaves the engine's article as it is. A form that starts with *el* (a title:
*el Sr. Orlov*) contracts with *de* and *a* before it (*del Sr. Orlov*).
"""

from __future__ import annotations

import re
from typing import Final, Literal

Gender = Literal["m", "f"]

_FEMININE_ENDINGS: Final = ("ión", "ion", "dad", "tad", "tud", "umbre", "sis", "itis", "a")
_MASCULINE_ENDINGS: Final = ("o", "or", "aje", "án", "an", "és", "ismo")
_MASCULINE_IN_A: Final = frozenset(
    "día mapa problema sistema programa tema clima idioma planeta poema drama esquema dilema lema panorama "
    "prisma síntoma trauma sofá".split()
)
_MASCULINE_IN_ION: Final = frozenset("avión avion camión camion sarampión gorrión aluvión guion".split())
_FEMININE_IN_O: Final = frozenset("mano foto moto radio libido".split())
_SINGULAR_IN_S: Final = frozenset("crisis análisis tesis hipótesis síntesis paréntesis virus".split())

#: (definite, gender, plural) -> the article.
_ARTICLE: Final[dict[tuple[bool, Gender, bool], str]] = {
    (True, "m", False): "el", (True, "f", False): "la", (True, "m", True): "los", (True, "f", True): "las",
    (False, "m", False): "un", (False, "f", False): "una", (False, "m", True): "unos", (False, "f", True): "unas",
}
# The last article of the text, with the preposition before it; del and al are de/a + el.
_LAST_ARTICLE_RE: Final = re.compile(
    r"(?:^|(?<=\W))(?:(?P<prep>de|a)\s+)?(?P<art>el|la|los|las|un|una|unos|unas|del|al)(?P<gap>\s+)$", re.I)
#: Determiners that agree like articles: each form -> its (m sg, f sg, m pl, f pl) set.
_DETERMINER_SETS: Final = (
    ("este", "esta", "estos", "estas"), ("ese", "esa", "esos", "esas"), ("aquel", "aquella", "aquellos", "aquellas"),
    ("otro", "otra", "otros", "otras"), ("todo", "toda", "todos", "todas"), ("mucho", "mucha", "muchos", "muchas"),
    ("varios", "varias", "varios", "varias"), ("numeroso", "numerosa", "numerosos", "numerosas"),
    ("cierto", "cierta", "ciertos", "ciertas"), ("dicho", "dicha", "dichos", "dichas"),
    ("nuestro", "nuestra", "nuestros", "nuestras"), ("vuestro", "vuestra", "vuestros", "vuestras"),
    ("alguno", "alguna", "algunos", "algunas"), ("ninguno", "ninguna", "ningunos", "ningunas"),
)
_DETERMINERS: Final = {form: forms for forms in _DETERMINER_SETS for form in forms}
_LAST_WORD_RE: Final = re.compile(r"(?:^|(?<=\W))(?P<word>[^\W\d_]+)(?P<gap>\s+)$")


def _singular(word: str) -> tuple[str, bool]:
    """The singular of a Spanish noun, as far as its ending tells, and whether it was plural."""
    if word in _SINGULAR_IN_S or not word.endswith("s") or len(word) < 3:
        return word, False
    if word.endswith(("iones", "dades", "tades", "tudes", "ores", "anes")):
        return word[:-2], True  # violaciones -> violacion, autoridades -> autoridad, defensores -> defensor
    return word[:-1], True


def gender_number(form: str) -> tuple[Gender, bool] | None:
    """The gender and number of a Spanish form's first word, or None when its ending does not tell."""
    words = form.split()
    if not words:
        return None
    word = words[0].lower().strip("«»“”\"'(")
    stem, plural = _singular(word)
    if stem in _MASCULINE_IN_A or stem in _MASCULINE_IN_ION:
        return "m", plural
    if stem in _FEMININE_IN_O:
        return "f", plural
    if stem.endswith(_FEMININE_ENDINGS):
        return "f", plural
    if stem.endswith(_MASCULINE_ENDINGS):
        return "m", plural
    return None


def _agree_determiner(prefix: str, gender: Gender, plural: bool) -> str:
    m = _LAST_WORD_RE.search(prefix)
    forms = _DETERMINERS.get(m.group("word").lower()) if m else None
    if m is None or forms is None:
        return prefix
    new = forms[(2 if plural else 0) + (1 if gender == "f" else 0)]
    if m.group("word")[0].isupper():
        new = new.capitalize()
    return prefix[: m.start("word")] + new + m.group("gap")


def agree_article(prefix: str, form: str) -> str:
    """``prefix`` (the Spanish text up to a restored form), its last article or determiner agreeing with ``form``.

    *todos* before a plural article agrees too (*todos los* -> *todas las*); *sobre todo el* is an
    idiom, not a determiner.
    """
    wanted = gender_number(form)
    if wanted is None:
        return prefix
    m = _LAST_ARTICLE_RE.search(prefix)
    if m is None:
        return _agree_determiner(prefix, *wanted)
    article = m.group("art").lower()
    prep = (m.group("prep") or "").lower()
    if article in ("del", "al"):
        prep, article = ("de" if article == "del" else "a"), "el"
    new = _ARTICLE[(not article.startswith("un"), *wanted)]
    if prep:
        new = {"de el": "del", "a el": "al"}.get(f"{prep} {new}", f"{prep} {new}")
    start = m.start("prep") if m.group("prep") else m.start("art")
    old = prefix[start:m.start("gap")]
    if old[:1].isupper():
        new = new[0].upper() + new[1:]
    before = prefix[:start]
    if wanted[1] and re.search(r"(?:^|(?<=\W))(?:todos|todas)\s+$", before, re.I):
        before = _agree_determiner(before, *wanted)  # todos los -> todas las (not "sobre todo el")
    return before + new + m.group("gap")


_PREPOSITION_END_RE: Final = re.compile(r"(?:^|(?<=\W))(de|a|De|A)\s+$")


def contract_before(prefix: str, form: str) -> tuple[str, str]:
    """``de`` + ``el …`` -> ``del …``, ``a`` + ``el …`` -> ``al …`` where a restored form starts with the article.

    Titles carry their article in Spanish running text (*el Sr. Orlov*): after *de* or *a* it
    contracts, as Spanish always writes it (*la detención del Sr. Orlov*).
    """
    m = _PREPOSITION_END_RE.search(prefix)
    if m is None or not form.startswith("el "):
        return prefix, form
    contracted = "del" if m.group(1).lower() == "de" else "al"
    if m.group(1)[0].isupper():
        contracted = contracted.capitalize()
    return prefix[: m.start(1)] + contracted + " ", form[3:]


_SUBJECT_PRONOUN_RE: Final = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=[«“\"]))(Ellos|Ellas|Él|Ella)\s+$")


def drop_subject_pronoun(prefix: str) -> str:
    """``Ellos`` before a masked verb phrase at a sentence start, left out as Spanish leaves it out.

    Apertium drops the French subject pronoun before a verb it translates ("Ils doivent être
    autorisés" -> "Tienen que estar autorizados") but keeps it before a placeholder ("Ellos Zx1q
    estar autorizados"): before a restored press phrase (a verb: *deben*, *han declarado*) it goes.
    """
    return _SUBJECT_PRONOUN_RE.sub("", prefix)
