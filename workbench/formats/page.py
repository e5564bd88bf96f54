"""The rendered page of a release in one language: static HTML, every text escaped, no script.

A strict Content-Security-Policy in a ``<meta>`` forbids scripts, styles from outside, frames and
forms, so a sections' site can serve the file as it is. Dates come from babel; quotation marks
follow the language's typography (workbench/domain/typography.py).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from workbench.domain.typography import NBSP, convert_quotes

__all__ = ["CSP", "NBSP", "Page", "PageBlock", "convert_quotes", "format_published", "write_page"]

CSP = "default-src 'none'; base-uri 'none'; form-action 'none'"

#: A bare language code formats dates like this locale. Babel's ``en`` is American
#: ("October 27, 2017"); the press office and its partner sections write "27 October 2017".
#: A code with a region (``en-US``) is taken as it is.
DATE_LOCALES = {"en": "en_GB"}



@dataclass(frozen=True)
class PageBlock:
    """A heading or paragraph of the page; ``lang`` differs from the page's when the source stands in."""

    kind: str  # title | heading | paragraph
    text: str
    lang: str | None = None


@dataclass(frozen=True)
class Page:
    """What a page shows: language, title, publication date and blocks in document order."""

    lang: str
    title: str
    published: date | None
    blocks: tuple[PageBlock, ...]
    title_lang: str | None = None


def format_published(when: date, lang: str) -> str:
    """The publication date in the language's long format: ``27 de octubre de 2017``."""
    code = DATE_LOCALES.get(lang, lang)
    try:
        locale = Locale.parse(code, sep="_" if "_" in code else "-")
    except (UnknownLocaleError, ValueError):
        return when.isoformat()
    return format_date(when, format="long", locale=locale)


def _lang_attr(lang: str | None) -> str:
    return f' lang="{html.escape(lang)}"' if lang else ""


def write_page(page: Page) -> bytes:
    """The page as an HTML document, encoded in UTF-8."""
    esc = html.escape
    title = convert_quotes(page.title, page.title_lang or page.lang)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(page.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',  # a constant without " or &
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        "</head>",
        "<body>",
        "<article>",
        f"<h1{_lang_attr(page.title_lang)}>{esc(title)}</h1>",
    ]
    if page.published is not None:
        shown = format_published(page.published, page.lang)
        out.append(f'<p class="published"><time datetime="{page.published.isoformat()}">{esc(shown)}</time></p>')
    for block in page.blocks:
        tag = "h2" if block.kind == "heading" else "p"
        out.append(f"<{tag}{_lang_attr(block.lang)}>{esc(convert_quotes(block.text, block.lang or page.lang))}</{tag}>")
    out += ["</article>", "</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")
