"""The interface in the translators' languages: gettext catalogs of the workbench's own messages.

Messages are written in English in the code as ``_("...")``; ``pybabel extract`` (or
``make messages``) collects them into ``workbench/ui/locales/workbench.pot`` and translators keep
``locales/<lang>/LC_MESSAGES/workbench.po``. The catalogs are read with babel at start-up (no
compiled .mo to keep in sync). A test fails when a message of the code is missing from a catalog.

Counts go through ``n_(singular, plural, n)`` (gettext's ngettext, with the catalog's Plural-Forms):
French says "1 segment", "0 segment", "3 segments"; English and Spanish "0 segments".

QA findings come from the domain in English with their message id and values
(``workbench.domain.messages``); ``translate_message`` says them in the interface language. Their ids
are extracted from ``workbench/domain`` too (keywords ``msg``, ``msg_n``, ``flag``, ``flag_n``).
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

LOCALES = Path(__file__).with_name("locales")
DOMAIN = "workbench"
#: UI languages offered, in the language itself (English is the language of the code).
UI_LANGUAGES = {"en": "English", "fr": "Français", "es": "Español"}

Translate = Callable[[str], str]
TranslatePlural = Callable[[str, str, int], str]


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


@cache
def _plurals(lang: str) -> tuple[Callable[[int], int], dict[str, tuple[str, ...]]]:
    """The catalog's plural rule and its plural messages (singular -> every form)."""
    path = catalog_path(lang)
    if lang not in UI_LANGUAGES or lang == "en" or not path.exists():
        return (lambda n: int(n != 1)), {}
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=lang)
    forms = {str(m.id[0]): tuple(str(s) for s in m.string) for m in catalog
             if isinstance(m.id, tuple) and isinstance(m.string, tuple | list) and all(m.string) and not m.fuzzy}
    return gettext.c2py(catalog.plural_expr), forms


def plural_translator(lang: str) -> TranslatePlural:
    """The ``n_`` function (ngettext) for ``lang``: the catalog's form for ``n``, or English's."""
    rule, forms = _plurals(lang)

    def n_(singular: str, plural: str, n: int) -> str:
        found = forms.get(singular)
        if found is None:
            return singular if n == 1 else plural
        return found[min(rule(n), len(found) - 1)]

    return n_


def translator(lang: str) -> Translate:
    """The ``_`` function for ``lang``: the catalog's text, or the English message when there is none."""
    messages = _messages(lang) if lang in UI_LANGUAGES and lang != "en" else {}
    return lambda message: messages.get(message, message)


def translate_message(message: Mapping[str, Any], _: Translate, n_: TranslatePlural) -> str:
    """A service's message (``domain.messages.Message.as_dict``: id, plural, params) in the catalog's language.

    Each value that is itself a message (a phrase such as "no final mark") is translated first.
    """
    params = {k: translate_message(v, _, n_) if isinstance(v, Mapping) else v for k, v in message["params"].items()}
    if message.get("plural"):
        template = n_(message["id"], message["plural"], int(params["n"]))
    else:
        template = _(message["id"])
    return template.format(**params)
