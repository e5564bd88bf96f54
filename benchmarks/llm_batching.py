"""The llm engine batched against one segment per request, on a local endpoint that takes 300 ms a request.

    .venv/bin/python benchmarks/llm_batching.py [--json] [--segments 300] [--latency 0.3] [--batch 20]

The endpoint is tools/fake_chat_completions.py on 127.0.0.1 (OpenAI-compatible, Ollama's shapes,
streamed answers), whose every request sleeps ``--latency`` seconds before it answers, reached
through the real LLMEngine, ConstrainedDrafter (the shipped term base and press phrases) and
Runner (WORKBENCH_ENGINE_CONCURRENCY=8 threads, no cache). The release is ``--segments`` segments
cycled from the sentences of the shared sample, each one distinct (numbered), fr→en.

- baseline ``one segment per request``: the same runner with WORKBENCH_LLM_BATCH=1;
- measured: WORKBENCH_LLM_BATCH=``--batch`` (20, the default).

Both run in the same process on the same texts, one after the other. Target: ratio <= 0.1.

A second row reports the prompt tokens sent per segment (system prompt, instructions, context,
glossary entries and the segments themselves), batched against one per request, as the server
reports them. The fake server counts a token per four characters (OpenAI's rule of thumb);
a real tokenizer counts French with its accents somewhat higher, so read it as a comparison.
It has no target in the issue ("keep it low"): ``target`` is null.
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

from fake_chat_completions import Behaviour, FakeChatCompletions, estimate_tokens  # noqa: E402

from workbench.config import EngineSettings  # noqa: E402
from workbench.domain.glossary import Termbase  # noqa: E402
from workbench.domain.glossary_match import Matcher  # noqa: E402
from workbench.engines.constrained import ConstrainedDrafter  # noqa: E402
from workbench.engines.llm import LLMEngine  # noqa: E402
from workbench.engines.runner import Job, Outcome, Runner, RunPolicy  # noqa: E402
from workbench.formats.glossary_csv import read_glossary_csv  # noqa: E402
from workbench.services.phrases import phrase_matcher  # noqa: E402

SAMPLE = ROOT.parent / "shared" / "samples" / "release-fr-crimean-tatar-leaders.txt"
TARGET_RATIO = 0.1
MODEL = "qwen2.5:14b"


def release(n: int) -> list[str]:
    """``n`` distinct segments cycled from the sentences of the sample's story."""
    text = SAMPLE.read_text(encoding="utf-8")
    story = text[text.index("Russie. Il faut que"):text.index("Espace journalistes", text.index("Russie. Il faut"))]
    sentences = [s.strip() for p in story.split("\n") for s in re.split(r"(?<=[.:»])\s+(?=[«A-ZÉ])", p) if s.strip()]
    return [f"{i}. {sentences[i % len(sentences)]}" for i in range(n)]


def termbase() -> Termbase:
    """The shipped term base, every file of glossary/ (what `workbench init` loads)."""
    concepts = []
    for path in sorted((ROOT / "glossary").glob("*.csv")):
        concepts += read_glossary_csv(path.read_bytes(), str(path))
    return Termbase.of(concepts)


def run(texts: list[str], tb: Termbase, batch: int, url: str) -> tuple[float, LLMEngine, dict[int, Outcome]]:
    """Seconds to draft ``texts`` with ``batch`` segments per request, the engine (its usage) and the outcomes."""
    settings = EngineSettings(llm_url=url, llm_model=MODEL, llm_batch=batch, timeout=30)
    engine = LLMEngine(settings)
    drafter = ConstrainedDrafter(engine, Matcher(tb), tb, phrases=phrase_matcher("en"))
    runner = Runner([drafter], RunPolicy.from_settings(settings), glossary_version=tb.version)
    outcomes: list[Outcome] = []
    t0 = time.perf_counter()
    report = runner.run([Job(i, t) for i, t in enumerate(texts)], "fr", "en", outcomes.extend)
    seconds = time.perf_counter() - t0
    assert report.drafted == len(texts), f"{report.failed} segments failed"
    return seconds, engine, {o.key: o for o in outcomes}  # type: ignore[misc]


def measure(segments: int, latency: float, batch: int) -> list[dict[str, object]]:
    """Two rows: seconds batched against one per request, and prompt tokens per segment."""
    texts = release(segments)
    tb = termbase()
    with FakeChatCompletions(Behaviour(flavour="ollama", latency=latency)) as server:
        baseline, single, alone = run(texts, tb, 1, server.url)
        value, batched, together = run(texts, tb, batch, server.url)
    assert [alone[i].draft.text for i in range(segments)] == [together[i].draft.text for i in range(segments)]  # type: ignore[union-attr]
    source_tokens = sum(estimate_tokens(t) for t in texts) / segments
    per_segment = batched.usage["prompt_tokens"] / segments
    per_segment_alone = single.usage["prompt_tokens"] / segments
    threads = RunPolicy.from_settings(EngineSettings()).concurrency
    return [
        {
            "name": f"llm, {batch} segments per request, {segments} segments, {latency * 1000:g} ms per request, "
                    f"{threads} threads",
            "value": round(value, 3),
            "baseline": round(baseline, 3),
            "baseline_name": "one segment per request",
            "unit": "s",
            "ratio": round(value / baseline, 4),
            "target": TARGET_RATIO,
        },
        {
            "name": f"llm prompt tokens per segment, {batch} per request (the segment itself: "
                    f"{source_tokens:.1f}; {batched.usage['requests']} requests)",
            "value": round(per_segment, 1),
            "baseline": round(per_segment_alone, 1),
            "baseline_name": "one segment per request",
            "unit": "tokens",
            "ratio": round(per_segment / per_segment_alone, 4),
            "target": None,
        },
    ]


def main() -> None:
    """Run the benchmark; print a table, or JSON rows (last line) with --json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the rows as JSON on the last line")
    parser.add_argument("--segments", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.3, help="seconds the endpoint takes per request")
    parser.add_argument("--batch", type=int, default=20, help="segments per request (WORKBENCH_LLM_BATCH)")
    args = parser.parse_args()
    rows = measure(args.segments, args.latency, args.batch)
    if args.json:
        print(json.dumps(rows))
        return
    print(f"{'measure':<100} {'value':>8} {'baseline':>9} {'ratio':>7} {'target':>7}")
    for r in rows:
        print(f"{r['name']!s:<100} {r['value']!s:>8} {r['baseline']!s:>9} {r['ratio']!s:>7} {r['target']!s:>7}")
        print(f"  baseline: {r['baseline_name']} ({r['unit']})")


if __name__ == "__main__":
    main()
