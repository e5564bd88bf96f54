"""Concordance: the approved pairs (memory units) whose source or target contains a phrase.

Searching is case- and accent-insensitive (``search_key``: "tatars de crimee" finds "Tatars de
Crimée"). An inverted index of the folded words answers a phrase by intersecting the postings of
its words, rarest first, then checks the phrase itself in the few candidates; a scan of every
unit (what a SQL ``LIKE`` does) costs in proportion to the memory. benchmarks/concordance.py
measures both. The same ``search_key`` serves the editor's and the review queue's filter box.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

_WORD_RE: Final = re.compile(r"\w+")
_WS_RE: Final = re.compile(r"\s+")
_APOSTROPHES: Final = str.maketrans({"’": "'", "ʼ": "'"})


def search_key(text: str) -> str:
    """``text`` folded for searching: no case, no accents, typographic apostrophes as ', single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_APOSTROPHES))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WS_RE.sub(" ", bare).strip()


def matches(phrase: str, *texts: str | None) -> bool:
    """Whether the folded ``phrase`` occurs in one of ``texts`` (an empty phrase matches everything)."""
    key = search_key(phrase)
    return not key or any(t is not None and key in search_key(t) for t in texts)


@dataclass(frozen=True)
class Pair:
    """An approved source/target pair as the concordance returns it."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    origin: str  # ``slug#segment`` for the workbench's own approvals, else the imported file
    at: str  # ISO date of approval (or import)
    id: int = 0  # the stored unit's id (0: not stored)


@dataclass
class ConcordanceIndex:
    """Memory units indexed by the folded words of their source and target."""

    pairs: list[Pair] = field(default_factory=list)
    _keys: list[str] = field(default_factory=list)  # "folded source\nfolded target"
    _postings: dict[str, list[int]] = field(default_factory=dict)
    _sorted: list[str] = field(default_factory=list)  # the vocabulary, sorted (prefix ranges)

    @classmethod
    def build(cls, pairs: Iterable[Pair]) -> ConcordanceIndex:
        """An index over ``pairs``."""
        index = cls()
        for pair in pairs:
            index.add(pair)
        return index

    def add(self, pair: Pair) -> None:
        """Add one pair (positions only grow, so postings stay sorted)."""
        pos = len(self.pairs)
        key = f"{search_key(pair.source)}\n{search_key(pair.target)}"
        self.pairs.append(pair)
        self._keys.append(key)
        for word in set(_WORD_RE.findall(key)):
            self._postings.setdefault(word, []).append(pos)

    def __len__(self) -> int:
        return len(self.pairs)

    def search(self, phrase: str, limit: int = 50, source_lang: str | None = None,
               target_lang: str | None = None) -> list[Pair]:
        """Pairs whose source or target contains ``phrase``, newest first, at most ``limit``."""
        key = search_key(phrase)
        words = _WORD_RE.findall(key)
        if not words:
            return []
        found: list[Pair] = []
        for pos in self._candidates(words):
            pair = self.pairs[pos]
            if key in self._keys[pos] and (source_lang is None or pair.source_lang == source_lang) and (
                    target_lang is None or pair.target_lang == target_lang):
                found.append(pair)
                if len(found) >= limit:
                    break
        return found

    def _candidates(self, words: list[str]) -> list[int]:
        """Positions, newest first, of the units holding the phrase's most selective word.

        A phrase's inner words are whole words of the text; its first may be the end of one
        ("atars de" in "tatars de"), its last the start of one, a lone word any part of one. The
        word whose matching vocabulary has the fewest postings is used; the caller checks the phrase.
        """
        best: list[list[int]] | None = None
        best_size = -1
        for i, word in enumerate(words):
            if 0 < i < len(words) - 1:
                lists = [self._postings.get(word, [])]
            elif len(words) == 1:
                lists = [p for w, p in self._postings.items() if word in w]
            elif i == 0:
                lists = [p for w, p in self._postings.items() if w.endswith(word)]
            else:
                lists = [self._postings[w] for w in self._starting_with(word)]
            size = sum(len(p) for p in lists)
            if best is None or size < best_size:
                best, best_size = lists, size
                if size == 0:
                    return []
        assert best is not None
        if len(best) == 1:
            return best[0][::-1]
        return sorted(set().union(*best), reverse=True)

    def _starting_with(self, prefix: str) -> list[str]:
        """Vocabulary words starting with ``prefix`` (a range of the sorted vocabulary)."""
        if len(self._sorted) != len(self._postings):  # words were added since: sort again
            self._sorted = sorted(self._postings)
        lo = bisect.bisect_left(self._sorted, prefix)
        hi = bisect.bisect_left(self._sorted, prefix + "\U0010ffff")
        return self._sorted[lo:hi]
