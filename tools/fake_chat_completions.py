"""An OpenAI-compatible chat-completions stand-in on 127.0.0.1: a pretend model, slow or faulty on purpose.

    .venv/bin/python tools/fake_chat_completions.py [--port 11434] [--flavour ollama] [--latency 0.3]
    WORKBENCH_LLM_URL=http://127.0.0.1:11434/v1 WORKBENCH_LLM_MODEL=qwen2.5:14b workbench translate SLUG --to en

Used by the llm engine's tests and ``benchmarks/llm_batching.py``. It answers
``POST /v1/chat/completions`` in the shapes of OpenAI (``flavour="openai"``) or of Ollama's
OpenAI-compatible endpoint (``flavour="ollama"``): a streamed answer (server-sent events) when
asked for one, else one JSON body; errors as each of them writes them. The shapes are those of
tests/data/engines/{openai,ollama}_chat_*.

The pretend model reads the JSON after ``DATA`` in the user message and "translates" each
segment by writing every glossary entry's target form in place of its source, followed by
`` [<target>]``, so a test can tell a draft from its source and check every name. A scripted
fault per request (``Behaviour.script``, consumed in order) makes it fail the way servers and
models do: HTTP 500, 429 with Retry-After, a stall, a reply that is not JSON, empty or cut at
the length limit, ids left out, doubled or invented, names misspelt, a stream that breaks off.
``gullible=True`` makes it obey instructions written in the segments, as a model may.
"""

from __future__ import annotations

import json
import math
import re
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from fake_http import FakeHandler, FakeServer, arguments

#: Faults a request can be given (Behaviour.script); "" is a good answer.
FAULTS = ("", "500", "429", "stall", "bad_json", "empty", "length", "content_filter", "missing_id", "extra_id",
          "duplicate_id", "misspell", "broken_stream", "chatty")


@dataclass
class Behaviour:
    """How the server answers."""

    flavour: str = "openai"           # "openai" or "ollama": whose response shapes
    latency: float = 0.0              # seconds per request, before answering
    schema: bool = True               # False: response_format is refused with HTTP 400
    stream: bool = True               # False: one JSON body even when a stream is asked for
    script: list[str] = field(default_factory=list)  # the next requests' faults, in order
    gullible: bool = False            # obeys instructions found in the segments
    retry_after: str = "1"
    stall: float = 5.0
    models: frozenset[str] = frozenset({"qwen2.5:14b", "gpt-4.1-mini"})
    api_key: str = ""                 # when set, a request without "Bearer <api_key>" gets HTTP 401
    requests: list[dict[str, Any]] = field(default_factory=list)  # every request body received
    counts: Counter[str] = field(default_factory=Counter)


def estimate_tokens(text: str) -> int:
    """Tokens as OpenAI's rule of thumb counts them (about four characters each); the server reports these."""
    return math.ceil(len(text) / 4)


def translate(segment: str, glossary: list[list[str]], target: str, apply_names: bool = True) -> str:
    """The pretend model's translation: glossary targets in place of their sources, then `` [target]``."""
    entries = [e for e in glossary if apply_names or e[2] not in ("person", "place", "org")]
    if entries:
        by_source = {source: target for source, target, _kind in entries}
        pattern = re.compile(r"(?<!\w)(" + "|".join(
            re.escape(s) for s in sorted(by_source, key=len, reverse=True)) + r")(?!\w)")
        segment = pattern.sub(lambda m: by_source[m.group(1)], segment)
    return f"{segment} [{target}]"


_INJECTED = re.compile(r"ignore (?:all |the )?previous instructions(?: and)? (?:write|say|reply)\s*[:«“\"]?\s*"
                       r"(?P<what>[^»”\"]+)", re.I)


class FakeChatCompletions(FakeServer):
    """The server, run in a daemon thread; ``url`` is its base URL (what WORKBENCH_LLM_URL takes)."""

    url_path = "/v1"

    def __init__(self, behaviour: Behaviour | None = None, port: int = 0) -> None:
        super().__init__(_Handler, port)
        self.behaviour = behaviour or Behaviour()
        self._lock = threading.Lock()

    def next_fault(self, body: dict[str, Any]) -> str:
        """Record the request; the fault it gets ("" for none)."""
        with self._lock:
            self.behaviour.requests.append(body)
            self.behaviour.counts["requests"] += 1
            fault = self.behaviour.script.pop(0) if self.behaviour.script else ""
            self.behaviour.counts[fault or "good"] += 1
            return fault

    def reply(self, body: dict[str, Any], fault: str) -> str:
        """The pretend model's reply content for a request (as a model would write it)."""
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        data = json.loads(user.split("\n", 1)[1])
        target, glossary = data["target_language"], data.get("glossary", [])
        items = []
        for seg in data["segments"]:
            text = translate(seg["text"], glossary, target, apply_names=fault != "misspell")
            if self.behaviour.gullible:
                if '{"translations"' in seg["text"]:  # a fake reply in the source: it answers with that
                    start = seg["text"].index('{"translations"')
                    return seg["text"][start:seg["text"].rindex("}") + 1]
                injected = _INJECTED.search(seg["text"])
                if injected:
                    text = injected.group("what").strip()
            items.append({"id": seg["id"], "text": text})
        if fault == "missing_id":
            items = items[:-1]
        elif fault == "extra_id":
            items.append({"id": "99", "text": "Nothing asked for this."})
        elif fault == "duplicate_id":
            items.append(dict(items[0]))
        content = json.dumps({"translations": items}, ensure_ascii=False)
        if fault == "bad_json":
            return "Here are the translations: " + content[: len(content) // 2]
        if fault == "chatty":  # no schema: a sentence around the JSON
            return f"Sure! Here is the JSON you asked for:\n```json\n{content}\n```"
        if fault == "empty":
            return ""
        return content


class _Handler(FakeHandler):
    fake: FakeChatCompletions

    # --- plumbing ------------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str = "application/json",
              headers: dict[str, str] | None = None) -> None:
        self.send_bytes(status, body, content_type, headers)

    def _error(self, status: int, message: str, kind: str, code: str | None = None,
               headers: dict[str, str] | None = None) -> None:
        error = {"message": message, "type": kind, "param": None, "code": code}
        self._send(status, json.dumps({"error": error}).encode(), headers=headers)

    def _stream(self, chunks: list[dict[str, Any]], broken: bool = False) -> None:
        """Send server-sent events with chunked transfer encoding, as OpenAI and Ollama do."""
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            events = [f"data: {json.dumps(c, ensure_ascii=False)}\n\n" for c in chunks] + ["data: [DONE]\n\n"]
            if broken:
                events = events[: max(1, len(events) // 2)]
            for event in events:
                data = event.encode("utf-8")
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()
            if broken:  # the connection drops mid-answer
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True

    # --- the endpoint ----------------------------------------------------------------------------

    def do_POST(self) -> None:
        fake, b = self.fake, self.fake.behaviour
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._error(404, "404 page not found", "not_found_error")
            return
        body = json.loads(raw or b"{}")
        ollama = b.flavour == "ollama"
        if b.api_key and self.headers.get("Authorization") != f"Bearer {b.api_key}":
            self._error(401, "Incorrect API key provided: sk-****. You can find your API key at "
                        "https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key")
            return
        if body.get("model") not in b.models:
            if ollama:
                self._error(404, f'model "{body.get("model")}" not found, try pulling it first', "not_found_error")
            else:
                self._error(404, f"The model `{body.get('model')}` does not exist or you do not have access to it.",
                            "invalid_request_error", "model_not_found")
            return
        if "response_format" in body and not b.schema:
            self._error(400, "response_format of type json_schema is not supported by this server",
                        "invalid_request_error")
            return
        fault = fake.next_fault(body)
        if b.latency:
            time.sleep(b.latency)
        if fault == "stall":
            time.sleep(b.stall)
            self._error(504, "stalled", "api_error")
            return
        if fault == "500":
            self._error(500, "The server had an error while processing your request.", "server_error")
            return
        if fault == "429":
            self._error(429, "Rate limit reached for requests", "requests", "rate_limit_exceeded",
                        headers={"Retry-After": b.retry_after})
            return
        content = fake.reply(body, fault)
        finish = {"length": "length", "content_filter": "content_filter"}.get(fault, "stop")
        if fault == "length":
            content = content[: len(content) // 3]
        prompt = sum(estimate_tokens(m["content"]) for m in body["messages"])
        usage = {"prompt_tokens": prompt, "completion_tokens": estimate_tokens(content),
                 "total_tokens": prompt + estimate_tokens(content)}
        created = int(time.time())
        ident = f"chatcmpl-{b.counts['requests']}"
        if body.get("stream") and b.stream:
            self._stream(_chunks(ident, created, body["model"], content, finish, usage, ollama,
                                 bool((body.get("stream_options") or {}).get("include_usage"))),
                         broken=fault == "broken_stream")
            return
        self._send(200, json.dumps(_completion(ident, created, body["model"], content, finish, usage, ollama),
                                   ensure_ascii=False).encode("utf-8"))


def _completion(ident: str, created: int, model: str, content: str, finish: str, usage: dict[str, int],
                ollama: bool) -> dict[str, Any]:
    """A whole chat.completion, as OpenAI or Ollama writes it (tests/data/engines/*_chat_completion.json)."""
    if ollama:
        return {"id": ident, "object": "chat.completion", "created": created, "model": model,
                "system_fingerprint": "fp_ollama",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                             "finish_reason": finish}],
                "usage": usage}
    return {"id": ident, "object": "chat.completion", "created": created, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content, "refusal": None,
                                                 "annotations": []},
                         "logprobs": None, "finish_reason": finish}],
            "usage": _openai_usage(usage),
            "service_tier": "default", "system_fingerprint": "fp_f12167b370"}


def _chunks(ident: str, created: int, model: str, content: str, finish: str, usage: dict[str, int], ollama: bool,
            include_usage: bool) -> list[dict[str, Any]]:
    """A streamed chat completion's chunks (tests/data/engines/*_chat_stream.txt): content in small pieces."""
    pieces = [content[i:i + 16] for i in range(0, len(content), 16)] or [""]
    head = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": model}
    if ollama:
        head["system_fingerprint"] = "fp_ollama"
        chunks = [{**head, "choices": [{"index": 0, "delta": {"role": "assistant", "content": p},
                                        "finish_reason": None}]} for p in pieces]
        chunks.append({**head, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                            "finish_reason": finish}]})
        if include_usage:
            chunks.append({**head, "choices": [], "usage": usage})
        return chunks
    head = {**head, "service_tier": "default", "system_fingerprint": "fp_f12167b370"}
    extra = {"usage": None} if include_usage else {}
    chunks = [{**head, "choices": [{"index": 0, "delta": {"role": "assistant", "content": "", "refusal": None},
                                    "logprobs": None, "finish_reason": None}], **extra}]
    chunks += [{**head, "choices": [{"index": 0, "delta": {"content": p}, "logprobs": None,
                                     "finish_reason": None}], **extra} for p in pieces]
    chunks.append({**head, "choices": [{"index": 0, "delta": {}, "logprobs": None, "finish_reason": finish}],
                   **extra})
    if include_usage:
        chunks.append({**head, "choices": [], "usage": _openai_usage(usage)})
    return chunks


def _openai_usage(usage: dict[str, int]) -> dict[str, Any]:
    return {**usage, "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0,
                                          "rejected_prediction_tokens": 0}}


def main() -> None:
    """Serve until interrupted."""
    parser = arguments(__doc__, 11434, "seconds per request")
    parser.add_argument("--flavour", choices=("openai", "ollama"), default="ollama")
    args = parser.parse_args()
    fake = FakeChatCompletions(Behaviour(flavour=args.flavour, latency=args.latency), port=args.port)
    fake.serve(f"fake chat completions ({args.flavour}) on {fake.url}; models: "
               f"{', '.join(sorted(fake.behaviour.models))}")


if __name__ == "__main__":
    main()
