"""The transport: real timeouts on a stalling local server, Retry-After forms, routing of deep-translator calls."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests
from fake_libretranslate import Behaviour, FakeLibreTranslate

from workbench.config import EngineSettings
from workbench.engines.libre import LibreEngine
from workbench.engines.transport import Transport, error_detail, retry_after, route_deep_translator
from workbench.errors import EngineRateLimitedError, EngineTimeoutError, EngineTransientError


def response(status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None) -> requests.Response:
    r = requests.Response()
    r.status_code, r._content = status, body
    r.headers.update(headers or {})
    return r


def test_a_stalled_server_is_cut_off_at_the_timeout() -> None:
    with FakeLibreTranslate(Behaviour(fail_rate=1.0, failures=("stall",), stall=3)) as server:
        engine = LibreEngine(EngineSettings(libre_url=server.url, timeout=0.3))
        started = time.monotonic()
        with pytest.raises(EngineTimeoutError, match=r"no answer from 127\.0\.0\.1:\d+ within 0.3 s"):
            engine.translate(["Bonjour."], "fr", "es")
        assert time.monotonic() - started < 2


def test_a_server_that_is_not_there_is_transient() -> None:
    with FakeLibreTranslate() as server:
        url = server.url
    engine = LibreEngine(EngineSettings(libre_url=url, timeout=1))  # the port is closed now
    with pytest.raises(EngineTransientError, match="cannot reach"):
        engine.translate(["Bonjour."], "fr", "es")


def test_429_from_a_real_server_keeps_its_retry_after() -> None:
    with FakeLibreTranslate(Behaviour(fail_rate=1.0, failures=("429",), retry_after="2")) as server:
        engine = LibreEngine(EngineSettings(libre_url=server.url, timeout=2))
        with pytest.raises(EngineRateLimitedError) as err:
            engine.translate(["Bonjour."], "fr", "es")
    assert err.value.retry_after == 2.0


def test_retry_after_in_seconds_or_as_an_http_date() -> None:
    assert retry_after(response(headers={"Retry-After": "120"})) == 120.0
    when = datetime(2026, 11, 26, 12, 0, 30, tzinfo=UTC)
    now = (when - timedelta(seconds=30)).timestamp()
    assert retry_after(response(headers={"Retry-After": format_datetime(when, usegmt=True)}), now=now) == 30.0
    assert retry_after(response(headers={"Retry-After": "soon"})) is None
    assert retry_after(response()) is None


def test_error_detail_reads_each_provider_shape() -> None:
    assert error_detail(response(body=b'{"error": "es is not supported"}')) == "es is not supported"
    assert error_detail(response(body=b'{"error": {"code": 401000, "message": "bad key"}}')) == "bad key"
    assert error_detail(response(body=b'{"message": "Quota Exceeded"}')) == "Quota Exceeded"
    assert error_detail(response(body=b"<html>\n  Bad   gateway</html>")) == "<html> Bad gateway</html>"


def test_deep_translator_calls_use_the_transport_of_their_own_thread_only() -> None:
    import deep_translator.libre as libre_module

    route_deep_translator()
    seen: dict[str, str] = {}

    class Recording(Transport):
        def request(self, method: str, url: str, **kwargs: object) -> requests.Response:
            seen[threading.current_thread().name] = self.engine
            return response(200, b'{"translatedText": "ok"}')

    def call(name: str) -> None:
        with Recording(name, 1).active():
            libre_module.requests.post("http://127.0.0.1:1/translate")

    threads = [threading.Thread(target=call, args=(f"t{i}",), name=f"t{i}") for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {f"t{i}": f"t{i}" for i in range(4)}
    assert libre_module.requests.exceptions is requests.exceptions  # what deep-translator catches still exists
