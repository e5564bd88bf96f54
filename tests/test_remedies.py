"""Every remedy the services name is phrased by the CLI (with its flags) and by the UI (with its buttons, no flag)."""

from __future__ import annotations

import re

import pytest

from workbench.cli import CLI_REMEDIES, cli_message
from workbench.errors import REMEDY_ACTIONS, ConflictError, WorkbenchError
from workbench.ui.i18n import UI_LANGUAGES, plural_translator, translator
from workbench.ui.remedies import UI_REMEDIES, ui_message

VALUES = {"message": "masking token Zx1q left in the target", "more": 2, "segment": "4f81034501", "slug": "crimea",
          "path": "notes.txt", "declared": "de", "lang": "es", "name": "ghost"}
FLAG = re.compile(r"(?<![\w-])--[a-z]|`workbench ")


def test_both_interfaces_phrase_every_remedy() -> None:
    assert set(CLI_REMEDIES) == set(REMEDY_ACTIONS) == set(UI_REMEDIES)


@pytest.mark.parametrize("action", REMEDY_ACTIONS)
@pytest.mark.parametrize("lang", list(UI_LANGUAGES))
def test_the_ui_never_names_a_command_line_flag(action: str, lang: str) -> None:
    exc = WorkbenchError("neutral").with_remedy(action, **VALUES)
    text = ui_message(exc, translator(lang), plural_translator(lang))
    assert text != "neutral" and not FLAG.search(text), text


def test_the_cli_names_its_flags_and_an_error_without_remedy_keeps_its_message() -> None:
    exc = ConflictError("a release 'crimea' exists already: update it with this version, or choose another slug")
    assert cli_message(exc) == str(exc)
    assert cli_message(exc.with_remedy("update_or_rename", slug="crimea")).endswith(
        "use --update crimea or --slug NEW")
    qa = WorkbenchError("x").with_remedy("override", message="masking token Zx1q", more=1, segment=None)
    assert cli_message(qa) == ("QA error: masking token Zx1q (and 1 more); fix it, or approve with "
                               "--override REASON; nothing approved")
    en = ui_message(qa, translator("en"), plural_translator("en"))
    assert en == 'QA error: masking token Zx1q (and 1 more error). Fix the text, or write an override reason and ' \
                 'press “Approve”.'
    assert "(et 2 autres erreurs)" in ui_message(WorkbenchError("x").with_remedy("override", **VALUES),
                                                 translator("fr"), plural_translator("fr"))
