"""Two actions at the same moment: one held just after a read it decides on, the other run meanwhile.

SQLite's writers take turns (``BEGIN IMMEDIATE``); on PostgreSQL (READ COMMITTED) a transaction may
read, another commit, and the first then write on what it read. ``race`` makes that interleaving
happen whenever the database allows it (tests/services/test_write_races.py, test_glossary_review.py).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from threading import Event, get_ident
from typing import Any

import pytest

from workbench.errors import WorkbenchError

Outcome = Any  # what an action returned, or the WorkbenchError it raised


def _outcome(action: Callable[[], Any]) -> Outcome:
    try:
        return action()
    except WorkbenchError as exc:
        return exc


def race(monkeypatch: pytest.MonkeyPatch, owner: object, read: str,
         held: Callable[[], Any], other: Callable[[], Any]) -> tuple[Outcome, Outcome]:
    """Run ``held`` and ``other`` in two threads; ``held`` pauses just after its first call of
    ``owner.read`` returns, until ``other`` has returned (at most 2 s: on SQLite ``other`` waits for
    ``held``'s write lock meanwhile). Returns both outcomes."""
    was_read, other_done = Event(), Event()
    holder: list[int] = []
    original = getattr(owner, read)

    def read_then_hold(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        if holder == [get_ident()] and not was_read.is_set():
            was_read.set()
            other_done.wait(2)
        return result

    monkeypatch.setattr(owner, read, read_then_hold)

    def run_held() -> Outcome:
        holder.append(get_ident())
        return _outcome(held)

    def run_other() -> Outcome:
        was_read.wait(10)
        try:
            return _outcome(other)
        finally:
            other_done.set()

    with ThreadPoolExecutor(2) as pool:
        first, second = pool.submit(run_held), pool.submit(run_other)
        return first.result(), second.result()
