"""The online providers as the tests see them: a configured engine, its endpoint, and recorded answers.

Answers are the shapes each provider documents (tests/data/engines/<provider>_<scenario>.*);
``echo`` answers any request with ``<text> [<target>]`` in the provider's shape, so the contract
suite can check order, white space and placeholders. Everything goes through ``responses``: no
request leaves the process.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from workbench.config import EngineSettings
from workbench.engines.deepl import DeepLEngine
from workbench.engines.google import GoogleEngine
from workbench.engines.libre import LibreEngine
from workbench.engines.microsoft import MicrosoftEngine
from workbench.engines.mymemory import MyMemoryEngine
from workbench.engines.online import OnlineEngine

DATA = Path(__file__).resolve().parent / "data" / "engines"
LIBRE_URL = "http://127.0.0.1:5999"  # never contacted: responses answers first

Answer = tuple[int, dict[str, str], str]


def recorded(name: str) -> str:
    """A recorded answer body from tests/data/engines/."""
    return (DATA / name).read_text(encoding="utf-8")


def _query(request: requests.PreparedRequest) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(request.url or "").query).items()}


@dataclass(frozen=True)
class Provider:
    """One provider: how to build it configured, where it is called, and its answers."""

    name: str
    engine_class: type[OnlineEngine]
    settings: EngineSettings
    method: str
    url: re.Pattern[str]
    success: Answer
    read: Callable[[requests.PreparedRequest], tuple[list[str], str]]  # the request's (texts, target code)
    shape: Callable[[list[str], str], str]  # (translations, target) -> a success body
    content_type: str = "application/json"
    wrong_key: Answer | None = None
    unsupported: Answer | None = None

    def engine(self, **overrides: Any) -> OnlineEngine:
        """The engine, configured (settings overridden by keyword)."""
        settings = EngineSettings(**{**self.settings.__dict__, **overrides})
        return self.engine_class(settings)

    def echo(self, request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        """A responses callback: each text back with its target, in the provider's shape."""
        texts, target = self.read(request)
        return 200, {"Content-Type": self.content_type}, self.shape([f"{t} [{target}]" for t in texts], target)


def _json(name: str, status: int = 200) -> Answer:
    return status, {"Content-Type": "application/json"}, recorded(name)


PROVIDERS: dict[str, Provider] = {
    "deepl": Provider(
        "deepl", DeepLEngine, EngineSettings(deepl_key="k3y:fx", timeout=2.5), "POST",
        re.compile(r"https://api-free\.deepl\.com/v2/translate"), _json("deepl_translation.json"),
        read=lambda r: (json.loads(r.body or b"{}")["text"], json.loads(r.body or b"{}")["target_lang"]),
        shape=lambda ts, _: json.dumps({"translations": [{"detected_source_language": "FR", "text": t} for t in ts]}),
        wrong_key=_json("deepl_wrong_key.json", 403), unsupported=_json("deepl_unsupported_language.json", 400),
    ),
    "microsoft": Provider(
        "microsoft", MicrosoftEngine, EngineSettings(microsoft_key="k3y", microsoft_region="westeurope", timeout=2.5),
        "POST", re.compile(r"https://api\.cognitive\.microsofttranslator\.com/translate"),
        _json("microsoft_translation.json"),
        read=lambda r: ([json.loads(r.body or b"[]")[0]["text"]], _query(r)["to"]),
        shape=lambda ts, to: json.dumps([{"translations": [{"text": ts[0], "to": to}]}]),
        wrong_key=_json("microsoft_wrong_key.json", 401),
        unsupported=_json("microsoft_unsupported_language.json", 400),
    ),
    "libre": Provider(
        "libre", LibreEngine, EngineSettings(libre_url=LIBRE_URL, timeout=2.5), "POST",
        re.compile(re.escape(LIBRE_URL) + r"/translate"), _json("libre_translation.json"),
        read=lambda r: ([_query(r)["q"]], _query(r)["target"]),
        shape=lambda ts, _: json.dumps({"translatedText": ts[0]}),
        wrong_key=_json("libre_wrong_key.json", 403), unsupported=_json("libre_unsupported_language.json", 400),
    ),
    "mymemory": Provider(
        "mymemory", MyMemoryEngine, EngineSettings(mymemory_email="press@example.org", timeout=2.5), "GET",
        re.compile(r"http://api\.mymemory\.translated\.net/get"), _json("mymemory_translation.json"),
        read=lambda r: ([_query(r)["q"]], _query(r)["langpair"].split("|")[1]),
        shape=lambda ts, _: json.dumps({"responseData": {"translatedText": ts[0], "match": 0.85}, "responseStatus": 200,
                                       "quotaFinished": False, "responseDetails": "", "matches": []}),
        # MyMemory answers HTTP 200 and says what went wrong inside.
        unsupported=_json("mymemory_invalid_language.json", 200),
    ),
    "google": Provider(
        "google", GoogleEngine, EngineSettings(google=True, timeout=2.5), "GET",
        re.compile(r"https://translate\.google\.com/m"),
        (200, {"Content-Type": "text/html; charset=utf-8"}, recorded("google_result.html")),
        read=lambda r: ([_query(r)["q"]], _query(r)["tl"]),
        shape=lambda ts, _: f'<html><body><div class="result-container">{ts[0]}</div></body></html>',
        content_type="text/html; charset=utf-8",
    ),
}
