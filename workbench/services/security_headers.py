"""The HTTP headers every response of the browser UI and of the publishing API carries, as ASGI middleware.

- ``X-Frame-Options: DENY`` and ``Content-Security-Policy: frame-ancestors 'none'``: no other site may
  show our pages in a frame (clickjacking: a hidden "Approve" under someone else's button);
- ``Referrer-Policy: same-origin``: a link out of the UI does not tell the other site which release
  or segment was open;
- ``X-Content-Type-Options: nosniff``: a file is what its media type says (an uploaded text is never
  run as a script).

Streamlit's server is Starlette since 1.5x; ``st.App(..., middleware=...)`` is its supported way to
add middleware (``workbench/ui/server.py``). The same middleware wraps ``workbench api``.

``block`` lists paths answered 404 before the application sees them: the UI's
``/_stcore/metrics`` (per-session counts and cache sizes) unless ``WORKBENCH_UI_METRICS=on``. An HTTP
request cannot show a Streamlit sign-in (that lives in the browser session's websocket), so "only for
signed-in people" means: not served, unless the operator says so for a monitoring system.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"referrer-policy", b"same-origin"),
    (b"x-content-type-options", b"nosniff"),
)

#: The UI's metrics endpoint (Streamlit's), kept from the network unless a setting says otherwise.
METRICS_PATH = "/_stcore/metrics"


class SecurityHeaders:
    """ASGI middleware: `HEADERS` on every HTTP response (a header the app set itself is kept), and 404
    for the paths in ``block`` (matched after any base path, so ``/wb/_stcore/metrics`` is blocked too)."""

    def __init__(self, app: ASGIApp, block: Iterable[str] = ()) -> None:
        self.app = app
        self.block = tuple(block)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", "")).rstrip("/")
        if any(path == blocked or path.endswith(blocked) for blocked in self.block):
            await self._not_found(send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *((n, v) for n, v in HEADERS if n not in present)]
            await send(message)

        await self.app(scope, receive, with_headers)

    @staticmethod
    async def _not_found(send: Send) -> None:
        body = b"not found\n"
        await send({"type": "http.response.start", "status": 404,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(body)).encode()), *HEADERS]})
        await send({"type": "http.response.body", "body": body})
