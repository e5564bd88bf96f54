"""What the providers' stand-ins share: a quiet HTTP/1.1 handler and a server run in a daemon thread.

``fake_libretranslate.py``, ``fake_deepl.py`` and ``fake_chat_completions.py`` each subclass
``FakeHandler`` (their endpoints) and ``FakeServer`` (their behaviour and helpers); the handler
reaches its server as ``self.fake``.
"""

from __future__ import annotations

import argparse
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, Self


class FakeHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive, no Nagle delay, no log lines, and a client that hangs up treated as
    a real server treats it (the connection is closed, nothing is raised)."""

    fake: Any  # the FakeServer this handler answers for (set by FakeServer)
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes: without TCP_NODELAY, Nagle plus the client's
        # delayed ACK add ~40 ms to every call, which would be measured as provider latency.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read the counts instead
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionResetError, BrokenPipeError):  # the client gave up (its timeout): as a real server
            self.close_connection = True

    def send_bytes(self, status: int, data: bytes, content_type: str | None = "application/json",
                   headers: dict[str, str] | None = None) -> None:
        """One whole response: ``data`` with its length (no Content-Type when ``content_type`` is None)."""
        try:
            self.send_response(status)
            if content_type is not None:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (its timeout), as with a real server
            self.close_connection = True


class FakeServer:
    """The server on 127.0.0.1 (``port`` 0: any free one), served from a daemon thread inside ``with``,
    its requests answered by ``handler``."""

    #: What ``url`` adds to ``http://127.0.0.1:PORT`` (``/v1`` for the chat completions).
    url_path: ClassVar[str] = ""

    def __init__(self, handler: type[FakeHandler], port: int = 0) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", port), type("Handler", (handler,), {"fake": self}))
        self.server.daemon_threads = True
        # A short poll: shutdown() returns within 50 ms instead of serve_forever's default 0.5 s.
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` and ``url_path``."""
        return f"http://127.0.0.1:{self.server.server_address[1]}{self.url_path}"

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def serve(self, banner: str) -> None:
        """Print ``banner``, then serve in this thread until Ctrl+C (the command line of each stand-in)."""
        print(f"{banner} (Ctrl+C stops it)")
        try:
            self.server.serve_forever()
        except KeyboardInterrupt:
            pass


def arguments(doc: str, port: int, latency_help: str = "seconds per call") -> argparse.ArgumentParser:
    """The command line every stand-in takes: ``--port`` (default ``port``) and ``--latency``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--port", type=int, default=port)
    parser.add_argument("--latency", type=float, default=0.0, help=latency_help)
    return parser
