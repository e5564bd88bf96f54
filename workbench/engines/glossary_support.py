"""What an engine with ``glossary_support`` is given, and how its drafts are checked.

Such an engine (the LLM, DeepL) is sent the names as the source writes them, never placeholders,
so that it can build a fluent sentence around them. In exchange:

- each request carries the glossary entries found in its texts, with the exact target form (the
  target's own cell, else the fallback chain of docs/glossary.md) and the kind; a lone surname gets the
  surname of the target form; press phrases come as kind ``phrase``, a suggestion;
- an engine that keeps its own copy of the term base (DeepL's glossaries) gets the pair's whole
  term base, with a version that changes exactly when one of its entries does;
- every draft goes through the glossary check (workbench.domain.glossary_checks.target_issues):
  an error (a name missing, a source or variant spelling left in the target) fails the draft,
  which is then asked again and, failing twice, reported instead of saved (engines/runner.py).
  A term the draft rephrases is a warning there, so it passes, and stays visible in QA.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from workbench.domain import language_tags
from workbench.domain.glossary import Termbase
from workbench.domain.glossary_checks import target_issues
from workbench.domain.glossary_match import Match, Matcher, fold_spelling, occurrences, surname_of
from workbench.engines.base import GlossaryEntry, PairGlossary

#: How many glossary errors a failure reason names (the rest are counted).
_NAMED = 2


def batch_entries(
    matches: Iterable[Match], termbase: Termbase, phrases: Termbase, source: str, target: str,
    fallback: Sequence[str],
) -> tuple[GlossaryEntry, ...]:
    """The entries of a batch: each term and phrase matched in its texts once, with its target form, in text order."""
    out: dict[tuple[str, str], GlossaryEntry] = {}
    for m in matches:
        if m.concept_id in phrases.concepts:
            form = phrases.concepts[m.concept_id].forms.get(language_tags.base(target), "")
            if form:
                out.setdefault((m.text, form), GlossaryEntry(m.text, form, "phrase", m.concept_id))
            continue
        concept = termbase.concepts[m.concept_id]
        form = termbase.target_form(m.concept_id, target, concept.forms.get(source) or m.text, fallback).form
        if m.surname_only:
            form = surname_of(form)
        out.setdefault((m.text, form), GlossaryEntry(m.text, form, concept.kind, m.concept_id))
    return tuple(out.values())


def pair_glossary(termbase: Termbase, source: str, target: str, fallback: Sequence[str]) -> PairGlossary:
    """Every source spelling of every concept (its form, its variants, a person's surname) -> the target form.

    A source spelling two concepts share (the surname of Oleg and of Alexander Orlov) is left
    out: the glossary must not decide which one is meant. Entries are sorted, so the version
    depends on the content only.
    """
    wanted: dict[str, set[tuple[str, str, str]]] = {}
    owners: dict[str, set[str]] = {}  # a surname -> the persons who bear it
    for c in termbase.concepts.values():
        if c.kind == "person":
            for lang, form, _ in c.all_forms():
                if lang == source:
                    owners.setdefault(fold_spelling(surname_of(form.strip())), set()).add(c.id)
    for cid in sorted(termbase.concepts):
        concept = termbase.concepts[cid]
        spellings = [form.strip() for lang, form, _ in concept.all_forms() if lang == source and form.strip()]
        if not spellings:
            continue
        form = termbase.target_form(cid, target, concept.forms.get(source) or spellings[0], fallback).form
        for spelling in spellings:
            wanted.setdefault(spelling, set()).add((form, concept.kind, cid))
            if concept.kind == "person" and surname_of(spelling) != spelling:
                surname = surname_of(spelling)
                if len(owners[fold_spelling(surname)]) == 1:
                    wanted.setdefault(surname, set()).add((surname_of(form), concept.kind, cid))
    entries = tuple(
        GlossaryEntry(spelling, *next(iter(targets)))
        for spelling, targets in sorted(wanted.items())
        if len({t[0] for t in targets}) == 1
    )
    digest = hashlib.sha256(repr([(e.source, e.target) for e in entries]).encode("utf-8")).hexdigest()[:16]
    return PairGlossary(source, target, digest, entries)


def glossary_failure(
    source_text: str, draft: str, source: str, target: str, termbase: Termbase, matcher: Matcher,
    fallback: Sequence[str],
) -> str:
    """Why ``draft`` fails the glossary check ("" when it passes): its errors, the first ones named."""
    errors = [i.message for i in target_issues(source_text, draft, source, target, termbase, matcher, fallback)
              if i.severity == "error"]
    if not errors:
        return ""
    more = f" (and {len(errors) - _NAMED} more)" if len(errors) > _NAMED else ""
    return "the draft fails the glossary check: " + "; ".join(errors[:_NAMED]) + more


def placed(
    source_text: str, draft: str, source: str, target: str, termbase: Termbase, matcher: Matcher,
    fallback: Sequence[str],
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(applied, unresolved, unverified) of a draft the engine wrote itself: concepts of the source found in it or not.

    ``unverified``: the concepts whose form comes from the fallback chain, not the target's cell.
    """
    needed: dict[str, Match] = {}
    for m in matcher.scan(source_text, source).matches:
        needed.setdefault(m.concept_id, m)
    applied: list[str] = []
    unresolved: list[str] = []
    unverified: list[str] = []
    for cid, m in needed.items():
        chosen = termbase.target_form(cid, target, termbase.concepts[cid].forms.get(source) or m.text, fallback)
        form = surname_of(chosen.form) if m.surname_only else chosen.form
        (applied if occurrences(draft, form) else unresolved).append(cid)  # in its target form, not any form
        if not chosen.verified:
            unverified.append(cid)
    return tuple(applied), tuple(unresolved), tuple(unverified)


