"""The HTTP transport of every online engine: a timeout on each request, and HTTP failures as EngineErrors.

deep-translator builds each provider's request and reads its answer, but it calls the
module-level ``requests.get``/``requests.post`` with no timeout (a stalled provider hangs the
call for ever) and lets raw ``requests`` exceptions out, or worse: its Microsoft adapter logs a
connection error and then crashes on ``None.json()``, and a 429 loses its ``Retry-After``.

So each deep-translator provider module gets, in place of its ``requests`` name, a shim that
sends the call through the Transport active on the calling thread (thread-local, so concurrent
engines keep their own session, timeout and key). The transport converts the outcome before
deep-translator sees it: timeouts, connection failures, 429, 401/403, 5xx and refusals become
our EngineError subclasses with ``raise ... from``; only a 2xx answer reaches deep-translator's
parser. Without an active transport the shim calls ``requests`` as deep-translator would.
"""

from __future__ import annotations

import email.utils
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC
from typing import Any
from urllib.parse import urlsplit

import requests
import requests.adapters

from workbench.errors import (
    EngineAuthError,
    EngineError,
    EngineRateLimitedError,
    EngineResponseError,
    EngineTimeoutError,
    EngineTransientError,
    EngineUnsupportedError,
)

#: deep-translator modules whose ``requests`` name is routed through the active transport.
ROUTED_MODULES = ("google", "microsoft", "mymemory", "libre")

#: A hook that may rewrite a request before it is sent: (method, url, kwargs) -> the same.
Prepare = Callable[[str, str, dict[str, Any]], tuple[str, str, dict[str, Any]]]
#: A hook that inspects a 2xx answer and raises an EngineError when it carries an error (MyMemory does).
Check = Callable[[requests.Response], None]

_active = threading.local()


def retry_after(response: requests.Response, now: float | None = None) -> float | None:
    """The ``Retry-After`` header in seconds (delta-seconds or an HTTP date), or None."""
    raw = response.headers.get("Retry-After", "").strip()
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def error_detail(response: requests.Response, limit: int = 200) -> str:
    """The provider's own error message from a JSON body (``error``/``message``), or the start of the text."""
    try:
        body = response.json()
    except ValueError:
        return " ".join(response.text.split())[:limit]
    if isinstance(body, dict):
        for key in ("error", "message", "responseDetails"):
            value = body.get(key)
            if isinstance(value, dict):  # Microsoft: {"error": {"code": 401000, "message": "..."}}
                value = value.get("message")
            if isinstance(value, str) and value:
                return value[:limit]
    return json.dumps(body, ensure_ascii=False)[:limit]


def refusal(engine: str, response: requests.Response) -> EngineError:
    """A 4xx refusal: unsupported language when the provider says so, else an unusable answer."""
    detail = error_detail(response)
    lowered = detail.lower()
    if "language" in lowered or "not supported" in lowered or "lang" in lowered:
        return EngineUnsupportedError(f"{engine} refused the language pair: {detail}")
    return EngineResponseError(f"{engine}: HTTP {response.status_code}: {detail}")


class Transport:
    """One engine's HTTP access: a session, a timeout, and the conversion of every failure."""

    def __init__(
        self,
        engine: str,
        timeout: float,
        session: requests.Session | None = None,
        prepare: Prepare | None = None,
        check: Check | None = None,
        pool_size: int = 10,
    ) -> None:
        self.engine = engine
        self.timeout = timeout
        if session is None:
            session = requests.Session()
            # One kept-alive connection per runner thread; urllib3 keeps 10 per host by default.
            adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=max(10, pool_size))
            session.mount("https://", adapter)
            session.mount("http://", adapter)
        self.session = session
        self.prepare = prepare
        self.check = check

    @contextmanager
    def active(self) -> Iterator[Transport]:
        """Route deep-translator's requests made by this thread through this transport."""
        route_deep_translator()
        previous = getattr(_active, "transport", None)
        _active.transport = self
        try:
            yield self
        finally:
            _active.transport = previous

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Send one request with the timeout; a 2xx response, or the EngineError saying what went wrong."""
        if self.prepare is not None:
            method, url, kwargs = self.prepare(method, url, kwargs)
        kwargs.pop("timeout", None)
        host = urlsplit(url).netloc  # never the whole URL: some providers put the key in the query
        try:
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.Timeout as exc:
            raise EngineTimeoutError(f"{self.engine}: no answer from {host} within {self.timeout:g} s") from exc
        except requests.RequestException as exc:
            raise EngineTransientError(f"{self.engine}: cannot reach {host}: {type(exc).__name__}") from exc
        self.raise_for_status(response)
        if self.check is not None:
            self.check(response)
        return response

    def raise_for_status(self, response: requests.Response) -> None:
        """Turn a non-2xx answer into the EngineError the runner acts on."""
        status = response.status_code
        if 200 <= status < 300:
            return
        if status == 429:
            wait = retry_after(response)
            said = f" (Retry-After {wait:g} s)" if wait is not None else ""
            raise EngineRateLimitedError(f"{self.engine}: HTTP 429 too many requests{said}", retry_after=wait)
        if status in (401, 403):
            raise EngineAuthError(f"{self.engine}: HTTP {status}: the key was refused: {error_detail(response)}")
        if status == 456:  # DeepL: "Quota exceeded. The character limit has been reached."
            raise EngineAuthError(f"{self.engine}: HTTP 456: the account's quota is used up")
        if status >= 500:
            raise EngineTransientError(
                f"{self.engine}: HTTP {status} from the provider: {error_detail(response, 80)}",
                retry_after=retry_after(response),
            )
        raise refusal(self.engine, response)


class _RoutedRequests:
    """Stands for the ``requests`` module inside deep-translator's provider modules."""

    exceptions = requests.exceptions

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self._send("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self._send("POST", url, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)

    @staticmethod
    def _send(method: str, url: str, **kwargs: Any) -> requests.Response:
        transport: Transport | None = getattr(_active, "transport", None)
        if transport is None:
            return requests.request(method, url, **kwargs)
        return transport.request(method, url, **kwargs)


_ROUTED = _RoutedRequests()
_route_lock = threading.Lock()


def route_deep_translator() -> None:
    """Install the shim in deep-translator's provider modules (once; harmless to repeat)."""
    import importlib

    with _route_lock:
        for name in ROUTED_MODULES:
            module = importlib.import_module(f"deep_translator.{name}")
            if getattr(module, "requests", None) is not _ROUTED:
                module.requests = _ROUTED  # type: ignore[attr-defined]

