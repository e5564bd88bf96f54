"""HTML release pages into raw blocks: trafilatura for the main content, lxml as fallback.

Script rule (our decision): a ``<script>`` in ``<head>`` or anywhere outside the article text is
ordinary web-page chrome (analytics, widgets) and is dropped with the rest of the page. A
``<script>`` inside the content itself (``p``, ``h1``-``h6``, ``li``, ``blockquote``, ``article``,
``main``) is refused as active content: it would travel into translations and published pages.

Depth: libxml2 stops building the tree 255 elements deep unless told otherwise (XML_PARSE_HUGE), and
with lxml's recovering parser the rest of the page is then dropped without an error, so a page
nested 300 deep lost its article. We parse with ``huge_tree`` (libxml2's limit is then 2048) and hand
trafilatura, which parses without it, our tree when the page is deeper than its parser goes; a page
deeper than 2048 is refused with that limit named, never read in part.
"""

from __future__ import annotations

import re

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from workbench.errors import SourceError
from workbench.ingest.boilerplate import Hint, RawBlock, normalise_block_text, parse_date_line

CONTENT_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "article", "main"})
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "script", "style", "noscript", "template"})
_FALLBACK_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_FALLBACK_TAGS = ("p", "li", "blockquote", *_FALLBACK_HEADINGS)
_TEXT_TAGS = frozenset({"head", "p", "item"})
#: libxml2's nesting limits: without XML_PARSE_HUGE (how trafilatura parses), and with it (how we parse).
DEFAULT_DEPTH = 255
MAX_DEPTH = 2048
# Only " | " separates a site name: " – " and " - " also occur inside headlines ("Russie – Ukraine").
_SITE_SUFFIX = re.compile(r"\s+\|\s+[^|]{1,60}$")


def html_blocks(text: str, *, name: str) -> list[RawBlock]:
    """Extract the article of an HTML page as raw blocks (title first), refusing active content."""
    root = _parse(text, name=name)
    refuse_content_scripts(root, name=name)
    title, date_line = _title_and_date(root)
    blocks = [RawBlock(title, "title")] if title else []
    if date_line:
        blocks.append(RawBlock(date_line, "paragraph"))
    deep = _depth(root) >= DEFAULT_DEPTH  # trafilatura's own parse would stop there: it reads our tree
    body = _trafilatura_blocks(_parse(text, name=name) if deep else text) or _fallback_blocks(root)
    # trafilatura may repeat the headline or the date line we already took from the page.
    blocks.extend(b for b in body if normalise_block_text(b.text) not in {title, date_line})
    return blocks


def refuse_content_scripts(root: lxml_html.HtmlElement, *, name: str) -> None:
    """Raise SourceError for a <script> inside the article text (see the module docstring)."""
    for script in root.iter("script"):
        inside = next((a.tag for a in script.iterancestors() if a.tag in CONTENT_TAGS), None)
        if inside is not None:
            raise SourceError(
                f"active content: a <script> inside <{inside}> (scripts are refused inside the article)",
                path=name,
                line=script.sourceline,
            )


def _parse(text: str, *, name: str) -> lxml_html.HtmlElement:
    # Bytes plus an explicit encoding: lxml refuses str input that carries an XML declaration.
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, huge_tree=True)
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.LxmlError, ValueError) as error:
        raise SourceError(f"not a readable HTML page ({error})", path=name) from error
    too_deep = next((e for e in parser.error_log if "depth" in e.message.lower()), None)
    if too_deep is not None:
        raise SourceError(f"the page nests its elements more than {MAX_DEPTH} deep, and its text cannot be read "
                          "whole: save the article as text or Markdown and ingest that", path=name,
                          line=too_deep.line)
    if root is None:
        raise SourceError("not a readable HTML page", path=name)
    return root


def _depth(root: lxml_html.HtmlElement) -> int:
    """How deep the page's elements nest (the deepest leaf's ancestors)."""
    return max((sum(1 for _ in e.iterancestors()) for e in root.iter() if len(e) == 0), default=0)


def _text(element: etree._Element) -> str:
    return normalise_block_text("".join(element.itertext()))


def _title_and_date(root: lxml_html.HtmlElement) -> tuple[str, str]:
    h1 = next(root.iter("h1"), None)
    if h1 is not None and _text(h1):
        # The line right under the headline is often the release date ("Published on ...").
        following = h1.getnext()
        candidate = _text(following) if following is not None else ""
        return _text(h1), candidate if len(candidate) <= 80 and parse_date_line(candidate) else ""
    title = next(root.iter("title"), None)
    # "<title>Headline | Site name</title>": the site name is chrome.
    return (_SITE_SUFFIX.sub("", _text(title)) if title is not None else ""), ""


def _trafilatura_blocks(text: str | lxml_html.HtmlElement) -> list[RawBlock]:
    try:
        xml = trafilatura.extract(
            text, output_format="xml", include_comments=False, include_tables=False, favor_precision=True
        )
    except Exception:  # trafilatura has no error contract; the lxml fallback below covers any failure
        return []
    if not xml:
        return []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    doc = etree.fromstring(xml.encode("utf-8"), parser=parser)
    main = doc.find("main") if doc is not None else None
    if main is None:
        return []
    blocks: list[RawBlock] = []
    for element in main.iter("head", "p", "item", "quote"):
        if any(a.tag in _TEXT_TAGS for a in element.iterancestors()):
            continue  # its text is already part of the enclosing block
        if element.tag == "quote" and any(True for _ in element.iter("p", "item", "head")):
            continue  # the quote's paragraphs are blocks of their own
        hint: Hint = "heading" if element.tag == "head" else "paragraph"
        blocks.append(RawBlock(_text(element), hint))
    return blocks


def _fallback_blocks(root: lxml_html.HtmlElement) -> list[RawBlock]:
    body = root.find("body")
    if body is None:
        return []
    blocks: list[RawBlock] = []
    for element in body.iter(*_FALLBACK_TAGS):
        ancestors = {a.tag for a in element.iterancestors()}
        if ancestors & _CHROME_TAGS or ancestors & {"p", "li"}:
            continue  # page chrome, or text already inside an enclosing block
        if element.tag == "blockquote" and any(True for _ in element.iter("p", "li")):
            continue  # the quote's own paragraphs are the blocks
        hint: Hint = "heading" if element.tag in _FALLBACK_HEADINGS else "paragraph"
        blocks.append(RawBlock(normalise_block_text(element.text_content()), hint, element.sourceline))
    return blocks
