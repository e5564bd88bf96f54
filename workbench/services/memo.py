"""A bounded, thread-safe memo of computed results, for the results the UI asks for on every rerun.

Streamlit reruns a page for every click, in one thread per browser session, so the same segment's
QA issues and memory matches are asked for again and again. A memo keeps them under a key made of
everything they depend on (so it can never answer with a stale result) and forgets the least
recently used ones past ``size``, so a long-lived server's memory stays bounded.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    """Results by key, the ``size`` most recently used ones."""

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The result kept under ``key``, computed (outside the lock) and kept when there is none."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = compute()  # two threads may both compute it: same result, and no lock held meanwhile
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)
