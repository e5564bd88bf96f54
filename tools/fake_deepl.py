"""A DeepL API v2 stand-in on 127.0.0.1: translate with glossaries and tags, and the glossary endpoints.

    .venv/bin/python tools/fake_deepl.py [--port 5056] [--latency 0.1]

Used by the deepl engine's tests (``DeepLEngine(settings, base_url=fake.url)``). It answers, in
DeepL's shapes (tests/data/engines/deepl_*.json):

- ``POST /v2/translate`` (JSON body or form): up to 50 ``text``; each "translation" is the text
  with the glossary's entries applied (``glossary_id``), content of ``ignore_tags`` left alone,
  followed by `` [<TARGET_LANG>]``; with ``tag_handling=xml`` the text must be well-formed XML
  (DeepL's tag handling v2 refuses anything else);
- ``GET /v2/glossary-language-pairs``, ``GET``/``POST /v2/glossaries``, ``GET``/``DELETE
  /v2/glossaries/{id}``, ``GET /v2/glossaries/{id}/entries`` (TSV), with DeepL's checks on
  entries (duplicates, empty sides, control characters, 1,024 bytes);
- ``Authorization: DeepL-Auth-Key <key>`` or HTTP 403; scripted faults per translate request
  (``script``: "500", "429", "456", "stall", "bad_json").
"""

from __future__ import annotations

import json
import re
import threading
import time
import unicodedata
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

from fake_http import FakeHandler, FakeServer, arguments

#: The pairs the fake has glossaries for (DeepL's list is longer; uk, for one, was long missing).
GLOSSARY_LANGUAGES = ("da", "de", "en", "es", "fr", "it", "ja", "ko", "nb", "nl", "pl", "pt", "ru", "sv", "zh")

#: DeepL's target codes (EN and PT alone are kept for old clients).
TARGETS = frozenset(
    "AR BG CS DA DE EL EN EN-GB EN-US ES ET FI FR HU ID IT JA KO LT LV NB NL PL PT PT-BR PT-PT RO RU SK SL SV TR "
    "UK ZH ZH-HANS ZH-HANT".split()
)


@dataclass
class Behaviour:
    """How the server answers."""

    key: str = "k3y:fx"
    latency: float = 0.0
    script: list[str] = field(default_factory=list)  # the next translate requests' faults, in order
    stall: float = 5.0
    retry_after: str = "1"
    glossary_languages: tuple[str, ...] = GLOSSARY_LANGUAGES
    ready_after: int = 0            # a new glossary answers ready=false to this many GETs first
    glossaries: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> metadata and "entries"
    requests: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)  # (method, path, parameters)
    counts: Counter[str] = field(default_factory=Counter)


class FakeDeepL(FakeServer):
    """The server, run in a daemon thread; ``url`` is its base URL."""

    def __init__(self, behaviour: Behaviour | None = None, port: int = 0) -> None:
        super().__init__(_Handler, port)
        self.behaviour = behaviour or Behaviour()
        self.lock = threading.Lock()

    def add_glossary(self, name: str, source: str, target: str, entries: dict[str, str]) -> str:
        """Put a glossary in the account (as another installation or a person would); returns its id."""
        glossary_id = str(uuid.uuid4())
        with self.lock:
            self.behaviour.glossaries[glossary_id] = _metadata(glossary_id, name, source, target, entries, 0)
        return glossary_id


def _metadata(glossary_id: str, name: str, source: str, target: str, entries: dict[str, str],
              pending: int) -> dict[str, Any]:
    return {"glossary_id": glossary_id, "name": name, "ready": pending == 0, "source_lang": source,
            "target_lang": target, "creation_time": datetime.now(UTC).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"), "entry_count": len(entries), "entries": entries, "pending": pending}


def _public(g: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in g.items() if k not in ("entries", "pending")}


def _entry_problem(term: str) -> str:
    if not term or term != term.strip():
        return "empty or surrounded by white space"
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in term):
        return "contains a control character"
    if len(term.encode("utf-8")) > 1024:
        return "longer than 1024 bytes"
    return ""


def apply_glossary(text: str, entries: dict[str, str], ignore: str) -> str:
    """The text with each entry's source replaced by its target, outside the ignored tags."""
    if not entries:
        return text
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(s) for s in sorted(entries, key=len, reverse=True))
                         + r")(?!\w)")
    if not ignore:
        return pattern.sub(lambda m: entries[m.group(1)], text)
    parts = re.split(rf"(<{ignore}>.*?</{ignore}>)", text)
    return "".join(p if p.startswith(f"<{ignore}>") else pattern.sub(lambda m: entries[m.group(1)], p)
                   for p in parts)


class _Handler(FakeHandler):
    fake: FakeDeepL

    def _send(self, status: int, body: Any = None, content_type: str = "application/json",
              headers: dict[str, str] | None = None) -> None:
        data = b"" if body is None else body.encode("utf-8") if isinstance(body, str) else json.dumps(
            body, ensure_ascii=False).encode("utf-8")
        self.send_bytes(status, data, content_type if body is not None else None, headers)

    def _params(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if "json" in (self.headers.get("Content-Type") or ""):
            return dict(json.loads(raw or b"{}"))
        form = parse_qs(raw.decode("utf-8"))
        return {k: v if k == "text" else v[0] for k, v in form.items()}

    def _route(self, method: str) -> None:
        b = self.fake.behaviour
        path = urlsplit(self.path).path.rstrip("/")
        params = self._params() if method == "POST" else {}
        with self.fake.lock:
            b.requests.append((method, path, params))
            b.counts[f"{method} {re.sub(r'/[0-9a-f-]{36}', '/{id}', path)}"] += 1
        if self.headers.get("Authorization") != f"DeepL-Auth-Key {b.key}":
            self._send(403, {"message": "Authorization failure, check auth_key"})
            return
        if method == "POST" and path == "/v2/translate":
            self._translate(params)
        elif method == "GET" and path == "/v2/glossary-language-pairs":
            pairs = [{"source_lang": s, "target_lang": t} for s in b.glossary_languages
                     for t in b.glossary_languages if s != t]
            self._send(200, {"supported_languages": pairs})
        elif path == "/v2/glossaries":
            if method == "POST":
                self._create(params)
            else:
                with self.fake.lock:
                    self._send(200, {"glossaries": [_public(g) for g in b.glossaries.values()]})
        elif m := re.fullmatch(r"/v2/glossaries/([^/]+)(/entries)?", path):
            self._glossary(method, m.group(1), bool(m.group(2)))
        else:
            self._send(404, {"message": "Not found"})

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_DELETE(self) -> None:
        self._route("DELETE")

    def _create(self, params: dict[str, Any]) -> None:
        b = self.fake.behaviour
        source, target = str(params.get("source_lang", "")).lower(), str(params.get("target_lang", "")).lower()
        if source not in b.glossary_languages or target not in b.glossary_languages:
            self._send(400, {"message": "Unsupported glossary source and target language pair"})
            return
        if params.get("entries_format", "tsv") != "tsv":
            self._send(400, {"message": "Unsupported entries format"})
            return
        entries: dict[str, str] = {}
        for n, line in enumerate(str(params.get("entries", "")).split("\n"), 1):
            parts = line.split("\t")
            problem = "not two tab-separated terms" if len(parts) != 2 else (
                _entry_problem(parts[0]) or _entry_problem(parts[1])
                or ("duplicate source entry" if parts[0] in entries else ""))
            if problem:
                self._send(400, {"message": "Invalid glossary entries provided",
                                 "detail": f"Entry {n}: {problem}"})
                return
            entries[parts[0]] = parts[1]
        glossary_id = str(uuid.uuid4())
        with self.fake.lock:
            b.glossaries[glossary_id] = _metadata(glossary_id, str(params.get("name", "")), source, target, entries,
                                                  b.ready_after)
            self._send(201, _public(b.glossaries[glossary_id]))

    def _glossary(self, method: str, glossary_id: str, entries: bool) -> None:
        b = self.fake.behaviour
        with self.fake.lock:
            g = b.glossaries.get(glossary_id)
            if g is None:
                self._send(404, {"message": "Glossary not found"})
                return
            if method == "DELETE":
                del b.glossaries[glossary_id]
                self._send(204)
            elif entries:
                self._send(200, "\n".join(f"{s}\t{t}" for s, t in g["entries"].items()),
                           "text/tab-separated-values")
            else:
                if g["pending"]:
                    g["pending"] -= 1
                    g["ready"] = g["pending"] == 0
                self._send(200, _public(g))

    def _translate(self, params: dict[str, Any]) -> None:
        b = self.fake.behaviour
        with self.fake.lock:
            fault = b.script.pop(0) if b.script else ""
            b.counts[fault or "good"] += 1
        if b.latency:
            time.sleep(b.latency)
        if fault == "stall":
            time.sleep(b.stall)
            self._send(504, {"message": "stalled"})
            return
        if fault in ("500", "429", "456"):
            message = {"500": "Internal server error", "429": "Too many requests", "456": "Quota Exceeded"}[fault]
            self._send(int(fault), {"message": message}, headers={"Retry-After": b.retry_after} if fault == "429"
                       else None)
            return
        texts = params.get("text")
        texts = [texts] if isinstance(texts, str) else texts
        if not isinstance(texts, list) or not texts or len(texts) > 50:
            self._send(400, {"message": "Parameter 'text' not specified." if not texts else
                             "Too many texts: at most 50 per request."})
            return
        target = str(params.get("target_lang", "")).upper()
        if target not in TARGETS:
            self._send(400, {"message": "Value for 'target_lang' not supported."})
            return
        entries: dict[str, str] = {}
        if params.get("glossary_id"):
            with self.fake.lock:
                g = b.glossaries.get(str(params["glossary_id"]))
            if g is None or not g["ready"]:
                self._send(400 if g else 404, {"message": "Glossary not found" if g is None else "Glossary not ready"})
                return
            if g["source_lang"] != str(params.get("source_lang", "")).lower():
                self._send(400, {"message": "Glossary source language does not match the request"})
                return
            entries = g["entries"]
        ignore = ",".join(params.get("ignore_tags") or []) if isinstance(params.get("ignore_tags"), list) \
            else str(params.get("ignore_tags") or "")
        if params.get("tag_handling") == "xml":
            for text in texts:
                try:
                    ElementTree.fromstring(f"<r>{text}</r>")
                except ElementTree.ParseError:
                    self._send(400, {"message": "Tag handling parsing failed, please check input."})
                    return
        out = [{"detected_source_language": str(params.get("source_lang", "FR")).upper(),
                "text": f"{apply_glossary(t, entries, ignore)} [{target}]"} for t in texts]
        if fault == "bad_json":
            self._send(200, '{"translations": [', "application/json")
            return
        self._send(200, {"translations": out})


def main() -> None:
    """Serve until interrupted."""
    parser = arguments(__doc__, 5056, "seconds per request")
    parser.add_argument("--key", default="k3y:fx")
    args = parser.parse_args()
    fake = FakeDeepL(Behaviour(key=args.key, latency=args.latency), port=args.port)
    fake.serve(f"fake DeepL on {fake.url}, key {args.key}")


if __name__ == "__main__":
    main()
