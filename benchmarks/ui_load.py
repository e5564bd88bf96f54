"""Benchmark: 20 people sign in and open the editor at once, against a real `workbench serve` (issue 20).

Each session is a real browser session: one Debian Chromium (Playwright, no browser download)
with one context per person, all started together on loopback. A session opens the server's
page, signs in with its own account (argon2, as every sign-in) and opens the Editor, which shows
a 20-segment page of Apertium drafts with glossary terms, memory matches and QA issues (the data
of benchmarks/ui_cost.py). Reported: the median and 95th percentile of the sign-in and editor
times, and the server process's CPU-seconds per session (utime + stime from /proc: `workbench
serve` becomes the Streamlit process, threads included), measured after one warm-up session so
that the first imports are not counted. The baseline, same run and same load: a bare Streamlit
server (`streamlit run` of ui_cost.py's bare page: the same 20 text areas, no services) opened
by 20 sessions at once. The machine's load average is printed too: the browsers share its cores.

``--replicas N`` runs N `workbench serve` processes on one PostgreSQL database (127.0.0.1:5432,
or WORKBENCH_TEST_PG_URL's server) and sends session i to replica i mod N, as a sticky proxy does
(docs/operations.md); the CPU is the sum over the replicas. Usage:
``python benchmarks/ui_load.py [--sessions 20] [--replicas N] [--postgres] [--json]`` (``--postgres``: one
server on PostgreSQL, the comparison for ``--replicas 2``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the test suite's server helpers: one way to start a server

import report  # noqa: E402
from servers import CHROMIUM, LAUNCH_ARGS, answer, free_port, serving  # noqa: E402
from ui_cost import ADMIN, BARE_PAGE, LANG, build  # noqa: E402

from workbench.config import Settings  # noqa: E402
from workbench.services import releases, users  # noqa: E402
from workbench.services.app import App  # noqa: E402
from workbench.services.serve import STREAMLIT_FLAGS  # noqa: E402

TARGET_CPU_PER_SESSION = 0.5  # CPU-seconds of the server per session (the target)
#: ms a step may take: 20 sessions at once on a busy 2-core machine, with their browsers beside the
#: server, wait far longer than one (Playwright's own 30 s default gave up before the first form).
LOAD_WAIT = 300_000
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` (every thread) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def children_serving(ports: list[str]) -> list[int]:
    """The pids of this process's children that serve on ``ports`` (`workbench serve` execs Streamlit)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if ppid == os.getpid() and any(f"--server.port={p}".encode() in argv for p in ports):
            found.append(int(entry.name))
    if len(found) != len(ports):
        raise SystemExit(f"found {len(found)} server processes for ports {ports}")
    return found


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database on the test suite's server, dropped afterwards."""
    import psycopg
    from conftest import PG_ADMIN_URL
    from sqlalchemy.engine import make_url

    admin = make_url(PG_ADMIN_URL)
    name = f"wb_bench_{uuid.uuid4().hex[:12]}"
    params = {"host": admin.host, "port": admin.port or 5432, "user": admin.username, "password": admin.password}
    with psycopg.connect(dbname=admin.database, autocommit=True, **params) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name, drivername="postgresql+psycopg").render_as_string(hide_password=False)
    finally:
        with psycopg.connect(dbname=admin.database, autocommit=True, **params) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def bare_server(tmp: Path, texts: list[str]) -> Iterator[str]:
    """`streamlit run` of the bare page (same flags as `workbench serve`); yields its URL once healthy."""

    script = tmp / "bare.py"
    script.write_text(BARE_PAGE)
    port = free_port()
    env = dict(os.environ, UI_COST_TEXTS=json.dumps(texts))
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script), f"--server.port={port}",
                             *STREAMLIT_FLAGS], env=env, cwd=tmp, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        answer(f"{url}/_stcore/health", proc, time.monotonic() + 60)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


async def open_bare(browser: Any, url: str) -> dict[str, float]:
    """One session on the bare page: the seconds until its 20 boxes are shown and the run is over."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(LOAD_WAIT)
    try:
        page = await context.new_page()
        started = time.monotonic()
        await page.goto(url, timeout=LOAD_WAIT)
        await page.locator(".st-key-target_19 textarea").wait_for(timeout=LOAD_WAIT)
        await page.locator(IDLE).wait_for(timeout=LOAD_WAIT)
        return {"open": time.monotonic() - started}
    finally:
        await context.close()


async def sign_in_and_edit(browser: Any, url: str, name: str, box: str) -> dict[str, float]:
    """One person: sign in (seconds until the sidebar says so), then open the editor (until its last box shows)."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(LOAD_WAIT)
    try:
        page = await context.new_page()
        await page.goto(url, timeout=LOAD_WAIT)
        await page.get_by_role("textbox", name="User name").fill(name)
        await page.get_by_role("textbox", name="Password").fill(f"{name}-secret")
        started = time.monotonic()
        await page.get_by_role("button", name="Sign in").click()
        await page.get_by_text(f"Signed in as {name}").wait_for(timeout=LOAD_WAIT)
        await page.locator(IDLE).wait_for(timeout=LOAD_WAIT)
        signed_in = time.monotonic()
        await page.get_by_role("link", name="Editor").click()
        await page.locator(f".st-key-{box} textarea").wait_for(timeout=LOAD_WAIT)
        await page.locator(IDLE).wait_for(timeout=LOAD_WAIT)
        # Every box drawn (the browser may still be drawing the run's last elements when it says idle).
        from playwright.async_api import expect

        await expect(page.locator('[data-testid="stTextArea"]')).to_have_count(20, timeout=LOAD_WAIT)
        return {"sign_in": signed_in - started, "editor": time.monotonic() - signed_in}
    finally:
        await context.close()


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


async def crowd(urls: list[str], pids: list[int], sessions: int, job: Any) -> tuple[list[dict[str, float]], float]:
    """One warm-up session per server, then ``sessions`` at once; (their times, server CPU-s per session)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            for i, url in enumerate(urls):
                await job(browser, url, i)
            before = sum(cpu_seconds(pid) for pid in pids)
            times = await asyncio.gather(*(job(browser, urls[i % len(urls)], i) for i in range(sessions)))
            used = sum(cpu_seconds(pid) for pid in pids) - before
        finally:
            await browser.close()
    return list(times), used / sessions


def main(argv: list[str] | None = None) -> int:
    """Run both crowds and print a table, or the JSON rows of docs/architecture.md with --json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (default 20)")
    parser.add_argument("--replicas", type=int, default=1, help="`workbench serve` processes (>1: on PostgreSQL)")
    parser.add_argument("--postgres", action="store_true", help="one server on PostgreSQL too (to compare with N)")
    parser.add_argument("--json", action="store_true", help="print the JSON rows as the last line")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"Debian's chromium is not at {CHROMIUM}", file=sys.stderr)
        return 1
    load_before = report.load_average()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        # One server: SQLite (as the issue measured); several need PostgreSQL (docs/operations.md).
        on_postgres = args.replicas > 1 or args.postgres
        database = postgres_database() if on_postgres else nullcontext(f"sqlite:///{tmp / 'load.db'}")
        with database as url:
            build(url)
            app = App.open(Settings(database_url=url, glossary_dir=ROOT / "glossary"))
            try:
                names = [f"person{i:02d}" for i in range(max(args.sessions, args.replicas))]
                for name in names:
                    users.add_user(app, name, "translator", f"{name}-secret", LANG, by=ADMIN)
                # The editor opens the first release listed, at its first page.
                shown = releases.list_releases(app)[0]["slug"]
                first = releases.list_segments_page(app, shown, LANG, 0, 20)["segments"]
            finally:
                app.db.dispose()
            last_box = f"target_{first[-1]['id']}"

            async def editor_job(browser: Any, server: str, i: int) -> dict[str, float]:
                return await sign_in_and_edit(browser, server, names[i], last_box)

            with serving(url, tmp, count=args.replicas) as urls:
                pids = children_serving([u.rsplit(":", 1)[1] for u in urls])
                times, per_session = asyncio.run(crowd(urls, pids, args.sessions, editor_job))
            texts = [row["target"] or "" for row in first]

        async def bare_job(browser: Any, server: str, i: int) -> dict[str, float]:
            return await open_bare(browser, server)

        with bare_server(tmp, texts) as bare_url:
            bare_pid = children_serving([bare_url.rsplit(":", 1)[1]])
            bare_times, bare_per_session = asyncio.run(crowd([bare_url], bare_pid, args.sessions, bare_job))
    sign_ins, editors = [t["sign_in"] for t in times], [t["editor"] for t in times]
    bare_opens = [t["open"] for t in bare_times]
    where = (f"{args.replicas} replicas on PostgreSQL" if args.replicas > 1
             else "one server on PostgreSQL" if args.postgres else "one server on SQLite")
    floor = f"bare page of the same 20 text areas, {args.sessions} sessions at once"
    rows = [report.row(f"server CPU per session (sign in + editor), {args.sessions} at once, {where}", per_session,
                       bare_per_session, floor, "CPU-s", None, digits=3, target_value=TARGET_CPU_PER_SESSION)]
    for label, values in (("sign-in", sign_ins), ("editor", editors)):
        for stat, pick in (("median", statistics.median), ("p95", p95)):
            rows.append(report.row(f"{label} time, {stat}, {args.sessions} at once, {where}", pick(values),
                                   pick(bare_opens), floor + f" ({stat} time to show)", "s", None, digits=2))
    note = (f"load average before {load_before}, after {report.load_average()} (shared: the {args.sessions} "
            f"browser contexts run here too); target: server CPU per session <= {TARGET_CPU_PER_SESSION} CPU-s")
    return report.emit(rows, note, args.json)


if __name__ == "__main__":
    sys.exit(main())
