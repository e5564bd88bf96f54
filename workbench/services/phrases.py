"""The press phrases drafting masks before any engine: the fixed wording of press releases.

``workbench/data/press-phrases.csv`` (the glossary's CSV format, docs/glossary.md, every row with its
sources) holds headings such as "Complément d’information" (en *Background*, es *Información
complementaria*) and reporting phrases such as "a déclaré" (en *said*, never *has declared*).
Drafting masks them like glossary terms and writes the target's form (engines/constrained.py);
unlike the glossary they are a drafting aid, not a rule: QA never asks a translator for them.
They ship with the code, like an engine's dictionaries, and are read once per process.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from workbench.domain.glossary import Concept, Termbase
from workbench.domain.glossary_match import Matcher
from workbench.domain.language_tags import base
from workbench.formats.glossary_csv import read_glossary_csv

PHRASES_FILE = "press-phrases.csv"
#: Phrase ids are kept apart from glossary ids by this prefix.
PREFIX = "phrase:"


@cache
def shipped_phrases() -> tuple[Concept, ...]:
    """Every shipped phrase, ids prefixed ``phrase:``."""
    path = resources.files("workbench") / "data" / PHRASES_FILE
    concepts = read_glossary_csv(path.read_bytes(), f"workbench/data/{PHRASES_FILE}")
    return tuple(
        Concept(PREFIX + c.id, c.kind, c.forms, c.variants, c.note, c.sources, c.case_sensitive) for c in concepts
    )


@cache
def phrase_matcher(target: str) -> Matcher | None:
    """A matcher over the phrases that have a form in ``target``; None when none has."""
    lang = base(target)
    wanted = [c for c in shipped_phrases() if c.forms.get(lang)]
    return Matcher(Termbase.of(wanted)) if wanted else None
