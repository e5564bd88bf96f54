"""Apertium on a shared APY server vs the local command, on the same 300-segment release.

    .venv/bin/python benchmarks/apertium_apy.py [--json] [--repeat N]

Starts Debian's ``apertium-apy`` on 127.0.0.1 over the installed pairs (as the tests do), warms
it (APY starts a pair's pipeline on its first request), then times ``ApertiumApyEngine.translate``
against the local ``ApertiumEngine.translate`` on the 300 segments of draft_overhead.py, fr→es and
fr→en (two hops), alternately, median of ``--repeat`` runs each. The server side sends requests of
at most 4,000 characters one after the other; through the drafting runner several batches of 50
segments are in flight at once, which this does not measure. Our target (no issue names one): a
shared server costs at most 1.5 times the local command, so moving Apertium off the replicas
does not slow drafting down.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from draft_overhead import SEGMENTS, release  # noqa: E402  (after the path set-up above)
from servers import apertium_apy  # noqa: E402

from workbench.engines.apertium import ApertiumEngine  # noqa: E402
from workbench.engines.apertium_apy import ApertiumApyEngine  # noqa: E402

TARGET_RATIO = 1.5


def measure(repeat: int) -> list[dict[str, object]]:
    """One row per target language: median seconds on the server and with the local command."""
    texts = release()
    rows = []
    with apertium_apy() as url:
        served, local = ApertiumApyEngine(url), ApertiumEngine()
        for target in ("es", "en"):
            served.translate(texts[:5], "fr", target)  # APY starts the pair's pipelines on first use
            ours: list[float] = []
            base: list[float] = []
            for i in range(repeat):
                for side in (("ours", "base") if i % 2 == 0 else ("base", "ours")):
                    engine = served if side == "ours" else local
                    t0 = time.perf_counter()
                    out = engine.translate(texts, "fr", target)
                    (ours if side == "ours" else base).append(time.perf_counter() - t0)
                    assert len(out) == SEGMENTS
            value, baseline = statistics.median(ours), statistics.median(base)
            rows.append({
                "name": f"apertium on APY fr→{target}, {SEGMENTS} segments",
                "value": round(value, 4),
                "baseline": round(baseline, 4),
                "baseline_name": f"local apertium command ({' | '.join(local.route('fr', target))})",
                "unit": "s",
                "ratio": round(value / baseline, 3),
                "target": TARGET_RATIO,
            })
    return rows


def main() -> int:
    """Run the benchmark and print a table, or JSON rows as the last line with --json."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the rows as JSON on the last line")
    ap.add_argument("--repeat", type=int, default=5, help="runs per side; the median is reported")
    args = ap.parse_args()
    rows = measure(args.repeat)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    print(f"{'name':42} {'value':>9} {'baseline':>9} {'ratio':>7} {'target':>7}  baseline_name")
    for r in rows:
        print(f"{r['name']:42} {r['value']:>8}s {r['baseline']:>8}s {r['ratio']:>7} {r['target']:>7}"
              f"  {r['baseline_name']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
