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

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from workbench.errors import ConflictError, WorkbenchError
from workbench.services import concordance, drafting, qa, releases, review
from workbench.services.app import App
from workbench.services.qa import Checks
from workbench.ui import focus, labels, paging, session, thread
from workbench.ui.i18n import Translate
from workbench.ui.resources import app, checks, engine_status, lookups

PAGE_SIZE = 20
STATE_ICONS = {"new": "○", "draft": "◐", "translated": "●", "approved": "✔", "needs_edit": "✎"}


def choose_release_and_language(prefix: str) -> tuple[str, str] | None:
    """The release and target language chosen on this screen (shared with the review screen)."""
    _ = session.t()
    user = session.current_user()
    assert user is not None
    slugs = releases.slugs(app())
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
    # Drawn only when open (a stateful expander): what it asks for is not paid at every rerun.
    with st.expander(_("Draft with machine translation"), key="draft_expander", on_change="rerun") as panel:
        if not panel.open:
            return
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


def _draft_summary(result: Mapping[str, Any]) -> str:
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


def _term_colour(term: Mapping[str, Any]) -> str:
    """Glossary terms on orange; an ambiguous surname (never replaced) on gray."""
    return "gray" if term["kind"] == "ambiguous" else "orange"


def _origin(origin: str, _: Translate) -> str:
    """Where the segment's current text comes from, for its caption ("" when a person wrote it)."""
    if origin in ("", "human"):
        return ""
    if origin == "tm":
        return _("from the translation memory")
    if origin == "import":
        return _("imported as a draft")
    return _("drafted by {engine}").format(engine=origin)  # an engine's name: apertium, llm, deepl ...


_NOT_SHOWN = object()  # a box not in the session's state yet


def _put(box: str, text: str) -> None:
    """Put ``text`` into a target box (a button's callback: it runs before the box is drawn again)."""
    st.session_state[box] = text


@dataclass(frozen=True)
class _Page:
    """What a row needs of the page it is on: release, language, filters, the page's segment ids, the quality
    checks, the application handle and the interface's ``_`` (the full run's: a row drawn alone reads its segment
    and the checks again; the interface language changes in a whole run only)."""

    slug: str
    lang: str
    source_lang: str
    page: int
    states: tuple[str, ...]
    with_issues: bool
    query: str
    ids: tuple[str, ...]
    checks: Checks  # the term base's in that run (``resources.checks``), looked up once, not per row
    app: App  # the application handle (``resources.app``), looked up once too
    t: Translate  # ``session.t()`` of that run: each call reads the session's state, a hundred times a run


def _row_key(segment: str) -> str:
    """The key of a segment's row fragment (``st.rerun`` names the rows to draw again by it)."""
    return f"editor_row_{segment}"


def _rows_only() -> bool:
    """Whether this run draws some rows alone (a click inside a row of the served page), not the whole screen.

    A widget inside a fragment reruns only its fragment in a browser; AppTest always runs the whole
    script (then every row is drawn anyway)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def _activate(key: str, page: _Page) -> None:
    """Make ``key`` the active segment, the one drawn with its matches, insert buttons and comment box (a callback).

    In a browser only the two rows that change are drawn again: the one that gets the tools and the
    one that loses them."""
    before = st.session_state.get("editor_active")
    st.session_state["editor_active"] = key
    if _rows_only() and before in page.ids and before != key:
        st.rerun([_row_key(before), _row_key(key)])


def _save(key: str, page: _Page) -> None:
    """Save the segment's box (its form's submit callback); the next segment becomes the active one, with the focus.

    The edit goes to the database at once, with the version this person saw: when someone else
    saved in between, nothing is written and the row shows the other text (``_show_conflict``)."""
    user = session.current_user()
    assert user is not None
    box = f"target_{key}"
    mine = st.session_state[box]
    seen = st.session_state.setdefault("editor_seen", {})
    notes = _notes(create=True)
    try:
        review.edit(app(), page.slug, key, page.lang, mine, user["name"], version=seen[key][0])
    except ConflictError:
        # Keep this person's text in the box; the next save is a deliberate merge over theirs.
        theirs = review.current(app(), page.slug, key, page.lang)
        seen[key] = (int(theirs["version"]), seen[key][1])
        notes.setdefault("conflicts", {})[key] = (theirs, mine)
        return
    except WorkbenchError as exc:
        notes.setdefault("refused", {})[key] = exc
        return
    del st.session_state[box]
    del seen[key]  # the row reloads it from the database
    notes["saved"] = key
    moving = _focus_after(key, page)
    notes["focus"] = moving
    if moving is None:
        return  # the last segment: it stays the active one
    st.session_state["editor_active"] = moving["segment"]
    if not _rows_only():
        return  # the whole screen is drawn anyway
    if moving["page"] == page.page and moving["segment"] in page.ids:
        st.rerun([_row_key(key), _row_key(moving["segment"])])  # the saved row and the next one
    st.rerun()  # the next page: the whole screen


def _notes(create: bool = False) -> dict[str, Any]:
    """What a save left for the rows to show in the next run, in one session key (each row reads it once):
    ``saved`` (the segment saved: its toast), ``focus`` (where the focus goes, ``_focus_after``),
    ``conflicts`` and ``refused`` (segment -> the refused save's texts or error). ``create``: a callback's,
    that writes to it; else an empty dict when there is none (nothing to show)."""
    if create:
        notes: dict[str, Any] = st.session_state.setdefault("editor_notes", {})
        return notes
    return st.session_state.get("editor_notes") or {}


def _focus_after(key: str, page: _Page) -> dict[str, Any] | None:
    """Where the focus goes once segment ``key`` is saved: the next segment's id, and its page.

    The segment is named by id, not position: with a state filter the saved one may leave the list
    and the rest move up one place (the rows already drawn stay until the screen is drawn again).
    """
    at = page.ids.index(key)
    if at + 1 < len(page.ids):
        return {"segment": page.ids[at + 1], "page": page.page}
    if len(page.ids) < PAGE_SIZE:  # the last page: nothing follows
        return None
    # The last of a full page: the next one opens the next page, unless the saved segment left the
    # filtered list, and then the next one has moved up to the end of this page.
    try:
        around = releases.list_segments_page(app(), page.slug, page.lang, page.page * PAGE_SIZE - 1, 2,
                                             states=page.states, with_issues=page.with_issues, query=page.query,
                                             with_matches=False, checks=checks())["segments"]
    except WorkbenchError:
        return None
    ids = [s["id"] for s in around]
    if ids[:1] == [key]:
        return {"segment": ids[1], "page": page.page + 1} if len(ids) > 1 else None
    return {"segment": ids[0], "page": page.page} if ids else None


def _insert_buttons(seg: Mapping[str, Any], box: str) -> None:
    """Buttons that fill the target box: the source, the machine draft, memory match 1..3 (then edit and save)."""
    _ = session.t()
    key = seg["id"]
    with st.container(horizontal=True):
        st.button(_("Copy source"), key=f"copy_source_{key}", on_click=_put, args=(box, seg["source"]))
        draft = seg.get("machine_draft") or ""
        st.button(_("Insert draft"), key=f"insert_draft_{key}", on_click=_put, args=(box, draft),
                  disabled=not draft, help=_("The machine translation's draft of this segment"))
        for n, match in enumerate(seg.get("matches", [])[:3], 1):
            st.button(_("Match {n}").format(n=n), key=f"insert_match_{n}_{key}", on_click=_put,
                      args=(box, match["target"]))


def _show_conflict(theirs: dict[str, Any], mine: str) -> None:
    """The text someone else saved meanwhile, beside this person's (after a refused save)."""
    _ = session.t()
    st.warning(session.plain(_("{who} saved this segment meanwhile (version {version}). Merge the two texts and "
                               "save again.").format(who=theirs["updated_by"] or "?", version=theirs["version"])))
    st.text(_("Their text:"))
    st.text(theirs["target"] or "")
    st.text(_("Your text:"))
    st.text(mine)


def _row(seg: Mapping[str, Any], page: _Page) -> None:
    """A segment's row (a fragment: a save, an insert or a comment in it draws this row again, not the page)."""
    checked = page.checks
    if _rows_only():
        # Drawn alone after the screen: read the segment again (a save, a colleague's edit, the term base).
        try:
            checked = checks()
            found = releases.list_segments_page(app(), page.slug, page.lang, 0, 1, keys={seg["id"]},
                                                checks=checked, lookups=lookups())["segments"]
        except WorkbenchError as exc:
            session.report(exc)
            return
        if not found:
            return
        seg = found[0]
    _segment(seg, page, st.session_state.get("editor_active") == seg["id"], checked)


def _segment(seg: Mapping[str, Any], page: _Page, active: bool, checked: Checks) -> None:
    """One segment: its box (source, glossary terms, the target's form, issues), then the active one's tools.

    Every row shows what a translator reads at a glance: state, source with its glossary terms and
    the forms they must take, the box, the engine's unknown words, the change from the previous
    version, QA issues and the thread. The active row adds its memory matches with their
    differences, the buttons that insert the source, the draft or a match, and the comment box
    (docs/performance.md, "The editor's rows"). ``checked``: the term base's checks (``resources.checks``)."""
    _ = page.t
    key = seg["id"]
    box = f"target_{key}"
    # The version this person saw and the text the box was loaded with, per segment (one session key).
    seen: dict[str, tuple[int, str]] = st.session_state.setdefault("editor_seen", {})
    shown = st.session_state.get(box, _NOT_SHOWN)
    untouched = key in seen and shown == seen[key][1]
    if shown is _NOT_SHOWN or key not in seen or (untouched and seen[key][0] != seg["version"]):
        # First time shown, or changed elsewhere (a draft run, a colleague) while this person
        # had not typed: show the current text and remember the version they now see.
        st.session_state[box] = seg["target"] or ""
        seen[key] = (seg["version"], seg["target"] or "")
    matches = seg.get("matches", [])
    # The row is its form, drawn the same whether active or not up to the box: the box keeps the
    # keyboard focus and what was typed when the row gains or loses its tools (drawn after the form).
    with st.form(f"seg_form_{key}"):
        st.markdown(_head(seg, page, checked, None if active or not matches else matches[0]))
        st.text_area(_("Translation"), key=box, height=110, label_visibility="collapsed")
        st.form_submit_button(_("Save (Ctrl+Enter)"), on_click=_save, args=(key, page))
        notes = _notes()
        conflict = notes.get("conflicts", {}).pop(key, None)
        if conflict:
            _show_conflict(*conflict)
        refused = notes.get("refused", {}).pop(key, None)
        if refused:
            session.report(refused)
        if seg.get("target_diff"):
            # What the newest change did to the text (a colleague's edit, the reviewer's, or the draft edited).
            st.caption(_("Change from the previous version (struck out: removed; green: added):"))
            st.markdown(session.diff_markdown(seg["target_diff"]))
        _show_issues(seg.get("issues", []), _)
        if seg.get("failure"):
            st.warning(session.plain(_("Machine drafting failed: {reason}").format(reason=seg["failure"])))
        thread.show_messages(seg)  # why it came back, and the talk about it
    if active:
        _tools(seg, page, box)
    else:
        st.button(_("Matches, insert, comment"), key=f"activate_{key}", type="tertiary", on_click=_activate,
                  args=(key, page), help=_("Shows this segment's memory matches with their differences, the buttons "
                                           "that insert its source, its draft or a match, and the comment box"))
    if notes.get("saved") == key:
        del notes["saved"]
        st.toast(_("Saved"))
    if (notes.get("focus") or {}).get("segment") == key:
        del notes["focus"]
        focus.focus_text_area(box)  # only in the run right after a save


def _head(seg: Mapping[str, Any], page: _Page, checked: Checks, best: Mapping[str, Any] | None) -> str:
    """A row's head as one Markdown text: its state line (small, gray), the source with its glossary terms
    on a coloured background, then each term with the form it must take. ``best``: the memory match
    whose score the state line gives (a row that is not active)."""
    _ = page.t
    key = seg["id"]
    origin = _origin(seg.get("origin") or "", _)
    score = _("memory {score}%").format(score=round(best["score"])) if best else ""
    state = " · ".join(part for part in (f"{STATE_ICONS.get(seg['state'], '')} {key}", _(labels.STATES[seg["state"]]),
                                         f"v{seg['version']}", origin, score) if part)
    terms = qa.terms_of(page.app, checked, seg["source"], page.source_lang, page.lang)
    # The source as text (escaped Markdown), its glossary terms on a coloured background.
    parts = [f":gray[:small[{session.plain(state)}]]",
             session.highlight(seg["source"], [(t["start"], t["end"], _term_colour(t)) for t in terms])]
    if seg.get("previous_source"):
        parts.append(f":gray[:small[{session.plain(_('Previous source:'))}]] {session.plain(seg['previous_source'])}")
    lines: dict[str, None] = {}  # each term once, in text order
    for term in terms:
        mark = "" if term["verified"] else " " + _("(unverified)")
        form = f"**{session.plain(term['target_form'])}**" if term["target_form"] else \
            session.plain(_("ambiguous: do not replace"))
        lines[f":{_term_colour(term)}-background[{session.plain(term['text'])}] → {form}{session.plain(mark)}"] = None
    if lines:
        parts.append("  \n".join(lines))  # one line per term (Markdown hard breaks)
    if seg.get("unknown_words"):
        # The engine's untranslated words still in the target, on red (escaped Markdown, as the terms).
        parts.append(session.plain(_("Words the engine did not know:")) + " " + " ".join(
            f":red-background[{session.plain(w)}]" for w in seg["unknown_words"]))
    return "\n\n".join(parts)


def _show_issues(issues: list[dict[str, Any]], _: Translate) -> None:
    """A segment's QA issues as text (they quote people's words): its errors in one red box, its warnings in one
    orange box, one line each."""
    if not issues:
        return
    n_ = session.n()
    for errors, alert in ((True, st.error), (False, st.warning)):
        lines = [session.plain(session.issue_text(i, _, n_)) for i in issues if (i["severity"] == "error") == errors]
        if lines:
            alert("  \n".join(lines))


def _tools(seg: Mapping[str, Any], page: _Page, box: str) -> None:
    """The active segment's tools, under its box: insert buttons, memory matches and their differences, comment box."""
    _ = session.t()
    with st.container(border=True):
        _insert_buttons(seg, box)
        matches = seg.get("matches", [])
        if matches:
            # Each match with how its source differs from this one, in one Markdown text (people's words escaped).
            legend = _("Difference from this source (struck out: only in the memory; green: only here):")
            lines = [f":gray[:small[{session.plain(legend)}]]"]
            for n, match in enumerate(matches, 1):
                lines.append(session.plain(_("Memory {n} · {score}%: {target}").format(
                    n=n, score=round(match["score"]), target=match["target"])))
                if match.get("diff"):
                    lines.append(session.diff_markdown(match["diff"]))
            st.markdown("\n\n".join(lines))
        thread.comment_form(seg, page.slug, page.lang, "editor")


def _concordance_panel(lang: str) -> None:
    """Earlier approved wording: a phrase -> source/target pairs from the memory (every release's approvals)."""
    _ = session.t()
    with st.expander(_("Concordance: earlier approved translations"), key="concordance_expander",
                     on_change="rerun") as panel:
        if not panel.open:
            return  # drawn only when open (Alt+K opens it)
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
    # Set by a save: the page number is a widget's value, which can only be changed here, before the
    # widget is created in this run; its row moves the focus (and drops it) when it is drawn.
    moving: dict[str, Any] | None = _notes().get("focus")
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
        handle = app()
        checked, answers = checks(handle), lookups(handle)
        data, page, pages = paging.fetch_page("editor_page", PAGE_SIZE, lambda offset, limit:
                                              releases.list_segments_page(handle, slug, lang, offset, limit,
                                                                          states=states, with_issues=with_issues,
                                                                          query=query, checks=checked,
                                                                          lookups=answers))
    except WorkbenchError as exc:
        session.report(exc)
        return
    paging.page_input(_("Page (of {n})").format(n=pages), "editor_page", pages)
    n_ = session.n()
    st.caption(n_("{n} segment", "{n} segments", data["total"]).format(n=data["total"]))
    shown = data["segments"]
    ids = tuple(seg["id"] for seg in shown)
    # One active segment, drawn with its matches, insert buttons and comment box: the one chosen last
    # while it is on the page, else the page's first (docs/performance.md, "The editor's rows").
    if ids and st.session_state.get("editor_active") not in ids:
        st.session_state["editor_active"] = ids[0]
    rows = _Page(slug, lang, data["source_lang"], page, tuple(states), with_issues, query, ids, checked, handle, _)
    for seg in shown:
        st.fragment(key=_row_key(seg["id"]))(_row)(seg, rows)
    _notes().pop("focus", None)  # a move to a segment no longer shown
