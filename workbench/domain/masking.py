"""Masking glossary terms before machine translation, and putting target forms back afterwards.

``mask`` replaces each matched term by an engine placeholder (``Zx1q`` for Apertium), so the
engine neither translates nor respells the name; ``unmask`` puts the target language's form in
its place, cased like the source, and repairs what engines do around a name.

A title of address before a name (``M. Oumerov``, ``Mme Marie Dupont``) is masked with the name
in one slot, and restored as the target's title before the name's target form (domain/titles.py).
Around a place, the articles and prepositions the engine guessed against a placeholder are put
right for the target language (domain/place_grammar.py), and a Spanish article before a term
made to agree with it (domain/spanish_articles.py); an English *a*/*an* before a restored form
follows its sound, and *the* goes before a term English uses without it (domain/english_articles.py).

French elision: a match may follow an elided article (``d’``, ``l’``, ``qu’``). The article is
left in the text before the placeholder, because engines translate it against the placeholder
as they would against the name (Apertium: ``d’Zx1q`` -> es ``de Zx1q`` -> en ``of Zx1q``). An
engine that leaves ``d’`` untranslated in a Spanish or English output is repaired by ``unmask``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from workbench.domain.english_articles import drop_the_before_mass_noun, english_indefinite
from workbench.domain.glossary_match import Match, surname_of
from workbench.domain.language_tags import base
from workbench.domain.place_grammar import repair_before_place
from workbench.domain.spanish_articles import agree_article, contract_before, drop_subject_pronoun
from workbench.domain.titles import Title, name_after, target_title


@dataclass(frozen=True)
class Slot:
    """One masked occurrence: its placeholder, the concept, and how it was written in the source.

    ``concept_id`` is empty for a name the glossary does not know that a title stands before
    (``Mme Marie Dupont``): it is restored as written. ``title`` is the title's key in
    domain/titles.py and ``title_text`` how the source wrote it; ``source_text`` is the name alone.
    """

    number: int
    placeholder: str
    concept_id: str
    source_text: str
    surname_only: bool = False
    title: str = ""
    title_text: str = ""


@dataclass(frozen=True)
class Masked:
    """A text as sent to the engine; ``heading`` is True when the source is written in capitals."""

    text: str
    slots: tuple[Slot, ...]
    heading: bool = False


@dataclass(frozen=True)
class Unmasked:
    """An engine output with target forms restored; concepts restored and concepts not found."""

    text: str
    applied: list[str]
    unresolved: list[str]


#: An elided French word left before a restored name, and its full form in a target language.
ELISION_FULL: dict[str, dict[str, str]] = {
    "en": {"d": "of", "l": "the", "qu": "that"},
    "es": {"d": "de", "l": "el", "qu": "que"},
}
_ELISION_END = re.compile(r"(?:^|(?<=[\s«\"“(\[]))(d|l|qu)['’]\s*$", re.I)
_SENTENCE_END = re.compile(r"(?:^|[.!?])[\s«\"“(\[]*$")
_GLUE_PUNCT = (",", ";")


def mask(
    text: str, matches: Sequence[Match], placeholder: Callable[[int], str], titles: Sequence[Title] = ()
) -> Masked:
    """Replace each match (not its elided article) by ``placeholder(n)``, n = 1, 2, ... in text order.

    A title in ``titles`` joins the match that starts where its name starts, or else masks the
    capitalised words after it as a name of its own.
    """
    by_name_start = {t.name_start: t for t in titles}
    spans: list[tuple[int, int, str, int, bool, Title | None]] = []  # start, end, concept, name start, surname, title
    for m in sorted(matches, key=lambda m: m.start):
        title = by_name_start.pop(m.start, None)
        spans.append((title.start if title else m.start, m.end, m.concept_id, m.start, m.surname_only, title))
    for title in by_name_start.values():
        end = name_after(text, title)
        if end > title.name_start:
            spans.append((title.start, end, "", title.name_start, False, title))
    pieces: list[str] = []
    slots: list[Slot] = []
    pos = 0
    outside: list[str] = []
    for start, end, concept_id, name_start, surname_only, title in sorted(spans, key=lambda s: s[0]):
        if start < pos or end <= start:
            continue  # overlapping or empty: keep the first, never cut a term in two
        n = len(slots) + 1
        token = placeholder(n)
        pieces += [text[pos:start], token]
        outside.append(text[pos:start])
        slots.append(Slot(n, token, concept_id, text[name_start:end], surname_only,
                          title.key if title else "", text[title.start:title.end] if title else ""))
        pos = end
    pieces.append(text[pos:])
    outside.append(text[pos:])
    # A heading in capitals stays in capitals; judge it on the words around the terms, so that a
    # lone acronym (AFC) does not make its expansion shout.
    letters = [c for c in "".join(outside) if c.isalpha()]
    heading = len(letters) >= 3 and all(c.isupper() for c in letters)
    return Masked("".join(pieces), tuple(slots), heading)


def _cased(form: str, heading: bool, sentence_start: bool) -> str:
    # Only the target's sentence start raises a lower-case form: a capital in the source can be
    # the source language's own rule (French "les Tatars", Spanish "los tártaros").
    if heading:
        return form.upper()
    if sentence_start and form[:1].islower():
        return form[:1].upper() + form[1:]
    return form


def _tolerant(token: str) -> re.Pattern[str]:
    """The placeholder as engines mangle it: any case, a space slipped in, glued to a neighbour word."""
    return re.compile(r"\s?".join(re.escape(ch) for ch in token), re.I)


Span = tuple[int, int, Slot]


def _free(spans: list[Span], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e, _ in spans)


def _find(output: str, masked: Masked, placeholder_re: re.Pattern[str]) -> tuple[list[Span], list[Slot]]:
    """Where each slot is in the output: exact placeholder, mangled placeholder, or source spelling."""
    by_number = {s.number: s for s in masked.slots}
    spans: list[Span] = []
    for m in placeholder_re.finditer(output):
        slot = by_number.get(int(m.group(1)))
        if slot is not None:
            spans.append((m.start(), m.end(), slot))
    found = {slot.number for _, _, slot in spans}
    missing: list[Slot] = []
    for slot in masked.slots:
        if slot.number in found:
            continue
        patterns = [_tolerant(slot.placeholder),
                    re.compile(rf"(?<!\w){re.escape(slot.source_text)}(?!\w)", re.I)]
        hit = next((m for p in patterns for m in p.finditer(output) if _free(spans, m.start(), m.end())), None)
        if hit is None:
            missing.append(slot)
        else:
            spans.append((hit.start(), hit.end(), slot))
    return sorted(spans, key=lambda s: s[0]), missing


def _repair_before(prefix: str, target: str, kind: str = "", form: str = "") -> str:
    """Fix the text just before a restored name: a leftover French elision, doubled or missing spaces,
    before a place the article and preposition the target language wants, and before a Spanish
    term or organisation an article that agrees with it."""
    if kind == "place":
        prefix = repair_before_place(prefix, target)
    elif kind in ("term", "org", "phrase") and base(target) == "es":
        prefix = agree_article(prefix, form)
        if kind == "phrase":
            prefix = drop_subject_pronoun(prefix)
    if base(target) == "en":
        prefix = english_indefinite(prefix, form)
        if kind == "term":
            prefix = drop_the_before_mass_noun(prefix, form)
    full = ELISION_FULL.get(target)
    elided = _ELISION_END.search(prefix) if full else None
    if full and elided:
        word = full[elided.group(1).lower()]
        word = word[:1].upper() + word[1:] if elided.group(1)[:1].isupper() else word
        prefix = prefix[: elided.start()] + word + " "
    if prefix.endswith("  "):
        prefix = prefix.rstrip(" ") + " "
    elif prefix[-1:].isalnum() or (prefix.endswith(_GLUE_PUNCT) and not prefix[-2:-1].isdigit()):
        prefix += " "
    return prefix


def _slot_form(slot: Slot, target_forms: Mapping[str, str], target: str) -> str:
    form = target_forms.get(slot.concept_id, slot.source_text) if slot.concept_id else slot.source_text
    if slot.surname_only:
        form = surname_of(form)
    if slot.title:
        title = target_title(slot.title, target)
        title = slot.title_text if title is None else title
        form = f"{title} {form}" if title else form
    return form


def unmask(
    output: str,
    masked: Masked,
    target_forms: Mapping[str, str],
    placeholder_re: re.Pattern[str],
    target: str = "",
    kinds: Mapping[str, str] | None = None,
) -> Unmasked:
    """Put each concept's target form where the engine left its placeholder; report what is missing.

    ``kinds`` (concept id -> person, org, place, term, or phrase for a press phrase) lets the text
    around a restored form be repaired.
    """
    spans, missing = _find(output, masked, placeholder_re)
    kinds = kinds or {}
    done = ""
    pos = 0
    for start, end, slot in spans:
        form = _slot_form(slot, target_forms, target)
        prefix = _repair_before(done + output[pos:start], target, kinds.get(slot.concept_id, ""), form)
        if base(target) == "es":
            prefix, form = contract_before(prefix, form)
        done = prefix + _cased(form, masked.heading, bool(_SENTENCE_END.search(prefix)))
        pos = end
        rest = output[pos:]
        if rest[:1].isalnum():
            done += " "  # a placeholder glued to the next word
        elif rest.startswith("  "):
            pos += len(rest) - len(rest.lstrip(" ")) - 1
    applied = list(dict.fromkeys(slot.concept_id for _, _, slot in spans if slot.concept_id))
    unresolved = list(dict.fromkeys(slot.concept_id for slot in missing if slot.concept_id))
    return Unmasked(done + output[pos:], applied, unresolved)
