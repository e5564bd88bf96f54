"""The one interface every machine-translation engine implements."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.errors import EngineUnavailableError


@dataclass(frozen=True)
class EngineStatus:
    """Whether an engine can be used here, and why not."""

    available: bool
    reason: str = ""


@dataclass(frozen=True)
class GlossaryEntry:
    """One glossary entry an engine with ``glossary_support`` is given.

    ``source``: the term as the source writes it (``Oumerov``, a lone surname, included);
    ``target``: the exact form to write; ``kind``: person, org, place or term, or ``phrase`` for a
    press phrase (the house wording, a suggestion: drafts are never checked against it).
    """

    source: str
    target: str
    kind: str
    concept_id: str = ""


@dataclass(frozen=True)
class PairGlossary:
    """The whole term base for one language pair, as an engine keeping its own copy needs it (DeepL's glossaries).

    ``version`` is a digest of the entries: it changes exactly when one of them does.
    """

    source: str
    target: str
    version: str
    entries: tuple[GlossaryEntry, ...]


@dataclass(frozen=True)
class Request:
    """One engine call: the texts of a batch, in document order, and what a glossary-taking engine also gets.

    ``glossary``: the entries found in these texts; ``before``/``after``: the segments just before
    and after the batch, as context never to translate; ``termbase``: the pair's whole term base;
    ``retry``: the call repeats texts whose earlier drafts failed the strict check.
    Engines without ``glossary_support`` get texts (with placeholders) and languages only.
    """

    texts: tuple[str, ...]
    source: str
    target: str
    glossary: tuple[GlossaryEntry, ...] = ()
    before: str = ""
    after: str = ""
    termbase: PairGlossary | None = None
    retry: bool = False


def keep_spacing(source: str, output: str) -> str:
    """``output`` stripped, with the white space around ``source`` put back (providers strip what they get)."""
    lead, trail = source[: len(source) - len(source.lstrip())], source[len(source.rstrip()):]
    return lead + output.strip() + trail


class Engine(ABC):
    """A machine-translation backend.

    Identity is declared in class attributes; behaviour is three methods. ``placeholder(n)``
    returns the token the engine carries through translation unchanged for masked glossary
    term number ``n``; ``placeholder_re`` finds such tokens (group 1 is ``n``) in its output.
    ``marks_unknown``: the outputs carry Apertium's marks before the words the engine left
    untranslated (``*tatare``), read and removed by workbench.domain.unknown_words; an engine
    that does not mark them (every online provider) returns plain text, never parsed for marks.

    ``glossary_support``: the engine takes the glossary itself (``Request.glossary``) and is sent
    the names as written, not placeholders, so that it can fit them into fluent sentences (the
    LLM, DeepL with its glossaries). The drafter then masks nothing and checks every output with
    the glossary check instead: a draft that misspells a name is never saved (engines/runner.py).
    """

    name: str = ""
    offline: bool = True          # False when text leaves this machine
    cache_drafts: bool = False    # True: outputs are kept in the engine cache (paid, rate-limited providers)
    needs_key: bool = False
    batch_size: int = 10_000      # segments per call
    marks_unknown: bool = False   # True: outputs mark untranslated words as Apertium does (*word)
    glossary_support: bool = False  # True: sent real names plus the glossary (Request), outputs checked strictly
    placeholder_re: re.Pattern[str] = re.compile(r"\bZx(\d+)q\b")

    def placeholder(self, n: int) -> str:
        """The token standing for masked term ``n`` in text sent to this engine."""
        return f"Zx{n}q"

    def missing(self) -> str:
        """Why the engine is not configured here ("" when it is): a setting it lacks, not a server down."""
        return ""

    def require_configured(self) -> None:
        """Refuse to translate (EngineUnavailableError) when ``missing`` names what the engine lacks."""
        reason = self.missing()
        if reason:
            raise EngineUnavailableError(f"{self.name} cannot be used: {reason}")

    @abstractmethod
    def status(self) -> EngineStatus:
        """Whether the engine can run here (installed, configured), and why not."""

    @abstractmethod
    def pairs(self) -> set[tuple[str, str]]:
        """The (source, target) language pairs this engine translates."""

    @abstractmethod
    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate each text; one output per input, in order. Raises EngineError."""

    def translate_request(self, request: Request) -> list[str]:
        """Translate a request's texts; one output per text, in order. What the drafting runner calls.

        Engines with ``glossary_support`` override it to use the glossary and the context; the
        others translate the texts alone. May raise EngineReplyError with the usable outputs.
        """
        return self.translate(request.texts, request.source, request.target)

    def cache_text(self, text: str, before: str, after: str, target: str) -> str:
        """What an output depends on besides engine, pair and glossary version: by default the text sent.

        An engine whose output also depends on its settings (model, instructions, formality) or
        on the neighbouring segments folds them in, so a changed setting never reuses a draft.
        """
        return text
