"""Benchmark: server-side rerun time of the editor page for a 1,000-segment release vs a 30-segment one.

The editor is paged (20 segments a page), so a rerun should cost about the same whatever the
release's size (issue 8: ratio <= 1.5). Both releases are generated in one temporary SQLite
database from the sentences of the shared French sample, numbered so that no two segments repeat,
ingested through ``releases.ingest_release``; a translator's texts are saved for every third
segment with ``review.edit`` and a reviewer approves some of them (so the page shows targets, QA
issues and memory matches). The editor screen runs in ``streamlit.testing.v1.AppTest`` exactly as
tests/ui/test_pages.py runs it; after warm-up runs, the median of ``at.run()`` reruns is taken per
release. Usage: ``python benchmarks/editor_scaling.py [--reruns N] [--json]``; with --json the
last line is the JSON list of DESIGN §7.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from streamlit.runtime.scriptrunner_utils import script_run_context
from streamlit.testing.v1 import AppTest

from workbench.config import Settings
from workbench.domain.segmentation import segment_document
from workbench.services import releases, review, setup, signin, users
from workbench.services.app import App

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "samples" / "release-fr-crimean-tatar-leaders.txt"
TARGET = 1.5
BIG, SMALL = 1000, 30
LANG = "es"
# Spanish texts the translator "writes" (varied, with the sample's names in their Spanish form).
TARGETS = (
    "Los dirigentes tártaros de Crimea Ilmi Umerov y Akhtem Chiygoz llegaron a Kyiv (punto {n}).",
    "Deben poder volver a Crimea y expresar libremente sus opiniones (punto {n}).",
    "El Mejlis es el órgano representativo de la comunidad tártara de Crimea (punto {n}).",
    "Fueron liberados el 25 de octubre y enviados en un vuelo a Turquía (punto {n}).",
)


def sentences() -> list[str]:
    """The sample's sentences after ingestion (chrome dropped), guillemets removed so none spans paragraphs."""
    with tempfile.TemporaryDirectory() as tmp:
        app = App.open(Settings(database_url=f"sqlite:///{Path(tmp) / 'probe.db'}", glossary_dir=ROOT / "glossary"))
        try:
            doc, _, _ = releases.prepare(app, SAMPLE.read_bytes(), name=SAMPLE.name, lang="fr")
        finally:
            app.db.dispose()
    out = []
    for seg in segment_document(doc.blocks, "fr"):
        text = seg.source.replace("«", "").replace("»", "").strip()
        if seg.kind == "paragraph" and text.endswith("."):
            out.append(text)
    return out


def release_source(n: int, templates: list[str]) -> bytes:
    """A Markdown release of ``n`` segments: a title, then one numbered sentence per paragraph."""
    lines = [f"# Communiqué de presse de {n} segments", ""]
    for i in range(1, n):
        base = templates[i % len(templates)]
        lines += [f"{base[:-1]}, selon le paragraphe {i} de ce communiqué.", ""]
    return "\n".join(lines).encode()


def build(url: str) -> dict[str, Any]:
    """A migrated database with both releases, a translator (tina) and a reviewer (rui); tina's user dict."""
    app = App.open(Settings(database_url=url, glossary_dir=ROOT / "glossary"))
    try:
        setup.init_workbench(app)
        users.add_user(app, "tina", "translator", "tina-secret", LANG)
        users.add_user(app, "rui", "reviewer", "rui-secret", LANG)
        templates = sentences()
        for n, slug in ((SMALL, "small"), (BIG, "big")):
            report = releases.ingest_release(app, release_source(n, templates), name=f"{slug}.md", lang="fr",
                                             slug=slug)
            if len(report.segments) != n:
                raise SystemExit(f"generated release {slug!r} has {len(report.segments)} segments, not {n}")
            keys = [s["id"] for s in report.segments]
            edited = keys[::3]
            for i, key in enumerate(edited):
                review.edit(app, slug, key, LANG, TARGETS[i % len(TARGETS)].format(n=i), "tina")
            review.approve(app, slug, edited[::5], LANG, "rui", override="benchmark data")
        return signin.sign_in(app, "tina", "tina-secret")
    finally:
        app.db.dispose()


def time_reruns(slug: str, user: dict[str, Any], reruns: int, warmup: int) -> tuple[float, int]:
    """Median seconds of one editor rerun for ``slug``, and the number of segment boxes shown."""
    at = AppTest.from_string("from workbench.ui.pages import editor\neditor.render()\n", default_timeout=300)
    at.session_state["user"] = user
    at.session_state["current_release"] = slug
    at.session_state["editor_lang"] = LANG
    for _ in range(warmup):
        at.run()
    if at.exception:
        raise SystemExit(f"the editor failed on {slug!r}: {at.exception[0].message}")
    times = []
    for _ in range(reruns):
        gc.collect()
        started = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(at.text_area)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table, or the JSON rows of DESIGN §7 with --json."""
    # Building the data and AppTest's set-up run outside a script run: the "missing ScriptRunContext"
    # warnings would bury the table. A filter, because Streamlit resets its loggers' levels.
    logging.getLogger(script_run_context.__name__).addFilter(lambda record: "ScriptRunContext" not in record.msg)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=7, help="timed reruns per release (default 7)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs first (default 2)")
    parser.add_argument("--json", action="store_true", help="print the JSON rows as the last line")
    args = parser.parse_args(argv)
    if not SAMPLE.exists():
        print(f"the shared sample is not at {SAMPLE}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        # The UI opens its App from the environment (workbench.ui.resources.app).
        os.environ["WORKBENCH_DATABASE_URL"] = url
        os.environ["WORKBENCH_GLOSSARY_DIR"] = str(ROOT / "glossary")
        os.environ["WORKBENCH_LOCALES_DIR"] = str(Path(tmp) / "locales")
        user = build(url)
        small, small_boxes = time_reruns("small", user, args.reruns, args.warmup)
        big, big_boxes = time_reruns("big", user, args.reruns, args.warmup)
    row = {
        "name": f"editor page rerun, {BIG}-segment release",
        "value": round(big, 4),
        "baseline": round(small, 4),
        "baseline_name": f"{SMALL}-segment release",
        "unit": "s",
        "ratio": round(big / small, 3),
        "target": TARGET,
    }
    if args.json:
        print(f"segment boxes on the page: {small_boxes} ({SMALL}-segment), {big_boxes} ({BIG}-segment)",
              file=sys.stderr)
        print(json.dumps([row]))
        return 0
    print(f"{'measure':<42} {'s/rerun':>9} {'baseline s':>11} {'ratio':>7}")
    print(f"{row['name']:<42} {row['value']:>9.3f} {row['baseline']:>11.3f} {row['ratio']:>7.2f}")
    print(f"baseline: {row['baseline_name']}; boxes on the page: {small_boxes} vs {big_boxes}; "
          f"median of {args.reruns} reruns after {args.warmup} warm-up runs")
    print(f"target: ratio <= {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
