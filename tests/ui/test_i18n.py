"""The interface's own messages: every message of the code is translated in every catalog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from workbench.ui.i18n import UI_LANGUAGES, catalog_path, translator

UI = Path(__file__).resolve().parents[2] / "workbench" / "ui"
FIELDS = re.compile(r"\{(\w*)\}")


def code_messages() -> set[str]:
    """Every message the interface's code marks with _() or N_()."""
    found = extract_from_dir(str(UI), method_map=[("**.py", "python")], keywords={"_": None, "N_": None})
    return {str(message) for _file, _line, message, _comments, _context in found if message}


@pytest.mark.parametrize("lang", [code for code in UI_LANGUAGES if code != "en"])
def test_every_message_is_translated(lang: str) -> None:
    path = catalog_path(lang)
    assert path.exists(), f"no catalog for {lang}: run `make messages`"
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=lang)
    translated = {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}
    messages = code_messages()
    missing = sorted(messages - set(translated))
    assert not missing, f"{lang}: untranslated messages (run `make messages`, then translate): {missing}"
    for message in messages:
        assert set(FIELDS.findall(translated[message])) == set(FIELDS.findall(message)), (lang, message)


def test_translator_uses_the_catalog_and_falls_back_to_english() -> None:
    assert translator("fr")("Sign in") == "Se connecter"
    assert translator("es")("Sign out") == "Cerrar sesión"
    assert translator("en")("Sign in") == "Sign in"
    assert translator("xx")("Sign in") == "Sign in"
    assert translator("fr")("a message nobody wrote") == "a message nobody wrote"
