"""Streamlit's front-end bundles served from memory, gzip-compressed once, as ASGI middleware.

A fresh browser fetches about a hundred files (2.9 MB) of Streamlit's ``static/`` folder to sign in
and open the editor. Streamlit serves them with Starlette's ``StaticFiles``: per file a ``stat`` and the reads
in worker threads (a thread hand-off per 64 KiB chunk), through the session and gzip middleware,
and uncompressed (Streamlit leaves compression to a proxy: compressing at each request costs CPU).
Measured on the served process (docs/performance.md), that was about a fifth of its CPU per person
signing in and opening the editor. Here each bundle is read once, compressed once (gzip level 9,
kept only when it saves a tenth) and answered from memory in one message, compressed when the
browser accepts gzip: what a reverse proxy's precompressed files (nginx's ``gzip_static``) give.

Only the files found under Streamlit's ``static/`` folder (listed at the first request) are served
here, by exact path (no path is ever joined from the request, so nothing outside can be named);
everything else, a ``Range`` request, and methods other than GET and HEAD go to Streamlit as before.
The answers carry Streamlit's own caching headers for these content-hashed files (``public,
immutable``, a year), an ``ETag`` (a conditional request is answered 304) and ``Vary:
Accept-Encoding`` where a compressed body exists. At most the folder's files are kept (what was
asked for: about 4 MB for the sign-in and the editor, compressed copies included).
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import mimetypes
import os
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Streamlit's caching of its hashed bundles (a year, as STATIC_ASSET_CACHE_MAX_AGE_SECONDS).
CACHE_CONTROL = b"public, immutable, max-age=31536000"
#: A compressed copy is kept when it is at most this share of the file (fonts and images are not).
WORTH_COMPRESSING = 0.9


@dataclass(frozen=True)
class Asset:
    """One file: its bytes, its gzip copy when worth it, their media type and entity tags."""

    body: bytes
    gzipped: bytes | None
    content_type: bytes
    etag: bytes  # of the file's bytes; the gzip copy's is the same with "-gzip" (another representation)

    @property
    def gzip_etag(self) -> bytes:
        return self.etag[:-1] + b'-gzip"'


def load(path: Path) -> Asset:
    """Read ``path`` and compress it (blocking: run in a worker thread)."""
    body = path.read_bytes()
    packed = gzip.compress(body, compresslevel=9, mtime=0)
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if media.startswith("text/"):
        media += "; charset=utf-8"  # as Starlette's FileResponse says it
    return Asset(body=body, gzipped=packed if len(packed) <= WORTH_COMPRESSING * len(body) else None,
                 content_type=media.encode("latin-1"),
                 etag=f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'.encode())


def accepts_gzip(header: bytes) -> bool:
    """Whether an ``Accept-Encoding`` value allows gzip: named, or else ``*``, with a quality above 0."""
    qualities = {}
    for part in header.decode("latin-1").lower().split(","):
        name, *params = (piece.strip() for piece in part.split(";"))
        quality = next((param[2:] for param in params if param.startswith("q=")), "1")
        try:
            qualities[name] = float(quality)
        except ValueError:
            qualities[name] = 0.0
    return qualities.get("gzip", qualities.get("*", 0.0)) > 0


def static_dir() -> Path:
    """Streamlit's folder of front-end files (index.html and static/)."""
    from streamlit import file_util

    return Path(file_util.get_static_dir())


def base_path() -> str:
    """The URL path the UI is served under ('' at the root), Streamlit's ``server.baseUrlPath``."""
    from streamlit import config

    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


class StaticAssets:
    """ASGI middleware: GET/HEAD of a file of Streamlit's ``static/`` folder answered from memory."""

    def __init__(self, app: ASGIApp, directory: Path | None = None, base: str | None = None) -> None:
        self.app = app
        self.directory = directory
        self.base = base
        self._files: dict[str, Path] | None = None  # URL path -> file, found at the first request
        self._assets: dict[str, Asset] = {}

    def _index(self) -> dict[str, Path]:
        if self._files is None:
            root = self.directory or static_dir()
            prefix = base_path() if self.base is None else self.base
            files = {}
            for folder, _dirs, names in os.walk(root / "static"):
                for name in names:
                    path = Path(folder, name)
                    if path.is_file():
                        files[f"{prefix}/{path.relative_to(root).as_posix()}"] = path
            self._files = files
        return self._files

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        file = self._index().get(str(scope.get("path", "")))
        headers = dict(scope.get("headers", []))  # names arrive lower-case (ASGI)
        if file is None or b"range" in headers:
            await self.app(scope, receive, send)
            return
        path = str(scope["path"])
        asset = self._assets.get(path)
        if asset is None:
            asset = self._assets[path] = await asyncio.get_running_loop().run_in_executor(None, load, file)
        await self._answer(asset, scope["method"] == "HEAD", headers, send)

    @staticmethod
    async def _answer(asset: Asset, head: bool, headers: dict[bytes, bytes], send: Send) -> None:
        body, etag, extra = asset.body, asset.etag, []
        if asset.gzipped is not None:
            extra.append((b"vary", b"Accept-Encoding"))
            if accepts_gzip(headers.get(b"accept-encoding", b"")):
                body, etag = asset.gzipped, asset.gzip_etag
                extra.append((b"content-encoding", b"gzip"))
        common = [(b"cache-control", CACHE_CONTROL), (b"etag", etag)]
        if etag in [tag.strip() for tag in headers.get(b"if-none-match", b"").split(b",")]:
            await send({"type": "http.response.start", "status": 304, "headers": common + extra[:1]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", asset.content_type), (b"content-length", str(len(body)).encode()),
                                *extra, *common]})
        await send({"type": "http.response.body", "body": b"" if head else body})
