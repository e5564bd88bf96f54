"""No cache shows stale text: what one session (or another replica) saves is what another sees at its next rerun.

The UI keeps, once per process, the term base's checks with the issues they found (``ui/resources.py``),
the memory's indexes and the fuzzy matches' differences (``services/memory.py``). Two AppTest sessions
in one process share them, as the browser sessions of one server do; the editor and the review queue
are checked.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import test_pages
from review_fixtures import operator
from streamlit.testing.v1 import AppTest
from test_pages import screen, who

from workbench.services import glossary, releases, review, users
from workbench.services.app import App
from workbench.ui.session import plain

LANG = "es"
ui_app = test_pages.ui_app  # the fixture: the sample as `crimea`, tina (translator), rui (reviewer)


def leaders(app: App) -> dict[str, Any]:
    """The sample's segment that names both leaders (in their French spelling)."""
    rows = releases.list_segments(app, "crimea", LANG)["segments"]
    return next(r for r in rows if r["source"].startswith("Akhtem Tchigoz et Ilmi Oumerov"))


def save(at: AppTest, key: str, text: str) -> None:
    """Type ``text`` into the segment's box and press its Save button."""
    at.text_area(key=f"target_{key}").input(text)
    at.button(key=f"FormSubmitter:seg_form_{key}-Save (Ctrl+Enter)").click().run()
    assert not at.exception


def alerts(at: AppTest) -> list[str]:
    return [a.value for a in [*at.error, *at.warning]]


def test_a_save_in_one_session_is_what_another_sees_at_its_next_rerun(ui_app: App) -> None:
    users.add_user(ui_app, "tom", "translator", "tom-secret", LANG, by=operator(ui_app))
    seg = leaders(ui_app)
    key = seg["id"]
    tina = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang=LANG)
    tom = screen("editor", who(ui_app, "tom", "tom-secret"), editor_lang=LANG)
    assert tom.text_area(key=f"target_{key}").value == ""

    # Tina leaves the French spellings in: tom's next rerun shows her text, its version and its issue.
    left = seg["source"].replace(" et ", " y ", 1)
    save(tina, key, left)
    tom.run()
    assert tom.text_area(key=f"target_{key}").value == left
    assert any(f"{key} · translated · v1" in m.value.replace("\\", "") for m in tom.markdown)  # its state line
    assert any("Oumerov" in a for a in alerts(tom))

    # She corrects them: the issue of her first text is not shown for the second.
    fixed = left.replace("Ilmi Oumerov", "Ilmi Umerov").replace("Akhtem Tchigoz", "Akhtem Chiygoz")
    save(tina, key, fixed)
    tom.run()
    assert tom.text_area(key=f"target_{key}").value == fixed
    assert any(f"{key} · translated · v2" in m.value.replace("\\", "") for m in tom.markdown)
    assert not any("Oumerov" in a for a in alerts(tom))


def test_a_glossary_change_is_seen_at_the_next_rerun(ui_app: App) -> None:
    seg = leaders(ui_app)
    review.edit(ui_app, "crimea", seg["id"], LANG, seg["source"], "tina")  # the French forms left in
    tina = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang=LANG)
    assert any(":orange-background[Ilmi Oumerov] → **Ilmi Umerov**" in m.value for m in tina.markdown)
    assert any("Ilmi Umerov" in a for a in alerts(tina))
    tina.run()  # a rerun with nothing changed: the same (cached) term base

    # A reviewer changes the Spanish form and an admin accepts it (other sessions, or another replica:
    # the database).
    concept = glossary.termbase(ui_app).concepts["ilmi_umerov"]
    proposed = glossary.save_concept(ui_app, replace(concept, forms={**concept.forms, LANG: "Ilmí Umérov"}), "rui")
    tina.run()  # a proposal is not the term base yet: still the accepted form
    assert any("→ **Ilmi Umerov**" in m.value for m in tina.markdown)
    glossary.accept(ui_app, proposed["proposed"], "ada")
    tina.run()
    assert not tina.exception
    shown = [m.value for m in tina.markdown]
    assert any(":orange-background[Ilmi Oumerov] → **Ilmí Umérov**" in v for v in shown)
    assert not any("→ **Ilmi Umerov**" in v for v in shown)
    # and the QA issue of the same, unchanged text now names the new form
    issues = alerts(tina)
    assert any("Ilmí Umérov" in a for a in issues) and not any("Ilmi Umerov" in a for a in issues)


def test_a_memory_unit_replaced_in_place_is_not_offered_from_the_old_index(ui_app: App, sample_bytes: bytes) -> None:
    # The same release again: each of its segments finds the first one's approved units, exactly.
    releases.ingest_release(ui_app, sample_bytes, name="sample.txt", slug="crimea-again", user=operator(ui_app))
    key = leaders(ui_app)["id"]
    first = "Akhtem Chiygoz e Ilmi Umerov, primera versión aprobada."
    review.edit(ui_app, "crimea", key, LANG, first, "tina")
    review.approve(ui_app, "crimea", [key], LANG, "rui", override="a test text")
    tina = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang=LANG, current_release="crimea-again",
                  editor_active=key)  # the active segment shows its memory matches
    assert any(plain(f"%: {first}") in m.value for m in tina.markdown)

    # The approval is withdrawn and another text approved: SQLite gives the new unit the withdrawn one's id.
    second = "Akhtem Chiygoz e Ilmi Umerov, segunda versión aprobada."
    review.unapprove(ui_app, "crimea", key, LANG, "rui", "una corrección")
    review.edit(ui_app, "crimea", key, LANG, second, "tina")
    review.approve(ui_app, "crimea", [key], LANG, "rui", override="a test text")
    tina.run()
    shown = [m.value for m in tina.markdown]
    assert any(plain(f"%: {second}") in v for v in shown)
    assert not any(plain(f"%: {first}") in v for v in shown)


def test_an_approval_in_one_session_is_a_memory_match_in_another_at_its_next_rerun(
        ui_app: App, sample_bytes: bytes) -> None:
    # The same release again: its segment would find the first release's approved unit, exactly.
    releases.ingest_release(ui_app, sample_bytes, name="sample.txt", slug="crimea-again", user=operator(ui_app))
    key = leaders(ui_app)["id"]
    text = "Akhtem Chiygoz e Ilmi Umerov, el texto que Rui aprueba."
    review.edit(ui_app, "crimea", key, LANG, text, "tina")
    tina = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang=LANG, current_release="crimea-again",
                  editor_active=key)  # the active segment shows its memory matches
    tina.run()  # a rerun with nothing changed: the memory's answers for the page are the kept ones (none)
    assert not any(plain(f"%: {text}") in m.value for m in tina.markdown)

    # Rui approves it in his review session: the memory has a new unit.
    rui = screen("review", who(ui_app, "rui", "rui-secret"), review_lang=LANG, current_release="crimea")
    for box in rui.text_input:
        if box.key == f"override_{key}":
            box.input("the dates and names are checked")
    rui.button(key=f"approve_{key}").click().run()
    assert not rui.exception and review.current(ui_app, "crimea", key, LANG)["state"] == "approved", alerts(rui)

    # Tina's next rerun offers it, with nothing else done in her session.
    tina.run()
    assert not tina.exception
    assert any(plain(f"100%: {text}") in m.value for m in tina.markdown)


def test_the_review_queue_shows_another_sessions_save_and_approval_at_its_next_rerun(ui_app: App) -> None:
    users.add_user(ui_app, "rosa", "reviewer", "rosa-secret", LANG, by=operator(ui_app))
    seg = leaders(ui_app)
    key = seg["id"]
    tina = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang=LANG)
    rui = screen("review", who(ui_app, "rui", "rui-secret"), review_lang=LANG)
    rosa = screen("review", who(ui_app, "rosa", "rosa-secret"), review_lang=LANG)
    assert f"approve_{key}" not in [b.key for b in rui.button]  # nothing to review yet

    # Tina saves the French spellings: the reviewers' next reruns show her text and its issue.
    left = seg["source"].replace(" et ", " y ", 1)
    save(tina, key, left)
    rui.run()
    assert any(t.value == left for t in rui.text)
    assert any("Oumerov" in a for a in alerts(rui))
    # She corrects them: the queue shows the new text, and not the old issue.
    fixed = left.replace("Ilmi Oumerov", "Ilmi Umerov").replace("Akhtem Tchigoz", "Akhtem Chiygoz")
    save(tina, key, fixed)
    rui.run()
    assert any(t.value == fixed for t in rui.text) and not any(t.value == left for t in rui.text)
    assert not any("Oumerov" in a for a in alerts(rui))
    # Rui opens it to correct it, and sees the version saved since he opened the screen.
    rui.button(key=f"open_{key}").click().run()
    assert rui.text_area(key=f"review_text_{key}_2").value == fixed
    # Rosa approves it in her session (the sample's other findings overridden): it leaves Rui's queue at his next rerun.
    rosa.run()
    rosa.text_input(key=f"override_{key}").input("the date and the variant are the source's")
    rosa.button(key=f"approve_{key}").click().run()
    assert not rosa.exception and review.current(ui_app, "crimea", key, LANG)["state"] == "approved", alerts(rosa)
    rui.run()
    assert f"approve_{key}" not in [b.key for b in rui.button]
    assert not [a for a in rui.text_area if a.key.startswith(f"review_text_{key}_")]
