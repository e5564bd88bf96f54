"""Review: a queue per language; approve, reject with a comment, bulk-approve the clean ones, sign off, history."""

from __future__ import annotations

from typing import Any

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.services import releases, review
from workbench.ui import labels, session
from workbench.ui.pages.editor import choose_release_and_language
from workbench.ui.resources import app


def _queue_item(seg: dict[str, Any], slug: str, lang: str, user: str) -> None:
    _ = session.t()
    key = seg["id"]
    with st.container(border=True):
        left, right = st.columns(2)
        left.caption(f"{key} · {_(labels.STATES[seg['state']])} · {seg['updated_by'] or seg['origin']}")
        left.text(seg["source"])
        right.text(seg["target"] or "")
        for issue in seg["issues"]:
            alert = st.error if issue["severity"] == "error" else st.warning
            alert(session.plain(f"{issue['check']}: {issue['message']}"))
        errors = any(i["severity"] == "error" for i in seg["issues"])
        override = st.text_input(_("Override reason (needed: error-level issues)"), key=f"override_{key}") \
            if errors else None
        comment = st.text_input(_("Comment (needed to reject)"), key=f"comment_{key}")
        approve_col, reject_col = st.columns(2)
        try:
            if approve_col.button(_("Approve"), key=f"approve_{key}", type="primary"):
                review.approve(app(), slug, [key], lang, user, override=override or None,
                               versions={key: seg["version"]})
                st.rerun()
            if reject_col.button(_("Reject"), key=f"reject_{key}"):
                review.reject(app(), slug, key, lang, user, comment, version=seg["version"])
                st.rerun()
        except WorkbenchError as exc:
            session.report(exc)


def render() -> None:
    """The review screen."""
    _ = session.t()
    user = session.current_user()
    assert user is not None
    st.title(_("Review"))
    try:
        chosen = choose_release_and_language("review")
        if chosen is None:
            return
        slug, lang = chosen
        data = releases.list_segments(app(), slug, lang)
        status = review.signoff_status(app(), slug, lang)
    except WorkbenchError as exc:
        session.report(exc)
        return
    segments = data["segments"]
    approved = sum(s["state"] == "approved" for s in segments)
    st.progress(approved / max(1, len(segments)),
                text=_("{approved} of {total} segments approved").format(approved=approved, total=len(segments)))
    if status["signed_off"]:
        st.success(session.plain(_("Signed off by {reviewer} at {at}").format(**status["current"])))
    notice = st.session_state.pop("bulk_result", None)  # what the last bulk approval did, shown once
    if notice is not None:
        st.success(_("{n} approved").format(n=len(notice["approved"])))
        for refused in notice["refused"]:
            st.warning(session.plain(f"{refused['segment']}: {refused['reason']}"))
    bulk, sign = st.columns(2)
    try:
        if bulk.button(_("Approve every segment without error-level issues"), key="bulk_approve"):
            st.session_state["bulk_result"] = review.approve(app(), slug, None, lang, user["name"])
            st.rerun()  # the progress and the sign-off button depend on what was just approved
        if not status["signed_off"] and sign.button(_("Sign off this language"), key="sign_off",
                                                    disabled=approved < len(segments)):
            review.signoff(app(), slug, lang, user["name"])
            st.rerun()
    except WorkbenchError as exc:
        session.report(exc)
    queue = [s for s in segments if s["state"] in ("draft", "translated") and s["target"]]
    st.subheader(_("Queue ({n})").format(n=len(queue)))
    for seg in queue[:50]:
        _queue_item(seg, slug, lang, user["name"])
    st.subheader(_("History of a segment"))
    key = st.selectbox(_("Segment"), [s["id"] for s in segments], key="history_segment",
                       format_func=lambda k: next(f"{k} · {s['source'][:80]}" for s in segments if s["id"] == k))
    if key:
        events = review.history(app(), slug, key, lang)["events"]
        st.dataframe(events, key="history_table", hide_index=True)
