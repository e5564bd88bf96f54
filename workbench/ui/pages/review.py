"""Review: a paged queue per language; approve, correct inline, reject with a comment, bulk-approve, sign off, history.

A reviewer's correction is their text: with the four-eyes rule on it is saved for another reviewer to
approve; with the rule off it is saved and approved in one step (docs/review.md, "Correcting on the
review screen").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.services import releases, review
from workbench.ui import labels, paging, session, thread
from workbench.ui.pages.editor import choose_release_and_language
from workbench.ui.resources import app, checks

PAGE_SIZE = 20
QUEUE_STATES = ("draft", "translated")  # what a reviewer may approve


#: The session key of the queue item being acted on: only that one draws its correction box, the
#: rejection's comment and the comment form (every text box costs a rerun a copy of the session state).
OPEN = "review_open"


def _open(key: str | None) -> None:
    st.session_state[OPEN] = key


def _queue_item(seg: Mapping[str, Any], slug: str, lang: str, user: str, four_eyes: bool) -> None:
    """One item: its texts, issues and thread, "Approve", and a button that opens the other actions.

    Open (one item at a time), the translation is in a box the reviewer may correct, with a comment
    box (needed to reject), the thread's comment form and the buttons to save a correction, reject
    or close; closed, the item is text and two buttons, so a page of 20 costs little to redraw.
    """
    _ = session.t()
    key = seg["id"]
    is_open = st.session_state.get(OPEN) == key
    # Who saved it last is a user's name: `www.example.com` must not become a link, `a._b_.c` no italics.
    heading = session.plain(f"{key} · {_(labels.STATES[seg['state']])} · {seg['updated_by'] or seg['origin']}")
    with st.container(border=True):
        corrected, text = False, seg["target"] or ""
        if is_open:
            st.caption(heading)
            left, right = st.columns(2)
            left.text(seg["source"])
            # The reviewer may correct the text here (a new version: the box's key carries the one shown).
            text = right.text_area(_("Translation"), value=text, key=f"review_text_{key}_{seg['version']}",
                                   height=110, label_visibility="collapsed")
            corrected = text.strip() != (seg["target"] or "").strip()
            if corrected and four_eyes:
                right.caption(_("Your correction makes you the author of this text: once you save it, another "
                                "reviewer approves it (four-eyes rule)."))
        else:  # few elements, side by side in one row: the heading and the source in one, the translation, and
            # (added at the end, once the override box is drawn) the two buttons
            row = st.container(horizontal=True, wrap=False)
            row.markdown(f":gray[{heading}]  \n{session.plain(seg['source'])}", width="stretch")
            row.text(text, width="stretch")
        session.show_issues(seg.get("issues", []))
        thread.show_thread(seg, slug, lang, "review", form=is_open)
        errors = any(i["severity"] == "error" for i in seg["issues"])
        override = st.text_input(_("Override reason (needed: error-level issues)"), key=f"override_{key}") \
            if errors else None
        comment = st.text_input(_("Comment (needed to reject)"), key=f"comment_{key}") if is_open else ""
        buttons = st.container(horizontal=True) if is_open else row
        try:
            if corrected and not four_eyes:
                if buttons.button(_("Save correction and approve"), key=f"approve_{key}", type="primary"):
                    review.correct_and_approve(app(), slug, key, lang, text, user, version=seg["version"],
                                               override=override or None)
                    _done()
            elif buttons.button(_("Approve"), key=f"approve_{key}", type="primary", disabled=corrected):
                review.approve(app(), slug, [key], lang, user, override=override or None,
                               versions={key: seg["version"]})
                _done()
            if not is_open:
                buttons.button(_("Correct, reject or comment"), key=f"open_{key}", on_click=_open, args=(key,))
                return
            if buttons.button(_("Save correction"), key=f"correct_{key}", disabled=not corrected):
                review.edit(app(), slug, key, lang, text, user, version=seg["version"])
                _done()
            if buttons.button(_("Reject"), key=f"reject_{key}"):
                review.reject(app(), slug, key, lang, user, comment, version=seg["version"])
                _done()
            buttons.button(_("Close"), key=f"close_{key}", on_click=_open, args=(None,))
        except WorkbenchError as exc:
            session.report(exc)


def _done() -> None:
    """After an action on an item: no item open, and the screen drawn again (the queue, the progress)."""
    _open(None)
    st.rerun()


def _queue(slug: str, lang: str, user: str) -> None:
    """The segments waiting for a reviewer (draft or translated, with text), one page at a time."""
    _ = session.t()
    try:
        # One page at a time: issues are computed for the shown page only, and no memory matches
        # (the queue does not show them); the checks are the process's for the current term base.
        query = st.text_input(_("Search the source and the translation"), key="review_query")
        checked = checks()
        data, _page, pages = paging.fetch_page("review_page", PAGE_SIZE, lambda offset, limit:
                                               releases.list_segments_page(app(), slug, lang, offset, limit,
                                                                           states=QUEUE_STATES, with_target=True,
                                                                           query=query, with_matches=False,
                                                                           checks=checked))
    except WorkbenchError as exc:
        session.report(exc)
        return
    st.subheader(_("Queue ({n})").format(n=data["total"]))
    paging.page_input(_("Page (of {n})").format(n=pages), "review_page", pages)
    four_eyes = app().settings.four_eyes
    for seg in data["segments"]:
        _queue_item(seg, slug, lang, user, four_eyes)


def _history(slug: str, lang: str) -> None:
    """The events of one chosen segment (the list of segments computes no issues nor matches)."""
    _ = session.t()
    # Asked for, not drawn at each rerun of the queue: listing the release and the events costs.
    if not st.toggle(_("History of a segment"), key="history_open"):
        return
    try:
        segments = releases.list_segments(app(), slug)["segments"]
    except WorkbenchError as exc:
        session.report(exc)
        return
    shown = {s["id"]: f"{s['id']} · {s['source'][:80]}" for s in segments}
    key = st.selectbox(_("Segment"), list(shown), key="history_segment", format_func=shown.__getitem__)
    if key:
        try:
            story = review.history(app(), slug, key, lang)
        except WorkbenchError as exc:
            session.report(exc)
            return
        # The details (who asked for a draft, the command line's OS user) as one text cell: a table shows text.
        rows = [{**e, "at": session.when(e["at"]), "details": ", ".join(f"{k}: {v}" for k, v in e["details"].items())}
                for e in story["events"]]
        st.dataframe(rows, key="history_table", hide_index=True)
        glossary = story["glossary"]
        if glossary["version"]:  # a machine draft: the glossary concepts it applied, and who decided each
            st.caption(session.plain(_("Glossary the draft used (version {version})").format(
                version=glossary["version"])))
            st.dataframe([{"concept": c["concept"], "change": c["id"], "proposed_by": c["proposed_by"],
                           "accepted_by": c["decided_by"], "accepted_at": session.when(c["decided_at"])}
                          for c in glossary["changes"]], key="history_glossary_table", hide_index=True)


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
        # Counts only (one grouped query): the progress and the sign-off button need no segment rows.
        counts = releases.segment_counts(app(), slug, lang)
        status = review.signoff_status(app(), slug, lang)
    except WorkbenchError as exc:
        session.report(exc)
        return
    total, approved = counts["total"], counts["states"]["approved"]
    st.progress(approved / max(1, total),
                text=_("{approved} of {total} segments approved").format(approved=approved, total=total))
    signed = status["current"]
    if status["signed_off"] and signed is not None:
        st.success(session.plain(_("Signed off by {reviewer} at {at}").format(reviewer=signed["reviewer"],
                                                                              at=session.when(signed["at"]))))
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
                                                    disabled=approved < total):
            review.signoff(app(), slug, lang, user["name"])
            st.rerun()
    except WorkbenchError as exc:
        session.report(exc)
    _queue(slug, lang, user["name"])
    _history(slug, lang)
