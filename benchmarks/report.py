"""The benchmarks' report: the JSON rows of docs/architecture.md (``--json``: the last line) or a table, and a note.

A row is ``{"name", "value", "baseline", "baseline_name", "unit", "ratio", "target"}`` (plus any
extra keys a benchmark documents, as ``target_value``); the note (the load average, how the figure
was taken) goes to stderr with ``--json``, under the table otherwise. Shared by ui_cost.py and ui_load.py.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def row(name: str, value: float, baseline: float, baseline_name: str, unit: str, target: float | None,
        digits: int = 4, **extra: Any) -> dict[str, Any]:
    """One measured figure against its baseline measured in the same run."""
    return {"name": name, "value": round(value, digits), "baseline": round(baseline, digits),
            "baseline_name": baseline_name, "unit": unit, "ratio": round(value / baseline, 3), "target": target,
            **extra}


def load_average() -> str:
    """The machine's load average and cores, as the notes print them."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def emit(rows: list[dict[str, Any]], note: str, as_json: bool) -> int:
    """Print the rows as JSON (the last line; the note on stderr) or as a table with the note; exit status 0."""
    if as_json:
        print(note, file=sys.stderr)
        print(json.dumps(rows))
        return 0
    width = max(len(r["name"]) for r in rows)
    print(f"{'measure':<{width}} {'value':>9} {'baseline':>9} {'ratio':>7} {'target':>7}")
    for r in rows:
        target = "" if r["target"] is None else f"{r['target']:.1f}"
        print(f"{r['name']:<{width}} {r['value']:>9} {r['baseline']:>9} {r['ratio']:>7.2f} {target:>7}")
    print(note)
    return 0
