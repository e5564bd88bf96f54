"""The one interface every machine-translation engine implements."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class EngineStatus:
    """Whether an engine can be used here, and why not."""

    available: bool
    reason: str = ""


class Engine(ABC):
    """A machine-translation backend.

    Identity is declared in class attributes; behaviour is three methods. ``placeholder(n)``
    returns the token the engine carries through translation unchanged for masked glossary
    term number ``n``; ``placeholder_re`` finds such tokens (group 1 is ``n``) in its output.
    ``marks_unknown``: the outputs carry Apertium's marks before the words the engine left
    untranslated (``*tatare``), read and removed by workbench.domain.unknown_words; an engine
    that does not mark them (every online provider) returns plain text, never parsed for marks.
    """

    name: str = ""
    offline: bool = True          # False when text leaves this machine
    cache_drafts: bool = False    # True: outputs are kept in the engine cache (paid, rate-limited providers)
    needs_key: bool = False
    batch_size: int = 10_000      # segments per call
    marks_unknown: bool = False   # True: outputs mark untranslated words as Apertium does (*word)
    placeholder_re: re.Pattern[str] = re.compile(r"\bZx(\d+)q\b")

    def placeholder(self, n: int) -> str:
        """The token standing for masked term ``n`` in text sent to this engine."""
        return f"Zx{n}q"

    @abstractmethod
    def status(self) -> EngineStatus:
        """Whether the engine can run here (installed, configured), and why not."""

    @abstractmethod
    def pairs(self) -> set[tuple[str, str]]:
        """The (source, target) language pairs this engine translates."""

    @abstractmethod
    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate each text; one output per input, in order. Raises EngineError."""
