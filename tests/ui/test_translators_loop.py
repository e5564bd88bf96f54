"""The translator's and reviewer's loop on screen (issue 14): QA findings in the interface language,
shortcuts, the diff to the previous version, inline correction on review, mentions, the releases list."""

from __future__ import annotations

import pytest
import test_pages
from review_fixtures import operator
from test_pages import screen, shown_text, who

from workbench.errors import WorkbenchError
from workbench.services import releases, review, users
from workbench.services.app import App

ui_app = test_pages.ui_app  # the screens' fixture: the sample as `crimea`, tina, rui and ada


@pytest.mark.parametrize("ui_lang, expected", [
    ("en", ["placeholders: masking token Zx1q left in the target: a name was not put back",
            "end punctuation: the source ends with no final mark, the target with “.”"]),
    ("fr", ["jetons de masquage : jeton de masquage Zx1q laissé dans la cible : un nom n’a pas été remis",
            "ponctuation finale : la source finit par aucun signe final, la cible par “.”"]),
    ("es", ["marcadores: marcador Zx1q en la traducción: no se repuso un nombre",
            "puntuación final: el original termina con ningún signo final, la traducción con “.”"]),
])
def test_qa_findings_are_said_in_the_interface_language(ui_app: App, ui_lang: str, expected: list[str]) -> None:
    from workbench.ui.session import plain

    first = releases.list_segments(ui_app, "crimea", "es")["segments"][0]
    review.edit(ui_app, "crimea", first["id"], "es", "Rusia. Zx1q deben poder volver.", "tina")
    for module, user in (("editor", who(ui_app, "tina", "tina-secret")), ("review", who(ui_app, "rui", "rui-secret"))):
        at = screen(module, user, editor_lang="es", review_lang="es", ui_lang=ui_lang)
        assert not at.exception
        shown = shown_text(at)
        for line in expected:
            assert plain(line) in shown, (module, line, shown)
    # the command line keeps English: the services' message is English whatever the interface
    (issue, *_) = [i for i in releases.list_segments(ui_app, "crimea", "es")["segments"][0]["issues"]
                   if i["check"] == "placeholders"]
    assert issue["message"] == "masking token Zx1q left in the target: a name was not put back"


def test_a_qa_refusal_quotes_the_finding_in_the_interface_language(ui_app: App) -> None:
    first = releases.list_segments(ui_app, "crimea", "es")["segments"][0]
    review.edit(ui_app, "crimea", first["id"], "es", "Rusia. Zx1q deben poder volver", "tina")
    at = screen("review", who(ui_app, "rui", "rui-secret"), review_lang="es", ui_lang="fr")
    at.button(key=f"approve_{first['id']}").click().run()
    assert not at.exception
    assert any("jeton de masquage Zx1q" in e.value and "Approuver" in e.value for e in at.error), \
        [e.value for e in at.error]


def test_the_editor_shows_the_change_from_the_previous_version_as_a_coloured_diff(ui_app: App) -> None:
    from workbench.ui.session import plain

    first, second = releases.list_segments(ui_app, "crimea", "es")["segments"][:2]
    review.edit(ui_app, "crimea", first["id"], "es", "Rusia. Los líderes tártaros de Crimea", "tina")
    review.edit(ui_app, "crimea", first["id"], "es", "Rusia. Los dirigentes tártaros de Crimea", "rui")
    review.edit(ui_app, "crimea", second["id"], "es", "Su primera versión", "tina")  # no earlier text
    at = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang="es")
    assert not at.exception
    diffs = [m.value for m in at.markdown if ":green-background[" in m.value]
    assert diffs == [f"{plain('Rusia. Los ')}:red-background[~~{plain('líderes')}~~]"
                     f":green-background[{plain('dirigentes')}]{plain(' tártaros de Crimea')}"], diffs
    assert "Change from the previous version" in shown_text(at)
    # the same for segments --json: the text before the newest change, and the change
    rows = releases.list_segments(ui_app, "crimea", "es")["segments"]
    assert rows[0]["previous_target"] == "Rusia. Los líderes tártaros de Crimea"
    assert rows[1]["previous_target"] is None and rows[1]["target_diff"] == []


def test_a_reviewer_corrects_inline_and_another_approves_under_four_eyes(ui_app: App) -> None:
    first = releases.list_segments(ui_app, "crimea", "es")["segments"][0]
    review.edit(ui_app, "crimea", first["id"], "es", "Rusia. Los lideres tartaros", "tina")
    rui = who(ui_app, "rui", "rui-secret")
    at = screen("review", rui, review_lang="es")
    assert not at.text_area  # no box until the reviewer opens an item to act on it
    at.button(key=f"open_{first['id']}").click().run()
    box = at.text_area(key=f"review_text_{first['id']}_1")
    assert box.value == "Rusia. Los lideres tartaros"
    assert at.button(key=f"correct_{first['id']}").disabled
    box.input("Rusia. Los dirigentes tártaros de Crimea").run()
    assert not at.exception
    assert at.button(key=f"approve_{first['id']}").disabled  # his own text now: not his to approve
    assert "four-eyes" in shown_text(at)
    at.button(key=f"correct_{first['id']}").click().run()
    assert not at.exception
    now = review.current(ui_app, "crimea", first["id"], "es")
    assert (now["target"], now["state"], now["updated_by"]) == ("Rusia. Los dirigentes tártaros de Crimea",
                                                                "translated", "rui")
    # rui cannot approve his correction, even through the service; another reviewer can
    with pytest.raises(WorkbenchError, match="four-eyes"):
        review.approve(ui_app, "crimea", [first["id"]], "es", "rui")
    users.add_user(ui_app, "rosa", "reviewer", "rosa-secret", "es", by=operator(ui_app))
    at = screen("review", who(ui_app, "rosa", "rosa-secret"), review_lang="es")
    at.button(key=f"approve_{first['id']}").click().run()
    assert review.current(ui_app, "crimea", first["id"], "es")["state"] == "approved"


def test_without_four_eyes_the_correction_is_saved_and_approved_in_one_step(
        ui_app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_FOUR_EYES", "off")
    first = releases.list_segments(ui_app, "crimea", "es")["segments"][0]
    review.edit(ui_app, "crimea", first["id"], "es", "Rusia. Los lideres tartaros", "tina")
    at = screen("review", who(ui_app, "rui", "rui-secret"), review_lang="es")
    at.button(key=f"open_{first['id']}").click().run()
    at.text_area(key=f"review_text_{first['id']}_1").input("Rusia. Los dirigentes tártaros de Crimea").run()
    button = at.button(key=f"approve_{first['id']}")
    assert button.label == "Save correction and approve"
    button.click().run()
    assert not at.exception
    now = review.current(ui_app, "crimea", first["id"], "es")
    assert (now["target"], now["state"]) == ("Rusia. Los dirigentes tártaros de Crimea", "approved")


def test_correct_and_approve_under_four_eyes_writes_nothing(ui_app: App) -> None:
    first = releases.list_segments(ui_app, "crimea", "es")["segments"][0]
    review.edit(ui_app, "crimea", first["id"], "es", "Rusia. Los lideres tartaros", "tina")
    with pytest.raises(WorkbenchError, match="four-eyes"):
        review.correct_and_approve(ui_app, "crimea", first["id"], "es", "Rusia. Otra cosa", "rui", version=1)
    now = review.current(ui_app, "crimea", first["id"], "es")
    assert (now["target"], now["version"]) == ("Rusia. Los lideres tartaros", 1)


def test_a_mention_is_highlighted_as_text_and_listed_for_the_one_mentioned(ui_app: App) -> None:
    from workbench.services import comments
    from workbench.ui.session import plain

    first = releases.list_segments(ui_app, "crimea", "es")["segments"][0]
    users.add_user(ui_app, "ana@example.org", "translator", "ana-secret", "es", by=operator(ui_app))
    text = "@tina, mira «tártaros»; @nadie no existe, rui@example.org tampoco, @ana@example.org."
    comments.add_comment(ui_app, "crimea", first["id"], "es", text, "rui")
    (message,) = comments.thread(ui_app, "crimea", first["id"], "es")["comments"]
    assert [m["name"] for m in message["mentions"]] == ["tina", "ana@example.org"]  # existing users only
    at = screen("editor", who(ui_app, "tina", "tina-secret"), editor_lang="es")
    assert not at.exception
    lines = [m.value for m in at.markdown if "mira" in m.value]
    assert len(lines) == 1 and f":blue-background[{plain('@tina')}]" in lines[0], lines
    assert f":blue-background[{plain('@ana@example.org')}]{plain('.')}" in lines[0]
    assert f"{plain('@nadie')}" in lines[0] and ":blue-background[" + plain("@nadie") not in lines[0]
    assert "](" not in lines[0]  # no link
    # tina sees the comment on the releases screen; rui, not mentioned, sees no such list
    at = screen("releases", who(ui_app, "tina", "tina-secret"))
    assert not at.exception
    assert [e.label for e in at.expander if "mention" in e.label] == ["1 comment mentions you"]
    table = at.dataframe[0].value  # the mentions' table comes before the releases' one
    assert list(table["segment"]) == [first["id"]] and list(table["from"]) == ["rui"]
    assert comments.mentions_of(ui_app, "rui")["mentions"] == []
    at = screen("releases", who(ui_app, "rui", "rui-secret"))
    assert not [e for e in at.expander if "mention" in e.label]


def test_a_long_slug_keeps_the_releases_columns_in_view_and_a_row_can_be_chosen(
        ui_app: App, sample_bytes: bytes) -> None:
    import json

    long_slug = "rusia-los-dirigentes-tartaros-de-crimea-deben-poder-volver-libremente-a-su-tierra-natal"
    releases.ingest_release(ui_app, sample_bytes, name="again.txt", slug=long_slug, user=operator(ui_app))
    at = screen("releases", who(ui_app, "tina", "tina-secret"))
    assert not at.exception
    table = at.dataframe[0]
    assert long_slug in list(table.value["slug"])
    config = json.loads(table.proto.columns)
    # the slug cut to a fixed width, pinned at the left; the title too: the progress stays in view
    assert (config["slug"]["width"], config["slug"]["pinned"], config["title"]["width"]) == ("medium", True, "medium")
    assert "Click a row" in shown_text(at)
    assert table.proto.selection_mode  # single-row selection (a click opens the release: the browser test)
