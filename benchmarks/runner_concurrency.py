"""The drafting runner against sequential drafting, on a local provider that takes 200 ms per call.

    .venv/bin/python benchmarks/runner_concurrency.py [--json] [--segments 300] [--latency 0.2]

The provider is tools/fake_libretranslate.py on 127.0.0.1 (a LibreTranslate-compatible server
whose every call sleeps ``--latency`` seconds), reached through the real LibreEngine: deep-
translator, the transport with its timeout, glossary masking. The release is ``--segments``
segments cycled from the sentences of the shared sample, each one distinct (numbered).

- baseline ``sequential drafting``: ConstrainedDrafter.draft over the whole release, what the
  drafting service did before the runner (deep-translator sends one request per text, in turn);
- measured: the Runner with the default policy (WORKBENCH_ENGINE_CONCURRENCY=8 threads, no cache).

Both run in the same process on the same texts, one after the other. The whole benchmark takes
about 300 × 0.2 s = 60 s for the baseline plus ~8 s for the runner. Target: ratio <= 0.25.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from fake_libretranslate import Behaviour, FakeLibreTranslate  # noqa: E402  (after the path set-up above)

from workbench.config import EngineSettings  # noqa: E402
from workbench.domain.glossary import Termbase  # noqa: E402
from workbench.domain.glossary_match import Matcher  # noqa: E402
from workbench.engines.constrained import ConstrainedDrafter  # noqa: E402
from workbench.engines.libre import LibreEngine  # noqa: E402
from workbench.engines.runner import Job, Outcome, Runner, RunPolicy  # noqa: E402
from workbench.formats.glossary_csv import read_glossary_csv  # noqa: E402

SAMPLE = ROOT.parent / "shared" / "samples" / "release-fr-crimean-tatar-leaders.txt"
GLOSSARY = ROOT / "glossary" / "names.csv"
TARGET_RATIO = 0.25


def release(n: int) -> list[str]:
    """``n`` distinct segments cycled from the sentences of the sample's story."""
    text = SAMPLE.read_text(encoding="utf-8")
    story = text[text.index("Russie. Il faut que"):text.index("Espace journalistes", text.index("Russie. Il faut"))]
    sentences = [s.strip() for p in story.split("\n") for s in re.split(r"(?<=[.:»])\s+(?=[«A-ZÉ])", p) if s.strip()]
    return [f"{i}. {sentences[i % len(sentences)]}" for i in range(n)]


def measure(segments: int, latency: float) -> list[dict[str, object]]:
    """One row: the runner's seconds against sequential drafting's, same texts, same provider."""
    texts = release(segments)
    termbase = Termbase.of(read_glossary_csv(GLOSSARY.read_bytes(), str(GLOSSARY)))
    matcher = Matcher(termbase)
    with FakeLibreTranslate(Behaviour(latency=latency)) as server:
        settings = EngineSettings(libre_url=server.url, timeout=10)
        drafter = ConstrainedDrafter(LibreEngine(settings), matcher, termbase)

        t0 = time.perf_counter()
        sequential = drafter.draft(texts, "fr", "es")
        baseline = time.perf_counter() - t0

        outcomes: list[Outcome] = []
        runner = Runner([ConstrainedDrafter(LibreEngine(settings), matcher, termbase)],
                        RunPolicy.from_settings(settings))
        t0 = time.perf_counter()
        report = runner.run([Job(i, t) for i, t in enumerate(texts)], "fr", "es", outcomes.extend)
        value = time.perf_counter() - t0
    drafted = {o.key: o.draft.text for o in outcomes if o.draft is not None}
    assert report.drafted == segments and [drafted[i] for i in range(segments)] == [d.text for d in sequential]
    return [{
        "name": f"runner, {settings.concurrency} threads, {segments} segments, {latency * 1000:g} ms per call",
        "value": round(value, 3),
        "baseline": round(baseline, 3),
        "baseline_name": "sequential drafting",
        "unit": "s",
        "ratio": round(value / baseline, 4),
        "target": TARGET_RATIO,
    }]


def main() -> None:
    """Run the benchmark; print a table, or JSON rows (last line) with --json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the rows as JSON on the last line")
    parser.add_argument("--segments", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds the provider takes per call")
    args = parser.parse_args()
    rows = measure(args.segments, args.latency)
    if args.json:
        print(json.dumps(rows))
        return
    print(f"{'measure':<55} {'value':>8} {'baseline':>9} {'ratio':>7} {'target':>7}")
    for r in rows:
        print(f"{r['name']!s:<55} {r['value']:>7}s {r['baseline']:>8}s {r['ratio']:>7} {r['target']:>7}")
        print(f"  baseline: {r['baseline_name']}")


if __name__ == "__main__":
    main()
