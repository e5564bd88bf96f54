"""Benchmark: server-side rerun time of the editor and review pages, 1,000-segment release vs 30-segment one.

The editor is paged (20 segments a page), so a rerun should cost about the same whatever the
release's size (issue 8: ratio <= 1.5). So should the review screen's: its queue is paged (20
items), its progress and sign-off button come from per-state counts, and its history list computes
no QA (same target). Both releases are generated in one temporary SQLite database from the
sentences of the shared French sample, numbered so that no two segments repeat, ingested through
``releases.ingest_release``; a translator's texts are saved for every third segment with
``review.edit`` and a reviewer approves some of them (so the page shows targets, QA issues and
memory matches). The editor screen runs in ``streamlit.testing.v1.AppTest`` exactly as
tests/ui/test_pages.py runs it; after warm-up runs, the median of ``at.run()`` reruns is taken per
release. Then the translator also writes every still-untranslated segment among the first two
queue pages' worth of each release, so that both review queues fill a page (the 30-segment one
would otherwise show 8 items against 20), and the review screen is timed the same way, for the
reviewer. Usage: ``python benchmarks/editor_scaling.py [--reruns N] [--json]``; with --json the
last line is the JSON list of docs/architecture.md (one row per screen).
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
from workbench.ui.pages.review import PAGE_SIZE as REVIEW_PAGE_SIZE

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


def build(url: str) -> dict[str, dict[str, Any]]:
    """A migrated database with both releases, a translator (tina) and a reviewer (rui); their user dicts."""
    app = App.open(Settings(database_url=url, glossary_dir=ROOT / "glossary"))
    try:
        setup.init_workbench(app)
        users.add_user(app, "ada", "admin", "ada-secret")  # the first user: every later action has an actor
        users.add_user(app, "tina", "translator", "tina-secret", LANG, by="ada")
        users.add_user(app, "rui", "reviewer", "rui-secret", LANG, by="ada")
        templates = sentences()
        for n, slug in ((SMALL, "small"), (BIG, "big")):
            report = releases.ingest_release(app, release_source(n, templates), name=f"{slug}.md", lang="fr",
                                             slug=slug, user="ada")
            if len(report.segments) != n:
                raise SystemExit(f"generated release {slug!r} has {len(report.segments)} segments, not {n}")
            keys = [s["id"] for s in report.segments]
            edited = keys[::3]
            for i, key in enumerate(edited):
                review.edit(app, slug, key, LANG, TARGETS[i % len(TARGETS)].format(n=i), "tina")
            review.approve(app, slug, edited[::5], LANG, "rui", override="benchmark data")
        return {name: signin.sign_in(app, name, f"{name}-secret") for name in ("tina", "rui")}
    finally:
        app.db.dispose()


def fill_queues(url: str) -> None:
    """tina writes every untranslated segment among the first two review pages' worth of each release."""
    app = App.open(Settings(database_url=url, glossary_dir=ROOT / "glossary"))
    try:
        for slug in ("small", "big"):
            rows = releases.list_segments_page(app, slug, LANG, 0, 2 * REVIEW_PAGE_SIZE)["segments"]
            todo = [seg["id"] for seg in rows if seg["state"] == "new"]
            for i, key in enumerate(todo):
                review.edit(app, slug, key, LANG, TARGETS[i % len(TARGETS)].format(n=1000 + i), "tina")
    finally:
        app.db.dispose()


def time_reruns(screen: str, slug: str, user: dict[str, Any], reruns: int, warmup: int) -> tuple[float, int]:
    """Median seconds of one rerun of ``screen`` (editor or review) for ``slug``, and the items shown
    (the editor's segment boxes, the review queue's items)."""
    at = AppTest.from_string(f"from workbench.ui.pages import {screen}\n{screen}.render()\n", default_timeout=300)
    at.session_state["user"] = user
    at.session_state["current_release"] = slug
    at.session_state[f"{screen}_lang"] = LANG
    for _ in range(warmup):
        at.run()
    if at.exception:
        raise SystemExit(f"the {screen} failed on {slug!r}: {at.exception[0].message}")
    times = []
    for _ in range(reruns):
        gc.collect()
        started = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - started)
    if screen == "editor":
        return statistics.median(times), len(at.text_area)
    return statistics.median(times), sum(1 for b in at.button if b.key and b.key.startswith("approve_"))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table, or the JSON rows of docs/architecture.md with --json."""
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
        users = build(url)
        measured: dict[str, tuple[float, int, float, int]] = {}
        small, small_items = time_reruns("editor", "small", users["tina"], args.reruns, args.warmup)
        big, big_items = time_reruns("editor", "big", users["tina"], args.reruns, args.warmup)
        measured["editor"] = (small, small_items, big, big_items)
        fill_queues(url)
        small, small_items = time_reruns("review", "small", users["rui"], args.reruns, args.warmup)
        big, big_items = time_reruns("review", "big", users["rui"], args.reruns, args.warmup)
        measured["review"] = (small, small_items, big, big_items)
    rows = [
        {
            "name": f"{screen} page rerun, {BIG}-segment release",
            "value": round(big, 4),
            "baseline": round(small, 4),
            "baseline_name": f"{SMALL}-segment release",
            "unit": "s",
            "ratio": round(big / small, 3),
            "target": TARGET,
        }
        for screen, (small, _, big, _) in measured.items()
    ]
    shown = {"editor": "segment boxes on the page", "review": "queue items on the page"}
    items = "; ".join(f"{shown[screen]}: {m[1]} ({SMALL}-segment), {m[3]} ({BIG}-segment)"
                      for screen, m in measured.items())
    if args.json:
        print(items, file=sys.stderr)
        print(json.dumps(rows))
        return 0
    print(f"{'measure':<42} {'s/rerun':>9} {'baseline s':>11} {'ratio':>7}")
    for row in rows:
        print(f"{row['name']:<42} {row['value']:>9.3f} {row['baseline']:>11.3f} {row['ratio']:>7.2f}")
    print(f"baseline: {rows[0]['baseline_name']}; {items}; "
          f"median of {args.reruns} reruns after {args.warmup} warm-up runs")
    print(f"target: ratio <= {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
