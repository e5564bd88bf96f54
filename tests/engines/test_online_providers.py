"""Each online provider at the HTTP layer, on recorded answers: success and every way a call goes wrong."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from online_fixtures import PROVIDERS, Provider, recorded

from workbench.errors import (
    EngineAuthError,
    EngineRateLimitedError,
    EngineResponseError,
    EngineTimeoutError,
    EngineTransientError,
    EngineUnavailableError,
    EngineUnsupportedError,
)

ALL = sorted(PROVIDERS)
SENTENCE = "La libération de Zx1q est une bonne nouvelle."


@pytest.fixture
def http() -> responses.RequestsMock:
    """Recorded answers only; a request nobody registered fails instead of reaching the network."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def answer(http: responses.RequestsMock, p: Provider, status: int, body: str | BaseException,
           headers: dict[str, str] | None = None, content_type: str = "application/json") -> None:
    if isinstance(body, BaseException):
        http.add(p.method, p.url, body=body)
    else:
        http.add(p.method, p.url, status=status, body=body, headers=headers or {}, content_type=content_type)


@pytest.mark.parametrize("name", ALL)
def test_success_returns_the_translation_with_the_source_white_space(http: responses.RequestsMock, name: str) -> None:
    p = PROVIDERS[name]
    status, headers, body = p.success
    answer(http, p, status, body, content_type=headers["Content-Type"])
    out = p.engine().translate([f"  {SENTENCE}\n", "   "], "fr", "es")
    assert out == ["  La liberación de Zx1q es una buena noticia.\n", "   "]  # the blank one never sent
    assert len(http.calls) == 1
    assert http.calls[0].request.req_kwargs["timeout"] == 2.5  # the explicit timeout reached requests


@pytest.mark.parametrize("name", ALL)
def test_429_carries_retry_after(http: responses.RequestsMock, name: str) -> None:
    p = PROVIDERS[name]
    answer(http, p, 429, '{"error": "Too Many Requests"}', {"Retry-After": "7"})
    with pytest.raises(EngineRateLimitedError) as err:
        p.engine().translate([SENTENCE], "fr", "es")
    assert err.value.retry_after == 7.0
    assert "429" in str(err.value) and str(err.value).startswith(name)


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_is_transient(http: responses.RequestsMock, name: str, status: int) -> None:
    p = PROVIDERS[name]
    answer(http, p, status, "<html><body>Bad gateway</body></html>", content_type="text/html")
    with pytest.raises(EngineTransientError, match=f"HTTP {status}") as err:
        p.engine().translate([SENTENCE], "fr", "es")
    assert not isinstance(err.value, EngineRateLimitedError)


@pytest.mark.parametrize("name", ALL)
def test_timeout_is_converted_from_requests(http: responses.RequestsMock, name: str) -> None:
    p = PROVIDERS[name]
    answer(http, p, 0, requests.exceptions.ReadTimeout("read timed out"))
    with pytest.raises(EngineTimeoutError, match=r"within 2\.5 s") as err:
        p.engine().translate([SENTENCE], "fr", "es")
    assert isinstance(err.value.__cause__, requests.exceptions.ReadTimeout)


@pytest.mark.parametrize("name", ALL)
def test_connection_failure_is_transient(http: responses.RequestsMock, name: str) -> None:
    p = PROVIDERS[name]
    answer(http, p, 0, requests.exceptions.ConnectionError("connection refused"))
    with pytest.raises(EngineTransientError, match="cannot reach") as err:
        p.engine().translate([SENTENCE], "fr", "es")
    assert isinstance(err.value.__cause__, requests.exceptions.ConnectionError)


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("body", ["<html>Service temporarily moved</html>", "{\"unexpected\": true}", "[]", "{"])
def test_garbage_body_is_a_response_error(http: responses.RequestsMock, name: str, body: str) -> None:
    p = PROVIDERS[name]
    answer(http, p, 200, body, content_type=p.content_type)
    with pytest.raises(EngineResponseError):
        p.engine().translate([SENTENCE], "fr", "es")


def test_google_consent_page_is_a_response_error(http: responses.RequestsMock) -> None:
    p = PROVIDERS["google"]
    answer(http, p, 200, recorded("google_consent_page.html"), content_type="text/html")
    with pytest.raises(EngineResponseError, match="TranslationNotFound"):
        p.engine().translate([SENTENCE], "fr", "es")


@pytest.mark.parametrize("name", [n for n in ALL if PROVIDERS[n].wrong_key])
def test_wrong_key_is_an_auth_error(http: responses.RequestsMock, name: str) -> None:
    p = PROVIDERS[name]
    assert p.wrong_key is not None
    status, _headers, body = p.wrong_key
    answer(http, p, status, body)
    with pytest.raises(EngineAuthError, match=f"HTTP {status}"):
        p.engine().translate([SENTENCE], "fr", "es")


@pytest.mark.parametrize("name", [n for n in ALL if PROVIDERS[n].unsupported])
def test_a_language_the_provider_refuses_is_unsupported(http: responses.RequestsMock, name: str) -> None:
    p = PROVIDERS[name]
    assert p.unsupported is not None
    status, _headers, body = p.unsupported
    answer(http, p, status, body)
    with pytest.raises(EngineUnsupportedError, match="refused the language pair"):
        p.engine().translate([SENTENCE], "fr", "es")


@pytest.mark.parametrize("name", ALL)
def test_a_language_missing_from_the_table_is_refused_before_any_call(http: responses.RequestsMock,
                                                                     name: str) -> None:
    with pytest.raises(EngineUnsupportedError, match="does not translate 'tlh'"):
        PROVIDERS[name].engine().translate([SENTENCE], "fr", "tlh")
    assert len(http.calls) == 0


@pytest.mark.parametrize("name", ALL)
def test_unconfigured_engine_is_unavailable_and_sends_nothing(http: responses.RequestsMock, name: str) -> None:
    off = {"deepl": {"deepl_key": ""}, "microsoft": {"microsoft_key": ""}, "libre": {"libre_url": ""},
           "mymemory": {"mymemory_email": ""}, "google": {"google": False}}[name]
    engine = PROVIDERS[name].engine(**off)
    status = engine.status()
    assert not status.available and "WORKBENCH_" in status.reason
    with pytest.raises(EngineUnavailableError):
        engine.translate([SENTENCE], "fr", "es")
    assert len(http.calls) == 0


def test_deepl_key_goes_in_the_header_of_a_post_never_in_the_url(http: responses.RequestsMock) -> None:
    p = PROVIDERS["deepl"]
    answer(http, p, *p.success[::2])
    p.engine().translate([SENTENCE], "fr", "de")
    request = http.calls[0].request
    assert request.method == "POST"
    assert request.headers["Authorization"] == "DeepL-Auth-Key k3y:fx"
    assert "k3y" not in (request.url or "")
    body = json.loads(request.body or b"{}")
    assert body["text"] == [SENTENCE] and body["target_lang"] == "DE" and "auth_key" not in body


def test_deepl_pro_key_goes_to_the_pro_endpoint(http: responses.RequestsMock) -> None:
    http.add("POST", "https://api.deepl.com/v2/translate", body=recorded("deepl_translation.json"))
    engine = PROVIDERS["deepl"].engine(deepl_key="pro-key")
    assert engine.host == "api.deepl.com"
    assert engine.translate([SENTENCE], "fr", "es") == ["La liberación de Zx1q es una buena noticia."]


def test_deepl_quota_exceeded_is_an_auth_error(http: responses.RequestsMock) -> None:
    p = PROVIDERS["deepl"]
    answer(http, p, 456, recorded("deepl_quota_exceeded.json"))
    with pytest.raises(EngineAuthError, match="quota"):
        p.engine().translate([SENTENCE], "fr", "es")


def test_microsoft_sends_key_and_region_and_asks_nothing_else(http: responses.RequestsMock) -> None:
    p = PROVIDERS["microsoft"]
    answer(http, p, 200, recorded("microsoft_translation.json"))
    p.engine().translate([SENTENCE], "fr", "zh")
    [call] = http.calls  # no language-list download at construction
    assert call.request.headers["Ocp-Apim-Subscription-Key"] == "k3y"
    assert call.request.headers["Ocp-Apim-Subscription-Region"] == "westeurope"
    query = parse_qs(urlsplit(call.request.url or "").query)
    assert query["from"] == ["fr"] and query["to"] == ["zh-Hans"]  # Microsoft names the script


def test_libre_uses_the_configured_server_and_no_stand_in_key(http: responses.RequestsMock) -> None:
    p = PROVIDERS["libre"]
    answer(http, p, 200, recorded("libre_translation.json"))
    p.engine(libre_url="http://127.0.0.1:5999/").translate([SENTENCE], "fr", "es")  # trailing slash tolerated
    url = http.calls[0].request.url or ""
    assert url.startswith("http://127.0.0.1:5999/translate?")
    assert "api_key" not in parse_qs(urlsplit(url).query)
    http.calls.reset()
    p.engine(libre_key="s3cret").translate([SENTENCE], "fr", "es")
    assert parse_qs(urlsplit(http.calls[0].request.url or "").query)["api_key"] == ["s3cret"]


def test_libre_has_no_ukrainian() -> None:
    assert ("fr", "uk") not in PROVIDERS["libre"].engine().pairs()


def test_mymemory_uses_region_codes_and_the_contact_email(http: responses.RequestsMock) -> None:
    p = PROVIDERS["mymemory"]
    answer(http, p, 200, recorded("mymemory_translation.json"))
    p.engine().translate([SENTENCE], "fr", "uk")
    query = parse_qs(urlsplit(http.calls[0].request.url or "").query)
    assert query["langpair"] == ["fr-FR|uk-UA"] and query["de"] == ["press@example.org"]


def test_mymemory_quota_finished_inside_a_200_is_an_auth_error(http: responses.RequestsMock) -> None:
    p = PROVIDERS["mymemory"]
    answer(http, p, 200, recorded("mymemory_quota_finished.json"))
    with pytest.raises(EngineAuthError, match="daily quota"):
        p.engine().translate([SENTENCE], "fr", "es")


def test_mymemory_refuses_a_text_over_500_bytes_before_sending(http: responses.RequestsMock) -> None:
    with pytest.raises(EngineUnsupportedError, match="500 bytes"):
        PROVIDERS["mymemory"].engine().translate(["é" * 251], "fr", "es")  # 502 bytes, 251 characters
    assert len(http.calls) == 0


def test_google_speaks_its_legacy_codes(http: responses.RequestsMock) -> None:
    p = PROVIDERS["google"]
    answer(http, p, *p.success[::2], content_type="text/html")
    p.engine().translate([SENTENCE], "fr", "he")
    assert parse_qs(urlsplit(http.calls[0].request.url or "").query)["tl"] == ["iw"]


def test_settings_keys_are_not_shown_in_repr() -> None:
    shown = repr(PROVIDERS["deepl"].engine().settings)
    assert "k3y" not in shown
