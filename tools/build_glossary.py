"""Build glossary/names.csv from ../shared/reference/transliteration-names.csv (reproducible conversion).

    .venv/bin/python tools/build_glossary.py [--reference PATH] [--out PATH]

Rules (glossary/README.md repeats them for people reading the data):

- one concept per reference row, ``concept_id`` -> ``id``, ``kind`` and ``sources`` kept as given;
- language columns ``en fr de es it uk ru`` are the preferred forms; ``crh_latin`` goes to ``crh``;
- an explanation in parentheses after a preferred form (``Mejlis (des Tatars de Crimée)``,
  ``Diana Loginova (Naoko)``) is not part of the spelling: the form is what precedes it and the
  full text goes to the note; guillemets around a Cyrillic name (``«Мемориал»``) are dropped;
- the reference's ``cyrillic`` column names no language: when it differs from the ``uk``/``ru``
  forms it becomes a variant of ``uk`` (Ukrainian-only letters і ї є ґ), of ``ru`` (Russian-only
  letters ы э ъ ё), or of both when its letters fit either;
- ``variants_seen`` entries ``lang:form (note)`` become variants ``lang:form``; ``a/b`` in a form
  gives two variants; ``NOTE ...`` entries go to the note; entries that are not a spelling of
  the concept are skipped (see ``NOT_SPELLINGS``, each with its reason); a variant identical to
  the preferred form of its language, or repeated, is dropped; variants are grouped by language;
- ``case`` is ``sensitive`` for the concepts of ``CASE_SENSITIVE`` and ``insensitive`` for those
  of ``CASE_INSENSITIVE`` (each with its reason, which goes to the note), empty (derived by the
  matcher) for the others.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.domain.glossary import Concept  # noqa: E402  (after the path set-up above)
from workbench.formats.glossary_csv import write_glossary_csv  # noqa: E402

REFERENCE = ROOT.parent / "shared" / "reference" / "transliteration-names.csv"
OUT = ROOT / "glossary" / "names.csv"
LANG_COLUMNS = {"en": "en", "fr": "fr", "de": "de", "es": "es", "it": "it", "uk": "uk", "ru": "ru", "crh_latin": "crh"}

#: (concept id, start of the variants_seen entry) -> why it is not a spelling of the concept.
NOT_SPELLINGS: dict[tuple[str, str], str] = {
    ("memorial", "de:Denkmal"): "a machine-translation error that is an ordinary German word (monument)",
    ("yabloko", "hr:Jabuka"): "a translation (apple), an ordinary Croatian word",
    ("crimea", "uk:Крим.Реалії"): "the names of a media project, not of the place",
    ("simferopol", "uk:Сімферопольський"): "an adjective, not the name",
    ("chernihiv", "es:Chernígov is"): "a remark about the Spanish form, not a spelling",
    ("crimean_tatars", "it:tartari"): "the generic word for Tatars: it would match every mention of Tatars",
}

#: concept id -> why its forms are matched case-sensitively (the ``case`` column ``sensitive``).
CASE_SENSITIVE: dict[str, str] = {}
#: concept id -> why its forms are matched in any case (``insensitive``); the reason goes to the note.
CASE_INSENSITIVE: dict[str, str] = {
    "crimean_tatars": "matched in any case: French press writes the people lower-case too (les tatars de Crimée), "
    "and a sensitive match left the place crimea to match inside it (Crimean Tatars then read as Crimea missing); "
    "the adjective phrases (dirigeants tatars de Crimée ...) are longer terms of places.csv and win",
}

UK_ONLY = set("іїєґІЇЄҐ")
RU_ONLY = set("ыэъёЫЭЪЁ")


def split_outside_parens(text: str, sep: str) -> list[str]:
    """Split on ``sep`` where it is not inside parentheses (notes contain ';')."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch == sep and depth <= 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def strip_explanation(value: str) -> tuple[str, str]:
    """``Mejlis (des Tatars de Crimée)`` -> (``Mejlis``, the full text); guillemets dropped."""
    value = value.strip()
    form = re.sub(r"\s*\(.*\)\s*$", "", value).strip()
    form = form.removeprefix("«").removesuffix("»").strip()
    return form, (value if form != value.strip("«»") else "")


def cyrillic_langs(form: str) -> list[str]:
    """Which of uk/ru a Cyrillic spelling can belong to, by its letters."""
    letters = set(form)
    if letters & UK_ONLY:
        return ["uk"]
    if letters & RU_ONLY:
        return ["ru"]
    return ["uk", "ru"]


def parse_variants(cid: str, cell: str) -> tuple[list[tuple[str, str]], list[str]]:
    """variants_seen -> ([(lang, form)], [notes])."""
    variants: list[tuple[str, str]] = []
    notes: list[str] = []
    for entry in split_outside_parens(cell, ";"):
        if entry.startswith("NOTE"):
            notes.append(entry.removeprefix("NOTE").strip())
            continue
        if any(cid == key_id and entry.startswith(prefix) for key_id, prefix in NOT_SPELLINGS):
            continue
        lang, sep, rest = entry.partition(":")
        if not sep or not re.fullmatch(r"[a-z]{2,3}", lang):
            raise SystemExit(f"{cid}: cannot read variant entry {entry!r}; add it to NOT_SPELLINGS with a reason")
        spelling = re.sub(r"\s*\(.*\)\s*$", "", rest).strip()
        variants += [(lang, form) for form in split_outside_parens(spelling, "/")]
    return variants, notes


def convert(row: dict[str, str]) -> Concept:
    """One reference row -> one concept."""
    cid = row["concept_id"].strip()
    forms: dict[str, str] = {}
    notes: list[str] = []
    for column, lang in LANG_COLUMNS.items():
        form, full = strip_explanation(row.get(column, ""))
        if form:
            forms[lang] = form
        if full:
            notes.append(f"{lang} in full: {full}")
    variants, more_notes = parse_variants(cid, row.get("variants_seen", ""))
    cyrillic, _ = strip_explanation(row.get("cyrillic", ""))
    if cyrillic and cyrillic not in (forms.get("uk"), forms.get("ru")):
        variants += [(lang, cyrillic) for lang in cyrillic_langs(cyrillic)]
    seen: set[tuple[str, str]] = set()
    kept = []
    for lang, form in variants:
        if form != forms.get(lang) and (lang, form) not in seen:
            seen.add((lang, form))
            kept.append((lang, form))
    order = list(dict.fromkeys(lang for lang, _ in kept))
    kept.sort(key=lambda v: order.index(v[0]))  # grouped by language: TBX keeps that order
    kind = row["kind"].strip()
    assert kind in ("person", "org", "place", "term"), kind
    if cid in CASE_INSENSITIVE:
        notes.append(CASE_INSENSITIVE[cid])
    case = True if cid in CASE_SENSITIVE else False if cid in CASE_INSENSITIVE else None
    return Concept(
        cid, kind, forms, tuple(kept), "; ".join(notes + more_notes), row.get("sources", "").strip(),  # type: ignore[arg-type]
        case_sensitive=case,
    )


def main() -> int:
    """Convert the reference file and write the shipped glossary."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference", type=Path, default=REFERENCE)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    with args.reference.open(encoding="utf-8", newline="") as f:
        concepts = [convert(row) for row in csv.DictReader(f)]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(write_glossary_csv(concepts))
    print(f"{args.out}: {len(concepts)} concepts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
