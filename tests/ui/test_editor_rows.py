"""The editor's rows as a browser runs them: each row is a fragment, so a save, an insert or a click on
"Matches, insert, comment" reruns that row (and the one that gains or loses the tools), not the screen.

AppTest always reruns the whole script; ``row_click`` sends the click with its row's fragment id, as
the browser does (``streamlit/runtime/app_session.py``), so these runs are the served page's.
"""

from __future__ import annotations

import functools
from typing import Any

import test_pages
from streamlit.testing.v1 import AppTest, local_script_runner
from test_pages import screen, who

from workbench.services import releases, review
from workbench.services.app import App

LANG = "es"
ui_app = test_pages.ui_app  # the fixture: the sample as `crimea`, tina (translator), rui (reviewer)


def row_click(at: AppTest, button: str, segment: str) -> AppTest:
    """Click ``button`` of segment ``segment``'s row, the run being that row's fragment only."""
    [fragment] = at._fragment_storage.resolve_target(f"editor_row_{segment}")
    plain_rerun = local_script_runner.RerunData
    local_script_runner.RerunData = functools.partial(plain_rerun, fragment_id=fragment)
    try:
        at.button(key=button).click().run()
    finally:
        local_script_runner.RerunData = plain_rerun
    assert not at.exception
    return at


def keys(at: AppTest, prefix: str) -> set[str]:
    """The segments whose widget ``prefix<id>`` the last run drew."""
    return {w.key.removeprefix(prefix) for w in [*at.button, *at.text_area] if w.key and w.key.startswith(prefix)}


def save(at: AppTest, segment: str, text: str) -> AppTest:
    at.text_area(key=f"target_{segment}").input(text)
    return row_click(at, f"FormSubmitter:seg_form_{segment}-Save (Ctrl+Enter)", segment)


def test_a_save_redraws_its_row_from_the_database_and_the_next_row_gets_the_tools(ui_app: App) -> None:
    rows: list[dict[str, Any]] = releases.list_segments(ui_app, "crimea", LANG)["segments"]
    first, second, third = (r["id"] for r in rows[:3])
    at = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang=LANG)
    assert keys(at, "copy_source_") == {first} and second in keys(at, "activate_")  # the page's first is active
    save(at, first, "Rusia. Los dirigentes tártaros de Crimea")
    assert review.current(ui_app, "crimea", first, LANG)["target"] == "Rusia. Los dirigentes tártaros de Crimea"
    # only the saved row and the next were drawn: the saved one from the database, the next with the tools
    assert keys(at, "target_") == {first, second}
    assert at.text_area(key=f"target_{first}").value == "Rusia. Los dirigentes tártaros de Crimea"
    assert any(f"{first} · translated · v1" in m.value.replace("\\", "") for m in at.markdown)
    assert keys(at, "copy_source_") == {second} and keys(at, "activate_") == {first}
    assert any(f"target_{second}" in h.value for h in at.get("html"))  # the script that moves the focus there
    # its issues are the saved text's (numbers, length: the sample's first sentence has more)
    assert at.error or at.warning
    save(at, second, "Dos dirigentes tártaros de Crimea liberados")
    assert keys(at, "copy_source_") == {third} and review.current(ui_app, "crimea", second, LANG)["version"] == 1


def test_a_save_over_a_colleagues_newer_text_is_refused_in_the_row_and_keeps_both(ui_app: App) -> None:
    first = releases.list_segments(ui_app, "crimea", LANG)["segments"][0]["id"]
    at = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang=LANG)
    review.edit(ui_app, "crimea", first, LANG, "Texto de Rui", "rui")  # while tina's screen is open
    save(at, first, "Mi versión")
    assert any("saved this segment meanwhile" in w.value for w in at.warning)
    assert review.current(ui_app, "crimea", first, LANG)["target"] == "Texto de Rui"
    assert at.text_area(key=f"target_{first}").value == "Mi versión"
    save(at, first, "Texto de Rui, fusionado")  # having seen theirs: a deliberate merge
    assert review.current(ui_app, "crimea", first, LANG)["target"] == "Texto de Rui, fusionado"


def test_choosing_another_segment_moves_the_tools_and_an_insert_fills_its_box(ui_app: App) -> None:
    rows = releases.list_segments(ui_app, "crimea", LANG)["segments"]
    first, fourth = rows[0]["id"], rows[3]["id"]
    at = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang=LANG)
    at.text_area(key=f"target_{fourth}").input("a half-typed text")
    row_click(at, f"activate_{fourth}", fourth)
    assert keys(at, "target_") == {first, fourth}  # the row that loses the tools and the one that gets them
    assert keys(at, "copy_source_") == {fourth} and keys(at, "activate_") == {first}
    row_click(at, f"copy_source_{fourth}", fourth)
    assert at.text_area(key=f"target_{fourth}").value == rows[3]["source"]
