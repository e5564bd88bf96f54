"""The sample release approved and signed off in Spanish, and a local webhook receiver (publishing tests)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from export_fixtures import SPANISH, approve, load_sample, set_target
from review_fixtures import add_team

from workbench.services import review
from workbench.services.app import App


def approved_sample(app: App, sample_bytes: bytes, slug: str = "sample") -> list[str]:
    """The sample with every segment translated into Spanish and approved; users of review_fixtures.TEAM added."""
    add_team(app)
    keys = load_sample(app, sample_bytes, slug)
    for key, text in zip(keys, SPANISH, strict=True):
        set_target(app, slug, key, "es", text, actor="tr")
        approve(app, slug, key, "es", reviewer="rv")
    return keys


def signed_sample(app: App, sample_bytes: bytes, slug: str = "sample") -> list[str]:
    """The approved sample, signed off in Spanish by `rv`."""
    keys = approved_sample(app, sample_bytes, slug)
    review.signoff(app, slug, "es", "rv")
    return keys


@dataclass
class Receiver:
    """What a local webhook endpoint received: (headers, body) per request; answers with ``status``."""

    url: str = ""
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    status: int = 204

    def events(self) -> list[dict[str, Any]]:
        """The JSON bodies received, in order."""
        return [json.loads(body) for _, body in self.received]


@contextmanager
def receiver() -> Iterator[Receiver]:
    """A webhook receiver on 127.0.0.1 (a thread), stopped afterwards."""
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(state.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/workbench"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
