"""Apertium's unknown-word marks: read out of an engine output, told apart from the source's own asterisks.

Run without ``-u`` (the command line) or with ``markUnknown=yes`` (apertium-apy), Apertium marks
what it could not translate. Measured with apertium 3.9, apertium-fr-es and apertium-eng-spa
from Debian 12, and apertium-apy 0.11.7:

- ``*word``: the analyser does not know the word; it is copied from the input unchanged
  (fr→es ``*acharnement``, ``*tatare``, and the engine's placeholders: ``*Zx1q``);
- ``@word``: the bilingual dictionary lacks it; the source lemma is copied, untranslated;
- ``#word``: the generator cannot inflect the translated lemma (spa→eng ``#give``): the word is
  translated, so it is not reported, but its mark goes like the others.

A mark stands right before Apertium's token, which stops at the first character outside the
pair's alphabet: ``*anti-guerra`` marks ``anti`` (``guerre`` was translated), ``pro-*ukrainiens``
marks ``ukrainiens``, ``d’acharnement`` gives ``de *acharnement``, and spa→eng splits a time as
``9*h30``. A token with a digit (times, codes, the placeholders) or of one letter is never
reported as a word; its mark is removed all the same.

The source's own symbols pass through Apertium: ``5 * 3``, ``Oumerov*`` (a footnote),
``*important*`` -> ``*de entidad*``, ``#StandWithUkraine`` -> ``#*StandWithUkraine``,
``presse@amnesty.fr``. One glued before a word looks like a mark, so the source decides: each
symbol the source has glued before a word is given to the output's candidate of the same symbol
that is not directly on the word (``**Oumerov`` is a real asterisk, then a mark), else to the one
nearest its relative place in the text; every other candidate is a mark. A word behind a real
``#`` or ``@`` (a hashtag, a handle, an address) is kept as written and never reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

#: Every symbol Apertium puts before a word it could not handle.
MARK_SYMBOLS: Final = "*@#"
#: The marks of a word left untranslated (``#`` marks a translated word left uninflected).
UNTRANSLATED_MARKS: Final = "*@"
#: A run of mark-like symbols glued before a token; ``&#39;`` is an HTML entity, not a mark.
_RUN: Final = re.compile(r"(?:[*@]|(?<!&)#)+(?=[^\W_])")
_TOKEN: Final = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Unmarked:
    """An engine output without its marks, and the words it marked as untranslated (in order, once each)."""

    text: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class _Run:
    """Mark-like symbols glued before one token: which of them are the source's own."""

    start: int
    end: int
    word: str
    real: frozenset[int]


def _glued(text: str) -> list[tuple[int, str, bool]]:
    """Every symbol of ``text`` glued before a token: (index, symbol, whether it touches the token)."""
    return [(i, text[i], i == m.end() - 1) for m in _RUN.finditer(text) for i in range(m.start(), m.end())]


def _runs(marked: str, source: str) -> list[_Run]:
    candidates = _glued(marked)
    real: set[int] = set()
    size, source_size = max(1, len(marked)), max(1, len(source))
    for at, symbol, _touching in _glued(source):
        place = at / source_size
        free = [c for c in candidates if c[1] == symbol and c[0] not in real]
        if free:
            # A mark is always the symbol touching the word, so a symbol further out is the source's first.
            real.add(min(free, key=lambda c: (c[2], abs(c[0] / size - place)))[0])
    runs = []
    for m in _RUN.finditer(marked):
        token = _TOKEN.match(marked, m.end())
        assert token is not None  # the run's lookahead saw a word character
        runs.append(_Run(m.start(), m.end(), token.group(), frozenset(i for i in range(m.start(), m.end())
                                                                       if i in real)))
    return runs


def _without(marked: str, runs: list[_Run]) -> str:
    pieces: list[str] = []
    pos = 0
    for run in runs:
        pieces.append(marked[pos:run.start])
        pieces += [marked[i] for i in sorted(run.real)]
        pos = run.end
    pieces.append(marked[pos:])
    return "".join(pieces)


def strip_marks(marked: str, source: str) -> str:
    """``marked`` (an Apertium output for ``source``) without Apertium's marks; the source's own symbols kept."""
    return _without(marked, _runs(marked, source))


def read_marks(marked: str, source: str, placeholder_re: re.Pattern[str] | None = None) -> Unmarked:
    """The clean text of an Apertium output for ``source`` and the words it left untranslated.

    Words are reported as Apertium copied them, in text order, once each (case aside); never a
    placeholder (``placeholder_re``, the engine's), a token with a digit or of one letter, or the
    word of a hashtag or handle.
    """
    runs = _runs(marked, source)
    words: dict[str, str] = {}
    for run in runs:
        symbols = {marked[i] for i in range(run.start, run.end) if i not in run.real}
        if not symbols & set(UNTRANSLATED_MARKS) or any(marked[i] in "#@" for i in run.real):
            continue
        if len(run.word) < 2 or any(ch.isdigit() for ch in run.word):
            continue
        if placeholder_re is not None and placeholder_re.fullmatch(run.word):
            continue
        if run.word.casefold() not in words or run.word.islower():
            words[run.word.casefold()] = run.word  # "Persécuter ... persécuter": the word, not its capital
    return Unmarked(_without(marked, runs), tuple(words.values()))


def words_in(words: Iterable[str], text: str) -> tuple[str, ...]:
    """The ``words`` still present in ``text`` as whole words (case aside), in the given order."""
    return tuple(w for w in words if w and re.search(rf"(?<![^\W_]){re.escape(w)}(?![^\W_])", text, re.I))
