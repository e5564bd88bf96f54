"""Apertium on a shared APY server: the real Debian apertium-apy, and recorded answers for its failures."""

from __future__ import annotations

import json
import re
import shutil
import socket
from dataclasses import replace
from pathlib import Path

import pytest
import requests
import responses
from review_fixtures import operator
from servers import free_port

from workbench.config import Settings
from workbench.domain.unknown_words import read_marks
from workbench.engines.apertium import ApertiumEngine
from workbench.engines.apertium_apy import STATUS_TIMEOUT, ApertiumApyEngine
from workbench.engines.registry import load_engine
from workbench.errors import EngineError, EngineResponseError, EngineTimeoutError, EngineTransientError
from workbench.services import drafting, engines, releases, setup
from workbench.services.app import App

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "release-fr-crimean-tatar-leaders.txt"
pytestmark = [pytest.mark.apertium,
              pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not on PATH")]

#: Shapes recorded from apertium-apy 0.11.7 (Debian 12).
LIST_PAIRS = {"responseData": [{"sourceLanguage": "fra", "targetLanguage": "spa"},
                               {"sourceLanguage": "spa", "targetLanguage": "eng_US"},
                               {"sourceLanguage": "spa", "targetLanguage": "eng"}],
              "responseDetails": None, "responseStatus": 200}
APY_503 = {"status": "error", "code": 503, "message": "Service Unavailable", "explanation": "internal error"}


def sample_paragraphs() -> list[str]:
    if not SAMPLE.exists():
        pytest.skip(f"the shared sample is not at {SAMPLE}")
    lines = [line.strip() for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if len(line) > 40]


class CountingSession(requests.Session):
    """A requests session that records the paths it was asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []

    def request(self, method: str, url: str, *args: object, **kwargs: object) -> requests.Response:  # type: ignore[override]
        self.paths.append(url.rsplit("/", 1)[-1])
        return super().request(method, url, *args, **kwargs)  # type: ignore[arg-type]


def test_the_servers_pairs_are_the_installed_pairs_in_bcp47(apy_url: str) -> None:
    engine = ApertiumApyEngine(apy_url)
    assert engine.status().available, engine.status().reason
    assert engine.pairs() == ApertiumEngine().pairs()
    assert ("fr", "en") in engine.pairs()  # through the es pivot, as locally
    assert engine.route("fr", "en") == ["fra-spa", "spa-eng"]


@pytest.mark.parametrize("target", ["es", "en"])
def test_the_sample_comes_back_much_as_the_local_command_translates_it(apy_url: str, target: str) -> None:
    texts = sample_paragraphs()
    served = ApertiumApyEngine(apy_url).translate(texts, "fr", target)
    local = ApertiumEngine().translate(texts, "fr", target)
    assert len(served) == len(texts) and all(served)
    # Unknown words come back marked as the command marks them (markUnknown=yes is its missing -u).
    assert sum(bool(re.search(r"\*\w", t)) for t in served) > len(texts) // 2
    for source, s, lo in zip(texts, served, local, strict=True):
        assert read_marks(s, source).words == read_marks(lo, source).words
    # The server's long-lived pipeline chooses differently in a few places (see the module's notes).
    assert sum(s != lo for s, lo in zip(served, local, strict=True)) <= len(texts) // 8


@pytest.mark.parametrize("target", ["es", "en"])
def test_the_servers_marks_are_read_as_the_commands_and_the_sources_own_symbols_stay(apy_url: str,
                                                                                     target: str) -> None:
    # markUnknown=no deleted every "*" (5*3 came back 53) and left the generator's #give.
    sources = ["La décision rendue à huis clos contre les Tatars.",
               "Le résultat est 5*3 : suivez #StandWithUkraine et écrivez à presse@amnesty.fr*."]
    served = ApertiumApyEngine(apy_url).translate(sources, "fr", target)
    assert served == ApertiumEngine().translate(sources, "fr", target)
    read = [read_marks(s, source) for s, source in zip(served, sources, strict=True)]
    assert read[0].words == ("Tatars",)
    assert "5*3" in read[1].text and "#StandWithUkraine" in read[1].text and "presse@amnesty.fr*." in read[1].text
    assert not re.search(r"[*#@]\w", read[0].text)


def test_a_long_batch_goes_in_requests_apy_does_not_truncate_and_comes_back_whole(apy_url: str) -> None:
    once = sample_paragraphs()
    texts = once * 12
    assert sum(len(t) for t in texts) > 10 * 4096  # more than one APY request keeps
    session = CountingSession()
    engine = ApertiumApyEngine(apy_url, session=session)
    out = engine.translate(texts, "fr", "es")
    assert session.paths.count("translate") > 5  # several requests, none over APY's limit
    assert out == engine.translate(once, "fr", "es") * 12  # nothing lost, shifted or merged


def test_an_unreachable_server_is_unavailable_and_says_where() -> None:
    port = free_port()
    status = ApertiumApyEngine(f"http://127.0.0.1:{port}", timeout=2).status()
    assert not status.available
    assert f"cannot reach 127.0.0.1:{port}" in status.reason


def test_a_server_that_never_answers_is_unavailable_after_the_short_status_timeout() -> None:
    with socket.socket() as silent:  # accepts connections (the backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        engine = ApertiumApyEngine(f"http://127.0.0.1:{silent.getsockname()[1]}", timeout=120)
        engine.status_transport.timeout = 0.2  # the default is STATUS_TIMEOUT (5 s); the 120 s is for translating
        status = engine.status()
    assert not status.available and "within 0.2 s" in status.reason
    assert STATUS_TIMEOUT < 120 and engine.transport.timeout == 120


def test_a_url_that_is_not_http_is_unavailable() -> None:
    status = ApertiumApyEngine("ftp://mt.internal").status()
    assert not status.available and "WORKBENCH_APERTIUM_URL" in status.reason


def test_a_server_slower_than_the_timeout_is_a_timeout(apy_url: str) -> None:
    engine = ApertiumApyEngine(apy_url)
    assert engine.status().available
    engine.transport.timeout = 0.001
    with pytest.raises(EngineTimeoutError, match="within"):
        engine.translate(["Le Mejlis a été interdit en Crimée."], "fr", "es")


@pytest.fixture
def recorded() -> responses.RequestsMock:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get("http://apy.test/listPairs", json=LIST_PAIRS)
        yield mock


def test_apy_503_is_transient_so_the_runner_retries_it(recorded: responses.RequestsMock) -> None:
    recorded.post("http://apy.test/translate", status=503, json=APY_503)
    with pytest.raises(EngineTransientError, match="503"):
        ApertiumApyEngine("http://apy.test").translate(["Bonjour."], "fr", "es")


@pytest.mark.parametrize("body", ["<html>proxy error</html>", json.dumps({"responseData": None})])
def test_an_answer_without_a_translation_is_a_response_error(recorded: responses.RequestsMock, body: str) -> None:
    recorded.post("http://apy.test/translate", body=body)
    with pytest.raises(EngineResponseError):
        ApertiumApyEngine("http://apy.test").translate(["Bonjour."], "fr", "es")


def test_a_paragraph_missing_from_the_answer_is_an_error_not_a_gap(recorded: responses.RequestsMock) -> None:
    recorded.post("http://apy.test/translate", json={"responseData": {"translatedText": "<p>Hola.</p>"},
                                                     "responseDetails": None, "responseStatus": 200})
    with pytest.raises(EngineError, match="1 paragraphs for 2 segments"):
        ApertiumApyEngine("http://apy.test").translate(["Bonjour.", "Au revoir."], "fr", "es")


def test_the_request_is_html_with_unknown_marks_on_the_servers_pair(recorded: responses.RequestsMock) -> None:
    answer = {"responseData": {"translatedText": "<p>Hola &amp; adiós.</p>"}}
    call = recorded.post("http://apy.test/translate", json=answer)
    assert ApertiumApyEngine("http://apy.test/").translate(["Bonjour & au revoir."], "fr", "es") == ["Hola & adiós."]
    form = dict(p.split("=", 1) for p in call.calls[0].request.body.split("&"))
    assert form["langpair"] == "fra%7Cspa" and form["format"] == "html" and form["markUnknown"] == "yes"
    assert form["q"].startswith("%3Cp%3EBonjour+%26amp%3B+au+revoir.%3C%2Fp%3E")


def test_the_setting_puts_the_apertium_engine_on_the_server(apy_url: str) -> None:
    engine = load_engine("apertium", Settings(apertium_url=apy_url))
    assert isinstance(engine, ApertiumApyEngine) and engine.name == "apertium"
    assert not engine.cache_drafts  # an upgraded pair on the server shows at once, as locally
    assert isinstance(load_engine("apertium", Settings()), ApertiumEngine)


def test_a_release_drafted_through_the_server_has_the_glossary_names(sqlite_app: App, sample_bytes: bytes,
                                                                    apy_url: str) -> None:
    setup.init_workbench(sqlite_app)
    releases.ingest_release(sqlite_app, sample_bytes, name="sample.txt", slug="sample", user=operator(sqlite_app))
    app = App(replace(sqlite_app.settings, apertium_url=apy_url), sqlite_app.db)
    [row] = [e for e in engines.list_engines(app) if e["name"] == "apertium"]
    assert row["available"] and row["sends_to"] == apy_url.removeprefix("http://")
    result = drafting.translate_release(app, "sample", "en", user=operator(app))
    assert result["failed"] == 0 and result["drafted"] == 11 and result["engine"] == "apertium"
    text = " ".join(s["target"] for s in releases.list_segments(app, "sample", "en")["segments"])
    for name in ("Ilmi Umerov", "Akhtem Chiygoz", "Mejlis"):
        assert name in text
    assert "Oumerov" not in text and "Meijlis" not in text
