"""Publishing API throughput: GET /api/v1/releases/{slug}/en.po against a bare Starlette route serving its bytes.

The sample release is translated into English, approved and signed off in a temporary SQLite
database; a site token pulls its catalog. Three servers phases, each a separate uvicorn process on
127.0.0.1 with the same settings (one worker, no access log), loaded by 50 concurrent keep-alive
HTTP/1.1 clients (asyncio streams in this process) for ``--seconds`` each:

- baseline: a bare Starlette route answering the same ``.po`` bytes from memory (no token, no database);
- ``en.po 200``: the API without ``If-None-Match`` (token check, sign-off and embargo check, rendering);
- ``en.po 304``: the API with the ETag it gave (same checks and rendering, no body sent).

Rows (docs/architecture.md, lower is better): milliseconds of server time per request at 50 clients
(1000 / requests per second) against the bare route's; the issue's target is at least half the
bare route's throughput, so a ratio of at most 2. The p99 latency rows compare the latency the
clients saw. Loopback only; bounded: about 3 x (seconds + 2) plus start-up.

    .venv/bin/python benchmarks/api_throughput.py [--json] [--seconds 20] [--clients 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import select

from workbench.config import Settings
from workbench.services import releases, review, tokens, users
from workbench.services.app import App
from workbench.store import translation_repo
from workbench.store.tables import Segment

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "samples" / "release-fr-crimean-tatar-leaders.txt"
# English targets of the sample's eleven segments (the shipped glossary's forms: Umerov, Chiygoz, Mejlis, Türkiye).
ENGLISH = [
    "Russia: Crimean Tatar leaders must be free to return to their homeland and to speak out",
    "Responding to the arrival in Kyiv of the Crimean Tatar leaders Ilmi Umerov and Akhtem Chiygoz, "
    "Oksana Pokalchuk, director of Amnesty International Ukraine, said:",
    "“The release of the prisoners of conscience Ilmi Umerov and Akhtem Chiygoz is a step forward.",
    "They must be able to return to Crimea and express their views freely.",
    "“It is ever clearer that Crimean Tatar leaders are left with one alternative: exile or prison.",
    "“In Crimea, the de facto authorities must stop suppressing dissent.”",
    "Background",
    "Akhtem Chiygoz and Ilmi Umerov, deputy chairmen of the Mejlis, were sentenced in September 2017.",
    "On 25 October they were released and put on a flight to Türkiye.",
    "On the 27th they finally arrived in Kyiv.",
    "The Crimean Tatar community and the Mejlis are the main targets of political persecution.",
]
BARE = """
import sys, uvicorn
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
body = open(sys.argv[1], "rb").read()
async def po(request):
    return Response(body, media_type="text/x-gettext-translation; charset=utf-8")
app = Starlette(routes=[Route("/api/v1/releases/{slug}/{lang}.po", po)])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""
API = """
import sys, uvicorn
uvicorn.run("workbench.api.app:create_app", factory=True, host="127.0.0.1", port=int(sys.argv[1]),
            log_level="warning", access_log=False)
"""


def prepare(url: str) -> str:
    """The signed-off English sample in a fresh database; returns a site token seeing English."""
    app = App.open(Settings(database_url=url, glossary_dir=ROOT / "glossary"))
    app.db.migrate()
    users.add_user(app, "ad", "admin", "pw")  # the first user: every later action has an actor
    report = releases.ingest_release(app, SAMPLE.read_bytes(), name="sample.txt", slug="sample", user="ad")
    users.add_user(app, "rv", "reviewer", "pw", by="ad")
    keys = [s["id"] for s in report.segments]
    with app.db.write() as session:
        for key, text in zip(keys, ENGLISH, strict=True):
            seg = session.scalars(select(Segment).where(Segment.key == key)).one()
            tr = translation_repo.get_or_create(session, seg, "en")
            translation_repo.change(session, tr, actor="tr", action="edit", target=text, state="translated",
                                    origin="human")
            translation_repo.change(session, tr, actor="rv", action="approve", target=text, state="approved")
    review.signoff(app, "sample", "en", "rv")
    token = str(tokens.add_token(app, "bench", "en", "ad")["token"])
    app.db.dispose()
    return token


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(args: list[str], env: dict[str, str], port: int) -> Iterator[str]:
    """A uvicorn child process; yields its base URL once it answers."""
    proc = subprocess.Popen([sys.executable, "-c", *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/v1/releases/x/en.po", timeout=2)
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError as exc:
                if proc.poll() is not None or time.monotonic() > deadline:
                    why = proc.stderr.read().decode() if proc.stderr else ""
                    raise RuntimeError(f"server did not start: {why}") from exc
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


async def _client(port: int, request: bytes, until: float, latencies: list[float], statuses: dict[int, int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1
    finally:
        writer.close()


async def _load(port: int, request: bytes, clients: int, seconds: float) -> tuple[float, list[float], dict[int, int]]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(_client(port, request, until, latencies, statuses) for _ in range(clients)))
    return time.perf_counter() - started, latencies, statuses


def load(base: str, headers: dict[str, str], clients: int, seconds: float) -> dict[str, Any]:
    """Requests per second, p50 and p99 latency (ms) of GET en.po with ``headers`` at ``clients`` connections."""
    port = int(base.rsplit(":", 1)[1])
    lines = ["GET /api/v1/releases/sample/en.po HTTP/1.1", f"Host: 127.0.0.1:{port}",
             *(f"{k}: {v}" for k, v in headers.items())]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    asyncio.run(_load(port, request, clients, min(2.0, seconds)))  # warm-up: connections, caches, threads
    elapsed, latencies, statuses = asyncio.run(_load(port, request, clients, seconds))
    latencies.sort()
    return {"rps": len(latencies) / elapsed, "p50_ms": 1000 * latencies[len(latencies) // 2],
            "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
            "requests": len(latencies), "statuses": statuses}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()
    if not SAMPLE.exists():
        print(f"the shared sample is not at {SAMPLE}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        token = prepare(url)
        env = dict(os.environ, WORKBENCH_DATABASE_URL=url, WORKBENCH_PUBLISH_INTERVAL="3600")
        auth = {"Authorization": f"Bearer {token}"}
        port = free_port()
        with server([API, str(port)], env, port) as base:
            req = urllib.request.Request(f"{base}/api/v1/releases/sample/en.po", headers=auth)
            with urllib.request.urlopen(req) as r:
                body, etag = r.read(), r.headers["ETag"]
            full = load(base, auth, args.clients, args.seconds)
            cached = load(base, {**auth, "If-None-Match": etag}, args.clients, args.seconds)
        po = Path(tmp) / "en.po"
        po.write_bytes(body)
        port = free_port()
        with server([BARE, str(po), str(port)], env, port) as base:
            bare = load(base, {}, args.clients, args.seconds)
    assert set(full["statuses"]) == {200} and set(cached["statuses"]) == {304} and set(bare["statuses"]) == {200}
    rows = []
    for label, m in (("GET en.po 200, ms per request at %d clients", full),
                     ("GET en.po 304 (If-None-Match), ms per request at %d clients", cached)):
        value, baseline = 1000 / m["rps"], 1000 / bare["rps"]
        rows.append({"name": label % args.clients, "value": round(value, 4), "baseline": round(baseline, 4),
                     "baseline_name": "bare starlette route", "unit": "ms", "ratio": round(value / baseline, 3),
                     "target": 2.0, "rps": round(m["rps"], 1), "baseline_rps": round(bare["rps"], 1)})
    for label, m in (("GET en.po 200, p99 latency", full), ("GET en.po 304, p99 latency", cached)):
        rows.append({"name": label, "value": round(m["p99_ms"], 2), "baseline": round(bare["p99_ms"], 2),
                     "baseline_name": "bare starlette route", "unit": "ms",
                     "ratio": round(m["p99_ms"] / bare["p99_ms"], 3), "target": None,
                     "p50": round(m["p50_ms"], 2), "baseline_p50": round(bare["p50_ms"], 2)})
    if args.json:
        print(json.dumps(rows))
        return 0
    print(f"{'measure':<58}{'value':>9}{'bare':>9}{'ratio':>7}  target")
    for r in rows:
        verdict = "ok" if r["target"] is not None and r["ratio"] <= r["target"] else "MISSED"
        target = "" if r["target"] is None else f"<= {r['target']:g} {verdict}"
        print(f"{r['name']:<58}{r['value']:>9.3f}{r['baseline']:>9.3f}{r['ratio']:>7.2f}  {target}")
    print(f"requests per second: 200 {full['rps']:.0f}, 304 {cached['rps']:.0f}, bare route {bare['rps']:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
