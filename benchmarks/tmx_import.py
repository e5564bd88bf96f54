"""TMX import speed and memory: a generated 100,000-unit TMX imported into a memory vs lxml's iterparse alone.

The file is written the way OmegaT and Trados write theirs: a ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``,
dates and ids on the target ``<tuv>``, a ``<prop>`` per unit, a ``<note>`` on every tenth, inline
codes (``<bpt>``/``<ept>``) in every twentieth, regional codes (``fr-FR`` -> ``en-GB``). Measured in
the same run on the same file:

- baseline: ``lxml.etree.iterparse(path, tag="tu")`` clearing each unit and its read siblings (the
  cheapest streaming parse; it extracts nothing); a second row compares with ``iterparse`` giving
  an event for every element, as a reader without a tag filter would;
- ``tmx read``: ``formats.tmx.TmxReader`` (safe prolog check, every pair with its metadata);
- ``tmx import``: ``services.memory.import_tmx`` into a fresh SQLite memory (read, de-duplication,
  inserts, commit). Target: at most 3x the baseline (issue 15). The pair is new to the memory, so
  repeats are told by the import's filter of seen keys; an import into a pair the memory holds
  looks every unit up in the store (docs/memory.md), which this does not measure.

Times are the process's CPU time (user + system, best of ``--repeat``): on a machine shared with
other work, wall time measures the neighbours too. SQLite runs in-process, so its work is counted.

Memory: each measure runs again in a child process that reports its peak resident size above its
size before the work (``VmHWM``, reset just before it); the import's growth is compared with loading the whole tree
(``etree.parse``) of the same file. Flat means the import's growth does not follow the file's size:
the row also gives the growth at a tenth of the units.

    .venv/bin/python benchmarks/tmx_import.py [--json] [--units N] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

from workbench.config import Settings
from workbench.formats.tmx import TmxReader
from workbench.services import memory, users
from workbench.services.app import App

TARGET = 3.0
WORDS = ("le tribunal la défense les avocats de Simferopol a prolongé détention provisoire militant "
         "Crimée Mejlis audience appel décision procès observateurs famille libération rapport").split()


def write_file(path: Path, units: int, seed: int = 7) -> None:
    """A TMX file of ``units`` units, distinct sources, in the shapes other tools write."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
                  '  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext" '
                  'creationtoolversion="6.0.0" segtype="sentence" srclang="FR-FR"/>\n  <body>\n')
        for i in range(units):
            words = " ".join(rng.choices(WORDS, k=rng.randint(6, 18)))
            source, target = f"{words} n° {i}.", f"{words.upper()} no. {i}."
            minute = f"{i // 60 % 60:02d}{i % 60:02d}"
            if i % 20 == 0:
                source = f'<bpt i="1">&lt;b&gt;</bpt>{source}<ept i="1">&lt;/b&gt;</ept>'
                target = f'<bpt i="1">&lt;b&gt;</bpt>{target}<ept i="1">&lt;/b&gt;</ept>'
            note = "      <note>checked against the French original</note>\n" if i % 10 == 0 else ""
            out.write(f'    <tu tuid="{i}">\n{note}      <prop type="file">release-{i % 300}.html</prop>\n'
                      f'      <tuv xml:lang="FR-FR"><seg>{source}</seg></tuv>\n'
                      f'      <tuv xml:lang="EN-GB" changeid="maria" changedate="20230314T09{minute}Z" '
                      f'creationid="jonas" creationdate="20230301T080000Z"><seg>{target}</seg></tuv>\n    </tu>\n')
        out.write("  </body>\n</tmx>\n")


def iterparse_only(path: Path) -> int:
    """The baseline: stream the units and drop them, extracting nothing."""
    n = 0
    for _, el in etree.iterparse(str(path), tag="tu"):
        n += 1
        el.clear()
        parent = el.getparent()
        while parent is not None and el.getprevious() is not None:
            del parent[0]
    return n


def iterparse_every_element(path: Path) -> int:
    """A second reference: iterparse's end events for every element (what a reader without a tag filter pays)."""
    n = 0
    for _, el in etree.iterparse(str(path)):
        if el.tag == "tu":
            n += 1
            el.clear()
            parent = el.getparent()
            while parent is not None and el.getprevious() is not None:
                del parent[0]
    return n


def read_only(path: Path) -> int:
    """Every pair with its metadata, through the product's reader."""
    with path.open("rb") as stream:
        return sum(1 for _ in TmxReader(stream, str(path)))


def import_into_fresh_memory(path: Path) -> int:
    """The product's import into a new SQLite database (migrated before the clock starts)."""
    with tempfile.TemporaryDirectory() as tmp:
        app = App.open(Settings(database_url=f"sqlite:///{Path(tmp) / 'bench.db'}"))
        app.db.migrate()
        users.add_user(app, "bench", "admin", "bench-secret")  # the importing admin
        started = time.process_time()
        added = int(memory.import_tmx(app, path, user="bench")["added"])
        _TIMES.append(time.process_time() - started)
        app.db.engine.dispose()
        return added


def whole_tree(path: Path) -> int:
    """Memory reference: the whole document as one lxml tree."""
    return len(etree.parse(str(path)).getroot().find("body"))


_TIMES: list[float] = []
MEASURES: dict[str, Callable[[Path], int]] = {"iterparse": iterparse_only, "read": read_only,
                                               "import": import_into_fresh_memory, "tree": whole_tree}


def best_of(repeat: int, run: Callable[[], int]) -> float:
    """The best CPU time of ``repeat`` runs (this process's; steadier than wall time on a shared machine)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def peak_kib() -> int:
    """This process's peak resident size so far (Linux VmHWM), KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def reset_peak() -> int:
    """Reset this process's peak resident size to its size now (Linux ``clear_refs``), and return it, KiB.

    Without it the peak of what ran before (migrations, the engine) hides a smaller growth of the
    measure itself: the import's growth once read as 63 MiB at every file size for that reason.
    """
    Path("/proc/self/clear_refs").write_text("5")
    return current_kib()


def current_kib() -> int:
    """This process's resident size now (VmRSS), KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def growth_mib(measure: str, path: Path) -> float:
    """Peak resident growth of one measure, run in a fresh process (MiB)."""
    out = subprocess.run([sys.executable, __file__, "--child", measure, "--file", str(path)],
                         check=True, capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def child(measure: str, path: Path) -> None:
    """Run one measure and print its peak resident growth in MiB."""
    if measure == "import":  # the database engine and migrations are not the import's memory
        with tempfile.TemporaryDirectory() as tmp:
            app = App.open(Settings(database_url=f"sqlite:///{Path(tmp) / 'bench.db'}"))
            app.db.migrate()
            users.add_user(app, "bench", "admin", "bench-secret")  # the importing admin
            before = reset_peak()
            memory.import_tmx(app, path, user="bench")
            print((peak_kib() - before) / 1024)
            return
    before = reset_peak()
    MEASURES[measure](path)
    print((peak_kib() - before) / 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the result rows as JSON on the last line")
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", choices=sorted(MEASURES), help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.file)
        return

    with tempfile.TemporaryDirectory() as tmp:
        path, small = Path(tmp) / "memory.tmx", Path(tmp) / "small.tmx"
        write_file(path, args.units)
        write_file(small, max(1, args.units // 10))
        assert iterparse_only(path) == args.units and read_only(path) == args.units
        base = best_of(args.repeat, lambda: iterparse_only(path))
        every = best_of(args.repeat, lambda: iterparse_every_element(path))
        read = best_of(args.repeat, lambda: read_only(path))
        _TIMES.clear()
        for _ in range(args.repeat):
            assert import_into_fresh_memory(path) == args.units
        imported = min(_TIMES)
        tree_mib = growth_mib("tree", path)
        import_mib, import_small_mib = growth_mib("import", path), growth_mib("import", small)
        iter_mib = growth_mib("iterparse", path)
        size_mib = path.stat().st_size / 2**20

    rows: list[dict[str, Any]] = [
        {"name": f"tmx import ({args.units:,} units, into SQLite)", "value": imported, "baseline": base,
         "baseline_name": "lxml iterparse alone", "unit": "s (CPU)", "ratio": imported / base, "target": TARGET},
        {"name": f"tmx import ({args.units:,} units, into SQLite)", "value": imported, "baseline": every,
         "baseline_name": "lxml iterparse alone, events for every element", "unit": "s (CPU)",
         "ratio": imported / every, "target": None},
        {"name": f"tmx read ({args.units:,} units, TmxReader)", "value": read, "baseline": base,
         "baseline_name": "lxml iterparse alone", "unit": "s (CPU)", "ratio": read / base, "target": None},
        {"name": "tmx import peak memory growth", "value": import_mib, "baseline": tree_mib,
         "baseline_name": "lxml tree of the whole file", "unit": "MiB", "ratio": import_mib / tree_mib,
         "target": None, "at_tenth_of_units": import_small_mib, "iterparse_alone": iter_mib,
         "file_mib": size_mib},
    ]
    if args.json:
        print(json.dumps(rows))
        return
    print(f"{args.units:,} units, {size_mib:.1f} MiB; best of {args.repeat}")
    print(f"{'measure':<40}{'value':>10}{'baseline':>10}{'ratio':>8}  target")
    for r in rows:
        verdict = "" if r["target"] is None else ("ok" if r["ratio"] <= r["target"] else "MISSED")
        target = "" if r["target"] is None else f"≤ {r['target']:g} {verdict}"
        print(f"{r['name']:<40}{r['value']:>10.3f}{r['baseline']:>10.3f}{r['ratio']:>8.2f}  {target}")
    print(f"peak growth: import {import_mib:.1f} MiB at {args.units:,} units, {import_small_mib:.1f} MiB at a tenth; "
          f"iterparse alone {iter_mib:.1f} MiB; whole tree {tree_mib:.1f} MiB")


if __name__ == "__main__":
    main()
