"""Split a release's blocks into translatable segments: whole titles and headings, paragraph sentences.

Sentences come from pysbd (one ``Segmenter`` per language, built once) plus project rules for
French press-release traps that pysbd gets wrong:

* ``MM.`` (messieurs) and legal abbreviations such as ``art. 20.3.3``: pysbd ends a sentence after
  them; we glue the next piece back on (``_NO_BREAK_AFTER``).
* ``M.``, ``Mme`` and ``1 200`` (space, no-break space or narrow no-break space as thousands
  separator) are already right in pysbd; tests pin them so an upgrade cannot break them silently.
* Guillemets. pysbd treats ``« ... »`` as one unbreakable span, so a three-sentence quote would be
  one segment. Our rule: sentences inside a quote are split like any others; the closing ``»``
  that follows the final punctuation stays with its sentence and never starts a segment; if the
  sentence carries on after ``»`` in lower case (``« Non ! » a-t-il crié.``) it is one segment.
  ``Il a dit : « Non. Jamais. » Puis il est parti.`` gives ``Il a dit : « Non.`` /
  ``Jamais. »`` / ``Puis il est parti.``.
* A quote spanning paragraphs (French convention: every continuing paragraph reopens with ``«``
  and only the last one closes) needs nothing special: each paragraph is segmented on its own
  and an unbalanced guillemet never blocks a split.

Segment text is stored with whitespace normalised (runs of spaces, no-break and narrow no-break
spaces and newlines become one plain space): the French no-break space before ``:`` is typography,
not content, and it would otherwise make ``a déclaré :`` differ from what people type, search and
match against the glossary and the memory. Typography is applied on output (renderers, the
``punctuation_spacing`` check of targets).

Segment ids are stable: the first 10 hex digits of SHA-1 over the segment's text with whitespace
normalised (runs of spaces, no-break spaces and newlines count as one space) and the number of
times that same normalised text already occurred earlier in the release. So the same sentence at
the same place keeps its id when the release is ingested again (an edit elsewhere does not move
it), a typographic change of space does not churn ids, and two identical sentences ("Il a fait
appel.") get different ids. Ids deliberately do not depend on the block index: inserting a
paragraph does not renumber the segments after it.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

import pysbd

from workbench.domain.models import Block, Segment

#: pysbd languages we trust; anything else is segmented with the English rules.
_PYSBD_LANGUAGES = frozenset(pysbd.languages.LANGUAGE_CODES)

# Private-use code points stand in for guillemets while pysbd runs, so that pysbd's
# "text between quotes is one unit" rule does not apply to French quotes.
_OPEN, _CLOSE = "\ue000", "\ue001"
_HIDE = str.maketrans({"«": _OPEN, "»": _CLOSE})
_SHOW = str.maketrans({_OPEN: "«", _CLOSE: "»"})

# Abbreviations after which pysbd (fr) wrongly ends a sentence: MM. (messieurs), legal and
# bibliographic references (art. 20.3.3, al. 2, p. 12, cf., n°s), titles (Dr., Pr., Mgr.).
_NO_BREAK_AFTER = re.compile(
    r"(?:^|[\s(«\u00a0\u202f'’])(?:MM|[Aa]rts?|al|p|pp|[Cc]f|Dr|Pr|Mgr|[Vv]ol|[Cc]hap|n°s?)\.$"
)
_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w")


def segment_document(blocks: Sequence[Block], lang: str) -> list[Segment]:
    """Split blocks into segments in reading order; titles and headings stay whole."""
    seen: Counter[str] = Counter()
    segments: list[Segment] = []
    for index, block in enumerate(blocks):
        if block.kind == "paragraph":
            pieces = split_sentences(block.text, lang)
        else:
            whole = block.text.strip()
            pieces = [whole] if whole else []
        for piece in pieces:
            key = normalise_whitespace(piece)
            segments.append(Segment(id=segment_id(key, seen[key]), block=index, kind=block.kind, source=key))
            seen[key] += 1
    return segments


def split_sentences(text: str, lang: str) -> list[str]:
    """Split one paragraph into stripped, non-empty sentences (pysbd plus the French rules)."""
    # pysbd with clean=False returns pieces that concatenate back to its input, so gluing pieces
    # together restores the source's own spacing (no-break spaces before » included).
    hidden = text.translate(_HIDE)
    pieces = _segmenter(lang).segment(hidden)
    if "".join(pieces) != hidden:
        # pysbd drops characters on degenerate punctuation (":.??" -> ":."); never lose text.
        pieces = [hidden]
    sentences: list[str] = []
    for piece in pieces:
        body = piece.lstrip()
        if sentences and body.startswith(_CLOSE):
            # A closing guillemet belongs to the sentence it closes, never starts a segment.
            cut = len(piece) - len(body) + 1
            sentences[-1] += piece[:cut]
            piece = piece[cut:]
            body = piece.lstrip()
            if body and not _starts_sentence(body):
                # « Non ! » a-t-il crié. : the sentence goes on after the quote.
                sentences[-1] += piece
                continue
        if not body.strip():
            if sentences:
                sentences[-1] += piece
            continue
        if sentences and (_NO_BREAK_AFTER.search(sentences[-1].rstrip()) or not _WORD.search(body)):
            sentences[-1] += piece
            continue
        sentences.append(piece)
    stripped = (s.strip().translate(_SHOW) for s in sentences)
    return [s for s in stripped if s]


def segment_id(normalised_text: str, occurrence: int) -> str:
    """Stable id: SHA-1 of the whitespace-normalised text and its earlier occurrence count."""
    digest = hashlib.sha1(f"{occurrence}\x1f{normalised_text}".encode(), usedforsecurity=False)
    return digest.hexdigest()[:10]


def normalise_whitespace(text: str) -> str:
    """Collapse every run of whitespace (including no-break spaces) into one space and strip."""
    return _WHITESPACE.sub(" ", text).strip()


def _starts_sentence(piece: str) -> bool:
    first = piece[0]
    return not (first.islower() or first in ",;:)…-–—")


@cache
def _segmenter(lang: str) -> pysbd.Segmenter:
    code = lang if lang in _PYSBD_LANGUAGES else "en"
    return pysbd.Segmenter(language=code, clean=False)
