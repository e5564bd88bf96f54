"""The drafting runner without a database: concurrency, retries, Retry-After, pauses, fallbacks, cache, progress."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from workbench.domain.glossary import Termbase
from workbench.domain.glossary_match import Matcher
from workbench.engines.base import Engine, EngineStatus
from workbench.engines.constrained import ConstrainedDrafter
from workbench.engines.runner import CacheKey, Job, Outcome, Progress, Runner, RunPolicy
from workbench.errors import (
    EngineAuthError,
    EngineError,
    EngineRateLimitedError,
    EngineTimeoutError,
    EngineTransientError,
    EngineUnsupportedError,
)
from workbench.formats.glossary_csv import read_glossary_csv

ROOT = Path(__file__).resolve().parents[2]
FAST = RunPolicy(concurrency=4, retries=3, backoff=0.001, breaker=5, pause=60, commit_every=5)
Script = Callable[[str, int], str]  # (text, attempt number for that text) -> output, or raise


class FakeOnline(Engine):
    """An online-like engine: one text per call, scripted per text and attempt; records every call."""

    offline = False
    cache_drafts = True
    batch_size = 1

    def __init__(self, name: str, script: Script | None = None, latency: float = 0.0) -> None:
        self.name = name
        self.script = script or (lambda text, attempt: f"{text} [{name}]")
        self.latency = latency
        self.calls: list[str] = []
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most_in_flight = 0

    def status(self) -> EngineStatus:
        return EngineStatus(True)

    def pairs(self) -> set[tuple[str, str]]:
        return {("fr", "es")}

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        with self.lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            attempt = sum(1 for c in self.calls if c == texts[0])
            self.calls.append(texts[0])
        try:
            if self.latency:
                time.sleep(self.latency)
            return [self.script(t, attempt) for t in texts]
        finally:
            with self.lock:
                self.in_flight -= 1


@pytest.fixture(scope="module")
def termbase() -> Termbase:
    path = ROOT / "glossary" / "names.csv"
    return Termbase.of(read_glossary_csv(path.read_bytes(), str(path)))


def drafters(termbase: Termbase, *engines: Engine) -> list[ConstrainedDrafter]:
    matcher = Matcher(termbase)
    return [ConstrainedDrafter(e, matcher, termbase) for e in engines]


def run(runner: Runner, texts: list[str], progress: list[Progress] | None = None) -> tuple[list[list[Outcome]], dict]:
    groups: list[list[Outcome]] = []
    jobs = [Job(i, t) for i, t in enumerate(texts)]
    report = runner.run(jobs, "fr", "es", groups.append, progress.append if progress is not None else None)
    by_key = {o.key: o for g in groups for o in g}
    assert sorted(by_key) == list(range(len(texts)))  # every job settled exactly once
    assert sum(len(g) for g in groups) == len(texts)
    return groups, {"report": report, "by_key": by_key}


class RecordingSleep:
    """A sleep that records and returns at once (the runner's clock keeps real time)."""

    def __init__(self) -> None:
        self.calls: list[float] = []
        self.lock = threading.Lock()

    def __call__(self, seconds: float) -> None:
        with self.lock:
            self.calls.append(seconds)
        time.sleep(min(seconds, 0.001))


class FakeTime(RecordingSleep):
    """A clock that only moves when the runner sleeps: waits are recorded, never spent."""

    def __init__(self) -> None:
        super().__init__()
        self.now = 1024.0  # a power of two: no rounding in the waits

    def __call__(self, seconds: float) -> None:
        with self.lock:
            self.calls.append(seconds)
            self.now += seconds

    def clock(self) -> float:
        return self.now


def texts(n: int) -> list[str]:
    return [f"Phrase numéro {i} sur Ilmi Oumerov." for i in range(n)]


def test_drafts_every_segment_with_bounded_concurrency_and_glossary(termbase: Termbase) -> None:
    engine = FakeOnline("fake", latency=0.02)
    progress: list[Progress] = []
    groups, r = run(Runner(drafters(termbase, engine), FAST), texts(20), progress)
    assert r["report"].drafted == 20 and r["report"].failed == 0
    assert engine.most_in_flight == 4  # threads were used, never more than the policy allows
    assert all(len(g) <= 5 for g in groups)  # handed back in small groups
    assert r["by_key"][3].draft.text == "Phrase numéro 3 sur Ilmi Umerov. [fake]"
    assert "Oumerov" not in "".join(engine.calls)  # masked before leaving
    assert [p.done for p in progress] == list(range(1, 21)) and progress[-1].total == 20


def test_timeouts_and_5xx_are_retried_with_growing_jittered_backoff(termbase: Termbase) -> None:
    def flaky(text: str, attempt: int) -> str:
        if attempt < 2:
            raise (EngineTimeoutError if attempt == 0 else EngineTransientError)(f"fake: failure {attempt}")
        return text

    sleep = RecordingSleep()
    policy = RunPolicy(concurrency=1, retries=3, backoff=1.0, breaker=100)
    _, r = run(Runner(drafters(termbase, FakeOnline("fake", flaky)), policy, sleep=sleep, rng=lambda: 1.0), texts(1))
    assert r["report"].drafted == 1
    assert sleep.calls == [1.0, 2.0]  # backoff * 2**attempt, jitter at its top
    _, r = run(Runner(drafters(termbase, FakeOnline("fake", flaky)), policy, sleep=sleep, rng=lambda: 0.0), texts(1))
    assert sleep.calls[2:] == [0.5, 1.0]  # jitter at its bottom: half the delay


def test_retries_give_up_and_the_reason_is_kept(termbase: Termbase) -> None:
    def down(text: str, attempt: int) -> str:
        raise EngineTransientError("fake: HTTP 503 from the provider")

    engine = FakeOnline("fake", down)
    _, r = run(Runner(drafters(termbase, engine), RunPolicy(concurrency=1, retries=2, backoff=0, breaker=100)),
               texts(2))
    assert r["report"].failed == 2 and len(engine.calls) == 6  # 1 + 2 retries each
    assert r["by_key"][0].draft is None
    assert r["by_key"][0].failure == "fake: HTTP 503 from the provider (after 3 attempts)"


def test_429_waits_for_retry_after_and_not_the_backoff(termbase: Termbase) -> None:
    def limited(text: str, attempt: int) -> str:
        if attempt == 0:
            raise EngineRateLimitedError("fake: HTTP 429", retry_after=0.3)
        return text

    fake = FakeTime()
    policy = RunPolicy(concurrency=1, retries=3, backoff=5.0, breaker=100, pause=60)
    runner = Runner(drafters(termbase, FakeOnline("fake", limited)), policy, sleep=fake, clock=fake.clock)
    _, r = run(runner, texts(1))
    assert r["report"].drafted == 1
    assert fake.calls == [pytest.approx(0.3)]  # the provider's delay, not 5 s of backoff


def test_a_retry_after_longer_than_the_pause_moves_on_to_the_next_engine(termbase: Termbase) -> None:
    def limited(text: str, attempt: int) -> str:
        raise EngineRateLimitedError("first: HTTP 429 (Retry-After 3600 s)", retry_after=3600)

    first, second = FakeOnline("first", limited), FakeOnline("second")
    sleep = RecordingSleep()
    _, r = run(Runner(drafters(termbase, first, second), FAST, sleep=sleep), texts(10))
    assert r["report"].drafted == 10 and r["report"].engines == ["second"]
    assert len(first.calls) < 10  # paused: most segments never went to it
    assert all(s < 1 for s in sleep.calls)  # nobody waited an hour


def test_an_engine_that_keeps_failing_is_paused_and_the_run_goes_on(termbase: Termbase) -> None:
    def broken(text: str, attempt: int) -> str:
        raise EngineTransientError("first: HTTP 500 from the provider")

    first, second = FakeOnline("first", broken), FakeOnline("second")
    policy = RunPolicy(concurrency=1, retries=1, backoff=0, breaker=3, pause=60)
    _, r = run(Runner(drafters(termbase, first, second), policy), texts(30))
    assert r["report"].drafted == 30 and {o.engine for o in r["by_key"].values()} == {"second"}
    assert len(first.calls) == 3  # the breaker opened at the third failed call in a row


def test_paused_without_a_next_engine_marks_the_segments_failed_with_why(termbase: Termbase) -> None:
    def broken(text: str, attempt: int) -> str:
        raise EngineTransientError("only: HTTP 500 from the provider")

    policy = RunPolicy(concurrency=1, retries=0, backoff=0, breaker=2, pause=60)
    _, r = run(Runner(drafters(termbase, FakeOnline("only", broken)), policy), texts(5))
    assert r["report"].failed == 5
    assert "paused after 2 failed calls in a row" in r["by_key"][4].failure


def test_a_refused_key_stops_the_engine_for_the_run(termbase: Termbase) -> None:
    def refused(text: str, attempt: int) -> str:
        raise EngineAuthError("first: HTTP 403: the key was refused")

    first, second = FakeOnline("first", refused), FakeOnline("second")
    _, r = run(Runner(drafters(termbase, first, second), RunPolicy(concurrency=1, breaker=100)), texts(8))
    assert len(first.calls) == 1 and r["report"].drafted == 8


def test_unsupported_text_goes_to_the_next_engine_without_hurting_the_first(termbase: Termbase) -> None:
    def picky(text: str, attempt: int) -> str:
        if "7" in text:
            raise EngineUnsupportedError("first takes at most 500 bytes per text")
        return text

    first, second = FakeOnline("first", picky), FakeOnline("second")
    _, r = run(Runner(drafters(termbase, first, second), RunPolicy(concurrency=2, breaker=1)), texts(12))
    assert r["by_key"][7].engine == "second"
    assert {o.engine for k, o in r["by_key"].items() if k != 7} == {"first"}  # the breaker (1) never opened


def test_garbage_is_not_retried(termbase: Termbase) -> None:
    engine = FakeOnline("only", lambda t, a: (_ for _ in ()).throw(EngineError("only: unreadable answer")))
    _, r = run(Runner(drafters(termbase, engine), RunPolicy(concurrency=1, retries=5, breaker=100)), texts(1))
    assert len(engine.calls) == 1 and r["by_key"][0].failure == "only: unreadable answer"


class DictCache:
    def __init__(self) -> None:
        self.data: dict[CacheKey, str] = {}

    def lookup(self, keys: Sequence[CacheKey]) -> dict[CacheKey, str]:
        return {k: self.data[k] for k in keys if k in self.data}


def test_cached_results_are_reused_per_engine_pair_and_glossary_version(termbase: Termbase) -> None:
    cache, engine = DictCache(), FakeOnline("fake")
    groups, r = run(Runner(drafters(termbase, engine), FAST, cache=cache, glossary_version="v1"), texts(6))
    entries = [o.new_cache_entry for g in groups for o in g if o.new_cache_entry]
    assert len(entries) == 6 and entries[0][0].text.count("Zx1q") == 1  # the masked text is the key
    cache.data.update(dict(entries))
    engine.calls.clear()
    _, again = run(Runner(drafters(termbase, engine), FAST, cache=cache, glossary_version="v1"), texts(6))
    assert engine.calls == [] and all(o.cached for o in again["by_key"].values())
    assert again["by_key"][2].draft.text == r["by_key"][2].draft.text
    _, _other = run(Runner(drafters(termbase, engine), FAST, cache=cache, glossary_version="v2"), texts(6))
    assert len(engine.calls) == 6  # a new glossary version misses the cache


def test_engines_that_do_not_cache_drafts_are_not_cached(termbase: Termbase) -> None:
    engine = FakeOnline("local")  # as Apertium, local or on an APY server
    engine.cache_drafts = False
    groups, _ = run(Runner(drafters(termbase, engine), FAST, cache=DictCache()), texts(3))
    assert all(o.new_cache_entry is None for g in groups for o in g)


def test_calls_overlap_up_to_the_concurrency(termbase: Termbase) -> None:
    engine = FakeOnline("fake", latency=0.05)
    run(Runner(drafters(termbase, engine), RunPolicy(concurrency=8)), texts(16))
    # Calls overlapped (the speed-up itself is measured in benchmarks/runner_concurrency.py).
    assert 1 < engine.most_in_flight <= 8


def test_an_interrupted_run_stops_sending_and_keeps_what_was_handed_back(termbase: Termbase) -> None:
    engine = FakeOnline("fake", latency=0.02)
    saved: list[Outcome] = []

    def save_then_interrupt(group: list[Outcome]) -> None:
        saved.extend(group)
        raise KeyboardInterrupt

    runner = Runner(drafters(termbase, engine), RunPolicy(concurrency=2, commit_every=2))
    with pytest.raises(KeyboardInterrupt):
        runner.run([Job(i, t) for i, t in enumerate(texts(40))], "fr", "es", save_then_interrupt)
    assert len(saved) == 2 and len(engine.calls) <= 6  # the batches not started were dropped
