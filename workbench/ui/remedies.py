"""The services' remedies (``errors.REMEDY_ACTIONS``) as the browser offers them: its own boxes and
buttons, in the interface language, never a command-line flag."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from workbench.errors import WorkbenchError
from workbench.ui.i18n import Translate, TranslatePlural, translate_message

Phrase = Callable[[Mapping[str, Any], Translate, TranslatePlural], str]


def _override(v: Mapping[str, Any], _: Translate, n_: TranslatePlural) -> str:
    more = n_(" (and {n} more error)", " (and {n} more errors)", v["more"]).format(n=v["more"]) if v["more"] else ""
    issue = v.get("issue") or {}
    message = translate_message(issue["i18n"], _, n_) if issue.get("i18n") else v["message"]
    text = _("QA error: {message}{more}. Fix the text, or write an override reason and press “{button}”.").format(
        message=message, more=more, button=_("Approve"))
    if v.get("segment"):
        text = _("Segment {segment}: {text}").format(segment=v["segment"], text=text)
    return text


def _update_or_rename(v: Mapping[str, Any], _: Translate, n_: TranslatePlural) -> str:
    return _("A release “{slug}” exists already: write another slug in “{box}”, or open “{slug}” on the "
             "Editor screen.").format(slug=v["slug"], box=_("Slug (empty: from the title)"))


def _choose_source_lang(v: Mapping[str, Any], _: Translate, n_: TranslatePlural) -> str:
    return _("Cannot tell the language of this text: write its code (fr, en, es…) in “{box}”.").format(
        box=_("Source language (empty: detect)"))


def _check_target_lang(v: Mapping[str, Any], _: Translate, n_: TranslatePlural) -> str:
    return _("The file is in {declared}, not {lang}: choose {declared} as the target language.").format(
        declared=v["declared"], lang=v["lang"])


def _add_user(v: Mapping[str, Any], _: Translate, n_: TranslatePlural) -> str:
    return _("No user “{name}”: an admin can add them on the Administration screen.").format(name=v["name"])


UI_REMEDIES: dict[str, Phrase] = {
    "override": _override,
    "update_or_rename": _update_or_rename,
    "choose_source_lang": _choose_source_lang,
    "check_target_lang": _check_target_lang,
    "add_user": _add_user,
}


def ui_message(exc: WorkbenchError, _: Translate, n_: TranslatePlural) -> str:
    """The error as the browser says it: its remedy phrased for this interface, else the message."""
    if exc.remedy is None:
        return str(exc)
    return UI_REMEDIES[exc.remedy.action](exc.remedy.values, _, n_)
