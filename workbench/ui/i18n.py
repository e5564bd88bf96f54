"""The interface in the translators' languages: gettext catalogs of the workbench's own messages.

Messages are written in English in the code as ``_("...")``; ``pybabel extract`` (or
``make messages``) collects them into ``workbench/ui/locales/workbench.pot`` and translators keep
``locales/<lang>/LC_MESSAGES/workbench.po``. The catalogs are read with babel at start-up (no
compiled .mo to keep in sync). A test fails when a message of the code is missing from a catalog.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES = Path(__file__).with_name("locales")
DOMAIN = "workbench"
#: UI languages offered, in the language itself (English is the language of the code).
UI_LANGUAGES = {"en": "English", "fr": "Français", "es": "Español"}

Translate = Callable[[str], str]


def catalog_path(lang: str) -> Path:
    """Where the catalog of ``lang`` lives."""
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _messages(lang: str) -> dict[str, str]:
    path = catalog_path(lang)
    if not path.exists():
        return {}
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=lang)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}


def translator(lang: str) -> Translate:
    """The ``_`` function for ``lang``: the catalog's text, or the English message when there is none."""
    messages = _messages(lang) if lang in UI_LANGUAGES and lang != "en" else {}
    return lambda message: messages.get(message, message)
