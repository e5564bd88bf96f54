"""Glossary-constrained drafting: mask known terms, translate the whole batch once, restore target forms.

What every draft goes through, whatever the engine (docs/drafting.md):

1. the source is read for the engine: French inclusive writing as its first form
   (domain/inclusive_writing.py);
2. glossary terms, press phrases (the boilerplate of releases: "Complément d’information",
   "a déclaré") and titles with their names (``M. Oumerov``) are masked by placeholders, and a
   French indefinite *des* after a copula before a term is left out (domain/french_articles.py);
3. the engine translates the masked batch in one call;
4. target forms are put back, with the words around them repaired: articles and prepositions
   before places, Spanish articles that agree, English *a*/*an* and *the* (domain/masking.py);
5. the text is typeset for the target language: quotation marks, spacing before ``: ; ? !``,
   numbers, the headline colon (domain/typography.py).

An engine with ``glossary_support`` (the LLM, DeepL) skips 2 and 4: it gets the names as written
and the batch's glossary entries (``request``), and each of its drafts must then pass the
glossary check (``check``) before it is saved (engines/glossary_support.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from workbench.domain import language_tags
from workbench.domain.french_articles import drop_indefinite_des
from workbench.domain.glossary import Termbase
from workbench.domain.glossary_match import Match, Matcher
from workbench.domain.inclusive_writing import read_inclusive
from workbench.domain.masking import Masked, mask, unmask
from workbench.domain.titles import find_titles
from workbench.domain.typography import typeset
from workbench.domain.unknown_words import read_marks
from workbench.engines.base import Engine, PairGlossary, Request
from workbench.engines.glossary_support import batch_entries, glossary_failure, pair_glossary, placed
from workbench.errors import EngineError


@dataclass(frozen=True)
class Draft:
    """A machine draft of one segment and what the glossary did to it.

    ``applied``: concepts whose target form was put in; ``unresolved``: concepts found in the
    source whose target form could not be placed (the engine lost the name); ``unverified``:
    concepts whose form came from the fallback chain, not from the target language's own cell.
    ``unknown_words``: the words the engine marked as left untranslated (engines whose
    ``marks_unknown`` is set; workbench.domain.unknown_words), in text order.
    """

    text: str
    applied: tuple[str, ...]
    unresolved: tuple[str, ...]
    unverified: tuple[str, ...]
    engine: str
    unknown_words: tuple[str, ...] = ()


class ConstrainedDrafter:
    """Drafts segments with one engine while forcing the term base's spellings.

    ``phrases`` matches the press phrases (a term base of its own, never checked against targets
    the way the glossary is): where a phrase and a glossary term overlap, the term is masked.
    """

    def __init__(
        self,
        engine: Engine,
        matcher: Matcher,
        termbase: Termbase,
        fallback: Sequence[str] = ("en",),
        phrases: Matcher | None = None,
    ) -> None:
        self.engine = engine
        self.matcher = matcher
        self.termbase = termbase
        self.fallback = tuple(fallback)
        self.phrases = phrases
        self._pair_glossaries: dict[tuple[str, str], PairGlossary] = {}

    def draft(self, texts: Sequence[str], source: str, target: str) -> list[Draft]:
        """One draft per text, in order, from a single engine call for the whole batch."""
        masked = self.mask(texts, source)
        outputs = self.engine.translate_request(self.request(masked, source, target))
        return self.restore(outputs, masked, source, target)

    def mask(self, texts: Sequence[str], source: str) -> list[Masked]:
        """The texts as the engine will see them: terms, phrases and titled names replaced by placeholders."""
        out = []
        french = language_tags.base(source) == "fr"
        for text in texts:
            text = read_inclusive(text) if french else text
            if self.engine.glossary_support:  # it takes the glossary itself (request): names go as written
                out.append(Masked(text, ()))
                continue
            masked = mask(text, self._matches(text, source), self.engine.placeholder, find_titles(text, source))
            if french and masked.slots:
                pattern = self.engine.placeholder_re.pattern
                masked = replace(masked, text=drop_indefinite_des(masked.text, pattern))
            out.append(masked)
        return out

    def _matches(self, text: str, source: str) -> list[Match]:
        terms = list(self.matcher.scan(text, source).matches)
        if self.phrases is None:
            return terms
        # The glossary first: a phrase never cuts into a term ("demande aux autorités" yields to
        # "autorités russes", and then "demande aux" is found). The phrases are looked for in the
        # text with the terms blanked out, so the longest phrase around them still matches.
        blanked = list(text)
        for m in terms:
            blanked[m.start:m.end] = "\0" * (m.end - m.start)
        phrases = self.phrases.scan("".join(blanked), source).matches
        return sorted([*terms, *phrases], key=lambda m: m.start)

    def request(
        self, masked: Sequence[Masked], source: str, target: str, before: str = "", after: str = "", retry: bool = False
    ) -> Request:
        """The engine call for a batch of masked texts; with the batch's glossary entries when the engine takes them."""
        texts = tuple(m.text for m in masked)
        if not self.engine.glossary_support:
            return Request(texts, source, target)
        if (source, target) not in self._pair_glossaries:
            self._pair_glossaries[(source, target)] = pair_glossary(self.termbase, source, target, self.fallback)
        phrases = self.phrases.termbase if self.phrases is not None else Termbase()
        entries = batch_entries((m for t in texts for m in self._matches(t, source)), self.termbase, phrases,
                                source, target, self.fallback)
        return Request(texts, source, target, entries, before, after, self._pair_glossaries[(source, target)], retry)

    def check(self, drafts: Sequence[Draft], masked: Sequence[Masked], source: str, target: str) -> list[str]:
        """Why each draft must not be saved ("" when it may): the glossary check, where the engine placed the names."""
        if not self.engine.glossary_support:
            return ["" for _ in drafts]
        return [glossary_failure(m.text, d.text, source, target, self.termbase, self.matcher, self.fallback)
                for d, m in zip(drafts, masked, strict=True)]

    def restore(self, outputs: Sequence[str], masked: Sequence[Masked], source: str, target: str) -> list[Draft]:
        """Drafts from the engine's outputs for ``masked`` (one each, in order): target forms put back."""
        if len(outputs) != len(masked):
            raise EngineError(f"{self.engine.name} returned {len(outputs)} texts for {len(masked)}")
        return [self._restore(out, m, source, target) for out, m in zip(outputs, masked, strict=True)]

    def _restore(self, output: str, masked: Masked, source: str, target: str) -> Draft:
        forms: dict[str, str] = {}
        kinds: dict[str, str] = {}
        unverified: list[str] = []
        phrases = self.phrases.termbase if self.phrases is not None else Termbase()
        for slot in masked.slots:
            if not slot.concept_id or slot.concept_id in forms:
                continue
            if slot.concept_id in phrases.concepts:
                # Only phrases with a form in the target are matched (services/phrases.py); the
                # source text stands in should a caller pass others.
                forms[slot.concept_id] = phrases.concepts[slot.concept_id].forms.get(target) or slot.source_text
                kinds[slot.concept_id] = "phrase"
                continue
            concept = self.termbase.concepts[slot.concept_id]
            kinds[slot.concept_id] = concept.kind
            # The source form the fallback chain ends on: the full name, even when only the surname matched.
            source_form = concept.forms.get(source) or slot.source_text
            chosen = self.termbase.target_form(slot.concept_id, target, source_form, self.fallback)
            forms[slot.concept_id] = chosen.form
            if not chosen.verified:
                unverified.append(slot.concept_id)
        unknown: tuple[str, ...] = ()
        if self.engine.marks_unknown:  # the marks go before unmask looks for the placeholders (*Zx1q)
            marks = read_marks(output, masked.text, self.engine.placeholder_re)
            output, unknown = marks.text, marks.words
        result = unmask(output, masked, forms, self.engine.placeholder_re, target, kinds)
        applied = tuple(c for c in result.applied if c not in phrases.concepts)
        unresolved = tuple(c for c in result.unresolved if c not in phrases.concepts)
        text = typeset(result.text, target)
        if self.engine.glossary_support:  # nothing was masked: read which names the engine placed
            found = placed(masked.text, text, source, target, self.termbase, self.matcher, self.fallback)
            return Draft(text, *found, self.engine.name, unknown)
        return Draft(text, applied, unresolved, tuple(unverified), self.engine.name, unknown)
