"""The rendered page: locale dates, the language's quotation marks, escaping, no script."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest

from workbench.formats.page import CSP, NBSP, Page, PageBlock, convert_quotes, format_published, write_page

OCT_27 = date(2017, 10, 27)


@pytest.mark.parametrize(("lang", "shown"), [
    ("fr", "27 octobre 2017"),
    ("en", "27 October 2017"),
    ("es", "27 de octubre de 2017"),
    ("de", "27. Oktober 2017"),
    ("en-US", "October 27, 2017"),
])
def test_publication_date_in_the_language_long_format(lang: str, shown: str) -> None:
    assert format_published(OCT_27, lang) == shown


def test_unknown_language_falls_back_to_iso() -> None:
    assert format_published(OCT_27, "crh") == "2017-10-27"


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", f"«{NBSP}Ils doivent{NBSP}»"),
    ("en", "“Ils doivent”"),
    ("de", "„Ils doivent“"),
    ("es", "«Ils doivent»"),
])
def test_guillemets_become_the_language_quotes(lang: str, expected: str) -> None:
    assert convert_quotes("« Ils doivent »", lang) == expected
    assert convert_quotes(f"«{NBSP}Ils doivent\u202f»", lang) == expected


def test_a_quote_opened_in_one_paragraph_closes_in_another() -> None:
    assert convert_quotes("« First part.", "en") == "“First part."
    assert convert_quotes("last part. »", "en") == "last part.”"


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.metas: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "meta":
            self.metas.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.text.append(data)


def test_page_escapes_every_text_and_has_no_script() -> None:
    page = Page(
        lang="en", title='Tatar leaders <script>alert("x")</script>', published=OCT_27,
        blocks=(PageBlock("paragraph", "A & B <img src=x onerror=alert(1)>"),
                PageBlock("heading", "Further information"),
                PageBlock("paragraph", "« Quoted »"),
                PageBlock("paragraph", "Texte source", lang="fr")),
    )
    html = write_page(page).decode("utf-8")
    parsed = _Collect()
    parsed.feed(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert parsed.tags[parsed.tags.index("h1"):] == ["h1", "p", "time", "p", "h2", "p", "p"]
    assert 'Tatar leaders <script>alert("x")</script>' in parsed.text
    assert "A & B <img src=x onerror=alert(1)>" in parsed.text
    assert "“Quoted”" in parsed.text and "27 October 2017" in parsed.text
    assert '<p lang="fr">Texte source</p>' in html
    assert {"http-equiv": "Content-Security-Policy", "content": CSP} in parsed.metas
    assert "default-src 'none'" in CSP and "script-src" not in CSP
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")


def test_page_without_a_date_has_no_time_element() -> None:
    html = write_page(Page(lang="es", title="T", published=None, blocks=())).decode("utf-8")
    assert "<time" not in html
