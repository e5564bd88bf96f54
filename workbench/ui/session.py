"""Per-browser-session state: who is signed in and in which language the interface speaks.

Everything here lives in ``st.session_state`` (one per browser session), never in module globals.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.ui.i18n import Translate, translator


def current_user() -> dict[str, Any] | None:
    """The signed-in user of this browser session, or None."""
    user: dict[str, Any] | None = st.session_state.get("user")
    return user


def sign_in(user: dict[str, Any]) -> None:
    """Remember the signed-in user (and their interface language) for this browser session."""
    st.session_state["user"] = user
    st.session_state["ui_lang"] = user.get("ui_lang", "en")


def sign_out() -> None:
    """Forget everything this browser session held."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def t() -> Translate:
    """The ``_`` function for this session's interface language."""
    return translator(st.session_state.get("ui_lang", "en"))


def can_review(user: dict[str, Any]) -> bool:
    """Whether the user's role may approve (the services decide; this only shapes navigation)."""
    return user["role"] in ("reviewer", "admin")


def target_languages(user: dict[str, Any]) -> list[str]:
    """The target languages to offer this user: their scope, or a common list when unlimited."""
    return list(user["langs"]) or ["en", "es", "de", "it", "uk", "ru", "fr"]


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def plain(text: str) -> str:
    """``text`` with every Markdown character escaped: alerts and labels render Markdown, and the
    texts we show in them (names, sources, targets, error messages) come from outside."""
    return _MARKDOWN.sub(r"\\\1", text)


def report(exc: WorkbenchError) -> None:
    """Show a refused action as one clear message; the app keeps running."""
    st.error(plain(str(exc)), icon="⚠️")
