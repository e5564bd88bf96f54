"""The Streamlit screens through AppTest: sign-in, releases, editor (save and conflict), review, glossary, admin."""

from __future__ import annotations

import re
import shutil
from html import escape
from pathlib import Path
from typing import Any

import pytest
from review_fixtures import operator
from streamlit.testing.v1 import AppTest

from workbench.services import drafting, publishing, releases, review, setup, signin, users
from workbench.services.app import App
from workbench.services.serve import APP_SCRIPT

TIMEOUT = 60


@pytest.fixture
def ui_app(sqlite_app: App, sample_bytes: bytes, monkeypatch: pytest.MonkeyPatch) -> App:
    """A database with the glossary, the sample as `crimea`, a translator, a reviewer and an admin."""
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", sqlite_app.settings.database_url)
    monkeypatch.setenv("WORKBENCH_GLOSSARY_DIR", str(sqlite_app.settings.glossary_dir))
    setup.init_workbench(sqlite_app)
    releases.ingest_release(sqlite_app, sample_bytes, name="sample.txt", slug="crimea", user=operator(sqlite_app))
    users.add_user(sqlite_app, "tina", "translator", "tina-secret", "es", by=operator(sqlite_app))
    users.add_user(sqlite_app, "rui", "reviewer", "rui-secret", "es", by=operator(sqlite_app))
    users.add_user(sqlite_app, "ada", "admin", "ada-secret", by=operator(sqlite_app))
    return sqlite_app


def screen(module: str, user: dict[str, Any] | None, **state: Any) -> AppTest:
    """An AppTest running the screen ``workbench.ui.pages.<module>`` for a signed-in ``user``."""
    source = f"from workbench.ui.pages import {module}\n{module}.render()\n"
    at = AppTest.from_string(source, default_timeout=TIMEOUT)
    at.session_state["user"] = user
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def who(app: App, name: str, password: str) -> dict[str, Any]:
    return signin.sign_in(app, name, password)


def test_sign_in_wrong_then_right(ui_app: App) -> None:
    at = AppTest.from_file(str(APP_SCRIPT), default_timeout=TIMEOUT).run()
    assert not at.exception
    at.text_input(key="sign_in_name").input("tina")
    at.text_input(key="sign_in_password").input("wrong")
    at.button[0].click().run()
    assert "unknown user or wrong password" in at.error[0].value
    assert at.session_state["user"] if "user" in at.session_state else True
    at.text_input(key="sign_in_password").input("tina-secret")
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["user"]["name"] == "tina"
    assert any("Signed in as tina" in t.value for t in at.sidebar.text)


def test_releases_screen_lists_and_previews(ui_app: App) -> None:
    at = screen("releases", who(ui_app, "tina", "tina-secret"))
    assert not at.exception
    assert list(at.dataframe[0].value["slug"]) == ["crimea"]
    at.text_area(key="new_release_text").input(
        "Russie. Un communiqué de test pour la prévisualisation des blocs\n\n"
        "Le texte contient <script>alert(1)</script> et il doit rester du texte, même dans la prévisualisation "
        "des blocs, avant que le communiqué ne soit enregistré dans la base de données.\n")
    at.run()
    assert not at.exception
    assert any(plain_text("Detected language: fr") in m.value for m in at.markdown)
    labels = [c.label for c in at.checkbox]
    assert any("\\<script\\>" in label for label in labels)  # escaped: shown as text, not markup


def test_editor_saves_and_reports_a_conflict(ui_app: App) -> None:
    tina = who(ui_app, "tina", "tina-secret")
    at = screen("editor", tina, editor_lang="es")
    assert not at.exception
    first = releases.list_segments(ui_app, "crimea", "es")["segments"][0]
    box = at.text_area(key=f"target_{first['id']}")
    box.input("Rusia. Los dirigentes tártaros de Crimea deben poder volver libremente")
    at.button(key=f"FormSubmitter:seg_form_{first['id']}-Save (Ctrl+Enter)").click().run()
    assert not at.exception
    saved = review.current(ui_app, "crimea", first["id"], "es")
    assert saved["version"] == 1 and saved["target"].startswith("Rusia.")
    # someone else saves meanwhile; our stale form must not overwrite it
    review.edit(ui_app, "crimea", first["id"], "es", "Texto de Rui", "rui")
    at2 = screen("editor", tina, editor_lang="es")
    review.edit(ui_app, "crimea", first["id"], "es", "Texto de Rui, otra vez", "rui")
    at2.text_area(key=f"target_{first['id']}").input("Mi versión")
    at2.button(key=f"FormSubmitter:seg_form_{first['id']}-Save (Ctrl+Enter)").click().run()
    assert not at2.exception
    assert any("saved this segment meanwhile" in w.value for w in at2.warning)
    assert review.current(ui_app, "crimea", first["id"], "es")["target"] == "Texto de Rui, otra vez"
    assert at2.text_area(key=f"target_{first['id']}").value == "Mi versión"  # nothing lost on either side
    # having seen their text, saving again is a deliberate merge and goes through
    at2.text_area(key=f"target_{first['id']}").input("Texto de Rui, fusionado")
    at2.button(key=f"FormSubmitter:seg_form_{first['id']}-Save (Ctrl+Enter)").click().run()
    assert review.current(ui_app, "crimea", first["id"], "es")["target"] == "Texto de Rui, fusionado"


def test_user_text_is_shown_as_text(ui_app: App) -> None:
    tina = who(ui_app, "tina", "tina-secret")
    first = releases.list_segments(ui_app, "crimea", "es")["segments"][0]
    review.edit(ui_app, "crimea", first["id"], "es", "<img src=x onerror=alert(1)> **bold**", "tina")
    at = screen("editor", tina, editor_lang="es")
    assert not at.exception
    assert not [m for m in at.markdown if "<img" in m.value]
    assert any(a.value == "<img src=x onerror=alert(1)> **bold**" for a in at.text_area)


def test_editor_highlights_the_glossary_terms_of_the_source_and_their_required_form(ui_app: App) -> None:
    from workbench.ui.session import plain

    at = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang="es")
    assert not at.exception
    # each row's head is one Markdown text: its state line, the source, its terms (paragraphs)
    shown = [part for m in at.markdown for part in m.value.split("\n\n")]
    # the source sentence with both leaders' French spellings on orange, the rest escaped as text
    [source] = [v for v in shown if v.startswith(":orange-background[Akhtem Tchigoz]") and "→" not in v]
    assert source.startswith(f":orange-background[Akhtem Tchigoz] et :orange-background[Ilmi Oumerov]{plain(', les')}")
    assert ":orange-background[Meijlis]" in source  # the source's own variant spelling is found too
    # and each term with the Spanish form the translation must use
    [listed] = [v for v in shown if v.startswith(":orange-background[Akhtem Tchigoz] → ")]
    assert listed.split("  \n") == [
        ":orange-background[Akhtem Tchigoz] → **Akhtem Chiygoz**",
        ":orange-background[Ilmi Oumerov] → **Ilmi Umerov**",
        ":orange-background[Meijlis] → **Mejlis**",
        ":orange-background[communauté tatare de Crimée] → **comunidad tártara de Crimea**",
        ":orange-background[autorités russes] → **autoridades rusas**",
        ":orange-background[simulacres de procès] → **farsa de juicios**",
    ]


@pytest.mark.apertium
@pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not on PATH")
def test_editor_shows_the_words_apertium_left_that_are_still_in_the_target(ui_app: App) -> None:
    from workbench.ui.session import plain

    drafting.translate_release(ui_app, "crimea", "es", "apertium", user=operator(ui_app))
    rows = releases.list_segments(ui_app, "crimea", "es")["segments"]
    sentenced = next(r for r in rows if r["source"].startswith("Akhtem Tchigoz et Ilmi Oumerov"))
    words = sentenced["unknown_words"]
    assert "extrémisme" in words  # no glossary entry, and Apertium lacks it
    review.edit(ui_app, "crimea", sentenced["id"], "es", sentenced["target"].replace("extrémisme", "extremismo"),
                "tina")
    at = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang="es")
    assert not at.exception
    label = plain("Words the engine did not know:")
    shown = [part for m in at.markdown for part in m.value.split("\n\n") if part.startswith(label)]
    # one line per segment that still has some; the word the translator replaced is gone
    rest = " ".join(f":red-background[{w}]" for w in words if w != "extrémisme")
    assert shown and not any("extrémisme" in v for v in shown)
    assert not rest or f"{label} {rest}" in shown
    assert len(shown) == sum(1 for r in releases.list_segments(ui_app, "crimea", "es")["segments"]
                             if r["unknown_words"])


@pytest.mark.apertium
@pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not on PATH")
def test_editor_says_which_engine_drafted_each_segment(ui_app: App) -> None:
    from workbench.ui.session import plain

    drafting.translate_release(ui_app, "crimea", "es", "apertium", user=operator(ui_app))
    rows = releases.list_segments(ui_app, "crimea", "es")["segments"]
    review.edit(ui_app, "crimea", rows[0]["id"], "es", "Texto de Tina", "tina")
    at = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang="es")
    assert not at.exception
    captions = {row["id"]: next(m.value.split("\n\n")[0] for m in at.markdown if plain(row["id"]) in m.value)
                for row in rows[:3]}
    assert plain("drafted by") not in captions[rows[0]["id"]]  # a person wrote it since
    # (a row's state line: ":gray[:small[...]]", its best memory match last when there is one)
    assert all(plain(" · drafted by apertium") in captions[r["id"]] for r in rows[1:3])
    fr = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang="es", ui_lang="fr")
    assert any(plain(" · prétraduit par apertium") in m.value.split("\n\n")[0] for m in fr.markdown)


def test_review_approves_and_refuses_four_eyes(ui_app: App) -> None:
    segs = releases.list_segments(ui_app, "crimea", "es")["segments"]
    text = "Rusia. Los dirigentes tártaros de Crimea deben poder volver"
    review.edit(ui_app, "crimea", segs[0]["id"], "es", text, "tina")
    review.edit(ui_app, "crimea", segs[1]["id"], "es", "Texto escrito por Rui", "rui")
    at = screen("review", who(ui_app, "rui", "rui-secret"), review_lang="es")
    assert not at.exception
    at.button(key=f"approve_{segs[0]['id']}").click().run()
    assert review.current(ui_app, "crimea", segs[0]["id"], "es")["state"] == "approved"
    at.button(key=f"approve_{segs[1]['id']}").click().run()
    assert any("wrote" in e.value or "four-eyes" in e.value.lower() for e in at.error)
    assert review.current(ui_app, "crimea", segs[1]["id"], "es")["state"] == "translated"


@pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed")
def test_review_refuses_a_draft_from_the_reviewers_own_glossary_sentence_and_its_history_says_whose(
    ui_app: App,
) -> None:
    from workbench.domain.glossary import Concept
    from workbench.services import glossary

    phrase = "Ils doivent être autorisés à retourner en Crimée et à exprimer librement leurs opinions"
    sentence = "Deben poder volver a Crimea y decir lo que piensan sin miedo alguno"
    [change] = glossary.save_concept(ui_app, Concept("retour", "term", {"fr": phrase, "es": sentence}),
                                     "rui")["proposed"]
    glossary.accept(ui_app, [change], "ada")
    drafting.translate_release(ui_app, "crimea", "es", user=operator(ui_app))
    key = next(s["id"] for s in releases.list_segments(ui_app, "crimea", "es")["segments"]
               if s["source"].startswith("Ils doivent"))
    assert sentence in (review.current(ui_app, "crimea", key, "es")["target"] or "")
    at = screen("review", who(ui_app, "rui", "rui-secret"), review_lang="es")
    at.button(key=f"approve_{key}").click().run()
    assert not at.exception
    from workbench.ui.session import plain

    assert any(plain("four-eyes rule: the text comes from the glossary form of 'retour', which 'rui'") in e.value
               for e in at.error)
    assert review.current(ui_app, "crimea", key, "es")["state"] == "draft"
    at.toggle(key="history_open").set_value(True).run()
    at.selectbox(key="history_segment").set_value(key).run()
    assert any(c.value.startswith(plain("Glossary the draft used (version ")) for c in at.caption)
    table = at.dataframe[-1].value  # the events, then the glossary the draft used
    row = table[table["concept"] == "retour"].iloc[0]
    assert (row["change"], row["proposed_by"], row["accepted_by"]) == (change, "rui", "ada")


def approve_buttons(at: AppTest) -> list[str]:
    """The segment ids of the review queue's items shown, in order (from their approve buttons' keys)."""
    return [b.key.removeprefix("approve_") for b in at.button if b.key and b.key.startswith("approve_")]


def test_review_queue_is_paged_and_the_page_falls_back_when_it_empties(ui_app: App) -> None:
    from workbench.ui.pages import review as review_screen

    size = review_screen.PAGE_SIZE
    source = "# Un long communiqué\n\n" + "\n\n".join(
        f"Le tribunal a examiné le dossier {i} mardi." for i in range(1, size + 3)) + "\n"
    keys = [s["id"] for s in releases.ingest_release(ui_app, source.encode(), name="long.md", lang="fr",
                                                     slug="long", user=operator(ui_app)).segments]
    assert len(keys) == size + 3
    for i, key in enumerate(keys):
        text = f"El tribunal examinó el expediente {i} el martes." if i else "Un largo comunicado"
        review.edit(ui_app, "long", key, "es", text, "tina")
    review.approve(ui_app, "long", [keys[0]], "es", "rui")
    rui = who(ui_app, "rui", "rui-secret")
    at = screen("review", rui, review_lang="es", current_release="long")
    assert not at.exception
    assert at.get("progress")[0].proto.text == f"1 of {size + 3} segments approved"
    assert at.button(key="sign_off").disabled
    assert at.subheader[0].value == f"Queue ({size + 2})"
    assert at.number_input(key="review_page").label == "Page (of 2)"
    assert approve_buttons(at) == keys[1:size + 1]
    at.number_input(key="review_page").set_value(2).run()
    assert not at.exception
    assert approve_buttons(at) == keys[size + 1:]  # the two left for the second page
    # approving the second page's items empties it: the screen shows the last page left
    for key in keys[size + 1:]:
        at.button(key=f"approve_{key}").click().run()
        assert not at.exception
    assert review.current(ui_app, "long", keys[-1], "es")["state"] == "approved"
    assert not [n for n in at.number_input if n.key == "review_page"]  # one page left: no page input
    assert approve_buttons(at) == keys[1:size + 1]
    assert at.get("progress")[0].proto.text == f"3 of {size + 3} segments approved"
    # once every segment is approved, the queue is empty and the sign-off button is enabled
    review.approve(ui_app, "long", None, "es", "rui")
    at.run()
    assert not at.exception
    assert approve_buttons(at) == [] and at.subheader[0].value == "Queue (0)"
    assert not at.button(key="sign_off").disabled
    # the history still offers every segment of the release, with its events
    at.toggle(key="history_open").set_value(True).run()
    listed = releases.list_segments(ui_app, "long")["segments"]
    assert list(at.selectbox(key="history_segment").options) == [f"{s['id']} · {s['source'][:80]}" for s in listed]
    assert [s["id"] for s in listed] == keys
    history = at.dataframe[0].value
    assert list(history["action"]) == ["edit", "approve"]  # the first segment's events
    english_time = r"[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2}\s[AP]M UTC"  # babel's medium format
    assert all(re.fullmatch(english_time, when) for when in history["at"])
    review.signoff(ui_app, "long", "es", "rui")
    at.session_state["ui_lang"] = "fr"
    at.run()
    french = at.success[0].value.replace("\\", "")  # the text is escaped for Markdown
    assert re.fullmatch(r"Validé par rui le \d{1,2} [a-zéû.]+ \d{4}, \d{2}:\d{2}:\d{2} UTC", french), french


def test_export_warns_with_the_counts_of_unapproved_segments(ui_app: App, sample_bytes: bytes) -> None:
    from workbench.ui.session import plain

    listed = releases.list_segments(ui_app, "crimea")["segments"]
    keys = [s["id"] for s in listed]
    last = listed[-1]["source"]  # « La communauté tatare de Crimée et le Mejlis sont les principales cibles… »
    for key in (keys[0], keys[1], keys[-1]):
        review.edit(ui_app, "crimea", key, "es", f"Texto {key}", "tina")
    review.approve(ui_app, "crimea", [keys[0], keys[-1]], "es", "rui", override="test")
    at = screen("export", who(ui_app, "ada", "ada-secret"), export_langs=["es", "en"])
    assert not at.exception
    assert [w.value for w in at.warning] == [
        plain("es: 9 of 11 segments are not approved; they are exported untranslated."),
        plain("en: 11 of 11 segments are not approved; they are exported untranslated."),
    ]
    # an update retires the last (approved) segment and brings a new one: the retired one is not counted
    text = sample_bytes.decode()
    assert text.count(last) == 1
    text = text.replace(last, "Amnesty International demande l’abandon de toutes les poursuites engagées contre eux.")
    releases.ingest_release(ui_app, text.encode(), name="v2.txt", update="crimea", user=operator(ui_app))
    at.run()
    assert not at.exception
    assert at.warning[0].value == plain("es: 10 of 11 segments are not approved; they are exported untranslated.")
    # every segment approved: the screen says whether the language is signed off
    for seg in releases.list_segments(ui_app, "crimea", "es")["segments"]:
        if seg["state"] != "approved":
            review.edit(ui_app, "crimea", seg["id"], "es", f"Texto {seg['id']}", "tina")
    review.approve(ui_app, "crimea", None, "es", "rui", override="test")
    at.run()
    assert [i.value for i in at.info] == [
        plain("es: every segment is approved, but no reviewer has signed the language off yet.")]
    review.signoff(ui_app, "crimea", "es", "rui")
    at.run()
    [signed] = [m.value for m in at.success]
    assert signed.startswith(plain("es: every segment is approved; signed off by rui at "))
    assert signed.endswith("UTC\\.")


def test_glossary_search_and_translator_cannot_edit(ui_app: App) -> None:
    at = screen("glossary", who(ui_app, "tina", "tina-secret"))
    assert not at.exception
    at.text_input(key="glossary_search").input("oumerov").run()
    assert list(at.dataframe[0].value["id"]) == ["ilmi_umerov"]
    # no form to fill in for nothing: a translator is told whom to ask (the services refuse them anyway)
    assert not [t for t in at.text_input if t.key == "glossary_id"] and not [
        b for b in at.button if b.key and "Save concept" in b.key]
    assert any("ask one of them" in i.value for i in at.info)
    rui = screen("glossary", who(ui_app, "rui", "rui-secret"))
    rui.text_input(key="glossary_id").input("nariman_dzhelyal")
    rui.text_input(key="glossary_form_fr").input("Nariman Djelal")
    rui.button(key="FormSubmitter:glossary_form-Save concept").click().run()
    assert not rui.exception and not rui.error


def test_a_reviewers_glossary_change_waits_for_a_second_reviewer_on_the_glossary_screen(ui_app: App) -> None:
    from workbench.services import glossary

    rui = screen("glossary", who(ui_app, "rui", "rui-secret"))
    rui.text_input(key="glossary_id").input("nariman_dzhelyal")
    rui.text_input(key="glossary_form_fr").input("Nariman Djelal")
    rui.text_input(key="glossary_form_es").input("Nariman Dzhelyal")
    rui.button(key="FormSubmitter:glossary_form-Save concept").click().run()
    assert not rui.exception and not rui.error
    assert any("Proposed nariman\\_dzhelyal" in m.value for m in rui.success)
    [change] = [p["id"] for p in glossary.proposals(ui_app)]
    assert "nariman_dzhelyal" not in glossary.termbase(ui_app).concepts  # not used until accepted
    # the proposer is not offered to accept their own proposal, only to withdraw it
    keys = {b.key for b in rui.button}
    assert f"glossary_accept_{change}" not in keys and f"glossary_reject_{change}" in keys
    assert any("Your proposal: another reviewer accepts it." in c.value for c in rui.caption)
    # a translator sees neither the proposals nor the form
    tina = screen("glossary", who(ui_app, "tina", "tina-secret"))
    assert not [b for b in tina.button if b.key and b.key.startswith("glossary_")]
    # the admin sees what it changes and accepts it
    ada = screen("glossary", who(ui_app, "ada", "ada-secret"))
    assert any("#" + str(change) + " nariman_dzhelyal, proposed by rui" in t.value for t in ada.text)
    assert any("form es: (none) → Nariman Dzhelyal" in t.value for t in ada.text)
    ada.button(key=f"glossary_accept_{change}").click().run()
    assert not ada.exception and not ada.error
    assert any("Accepted nariman\\_dzhelyal" in m.value for m in ada.success)
    assert glossary.termbase(ui_app).concepts["nariman_dzhelyal"].forms["es"] == "Nariman Dzhelyal"
    assert glossary.proposals(ui_app) == [] and any("No change is waiting" in c.value for c in ada.caption)
    assert "nariman_dzhelyal" in list(ada.dataframe[0].value["id"])  # the table shows it at once


def test_accepting_a_new_concept_someone_else_accepted_meanwhile_is_one_message(ui_app: App) -> None:
    from workbench.domain.glossary import Concept
    from workbench.services import glossary

    [first] = glossary.save_concept(ui_app, Concept("server_dzhelyal", "person", {"es": "Server Dzhelial"}),
                                    "ada")["proposed"]
    [second] = glossary.save_concept(ui_app, Concept("server_dzhelyal", "person", {"es": "Server Yeliyal"}),
                                     "rui")["proposed"]
    ada = screen("glossary", who(ui_app, "ada", "ada-secret"))
    glossary.accept(ui_app, [first], "rui")  # another reviewer, while ada's screen still offers the rival
    ada.button(key=f"glossary_accept_{second}").click().run()
    assert not ada.exception and not ada.success
    [refusal] = [e.value for e in ada.error]
    assert "server\\_dzhelyal" in refusal and "someone accepted another change to it meanwhile" in refusal
    assert glossary.termbase(ui_app).concepts["server_dzhelyal"].forms["es"] == "Server Dzhelial"
    assert [p["id"] for p in glossary.proposals(ui_app)] == [second]


def test_a_glossary_proposal_is_rejected_with_a_reason_on_the_glossary_screen(ui_app: App) -> None:
    from workbench.domain.glossary import Concept
    from workbench.services import glossary

    [change] = glossary.save_concept(ui_app, Concept("x_term", "term", {"fr": "**gras**", "es": "[x](http://e.x)"}),
                                     "ada")["proposed"]
    rui = screen("glossary", who(ui_app, "rui", "rui-secret"))
    assert any("[x](http://e.x)" in t.value for t in rui.text)  # st.text: never Markdown
    rui.text_input(key=f"glossary_reason_{change}").input("not house wording")
    rui.button(key=f"glossary_reject_{change}").click().run()
    assert not rui.exception and not rui.error
    assert glossary.proposals(ui_app) == [] and "x_term" not in glossary.termbase(ui_app).concepts


def test_admin_adds_a_user(ui_app: App) -> None:
    at = screen("admin", who(ui_app, "ada", "ada-secret"))
    assert not at.exception
    at.text_input(key="new_user_name").input("nina")
    at.text_input(key="new_user_password").input("nina-secret")
    at.button(key="FormSubmitter:add_user_form-Add").click().run()
    assert not at.exception
    assert "nina" in [u["name"] for u in users.list_users(ui_app)]
    assert "nina" in list(at.dataframe[0].value["name"])  # the table shows the new user at once
    assert any("nina" in s.value for s in at.success)


@pytest.mark.parametrize(
    "text",
    ["**bold** _it_ `code`", "[link](http://evil.example)", "![img](http://evil.example/x.png)",
     ":red[alarm] $x^2$ <b>b</b>", "# heading\n- item", "AT&amp;T <img src=x onerror=alert(1)>"],
)
def test_plain_escapes_every_markdown_construct(text: str) -> None:
    from markdown_it import MarkdownIt

    from workbench.ui.session import plain

    html = MarkdownIt("commonmark").render(plain(text))
    for tag in ("<strong>", "<em>", "<code>", "<a ", "<img", "<h1>", "<li>", "<b>"):
        assert tag not in html, (text, html)


def test_plain_text_comes_back_unchanged_once_rendered() -> None:
    from markdown_it import MarkdownIt

    from workbench.ui.session import highlight, plain

    text = "M. Oumerov (62 ans) & « AT&amp;T » : 1 200 $ — *vrai* ?"
    assert MarkdownIt("commonmark").render(plain(text)) == f"<p>{escape(text)}</p>\n"
    marked = highlight("d’Ilmi Oumerov, [x]", [(2, 14, "orange"), (5, 9, "gray")])  # the overlap is skipped
    assert marked == f"{plain('d’')}:orange-background[{plain('Ilmi Oumerov')}]{plain(', [x]')}"


PAGES = ("releases", "editor", "review", "glossary", "export", "admin")


@pytest.mark.parametrize("name,password", [("tina", "tina-secret"), ("rui", "rui-secret"), ("ada", "ada-secret")])
def test_every_screen_renders_for_every_role(ui_app: App, name: str, password: str) -> None:
    user = who(ui_app, name, password)
    for module in PAGES:
        at = screen(module, user, editor_lang="es", review_lang="es")
        assert not at.exception, (module, name, at.exception)
    # navigation follows the role: reviewers review, admins administer
    at = AppTest.from_file(str(APP_SCRIPT), default_timeout=TIMEOUT)
    at.session_state["user"] = user
    at.session_state["ui_lang"] = "fr"
    at.run()
    assert not at.exception
    assert any(t.value.startswith("Connecté·e") for t in at.sidebar.text)  # the interface speaks French


def test_the_translator_sees_the_reviewers_rejection_and_answers_in_the_thread(ui_app: App) -> None:
    from workbench.ui.session import plain

    first = releases.list_segments(ui_app, "crimea", "es")["segments"][0]
    review.edit(ui_app, "crimea", first["id"], "es", "Rusia. Los dirigentes deben poder volver", "tina")
    rui = screen("review", who(ui_app, "rui", "rui-secret"), review_lang="es")
    rui.button(key=f"open_{first['id']}").click().run()  # the item's correction and rejection boxes
    rui.text_input(key=f"comment_{first['id']}").input("Falta «tártaros de Crimea» <b>aquí</b>")
    rui.button(key=f"reject_{first['id']}").click().run()
    assert not rui.exception and review.current(ui_app, "crimea", first["id"], "es")["state"] == "needs_edit"
    tina = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang="es")
    assert not tina.exception
    shown = [w.value for w in tina.warning if "Falta" in w.value]
    assert shown and "rui" in shown[0] and "sent back" in shown[0]
    assert "<b>" not in shown[0] and plain("Falta «tártaros de Crimea» <b>aquí</b>") in shown[0]  # as text
    tina.text_input(key=f"editor_new_comment_{first['id']}").input("Corregido, @rui")
    tina.button(key=f"FormSubmitter:editor_comment_form_{first['id']}-Add comment").click().run()
    assert not tina.exception
    thread = releases.list_segments(ui_app, "crimea", "es")["segments"][0]["comments"]
    assert [(c["author"], c["kind"]) for c in thread] == [("rui", "rejection"), ("tina", "comment")]
    # @rui is a mention: on blue, as text
    assert any(plain("Corregido, ") + f":blue-background[{plain('@rui')}]" in m.value for m in tina.markdown)
    # once edited, the segment is back in the review queue with its whole thread
    review.edit(ui_app, "crimea", first["id"], "es", "Rusia. Los dirigentes tártaros de Crimea deben poder volver",
                "tina")
    rui = screen("review", who(ui_app, "rui", "rui-secret"), review_lang="es")
    assert any("Falta" in w.value for w in rui.warning) and any("Corregido" in m.value for m in rui.markdown)


def test_an_empty_comment_is_refused_on_screen_and_nothing_is_written(ui_app: App) -> None:
    first = releases.list_segments(ui_app, "crimea", "es")["segments"][0]
    tina = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang="es")
    tina.text_input(key=f"editor_new_comment_{first['id']}").input("   ")
    tina.button(key=f"FormSubmitter:editor_comment_form_{first['id']}-Add comment").click().run()
    assert not tina.exception and any("empty" in e.value for e in tina.error)
    assert releases.list_segments(ui_app, "crimea", "es")["segments"][0]["comments"] == []


FLAG = re.compile(r"(?<![\w-])--[a-z]")  # a command-line flag, as `--override` or `--update`


def shown_text(at: AppTest) -> str:
    """Every message, caption and text the screen shows, for checks on wording."""
    return "\n".join(e.value for group in (at.error, at.warning, at.success, at.info, at.caption, at.markdown)
                     for e in group)


@pytest.mark.parametrize("ui_lang, button", [("en", "Approve"), ("fr", "Approuver"), ("es", "Aprobar")])
def test_a_qa_refusal_names_the_screens_button_not_a_flag(ui_app: App, ui_lang: str, button: str) -> None:
    from workbench.ui.session import plain

    first = releases.list_segments(ui_app, "crimea", "es")["segments"][0]
    review.edit(ui_app, "crimea", first["id"], "es", "Rusia. Zx1q deben poder volver", "tina")
    at = screen("review", who(ui_app, "rui", "rui-secret"), review_lang="es", ui_lang=ui_lang)
    at.button(key=f"approve_{first['id']}").click().run()
    assert not at.exception and review.current(ui_app, "crimea", first["id"], "es")["state"] == "translated"
    # the refusal (beside the segment's own issue alert) names this screen's button, in the interface language
    assert any(plain(button) in e.value for e in at.error if "Zx1q" in e.value), [e.value for e in at.error]
    assert not FLAG.search(shown_text(at)), shown_text(at)


def test_an_existing_slug_is_refused_with_the_slug_box_named_not_flags(ui_app: App, sample_bytes: bytes) -> None:
    at = screen("releases", who(ui_app, "ada", "ada-secret"))
    at.text_area(key="new_release_text").input(sample_bytes.decode()).run()
    at.text_input(key="new_release_slug").input("crimea").run()
    at.button(key="ingest_button").click().run()
    assert not at.exception
    refusals = [e.value for e in at.error if "crimea" in e.value]
    assert refusals and "Slug" in refusals[0] and not FLAG.search(shown_text(at)), shown_text(at)


def test_counts_are_plural_forms_in_the_interface_language(ui_app: App) -> None:
    first = releases.list_segments(ui_app, "crimea", "es")["segments"][0]
    review.edit(ui_app, "crimea", first["id"], "es", "Rusia. Los dirigentes tártaros de Crimea", "tina")
    counts = {}
    for lang in ("en", "fr", "es"):
        for states in ([], ["translated"]):
            at = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang="es", ui_lang=lang,
                        editor_states=states)
            assert not at.exception
            counts[lang, len(states)] = [c.value for c in at.caption if re.fullmatch(r"\d+ segment\w*", c.value)]
    assert counts == {("en", 0): ["11 segments"], ("en", 1): ["1 segment"],
                      ("fr", 0): ["11 segments"], ("fr", 1): ["1 segment"],
                      ("es", 0): ["11 segmentos"], ("es", 1): ["1 segmento"]}


def test_insert_the_source_and_a_memory_match_whose_difference_is_coloured_not_markup(ui_app: App) -> None:
    from workbench.ui.session import plain

    earlier = ("# Deux militants tatars de Crimée libérés\n\nLe 25 octobre, Ilmi Oumerov et Akhtem Tchigoz sont "
               "arrivés à Kiev.\n").encode()
    later = ("# Trois militants tatars de Crimée libérés\n\nLe 2 octobre, Ilmi Oumerov et Akhtem Tchigoz sont "
             "arrivés à Kiev.\n").encode()
    first = releases.ingest_release(ui_app, earlier, name="a.md", lang="fr", slug="earlier",
                                    user=operator(ui_app)).segments
    approved = "El 25 de octubre, Ilmi Umerov y Akhtem Chiygoz llegaron a Kiev."
    review.edit(ui_app, "earlier", first[1]["id"], "es", approved, "tina")
    review.approve(ui_app, "earlier", [first[1]["id"]], "es", "rui")
    seg = releases.ingest_release(ui_app, later, name="b.md", lang="fr", slug="later",
                                  user=operator(ui_app)).segments[1]
    at = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang="es", current_release="later")
    assert not at.exception
    # Not the active segment (the page's first is): its best match's score only, no insert button.
    best = releases.list_segments_page(ui_app, "later", "es", 1, 1)["segments"][0]["matches"][0]["score"]
    assert any(m.value.startswith(":gray[:small[") and plain(f" · memory {round(best)}%") + "]]" in m.value
               for m in at.markdown if plain(seg["id"]) in m.value)
    assert not [b for b in at.button if b.key == f"insert_match_1_{seg['id']}"]
    at.button(key=f"activate_{seg['id']}").click().run()  # its matches, insert buttons and comment box
    assert not [b for b in at.button if b.key == f"activate_{seg['id']}"]
    shown = shown_text(at)
    assert "{+" not in shown and "[-" not in shown
    assert f":red-background[~~{plain('25')}~~]" in shown and f":green-background[{plain('2')}]" in shown
    at.button(key=f"insert_match_1_{seg['id']}").click().run()
    assert at.text_area(key=f"target_{seg['id']}").value == approved
    at.button(key=f"copy_source_{seg['id']}").click().run()
    assert at.text_area(key=f"target_{seg['id']}").value == seg["source"]
    assert at.button(key=f"insert_draft_{seg['id']}").disabled  # never drafted by an engine
    at.button(key=f"insert_match_1_{seg['id']}").click().run()
    at.button(key=f"FormSubmitter:seg_form_{seg['id']}-Save (Ctrl+Enter)").click().run()
    assert review.current(ui_app, "later", seg["id"], "es")["target"] == approved


@pytest.mark.apertium
@pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not on PATH")
def test_insert_the_machine_draft_again_after_an_edit(ui_app: App) -> None:
    drafting.translate_release(ui_app, "crimea", "es", "apertium", user=operator(ui_app))
    row = releases.list_segments(ui_app, "crimea", "es")["segments"][1]
    draft = row["target"]
    review.edit(ui_app, "crimea", row["id"], "es", "Texto de Tina", "tina")
    assert releases.list_segments(ui_app, "crimea", "es")["segments"][1]["machine_draft"] == draft
    at = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang="es")
    at.button(key=f"activate_{row['id']}").click().run()
    at.button(key=f"insert_draft_{row['id']}").click().run()
    assert at.text_area(key=f"target_{row['id']}").value == draft


def test_the_editor_and_the_queue_filter_by_text_and_the_editor_finds_earlier_wording(ui_app: App) -> None:
    segs = releases.list_segments(ui_app, "crimea", "es")["segments"]
    tatar = [s for s in segs if "tatars de Crimée" in s["source"]]
    assert tatar and len(tatar) < len(segs)
    at = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang="es")
    at.text_input(key="editor_query").input("TATARS DE CRIMEE").run()
    assert not at.exception
    shown = {a.key.removeprefix("target_") for a in at.text_area if a.key and a.key.startswith("target_")}
    assert shown == {s["id"] for s in tatar}
    # approved wording, found by concordance from the editor
    review.edit(ui_app, "crimea", tatar[0]["id"], "es", "Rusia. Los dirigentes tártaros de Crimea", "tina")
    review.approve(ui_app, "crimea", [tatar[0]["id"]], "es", "rui")
    at.session_state["concordance_expander"] = True  # the panel, open (its box is drawn only then)
    at.run()
    at.text_input(key="concordance_phrase").input("tártaros de crimea").run()
    table = at.dataframe[0].value
    assert list(table.iloc[:, 1]) == ["Rusia. Los dirigentes tártaros de Crimea"] and table.iloc[0, 2] == "crimea"
    # the review queue's filter
    review.edit(ui_app, "crimea", segs[-1]["id"], "es", "Amnistía Internacional", "tina")
    rv = screen("review", who(ui_app, "rui", "rui-secret"), review_lang="es")
    rv.text_input(key="review_query").input("amnistia").run()
    assert approve_buttons(rv) == [segs[-1]["id"]]


def test_an_ingested_release_is_listed_at_once(ui_app: App) -> None:
    at = screen("releases", who(ui_app, "ada", "ada-secret"))
    text = "Deux dirigeants tatars de Crimée libérés\n\nIlmi Oumerov est arrivé à Kiev vendredi après-midi.\n"
    at.text_area(key="new_release_text").input(text).run()
    at.text_input(key="new_release_slug").input("deux-dirigeants").run()
    at.button(key="ingest_button").click().run()
    assert not at.exception
    assert sorted(at.dataframe[0].value["slug"]) == ["crimea", "deux-dirigeants"]


def test_the_releases_list_says_its_progress_in_words(ui_app: App) -> None:
    segs = releases.list_segments(ui_app, "crimea", "es")["segments"]
    review.edit(ui_app, "crimea", segs[0]["id"], "es", "Rusia. Los dirigentes tártaros de Crimea", "tina")
    review.approve(ui_app, "crimea", [segs[0]["id"]], "es", "rui")
    review.edit(ui_app, "crimea", segs[1]["id"], "es", "Texto", "tina")
    at = screen("releases", who(ui_app, "tina", "tina-secret"), ui_lang="fr")
    assert list(at.dataframe[0].value["es"]) == ["1/11 approuvés (1 traduit)"]


@pytest.mark.apertium
@pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not on PATH")
def test_the_drafting_summary_counts_the_memorys_drafts_apart(ui_app: App, sample_bytes: bytes) -> None:
    first = releases.list_segments(ui_app, "crimea", "es")["segments"][0]
    review.edit(ui_app, "crimea", first["id"], "es", "Rusia. Los dirigentes tártaros de Crimea deben poder volver",
                "tina")
    review.approve(ui_app, "crimea", [first["id"]], "es", "rui")
    releases.ingest_release(ui_app, sample_bytes, name="again.txt", slug="again", user=operator(ui_app))
    at = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang="es", current_release="again",
                draft_expander=True)  # the panel, open (its content is drawn only then)
    at.selectbox(key="draft_engine").select("apertium").run()
    at.button(key="draft_button").click().run()
    assert not at.exception
    done = [s.value for s in at.success if "drafted" in s.value]
    assert done == [plain_text("11 segments drafted (10 by apertium, 1 from the translation memory); "
                               "0 failed, 0 skipped")], done


def plain_text(text: str) -> str:
    from workbench.ui.session import plain

    return plain(text)


def test_a_short_text_gives_a_title_and_the_preview_shows_blocks_whole(ui_app: App) -> None:
    from workbench.ui.session import plain

    long = ("Amnesty International demande que toutes les poursuites engagées contre eux soient abandonnées et que "
            "les autorités russes cessent de harceler les Tatars de Crimée, qui subissent depuis 2014 des "
            "perquisitions, des arrestations et des procès inéquitables.")
    text = ("Deux dirigeants tatars de Crimée libérés et arrivés à Kiev\n"
            "Ilmi Oumerov et Akhtem Tchigoz sont arrivés à Kiev vendredi après-midi.\n"
            "Ils avaient été libérés mercredi par les autorités russes de Crimée.\n" + long + "\n")
    at = screen("releases", who(ui_app, "ada", "ada-secret"))
    at.text_area(key="new_release_text").input(text).run()
    assert not at.exception
    assert any(t.value == "Title: Deux dirigeants tatars de Crimée libérés et arrivés à Kiev" for t in at.text)
    assert not [w for w in at.warning if "No title" in w.value]
    labels = [c.label for c in at.checkbox]
    assert len(labels) == 4 and labels[-1].endswith("…") and plain("Ilmi") in labels[1]
    assert any(t.value == long for t in at.text)  # the whole block, behind its expander
    at.button(key="ingest_button").click().run()
    assert at.session_state["last_ingest"]["slug"].startswith("deux-dirigeants-tatars-de-crimee")


def test_the_preview_warns_when_no_title_was_found(ui_app: App) -> None:
    at = screen("releases", who(ui_app, "ada", "ada-secret"))
    at.text_area(key="new_release_text").input(
        "Ilmi Oumerov et Akhtem Tchigoz sont arrivés à Kiev vendredi après-midi, libres.\n").run()
    assert not at.exception
    assert any("No title found" in w.value for w in at.warning)
    assert not [t for t in at.text if t.value.startswith("Title:")]  # no empty "Title:" line


def test_an_embargo_is_shown_on_the_releases_and_export_screens(ui_app: App) -> None:
    from datetime import UTC, datetime, timedelta

    from workbench.services import publishing
    from workbench.ui.session import plain

    before = screen("releases", who(ui_app, "rui", "rui-secret"))
    assert not before.exception
    assert "embargo until" not in before.dataframe[0].value.columns  # no embargo: no column
    until = datetime(2030, 3, 5, 8, 0, tzinfo=UTC)
    publishing.set_embargo(ui_app, "crimea", until, "rui")
    listed = screen("releases", who(ui_app, "rui", "rui-secret"))
    table = listed.dataframe[0].value
    row = table[table["slug"] == "crimea"].iloc[0]
    assert row["embargo until"].startswith("Mar 5, 2030")  # the time, in the browser's zone or UTC
    at = screen("export", who(ui_app, "ada", "ada-secret"), export_langs=["es"])
    assert not at.exception
    embargo = [w.value for w in at.warning if "Embargoed" in w.value]
    assert embargo and embargo[0].startswith(plain("Embargoed until Mar 5, 2030"))
    publishing.set_embargo(ui_app, "crimea", datetime.now(UTC) - timedelta(minutes=1), "rui")
    at.run()
    assert not [w for w in at.warning if "Embargoed" in w.value]  # passed: nothing held back


DISABLED = "Your account has been disabled"


def test_a_disabled_users_open_session_is_signed_out_at_its_next_step(ui_app: App) -> None:
    tina = who(ui_app, "tina", "tina-secret")  # what the sign-in form leaves in the session

    def next_step() -> AppTest:
        # A fresh run of the whole app over the session's state: AppTest does not run an app that
        # navigated (st.navigation) a second time, so each step starts from the state it holds.
        at = AppTest.from_file(str(APP_SCRIPT), default_timeout=TIMEOUT)
        at.session_state["user"] = tina
        return at.run()

    assert any("Signed in as tina" in t.value for t in next_step().sidebar.text)
    users.set_disabled(ui_app, "tina", by="ada")  # from another browser, or the command line
    at = next_step()
    assert not at.exception
    assert "user" not in at.session_state
    assert any(DISABLED in w.value for w in at.warning)  # on the sign-in screen, saying why
    assert at.text_input(key="sign_in_name") is not None and not at.sidebar.text


def test_the_services_refuse_a_disabled_user_and_the_screen_signs_the_session_out(ui_app: App, tmp_path) -> None:
    tina = who(ui_app, "tina", "tina-secret")
    at = screen("releases", tina)
    at.text_area(key="new_release_text").input(
        "Deux dirigeants tatars de Crimée libérés\n\nIlmi Oumerov est arrivé à Kiev vendredi après-midi.\n").run()
    at.text_input(key="new_release_slug").input("deux-dirigeants").run()
    users.set_disabled(ui_app, "tina", by="ada")  # while her screen is open
    at.button(key="ingest_button").click().run()
    assert not at.exception
    assert "user" not in at.session_state
    assert any(DISABLED in e.value for e in at.error)
    assert at.session_state["signed_out_because"].startswith(DISABLED)
    assert [r["slug"] for r in releases.list_releases(ui_app)] == ["crimea"]  # nothing ingested
    # drafting and exporting too: the same refusal from the service, nothing written
    users.set_disabled(ui_app, "tina", False, by="ada")
    for page, button, state in (("editor", "draft_button", {"editor_lang": "es", "draft_expander": True}),
                                ("export", "export_button", {"export_langs": ["es"]})):
        at = screen(page, who(ui_app, "tina", "tina-secret"), **state)
        assert not at.exception, page
        users.set_disabled(ui_app, "tina", by="ada")
        at.button(key=button).click().run()
        assert not at.exception and "user" not in at.session_state, page
        assert any(DISABLED in e.value for e in at.error), page
        users.set_disabled(ui_app, "tina", False, by="ada")
    assert all(s["state"] == "new" for s in releases.list_segments(ui_app, "crimea", "es")["segments"])
    assert [e["action"] for e in publishing.release_history(ui_app, "crimea")["events"]] == ["ingest"]


def test_the_export_screen_imports_a_translated_catalog_under_the_review_rules(ui_app: App, tmp_path: Path) -> None:
    import polib

    from workbench.services import export
    from workbench.ui.session import plain

    listed = releases.list_segments(ui_app, "crimea")["segments"]
    keys = [s["id"] for s in listed]
    catalog = Path(export.export(ui_app, "crimea", "es", out_dir=tmp_path, formats="po", user="ada")["files"][0])
    po = polib.pofile(str(catalog))
    by_source = {e.msgid: e for e in po}
    by_key = {s["id"]: by_source[s["source"]] for s in listed}
    by_key[keys[1]].msgstr = "Rusia: los dirigentes tártaros de Crimea, perseguidos"
    by_key[keys[2]].msgstr = "El tribunal de Simferópol prolongó la detención de Ilmi Umérov."
    by_key[keys[3]].msgstr = "Una traducción que llega tarde."
    po.save(str(catalog))
    review.edit(ui_app, "crimea", keys[3], "es", "Texto de Rui, escrito después de la exportación", "rui")

    tina = who(ui_app, "tina", "tina-secret")
    at = screen("export", tina)
    assert not at.exception
    at.selectbox(key="import_lang").set_value("es")
    at.file_uploader(key="import_file").upload("crimea-es.po", catalog.read_bytes(), "text/x-gettext")
    at.run()
    at.button(key="import_button").click().run()
    assert not at.exception and not at.error
    [counts] = [w.value for w in at.warning]
    assert counts == plain("crimea-es.po: 2 translations applied, 0 drafts, 8 unchanged, 0 not in the release, "
                           "1 conflict.")
    [conflict] = at.dataframe[0].value.to_dict("records")  # the only table: no entry is unknown
    assert conflict["segment"] == keys[3] and "changed since the export" in conflict["reason"]
    assert any("wait for a reviewer" in i.value for i in at.info)
    states = {s["id"]: s for s in releases.list_segments(ui_app, "crimea", "es")["segments"]}
    assert states[keys[1]]["state"] == states[keys[2]]["state"] == "translated"  # never approved by an import
    assert states[keys[3]]["target"] == "Texto de Rui, escrito después de la exportación"

    # a malformed file: one clear error naming it and its line, nothing written
    before = {k: (s["state"], s["target"]) for k, s in states.items()}
    bad = catalog.read_bytes().replace(b'msgstr "Una', b'msgstr Una', 1)
    at.file_uploader(key="import_file").set_value(("broken.po", bad, "text/x-gettext"))
    at.run()
    at.button(key="import_button").click().run()
    assert not at.exception
    [error] = [e.value for e in at.error]
    line = bad[:bad.index(b"msgstr Una")].count(b"\n") + 1
    assert error.startswith(plain(f"broken.po:{line}: syntax error")), error  # the file and the line of the mistake
    after = {s["id"]: (s["state"], s["target"]) for s in releases.list_segments(ui_app, "crimea", "es")["segments"]}
    assert after == before

    # a file in another language says which language to choose, as this screen offers it
    fr_file = catalog.read_bytes().replace(b"Language: es", b"Language: fr", 1)
    at.file_uploader(key="import_file").set_value(("crimea-fr.po", fr_file, "text/x-gettext"))
    at.run()
    at.button(key="import_button").click().run()
    [error] = [e.value for e in at.error]
    assert error == plain("The file is in fr, not es: choose fr as the target language.")


def test_a_variant_holding_a_semicolon_comes_back_unchanged_from_the_glossary_editor(ui_app: App) -> None:
    from workbench.services import glossary

    mejlis = glossary.termbase(ui_app).concepts["mejlis"]
    text = glossary.variants_text(mejlis) + "; es:Mejlis\\; Kurultái"
    [change] = glossary.edit_concept(ui_app, "mejlis", mejlis.kind, mejlis.forms, text, mejlis.note, "ada")["proposed"]
    glossary.accept(ui_app, [change], "rui")
    rui = screen("glossary", who(ui_app, "rui", "rui-secret"), glossary_pick="mejlis")
    assert "es:Mejlis\\; Kurultái" in rui.text_input(key="glossary_variants").value
    rui.button(key="FormSubmitter:glossary_form-Save concept").click().run()
    assert not rui.exception and not rui.error
    assert any("already says this" in i.value for i in rui.info) and glossary.proposals(ui_app) == []
    assert ("es", "Mejlis; Kurultái") in glossary.termbase(ui_app).concepts["mejlis"].variants
    # a malformed variant is refused on the screen, and nothing is proposed
    rui.text_input(key="glossary_variants").input("Mejlis Kurultái")
    rui.button(key="FormSubmitter:glossary_form-Save concept").click().run()
    assert any("malformed variant" in e.value for e in rui.error) and glossary.proposals(ui_app) == []


def test_picking_a_concept_fills_the_glossary_editor_and_picking_another_replaces_it(ui_app: App) -> None:
    from workbench.services import glossary

    concepts = glossary.termbase(ui_app).concepts
    mejlis, umerov = concepts["mejlis"], concepts["ilmi_umerov"]
    rui = screen("glossary", who(ui_app, "rui", "rui-secret"))
    assert rui.text_input(key="glossary_form_en").value == ""  # a new concept: empty boxes
    rui.selectbox(key="glossary_pick").select("mejlis").run()
    assert rui.text_input(key="glossary_id").value == "mejlis"
    assert rui.text_input(key="glossary_form_en").value == mejlis.forms["en"]
    assert rui.text_input(key="glossary_variants").value == glossary.variants_text(mejlis)
    rui.selectbox(key="glossary_pick").select("ilmi_umerov").run()  # the boxes follow the picker
    assert rui.text_input(key="glossary_form_fr").value == umerov.forms["fr"] == "Ilmi Oumerov"
    assert rui.text_input(key="glossary_form_en").value == "Ilmi Umerov"
    assert rui.selectbox(key="glossary_kind").value == umerov.kind
    rui.selectbox(key="glossary_pick").select("").run()
    assert rui.text_input(key="glossary_id").value == "" and rui.text_input(key="glossary_form_en").value == ""
    # a new concept gets the romanisation conventions' forms of its Cyrillic original in its empty boxes
    rui.text_input(key="glossary_cyrillic").input("Ильми Умеров").run()
    suggested = glossary.suggest("Ильми Умеров")
    assert suggested and all(rui.text_input(key=f"glossary_form_{lang}").value == form
                             for lang, form in suggested.items())


def test_an_unknown_name_of_an_ingest_is_proposed_to_the_glossary_from_the_releases_screen(
    ui_app: App, sample_bytes: bytes
) -> None:
    from workbench.services import glossary

    at = screen("releases", who(ui_app, "rui", "rui-secret"))
    text = sample_bytes.decode().replace("Oxana Pokaltchouk", "Natalia Berg")
    at.text_area(key="new_release_text").input(text).run()
    at.text_input(key="new_release_slug").input("berg").run()
    at.button(key="ingest_button").click().run()
    assert not at.exception and not at.error
    [i] = [int(b.key.rsplit("_", 1)[1]) for b in at.button if b.key and b.key.startswith("unknown_add_")
           and "Natalia Berg" in b.label]
    at.button(key=f"unknown_add_{i}").click().run()
    assert any("Proposed natalia\\_berg" in m.value for m in at.success)
    [proposal] = glossary.proposals(ui_app)
    assert (proposal["concept"], proposal["forms"], proposal["proposed_by"]) == (
        "natalia_berg", {"fr": "Natalia Berg"}, "rui")
