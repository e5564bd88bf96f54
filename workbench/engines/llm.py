"""The ``llm`` engine: a language model behind any OpenAI-compatible ``POST {URL}/chat/completions``.

Self-hosted (Ollama, vLLM, llama.cpp's server, LocalAI, LM Studio) or hosted (OpenAI, Mistral,
Azure OpenAI): WORKBENCH_LLM_URL is the API's base URL, WORKBENCH_LLM_MODEL the model, and
WORKBENCH_LLM_KEY, when set, goes as ``Authorization: Bearer``. docs/engines.md says how to run
one and what leaves the machine.

One request per batch of WORKBENCH_LLM_BATCH segments, in document order, with the segments
around the batch as context and the batch's glossary entries (engines/glossary_support.py); the
prompt and the reading of the reply are in llm_prompt.py. The model gets the names as written
(``glossary_support``) and every draft is checked by the runner before it is saved.

HTTP quirks handled here:

- the answer is **streamed** (``stream: true``): a model writing twenty segments can take a
  minute, longer than WORKBENCH_ENGINE_TIMEOUT, and with a stream that timeout applies between
  the pieces, so a stalled server is still caught; a server that answers with plain JSON anyway
  is read as such;
- ``response_format`` with a JSON schema where the server takes it; one that refuses it (HTTP
  400 naming it) is asked again without, and from then on gets the format from the prompt only;
- ``finish_reason: length`` (cut at the model's output or context limit) and ``content_filter``
  are failures with a message saying so, never a half-read reply;
- HTTP 404 is a wrong base URL or a model the server does not have (Ollama: "try pulling it").
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3

from workbench.config import EngineSettings
from workbench.domain import language_tags
from workbench.engines.base import Engine, EngineStatus, Request, keep_spacing
from workbench.engines.llm_prompt import (
    LANGUAGES,
    PROMPT_VERSION,
    copied_from,
    match_reply,
    messages,
    read_reply,
    reply_schema,
)
from workbench.engines.transport import Transport, error_detail
from workbench.errors import (
    EngineError,
    EngineReplyError,
    EngineResponseError,
    EngineTimeoutError,
    EngineTransientError,
    EngineUnavailableError,
    EngineUnsupportedError,
)


class _SchemaRefused(EngineResponseError):
    """The server refused ``response_format``: ask again without it."""


class _ChatTransport(Transport):
    """The shared transport, with the answers chat-completions servers give for a wrong URL, model or option."""

    def raise_for_status(self, response: requests.Response) -> None:
        """404 and a refused ``response_format`` say what to fix; the rest as for every online engine."""
        status = response.status_code
        if status == 404:
            raise EngineUnavailableError(
                f"{self.engine}: HTTP 404 from {urlsplit(response.url or '').netloc}: {error_detail(response)} "
                "(WORKBENCH_LLM_URL must be the API's base URL, e.g. http://HOST:11434/v1 for Ollama, "
                "and WORKBENCH_LLM_MODEL a model the server has)"
            )
        if status in (400, 422):
            detail = error_detail(response)
            if "response_format" in detail or "json_schema" in detail:
                raise _SchemaRefused(f"{self.engine}: the server refuses response_format: {detail}")
            raise EngineResponseError(f"{self.engine}: HTTP {status}: {detail}")
        super().raise_for_status(response)


@lru_cache(maxsize=64)
def _instructions(directory: Path | None, lang: str) -> str:
    """The organisation's instructions for ``lang`` (``LANG.md`` in the directory), "" when there are none."""
    name = f"{lang.split('-')[0]}.md"
    if directory is None:
        shipped = resources.files("workbench") / "data" / "llm-instructions" / name
        return shipped.read_text(encoding="utf-8") if shipped.is_file() else ""
    path = directory / name
    return path.read_text(encoding="utf-8") if path.is_file() else ""


class LLMEngine(Engine):
    """A language model on an OpenAI-compatible chat-completions endpoint."""

    name = "llm"
    offline = False  # even a self-hosted model is another machine: `workbench engines` names it
    cache_drafts = True
    needs_key = False
    glossary_support = True

    def __init__(self, settings: EngineSettings, session: requests.Session | None = None) -> None:
        self.settings = settings
        self.batch_size = settings.llm_batch
        self.transport = _ChatTransport(self.name, settings.timeout, session, pool_size=settings.concurrency)
        self._schema = True  # until the server refuses response_format
        self._lock = threading.Lock()
        #: Tokens the server reported (prompt_tokens, completion_tokens) and requests sent, for this engine.
        self.usage: Counter[str] = Counter()

    # --- identity and configuration -------------------------------------------------------

    @property
    def url(self) -> str:
        """``{WORKBENCH_LLM_URL}/chat/completions``."""
        return self.settings.llm_url.rstrip("/") + "/chat/completions"

    @property
    def host(self) -> str:
        """Where the text goes (shown by `workbench engines`)."""
        return urlsplit(self.settings.llm_url).netloc

    def missing(self) -> str:
        """Needs WORKBENCH_LLM_URL (http or https) and WORKBENCH_LLM_MODEL."""
        if not self.settings.llm_url or not self.settings.llm_model:
            return "no model: set WORKBENCH_LLM_URL and WORKBENCH_LLM_MODEL"
        if urlsplit(self.settings.llm_url).scheme not in ("http", "https"):
            return f"WORKBENCH_LLM_URL={self.settings.llm_url!r} is not an http(s) URL"
        return ""

    def status(self) -> EngineStatus:
        """Available when configured; nothing is sent to check (the first call proves the server)."""
        reason = self.missing()
        return EngineStatus(not reason, reason)

    def pairs(self) -> set[tuple[str, str]]:
        """Every ordered pair of the languages the prompt can name."""
        return {(s, t) for s in LANGUAGES for t in LANGUAGES if s != t}

    def cache_text(self, text: str, before: str, after: str, target: str) -> str:
        """The text with its neighbours, under the model, the prompt's version and the instructions for ``target``."""
        instructions = _instructions(self.settings.llm_instructions, target)
        scope = hashlib.sha256(f"{PROMPT_VERSION}\0{self.settings.llm_model}\0{instructions}".encode()).hexdigest()
        return "\x1f".join((scope[:16], before, text, after))

    # --- translation -------------------------------------------------------------------------

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate texts without glossary or context (what the contract suite calls)."""
        return self.translate_request(Request(tuple(texts), source, target))

    def translate_request(self, request: Request) -> list[str]:
        """One chat completion for the request's texts; blank texts come back as they are, never sent."""
        self.require_configured()
        for lang in (request.source, request.target):
            if language_tags.base(lang) not in LANGUAGES:
                raise EngineUnsupportedError(f"{self.name} does not translate {lang!r}")
        sent = [k for k, t in enumerate(request.texts) if t.strip()]
        if not sent:
            return list(request.texts)
        texts = [request.texts[k].strip() for k in sent]
        ids = [str(n) for n in range(1, len(sent) + 1)]
        instructions = _instructions(self.settings.llm_instructions, request.target)
        chat = messages(request, texts, ids, instructions)
        content = self._complete(chat, ids)
        source = copied_from(content, texts)
        if source is not None:  # it obeyed a segment holding a reply: nothing of it can be trusted
            reason = f"the reply is a copy of a JSON document found in segment {source + 1}, not a translation"
            raise EngineReplyError(f"{self.name}: {reason}", [None] * len(request.texts),
                                   [reason if k in sent else "" for k in range(len(request.texts))])
        drafts, reasons = match_reply(read_reply(content, self.name), ids, texts, request.target)
        outputs: list[str | None] = list(request.texts)
        why = ["" for _ in request.texts]
        for k, draft, reason in zip(sent, drafts, reasons, strict=True):
            outputs[k] = None if draft is None else keep_spacing(request.texts[k], draft)
            why[k] = reason
        failed = [r for r in why if r]
        if failed:
            raise EngineReplyError(f"{self.name}: {len(failed)} of {len(sent)} segments failed: {failed[0]}",
                                   outputs, why)
        return [o or "" for o in outputs]

    def _complete(self, chat: list[dict[str, str]], ids: Sequence[str]) -> str:
        """The model's answer to ``chat``; raises the EngineError that says why there is none."""
        body: dict[str, Any] = {
            "model": self.settings.llm_model, "messages": chat, "temperature": 0,
            "stream": True, "stream_options": {"include_usage": True},
        }
        headers = {"Accept": "text/event-stream"}
        if self.settings.llm_key:
            headers["Authorization"] = f"Bearer {self.settings.llm_key}"
        with self._lock:
            schema = self._schema
        if schema:
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "translations", "strict": True, "schema": reply_schema(ids)},
            }
        try:
            response = self.transport.request("POST", self.url, json=body, headers=headers, stream=True)
        except _SchemaRefused:
            with self._lock:
                self._schema = False
            del body["response_format"]
            response = self.transport.request("POST", self.url, json=body, headers=headers, stream=True)
        with response:
            if "text/event-stream" in response.headers.get("Content-Type", ""):
                content, finish, usage = self._read_stream(response)
            else:
                content, finish, usage = self._read_json(response)
        with self._lock:
            self.usage["requests"] += 1
            for key in ("prompt_tokens", "completion_tokens"):
                if isinstance(usage.get(key), int):
                    self.usage[key] += usage[key]
        if finish == "length":
            raise EngineResponseError(
                f"{self.name}: the reply was cut off at the model's limit (finish_reason length) after "
                f"{len(content)} characters: lower WORKBENCH_LLM_BATCH, or raise the server's limits "
                "(Ollama: OLLAMA_CONTEXT_LENGTH)"
            )
        if finish == "content_filter":
            raise EngineResponseError(f"{self.name}: the provider's content filter stopped the reply")
        if finish is None:
            raise EngineTransientError(f"{self.name}: the answer from {self.host} broke off before its end")
        return content

    def _read_json(self, response: requests.Response) -> tuple[str, str | None, dict[str, Any]]:
        """A whole chat.completion: its content, finish_reason and usage."""
        try:
            body = response.json()
            choice = body["choices"][0]
            content = choice["message"].get("content") or ""
            finish = choice.get("finish_reason")
        except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
            raise EngineResponseError(f"{self.name}: the answer is not a chat completion ({type(exc).__name__})") \
                from exc
        usage = body.get("usage") if isinstance(body.get("usage"), dict) else {}
        return str(content), finish or "stop", usage

    def _read_stream(self, response: requests.Response) -> tuple[str, str | None, dict[str, Any]]:
        """A streamed chat completion (server-sent events): the content pieces joined, finish_reason and usage."""
        pieces: list[str] = []
        finish: str | None = None
        usage: dict[str, Any] = {}
        for event in self._events(response):
            if isinstance(event.get("error"), dict | str):  # an error reported inside the stream (vLLM, OpenAI)
                raise EngineResponseError(f"{self.name}: the server reported an error: {str(event['error'])[:200]}")
            if isinstance(event.get("usage"), dict):
                usage = event["usage"]
            for choice in event.get("choices") or ():
                if not isinstance(choice, dict):
                    continue
                delta = choice.get("delta") or {}
                if isinstance(delta, dict) and isinstance(delta.get("content"), str):
                    pieces.append(delta["content"])  # "reasoning" pieces of thinking models are left out
                if choice.get("finish_reason"):
                    finish = str(choice["finish_reason"])
        return "".join(pieces), finish, usage

    def _events(self, response: requests.Response) -> Iterator[dict[str, Any]]:
        """The JSON events of a server-sent event stream, until ``[DONE]``; read errors as EngineErrors."""
        try:
            for raw in response.iter_lines():
                line = raw.decode("utf-8", "replace").strip()
                if not line.startswith("data:"):
                    continue  # blank separators, ": keep-alive" comments, "event:" lines
                data = line[5:].strip()
                if data == "[DONE]":
                    return
                try:
                    event = json.loads(data)
                except ValueError as exc:
                    raise EngineResponseError(f"{self.name}: a piece of the streamed answer is not JSON: "
                                              f"{data[:80]!r}") from exc
                if isinstance(event, dict):
                    yield event
        except EngineError:
            raise
        except requests.exceptions.ConnectionError as exc:
            if any(isinstance(a, urllib3.exceptions.ReadTimeoutError) for a in exc.args):
                raise EngineTimeoutError(f"{self.name}: {self.host} stopped answering for "
                                         f"{self.settings.timeout:g} s") from exc
            raise EngineTransientError(f"{self.name}: the answer from {self.host} broke off") from exc
        except requests.RequestException as exc:
            raise EngineTransientError(f"{self.name}: the answer from {self.host} broke off "
                                       f"({type(exc).__name__})") from exc
