"""The interface's own messages: every message of the code is translated in every catalog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from workbench.ui.i18n import UI_LANGUAGES, catalog_path, translator

UI = Path(__file__).resolve().parents[2] / "workbench" / "ui"
#: The domain's messages the interface translates: QA findings (``workbench.domain.messages``).
DOMAIN = UI.parent / "domain"
FIELDS = re.compile(r"\{(\w*)\}")


def _extracted() -> list[str | tuple[str, ...]]:
    keywords = {"_": None, "N_": None, "n_": (1, 2), "msg": None, "msg_n": (1, 2), "flag": None, "flag_n": (1, 2)}
    found = [m for root in (UI, DOMAIN) for m in extract_from_dir(str(root), method_map=[("**.py", "python")],
                                                                  keywords=keywords)]
    return [message for _file, _line, message, _comments, _context in found if message]


def code_messages() -> set[str]:
    """Every message the interface's code marks with _() or N_()."""
    return {message for message in _extracted() if isinstance(message, str)}


def plural_messages() -> set[tuple[str, str]]:
    """Every (singular, plural) pair the interface's code counts with n_()."""
    return {(m[0], m[1]) for m in _extracted() if isinstance(m, tuple)}


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


@pytest.mark.parametrize("lang", [code for code in UI_LANGUAGES if code != "en"])
def test_every_count_has_its_plural_forms(lang: str) -> None:
    with catalog_path(lang).open("rb") as stream:
        catalog = read_po(stream, locale=lang)
    forms = {m.id[0]: m.string for m in catalog if isinstance(m.id, tuple) and all(m.string) and not m.fuzzy}
    missing = sorted(singular for singular, _plural in plural_messages() if singular not in forms)
    assert plural_messages() and not missing, f"{lang}: counts without plural forms (make messages): {missing}"
    for singular, plural in plural_messages():
        assert len(forms[singular]) == catalog.num_plurals, (lang, singular)
        for form in forms[singular]:
            assert set(FIELDS.findall(form)) == set(FIELDS.findall(plural)), (lang, singular)


def test_counts_follow_each_languages_plural_rule() -> None:
    from workbench.ui.i18n import plural_translator

    en, fr, es = (plural_translator(code) for code in ("en", "fr", "es"))
    assert [en("{n} segment", "{n} segments", n).format(n=n) for n in (0, 1, 3)] == [
        "0 segments", "1 segment", "3 segments"]
    assert [fr("{n} segment", "{n} segments", n).format(n=n) for n in (0, 1, 3)] == [
        "0 segment", "1 segment", "3 segments"]
    assert [es("{n} segment", "{n} segments", n).format(n=n) for n in (0, 1, 3)] == [
        "0 segmentos", "1 segmento", "3 segmentos"]


def test_a_time_is_written_with_its_zone_and_no_time_as_nothing() -> None:
    from workbench.ui import session

    shown = session.when("2026-10-25T09:30:00")  # SQLite's naive time, written in UTC
    assert shown.startswith("Oct 25, 2026") and "9:30" in shown and shown.endswith(" UTC")
    assert session.when(None) == ""  # a change not decided yet: no "None", no error
