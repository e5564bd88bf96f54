"""Correct translations that QA used to flag (issue 14), checked with the shipped glossary."""

from __future__ import annotations

import pytest

from workbench.services import glossary, qa
from workbench.services.app import App


@pytest.mark.parametrize("source, target, lang", [
    ("Les tatars de Crimée sont persécutés depuis 2014.", "Crimean Tatars have been persecuted since 2014.", "en"),
    ("Les Tatars de Crimée sont persécutés depuis 2014.", "Crimean Tatars have been persecuted since 2014.", "en"),
    ("Deux dirigeants tatars de Crimée libérés", "Two Crimean Tatar leaders released", "en"),
    ("Les tatars de Crimée sont persécutés depuis 2014.", "Los tártaros de Crimea son perseguidos desde 2014.", "es"),
    ("Complément d’information", "Background", "en"),
])
def test_correct_translations_raise_no_issue(sqlite_app: App, source: str, target: str, lang: str) -> None:
    glossary.load_shipped(sqlite_app)
    assert qa.segment_issues(sqlite_app, source, target, "fr", lang) == []


def test_the_people_left_in_french_is_still_an_error(sqlite_app: App) -> None:
    glossary.load_shipped(sqlite_app)
    issues = qa.segment_issues(sqlite_app, "Les tatars de Crimée sont persécutés.",
                               "The Tatars of Crimea are persecuted.", "fr", "en")
    assert [i["check"] for i in issues if i["severity"] == "error"] == ["glossary"]
