"""HTML release pages into raw blocks: trafilatura for the main content, lxml as fallback.

Script rule (our decision): a ``<script>`` in ``<head>`` or anywhere outside the article text is
ordinary web-page chrome (analytics, widgets) and is dropped with the rest of the page. A
``<script>`` inside the content itself (``p``, ``h1``-``h6``, ``li``, ``blockquote``, ``article``,
``main``) is refused as active content: it would travel into translations and published pages.
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
    body = _trafilatura_blocks(text) or _fallback_blocks(root)
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
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.LxmlError, ValueError) as error:
        raise SourceError(f"not a readable HTML page ({error})", path=name) from error
    if root is None:
        raise SourceError("not a readable HTML page", path=name)
    return root


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


def _trafilatura_blocks(text: str) -> list[RawBlock]:
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
