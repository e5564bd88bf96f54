"""The editor's keyboard shortcuts in a real browser (Debian's Chromium through Playwright): a memory
match, the source and the next/previous segment from the keyboard, and the concordance by Alt+K."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import servers
from review_fixtures import ES_TITLE, crimea_with_approved_title, operator
from servers import CHROMIUM, WAIT, chromium, shot, sign_in, wait_idle

from workbench.services import releases, review
from workbench.services.app import App

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]
playwright = pytest.importorskip("playwright.sync_api")


server = servers.server  # the fixture: `workbench serve` with tina (translator) and rui (reviewer)


def test_the_keyboard_inserts_a_match_and_the_source_and_moves_between_segments(
        server: str, sqlite_app: App, sample_bytes: bytes) -> None:
    app = sqlite_app
    segs, approved = crimea_with_approved_title(app, sample_bytes), ES_TITLE
    # the newest: shown first
    releases.ingest_release(app, sample_bytes, name="again.txt", slug="again", user=operator(app))
    first, second = segs[0]["id"], segs[1]["id"]
    with chromium() as (new_page, dialogs):
        page = new_page()
        sign_in(page, server, "tina", "tina-secret")
        page.get_by_role("link", name="Editor").click()

        def box(key: str) -> Any:
            return page.locator(f".st-key-target_{key} textarea")

        page.get_by_text("Alt+1, 2, 3 insert memory match 1, 2, 3").wait_for(timeout=WAIT)  # the help line
        box(first).click(timeout=WAIT)
        wait_idle(page)
        page.keyboard.press("Alt+1")  # memory match 1 into the box, the caret back in it
        playwright.expect(box(first)).to_have_value(approved, timeout=WAIT)
        playwright.expect(box(first)).to_be_focused(timeout=WAIT)
        page.keyboard.press("Alt+ArrowDown")  # the next segment
        playwright.expect(box(second)).to_be_focused(timeout=WAIT)
        page.keyboard.press("Alt+S")  # its source into its box
        playwright.expect(box(second)).to_have_value(segs[1]["source"], timeout=WAIT)
        page.keyboard.press("Alt+ArrowUp")  # back to the first, which kept the match
        playwright.expect(box(first)).to_be_focused(timeout=WAIT)
        page.keyboard.press("Control+Enter")
        playwright.expect(box(second)).to_be_focused(timeout=WAIT)
        assert review.current(app, "again", first, "es")["target"] == approved
        shot(page, "12-editor-shortcuts")
        page.keyboard.press("Alt+K")  # the concordance's box, ready for a phrase
        phrase = page.get_by_role("textbox", name="Phrase (source or translation)")
        playwright.expect(phrase).to_be_focused(timeout=WAIT)
        page.keyboard.type("tártaros de Crimea")
        page.keyboard.press("Enter")
        page.locator("[data-testid=stDataFrame]").first.wait_for(timeout=WAIT)  # the pairs found
    assert dialogs == []


def test_clicking_a_release_row_opens_it_in_the_editor(server: str, sqlite_app: App, sample_bytes: bytes) -> None:
    app = sqlite_app
    releases.ingest_release(app, sample_bytes, name="sample.txt", slug="crimea", user=operator(app))
    long_slug = "rusia-los-dirigentes-tartaros-de-crimea-deben-poder-volver-libremente-a-su-tierra-natal"
    # the newest: the first row
    releases.ingest_release(app, sample_bytes, name="again.txt", slug=long_slug, user=operator(app))
    with chromium() as (new_page, dialogs):
        page = new_page()
        sign_in(page, server, "tina", "tina-secret")
        grid = page.locator(".st-key-releases_table [data-testid=stDataFrame]")
        grid.wait_for(timeout=WAIT)
        wait_idle(page)
        shot(page, "13-releases-long-slug")
        box = grid.bounding_box()
        assert box is not None
        # the second row (crimea), in its row-selection column at the left of the grid (a canvas)
        page.mouse.click(box["x"] + 15, box["y"] + 35 + 35 + 17)
        page.locator(".st-key-editor_release").wait_for(timeout=WAIT)  # the editor opened
        playwright.expect(page.locator(".st-key-editor_release input")).to_have_value("crimea", timeout=WAIT)
        shot(page, "14-editor-opened-from-the-releases-list")
    assert dialogs == []
