"""The ASGI app (Starlette): thin handlers over services.publishing and services.tokens.

Stateless: every request reads the database, so several replicas run behind a proxy on PostgreSQL.
Served by `workbench api` through uvicorn; the same process runs the publishing loop (lifespan).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from workbench.errors import NotFoundError, PermissionDeniedError, StorageError
from workbench.services import publishing, tokens, webhooks
from workbench.services.app import App
from workbench.services.security_headers import SecurityHeaders

LOG = logging.getLogger("workbench.api")
MEDIA = {"po": "text/x-gettext-translation; charset=utf-8", "mo": "application/x-gettext-translation",
         "html": "text/html; charset=utf-8", "json": "application/json", "zip": "application/zip"}


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def etag_of(body: bytes) -> str:
    """A strong ETag: the body's SHA-256 (an unchanged file keeps its tag across replicas and restarts)."""
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def _not_modified(request: Request, etag: str, changed: datetime | None) -> bool:
    match = request.headers.get("if-none-match")
    if match is not None:  # RFC 9110: If-None-Match wins over If-Modified-Since; weak comparison
        tags = {t.strip().removeprefix("W/") for t in match.split(",")}
        return "*" in tags or etag in tags
    since = request.headers.get("if-modified-since")
    if since and changed is not None:
        try:
            return changed.replace(microsecond=0) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False  # an unreadable date is ignored, as RFC 9110 says
    return False


@dataclass(frozen=True)
class Answer:
    """A file or listing ready to send: its body, media type and validators (computed once per rendering)."""

    body: bytes
    media: str
    etag: str
    changed: datetime | None
    headers: dict[str, str]

    @classmethod
    def of(cls, body: bytes, media: str, changed: datetime | None) -> Answer:
        """The answer with its strong ETag and Last-Modified."""
        etag = etag_of(body)
        headers = {"ETag": etag, "Cache-Control": "private, no-cache", "Vary": "Authorization"}
        if changed is not None:
            headers["Last-Modified"] = publishing.http_date(changed)
        return cls(body, media, etag, changed, headers)


def _send(request: Request, answer: Answer) -> Response:
    if _not_modified(request, answer.etag, answer.changed):
        return Response(status_code=304, headers=answer.headers)
    return Response(answer.body, media_type=answer.media, headers=answer.headers)


class Memo:
    """Answers reused for ``seconds`` (WORKBENCH_API_CACHE) by one process: no state shared between replicas.

    Every request would otherwise read the token, the sign-off and the release and render the file;
    what is cached is only ever as old as the setting says (a revoked token, a new embargo or a
    revoked sign-off take effect within it). Refusals are not cached, so unknown tokens cannot fill
    it. Concurrent requests for an expired answer wait for one rendering instead of each making one.
    """

    LIMIT = 10_000

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._items: dict[Any, tuple[float, Any]] = {}
        self._pending: dict[Any, asyncio.Future[Any]] = {}

    async def get(self, key: Any, make: Callable[[], Any]) -> Any:
        """The value kept for ``key``, else ``make()`` run in a worker thread (once for concurrent callers)."""
        item = self._items.get(key)
        if item is not None and item[0] > time.monotonic():
            return item[1]
        if self.seconds <= 0:
            return await run_in_threadpool(make)
        pending = self._pending.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            value = await run_in_threadpool(make)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: waiting callers re-raise it, nobody else is warned
            raise
        finally:
            del self._pending[key]
        if len(self._items) >= self.LIMIT:
            self._items.clear()
        self._items[key] = (time.monotonic() + self.seconds, value)
        future.set_result(value)
        return value


def create_app(app: App | None = None, *, background: bool = True) -> Starlette:
    """The API on ``app`` (default: the settings of the environment); ``background`` runs the publishing loop."""
    wb = app or App.open()
    if app is None:
        wb.db.require_current()
    memo = Memo(wb.settings.api_cache)
    unauthorized = {"WWW-Authenticate": 'Bearer realm="workbench"'}

    def guarded(render: Callable[[Request, frozenset[str]], Answer]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            scheme, _, token = request.headers.get("authorization", "").partition(" ")
            token = token.strip()
            if scheme.lower() != "bearer" or not token:
                return _error(401, tokens.UNAUTHORIZED, unauthorized)
            try:
                langs = await memo.get(("token", token), lambda: tokens.authenticate(wb, token))
                answer = await memo.get(("answer", request.url.path, langs), lambda: render(request, langs))
            except PermissionDeniedError as exc:
                return _error(401, str(exc), unauthorized)
            except NotFoundError:
                return _error(404, publishing.NOT_PUBLIC)
            except StorageError as exc:
                LOG.error("api: %s", exc)
                return _error(503, "the database is unavailable; try again later")
            return _send(request, answer)
        return endpoint

    def releases(request: Request, langs: frozenset[str]) -> Answer:
        body = json.dumps(publishing.public_releases(wb, langs), ensure_ascii=False).encode("utf-8")
        return Answer.of(body, MEDIA["json"], None)

    def file_of(kind: str) -> Callable[[Request, frozenset[str]], Answer]:
        def render(request: Request, langs: frozenset[str]) -> Answer:
            name = f"{request.path_params.get('lang', 'bundle')}.{kind}"
            body, changed = publishing.public_file(wb, request.path_params["slug"], name, langs)
            return Answer.of(body, MEDIA[kind], changed)
        return render

    async def openapi(request: Request) -> Response:
        from workbench.api.openapi import document

        return JSONResponse(document())

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        stop = threading.Event()
        worker = threading.Thread(target=publishing_loop, args=(wb, stop), name="publishing", daemon=True)
        if background:
            worker.start()
        try:
            yield
        finally:
            stop.set()
            if background:
                worker.join(timeout=wb.settings.webhook_timeout + 5)

    base = "/api/v1/releases/{slug}"
    routes = [
        Route("/api/v1/openapi.json", openapi),
        Route("/api/v1/releases", guarded(releases)),
        Route(f"{base}/bundle.zip", guarded(file_of("zip"))),
        *(Route(f"{base}/{{lang}}.{kind}", guarded(file_of(kind))) for kind in publishing.FILE_KINDS),
    ]
    # Every answer, the 401s and 404s included, carries the headers of services/security_headers.py.
    return Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(SecurityHeaders)])


def publishing_loop(app: App, stop: threading.Event) -> None:
    """Every WORKBENCH_PUBLISH_INTERVAL: publish languages whose embargo passed, send due webhook deliveries."""
    while not stop.is_set():
        publishing_round(app)
        stop.wait(app.settings.publish_interval)


def publishing_round(app: App) -> dict[str, Any]:
    """One round of the loop; an error is logged, never raised (the API keeps serving)."""
    try:
        return {**publishing.publish_due(app), "deliveries": webhooks.deliver_due(app)}
    except Exception:  # the loop must outlive a database hiccup
        LOG.exception("publishing round failed")
        return {}
