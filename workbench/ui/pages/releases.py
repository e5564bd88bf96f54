"""Releases: the list with per-language progress, and a new release by paste or upload with a preview."""

from __future__ import annotations

from functools import partial

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.services import comments, glossary, releases
from workbench.services.glossary import CONCEPT_KINDS
from workbench.ui import labels, session
from workbench.ui.resources import app

PREVIEW_CHARS = 160  # of a block in the preview's checkbox label; the rest behind "Whole block"


def _release_table() -> None:
    _ = session.t()
    rows = releases.list_releases(app())
    if not rows:
        st.info(_("No release yet: add one below."))
        return
    query = st.text_input(_("Filter by title or slug"), key="releases_filter").strip().casefold()
    langs = sorted({lang for r in rows for lang in r["progress"]})
    lang = st.selectbox(_("Progress in"), ["", *langs], key="releases_lang",
                        format_func=lambda code: code or _("every language"))
    shown = [r for r in rows if query in r["title"].casefold() or query in r["slug"]]
    table = []
    for r in shown:
        row = {_("slug"): r["slug"], _("title"): r["title"], _("source"): r["lang"], _("segments"): r["segments"]}
        if any(x["embargoed"] for x in shown):
            row[_("embargo until")] = session.when(r["embargo_until"], local=True) if r["embargoed"] else ""
        for code, states in sorted(r["progress"].items()):
            if lang and code != lang:
                continue
            done = _("{approved}/{total} approved").format(approved=states.get("approved", 0), total=r["segments"])
            pending = [_("{n} {state}").format(n=states[s], state=_(labels.STATES[s]))
                       for s in ("needs_edit", "translated", "draft") if states.get(s)]
            signed = " · " + _("signed off") if code in r.get("signed_off", ()) else ""
            row[code] = done + (f" ({', '.join(pending)})" if pending else "") + signed
        table.append(row)
    # st.dataframe shows every cell as text, never as HTML: titles come from outside. The slug and the
    # title get fixed widths (a long slug is cut with "…", not pushing the progress out of view);
    # a click on a row opens that release in the editor.
    st.dataframe(table, key="releases_table", hide_index=True, width="stretch",
                 on_select=partial(_open_release, [r["slug"] for r in shown]), selection_mode="single-row",
                 column_config={_("slug"): st.column_config.TextColumn(width="medium", pinned=True),
                                _("title"): st.column_config.TextColumn(width="medium")})
    st.caption(_("Per language: approved segments of the release, then those waiting (needs edit, translated, "
                 "drafted). Click a row to open the release in the editor."))


def _open_release(slugs: list[str]) -> None:
    """A row was clicked: that release becomes the current one, and the editor opens on it (next run)."""
    rows = st.session_state["releases_table"]["selection"]["rows"]
    if rows:
        st.session_state["current_release"] = slugs[rows[0]]
        st.session_state["open_editor"] = True


def _mentions() -> None:
    """The comments that mention the signed-in user (@name), with where they are."""
    _, n_ = session.t(), session.n()
    user = session.current_user()
    assert user is not None
    found = comments.mentions_of(app(), user["name"])["mentions"]
    if not found:
        return
    with st.expander(n_("{n} comment mentions you", "{n} comments mention you", len(found)).format(n=len(found)),
                     icon="💬"):
        st.dataframe([{_("release"): m["slug"], _("segment"): m["segment"], _("language"): m["lang"],
                       _("from"): m["author"], _("date"): session.when(m["at"]), _("comment"): m["text"]}
                      for m in found], key="mentions_table", hide_index=True, width="stretch")


def _new_release() -> None:
    _ = session.t()
    st.subheader(_("New release"))
    paste, upload = st.tabs([_("Paste"), _("Upload")])
    with paste:
        pasted = st.text_area(_("Release text"), height=200, key="new_release_text")
    with upload:
        file = st.file_uploader(_("Text, HTML or Markdown file"), type=["txt", "html", "htm", "md", "markdown"],
                                key="new_release_file")
    lang = st.text_input(_("Source language (empty: detect)"), max_chars=8, key="new_release_lang").strip() or None
    slug = st.text_input(_("Slug (empty: from the title)"), key="new_release_slug").strip() or None
    if file is not None:
        data, name = file.getvalue(), file.name
    elif pasted.strip():
        data, name = pasted.encode("utf-8"), "pasted.txt"
    else:
        return
    try:
        doc, chosen, detected = releases.prepare(app(), data, name=name, lang=lang)
    except WorkbenchError as exc:
        session.report(exc)
        return
    st.markdown(session.plain(_("Detected language: {detected}; the release will be ingested as {lang}.").format(
        detected=detected or _("unknown"), lang=chosen)))
    if lang and detected and lang != detected:
        st.warning(_("The declared language differs from the detected one."))
    if doc.title:
        st.text(_("Title: {title}").format(title=doc.title))
    else:
        st.warning(_("No title found: the release will have none, and its slug will not come from it. Put the "
                     "title alone on the first line."))
    drop = []
    for i, block in enumerate(doc.blocks):
        cut = len(block.text) > PREVIEW_CHARS
        shown = block.text[:PREVIEW_CHARS].rstrip() + "…" if cut else block.text
        keep = st.checkbox(session.plain(f"{_(labels.KINDS[block.kind])}: {shown}"), value=True,
                           key=f"block_{i}",
                           disabled=block.kind == "title")
        if cut:  # the whole block, on demand: a sentence cut off looks lost
            with st.expander(_("Whole block")):
                st.text(block.text)
        if not keep:
            drop.append(i)
    n_ = session.n()
    with st.expander(n_("{n} block left out as site chrome", "{n} blocks left out as site chrome",
                        len(doc.excluded)).format(n=len(doc.excluded))):
        st.dataframe([{_("reason"): e.reason, _("text"): e.text} for e in doc.excluded],
                     key="excluded_table", hide_index=True)
    if st.button(_("Ingest"), type="primary", key="ingest_button"):
        try:
            user = session.current_user()
            assert user is not None
            report = releases.ingest_release(app(), data, name=name, user=user["name"], lang=lang, slug=slug,
                                             drop=drop)
        except WorkbenchError as exc:
            session.report(exc)
            return
        # Kept in the session so the warnings (and their actions) survive the next rerun.
        st.session_state["last_ingest"] = {"slug": report.slug, "lang": report.lang, "n": len(report.segments),
                                           "warnings": report.warnings}
        st.session_state["current_release"] = report.slug
        st.rerun()  # the list above was drawn before the new release existed


def _last_ingest() -> None:
    _ = session.t()
    user = session.current_user()
    done = st.session_state.get("last_ingest")
    if not done or user is None:
        return
    n_ = session.n()
    st.success(session.plain(n_("{slug}: {n} segment", "{slug}: {n} segments", done["n"]).format(
        slug=done["slug"], n=done["n"])))
    for i, warning in enumerate(done["warnings"]):
        st.warning(session.plain(warning["message"]))
        if warning["check"] != "unknown_name":
            continue
        kind_col, button_col = st.columns([1, 3])
        kind = kind_col.selectbox(_("kind"), CONCEPT_KINDS, key=f"unknown_kind_{i}", label_visibility="collapsed")
        label = session.plain(_("Add {name} to the glossary").format(name=warning["text"]))
        if button_col.button(label, key=f"unknown_add_{i}"):
            try:
                concept_id = glossary.propose_name(app(), warning["text"], done["lang"], kind, user["name"])
            except WorkbenchError as exc:
                session.report(exc)
            else:
                st.success(session.plain(_("Proposed {id}: drafting uses it once another reviewer accepts it")
                                         .format(id=concept_id)))


def render() -> None:
    """The releases screen."""
    _ = session.t()
    if st.session_state.pop("open_editor", False) and "editor_page" in st.session_state.get("pages", {}):
        st.switch_page(st.session_state["pages"]["editor_page"])
    st.title(_("Releases"))
    try:
        _mentions()
        _release_table()
    except WorkbenchError as exc:
        session.report(exc)
    _new_release()
    _last_ingest()
