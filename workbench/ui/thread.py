"""A segment's comment thread, shown on the editor and the review queue, with a box to add to it.

Every message is people's text: it is shown through ``session.plain`` (escaped Markdown), never as
HTML; a mention of a user (``@name``) is on a blue background, as text (no link). Adding a comment
is one service call (``services.comments``), which decides who may write.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.services import comments
from workbench.ui import labels, session
from workbench.ui.resources import app


def show_thread(seg: Mapping[str, Any], slug: str, lang: str, prefix: str, form: bool = True) -> None:
    """The segment's messages, oldest first (a rejection stands out), then a form to add one (unless ``form``
    is false: the review queue draws it only for the item being acted on)."""
    show_messages(seg)
    if form:
        comment_form(seg, slug, lang, prefix)


def show_messages(seg: Mapping[str, Any]) -> None:
    """The segment's messages, oldest first, a rejection on a warning background."""
    if not seg.get("comments"):
        return
    _ = session.t()
    for message in seg["comments"]:
        kind = _(labels.COMMENT_KINDS.get(message["kind"], message["kind"]))
        head = session.plain(f"{message['author']} · {session.when(message['at'])} · {kind}:")
        # Mentions of users (@name) stand out on blue: text, never a link.
        spans = [(m["start"], m["end"], "blue") for m in message.get("mentions", [])]
        line = f"**{head}** {session.highlight(message['text'], spans)}"
        if message["kind"] == "rejection":
            st.warning(line, icon="↩️")
        else:
            st.markdown(line)


def comment_form(seg: Mapping[str, Any], slug: str, lang: str, prefix: str) -> None:
    """A form to add a comment to the segment's thread (``prefix`` keeps the keys of two screens apart)."""
    _ = session.t()
    user = session.current_user()
    assert user is not None
    key = seg["id"]
    with st.form(f"{prefix}_comment_form_{key}", clear_on_submit=True, border=False):
        text = st.text_input(_("Comment on this segment"), key=f"{prefix}_new_comment_{key}")
        sent = st.form_submit_button(_("Add comment"))
    if sent:
        try:
            comments.add_comment(app(), slug, key, lang, text, user["name"])
        except WorkbenchError as exc:
            session.report(exc)
        else:
            st.rerun()
