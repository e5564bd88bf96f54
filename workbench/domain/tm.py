"""Translation memory lookups on plain values: exact, in-context and fuzzy matches, and their diffs.

Scoring every unit of a 100,000-unit memory per query costs ~35 ms (docs/memory.md). ``MemoryIndex``
keeps an inverted index of tokens; a query gathers the units sharing one of its *rare* tokens
(the rarest few, each held by at most ``rare_limit`` units), keeps those whose length can still
reach the threshold, and scores only them with rapidfuzz. A query whose every token is frequent
("Il a fait appel.") falls back to scanning the units of compatible length, so it is still
answered. Scores are rapidfuzz ``fuzz.ratio`` (0-100) on the case-folded, space-normalised texts.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from rapidfuzz import fuzz, process

MatchKind = Literal["in-context", "exact", "fuzzy"]

_WS_RE: Final = re.compile(r"\s+")
_TOKEN_RE: Final = re.compile(r"\w+")
_DIFF_TOKEN_RE: Final = re.compile(r"\s+|\w+|[^\w\s]")

#: Default lowest fuzzy score offered (the WORKBENCH_TM_MIN_SCORE setting overrides it).
DEFAULT_MIN_SCORE: Final = 75.0
#: How many of a query's rarest tokens open the candidate search.
RARE_TOKENS_PER_QUERY: Final = 5


def normalise(text: str) -> str:
    """The exact-match key: NFC, whitespace runs (no-break spaces too) as one space, stripped."""
    # str.split() splits on exactly the characters \s matches (str.isspace), at a fraction of the cost
    nfc = unicodedata.normalize("NFC", text)
    # Most texts are their own key: every str.isspace() character but " " is unprintable, so a
    # printable text without double, leading or trailing spaces comes out of split/join unchanged
    # (checked in C, without making a string per word: imports normalise 100,000s).
    if nfc.isprintable() and "  " not in nfc and nfc[:1] != " " and nfc[-1:] != " ":
        return nfc
    return " ".join(nfc.split())


def fuzzy_key(text: str) -> str:
    """The fuzzy-match key: the exact key, case-folded."""
    return normalise(text).casefold()


def source_hash(text: str) -> str:
    """SHA-256 hex of the exact key: what the store indexes units by."""
    return key_hash(normalise(text))


def key_hash(key: str) -> str:
    """``source_hash`` of a text that is its exact key already (``normalise`` done): imports hash 100,000s."""
    return hashlib.sha256(key.encode()).hexdigest()


def context_key(previous: str | None, following: str | None) -> str:
    """The key of a segment's neighbours (the sources before and after it; "" at the edges)."""
    joined = f"{normalise(previous or '')}\x1f{normalise(following or '')}"
    return hashlib.sha256(joined.encode()).hexdigest()


def tokens(text: str) -> set[str]:
    """The distinct word tokens of a fuzzy key."""
    return set(_TOKEN_RE.findall(text))


@dataclass(frozen=True)
class Unit:
    """A memory unit as the domain sees it: a source and target with the key of its neighbours."""

    id: int
    source: str
    target: str
    context: str = ""
    origin: str = ""


@dataclass(frozen=True)
class TMMatch:
    """A unit offered for a query: how it matched and its score (100 for exact and in-context)."""

    unit: Unit
    score: float
    kind: MatchKind


@dataclass
class MemoryIndex:
    """The units of one language pair, indexed for exact, in-context and fuzzy lookups."""

    rare_limit: int = 0  # 0: max(200, 0.5% of the units), decided at each query
    units: list[Unit] = field(default_factory=list)
    _keys: list[str] = field(default_factory=list)
    _exact: dict[str, list[int]] = field(default_factory=dict)
    _postings: dict[str, list[int]] = field(default_factory=dict)
    _by_length: list[tuple[int, int]] = field(default_factory=list)  # (length, unit position), sorted

    @classmethod
    def build(cls, units: Iterable[Unit], rare_limit: int = 0) -> MemoryIndex:
        """An index over ``units`` (later units win ties: pass them oldest first)."""
        index = cls(rare_limit=rare_limit)
        for unit in units:
            index._add(unit)
        index._by_length = sorted((len(key), pos) for pos, key in enumerate(index._keys))
        return index

    def add(self, unit: Unit) -> None:
        """Add one unit to a built index."""
        self._add(unit)
        bisect.insort(self._by_length, (len(self._keys[-1]), len(self._keys) - 1))

    def _add(self, unit: Unit) -> None:
        pos = len(self.units)
        key = fuzzy_key(unit.source)
        self.units.append(unit)
        self._keys.append(key)
        self._exact.setdefault(normalise(unit.source), []).append(pos)
        for token in tokens(key):
            self._postings.setdefault(token, []).append(pos)

    def __len__(self) -> int:
        return len(self.units)

    def exact(self, source: str, context: str | None = None) -> list[TMMatch]:
        """Units with this very source, in-context ones (same neighbours) first, then newest first."""
        found = [self.units[i] for i in reversed(self._exact.get(normalise(source), []))]
        in_context = [TMMatch(u, 100.0, "in-context") for u in found if context and u.context == context]
        plain = [TMMatch(u, 100.0, "exact") for u in found if not (context and u.context == context)]
        return in_context + plain

    def fuzzy(self, source: str, min_score: float = DEFAULT_MIN_SCORE, limit: int = 3) -> list[TMMatch]:
        """The best units scoring at least ``min_score`` (exact ones excluded), best first."""
        query = fuzzy_key(source)
        exact_key = normalise(source)
        positions = self._candidates(query, min_score)
        if not positions:
            return []
        choices = {pos: self._keys[pos] for pos in positions}
        scored = process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=min_score,
                                 limit=limit + len(self._exact.get(exact_key, [])))
        out = [TMMatch(self.units[pos], round(float(score), 1), "fuzzy")
               for _, score, pos in scored if normalise(self.units[pos].source) != exact_key]
        out.sort(key=lambda m: (-m.score, -m.unit.id))
        return out[:limit]

    def best_score(self, source: str, min_score: float = DEFAULT_MIN_SCORE) -> float | None:
        """The best fuzzy score of any unit (exact ones included), or None below ``min_score``."""
        query = fuzzy_key(source)
        positions = self._candidates(query, min_score)
        if not positions:
            return None
        best = process.extractOne(query, [self._keys[p] for p in positions], scorer=fuzz.ratio,
                                  score_cutoff=min_score)
        return None if best is None else float(best[1])

    def _candidates(self, query: str, min_score: float) -> Sequence[int]:
        """Positions worth scoring: units sharing a rare token, else (scan fallback) all units of fitting length."""
        low, high = length_window(len(query), min_score)
        limit = self.rare_limit or max(200, len(self.units) // 200)
        known = sorted((len(self._postings[t]), t) for t in tokens(query) if t in self._postings)
        rare = [t for n, t in known if n <= limit][:RARE_TOKENS_PER_QUERY]
        if rare:
            found: set[int] = set().union(*(self._postings[t] for t in rare))
            keys = self._keys
            return [p for p in found if low <= len(keys[p]) <= high]
        start = bisect.bisect_left(self._by_length, (low, -1))
        stop = bisect.bisect_right(self._by_length, (high, len(self.units)))
        return [pos for _, pos in self._by_length[start:stop]]


def length_window(length: int, min_score: float) -> tuple[int, int]:
    """Lengths a text may have and still reach ``min_score`` against one of ``length``.

    ``fuzz.ratio`` is at most ``200·min(a, b) / (a + b)``, so with r = score/100 the other length
    lies within [length·r/(2-r), length·(2-r)/r].
    """
    r = max(min(min_score / 100, 1.0), 0.01)
    return int(length * r / (2 - r)), int(length * (2 - r) / r) + 1


def diff(old: str, new: str) -> list[dict[str, str]]:
    """Word-level differences from ``old`` to ``new``: [{"op": equal|delete|insert, "text"}]."""
    a, b = _DIFF_TOKEN_RE.findall(old), _DIFF_TOKEN_RE.findall(new)
    out: list[dict[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("equal", "delete", "replace") and i2 > i1:
            out.append({"op": "equal" if op == "equal" else "delete", "text": "".join(a[i1:i2])})
        if op in ("insert", "replace") and j2 > j1:
            out.append({"op": "insert", "text": "".join(b[j1:j2])})
    return out


def diff_text(old: str, new: str) -> str:
    """The diff as one line: ``[-deleted-]{+inserted+}`` around unchanged text (as ``git diff --word-diff``)."""
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return "".join(marks[d["op"]].format(d["text"]) for d in diff(old, new))


def similarity(a: str, b: str) -> float:
    """The fuzzy score (0-100) of two texts, as the memory scores them."""
    return float(fuzz.ratio(fuzzy_key(a), fuzzy_key(b)))
