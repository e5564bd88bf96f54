"""The editor: source and target side by side, paged, with glossary terms, memory matches and QA issues.

Saving sends the version the translator saw; when someone else saved in between, the other text
is shown and the translator merges (nothing is overwritten silently). Inside a segment's form,
Ctrl+Enter (⌘+Enter) in the target box saves it, and the keyboard focus then moves to the next
segment's box (on the next page after the last one of a page), so a translator never needs the mouse.
The other shortcuts (``focus.keyboard_shortcuts``, listed in a help line under the filters) act on
the segment whose box has the focus: Alt+↓/↑ next/previous box, Alt+S copy the source, Alt+D the
machine draft, Alt+1..3 memory match 1..3, Alt+K the concordance.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from workbench.errors import ConflictError, WorkbenchError
from workbench.services import concordance, drafting, glossary, releases, review
from workbench.services.glossary import Matcher
from workbench.ui import focus, labels, paging, session, thread
from workbench.ui.resources import app, checks, engine_status

PAGE_SIZE = 20
STATE_ICONS = {"new": "○", "draft": "◐", "translated": "●", "approved": "✔", "needs_edit": "✎"}


def choose_release_and_language(prefix: str) -> tuple[str, str] | None:
    """The release and target language chosen on this screen (shared with the review screen)."""
    _ = session.t()
    user = session.current_user()
    assert user is not None
    slugs = [r["slug"] for r in releases.list_releases(app())]
    if not slugs:
        st.info(_("No release yet: add one on the Releases screen."))
        return None
    remembered = st.session_state.get("current_release")
    left, right = st.columns([3, 1])
    slug = left.selectbox(_("Release"), slugs, key=f"{prefix}_release",
                          index=slugs.index(remembered) if remembered in slugs else 0)
    lang = right.selectbox(_("Target language"), session.target_languages(user), key=f"{prefix}_lang")
    st.session_state["current_release"] = slug
    return slug, lang


def _draft_panel(slug: str, lang: str) -> None:
    _ = session.t()
    user = session.current_user()
    assert user is not None
    with st.expander(_("Draft with machine translation")):
        usable = [e["name"] for e in engine_status() if e["available"]]
        engine = st.selectbox(_("Engine"), ["", *usable], key="draft_engine",
                              format_func=lambda name: name or _("the preferred engine"))
        if st.button(_("Draft the untranslated segments"), key="draft_button"):
            bar = st.progress(0.0, text=_("Drafting…"))

            def advance(p: Any) -> None:
                bar.progress(p.done / max(1, p.total), text=_("Drafting… {done} of {total}").format(
                    done=p.done, total=p.total))

            try:
                result = drafting.translate_release(app(), slug, lang, engine or None, progress=advance,
                                                    user=user["name"])
            except WorkbenchError as exc:
                session.report(exc)
                return
            bar.progress(1.0, text=_("Done"))
            st.success(session.plain(_draft_summary(result)))


def _draft_summary(result: dict[str, Any]) -> str:
    """What a drafting run did, the memory's drafts counted apart from the engine's ("1 segments" never)."""
    _, n_ = session.t(), session.n()
    drafted, memory = result["drafted"], result.get("memory") or 0
    text = n_("{n} segment drafted", "{n} segments drafted", drafted).format(n=drafted)
    if drafted and memory:
        text += " " + _("({machine} by {engine}, {memory} from the translation memory)").format(
            machine=drafted - memory, engine=result["engine"], memory=memory)
    elif drafted:
        text += " " + _("(by {engine})").format(engine=result["engine"])
    return text + "; " + _("{failed} failed, {skipped} skipped").format(**result)


def _conflict(slug: str, key: str, lang: str, mine: str) -> int:
    """Show the text someone else saved meanwhile beside this person's; returns the version now current."""
    _ = session.t()
    theirs = review.current(app(), slug, key, lang)
    st.warning(session.plain(_("{who} saved this segment meanwhile (version {version}). Merge the two texts and "
                               "save again.").format(who=theirs["updated_by"] or "?", version=theirs["version"])))
    st.text(_("Their text:"))
    st.text(theirs["target"] or "")
    st.text(_("Your text:"))
    st.text(mine)
    return int(theirs["version"])


def _term_colour(term: dict[str, Any]) -> str:
    """Glossary terms on orange; an ambiguous surname (never replaced) on gray."""
    return "gray" if term["kind"] == "ambiguous" else "orange"


def _origin(origin: str) -> str:
    """Where the segment's current text comes from, for its caption ("" when a person wrote it)."""
    _ = session.t()
    if origin in ("", "human"):
        return ""
    if origin == "tm":
        return _("from the translation memory")
    if origin == "import":
        return _("imported as a draft")
    return _("drafted by {engine}").format(engine=origin)  # an engine's name: apertium, llm, deepl ...


def _put(box: str, text: str) -> None:
    """Put ``text`` into a target box (a button's callback: it runs before the box is drawn again)."""
    st.session_state[box] = text


def _insert_buttons(seg: dict[str, Any], box: str, where: Any) -> None:
    """Buttons that fill the target box: the source, the machine draft, memory match 1..3 (then edit and save)."""
    _ = session.t()
    key = seg["id"]
    matches = seg.get("matches", [])[:3]
    cols = where.columns(2 + max(1, len(matches)))
    cols[0].button(_("Copy source"), key=f"copy_source_{key}", on_click=_put, args=(box, seg["source"]))
    draft = seg.get("machine_draft") or ""
    cols[1].button(_("Insert draft"), key=f"insert_draft_{key}", on_click=_put, args=(box, draft),
                   disabled=not draft, help=_("The machine translation's draft of this segment"))
    for n, match in enumerate(matches, 1):
        cols[1 + n].button(_("Match {n}").format(n=n), key=f"insert_match_{n}_{key}", on_click=_put,
                           args=(box, match["target"]))


def _segment(seg: dict[str, Any], slug: str, lang: str, source_lang: str, matcher: Matcher) -> bool:
    """One segment: source, helps and the target's form. Returns whether its target was just saved.

    ``matcher``: the current term base's (``resources.checks``), looked up once per rerun, not per segment."""
    _ = session.t()
    user = session.current_user()
    assert user is not None
    key = seg["id"]
    with st.container(border=True):
        left, right = st.columns(2)
        with left:
            state = _(labels.STATES[seg["state"]])
            origin = _origin(seg.get("origin") or "")
            st.caption(session.plain(f"{STATE_ICONS.get(seg['state'], '')} {key} · {state} · v{seg['version']}"
                                     + (f" · {origin}" if origin else "")))
            terms = glossary.terms_for(app(), matcher, seg["source"], source_lang, lang)
            # The source as text (escaped Markdown), its glossary terms on a coloured background.
            st.markdown(session.highlight(seg["source"], [(t["start"], t["end"], _term_colour(t)) for t in terms]))
            if seg.get("previous_source"):
                st.caption(_("Previous source:"))
                st.text(seg["previous_source"])
            lines: dict[str, None] = {}  # each term once, in text order
            for term in terms:
                mark = "" if term["verified"] else " " + _("(unverified)")
                form = f"**{session.plain(term['target_form'])}**" if term["target_form"] else \
                    session.plain(_("ambiguous: do not replace"))
                lines[f":{_term_colour(term)}-background[{session.plain(term['text'])}] → {form}"
                      f"{session.plain(mark)}"] = None
            if lines:
                st.markdown("  \n".join(lines))  # one line per term (Markdown hard breaks)
            for n, match in enumerate(seg.get("matches", []), 1):
                st.text(_("Memory {n} · {score}%: {target}").format(n=n, score=round(match["score"]),
                                                                    target=match["target"]))
                if match.get("diff"):
                    st.caption(_("Difference from this source (struck out: only in the memory; green: only here):"))
                    st.markdown(session.diff_markdown(match["diff"]))
        box, seen, loaded = f"target_{key}", f"seen_{key}", f"loaded_{key}"
        untouched = st.session_state.get(box) == st.session_state.get(loaded)
        if box not in st.session_state or (untouched and st.session_state[seen] != seg["version"]):
            # First time shown, or changed elsewhere (a draft run, a colleague) while this person
            # had not typed: show the current text and remember the version they now see.
            st.session_state[box] = st.session_state[loaded] = seg["target"] or ""
            st.session_state[seen] = seg["version"]
        _insert_buttons(seg, box, right)
        with right, st.form(f"seg_form_{key}"):
            st.text_area(_("Translation"), key=box, height=110, label_visibility="collapsed")
            saved = st.form_submit_button(_("Save (Ctrl+Enter)"))
        if seg.get("target_diff"):
            # What the newest change did to the text (a colleague's edit, the reviewer's, or the draft edited).
            right.caption(_("Change from the previous version (struck out: removed; green: added):"))
            right.markdown(session.diff_markdown(seg["target_diff"]))
        if seg.get("unknown_words"):
            # The engine's untranslated words still in the target, on red (escaped Markdown, as the terms).
            label = session.plain(_("Words the engine did not know:"))
            right.markdown(label + " " + " ".join(f":red-background[{session.plain(w)}]" for w in seg["unknown_words"]))
        session.show_issues(seg.get("issues", []))
        if seg.get("failure"):
            st.warning(session.plain(_("Machine drafting failed: {reason}").format(reason=seg["failure"])))
        thread.show_thread(seg, slug, lang, "editor")  # why it came back, and the talk about it
    if saved:
        mine = st.session_state[box]
        try:
            review.edit(app(), slug, key, lang, mine, user["name"], version=st.session_state[seen])
        except ConflictError:
            # Keep this person's text in the box; the next save is a deliberate merge over theirs.
            st.session_state[seen] = _conflict(slug, key, lang, mine)
        except WorkbenchError as exc:
            session.report(exc)
        else:
            del st.session_state[box], st.session_state[seen], st.session_state[loaded]  # reload from the database
            st.toast(_("Saved"))
            return True
    return False


def _focus_after(saved: int, shown: list[dict[str, Any]], page: int, slug: str, lang: str,
                 states: list[str], with_issues: bool, query: str = "") -> dict[str, Any] | None:
    """Where the focus goes once ``shown[saved]`` is saved: the next segment's id, and its page.

    The segment is named by id, not position: with a state filter the saved one may leave the list
    and the rest move up one place.
    """
    if saved + 1 < len(shown):
        return {"segment": shown[saved + 1]["id"], "page": page}
    if len(shown) < PAGE_SIZE:  # the last page: nothing follows
        return None
    # The last of a full page: the next one opens the next page, unless the saved segment left the
    # filtered list, and then the next one has moved up to the end of this page.
    try:
        around = releases.list_segments_page(app(), slug, lang, page * PAGE_SIZE - 1, 2, states=states,
                                             with_issues=with_issues, query=query, with_matches=False,
                                             checks=checks())["segments"]
    except WorkbenchError:
        return None
    ids = [s["id"] for s in around]
    if ids[:1] == [shown[saved]["id"]]:
        return {"segment": ids[1], "page": page + 1} if len(ids) > 1 else None
    return {"segment": ids[0], "page": page} if ids else None


def _concordance_panel(lang: str) -> None:
    """Earlier approved wording: a phrase -> source/target pairs from the memory (every release's approvals)."""
    _ = session.t()
    with st.expander(_("Concordance: earlier approved translations"), key="concordance_expander"):
        phrase = st.text_input(_("Phrase (source or translation)"), key="concordance_phrase")
        if not phrase.strip():
            return
        found = concordance.search(app(), phrase, target_lang=lang)["pairs"]
        if not found:
            st.info(_("No approved translation contains this phrase."))
            return
        st.dataframe([{_("source"): p["source"], _("translation"): p["target"],
                       _("release"): p["release"] or p["origin"], _("date"): p["date"]} for p in found],
                     key="concordance_table", hide_index=True)


def render() -> None:
    """The editor screen."""
    _ = session.t()
    st.title(_("Editor"))
    # Set by a save in the previous run. The page number is a widget's value: it can only be
    # changed here, before the widget is created in this run.
    moving: dict[str, Any] | None = st.session_state.pop("editor_focus", None)
    if moving:
        st.session_state["editor_page"] = moving["page"]
    try:
        chosen = choose_release_and_language("editor")
        if chosen is None:
            return
        slug, lang = chosen
        _draft_panel(slug, lang)
    except WorkbenchError as exc:
        session.report(exc)
        return
    states = st.multiselect(_("States"), list(STATE_ICONS), key="editor_states",
                            format_func=lambda state: _(labels.STATES[state]))
    with_issues = st.checkbox(_("Only segments with issues"), key="editor_issues")
    query = st.text_input(_("Search the source and the translation"), key="editor_query")
    st.caption(_("Keys, in a translation box: Ctrl+Enter save and go to the next · Alt+↓ / Alt+↑ next / previous "
                 "segment · Alt+S copy the source · Alt+D insert the machine draft · Alt+1, 2, 3 insert memory "
                 "match 1, 2, 3 · Alt+K concordance"))
    focus.keyboard_shortcuts()
    _concordance_panel(lang)
    try:
        # One page at a time: issues and memory matches are computed for the shown page only, so a
        # 1,000-segment release costs about what a 30-segment one does; the checks (and the issues
        # they found) are the process's for the current term base (docs/performance.md).
        checked = checks()
        data, page, pages = paging.fetch_page("editor_page", PAGE_SIZE, lambda offset, limit:
                                              releases.list_segments_page(app(), slug, lang, offset, limit,
                                                                          states=states, with_issues=with_issues,
                                                                          query=query, checks=checked))
    except WorkbenchError as exc:
        session.report(exc)
        return
    paging.page_input(_("Page (of {n})").format(n=pages), "editor_page", pages)
    n_ = session.n()
    st.caption(n_("{n} segment", "{n} segments", data["total"]).format(n=data["total"]))
    shown = data["segments"]
    for i, seg in enumerate(shown):
        if _segment(seg, slug, lang, data["source_lang"], checked.matcher):
            st.session_state["editor_focus"] = _focus_after(i, shown, page, slug, lang, states, with_issues, query)
            st.rerun()
    if moving and any(seg["id"] == moving["segment"] for seg in shown):
        focus.focus_text_area(f"target_{moving['segment']}")  # only in the run right after a save
