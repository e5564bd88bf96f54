"""Apertium through a shared APY server (``apertium-apy``), for several workbench replicas.

The same engine as the local one (``apertium``): the same HTML paragraphs, pivots and checks, and
the same name, so WORKBENCH_ENGINES and the recorded origins of drafts do not change when an
operator moves Apertium to a server. Only the call differs: ``POST /translate`` with
``langpair=fra|spa``, ``format=html`` and ``markUnknown=yes`` (the ``-f html`` without ``-u`` of
the command line: unknown words come back marked, as locally), answered with
``{"responseData": {"translatedText": ...}}``; ``GET /listPairs`` says which pairs the server has.

APY quirks this module is built around (measured with apertium-apy 0.11.7 from Debian 12):

- APY cuts a request into at most ten pieces of about 500 to 4,096 characters and silently drops
  the rest of a longer text, so a hop's paragraphs are sent in requests of at most
  ``MAX_REQUEST_CHARS``; a paragraph that still comes back missing is an error, never a gap;
- its own per-request timeout (``-t``, 10 s by default) answers HTTP 503; so do crashed pipes:
  both are transient, and the drafting runner retries them;
- an unknown pair is HTTP 400 "That pair is not installed"; pairs are checked before sending;
- ``markUnknown=no`` is not ``-u``: it deletes every ``*`` of the output, the source's own with
  the marks (``5*3`` came back ``53``, a footnote ``*`` vanished), and leaves the generator's
  ``#give`` and the transfer's ``@word``. With ``markUnknown=yes`` APY answers what the command
  without ``-u`` prints, and the marks are read apart from the source's own symbols by the one
  reader both engines share (workbench.domain.unknown_words);
- APY runs each pair as a long-lived null-flushed pipeline, which does not always choose as the
  one-shot command does ("las Tatars" where the command prints "los Tatars"). The fr→es
  "y Ilmi" / "e ilmi" difference measured with ``markUnknown=no`` was the command's ``-u``.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

import requests

from workbench.engines.apertium import MODE_RE, ApertiumEngine, bcp47
from workbench.engines.base import EngineStatus
from workbench.engines.transport import Transport
from workbench.errors import EngineError, EngineResponseError

#: Longest request sent to APY, in characters (APY's worst case keeps 10 x 501 characters).
MAX_REQUEST_CHARS = 4_000
#: Seconds the server may take to list its pairs (the status check, shown on screens).
STATUS_TIMEOUT = 5.0


class ApertiumApyEngine(ApertiumEngine):
    """Apertium on an APY server named by WORKBENCH_APERTIUM_URL."""

    offline = False  # the text goes to the organisation's APY server
    batch_size = 50  # several requests in flight through the runner; a retry repeats 50 segments

    def __init__(self, url: str, timeout: float = 120.0, session: requests.Session | None = None) -> None:
        super().__init__(timeout=timeout)
        self.url = url.rstrip("/")
        self.transport = Transport("apertium", timeout, session)
        # Asking for the pairs must not hold a screen for the long translation timeout when the
        # server is down or firewalled: the status check has a short one of its own.
        self.status_transport = Transport("apertium", min(timeout, STATUS_TIMEOUT), self.transport.session)

    @property
    def host(self) -> str:
        """The server's host and port (shown by `workbench engines`)."""
        return urlsplit(self.url).netloc

    @cached_property
    def modes(self) -> dict[tuple[str, str], str]:
        """The server's direct pairs: (source, target) in BCP-47 -> ``fra-spa``; EngineError when unreachable."""
        body = self._json(self.status_transport.request("GET", f"{self.url}/listPairs"))
        found: dict[tuple[str, str], str] = {}
        try:
            for pair in body["responseData"]:
                mode = f"{pair['sourceLanguage']}-{pair['targetLanguage']}"
                if MODE_RE.match(mode):  # variants such as spa-eng_US are skipped, as locally
                    found.setdefault((bcp47(pair["sourceLanguage"]), bcp47(pair["targetLanguage"])), mode)
        except (KeyError, TypeError) as exc:
            raise EngineResponseError(f"apertium: {self.host} answered /listPairs with no pair list") from exc
        return dict(sorted(found.items()))

    def status(self) -> EngineStatus:
        """Available when the server answers /listPairs with at least one pair."""
        if urlsplit(self.url).scheme not in ("http", "https") or not self.host:
            return EngineStatus(False, f"WORKBENCH_APERTIUM_URL={self.url!r} is not an http(s) URL")
        try:
            modes = self.modes
        except EngineError as exc:
            return EngineStatus(False, f"the Apertium server cannot be used: {str(exc).removeprefix('apertium: ')}")
        if not modes:
            return EngineStatus(False, f"the Apertium server at {self.host} has no language pair installed")
        return EngineStatus(True)

    def _chunks(self, paragraphs: list[str]) -> list[list[str]]:
        """Paragraphs in requests of at most MAX_REQUEST_CHARS (a longer paragraph goes alone)."""
        chunks: list[list[str]] = []
        size = MAX_REQUEST_CHARS
        for para in paragraphs:
            cost = len(para) + len("<p></p>\n")
            if size + cost > MAX_REQUEST_CHARS:
                chunks.append([])
                size = 0
            chunks[-1].append(para)
            size += cost
        return chunks

    def _run(self, mode: str, payload: str) -> str:
        """The translated text of one POST /translate."""
        form = {"langpair": mode.replace("-", "|"), "q": payload, "format": "html", "markUnknown": "yes"}
        body = self._json(self.transport.request("POST", f"{self.url}/translate", data=form))
        try:
            text = body["responseData"]["translatedText"]
        except (KeyError, TypeError):
            text = None
        if not isinstance(text, str):
            raise EngineResponseError(f"apertium: {self.host} answered /translate with no translatedText")
        return text

    def _json(self, response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            raise EngineResponseError(f"apertium: {self.host} did not answer in JSON") from exc
