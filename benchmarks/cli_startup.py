"""Benchmark: whole-process wall time of `workbench` commands vs the bare interpreter of the same venv.

Each command runs as its own process, the way a script or a test calls it: ``workbench --version``,
``workbench --help`` and ``workbench segments SLUG --json`` on a 30-segment release in a temporary
SQLite database. The baseline, in the same run, is ``python -c pass`` with the same interpreter.
The commands are interleaved round by round (so that a busy moment of the machine falls on all of
them alike), one warm-up round is not counted, and the value is the median over the rounds. The
children run without PYTHONDONTWRITEBYTECODE, so that the warm-up writes the project's .pyc files as
any first run on a user's machine does (an editable install has none until then).
Usage: ``python benchmarks/cli_startup.py [--rounds N] [--json]``; with --json the last line is the
JSON list of docs/architecture.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"--version": 4.0, "--help": 4.0, "segments": 15.0}
SEGMENTS = 30
SLUG = "bench-startup"
PEOPLE = ["Ilmi Oumerov", "Akhtem Tchigoz", "Oleg Orlov", "Nariman Djelalov", "Zeïnep Ablaïeva"]
PLACES = ["Kiev", "Simferopol", "Moscou", "Bakhtchissaraï", "Genève"]


def workbench_command() -> list[str]:
    """The venv's `workbench` script beside this interpreter (the installed entry point), else ``-m``."""
    script = Path(sys.executable).with_name("workbench")
    return [str(script)] if script.exists() else [sys.executable, "-m", "workbench"]


def release_markdown() -> str:
    """A release of exactly ``SEGMENTS`` segments: a title and one sentence a paragraph."""
    lines = ["# Crimée : les dirigeants tatars doivent pouvoir rentrer chez eux", ""]
    for i in range(1, SEGMENTS):
        person, place = PEOPLE[i % len(PEOPLE)], PLACES[i % len(PLACES)]
        lines += [f"Le {i} mars, {person} a rencontré à {place} {i + 2} journalistes venus l’entendre.", ""]
    return "\n".join(lines)


def prepare(workdir: Path) -> dict[str, str]:
    """An initialised SQLite database in ``workdir`` holding the benchmark release; returns its environment."""
    env = dict(os.environ, WORKBENCH_DATABASE_URL=f"sqlite:///{workdir / 'bench.db'}",
               WORKBENCH_GLOSSARY_DIR=str(ROOT / "glossary"))
    env.pop("WORKBENCH_DEBUG", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    source = workdir / "release.md"
    source.write_text(release_markdown(), encoding="utf-8")
    wb = workbench_command()
    subprocess.run([*wb, "init"], env=env, cwd=workdir, check=True, capture_output=True)
    out = subprocess.run([*wb, "ingest", str(source), "--lang", "fr", "--slug", SLUG, "--json"],
                         env=env, cwd=workdir, check=True, capture_output=True, text=True).stdout
    count = len(json.loads(out)["segments"])
    if count != SEGMENTS:
        raise SystemExit(f"the benchmark release has {count} segments, not {SEGMENTS}: fix release_markdown()")
    return env


def wall_time(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    """Seconds from start to exit of one process (its output is read and dropped)."""
    started = time.perf_counter()
    proc = subprocess.run(argv, env=env, cwd=cwd, capture_output=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
    return elapsed


def measure(rounds: int) -> list[dict[str, object]]:
    """The JSON rows of docs/architecture.md: one per command, each against the bare interpreter."""
    wb = workbench_command()
    commands = {
        "bare": [sys.executable, "-c", "pass"],
        "--version": [*wb, "--version"],
        "--help": [*wb, "--help"],
        "segments": [*wb, "segments", SLUG, "--json"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory(prefix="wb-startup-") as tmp:
        workdir = Path(tmp)
        env = prepare(workdir)
        for round_no in range(rounds + 1):
            for name, argv in commands.items():
                elapsed = wall_time(argv, env, workdir)  # the baseline gets the same environment
                if round_no:  # round 0 warms the disk cache and writes any missing .pyc
                    times[name].append(elapsed)
    baseline = statistics.median(times["bare"])
    rows: list[dict[str, object]] = []
    for name, target in TARGETS.items():
        value = statistics.median(times[name])
        label = f"workbench segments SLUG --json ({SEGMENTS} segments)" if name == "segments" else f"workbench {name}"
        rows.append({
            "name": f"{label}, whole process, median of {rounds}",
            "value": round(value * 1000, 1),
            "baseline": round(baseline * 1000, 1),
            "baseline_name": "bare interpreter (python -c pass, same venv)",
            "unit": "ms",
            "ratio": round(value / baseline, 2),
            "target": target,
        })
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table, or the JSON rows of docs/architecture.md with --json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="timed runs of each command (default 15, at least 10)")
    parser.add_argument("--json", action="store_true", help="print the JSON rows as the last line")
    args = parser.parse_args(argv)
    if args.rounds < 10:
        parser.error("--rounds must be at least 10 (the issue's median is over at least 10 runs)")
    rows = measure(args.rounds)
    if args.json:
        print(json.dumps(rows))
        return 0
    print(f"{'command (whole process, median)':<58} {'ms':>8} {'bare ms':>8} {'ratio':>6} {'target':>6}")
    for row in rows:
        name = str(row["name"]).split(", whole process")[0]
        print(f"{name:<58} {row['value']:>8.1f} {row['baseline']:>8.1f} {row['ratio']:>6.2f} {row['target']:>6.1f}")
    print(f"baseline: {rows[0]['baseline_name']}; {args.rounds} timed rounds after one warm-up")
    return 0


if __name__ == "__main__":
    sys.exit(main())
