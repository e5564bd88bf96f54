"""Hostile Markdown in everything people type (user names, comments, titles, glossary forms, language
boxes, file names) shows as text on every screen for every role: no link, no emphasis, no HTML.

Every string a screen hands Streamlit to render as Markdown (messages, captions, labels, the preview's
lines) is collected from the AppTest element tree; none may hold a hostile value unescaped, and each,
rendered by a CommonMark parser, shows the hostile value as the very characters typed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
from markdown_it import MarkdownIt
from review_fixtures import operator
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import (
    AlertBase,
    HeadingBase,
    Markdown,
    Progress,
    Radio,
    Text,
    Toast,
    UnknownElement,
)
from test_pages import PAGES, screen, ui_app, who  # noqa: F401  (ui_app: the fixture)

from workbench.domain.glossary import Concept
from workbench.services import comments, glossary, releases, review, users
from workbench.services.app import App
from workbench.ui.session import plain

HOSTILE = ("www.evil-site.com", "a._ital_.b", "**bold**", "<b>x</b>", "[x](http://e.com)")
TEXT = " ".join(HOSTILE)
TRANSLATOR, REVIEWER = "www.evil-site.com", "a._ital_.b"  # valid user names, hostile as Markdown
SOURCE = (f"Russie. Evil Corp et {TEXT}\n\n"
          f"Le communiqué cite Evil Corp, une société dont le site est www.evil-site.com, et il reste du texte "
          f"ordinaire autour de **bold** et de <b>x</b> pour que la langue soit reconnue sans peine.\n\n"
          f"Un deuxième paragraphe assez long mentionne a._ital_.b puis [x](http://e.com) au milieu des phrases "
          f"françaises, avec des mots comme défenseurs, droits humains et liberté d’expression.\n")


@pytest.fixture
def hostile(ui_app: App) -> dict[str, dict[str, Any]]:  # noqa: F811
    """A release, users, edits, comments, a rejection and a glossary concept full of hostile values."""
    users.add_user(ui_app, TRANSLATOR, "translator", "evil-secret", "es", by=operator(ui_app))
    users.add_user(ui_app, REVIEWER, "reviewer", "ital-secret", "es", by=operator(ui_app))
    report = releases.ingest_release(ui_app, SOURCE.encode(), name="hostile.txt", lang="fr", slug="hostile",
                                    user=operator(ui_app))
    keys = [s["id"] for s in report.segments]
    review.edit(ui_app, "hostile", keys[0], "es", TEXT, TRANSLATOR)
    review.edit(ui_app, "hostile", keys[1], "es", f"Texto de {TEXT}", TRANSLATOR)
    comments.add_comment(ui_app, "hostile", keys[0], "es", TEXT, TRANSLATOR)
    review.reject(ui_app, "hostile", keys[1], "es", REVIEWER, f"Rechazo: {TEXT}")
    glossary.save_concept(ui_app, Concept(id="evil_corp", kind="organisation",
                                          forms={"fr": "Evil Corp", "es": TEXT}), "ada")
    return {"translator": who(ui_app, TRANSLATOR, "evil-secret"), "reviewer": who(ui_app, REVIEWER, "ital-secret"),
            "admin": who(ui_app, "ada", "ada-secret")}


def walk(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def rendered_as_markdown(at: AppTest) -> list[str]:
    """Every string of the screen that Streamlit renders as Markdown."""
    out: list[str] = []
    for node in walk(at._tree):
        if isinstance(node, Markdown | AlertBase | HeadingBase | Toast):
            out.append(node.value)
        if isinstance(node, Progress):
            out.append(node.text)
        if isinstance(node, Radio):
            out.extend(str(o) for o in node.options)
        if isinstance(node, UnknownElement):  # download buttons, among others: their label is Markdown
            out.append(str(getattr(node.proto, "label", "")))
        label = getattr(node, "label", None)  # widgets, expanders, tabs
        if isinstance(label, str):
            out.append(label)
    return [s for s in out if s]


def shown_as_text(at: AppTest) -> list[str]:
    """What st.text shows (never Markdown) and what people's boxes hold."""
    return [n.value for n in walk(at._tree) if isinstance(n, Text)] + [
        str(n.value) for n in walk(at._tree) if type(n).__name__ in ("TextArea", "TextInput")]


MD = MarkdownIt("commonmark").enable("strikethrough")
TAG = re.compile(r"<[^>]+>")


def assert_text_only(at: AppTest, where: str) -> list[str]:
    """No hostile value unescaped in any Markdown of the screen, and each shows as its own characters."""
    sources = rendered_as_markdown(at)
    for source in sources:
        for value in HOSTILE:
            assert value not in source, (where, value, source)  # a raw `www.` autolinks in GitHub Markdown
        out = MD.render(source)
        for tag in ("<a ", "<em>", "<img", "<b>", "<del>"):
            assert tag not in out, (where, tag, source, out)
        visible = html.unescape(TAG.sub("", out))
        for value in HOSTILE:
            if plain(value) in source:
                assert value in visible, (where, value, source, visible)
    return sources


def test_hostile_values_show_as_text_on_every_screen_for_every_role(ui_app: App, hostile) -> None:  # noqa: F811
    seen: list[str] = []
    for role, user in hostile.items():
        for module in PAGES:
            at = screen(module, user, current_release="hostile", editor_lang="es", review_lang="es",
                        export_langs=["es"])
            assert not at.exception, (module, role, at.exception)
            seen += assert_text_only(at, f"{module} as {role}") + shown_as_text(at)
    everything = "\n".join(seen)
    for value in HOSTILE:  # every hostile value was really on some screen, escaped or as plain text
        assert plain(value) in everything, value
    # the reported finding: who saved a segment, in the review queue's heading of each item, escaped
    at = screen("review", hostile["reviewer"], current_release="hostile", review_lang="es")
    assert any(plain(TRANSLATOR) in m.value for m in at.markdown)


def test_the_preview_and_its_language_box_show_hostile_values_as_text(ui_app: App, hostile) -> None:  # noqa: F811
    at = screen("releases", hostile["translator"])
    at.text_area(key="new_release_text").input(SOURCE)
    at.text_input(key="new_release_lang").input("**bb**").run()
    assert not at.exception
    assert_text_only(at, "preview, hostile language")
    assert any("is not a language code" in e.value for e in at.error)  # refused, said as text
    at.text_input(key="new_release_lang").input("fr").run()
    assert not at.exception
    sources = assert_text_only(at, "preview")
    assert any(plain("ingested as fr") in s for s in sources)  # the language line, escaped like the rest
    assert any(plain("**bold**") in c.label for c in at.checkbox)


def test_a_hostile_file_name_shows_as_text(ui_app: App, hostile) -> None:  # noqa: F811
    at = screen("releases", hostile["translator"])
    at.get("file_uploader")[0].set_value(("[x](http://e.com) a._ital_.b.txt", b"", "text/plain")).run()
    assert not at.exception
    assert_text_only(at, "upload")
    assert any(plain("[x](http://e.com)") in e.value for e in at.error), [e.value for e in at.error]
