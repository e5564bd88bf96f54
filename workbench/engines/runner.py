"""The drafting runner: engine calls in parallel, retried, paused when an engine keeps failing, with fallbacks.

Pure of the database. It takes jobs (a key and a source text), a chain of ConstrainedDrafters in
preference order and an optional cache, and hands finished Outcomes back through a callback in
small groups, from the calling thread only (the drafting service commits each group in its own
short transaction, so a killed run loses at most what was in flight).

For each engine of the chain in turn, the segments still without a draft are masked, looked up
in the cache, and the rest sent in batches of the engine's ``batch_size`` to a thread pool:

- every call has the engine's own timeout (HTTP engines: per request; Apertium: per batch);
- a timeout, a connection failure or HTTP 5xx is retried ``retries`` times after
  ``backoff * 2**attempt`` seconds with jitter (half fixed, half random, so that threads that
  failed together do not retry together); a 429 waits for its ``Retry-After`` instead, and makes
  every thread of that engine wait for it;
- ``breaker`` failed calls in a row, or a ``Retry-After`` longer than ``pause``, pause the engine
  for ``pause`` seconds; a refused key pauses it for the rest of the run. The batches it had left
  go to the next engine of the chain;
- an engine with ``glossary_support`` (it placed the names itself) is checked strictly: a text
  its reply left out or spoilt, or whose draft fails the glossary check, is asked again once,
  the batch split in halves; what fails again is never saved and goes to the next engine;
- what no engine could draft becomes a failed Outcome whose ``failure`` says why, per engine.

Each segment's cache key holds ``Engine.cache_text`` of its masked text: the text itself, plus,
for engines whose output depends on more (the LLM: model, instructions, neighbouring segments),
what that is.
"""

from __future__ import annotations

import hashlib
import random
import threading
import time
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from workbench.config import EngineSettings
from workbench.domain.masking import Masked
from workbench.engines.base import Request
from workbench.engines.constrained import ConstrainedDrafter, Draft
from workbench.errors import (
    EngineAuthError,
    EngineError,
    EngineReplyError,
    EngineTransientError,
    EngineUnavailableError,
)


@dataclass(frozen=True)
class RunPolicy:
    """Limits of one run: threads, retries and backoff, the circuit breaker, and how often to hand results back."""

    concurrency: int = EngineSettings.concurrency  # the WORKBENCH_ENGINE_* defaults (config.SETTINGS_DOC)
    retries: int = EngineSettings.retries
    backoff: float = EngineSettings.backoff
    backoff_cap: float = 30.0
    breaker: int = EngineSettings.breaker
    pause: float = EngineSettings.pause
    commit_every: int = 10
    commit_seconds: float = 1.0

    @classmethod
    def from_settings(cls, settings: EngineSettings) -> RunPolicy:
        """The policy the WORKBENCH_ENGINE_* settings describe."""
        return cls(
            concurrency=settings.concurrency, retries=settings.retries, backoff=settings.backoff,
            breaker=settings.breaker, pause=settings.pause,
        )


@dataclass(frozen=True)
class Job:
    """One segment to draft: the caller's key for it and its source text."""

    key: Hashable
    text: str


@dataclass(frozen=True)
class CacheKey:
    """What an engine result depends on: engine, language pair, glossary version and the masked text.

    ``text`` is ``Engine.cache_text`` of the masked text: for most engines the text itself.
    """

    engine: str
    source: str
    target: str
    glossary: str
    text: str

    @property
    def digest(self) -> str:
        """SHA-256 of ``text`` (what the store indexes)."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


class ResultCache(Protocol):
    """Engine outputs already paid for; looked up from the runner's thread only."""

    def lookup(self, keys: Sequence[CacheKey]) -> dict[CacheKey, str]:
        """The stored output of each key that has one."""


@dataclass(frozen=True)
class Outcome:
    """What became of one job: a draft (``failure`` empty) or the reason it has none."""

    key: Hashable
    draft: Draft | None
    failure: str = ""
    engine: str = ""
    at: datetime = field(default_factory=lambda: datetime.now(UTC))
    cached: bool = False
    #: A fresh engine output to store in the cache (key, raw output), when there is one.
    new_cache_entry: tuple[CacheKey, str] | None = None


@dataclass(frozen=True)
class Progress:
    """How far a run is: segments settled out of the total, and how many of them failed."""

    done: int
    total: int
    drafted: int
    failed: int
    engine: str


@dataclass
class RunReport:
    """The counts of a finished run and the engines that drafted something."""

    drafted: int = 0
    failed: int = 0
    cached: int = 0
    engines: list[str] = field(default_factory=list)


class _Paused(EngineError):
    """The engine is paused: its remaining batches go to the next engine."""


@dataclass(frozen=True)
class _Result:
    """One text of a batch: its checked draft and the raw output to cache, or why it has none."""

    draft: Draft | None
    output: str
    failure: str = ""


def _neighbours(masked: Sequence[Masked], first: int, last: int) -> tuple[str, str]:
    """The texts just before ``first`` and just after ``last`` ("" at either end): an engine's context."""
    before = masked[first - 1].text if first > 0 else ""
    after = masked[last + 1].text if last + 1 < len(masked) else ""
    return before, after


class EngineHealth:
    """One engine's circuit breaker and shared Retry-After wait, safe to use from every thread."""

    def __init__(self, name: str, policy: RunPolicy, clock: Callable[[], float]) -> None:
        self.name = name
        self.policy = policy
        self.clock = clock
        self._lock = threading.Lock()
        self.failures = 0
        self.paused_until = 0.0
        self.pause_reason = ""
        self.not_before = 0.0

    def paused(self) -> str:
        """Why the engine is paused now ("" when it is not)."""
        with self._lock:
            if self.clock() < self.paused_until:
                return self.pause_reason
            return ""

    def wait(self) -> float:
        """Seconds to wait before calling (a 429's Retry-After applies to every thread)."""
        with self._lock:
            return max(0.0, self.not_before - self.clock())

    def succeeded(self) -> None:
        """A call worked: the breaker closes."""
        with self._lock:
            self.failures = 0

    def failed(self, exc: EngineError) -> None:
        """A call failed: count it, and open the breaker at the threshold."""
        with self._lock:
            self.failures += 1
            if self.failures >= self.policy.breaker:
                self._pause(self.policy.pause, f"paused after {self.failures} failed calls in a row (last: {exc})")

    def hold(self, seconds: float) -> None:
        """Make every thread wait ``seconds`` before its next call (Retry-After)."""
        with self._lock:
            self.not_before = max(self.not_before, self.clock() + seconds)

    def pause(self, seconds: float, reason: str) -> None:
        """Pause the engine for ``seconds`` (``inf``: the rest of the run)."""
        with self._lock:
            self._pause(seconds, reason)

    def _pause(self, seconds: float, reason: str) -> None:
        self.paused_until = max(self.paused_until, self.clock() + seconds)
        self.pause_reason = reason


class Runner:
    """Drafts jobs through a chain of drafters with bounded concurrency, retries, pauses and a cache."""

    def __init__(
        self,
        drafters: Sequence[ConstrainedDrafter],
        policy: RunPolicy | None = None,
        *,
        cache: ResultCache | None = None,
        glossary_version: str = "",
        sleep: Callable[[float], object] | None = None,
        clock: Callable[[], float] = time.monotonic,
        rng: Callable[[], float] = random.random,
    ) -> None:
        if not drafters:
            raise EngineUnavailableError("no engine to draft with")
        self.drafters = list(drafters)
        self.policy = policy or RunPolicy()
        self.cache = cache
        self.glossary_version = glossary_version
        # Set when the run is interrupted: waiting threads wake up and give up instead of retrying on.
        self._stop = threading.Event()
        self.sleep = sleep or self._stop.wait
        self.clock = clock
        self.rng = rng

    def run(
        self,
        jobs: Sequence[Job],
        source: str,
        target: str,
        on_outcomes: Callable[[list[Outcome]], None],
        progress: Callable[[Progress], None] | None = None,
    ) -> RunReport:
        """Draft every job; outcomes reach ``on_outcomes`` in small groups, failures last."""
        report = RunReport()
        sink = _Sink(on_outcomes, progress, len(jobs), self.policy, report)
        pending = list(jobs)
        reasons: dict[Hashable, list[str]] = {job.key: [] for job in jobs}
        for drafter in self.drafters:
            if not pending:
                break
            pending = self._stage(drafter, pending, source, target, sink, reasons)
        for job in pending:
            sink.add(Outcome(job.key, None, failure="; ".join(reasons[job.key]) or "no engine tried"))
        sink.flush()
        return report

    def _stage(
        self,
        drafter: ConstrainedDrafter,
        jobs: list[Job],
        source: str,
        target: str,
        sink: _Sink,
        reasons: dict[Hashable, list[str]],
    ) -> list[Job]:
        """Run the jobs through one engine; returns those it could not draft, in order."""
        engine = drafter.engine
        sink.engine = engine.name
        masked = drafter.mask([job.text for job in jobs], source)
        keys = [
            CacheKey(engine.name, source, target, self.glossary_version,
                     engine.cache_text(m.text, *_neighbours(masked, i, i), target))
            for i, m in enumerate(masked)
        ]
        # Apertium (local or on an APY server) is cheap to run again, and an upgraded pair should show at once.
        cached = self.cache is not None and engine.cache_drafts
        hits = self.cache.lookup(keys) if self.cache is not None and cached else {}
        misses: list[int] = []
        for i, job in enumerate(jobs):
            if keys[i] in hits:
                [draft] = drafter.restore([hits[keys[i]]], [masked[i]], source, target)
                if not drafter.check([draft], [masked[i]], source, target)[0]:  # else: asked again
                    sink.add(Outcome(job.key, draft, engine=engine.name, cached=True))
                    continue
            misses.append(i)
        health = EngineHealth(engine.name, self.policy, self.clock)
        size = max(1, engine.batch_size)
        batches = [misses[i:i + size] for i in range(0, len(misses), size)]
        left: set[int] = set()

        def said(reason: str) -> str:
            return reason if reason.startswith(engine.name) else f"{engine.name}: {reason}"

        pool = ThreadPoolExecutor(max_workers=max(1, self.policy.concurrency), thread_name_prefix=f"mt-{engine.name}")
        try:
            futures: dict[Future[list[_Result]], list[int]] = {
                pool.submit(self._batch, drafter, health, masked, batch, source, target): batch for batch in batches
            }
            for future in as_completed(futures):
                batch = futures[future]
                try:
                    results = future.result()
                except EngineError as exc:
                    for i in batch:
                        reasons[jobs[i].key].append(said(str(exc)))
                    left.update(batch)
                    continue
                for i, result in zip(batch, results, strict=True):
                    if result.draft is None:
                        reasons[jobs[i].key].append(said(result.failure))
                        left.add(i)
                        continue
                    entry = (keys[i], result.output) if cached else None
                    sink.add(Outcome(jobs[i].key, result.draft, engine=engine.name, new_cache_entry=entry))
        except BaseException:
            # Interrupted (Ctrl+C): drop the batches not started, stop the retries; calls in flight end
            # at their timeout. What was handed back already is saved.
            self._stop.set()
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        sink.flush()
        return [jobs[i] for i in sorted(left)]

    def _batch(
        self, drafter: ConstrainedDrafter, health: EngineHealth, masked: list[Masked], batch: list[int],
        source: str, target: str,
    ) -> list[_Result]:
        """One batch drafted and checked; for an engine that placed the names, failed texts asked again once, in halves.

        Strict reply checking (engines with ``glossary_support``): a text whose output came back
        missing or unusable (EngineReplyError) or whose draft fails the glossary check is sent
        again, the batch split in two halves, each half's failed texts in one request marked as a
        retry. What fails again is reported with both reasons, never saved.
        """
        results = self._drafts(drafter, health, masked, batch, source, target, retry=False)
        if not drafter.engine.glossary_support or all(r.draft is not None for r in results):
            return results
        half = (len(batch) + 1) // 2
        for part in (range(half), range(half, len(batch))):
            again = [k for k in part if results[k].draft is None]
            if not again:
                continue
            try:
                redo = self._drafts(drafter, health, masked, [batch[k] for k in again], source, target, retry=True)
            except EngineError as exc:
                redo = [_Result(None, "", str(exc)) for _ in again]
            for k, r in zip(again, redo, strict=True):
                first = results[k].failure
                results[k] = r if r.draft is not None else _Result(None, "", f"{first}; asked again: {r.failure}")
        return results

    def _drafts(
        self, drafter: ConstrainedDrafter, health: EngineHealth, masked: list[Masked], batch: list[int],
        source: str, target: str, retry: bool,
    ) -> list[_Result]:
        """One engine call for ``batch`` (indexes into ``masked``), restored and checked: a result per text."""
        texts = [masked[i] for i in batch]
        request = drafter.request(texts, source, target, *_neighbours(masked, batch[0], batch[-1]), retry=retry)
        outputs, failures = self._call(drafter, health, request)
        good = [k for k, out in enumerate(outputs) if out is not None]
        drafts = drafter.restore([outputs[k] or "" for k in good], [texts[k] for k in good], source, target)
        checked = drafter.check(drafts, [texts[k] for k in good], source, target)
        results = [_Result(None, "", failures[k] or "no output for this text") for k in range(len(texts))]
        for k, draft, failure in zip(good, drafts, checked, strict=True):
            results[k] = _Result(None if failure else draft, outputs[k] or "", failure)
        return results

    def _call(
        self, drafter: ConstrainedDrafter, health: EngineHealth, request: Request
    ) -> tuple[list[str | None], list[str]]:
        """One request to one engine, with retries: an output per text (None where the reply failed for it) and why.

        Raises the last EngineError when the call as a whole failed.
        """
        engine = drafter.engine
        attempt = 0
        while True:
            if self._stop.is_set():
                raise _Paused(f"{engine.name}: the run was interrupted")
            reason = health.paused()
            if reason:
                raise _Paused(f"{engine.name} {reason}")
            wait = health.wait()
            if wait > 0:
                self.sleep(wait)
                continue  # re-check: the engine may have been paused meanwhile
            try:
                outputs: list[str | None] = list(engine.translate_request(request))
                failures = ["" for _ in outputs]
            except EngineAuthError as exc:
                health.pause(float("inf"), f"stopped for this run: {exc}")
                raise
            except EngineUnavailableError:
                raise  # this pair or this text: says nothing about the engine's health
            except EngineReplyError as exc:  # a reply, usable for some texts only: the caller asks again
                health.failed(exc)
                outputs, failures = list(exc.outputs), list(exc.reasons)
                if len(outputs) != len(request.texts) or len(failures) != len(outputs):
                    raise EngineError(f"{engine.name} returned {len(outputs)} texts for {len(request.texts)}") from exc
                return outputs, failures
            except EngineTransientError as exc:
                health.failed(exc)
                if exc.retry_after is not None and exc.retry_after > self.policy.pause:
                    health.pause(exc.retry_after, f"asked to come back in {exc.retry_after:g} s")
                    raise
                if attempt >= self.policy.retries:
                    raise type(exc)(f"{exc} (after {attempt + 1} attempts)", retry_after=exc.retry_after) from exc
                if exc.retry_after is not None:
                    health.hold(exc.retry_after)
                else:
                    self.sleep(self._backoff(attempt))
                attempt += 1
                continue
            except EngineError as exc:
                health.failed(exc)
                raise
            if len(outputs) != len(request.texts):
                raise EngineError(f"{engine.name} returned {len(outputs)} texts for {len(request.texts)}")
            health.succeeded()
            return outputs, failures

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with equal jitter: half the delay fixed, half random."""
        delay: float = min(self.policy.backoff_cap, self.policy.backoff * 2.0 ** attempt)
        return delay / 2 + self.rng() * delay / 2


class _Sink:
    """Collects outcomes and hands them back in small groups, with progress, from the runner's thread."""

    def __init__(
        self,
        on_outcomes: Callable[[list[Outcome]], None],
        progress: Callable[[Progress], None] | None,
        total: int,
        policy: RunPolicy,
        report: RunReport,
    ) -> None:
        self.on_outcomes = on_outcomes
        self.progress = progress
        self.total = total
        self.policy = policy
        self.report = report
        self.buffer: list[Outcome] = []
        self.last_flush = time.monotonic()
        self.engine = ""

    def add(self, outcome: Outcome) -> None:
        """Count one outcome; hand the group back when it is big or old enough."""
        self.buffer.append(outcome)
        if outcome.draft is None:
            self.report.failed += 1
        else:
            self.report.drafted += 1
            self.report.cached += outcome.cached
            if outcome.engine not in self.report.engines:
                self.report.engines.append(outcome.engine)
        if self.progress is not None:
            r = self.report
            self.progress(Progress(r.drafted + r.failed, self.total, r.drafted, r.failed, self.engine))
        if (len(self.buffer) >= self.policy.commit_every
                or time.monotonic() - self.last_flush >= self.policy.commit_seconds):
            self.flush()

    def flush(self) -> None:
        """Hand back what is buffered."""
        if self.buffer:
            group, self.buffer = self.buffer, []
            self.on_outcomes(group)
        self.last_flush = time.monotonic()
