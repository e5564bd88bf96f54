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
import sys
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from draft_overhead import SEGMENTS, medians, print_rows, release, row  # noqa: E402  (after the path set-up above)
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
            value, baseline = medians(repeat, partial(served.translate, texts, "fr", target),
                                      partial(local.translate, texts, "fr", target))
            rows.append(row(f"apertium on APY fr→{target}, {SEGMENTS} segments", value, baseline,
                            f"local apertium command ({' | '.join(local.route('fr', target))})", TARGET_RATIO))
    return rows


def main() -> int:
    """Run the benchmark and print a table, or JSON rows as the last line with --json."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the rows as JSON on the last line")
    ap.add_argument("--repeat", type=int, default=5, help="runs per side; the median is reported")
    args = ap.parse_args()
    print_rows(measure(args.repeat), args.json)
    return 0

if __name__ == "__main__":
    sys.exit(main())
