"""The translator's and reviewer's loop on screen (issue 14): QA findings in the interface language,
shortcuts, the diff to the previous version, inline correction on review, mentions, the releases list."""

from __future__ import annotations

import pytest
import test_pages
from test_pages import screen, shown_text, who

from workbench.services import releases, review
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
