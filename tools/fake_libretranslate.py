"""A LibreTranslate-compatible stand-in on 127.0.0.1 that can be slow and flaky on purpose.

    .venv/bin/python tools/fake_libretranslate.py [--port 5055] [--latency 0.2] [--fail-rate 0.3]

Used by the tests (the flaky-provider scenario, the SIGKILL test) and the runner benchmark, and
handy to try `workbench translate --engine libre` without a real server. It answers
``POST /translate`` (parameters in the query string, as deep-translator sends them, or in a form
or JSON body, as other clients do) with ``{"translatedText": "<text> [<target>]"}`` — the text
itself, so glossary placeholders survive — and ``GET /languages``. A share of calls
(``fail_rate``, from a seeded random generator) fails: HTTP 500, HTTP 429 with Retry-After, or a
stall longer than any sensible client timeout.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fake_http import FakeHandler, FakeServer, arguments


@dataclass
class Behaviour:
    """How the server answers: latency, the failing share and its kinds, languages, key."""

    latency: float = 0.0
    fail_rate: float = 0.0
    failures: tuple[str, ...] = ("500", "429", "stall")
    stall: float = 5.0
    retry_after: str = "0"
    seed: int = 0
    languages: frozenset[str] = frozenset({"ar", "de", "en", "es", "fr", "it", "pl", "pt", "ru", "zh"})
    api_key: str = ""
    counts: Counter[str] = field(default_factory=Counter)


class FakeLibreTranslate(FakeServer):
    """The server, run in a daemon thread; ``url`` is its base URL."""

    def __init__(self, behaviour: Behaviour | None = None, port: int = 0) -> None:
        super().__init__(_Handler, port)
        self.behaviour = behaviour or Behaviour()
        self._rng = random.Random(self.behaviour.seed)
        self._lock = threading.Lock()

    def pick_failure(self) -> str:
        """"" for a good answer, else the kind of failure this call gets."""
        b = self.behaviour
        with self._lock:
            if b.fail_rate and self._rng.random() < b.fail_rate:
                return self._rng.choice(b.failures)
        return ""


class _Handler(FakeHandler):
    fake: FakeLibreTranslate

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        self.send_bytes(status, json.dumps(body).encode("utf-8"), headers=headers)

    def _params(self) -> dict[str, str]:
        params = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if raw:
            if "json" in (self.headers.get("Content-Type") or ""):
                params.update({k: str(v) for k, v in json.loads(raw).items()})
            else:
                params.update({k: v[0] for k, v in parse_qs(raw.decode("utf-8")).items()})
        return params

    def do_GET(self) -> None:
        b = self.fake.behaviour
        if urlsplit(self.path).path.rstrip("/") == "/languages":
            self._send(200, [{"code": c, "name": c, "targets": sorted(b.languages)} for c in sorted(b.languages)])
        else:
            self._send(404, {"error": "Not Found"})

    def do_POST(self) -> None:
        b = self.fake.behaviour
        if urlsplit(self.path).path.rstrip("/") != "/translate":
            self._send(404, {"error": "Not Found"})
            return
        params = self._params()
        if b.latency:
            time.sleep(b.latency)
        failure = self.fake.pick_failure()
        b.counts["calls"] += 1
        if failure:
            b.counts[failure] += 1
        if failure == "stall":
            time.sleep(b.stall)
            self._send(504, {"error": "stalled"})
            return
        if failure == "500":
            self._send(500, {"error": "Internal Server Error"})
            return
        if failure == "429":
            self._send(429, {"error": "Slowdown: 10 per 1 minute"}, {"Retry-After": b.retry_after})
            return
        if b.api_key and params.get("api_key") != b.api_key:
            self._send(403, {"error": "Invalid API key"})
            return
        for side in ("source", "target"):
            if params.get(side) not in b.languages:
                self._send(400, {"error": f"{params.get(side)} is not supported"})
                return
        b.counts["translated"] += 1
        self._send(200, {"translatedText": f"{params.get('q', '')} [{params['target']}]"})


def main() -> None:
    """Serve until interrupted."""
    parser = arguments(__doc__, 5055)
    parser.add_argument("--fail-rate", type=float, default=0.0, help="share of calls that fail (0..1)")
    args = parser.parse_args()
    fake = FakeLibreTranslate(Behaviour(latency=args.latency, fail_rate=args.fail_rate), port=args.port)
    fake.serve(f"fake LibreTranslate on {fake.url}")


if __name__ == "__main__":
    main()
