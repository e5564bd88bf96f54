"""Translation-memory lookup speed and recall, and QA-check throughput.

A generated 100,000-unit memory of French press-release-like sentences (a Zipf-distributed
vocabulary of real function words and generated content words) and a 300-segment release: a third
copied from the memory, a third edited copies (1-3 words replaced, inserted or deleted), a third
new. Per segment we want the best match of at least 75%. ``MemoryIndex`` (inverted index on rare
tokens, rapidfuzz on the candidates, scan fallback) is measured against rapidfuzz's
``process.extractOne`` over every unit, in the same run; ``recall`` is the share of segments whose
best score equals the baseline's (no match above the threshold missed). QA throughput: every
segment check plus the glossary check on 10,000 segment pairs, against the glossary check alone.

    .venv/bin/python benchmarks/tm_lookup.py [--json] [--units N] [--segments N] [--qa-segments N]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from workbench.domain.checks import run_checks, segment_checks
from workbench.domain.glossary import Termbase
from workbench.domain.glossary_checks import target_issues
from workbench.domain.glossary_match import Matcher
from workbench.domain.tm import DEFAULT_MIN_SCORE, MemoryIndex, Unit, fuzzy_key
from workbench.formats.glossary_csv import read_glossary_csv
from workbench.ingest.language import language_probabilities

FUNCTION = ("le la les de des du et à en pour avec sans selon après dans sur contre une un leur ont été a "
            "qui que il ils elle elles ne pas plus par au aux ce cette ces son sa ses est sont être").split()
SYLLABLES = ["ra", "lo", "mi", "tan", "ker", "vou", "chi", "dre", "pol", "ssi", "gné", "tru", "vel", "mon",
             "ba", "ter", "cri", "sio", "nal", "pré", "dis", "con", "tion", "ment", "ique", "eur", "ble", "ois"]


def vocabulary(rng: random.Random, size: int) -> list[str]:
    """Function words first (most frequent), then generated content words."""
    words = list(FUNCTION)
    seen = set(words)
    while len(words) < size:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words


def generate(units: int, segments: int, seed: int = 11) -> tuple[list[str], list[str]]:
    """``units`` memory sources and ``segments`` release sources (copies, edited copies, new sentences)."""
    rng = random.Random(seed)
    vocab = vocabulary(rng, 40_000)
    cum: list[float] = []
    total = 0.0
    for rank in range(1, len(vocab) + 1):
        total += 1 / rank ** 1.07
        cum.append(total)

    def sentence() -> list[str]:
        return rng.choices(vocab, cum_weights=cum, k=rng.randint(8, 35))

    memory = [" ".join(sentence()).capitalize() + "." for _ in range(units)]
    release: list[str] = []
    for i in range(segments):
        if i % 3 == 0:
            release.append(rng.choice(memory))
        elif i % 3 == 1:
            words = rng.choice(memory).rstrip(".").split()
            for _ in range(rng.randint(1, 3)):
                op = rng.choice(("replace", "insert", "delete"))
                at = rng.randrange(len(words))
                new = rng.choices(vocab, cum_weights=cum, k=1)[0]
                if op == "replace":
                    words[at] = new
                elif op == "insert":
                    words.insert(at, new)
                elif len(words) > 4:
                    del words[at]
            release.append(" ".join(words) + ".")
        else:
            release.append(" ".join(sentence()).capitalize() + ".")
    return memory, release


def best_of(repeat: int, run: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - t0)
    return best, result


def qa_rows(n: int) -> tuple[float, float]:
    """Seconds per segment: every check (with langdetect) + glossary, and the glossary check alone."""
    root = Path(__file__).resolve().parents[1]
    concepts = []
    for path in sorted((root / "glossary").glob("*.csv")):
        concepts += read_glossary_csv(path.read_bytes(), str(path))
    termbase = Termbase.of(concepts)
    matcher = Matcher(termbase)
    pairs = [
        ("Le 25 octobre, Ilmi Oumerov et Akhtem Tchigoz ont été libérés contre toute attente.",
         "On 25 October, Ilmi Umerov and Akhtem Chiygoz were unexpectedly released."),
        ("« En Crimée, il faut que les autorités de facto cessent de réprimer la dissidence. »",
         "“In Crimea, the de facto authorities must stop repressing dissent.”"),
        ("Plus de 1 200 personnes ont manifesté à Kiev de 9h30 à 12h30.",
         "More than 1,200 people demonstrated in Kyiv from 9:30 am to 12:30 pm."),
        ("Complément d’information", "Further information"),
    ]
    batch = [pairs[i % len(pairs)] for i in range(n)]
    checks = segment_checks(language_probabilities)

    def everything() -> None:
        for s, t in batch:
            run_checks(checks, s, t, "fr", "en")
            target_issues(s, t, "fr", "en", termbase, matcher)

    def glossary_only() -> None:
        for s, t in batch:
            target_issues(s, t, "fr", "en", termbase, matcher)

    all_time, _ = best_of(1, everything)
    gloss_time, _ = best_of(1, glossary_only)
    return all_time / n, gloss_time / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the result rows as JSON on the last line")
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--segments", type=int, default=300)
    parser.add_argument("--qa-segments", type=int, default=10_000)
    parser.add_argument("--min-score", type=float, default=DEFAULT_MIN_SCORE)
    args = parser.parse_args()

    memory, release = generate(args.units, args.segments)
    t0 = time.perf_counter()
    index = MemoryIndex.build(Unit(i, s, f"target {i}") for i, s in enumerate(memory))
    build = time.perf_counter() - t0
    keys = [fuzzy_key(s) for s in memory]

    def brute() -> list[float | None]:
        out: list[float | None] = []
        for seg in release:
            best = process.extractOne(fuzzy_key(seg), keys, scorer=fuzz.ratio, score_cutoff=args.min_score)
            out.append(None if best is None else float(best[1]))
        return out

    def indexed() -> list[float | None]:
        return [index.best_score(seg, args.min_score) for seg in release]

    brute_time, brute_scores = best_of(1, brute)
    ours_time, our_scores = best_of(3, indexed)
    same = sum(1 for a, b in zip(brute_scores, our_scores, strict=True) if a == b)
    recall = same / len(release)
    matched = sum(1 for a in brute_scores if a is not None)
    ours, base = ours_time / len(release), brute_time / len(release)
    qa_all, qa_glossary = qa_rows(args.qa_segments)

    rows = [
        {"name": "tm best match", "value": ours, "baseline": base, "baseline_name": "rapidfuzz extractOne",
         "unit": "s/query", "ratio": ours / base, "target": 0.01, "recall": recall},
        {"name": "qa checks (all, langdetect included)", "value": qa_all, "baseline": qa_glossary,
         "baseline_name": "glossary check alone", "unit": "s/segment", "ratio": qa_all / qa_glossary,
         "target": None, "segments": args.qa_segments},
    ]
    if args.json:
        print(json.dumps(rows))
        return
    print(f"{len(memory)} units (index built in {build:.1f} s), {len(release)} segments, "
          f"{matched} with a match ≥ {args.min_score:g} by brute force")
    print(f"{'measure':<34}{'ms/query':>12}")
    print(f"{'MemoryIndex.best_score':<34}{ours * 1000:>12.3f}")
    print(f"{'rapidfuzz extractOne (all units)':<34}{base * 1000:>12.3f}")
    ok = "ok" if ours / base <= 0.01 else "MISSED"
    print(f"ratio {ours / base:.4f} (target 0.01) {ok}; recall {recall:.4f} (target 1.0) "
          f"{'ok' if recall == 1.0 else 'MISSED'}")
    print(f"QA on {args.qa_segments} segments: {1 / qa_all:,.0f} segments/s with every check "
          f"({qa_all * 1000:.3f} ms each), glossary check alone {qa_glossary * 1000:.3f} ms")


if __name__ == "__main__":
    main()
