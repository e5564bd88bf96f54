"""Glossary-constrained drafting vs a raw Apertium call on the same 300-segment release.

    .venv/bin/python benchmarks/draft_overhead.py [--json] [--repeat N]

The release is 300 segments cycled from the sentences of the shared sample release. The
constrained side is ConstrainedDrafter as drafting uses it: every shipped glossary file
(glossary/*.csv), the press phrases, titles, repairs and typesetting, timed end to end
*including* building the glossary Matcher, because the drafting service builds one per call
(the phrase matcher is built once per process and target, as in the service).
The baseline is the same ``<p>`` batch (unmasked) piped through ``apertium -f html -u`` with the
same hops (fr-es, then spa-eng for English), called directly with subprocess. Both sides run
alternately (ABBA order) in the same process; each figure is the median of ``--repeat`` runs. Target: the
constrained draft costs at most 1.2 times the raw call.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.domain.glossary import Termbase  # noqa: E402  (after the path set-up above)
from workbench.domain.glossary_match import Matcher  # noqa: E402
from workbench.engines.apertium import ApertiumEngine  # noqa: E402
from workbench.engines.constrained import ConstrainedDrafter  # noqa: E402
from workbench.formats.glossary_csv import read_glossary_csv  # noqa: E402
from workbench.services.phrases import phrase_matcher  # noqa: E402

SAMPLE = ROOT.parent / "shared" / "samples" / "release-fr-crimean-tatar-leaders.txt"
GLOSSARY = ROOT / "glossary"
TARGET_RATIO = 1.2
SEGMENTS = 300


def release() -> list[str]:
    """300 segments cycled from the sentences of the sample's story paragraphs."""
    text = SAMPLE.read_text(encoding="utf-8")
    story = text[text.index("Russie. Il faut que"):text.index("Espace journalistes", text.index("Russie. Il faut"))]
    sentences = [s.strip() for p in story.split("\n") for s in re.split(r"(?<=[.:»])\s+(?=[«A-ZÉ])", p) if s.strip()]
    return [sentences[i % len(sentences)] for i in range(SEGMENTS)]


def raw_apertium(texts: list[str], modes: list[str]) -> list[str]:
    """The baseline: the batch as <p> paragraphs through each hop, no glossary."""
    payload = "\n".join(f"<p>{html.escape(t, quote=False)}</p>" for t in texts)
    for mode in modes:
        payload = subprocess.run(["apertium", "-f", "html", "-u", mode], input=payload, capture_output=True,
                                 text=True, check=True, timeout=120).stdout
    return [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", payload, re.S)]


def constrained(texts: list[str], termbase: Termbase, target: str) -> list[str]:
    """The measured side: matcher build, masking, the engine call, unmasking."""
    drafter = ConstrainedDrafter(ApertiumEngine(), Matcher(termbase), termbase, phrases=phrase_matcher(target))
    return [d.text for d in drafter.draft(texts, "fr", target)]


def measure(repeat: int) -> list[dict[str, object]]:
    """One row per target language: median seconds of each side, measured alternately."""
    texts = release()
    termbase = Termbase.of(c for path in sorted(GLOSSARY.glob("*.csv"))
                           for c in read_glossary_csv(path.read_bytes(), str(path)))
    rows = []
    for target in ("es", "en"):
        modes = ApertiumEngine().route("fr", target)
        value, baseline = medians(repeat, partial(constrained, texts, termbase, target),
                                  partial(raw_apertium, texts, modes))
        rows.append(row(f"constrained draft fr→{target}, {SEGMENTS} segments", value, baseline,
                        f"raw apertium ({' | '.join(modes)})", TARGET_RATIO))
    return rows


def medians(repeat: int, ours: Callable[[], list[str]], base: Callable[[], list[str]]) -> tuple[float, float]:
    """Median seconds of each side over ``repeat`` runs, the sides alternately first (ABBA)."""
    times: dict[str, list[float]] = {"ours": [], "base": []}
    for i in range(repeat):
        # Alternate which side runs first: the machine's load drifts between runs.
        for side in (("ours", "base") if i % 2 == 0 else ("base", "ours")):
            t0 = time.perf_counter()
            out = ours() if side == "ours" else base()
            times[side].append(time.perf_counter() - t0)
            assert len(out) == SEGMENTS
    return statistics.median(times["ours"]), statistics.median(times["base"])


def row(name: str, value: float, baseline: float, baseline_name: str, target: float) -> dict[str, object]:
    """One JSON row of docs/architecture.md, in seconds."""
    return {"name": name, "value": round(value, 4), "baseline": round(baseline, 4), "baseline_name": baseline_name,
            "unit": "s", "ratio": round(value / baseline, 3), "target": target}


def main() -> int:
    """Run the benchmark and print a table, or JSON rows as the last line with --json."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the rows as JSON on the last line")
    ap.add_argument("--repeat", type=int, default=7, help="runs per side; the median is reported")
    args = ap.parse_args()
    print_rows(measure(args.repeat), args.json)
    return 0


def print_rows(rows: list[dict[str, object]], as_json: bool) -> None:
    """The rows as JSON on one line, or as a readable table (also used by apertium_apy.py)."""
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    print(f"{'name':42} {'value':>9} {'baseline':>9} {'ratio':>7} {'target':>7}  baseline_name")
    for r in rows:
        print(f"{r['name']:42} {r['value']:>8}s {r['baseline']:>8}s {r['ratio']:>7} {r['target']:>7}"
              f"  {r['baseline_name']}")


if __name__ == "__main__":
    sys.exit(main())
