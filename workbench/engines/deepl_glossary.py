"""The term base kept as DeepL glossaries (API v2, one glossary per language pair), in step with the term base.

A glossary is named ``workbench fr→en <version>``, the version being the digest of the pair's
entries (engines/glossary_support.py ``pair_glossary``). Before the first request of a pair:

- the pair must be one DeepL has glossaries for (``GET /v2/glossary-language-pairs``, asked once);
- the account's glossaries are listed (``GET /v2/glossaries``): one with this name is **reused**;
  otherwise one is **created** (``POST /v2/glossaries``, entries as TSV) and, once it is ready,
  the older ``workbench fr→en …`` glossaries are **deleted**: the term base changed, they are
  replaced. DeepL glossaries cannot be edited (v2), so a change means a new one;
- within DeepL's limits: an entry with a tab, a line break or another control character, or
  longer than 1,024 UTF-8 bytes, is left out (and counted in ``skipped``); a glossary over 10 MiB
  is not made at all, and the names then go as protected tags (engines/deepl.py). Keeping one
  glossary per pair stays far below the 1,000 glossaries an account may hold.

The result is remembered per pair for the engine's life (a drafting run), so a run lists the
account's glossaries once per pair. Several workbench installations sharing one DeepL key each
delete the glossaries of the others' older versions, never a glossary of another name.
"""

from __future__ import annotations

import threading
import time
import unicodedata
from collections.abc import Callable
from typing import Any

from workbench.engines.base import PairGlossary
from workbench.engines.transport import Transport
from workbench.errors import EngineResponseError, EngineUnavailableError

#: DeepL's limits (developers.deepl.com, "Manage glossaries").
MAX_ENTRY_BYTES = 1024
MAX_GLOSSARY_BYTES = 10 * 1024 * 1024
#: How long a new glossary may take to become ready before a batch goes without it.
READY_WAIT = 5.0
_POLL = 0.25


def glossary_name(pair: PairGlossary) -> str:
    """``workbench fr→en <version>``."""
    return f"{_prefix(pair)}{pair.version}"


def _prefix(pair: PairGlossary) -> str:
    return f"workbench {pair.source}→{pair.target} "


def usable(term: str) -> bool:
    """Whether DeepL takes ``term`` as one side of an entry: not empty, no control character, at most 1,024 bytes."""
    return (
        bool(term) and term == term.strip() and len(term.encode("utf-8")) <= MAX_ENTRY_BYTES
        and not any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in term)
    )


def entries_tsv(pair: PairGlossary) -> tuple[str, int]:
    """The pair's entries as DeepL's TSV (one ``source<TAB>target`` a line), and how many had to be left out."""
    lines = [f"{e.source}\t{e.target}" for e in pair.entries if usable(e.source) and usable(e.target)]
    return "\n".join(lines), len(pair.entries) - len(lines)


class GlossarySync:
    """One DeepL account's glossaries for the pairs drafted in this run; safe to use from every runner thread."""

    def __init__(
        self, engine: str, transport: Transport, base_url: str, headers: dict[str, str],
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        self.engine = engine
        self.transport = transport
        self.base_url = base_url
        self.headers = headers
        self.sleep = sleep
        self._lock = threading.Lock()
        self._ids: dict[tuple[str, str], tuple[str, str | None]] = {}  # pair -> (version, glossary id or None)
        self._pairs: set[tuple[str, str]] | None = None
        #: What the last sync did, per pair: "reused", "created", "unsupported pair", "too large", ...
        self.events: list[tuple[str, str]] = []
        self.skipped = 0

    def ensure(self, pair: PairGlossary) -> str | None:
        """The id of the DeepL glossary holding ``pair`` as it is now, or None when DeepL cannot have one."""
        key = (pair.source, pair.target)
        with self._lock:
            known = self._ids.get(key)
            if known is not None and known[0] == pair.version:
                return known[1]
            glossary_id, settled = self._sync(pair)
            if settled:  # a glossary still being made is looked at again by the next batch
                self._ids[key] = (pair.version, glossary_id)
            return glossary_id

    def forget(self, pair: PairGlossary) -> None:
        """Drop what is remembered for the pair (its glossary disappeared): the next ensure looks again."""
        with self._lock:
            self._ids.pop((pair.source, pair.target), None)

    def _sync(self, pair: PairGlossary) -> tuple[str | None, bool]:
        """The glossary's id (None: go without), and whether that is settled for the pair's version."""
        label = f"{pair.source}→{pair.target}"
        if (pair.source, pair.target) not in self._supported():
            self.events.append((label, "unsupported pair"))
            return None, True
        tsv, skipped = entries_tsv(pair)
        self.skipped += skipped
        if not tsv:
            self.events.append((label, "no entries"))
            return None, True
        if len(tsv.encode("utf-8")) > MAX_GLOSSARY_BYTES:
            self.events.append((label, "too large"))
            return None, True
        mine = [g for g in self._list() if str(g.get("name", "")).startswith(_prefix(pair))]
        same = [g for g in mine if g.get("name") == glossary_name(pair)]
        if same:
            glossary, event = same[0], "reused"
        else:
            try:
                glossary, event = self._create(pair, tsv), "created"
            except (EngineResponseError, EngineUnavailableError) as exc:  # refused (entries, account limits)
                self.events.append((label, f"refused: {exc}"))
                return None, True
        glossary_id = str(glossary["glossary_id"])
        if not self._ready(glossary_id, glossary):
            self.events.append((label, "not ready"))
            return None, False
        for old in mine:
            if old.get("glossary_id") != glossary_id:
                self.transport.request("DELETE", f"{self.base_url}/v2/glossaries/{old['glossary_id']}",
                                       headers=self.headers)
                self.events.append((label, f"deleted {old.get('name')}"))
        self.events.append((label, event))
        return glossary_id, True

    def _supported(self) -> set[tuple[str, str]]:
        if self._pairs is None:
            body = self._json("GET", "/v2/glossary-language-pairs")
            try:
                self._pairs = {(str(p["source_lang"]).lower(), str(p["target_lang"]).lower())
                               for p in body["supported_languages"]}
            except (KeyError, TypeError) as exc:
                raise EngineResponseError(f"{self.engine}: unreadable glossary language pairs") from exc
        return self._pairs

    def _list(self) -> list[dict[str, Any]]:
        body = self._json("GET", "/v2/glossaries")
        glossaries = body.get("glossaries") if isinstance(body, dict) else None
        if not isinstance(glossaries, list):
            raise EngineResponseError(f"{self.engine}: unreadable list of glossaries")
        return [g for g in glossaries if isinstance(g, dict) and g.get("glossary_id")]

    def _create(self, pair: PairGlossary, tsv: str) -> dict[str, Any]:
        body = self._json("POST", "/v2/glossaries", json={
            "name": glossary_name(pair), "source_lang": pair.source, "target_lang": pair.target,
            "entries": tsv, "entries_format": "tsv",
        })
        if not isinstance(body, dict) or not body.get("glossary_id"):
            raise EngineResponseError(f"{self.engine}: the new glossary came back without an id")
        return body

    def _ready(self, glossary_id: str, described: dict[str, Any]) -> bool:
        """Whether the glossary can be used now (as listed or created), waiting up to READY_WAIT seconds."""
        if described.get("ready", True):
            return True
        waited = 0.0
        while True:
            body = self._json("GET", f"/v2/glossaries/{glossary_id}")
            if isinstance(body, dict) and body.get("ready", True):
                return True
            if waited >= READY_WAIT:
                return False
            self.sleep(_POLL)
            waited += _POLL

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.transport.request(method, f"{self.base_url}{path}", headers=self.headers, **kwargs)
        try:
            return response.json()
        except ValueError as exc:
            raise EngineResponseError(f"{self.engine}: unreadable answer to {method} {path}") from exc
