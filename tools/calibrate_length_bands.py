"""Measure target/source length ratios on real translations, to calibrate the length check's bands.

Reads the reference translations of ``benchmarks/data/draft_quality/*.refs.json`` (85 French
segments with professional English and Spanish references) and the shipped phrase memory
(``workbench/data/press-phrases.csv``), measures each ratio as ``LengthCheck`` does (characters,
whitespace normalised, sources under ``MIN_LENGTH_CHARS`` and known renderings left out) and
prints, per pair, the spread and the band it suggests: the observed extremes widened by
``MARGIN`` (real post-edits vary more than one set of references). The chosen bands, with these
figures, are ``workbench.domain.checks.LENGTH_BANDS``.

    .venv/bin/python tools/calibrate_length_bands.py [--json]
"""

from __future__ import annotations

import csv
import json
import statistics
import sys
from pathlib import Path

from workbench.domain.checks import MIN_LENGTH_CHARS, _normalise, known_rendering

ROOT = Path(__file__).resolve().parents[1]
REFS = ROOT / "benchmarks" / "data" / "draft_quality"
PHRASES = ROOT / "workbench" / "data" / "press-phrases.csv"
PAIRS = (("fr", "en"), ("fr", "es"))
MARGIN = (0.8, 1.25)  # low extreme x 0.8, high extreme x 1.25


def _ratio(source: str, target: str, source_lang: str, target_lang: str) -> float | None:
    src, tgt = _normalise(source), _normalise(target)
    if len(src) < MIN_LENGTH_CHARS or not tgt or known_rendering(src, tgt, source_lang, target_lang):
        return None
    return len(tgt) / len(src)


def measure() -> list[dict[str, object]]:
    """One row per pair: counts, quantiles and the suggested band."""
    rows = []
    refs = [r for path in sorted(REFS.glob("*.refs.json")) for r in json.loads(path.read_text(encoding="utf-8"))]
    with PHRASES.open(encoding="utf-8", newline="") as stream:
        phrases = list(csv.DictReader(stream))
    for source_lang, target_lang in PAIRS:
        ratios = sorted(r for ref in refs if (r := _ratio(ref["source"], ref[target_lang], source_lang,
                                                          target_lang)) is not None)
        cuts = statistics.quantiles(ratios, n=20)
        phrase_ratios = sorted(r for p in phrases if p[target_lang] and (r := _ratio(
            p[source_lang], p[target_lang], source_lang, target_lang)) is not None)
        rows.append({"pair": f"{source_lang}-{target_lang}", "segments": len(ratios), "min": round(ratios[0], 3),
                     "p5": round(cuts[0], 3), "median": round(statistics.median(ratios), 3),
                     "p95": round(cuts[-1], 3), "max": round(ratios[-1], 3),
                     "suggested": [round(ratios[0] * MARGIN[0], 2), round(ratios[-1] * MARGIN[1], 2)],
                     "phrases": len(phrase_ratios),
                     "phrases_range": [round(phrase_ratios[0], 2), round(phrase_ratios[-1], 2)]})
    return rows


if __name__ == "__main__":
    result = measure()
    if "--json" in sys.argv[1:]:
        print(json.dumps(result))
    else:
        for row in result:
            print(row)
