"""Glossary checks on plain texts: source spellings at ingest, unknown names, and target terms at review."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from workbench.domain.glossary import Concept, Termbase
from workbench.domain.glossary_match import (
    Ambiguity,
    Match,
    Matcher,
    fold_spelling,
    occurrences,
    surname_of,
)
from workbench.domain.messages import Message, Value, join, msg

Severity = Literal["error", "warning"]
_COUNT_WORDS: Final = {2: "two", 3: "three", 4: "four", 5: "five"}


@dataclass(frozen=True)
class SpellingWarning:
    """One concept spelled in a way the source language's glossary form does not sanction."""

    concept_id: str
    spellings: tuple[str, ...]
    preferred: str
    lang: str
    message: str


@dataclass(frozen=True)
class NameCandidate:
    """A name-like text the glossary does not know, with how often it occurs and why it was picked."""

    text: str
    count: int
    reason: Literal["capitalised sequence", "transliterated name"]


@dataclass(frozen=True)
class GlossaryIssue:
    """A finding of the glossary check on one source/target pair (the issue fields of docs/architecture.md)."""

    check: str
    severity: Severity
    message: str
    concept_ids: tuple[str, ...] = ()
    #: The message as an id and its values, for interfaces in other languages (``message`` is its English).
    text: Message | None = field(default=None, compare=False)


def _issue(severity: Severity, text: Message, concept_ids: tuple[str, ...]) -> GlossaryIssue:
    return GlossaryIssue("glossary", severity, str(text), concept_ids, text)


def _as_texts(texts: str | Iterable[str]) -> list[str]:
    return [texts] if isinstance(texts, str) else list(texts)


def _join(items: Sequence[str], conjunction: str = "and") -> str:
    return str(join(items, conjunction))


# --- source spellings ---------------------------------------------------------------------


def source_spelling_warnings(texts: str | Iterable[str], matcher: Matcher, lang: str) -> list[SpellingWarning]:
    """Concepts a ``lang`` source spells two ways, or only in a spelling other than the glossary's ``lang`` form."""
    # concept -> spelling key -> (first text found with it, found as a lone surname), in order of appearance
    seen: dict[str, dict[str, tuple[str, bool]]] = {}
    full_surnames: dict[str, set[str]] = {}
    for text in _as_texts(texts):
        for m in matcher.scan(text, lang).matches:
            seen.setdefault(m.concept_id, {}).setdefault(fold_spelling(m.text), (m.text, m.surname_only))
            if not m.surname_only:
                full_surnames.setdefault(m.concept_id, set()).add(fold_spelling(surname_of(m.text)))
    warnings: list[SpellingWarning] = []
    for concept_id, spellings in seen.items():
        if matcher.termbase.concepts[concept_id].kind == "term":
            # A term's variants are other wordings of it ("droits de l’homme" for "droits humains",
            # "torture et d’autres mauvais traitements"), both correct French: no spelling to fix.
            continue
        # "Oumerov" after "Ilmi Oumerov" is the same spelling, not a second one.
        surnames = full_surnames.get(concept_id, set())
        found = [(text, alone) for key, (text, alone) in spellings.items() if not (alone and key in surnames)]
        texts_found = tuple(text for text, _ in found)
        preferred = matcher.termbase.concepts[concept_id].forms.get(lang, "")
        if len(found) > 1:
            count = _COUNT_WORDS.get(len(found), str(len(found)))
            message = f"{_join(texts_found)} are {count} spellings of one name ({concept_id})"
            message += f"; the glossary's {lang} form is {preferred}" if preferred else f"; no {lang} form yet"
        elif preferred and not any(_is_spelling_of(found[0][0], form, surname=found[0][1]) for form in
                                   (preferred, *matcher.termbase.concepts[concept_id].accepted_variants(lang))):
            message = f"{found[0][0]} is not the glossary's {lang} spelling of one name ({concept_id}): {preferred}"
        else:
            continue
        warnings.append(SpellingWarning(concept_id, texts_found, preferred, lang, message))
    return warnings


def _is_spelling_of(found: str, form: str, *, surname: bool) -> bool:
    """Whether ``found`` is ``form`` (or, for a lone surname, the surname of ``form``) up to case and apostrophes."""
    key = fold_spelling(found)
    return key == fold_spelling(form) or (surname and key == fold_spelling(surname_of(form)))


# --- unknown names ------------------------------------------------------------------------

# Words that open sentences or sit in capitalised runs without being names (Il, En, Le ...).
_FUNCTION_WORDS: Final[dict[str, frozenset[str]]] = {
    "fr": frozenset(
        "le la les l un une des du de d au aux ce cet cette ces il ils elle elles on nous vous je tu en dans sur "
        "sous pour par avec sans selon après avant depuis pendant entre contre vers chez et ou mais donc or ni car "
        "que qui quand lorsque si comme ainsi alors mais pourtant cependant enfin aussi leur leurs son sa ses notre "
        "nos votre vos mon ma mes tout tous toute toutes plusieurs m mme mm mlle dr pr monsieur madame puis hier "
        "aujourd ensuite désormais toutefois néanmoins voici voilà".split()
    ),
    "en": frozenset(
        "the a an this that these those he she it they we you i in on at by for from with without after before "
        "since during between against to of and or but so yet if when while as according his her its their our "
        "your my all some mr mrs ms dr prof then today yesterday however meanwhile".split()
    ),
}
# Capitalised words that are known, not names to add: months, days, countries and regions.
_KNOWN_WORDS: Final[dict[str, frozenset[str]]] = {
    "fr": frozenset(
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre lundi mardi "
        "mercredi jeudi vendredi samedi dimanche russie ukraine crimée turquie france belgique suisse allemagne "
        "europe union européenne états-unis royaume-uni biélorussie bélarus géorgie moldavie pologne kremlin "
        "moscou onu otan cour tribunal parlement gouvernement président présidente ministre".split()
    ),
    "en": frozenset(
        "january february march april may june july august september october november december monday tuesday "
        "wednesday thursday friday saturday sunday russia ukraine crimea turkey france belgium switzerland "
        "germany europe european union united states kingdom belarus georgia moldova poland kremlin moscow un "
        "nato court tribunal parliament government president minister".split()
    ),
}
# Endings of romanised Slavic surnames, per writing language (Pokaltchouk, Krivosheev, Velch).
_TRANSLIT_ENDINGS: Final[dict[str, re.Pattern[str]]] = {
    "fr": re.compile(r"(?:ov|ev|ïev|iev|ova|eva|ïeva|ine|ouk|tch|chtch|enko|ski|sky|ovitch|evitch|ovna|evna)$"),
    "en": re.compile(r"(?:ov|ev|yev|ova|eva|yeva|uk|chuk|ch|shch|enko|sky|skiy|ovich|evich|ovna|evna)$"),
}
_TRANSLIT_ANY: Final = re.compile(r"(?:ov|ev|ova|eva|ouk|uk|tch|ch|enko|sky|ski|vitch|vich|ow|ew|owa|ewa)$")
# Letters with optional inner hyphens: Emir-Usein, Kara-Mourza; the apostrophe of d’ ends a word.
_WORD: Final = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SAME_LINE_SPACE: Final = re.compile(r"[ \u00a0\u202f]+")


def unknown_name_candidates(texts: str | Iterable[str], matcher: Matcher, lang: str) -> list[NameCandidate]:
    """Name-like texts (capitalised runs, transliterated surnames) the glossary does not know, most frequent first."""
    function_words = _FUNCTION_WORDS.get(lang, _FUNCTION_WORDS["fr"] | _FUNCTION_WORDS["en"])
    known = _KNOWN_WORDS.get(lang, _KNOWN_WORDS["fr"] | _KNOWN_WORDS["en"])
    endings = _TRANSLIT_ENDINGS.get(lang, _TRANSLIT_ANY)
    counts: Counter[str] = Counter()
    reasons: dict[str, Literal["capitalised sequence", "transliterated name"]] = {}
    all_texts = _as_texts(texts)
    # A word the texts also write in lower case is a common word when it opens a sentence ("Puis").
    lower_words = {w for text in all_texts for w in _WORD.findall(text) if w.islower()}
    for text in all_texts:
        scan = matcher.scan(text, lang)
        covered = [(m.start, m.end) for m in scan.matches] + [(a.start, a.end) for a in scan.ambiguous]
        for run in _capitalised_runs(text, covered):
            words = list(run)
            # "Le Mejlis", "En Crimée": the article is not part of a name.
            while words and (words[0].lower() in function_words or words[0].lower() in lower_words):
                words.pop(0)
            if not words or all(w.lower() in known for w in words):
                continue
            if len(words) >= 2:
                name = " ".join(words[:4])
                counts[name] += 1
                reasons.setdefault(name, "capitalised sequence")
            elif endings.search(words[0].lower()) and len(words[0]) > 4:
                counts[words[0]] += 1
                reasons.setdefault(words[0], "transliterated name")
    return [NameCandidate(text, n, reasons[text]) for text, n in counts.most_common()]


def _capitalised_runs(text: str, covered: list[tuple[int, int]]) -> Iterable[list[str]]:
    """Runs of capitalised words separated by single-line spaces, cut at glossary matches and punctuation."""
    run: list[str] = []
    last_end = -1
    for m in _WORD.finditer(text):
        word, start = m.group(), m.start()
        capitalised = word[0].isupper() and not (len(word) > 1 and word.isupper())  # not an acronym or heading
        inside = any(s <= start < e for s, e in covered)
        joined = run and _SAME_LINE_SPACE.fullmatch(text[last_end:start]) is not None
        if not capitalised or inside or not joined:
            if run:
                yield run
            run = []
        if capitalised and not inside:
            run.append(word)
        last_end = m.end()
    if run:
        yield run


# --- target check -------------------------------------------------------------------------


def target_issues(
    source: str, target: str, source_lang: str, target_lang: str, termbase: Termbase, matcher: Matcher,
    fallback: Sequence[str] = ("en",),
) -> list[GlossaryIssue]:
    """The glossary check of one segment: missing target forms, known wrong forms in the target, ambiguous names."""
    issues: list[GlossaryIssue] = []
    source_scan = matcher.scan(source, source_lang)
    target_scan = matcher.scan(target, target_lang)
    for amb in source_scan.ambiguous:
        issues.append(_ambiguity_issue(amb, termbase, target_lang))

    needed: Counter[str] = Counter(m.concept_id for m in source_scan.matches)
    first_source: dict[str, Match] = {}
    for m in source_scan.matches:
        first_source.setdefault(m.concept_id, m)
    expected = {
        cid: termbase.target_form(cid, target_lang, _full_form(termbase.concepts[cid], m, source_lang), fallback)
        for cid, m in first_source.items()
    }
    present: Counter[str] = Counter()
    unverified_reported: set[str] = set()
    for m in target_scan.matches:
        concept = termbase.concepts[m.concept_id]
        wanted = expected.get(m.concept_id) or termbase.target_form(m.concept_id, target_lang, m.text, fallback)
        present[m.concept_id] += 1
        if _is_spelling_of(m.text, wanted.form, surname=m.surname_only):
            if not wanted.verified and m.concept_id in needed and m.concept_id not in unverified_reported:
                unverified_reported.add(m.concept_id)
                origin = msg("the {lang} form", lang=wanted.lang) if wanted.lang else msg("the source form")
                issues.append(_issue("warning", msg(
                    "{text}: the glossary has no {lang} form for {concept}; {form} is {origin}, unverified",
                    text=m.text, lang=target_lang, concept=m.concept_id, form=wanted.form, origin=origin),
                    (m.concept_id,)))
            continue
        if any(_is_spelling_of(m.text, form, surname=m.surname_only)
               for form in concept.accepted_variants(target_lang)):
            # A synonym the term base allows in this language (admittedTerm-admn-sts, a second
            # preferred term): right in a target, though drafting writes the preferred form.
            continue
        # Any other known spelling in the target is wrong here (the French form left in English,
        # a deprecated, superseded or obsolete variant): say what it is so the reviewer sees why.
        issues.append(_issue("error", msg(
            "{text} ({spelling}) is not the {lang} spelling of {concept}: write {form}",
            text=m.text, spelling=_describe_spelling(concept, m.text, m.surname_only), lang=target_lang,
            concept=m.concept_id, form=_expected_text(wanted.form, m.surname_only)), (m.concept_id,)))
    for cid, n in needed.items():
        # A wrong spelling already reported above counts as present: one issue per mistake. The
        # form may also sit inside a longer term the matcher preferred (es "Crimea" inside
        # "tártaros de Crimea"), so it is counted in the text too.
        missing = n - max(present[cid], occurrences(target, expected[cid].form))
        if missing > 0:
            m = first_source[cid]
            values: dict[str, Value] = {"text": m.text, "concept": cid,
                                        "form": _expected_text(expected[cid].form, m.surname_only)}
            if n > 1:
                text = msg("{text} ({concept}) is in the source, but {form} is missing from the target "
                           "({missing} of {count} occurrences)", missing=missing, count=n, **values)
            else:
                text = msg("{text} ({concept}) is in the source, but {form} is missing from the target", **values)
            # A name must be spelled our way; a term is the house wording, which a translator may
            # rephrase ("the right to express themselves freely"): its absence is a warning.
            issues.append(_issue("warning" if termbase.concepts[cid].kind == "term" else "error", text, (cid,)))
    return issues


def _full_form(concept: Concept, match: Match, source_lang: str) -> str:
    """The full source-language form behind a match (the whole name for a lone surname)."""
    return concept.forms.get(source_lang) or match.text


def _expected_text(form: str, surname: bool) -> Value:
    if surname and surname_of(form) != form:
        return msg("{form} (or {surname})", form=form, surname=surname_of(form))
    return form


def _describe_spelling(concept: Concept, text: str, surname: bool) -> Value:
    """Which languages use ``text`` for ``concept``: 'the fr, es and it form; a variant in en'."""
    key = fold_spelling(text)
    preferred: list[str] = []
    variant: list[str] = []
    for lang, form, is_preferred in concept.all_forms():
        if key == fold_spelling(form) or (surname and key == fold_spelling(surname_of(form))):
            (preferred if is_preferred else variant).append(lang)
    preferred = list(dict.fromkeys(preferred))
    variant = list(dict.fromkeys(lang for lang in variant if lang not in preferred))
    parts: list[Value] = []
    if preferred:
        parts.append(msg("the {langs} surname", langs=join(preferred)) if surname else
                     msg("the {langs} form", langs=join(preferred)))
    if variant:
        parts.append(msg("a variant in {langs}", langs=join(variant)))
    if len(parts) == 2:
        return msg("{first}; {second}", first=parts[0], second=parts[1])
    return parts[0] if parts else msg("a known spelling")


def _ambiguity_issue(amb: Ambiguity, termbase: Termbase, target_lang: str) -> GlossaryIssue:
    names = [
        f"{termbase.concepts[cid].forms.get(target_lang) or next(iter(termbase.concepts[cid].forms.values()), cid)} "
        f"({cid})"
        for cid in amb.concept_ids
    ]
    return _issue("warning", msg("{text} alone could be {names}: check which one is meant", text=amb.text,
                                 names=join(names, "or")), amb.concept_ids)
