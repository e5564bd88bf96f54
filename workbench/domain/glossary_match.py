"""Finding glossary terms in text: Aho-Corasick over every form and surname of every concept.

The rules are those of docs/glossary.md: Unicode word boundaries, leftmost-longest non-overlapping matches,
per-form case sensitivity, persons also found by surname alone (ambiguous when two persons share
it), and French elision (``d’Ilmi Oumerov``) recognised before a term.

The index is split in two automata built once: case-insensitive keys, searched in the text folded
to lower case without changing its length, and case-sensitive keys (acronyms, short terms,
one-word names), searched in the text as written. A scan is one pass of each over the text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

import ahocorasick

from workbench.domain.glossary import Concept, Termbase


@dataclass(frozen=True, slots=True)
class Match:
    """One occurrence of a concept in a text.

    ``start``/``end`` delimit the term itself (after any elided article such as ``d’``, which is
    reported in ``elision`` and sits just before ``start``). ``form_lang`` and ``preferred`` say
    which known spelling matched; ``surname_only`` is True for a person matched by surname alone.
    """

    start: int
    end: int
    concept_id: str
    text: str
    form_lang: str
    preferred: bool
    surname_only: bool = False
    elision: str = ""


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """A span that could be several concepts (a surname two people share): never replaced."""

    start: int
    end: int
    text: str
    concept_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Scan:
    """Matches (non-overlapping, in text order) and ambiguous spans of one text."""

    matches: tuple[Match, ...]
    ambiguous: tuple[Ambiguity, ...] = ()


# How a form's case is compared with the text once the folded key has been found.
ANY_CASE: Final = 0  # names and long terms: "ILMI OUMEROV" in a heading is still Ilmi Oumerov
EXACT_CASE: Final = 1  # acronyms and short terms: "SA" must not hit the French possessive "sa"
INITIAL_CAPITAL: Final = 2  # one-word proper names: "memorial" (a common noun) is not Memorial

# Articles and conjunctions French elides before a vowel (l’Ukraine, d’Ilmi, qu’Oumerov, jusqu’à).
FRENCH_ELISIONS: Final = frozenset(
    {"d", "l", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu"}
)
APOSTROPHES: Final = "'’ʼ"


def fold(text: str) -> str:
    """Lower-case ``text`` without changing its length, so offsets in the folded text are exact."""
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    # 'İ'.lower() is 'i̇' (two code points): keep the first one so every character maps to one.
    return "".join(low if len(low := ch.lower()) == 1 else low[0] for ch in text)


def fold_spelling(text: str) -> str:
    """A comparison key for spellings: length-preserving lower case, typographic apostrophes as '."""
    return _plain_apostrophes(fold(text))


def surname_of(form: str) -> str:
    """The last word of a person's form (``Kara-Mourza`` of ``Vladimir Kara-Mourza``)."""
    return form.split()[-1] if form.split() else form


def is_word_char(ch: str) -> bool:
    """True for a letter, a digit or a combining mark: a term must not touch one on either side."""
    # A combining mark (a decomposed accent) belongs to the letter before it.
    return ch.isalnum() or (ch >= "\u0300" and unicodedata.category(ch).startswith("M"))


def occurrences(text: str, form: str) -> int:
    """How many times ``form`` stands in ``text`` as whole words, ignoring case (``fold_spelling``):
    inside a longer term counts, inside a longer word does not."""
    folded, needle = fold_spelling(text), fold_spelling(form)
    count, start = 0, folded.find(needle)
    while needle and start >= 0:
        end = start + len(needle)
        before_ok = start == 0 or not is_word_char(folded[start - 1])
        if before_ok and (end == len(folded) or not is_word_char(folded[end])):
            count += 1
        start = folded.find(needle, start + 1)
    return count


def case_mode(concept: Concept, form: str) -> int:
    """How the case of ``form`` is compared: the concept's explicit setting, else derived from the form."""
    if concept.case_sensitive is True:
        return EXACT_CASE
    if concept.case_sensitive is False:
        return ANY_CASE
    letters = sum(1 for ch in form if ch.isalpha())
    if letters <= 3 or (form.isupper() and letters > 0):
        return EXACT_CASE
    if concept.kind != "term" and len(form.split()) == 1 and form[:1].isupper():
        return INITIAL_CAPITAL
    return ANY_CASE


@dataclass(frozen=True)
class FormEntry:
    """One spelling in the automaton: the concept it names, its language, and how its case is compared."""

    concept_id: str
    form: str
    lang: str
    preferred: bool
    surname_only: bool
    case: int
    #: A term's preferred form, which another term may share (services/glossary.py): no ambiguity.
    shareable: bool = False


def _entries_of(concept: Concept) -> Iterable[FormEntry]:
    seen: set[tuple[str, str, bool]] = set()
    for lang, form, preferred in concept.all_forms():
        form = form.strip()
        if not form or (lang, form, False) in seen:
            continue
        seen.add((lang, form, False))
        yield FormEntry(concept.id, form, lang, preferred, False, case_mode(concept, form),
                        concept.kind == "term" and preferred)
    if concept.kind != "person":
        return
    for lang, form, preferred in concept.all_forms():
        surname = surname_of(form.strip())
        if not surname or surname == form.strip() or (lang, surname, True) in seen:
            continue
        seen.add((lang, surname, True))
        yield FormEntry(concept.id, surname, lang, preferred, True, case_mode(concept, surname))


class _Choice:
    """What the spellings found at one place resolve to: one concept's entry per language, or an ambiguity."""

    __slots__ = ("by_lang", "concept_ids", "default")

    def __init__(self, entries: Sequence[FormEntry]) -> None:
        # Full forms before surnames, preferred before variants: the first entry of a language wins.
        ordered = sorted(entries, key=lambda e: (e.surname_only, not e.preferred))
        # A full form outranks a surname that happens to be spelled the same.
        full = [e for e in ordered if not e.surname_only] or ordered
        # Two people share the surname (Oleg Orlov, Alexander Orlov), or an import let two
        # concepts own one form: more than one id means nobody may guess which one is meant.
        # Terms sharing a preferred form (en "prisoner of conscience" for fr prisonnier and
        # prisonnière) are one wording in that language: the first concept stands for them.
        self.concept_ids = tuple(dict.fromkeys(e.concept_id for e in full))
        if len(self.concept_ids) > 1 and all(e.shareable for e in full):
            full = [e for e in full if e.concept_id == self.concept_ids[0]]
            self.concept_ids = self.concept_ids[:1]
        self.default = full[0]
        self.by_lang: dict[str | None, FormEntry] = {}
        for e in full:
            self.by_lang.setdefault(e.lang, e)


_Slot = tuple[int, bool, bool, _Choice]


def _slot(key: str, entries: list[FormEntry]) -> _Slot:
    """What an automaton stores under one key: (length, lead, tail, choice).

    A plain tuple, not an object: scan() unpacks it for every raw hit, most of which are rejected.
    """
    # A key that starts or ends with punctuation (« Memorial ») needs no boundary on that side.
    return (len(key), is_word_char(key[0]), is_word_char(key[-1]), _Choice(entries))


def _plain_apostrophes(text: str) -> str:
    return text.replace("’", "'").replace("ʼ", "'")


def _apostrophe_spellings(key: str) -> set[str]:
    # Sources mix ' and ’ (Naval'nyj / Naval’nyj): index both rather than normalising every text.
    if not any(a in key for a in APOSTROPHES):
        return {key}
    plain = _plain_apostrophes(key)
    return {key, plain, plain.replace("'", "’")}


def _automaton(keys: dict[str, list[FormEntry]]) -> Any:
    if not keys:
        return None
    automaton = ahocorasick.Automaton()
    for key, entries in keys.items():
        automaton.add_word(key, _slot(key, entries))
    automaton.make_automaton()
    return automaton


class Matcher:
    """Finds every concept of a term base in texts (build once, scan many)."""

    def __init__(self, termbase: Termbase) -> None:
        self.termbase = termbase
        # Two automata: case-insensitive keys are searched in the folded text, case-sensitive ones
        # in the text as written. Keeping "FBK" or "UN" out of the folded search means the many
        # "un" and "eu" inside ordinary French words never even reach the boundary test.
        folded: dict[str, list[FormEntry]] = {}
        exact: dict[str, list[FormEntry]] = {}
        for concept in termbase.concepts.values():
            for entry in _entries_of(concept):
                if entry.case == ANY_CASE:
                    for key in _apostrophe_spellings(fold(entry.form)):
                        folded.setdefault(key, []).append(entry)
                    continue
                spellings = {entry.form}
                if entry.case == INITIAL_CAPITAL:
                    spellings.add(entry.form.upper())  # a heading in capitals: OUMEROV LIBÉRÉ
                for spelling in spellings:
                    for key in _apostrophe_spellings(spelling):
                        exact.setdefault(key, []).append(entry)
        # A case-insensitive spelling found where a case-sensitive one is also found ("mejlis", an
        # Italian variant, inside "Mejlis") belongs to the same candidate.
        for key, entries in exact.items():
            entries.extend(e for e in folded.get(fold(key), ()) if e not in entries)
        self._folded: Any = _automaton(folded)
        self._exact: Any = _automaton(exact)
        self.key_count = len(folded) + len(exact)

    def keys(self) -> tuple[list[str], list[str]]:
        """The (case-insensitive, case-sensitive) keys of the automata, for diagnostics and benchmarks."""
        return (
            list(self._folded.keys()) if self._folded is not None else [],
            list(self._exact.keys()) if self._exact is not None else [],
        )

    def scan(self, text: str, lang: str | None = None) -> Scan:
        """Every match and ambiguity in ``text``; ``lang`` picks which language's spelling a shared form reports."""
        if not text:
            return _NO_MATCHES
        # (start, -end, rank, choice): sorting puts the leftmost first, then the longest, then the
        # case-sensitive hit (it also carries the case-insensitive spellings). No two hits share all
        # three numbers, so the sort never compares choices.
        found: list[tuple[int, int, int, _Choice]] = []
        if self._exact is not None:
            _candidates(self._exact.iter(text), text, 0, found)
        if self._folded is not None:
            folded = text.lower()
            _candidates(self._folded.iter(folded if len(folded) == len(text) else fold(text)), text, 1, found)
        if not found:
            return _NO_MATCHES
        if len(found) > 1:
            found.sort()
        matches: list[Match] = []
        ambiguous: list[Ambiguity] = []
        reached = 0
        for start, neg_end, _rank, choice in found:
            end = -neg_end
            if start < reached:
                continue
            reached = end
            if len(choice.concept_ids) > 1:
                ambiguous.append(Ambiguity(start, end, text[start:end], choice.concept_ids))
                continue
            e = choice.by_lang.get(lang, choice.default)
            elision = _elision_before(text, start) if start > 1 and text[start - 1] in APOSTROPHES else ""
            matches.append(
                Match(start, end, e.concept_id, text[start:end], e.lang, e.preferred, e.surname_only, elision)
            )
        return Scan(tuple(matches), tuple(ambiguous) if ambiguous else ())


_NO_MATCHES: Final = Scan(())


def _candidates(
    hits: Iterable[tuple[int, _Slot]], text: str, rank: int, found: list[tuple[int, int, int, _Choice]]
) -> None:
    """Append the raw automaton hits that sit on word boundaries to ``found``."""
    size = len(text)
    for last, (length, lead, tail, choice) in hits:
        end = last + 1
        start = end - length
        # Boundaries are checked for every candidate before any is chosen: a rejected long
        # candidate must not hide a valid shorter one. Written inline (isalnum first, the rare
        # combining mark after) because most raw hits are keys inside longer words.
        if start and lead:
            ch = text[start - 1]
            if ch.isalnum() or (ch >= "\u0300" and is_word_char(ch)):
                continue
        if end < size and tail:
            ch = text[end]
            if ch.isalnum() or (ch >= "\u0300" and is_word_char(ch)):
                continue
        found.append((start, -end, rank, choice))


def _elision_before(text: str, start: int) -> str:
    """The elided French word (``d’``, ``qu’``) whose apostrophe is at ``start - 1``, or ''."""
    word_start = start - 1
    while word_start > 0 and text[word_start - 1].isalpha() and start - word_start <= 8:
        word_start -= 1
    if word_start > 0 and is_word_char(text[word_start - 1]):
        return ""
    return text[word_start:start] if text[word_start : start - 1].lower() in FRENCH_ELISIONS else ""
