"""Catalog export at scale: our .po writer and linear .mo compiler against GNU msgfmt, same catalog, same run.

Usage:
    .venv/bin/python benchmarks/export_catalog.py [--json] [--entries N] [--repeat N]

Rows (docs/architecture.md): ".mo compile" (write_mo from the entries, what `workbench export` does) against
`msgfmt` compiling the same catalog's .po (target ratio <= 1.0, issue 7); ".po write" (polib,
through write_po) and ".po read + .mo compile" (our strict reader then write_mo: the same job
msgfmt does, file to file) against the same msgfmt time, reported without a target.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.formats.mo import compile_mo
from workbench.formats.po import PoEntry, PoHeader, read_po, write_po

WORDS = ("les dirigeants tatars de Crimée doivent pouvoir rentrer chez eux librement et s’exprimer "
         "sans craindre de poursuites la communauté le Mejlis a été interdit pour « extrémisme » "
         "Amnesty International demande leur libération immédiate et sans condition").split()


def generate(n: int, seed: int = 7) -> list[PoEntry]:
    """``n`` distinct French sentences with Spanish-looking targets, a reference and a provenance note each."""
    rng = random.Random(seed)
    entries = []
    for i in range(n):
        source = " ".join(rng.choices(WORDS, k=rng.randint(6, 30))) + f" ({i})."
        entries.append(PoEntry(
            msgid=source, msgstr=source.upper(), references=(f"bench:{i + 1}",),
            extracted=(f"segment {i:010x} (paragraph, block {i // 3 + 1}), version 2",),
            comments=("state: approved", "translator: ana", "reviewer: rv, approved 2017-10-27T14:30:00+00:00"),
        ))
    return entries


def best_of(repeat: int, run: Callable[[], Any]) -> float:
    """The fastest of ``repeat`` wall-clock runs (the least disturbed by the machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the result rows as JSON on the last line")
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("msgfmt") is None:
        sys.exit("msgfmt (GNU gettext) is not installed: apt-get install gettext")

    when = datetime(2017, 10, 27, 14, 30, tzinfo=UTC)
    header = PoHeader(project="bench", lang="es", revision_date=when, creation_date=when, last_translator="ana",
                      language_team="Spanish", generator="Workbench benchmark")
    entries = generate(args.entries)
    with tempfile.TemporaryDirectory() as tmp:
        po_path, mo_path = Path(tmp) / "bench.po", Path(tmp) / "bench.mo"
        po_data: list[bytes] = []
        write_time = best_of(args.repeat, lambda: po_data.append(write_po(header, entries)))
        po_path.write_bytes(po_data[-1])
        mo_time = best_of(args.repeat, lambda: mo_path.write_bytes(compile_mo(header, entries)))
        ours_size = mo_path.stat().st_size
        po_bytes = po_path.read_bytes()
        both_time = best_of(args.repeat, lambda: mo_path.write_bytes(
            compile_mo(header, read_po(po_bytes, str(po_path)).entries)))
        msgfmt_time = best_of(args.repeat, lambda: subprocess.run(
            ["msgfmt", "-o", str(mo_path), str(po_path)], check=True))
        msgfmt_size = mo_path.stat().st_size

    def row(name: str, value: float, target: float | None) -> dict[str, Any]:
        return {"name": name, "value": value, "baseline": msgfmt_time, "baseline_name": "msgfmt", "unit": "s",
                "ratio": value / msgfmt_time, "target": target}

    rows = [row(".mo compile", mo_time, 1.0), row(".po write", write_time, None),
            row(".po read + .mo compile", both_time, None)]
    if args.json:
        print(json.dumps(rows))
        return
    print(f"{args.entries:,} entries, .po {len(po_bytes) / 1e6:.1f} MB; .mo ours {ours_size / 1e6:.1f} MB "
          f"(no hash table), msgfmt {msgfmt_size / 1e6:.1f} MB; best of {args.repeat}")
    print(f"{'measure':<26}{'seconds':>10}{'x msgfmt':>10}  target")
    print(f"{'msgfmt (po -> mo)':<26}{msgfmt_time:>10.3f}{1:>10.2f}")
    for r in rows:
        target = "" if r["target"] is None else f"<= {r['target']} " + ("ok" if r["ratio"] <= r["target"] else "MISSED")
        print(f"{r['name']:<26}{r['value']:>10.3f}{r['ratio']:>10.2f}  {target}")


if __name__ == "__main__":
    main()
