"""Benchmark: read_document + segment_document on generated releases vs raw pysbd on their paragraphs.

The corpus is built from the shared sample release: its paragraphs with sentences shuffled and
recombined, numbers and names changed, French traps (MM., art. 20.3.3, 1 200) mixed in, all wrapped
in the sample's own page chrome (banner, contact boxes, teasers). The baseline is plain
``pysbd.Segmenter(language="fr", clean=False).segment`` over the same body paragraphs, in the same
run. Usage: ``python benchmarks/ingest.py [--releases N] [--json]``; with --json the last line is
the JSON list of docs/architecture.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pysbd

from workbench.domain.segmentation import segment_document, split_sentences
from workbench.ingest import read_document

SAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "samples" / "release-fr-crimean-tatar-leaders.txt"
TARGET = 2.0
NAMES = ["Oumerov", "Tchigoz", "Pokaltchouk", "Navalny", "Orlov", "Loguinova", "Krivosheev", "Velch", "Bialiatski"]
FIRST_NAMES = ["Ilmi", "Akhtem", "Oxana", "Alexeï", "Oleg", "Diana", "Denis", "Veronika", "Ales"]
TRAPS = [
    "MM. {a} et {b} ont été condamnés en vertu de l’art. 20.3.3 du Code administratif.",
    "Près de 1 {n} personnes ont signé l’appel, selon M. {a} et Mme {b}.",
    "Il a déclaré : « Nous ne céderons pas. Jamais. » Puis il a quitté la salle.",
    "L’amende s’élève à 1\u00a0{n} roubles, soit plus que le salaire annuel de Mme {a}.",
]


@dataclass(frozen=True)
class Release:
    """One generated source and the body paragraphs it was built from (the baseline's input)."""

    source: bytes
    paragraphs: list[str]


def build_corpus(count: int, seed: int = 7) -> list[Release]:
    """Generate ``count`` releases from the sample's paragraphs, wrapped in the sample's chrome."""
    raw = SAMPLE.read_text(encoding="utf-8")
    document = read_document(raw.encode("utf-8"), name=SAMPLE.name)
    title, body = document.blocks[0].text, document.blocks[1:]
    prefix = raw[: raw.index(title)]
    suffix = raw[raw.index(body[-1].text) + len(body[-1].text) :]
    pool = [s for b in body if b.kind == "paragraph" for s in split_sentences(b.text, "fr")]
    rng = random.Random(seed)
    releases = []
    for _ in range(count):
        blocks: list[str] = []
        paragraphs: list[str] = []
        for block in body:
            if block.kind != "paragraph":
                blocks.append(block.text)
                continue
            sentences = split_sentences(block.text, "fr")
            rng.shuffle(sentences)
            if rng.random() < 0.5:
                sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(pool))
            if rng.random() < 0.3:
                sentences.append(rng.choice(TRAPS))
            paragraph = _vary(" ".join(sentences), rng)
            blocks.append(paragraph)
            paragraphs.append(paragraph)
        text = prefix + _vary(title, rng) + "\n\n" + "\n\n".join(blocks) + suffix
        releases.append(Release(text.encode("utf-8"), paragraphs))
    return releases


def _vary(text: str, rng: random.Random) -> str:
    # New names and numbers each time, so nothing is memoised across releases.
    text = re.sub("|".join(NAMES), lambda _: rng.choice(NAMES), text)
    text = re.sub("|".join(FIRST_NAMES), lambda _: rng.choice(FIRST_NAMES), text)
    text = re.sub(r"\{[ab]\}", lambda _: rng.choice(NAMES), text)
    text = text.replace("{n}", f"{rng.randrange(100, 999)}")
    return re.sub(r"\b(\d{2})\b", lambda _: str(rng.randrange(10, 99)), text)


def time_pipeline(corpus: list[Release]) -> tuple[float, int]:
    """Seconds for read_document + segment_document over the corpus, and the segment count."""
    segments = 0
    started = time.perf_counter()
    for index, release in enumerate(corpus):
        document = read_document(release.source, name=f"release-{index}.txt")
        segments += len(segment_document(document.blocks, "fr"))
    return time.perf_counter() - started, segments


def time_raw_pysbd(corpus: list[Release]) -> tuple[float, int]:
    """Seconds for plain pysbd over the same body paragraphs, and the sentence count."""
    segmenter = pysbd.Segmenter(language="fr", clean=False)
    sentences = 0
    started = time.perf_counter()
    for release in corpus:
        for paragraph in release.paragraphs:
            sentences += len(segmenter.segment(paragraph))
    return time.perf_counter() - started, sentences


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table, or the JSON rows of docs/architecture.md with --json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=1000, help="number of generated releases (default 1000)")
    parser.add_argument("--json", action="store_true", help="print the JSON rows as the last line")
    args = parser.parse_args(argv)
    if not SAMPLE.exists():
        print(f"the sample release is missing: {SAMPLE}", file=sys.stderr)
        return 2
    corpus = build_corpus(args.releases)
    # Warm both sides (pysbd compiles its rules, langdetect is not involved) on a few releases.
    time_pipeline(corpus[:5])
    time_raw_pysbd(corpus[:5])
    gc.collect()
    value, segments = time_pipeline(corpus)
    gc.collect()
    baseline, sentences = time_raw_pysbd(corpus)
    row = {
        "name": f"read_document + segment_document, {len(corpus)} releases",
        "value": round(value, 4),
        "baseline": round(baseline, 4),
        "baseline_name": "raw segmenter",
        "unit": "s",
        "ratio": round(value / baseline, 3),
        "target": TARGET,
    }
    if args.json:
        print(json.dumps([row]))
        return 0
    print(f"{'measure':<52} {'seconds':>9} {'items':>8}")
    print(f"{row['name']:<52} {value:>9.3f} {segments:>8} segments")
    print(f"{'baseline: raw pysbd on the same paragraphs':<52} {baseline:>9.3f} {sentences:>8} sentences")
    print(f"ratio {row['ratio']} (target <= {TARGET})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
