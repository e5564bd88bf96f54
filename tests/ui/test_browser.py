"""End to end in a real browser: Debian's Chromium driven by Playwright against `workbench serve`.

No `playwright install`: the browser is /usr/bin/chromium (the Debian package `make` installs).
Screenshots of every screen go to test-artifacts/screens/ (kept out of git).
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import servers
from review_fixtures import ES_TITLE, crimea_with_approved_title, operator
from servers import CHROMIUM, WAIT, chromium, shot, sign_in

from workbench.services import releases, review
from workbench.services.app import App

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]
playwright = pytest.importorskip("playwright.sync_api")


server = servers.server  # the fixture: `workbench serve` with tina (translator) and rui (reviewer)


def wait_until(condition, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.5)


def test_golden_path_from_ingest_to_downloaded_catalog(server: str, sqlite_app: App, sample_bytes: bytes,
                                                       tmp_path: Path) -> None:
    app = sqlite_app
    edited = "Rusia. Los dirigentes tártaros de Crimea deben poder volver a su tierra y expresarse libremente"
    with chromium() as (new_page, dialogs):
        # A translator ingests the sample, drafts Spanish, edits a segment and saves it.
        page = new_page()
        sign_in(page, server, "tina", "tina-secret")
        shot(page, "01-releases-empty")
        page.get_by_role("textbox", name="Slug (empty: from the title)").fill("crimea")
        page.get_by_role("textbox", name="Slug (empty: from the title)").press("Enter")
        box = page.get_by_role("textbox", name="Release text")
        box.fill(sample_bytes.decode("utf-8"))
        box.press("Control+Enter")
        page.get_by_role("button", name="Ingest").click(timeout=WAIT)
        page.get_by_text("crimea: 11 segments").wait_for(timeout=WAIT)
        shot(page, "02-releases-ingested")
        page.get_by_role("link", name="Editor").click()
        page.get_by_text("Draft with machine translation").click(timeout=WAIT)
        page.get_by_role("button", name="Draft the untranslated segments").click()
        page.get_by_text("11 segments drafted").wait_for(timeout=WAIT)
        first = releases.list_segments(app, "crimea", "es")["segments"][0]
        area = page.locator(f".st-key-target_{first['id']} textarea")
        playwright.expect(area).to_have_value(first["target"], timeout=WAIT)  # the draft is on screen
        area.fill(edited)
        area.press("Control+Enter")
        wait_until(lambda: review.current(app, "crimea", first["id"], "es")["state"] == "translated", "the save")
        assert review.current(app, "crimea", first["id"], "es")["target"] == edited
        shot(page, "03-editor")

        # A reviewer approves it, approves the clean drafts, signs off and downloads the .po.
        page = new_page(accept_downloads=True)
        sign_in(page, server, "rui", "rui-secret")
        page.get_by_role("link", name="Review").click()
        page.locator(f".st-key-approve_{first['id']} button").click(timeout=WAIT)
        wait_until(lambda: review.current(app, "crimea", first["id"], "es")["state"] == "approved", "the approval")
        page.locator(".st-key-bulk_approve button").click(timeout=WAIT)
        page.get_by_text("10 approved").wait_for(timeout=WAIT)
        page.locator(".st-key-sign_off button").click(timeout=WAIT)
        page.get_by_text("Signed off by rui").wait_for(timeout=WAIT)
        shot(page, "04-review-signed-off")
        page.get_by_role("link", name="Export").click()
        choose = page.locator(".st-key-export_langs input")
        choose.click(timeout=WAIT)
        choose.fill("es")
        choose.press("Enter")
        page.keyboard.press("Escape")
        page.get_by_text("catalogs (.po)", exact=True).click()
        page.get_by_role("button", name="Prepare the files").click()
        with page.expect_download(timeout=WAIT) as download:
            page.get_by_role("button", name="Download crimea.es.po").click(timeout=WAIT)
        po = tmp_path / "crimea.po"
        download.value.save_as(po)
        shot(page, "05-export")
        assert f'msgstr "{edited}"' in po.read_text(encoding="utf-8")
        assert subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po)]).returncode == 0
        # the catalog comes back through the screen's import: every entry is the approved text already
        page.locator(".st-key-import_file input[type=file]").set_input_files(str(po))
        page.get_by_role("button", name="Import the translations").click(timeout=WAIT)
        page.get_by_text("crimea.po: 0 translations applied, 0 drafts, 11 unchanged, 0 not in the release, "
                         "0 conflicts.").wait_for(timeout=WAIT)
        shot(page, "05-import")
        for name in ("Glossary",):
            page.get_by_role("link", name=name).click()
            page.get_by_role("heading", name=name).wait_for(timeout=WAIT)
            shot(page, f"06-{name.lower()}")
    assert dialogs == []


def test_markup_in_a_release_is_shown_as_text(server: str, sqlite_app: App) -> None:
    hostile = ("Russie. Un communiqué piégé pour vérifier l’affichage des textes\n\n"
               "Le texte contient <script>alert('xss')</script> et <img src=x onerror=alert('img')> en clair.\n")
    releases.ingest_release(sqlite_app, hostile.encode(), name="hostile.txt", slug="hostile", user=operator(sqlite_app))
    with chromium() as (new_page, dialogs):
        page = new_page()
        sign_in(page, server, "tina", "tina-secret")
        page.get_by_role("link", name="Editor").click()
        page.get_by_text("<script>alert('xss')</script>", exact=False).first.wait_for(timeout=WAIT)
        page.get_by_text("<img src=x onerror=alert('img')>", exact=False).first.wait_for(timeout=WAIT)
        shot(page, "07-editor-markup-as-text")
        assert page.locator("img[onerror]").count() == 0
        assert page.locator("script:has-text('xss')").count() == 0
    assert dialogs == []


def test_ctrl_enter_saves_and_moves_the_focus_to_the_next_box(server: str, sqlite_app: App,
                                                               sample_bytes: bytes) -> None:
    app = sqlite_app
    releases.ingest_release(app, sample_bytes, name="sample.txt", slug="crimea", user=operator(app))
    paragraphs = [f"Le paragraphe numéro {n} du communiqué rappelle que les défenseurs des droits humains doivent "
                  "pouvoir travailler librement." for n in range(1, 25)]
    long = "Russie. Un long communiqué pour passer à la page suivante\n\n" + "\n\n".join(paragraphs) + "\n"
    releases.ingest_release(app, long.encode(), name="long.txt", slug="long", user=operator(app))
    segs = releases.list_segments(app, "crimea", "es")["segments"]
    first, second, third = segs[0]["id"], segs[1]["id"], segs[2]["id"]
    review.edit(app, "crimea", second, "es", "Texto previo", "rui")  # the caret must land after it
    with chromium() as (new_page, dialogs):
        page = new_page()
        sign_in(page, server, "tina", "tina-secret")
        page.get_by_role("link", name="Editor").click()

        def choose_release(slug: str) -> None:
            choose = page.locator(".st-key-editor_release input")
            choose.click(timeout=WAIT)
            choose.fill(slug)
            choose.press("Enter")

        def box(key: str) -> Any:
            return page.locator(f".st-key-target_{key} textarea")

        def saved(slug: str, key: str, text: str) -> bool:
            return bool(review.current(app, slug, key, "es")["target"] == text)

        def focused_in() -> str | None:
            """The key of the widget whose text area has the keyboard focus."""
            return page.evaluate("""() => {
                const el = document.activeElement;
                const holder = el && el.tagName === "TEXTAREA" ? el.closest("[class*='st-key-target_']") : null;
                return holder ? [...holder.classList].find(c => c.startsWith("st-key-")).slice(7) : null;
            }""")

        # Ctrl+Enter in the first box saves it, and the focus goes to the second box, caret at the end.
        choose_release("crimea")
        box(first).click(timeout=WAIT)
        box(first).fill("Rusia. Texto guardado con el teclado")
        box(first).press("Control+Enter")
        wait_until(lambda: saved("crimea", first, "Rusia. Texto guardado con el teclado"), "the save")
        playwright.expect(box(second)).to_be_focused(timeout=WAIT)
        assert focused_in() == f"target_{second}"
        page.keyboard.type(" y más")
        playwright.expect(box(second)).to_have_value("Texto previo y más")
        playwright.expect(box(first)).to_have_value("Rusia. Texto guardado con el teclado")
        shot(page, "08-editor-focus-moved")
        page.keyboard.press("Control+Enter")
        wait_until(lambda: saved("crimea", second, "Texto previo y más"), "the second save")
        playwright.expect(box(third)).to_be_focused(timeout=WAIT)
        # Saving the second again moves the focus to the same box again (a second, identical move).
        box(second).click()
        page.keyboard.type(", otra vez")
        page.keyboard.press("Control+Enter")
        playwright.expect(box(third)).to_be_focused(timeout=WAIT)
        assert saved("crimea", second, "Texto previo y más, otra vez")
        assert focused_in() == f"target_{third}"

        # The last box of a page: the save opens the next page with the focus in its first box.
        long_ids = [s["id"] for s in releases.list_segments(app, "long", "es")["segments"]]
        last, following = long_ids[19], long_ids[20]  # the editor shows 20 segments a page
        choose_release("long")
        box(last).click(timeout=WAIT)
        box(last).fill("El párrafo número 19")
        box(last).press("Control+Enter")
        playwright.expect(page.locator(".st-key-editor_page input")).to_have_value("2", timeout=WAIT)
        playwright.expect(box(following)).to_be_focused(timeout=WAIT)
        assert focused_in() == f"target_{following}"
        page.keyboard.type("El párrafo número 20")
        playwright.expect(box(following)).to_have_value("El párrafo número 20")
        assert saved("long", last, "El párrafo número 19")
        shot(page, "09-editor-focus-next-page")
    assert dialogs == []


def test_the_translator_reads_the_rejection_inserts_a_match_and_finds_earlier_wording(
        server: str, sqlite_app: App, sample_bytes: bytes) -> None:
    app = sqlite_app
    segs, approved = crimea_with_approved_title(app, sample_bytes), ES_TITLE
    review.edit(app, "crimea", segs[1]["id"], "es", "Dos dirigentes liberados", "tina")
    with chromium() as (new_page, _dialogs):
        # The reviewer sends segment 2 back with a comment, in the browser.
        page = new_page()
        sign_in(page, server, "rui", "rui-secret")
        page.get_by_role("link", name="Review").click()
        page.locator(f".st-key-open_{segs[1]['id']} button").click(timeout=WAIT)  # its rejection's box
        page.locator(f".st-key-comment_{segs[1]['id']} input").fill("Falta «tártaros de Crimea»")
        page.locator(f".st-key-comment_{segs[1]['id']} input").press("Enter")
        page.locator(f".st-key-reject_{segs[1]['id']} button").click(timeout=WAIT)
        wait_until(lambda: review.current(app, "crimea", segs[1]["id"], "es")["state"] == "needs_edit", "the reject")
        # The translator sees why, in the editor, and no command-line flag anywhere.
        page = new_page()
        sign_in(page, server, "tina", "tina-secret")
        page.get_by_role("link", name="Editor").click()
        page.get_by_text("Falta «tártaros de Crimea»").first.wait_for(timeout=WAIT)
        shot(page, "10-editor-rejection-comment")
        assert " --" not in page.locator("body").inner_text()
        # Concordance finds the approved wording.
        page.get_by_text("Concordance: earlier approved translations").click(timeout=WAIT)
        page.get_by_role("textbox", name="Phrase (source or translation)").fill("TÁRTAROS DE CRIMEA")
        page.get_by_role("textbox", name="Phrase (source or translation)").press("Enter")
        page.get_by_text("No approved translation contains this phrase.").wait_for(state="detached", timeout=WAIT)
        page.locator("[data-testid=stDataFrame]").first.wait_for(timeout=WAIT)  # a canvas grid: no text to read
        shot(page, "11-editor-concordance")
        # In a newer release of the same text, memory match 1 goes into the box with one click, and is saved.
        releases.ingest_release(app, sample_bytes, name="again.txt", slug="again",
                                user=operator(app))  # the newest: shown first
        page = new_page()
        sign_in(page, server, "tina", "tina-secret")
        page.get_by_role("link", name="Editor").click()
        page.locator(f".st-key-insert_match_1_{segs[0]['id']} button").click(timeout=WAIT)
        area = page.locator(f".st-key-target_{segs[0]['id']} textarea")
        playwright.expect(area).to_have_value(approved, timeout=WAIT)
        area.press("Control+Enter")
        wait_until(lambda: review.current(app, "again", segs[0]["id"], "es")["target"] == approved, "the save")
