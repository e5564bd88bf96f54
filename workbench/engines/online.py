"""What every online engine shares: language codes, configuration status, and one guarded call per text.

A provider is a small subclass (``microsoft.py``, ``libre.py``, ``mymemory.py``, ``google.py``)
that declares its identity in attributes and builds deep-translator's translator for one call.
deep-translator sends one HTTP request per text even in ``translate_batch``, so such an
engine's ``batch_size`` is 1: the runner then spreads the segments over its threads, and a
retry repeats one segment, never a whole batch. DeepL (``deepl.py``) shares the configuration
and the transport but calls its API directly, 50 texts a request with its glossaries, and
overrides ``translate``. deep-translator's translator objects keep
per-call state in ``_url_params``, so a fresh one is built for every call (they are cheap; the
Microsoft one is made cheap by ``microsoft.py``).

Placeholders: the ``Zx{n}q`` shape of the Engine base is kept for every provider. It could not be
checked against the live services from the build machine (no network there); the masking layer
repairs the usual damage (case changed, a space slipped in, glued to a neighbour) and a name the
engine lost is reported as unresolved on the segment, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import requests

from workbench.config import EngineSettings
from workbench.engines.base import Engine, EngineStatus, keep_spacing
from workbench.engines.transport import Check, Prepare, Transport
from workbench.errors import EngineError, EngineResponseError, EngineUnsupportedError

#: Parse failures of deep-translator on an answer that is not what it expects (garbage body).
_PARSE_ERRORS = (ValueError, KeyError, IndexError, TypeError, AttributeError, StopIteration)


class OnlineEngine(Engine):
    """An engine that sends text to a provider over HTTP through deep-translator."""

    offline = False
    cache_drafts = True
    batch_size = 1
    #: BCP-47 code -> the provider's own code for it.
    languages: ClassVar[Mapping[str, str]] = {}
    #: Longest text the provider takes in one request, in UTF-8 bytes (None: no limit we know of).
    max_bytes: ClassVar[int | None] = None

    def __init__(self, settings: EngineSettings, session: requests.Session | None = None) -> None:
        self.settings = settings
        self.transport = Transport(
            self.name, settings.timeout, session, self.prepare_hook(), self.check_hook(), pool_size=settings.concurrency
        )

    # --- identity and configuration -------------------------------------------------------

    @property
    def host(self) -> str:
        """Where the text goes (shown by `workbench engines`)."""
        return ""

    def status(self) -> EngineStatus:
        """Available when configured; nothing is sent to check (a key is proven by the first call)."""
        reason = self.missing()
        if reason:
            return EngineStatus(False, reason)
        return EngineStatus(True)

    def pairs(self) -> set[tuple[str, str]]:
        """Every ordered pair of two different languages the provider lists."""
        return {(s, t) for s in self.languages for t in self.languages if s != t}

    def code(self, lang: str) -> str:
        """The provider's code for a BCP-47 language; EngineUnsupportedError when it has none."""
        try:
            return self.languages[lang]
        except KeyError as exc:
            raise EngineUnsupportedError(f"{self.name} does not translate {lang!r}") from exc

    # --- hooks for providers ---------------------------------------------------------------

    def prepare_hook(self) -> Prepare | None:
        """A rewrite of deep-translator's request before it is sent (None: sent as built)."""
        return None

    def check_hook(self) -> Check | None:
        """A check of 2xx answers that may carry an error (MyMemory's do)."""
        return None

    def call(self, text: str, source: str, target: str) -> Any:
        """One deep-translator call for one text, in provider codes; returns its raw result."""
        raise NotImplementedError

    # --- translation -------------------------------------------------------------------------

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate each text with one request; blank texts are returned as they are, never sent."""
        self.require_configured()
        src, tgt = self.code(source), self.code(target)
        out: list[str] = []
        with self.transport.active():
            for text in texts:
                out.append(self._one(text, src, tgt) if text.strip() else text)
        return out

    def _one(self, text: str, source: str, target: str) -> str:
        body = text.strip()
        if self.max_bytes is not None and len(body.encode("utf-8")) > self.max_bytes:
            raise EngineUnsupportedError(f"{self.name} takes at most {self.max_bytes} bytes per text")
        try:
            result = self.call(body, source, target)
        except EngineError:
            raise
        except _PARSE_ERRORS as exc:
            raise EngineResponseError(f"{self.name}: unreadable answer ({type(exc).__name__})") from exc
        except Exception as exc:
            # deep-translator's own exceptions (TranslationNotFound, ServerException, ...) have no
            # common base worth naming; everything requests-level was converted by the transport.
            if type(exc).__module__.startswith("deep_translator"):
                raise EngineResponseError(f"{self.name}: {type(exc).__name__}: {exc}"[:300]) from exc
            raise
        if not isinstance(result, str) or not result.strip():
            raise EngineResponseError(f"{self.name} returned no text")
        return keep_spacing(text, result)
