"""Glossary-constrained drafting: mask known terms, translate the whole batch once, restore target forms."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.domain.glossary import Termbase
from workbench.domain.glossary_match import Matcher
from workbench.domain.masking import Masked, mask, unmask
from workbench.engines.base import Engine
from workbench.errors import EngineError


@dataclass(frozen=True)
class Draft:
    """A machine draft of one segment and what the glossary did to it.

    ``applied``: concepts whose target form was put in; ``unresolved``: concepts found in the
    source whose target form could not be placed (the engine lost the name); ``unverified``:
    concepts whose form came from the fallback chain, not from the target language's own cell.
    """

    text: str
    applied: tuple[str, ...]
    unresolved: tuple[str, ...]
    unverified: tuple[str, ...]
    engine: str


class ConstrainedDrafter:
    """Drafts segments with one engine while forcing the term base's spellings."""

    def __init__(self, engine: Engine, matcher: Matcher, termbase: Termbase, fallback: Sequence[str] = ("en",)) -> None:
        self.engine = engine
        self.matcher = matcher
        self.termbase = termbase
        self.fallback = tuple(fallback)

    def draft(self, texts: Sequence[str], source: str, target: str) -> list[Draft]:
        """One draft per text, in order, from a single engine call for the whole batch."""
        masked = self.mask(texts, source)
        outputs = self.engine.translate([m.text for m in masked], source, target)
        return self.restore(outputs, masked, source, target)

    def mask(self, texts: Sequence[str], source: str) -> list[Masked]:
        """The texts as this drafter's engine will see them: glossary terms replaced by its placeholders."""
        return [mask(t, self.matcher.scan(t, source).matches, self.engine.placeholder) for t in texts]

    def restore(self, outputs: Sequence[str], masked: Sequence[Masked], source: str, target: str) -> list[Draft]:
        """Drafts from the engine's outputs for ``masked`` (one each, in order): target forms put back."""
        if len(outputs) != len(masked):
            raise EngineError(f"{self.engine.name} returned {len(outputs)} texts for {len(masked)}")
        return [self._restore(out, m, source, target) for out, m in zip(outputs, masked, strict=True)]

    def _restore(self, output: str, masked: Masked, source: str, target: str) -> Draft:
        forms: dict[str, str] = {}
        unverified: list[str] = []
        for slot in masked.slots:
            if slot.concept_id in forms:
                continue
            concept = self.termbase.concepts[slot.concept_id]
            # The source form the fallback chain ends on: the full name, even when only the surname matched.
            source_form = concept.forms.get(source) or slot.source_text
            chosen = self.termbase.target_form(slot.concept_id, target, source_form, self.fallback)
            forms[slot.concept_id] = chosen.form
            if not chosen.verified:
                unverified.append(slot.concept_id)
        result = unmask(output, masked, forms, self.engine.placeholder_re, target)
        return Draft(result.text, tuple(result.applied), tuple(result.unresolved), tuple(unverified), self.engine.name)
