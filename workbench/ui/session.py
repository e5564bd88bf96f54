"""Per-browser-session state: who is signed in and in which language the interface speaks.

Everything here lives in ``st.session_state`` (one per browser session), never in module globals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st
from babel.dates import format_datetime

from workbench.errors import AccountDisabledError, WorkbenchError
from workbench.services import users
from workbench.ui.i18n import Translate, TranslatePlural, plural_translator, translate_message, translator


def current_user() -> dict[str, Any] | None:
    """The signed-in user of this browser session, or None."""
    user: dict[str, Any] | None = st.session_state.get("user")
    return user


def sign_in(user: Mapping[str, Any]) -> None:
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


def n() -> TranslatePlural:
    """The ``n_`` (ngettext) of this session's interface language: ``n_("{n} segment", "{n} segments", n)``."""
    return plural_translator(st.session_state.get("ui_lang", "en"))


def when(iso: str | None, local: bool = False) -> str:
    """A stored ISO time (UTC) as people of this session's interface language write it, with its zone.

    ``local``: in the browser's time zone (an embargo is "09:00 in Paris"), UTC when it is unknown.
    No time (a change not decided yet): an empty text.
    """
    if iso is None:
        return ""
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:  # SQLite hands back naive times; they were written in UTC
        moment = moment.replace(tzinfo=UTC)
    lang = st.session_state.get("ui_lang", "en")
    zone_name = _browser_zone() if local else None
    if zone_name is None:
        return f"{format_datetime(moment, format='medium', tzinfo=UTC, locale=lang)} UTC"
    return f"{format_datetime(moment, format='medium', tzinfo=ZoneInfo(zone_name), locale=lang)} ({zone_name})"


def _browser_zone() -> str | None:
    """The IANA zone the browser reports (st.context.timezone), if it is one this machine knows."""
    try:
        name = st.context.timezone
        if name:
            ZoneInfo(name)
            return str(name)
    except (ZoneInfoNotFoundError, ValueError, AttributeError):
        pass
    return None


def can_review(user: dict[str, Any]) -> bool:
    """Whether the user's role may approve (the services decide; this only shapes navigation)."""
    return users.may(user["role"], "approve")


def target_languages(user: dict[str, Any]) -> list[str]:
    """The target languages to offer this user: their scope, or the usual ones when unlimited."""
    return users.offered_targets(user["langs"])


#: Every ASCII punctuation character: CommonMark lets each be escaped with a backslash, so no
#: emphasis, link, HTML, entity (``&amp;``), directive (``:red[...]``) or math (``$``) survives.
_MARKDOWN = re.compile(r"([!-/:-@\[-`{-~])")


def plain(text: str) -> str:
    """``text`` with every Markdown character escaped: alerts and labels render Markdown, and the
    texts we show in them (names, sources, targets, error messages) come from outside."""
    return _MARKDOWN.sub(r"\\\1", text)


def highlight(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """Markdown of ``text``, escaped as by `plain`, with each ``(start, end, colour)`` span on a
    background of that Streamlit colour (``orange``, ``gray``...); a span overlapping an earlier one is skipped."""
    out: list[str] = []
    at = 0
    for start, end, colour in sorted(spans):
        if start < at or end <= start:
            continue
        out += [plain(text[at:start]), f":{colour}-background[{plain(text[start:end])}]"]
        at = end
    out.append(plain(text[at:]))
    return "".join(out)


#: A word-level diff as coloured text: what only the memory's source has struck out on red, what
#: only this source has on green (escaped as by `plain`: the texts come from outside).
_DIFF_MARKS = {"equal": "{}", "delete": ":red-background[~~{}~~]", "insert": ":green-background[{}]"}


def diff_markdown(ops: Iterable[dict[str, str]]) -> str:
    """Markdown of a `domain.tm.diff` (``[{"op", "text"}]``), coloured, never ``[-…-]{+…+}`` markup."""
    out = []
    for d in ops:
        text = d["text"]
        if d["op"] == "equal" or not text.strip():
            out.append(plain(text))
            continue
        # Spaces stay outside the colour: a directive around leading or trailing blanks renders badly.
        lead, core, trail = text[: len(text) - len(text.lstrip())], text.strip(), text[len(text.rstrip()):]
        out.append(plain(lead) + _DIFF_MARKS[d["op"]].format(plain(core)) + plain(trail))
    return "".join(out)


def issue_text(issue: dict[str, Any], _: Translate | None = None, n_: TranslatePlural | None = None) -> str:
    """A QA issue as one line in the interface language: the check's name, then its message (``_`` and ``n_``:
    ``t()`` and ``n()``, when the caller has them already)."""
    from workbench.ui.labels import CHECKS

    _ = _ or t()
    message = translate_message(issue["i18n"], _, n_ or n()) if issue.get("i18n") else issue["message"]
    return _("{check}: {message}").format(check=_(CHECKS.get(issue["check"], issue["check"])), message=message)


def show_issues(issues: Iterable[dict[str, Any]]) -> None:
    """A segment's QA issues, errors on red, warnings on orange, as text (they quote people's words)."""
    for issue in issues:
        alert = st.error if issue["severity"] == "error" else st.warning
        alert(plain(issue_text(issue)))


def report(exc: WorkbenchError) -> None:
    """Show a refused action as one clear message, its remedy said as this interface offers it.

    A refusal because the signed-in user was disabled ends the session (``end_disabled_session``).
    """
    from workbench.ui.remedies import ui_message

    if isinstance(exc, AccountDisabledError) and current_user() is not None:
        end_disabled_session()
    st.error(plain(ui_message(exc, t(), n())), icon="⚠️")


def disabled_message() -> str:
    """What a person whose account was disabled reads once signed out."""
    return t()("Your account has been disabled: you are signed out. Ask an administrator if this is a mistake.")


def end_disabled_session() -> None:
    """Sign the session out because its user was disabled: say so here, and again on the sign-in screen."""
    message = disabled_message()
    sign_out()
    st.session_state["signed_out_because"] = message
    st.error(plain(message), icon="⚠️")
    st.stop()  # nothing more of this screen: the next interaction shows the sign-in screen
