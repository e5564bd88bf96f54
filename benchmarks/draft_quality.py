"""Draft quality against the team's own reference translations: chrF, TER and post-editing effort per route.

    .venv/bin/python benchmarks/draft_quality.py [--json] [--langs en,es] [--dump DIR]

Data: ``benchmarks/data/draft_quality/`` holds French releases the team wrote and, for each, a
``.refs.json`` with the English and Spanish references of every segment (its README says how they
were made). Two routes draft the same segments, offline, with the default engine:

- ``raw apertium``: the segments as ``<p>`` paragraphs through ``apertium -f html -u`` with the
  engine's hops (fr-es, then spa-eng for English), no glossary, no repair: the baseline;
- ``drafter``: the product as a user gets it: a fresh SQLite database initialised with the shipped
  glossary, each release ingested from its file and drafted by ``translate_release`` (memory,
  press phrases, glossary, titles, repairs, typography).

Per route and language: corpus chrF and TER (sacrebleu defaults), the mean character edit ratio
(Levenshtein distance to the reference over the reference's length, per segment) and the share of
segments needing at most 10 % character edits. Rows follow docs/architecture.md with ``ratio = value /
baseline``; for chrF and the share of light-edit segments higher is better (``higher_is_better``),
and ``target`` is issue 12's target for the value itself.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from draft_overhead import raw_apertium as raw_apertium_hops  # noqa: E402  (after the path set-up above)
from rapidfuzz.distance import Levenshtein  # noqa: E402
from sacrebleu.metrics import CHRF, TER  # noqa: E402

from workbench.config import Settings  # noqa: E402
from workbench.engines.apertium import ApertiumEngine  # noqa: E402
from workbench.services import drafting, releases, setup, users  # noqa: E402
from workbench.services.app import App  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "draft_quality"
LIGHT_EDIT = 0.10
#: Issue 12's targets for the product's drafts, per language: (chrF, share of light-edit segments).
TARGETS = {"en": (63.0, 0.10), "es": (74.0, 0.20)}


def load_references() -> list[tuple[Path, list[dict[str, str]]]]:
    """(release file, its reference rows) for every release of the data set, sorted by name."""
    out = []
    for refs in sorted(DATA.glob("*.refs.json")):
        stem = refs.name.removesuffix(".refs.json")
        [source] = [p for p in DATA.glob(f"{stem}.*") if not p.name.endswith(".refs.json")]
        out.append((source, json.loads(refs.read_text(encoding="utf-8"))))
    return out


def raw_apertium(texts: list[str], target: str) -> list[str]:
    """The baseline: the segments through each hop of the Apertium route, nothing else (draft_overhead's call)."""
    out = [p.strip() for p in raw_apertium_hops(texts, ApertiumEngine().route("fr", target))]
    assert len(out) == len(texts), f"apertium returned {len(out)} paragraphs for {len(texts)}"
    return out


def product_drafts(data: list[tuple[Path, list[dict[str, str]]]], langs: list[str]) -> dict[str, list[str]]:
    """Per language, the product's draft of every reference segment, in data-set order."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "WORKBENCH_DATABASE_URL": f"sqlite:///{tmp}/bench.db",
               "WORKBENCH_GLOSSARY_DIR": str(ROOT / "glossary")}
        app = App.open(Settings.from_env(env))
        setup.init_workbench(app)
        users.add_user(app, "bench", "admin", "bench-secret")  # the acting user of the ingests and drafts
        out: dict[str, list[str]] = {lang: [] for lang in langs}
        for source, refs in data:
            slug = source.name.split(".")[0]
            releases.ingest_release(app, source.read_bytes(), name=source.name, slug=slug, lang="fr", user="bench")
            for lang in langs:
                drafting.translate_release(app, slug, lang, user="bench")
                rows = {r["id"]: r for r in releases.list_segments(app, slug, lang)["segments"]}
                for ref in refs:
                    row = rows.get(ref["id"])
                    assert row is not None and row["source"] == ref["source"], (
                        f"{source.name}: segment {ref['id']} is not what ingest gives today; "
                        "regenerate the references' ids (README)")
                    out[lang].append(row["target"] or "")
        app.db.dispose()
    return out


def scores(hyps: list[str], refs: list[str]) -> dict[str, float]:
    """chrF, TER, mean character edit ratio and share of segments within LIGHT_EDIT of the reference."""
    ratios = [Levenshtein.distance(h, r) / max(len(r), 1) for h, r in zip(hyps, refs, strict=True)]
    return {
        "chrF": CHRF().corpus_score(hyps, [refs]).score,
        "TER": TER().corpus_score(hyps, [refs]).score,
        "edit ratio": sum(ratios) / len(ratios),
        "light edits": sum(r <= LIGHT_EDIT for r in ratios) / len(ratios),
    }


def measure(langs: list[str], dump: Path | None = None) -> list[dict[str, Any]]:
    """The rows: per language and metric, the drafter against raw Apertium on the same segments."""
    data = load_references()
    sources = [ref["source"] for _, refs in data for ref in refs]
    drafted = product_drafts(data, langs)
    rows: list[dict[str, Any]] = []
    for lang in langs:
        refs = [ref[lang] for _, rr in data for ref in rr]
        raw = raw_apertium(sources, lang)
        ours, base = scores(drafted[lang], refs), scores(raw, refs)
        if dump is not None:
            dump.mkdir(parents=True, exist_ok=True)
            triples = [{"source": s, "raw": r, "draft": d, "reference": f}
                       for s, r, d, f in zip(sources, raw, drafted[lang], refs, strict=True)]
            (dump / f"drafts.{lang}.json").write_text(json.dumps(triples, ensure_ascii=False, indent=1), "utf-8")
        chrf_target, light_target = TARGETS.get(lang, (None, None))
        for metric, unit, higher, target in (("chrF", "chrF", True, chrf_target), ("TER", "TER", False, None),
                                             ("edit ratio", "fraction", False, None),
                                             ("light edits", "fraction", True, light_target)):
            rows.append({
                "name": f"{metric} fr→{lang}, drafter, {len(refs)} segments",
                "value": round(ours[metric], 4), "baseline": round(base[metric], 4),
                "baseline_name": "raw apertium", "unit": unit,
                "ratio": round(ours[metric] / base[metric], 3) if base[metric] else None,
                "target": target, "higher_is_better": higher,
            })
    return rows


def main() -> int:
    """Run the benchmark and print a table, or JSON rows as the last line with --json."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the rows as JSON on the last line")
    ap.add_argument("--langs", default="en,es", help="target languages (default en,es)")
    ap.add_argument("--dump", type=Path, help="write source/raw/draft/reference per segment to DIR")
    args = ap.parse_args()
    rows = measure([lang.strip() for lang in args.langs.split(",") if lang.strip()], args.dump)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    print(f"{'name':44} {'value':>8} {'baseline':>9} {'ratio':>7} {'target':>7}")
    for r in rows:
        print(f"{r['name']:44} {r['value']:>8} {r['baseline']:>9} {r['ratio']!s:>7} {r['target']!s:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
