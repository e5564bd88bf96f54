"""The API served by uvicorn on 127.0.0.1 in a thread of the test, and a small HTTP client."""

from __future__ import annotations

import dataclasses
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from servers import free_port

from workbench.api.app import create_app
from workbench.services.app import App


@contextmanager
def api_server(app: App, *, background: bool = False, cache: float = 0.0) -> Iterator[str]:
    """`workbench api`'s app on a free loopback port (``cache``: WORKBENCH_API_CACHE); yields its base URL."""
    served = App(dataclasses.replace(app.settings, api_cache=cache), app.db)
    config = uvicorn.Config(create_app(served, background=background), host="127.0.0.1", port=free_port(),
                            log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the API did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def get(url: str, token: str | None = None, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """GET ``url`` with a Bearer token: (status, headers in lower case, body); errors are answers too."""
    request = urllib.request.Request(url, headers={k.replace("_", "-"): v for k, v in headers.items()})
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()
