"""Plain-text release sources (often a web page copied from a browser) into raw blocks."""

from __future__ import annotations

import re

from workbench.errors import SourceError
from workbench.ingest.boilerplate import RawBlock, parse_date_line

_SCRIPT = re.compile(r"<\s*script\b", re.IGNORECASE)

# Hard-wrapped paragraphs (e-mail style) have every line but the last between these widths;
# a browser dump puts one element per line, with lines far shorter (menus) or far longer.
_WRAP_MIN, _WRAP_MAX = 40, 100


def refuse_script(text: str, *, name: str) -> None:
    """Refuse a Markdown source that carries a <script> element (active content)."""
    match = _SCRIPT.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise SourceError("active content: a <script> element in the release text is refused", path=name, line=line)


def text_blocks(text: str) -> list[RawBlock]:
    """Split a text dump into raw blocks: blank-line groups, one block per line unless hard-wrapped."""
    blocks: list[RawBlock] = []
    group: list[tuple[int, str]] = []
    for number, line in enumerate([*text.split("\n"), ""], start=1):
        if line.strip():
            group.append((number, line.strip()))
            continue
        if _hard_wrapped([t for _, t in group]):
            blocks.append(RawBlock(" ".join(t for _, t in group), line=group[0][0]))
        else:
            blocks.extend(RawBlock(t, line=n) for n, t in group)
        group = []
    return blocks


#: How a sentence ends, closing quotes and brackets allowed after it (French « … » included).
_SENTENCE_END = re.compile(r"[.!?…:;][\s»”\"')\]]*$")


def _hard_wrapped(lines: list[str]) -> bool:
    # A headline with its "Publié le : ..." line underneath is two blocks, not one wrapped paragraph.
    # Wrapping cuts sentences wherever the width runs out, so few of its lines end one; a short
    # text written one paragraph per line (a title, then sentences) ends nearly every line with
    # one: those lines are paragraphs, and the unpunctuated first line is the title.
    ends = sum(1 for t in lines[:-1] if _SENTENCE_END.search(t))
    return (
        len(lines) > 1
        and all(_WRAP_MIN <= len(t) <= _WRAP_MAX for t in lines[:-1])
        and parse_date_line(lines[-1]) is None
        and ends * 2 < len(lines) - 1
    )
