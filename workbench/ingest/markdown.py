"""Markdown release sources into raw blocks with markdown-it-py (CommonMark)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from workbench.ingest.boilerplate import Hint, RawBlock

# Raw HTML inside Markdown is not rendered as text (a <script> is refused before parsing).
_PARSER = MarkdownIt("commonmark")
_FRONT_MATTER = re.compile(r"\A---\n(?P<body>.*?)\n---\n", re.DOTALL)


def markdown_blocks(text: str) -> list[RawBlock]:
    """Turn Markdown into raw blocks: first h1 = title, headings, paragraphs, list items, quotes."""
    text, offset = _strip_front_matter(text)
    tokens = _PARSER.parse(text)
    blocks: list[RawBlock] = []
    has_title = False
    heading: str | None = None
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = token.tag
        elif token.type == "heading_close":
            heading = None
        elif token.type == "inline":
            line = token.map[0] + 1 + offset if token.map else None
            hint: Hint = "paragraph"
            if heading is not None:
                hint = "title" if heading == "h1" and not has_title else "heading"
                has_title = has_title or hint == "title"
            elif i > 0 and tokens[i - 1].type != "paragraph_open":
                continue  # not a paragraph's text (table cells are not release text)
            blocks.append(RawBlock(_inline_text(token), hint, line))
    return blocks


def _strip_front_matter(text: str) -> tuple[str, int]:
    # "---\ntitle: ...\n---" would otherwise read as a rule and a setext heading.
    match = _FRONT_MATTER.match(text)
    if not match:
        return text, 0
    return text[match.end() :], match.group(0).count("\n")


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        # Images, raw inline HTML and link markup carry no release text (link text is a child "text").
    return "".join(parts)
