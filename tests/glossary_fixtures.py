"""A realistic term base for glossary tests, built from ../shared/reference/transliteration-names.csv.

The reference file is research material, not a glossary file: cells carry notes in parentheses,
acronyms in parentheses ("Fondation anticorruption (FBK; ACF/FBK; AFC)") and variants with
sources ("fr:Meijlis (typo in amnesty.fr ...)"). This module turns it into Concepts the way a
person preparing glossary/*.csv would: notes dropped, acronyms moved to a concept of their own.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from workbench.domain.glossary import Concept, ConceptKind, Termbase

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "transliteration-names.csv"
SAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "samples" / "release-fr-crimean-tatar-leaders.txt"
LANGS = ("en", "fr", "de", "es", "it", "uk", "ru")

_NOTE = re.compile(r"\s*\((.*?)\)")


def _split_cell(cell: str) -> tuple[str, list[str]]:
    """The form in a cell without its parenthesised notes, and the acronyms those notes list."""
    acronyms: list[str] = []
    for note in _NOTE.findall(cell):
        for piece in re.split(r"[;]", note):
            piece = piece.strip()
            if piece and piece.replace("/", "").isupper() and " " not in piece:
                acronyms.append(piece)
    return _NOTE.sub("", cell).strip(), acronyms


def _variants(cell: str) -> Iterator[tuple[str, str]]:
    """(lang, form) pairs of a variants_seen cell; NOTE entries and sources are dropped."""
    for raw in cell.split(";"):
        raw = raw.strip()
        if not raw or raw.startswith("NOTE"):
            continue
        for piece in re.split(r"\s+/\s+", raw):
            m = re.match(r"([a-z]{2,3}):(.*)", piece.strip())
            if not m:
                continue
            lang, rest = m.groups()
            rest = re.split(r" \(| – | is ", rest)[0].strip()
            for form in rest.split("/") if " " not in rest else [rest]:
                if form.strip():
                    yield lang, form.strip()


@cache
def reference_rows() -> tuple[dict[str, str], ...]:
    """The rows of the reference CSV, as the csv module reads them."""
    with REFERENCE.open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def reference_concepts() -> list[Concept]:
    """One Concept per reference row, plus one acronym concept where a row lists acronyms."""
    concepts: list[Concept] = []
    for row in reference_rows():
        forms: dict[str, str] = {}
        acronyms: dict[str, list[str]] = {}
        for lang in LANGS:
            form, acr = _split_cell(row[lang])
            if form:
                forms[lang] = form
            if acr:
                acronyms[lang] = acr
        crh, _ = _split_cell(row["crh_latin"])
        if crh:
            forms["crh"] = crh
        kind: ConceptKind = row["kind"]  # type: ignore[assignment]
        variants = tuple(_variants(row["variants_seen"]))
        acronym_set = {a for names in acronyms.values() for name in names for a in [name, *name.split("/")]}
        # An acronym is its own concept; leaving it among the name's variants too would make the
        # two concepts collide on it.
        variants = tuple(v for v in variants if v[1] not in acronym_set)
        concepts.append(Concept(row["concept_id"], kind, forms, variants))
        if acronyms:
            # "ACF/FBK" is written as one unit, and each part also stands alone.
            acr_forms = {lang: names[0].split("/")[0] for lang, names in acronyms.items()}
            extra = {(lang, part) for lang, names in acronyms.items() for name in names
                     for part in [name, *name.split("/")]}
            extra -= set(acr_forms.items())
            concepts.append(Concept(row["concept_id"] + "_acronym", "org", acr_forms, tuple(sorted(extra))))
    return concepts


def reference_termbase(*, without: tuple[str, ...] = ()) -> Termbase:
    """The reference term base, leaving out the concept ids in ``without``."""
    return Termbase.of(c for c in reference_concepts() if c.id not in without)


def sample_release_body() -> list[str]:
    """The paragraphs of the sample release an ingest would keep (title to the last paragraph)."""
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index("Russie. Il faut que les dirigeants")
    end = text.index("Espace journalistes", start)
    return [p.strip() for p in text[start:end].split("\n\n") if p.strip()]


def sample_text() -> str:
    """The whole sample dump, site chrome and teasers included."""
    return SAMPLE.read_text(encoding="utf-8")
