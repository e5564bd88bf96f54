"""Glossary: search the term base, propose a concept (with transliteration suggestions), review proposals,
import/export. A change counts once a second reviewer accepts it (docs/glossary.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.services import glossary
from workbench.services.glossary import CONCEPT_KINDS, LANGUAGES, Concept
from workbench.ui import labels, session
from workbench.ui.resources import app


def _table(concepts: list[Concept]) -> None:
    _ = session.t()
    query = st.text_input(_("Search"), key="glossary_search").strip().casefold()
    rows = [
        {"id": c.id, _("kind"): c.kind, **{lang: c.forms.get(lang, "") for lang in LANGUAGES},
         _("variants"): glossary.variants_text(c)}
        for c in concepts
        if not query or query in c.id or any(query in f.casefold() for _l, f, _p in c.all_forms())
    ]
    st.dataframe(rows, key="glossary_table", hide_index=True)


def _fill_form(concepts: dict[str, Concept]) -> None:
    """Put the picked concept (nothing, for a new one) into the form's boxes.

    The boxes are keyed, so Streamlit keeps what they held at the last run: a value given when they
    are drawn would be ignored once the person picks another concept. They are filled here, from the
    picker's callback (and once, when the screen first opens), and drawn without a value.
    """
    base = concepts.get(st.session_state.get("glossary_pick", ""))
    state = st.session_state
    state["glossary_id"] = base.id if base else ""
    state["glossary_kind"] = base.kind if base else CONCEPT_KINDS[0]
    for lang in LANGUAGES:
        state[f"glossary_form_{lang}"] = base.forms.get(lang, "") if base else ""
    state["glossary_variants"] = glossary.variants_text(base) if base else ""
    state["glossary_note"] = base.note if base else ""


def _suggest_forms(concepts: dict[str, Concept]) -> None:
    """The romanisation conventions' forms of the Cyrillic original, into a new concept's empty boxes."""
    if st.session_state.get("glossary_pick"):
        return  # an existing concept keeps its forms: the suggestions are shown, not written in
    for lang, form in glossary.suggest(st.session_state.get("glossary_cyrillic", "")).items():
        key = f"glossary_form_{lang}"
        if key in st.session_state and not st.session_state[key].strip():
            st.session_state[key] = form


def _editor(concepts: dict[str, Concept], user: str) -> None:
    _ = session.t()
    st.subheader(_("Add or edit a concept"))
    if "glossary_id" not in st.session_state:
        _fill_form(concepts)
    cyrillic = st.text_input(_("Cyrillic original (for spelling suggestions)"), key="glossary_cyrillic",
                             on_change=_suggest_forms, args=(concepts,))
    suggestions = glossary.suggest(cyrillic) if cyrillic.strip() else {}
    if suggestions:
        st.text(_("Suggested by the romanisation conventions (check them):") + " "
                + "; ".join(f"{lang}: {form}" for lang, form in suggestions.items()))
    existing = st.selectbox(_("Concept"), ["", *sorted(concepts)], key="glossary_pick",
                            format_func=lambda cid: cid or _("a new concept"), on_change=_fill_form, args=(concepts,))
    base = concepts.get(existing)
    with st.form("glossary_form"):
        cid = st.text_input("id", key="glossary_id", disabled=base is not None)
        kind = st.selectbox(_("kind"), CONCEPT_KINDS, key="glossary_kind")
        forms = {}
        columns = st.columns(4)
        for i, lang in enumerate(LANGUAGES):
            forms[lang] = columns[i % 4].text_input(lang, key=f"glossary_form_{lang}")
        variants = st.text_input(_("variants (lang:form; …)"), key="glossary_variants")
        note = st.text_input(_("note"), key="glossary_note")
        saved = st.form_submit_button(_("Save concept"))
    if saved:
        concept_id = base.id if base else cid.strip()
        try:
            result = glossary.edit_concept(app(), concept_id, kind, forms, variants, note, user)
        except WorkbenchError as exc:
            session.report(exc)
        else:
            if result["proposed"]:
                st.session_state["glossary_done"] = _(
                    "Proposed {id}: drafting uses it once another reviewer accepts it").format(id=concept_id)
                st.rerun()  # the proposals below were drawn before this one existed
            st.info(session.plain(_("{id} already says this: nothing to propose").format(id=concept_id)))


def _files(user: str, may_import: bool) -> None:
    _ = session.t()
    st.subheader(_("Import and export") if may_import else _("Export"))
    upload = st.file_uploader(_("Glossary file (CSV or TBX)"), type=["csv", "tbx"], key="glossary_upload") \
        if may_import else None
    if upload is not None and st.button(_("Import"), key="glossary_import"):
        try:
            result = glossary.import_data(app(), upload.getvalue(), upload.name, user)
        except WorkbenchError as exc:
            session.report(exc)
        else:
            n_ = session.n()
            st.session_state["glossary_done"] = n_(
                "{n} change proposed; another reviewer accepts it",
                "{n} changes proposed; another reviewer accepts them", len(result["proposed"]),
            ).format(n=len(result["proposed"]))
            st.rerun()
    for suffix in ("csv", "tbx"):
        name = f"glossary.{suffix}"
        st.download_button(_("Download {fmt}").format(fmt=suffix.upper()), glossary.export_data(app(), name),
                           file_name=name, key=f"glossary_download_{suffix}")


def _change_lines(change: Mapping[str, Any]) -> list[str]:
    _ = session.t()
    lines = []
    for d in change["changes"]:
        label = f"{_(labels.GLOSSARY_CHANGES.get(d['what'], d['what']))} {d['lang']}".strip()
        lines.append(f"{label}: {d['before'] or _('(none)')} → {d['after'] or _('(none)')}")
    return lines


def _proposals(user: dict[str, Any]) -> None:
    """The changes waiting for a second reviewer, with accept and reject buttons (not for one's own)."""
    _ = session.t()
    waiting = glossary.proposals(app())
    st.subheader(_("Proposed changes"))
    if not waiting:
        st.caption(_("No change is waiting for a decision."))
        return
    own_ok = glossary.self_accept_allowed(app(), user["role"])
    for change in waiting:
        with st.container(border=True):
            st.text(_("#{id} {concept}, proposed by {who} ({origin}), {at}").format(
                id=change["id"], concept=change["concept"], who=change["proposed_by"], origin=change["origin"],
                at=session.when(change["proposed_at"])))
            st.text("\n".join(_change_lines(change)) or _("no difference"))
            mine = change["proposed_by"] == user["name"]
            left, right, reason_col = st.columns([1, 1, 3])
            reason = reason_col.text_input(_("Reason (optional)"), key=f"glossary_reason_{change['id']}",
                                           label_visibility="collapsed", placeholder=_("Reason (optional)"))
            accept = (not mine or own_ok) and left.button(_("Accept"), key=f"glossary_accept_{change['id']}")
            reject = right.button(_("Withdraw") if mine else _("Reject"), key=f"glossary_reject_{change['id']}")
            if mine and not own_ok:
                st.caption(_("Your proposal: another reviewer accepts it."))
        if accept or reject:
            try:
                if accept:
                    glossary.accept(app(), [change["id"]], user["name"])
                    done = _("Accepted {concept}").format(concept=change["concept"])
                else:
                    glossary.reject(app(), change["id"], user["name"], reason)
                    done = _("Rejected {concept}").format(concept=change["concept"])
            except WorkbenchError as exc:
                session.report(exc)
            else:
                st.session_state["glossary_done"] = done
                st.rerun()  # the term base and this list were drawn before the decision


def render() -> None:
    """The glossary screen."""
    _ = session.t()
    user = session.current_user()
    assert user is not None
    st.title(_("Glossary"))
    done = st.session_state.pop("glossary_done", None)  # set by an action of the previous run
    if done:
        st.success(session.plain(done))
    try:
        concepts = glossary.termbase(app()).concepts
        _table(sorted(concepts.values(), key=lambda c: c.id))
        if session.can_review(user):  # the services refuse a translator anyway; the form would only waste their time
            _proposals(user)
            _editor(concepts, user["name"])
        else:
            st.info(_("Reviewers and admins change the glossary: ask one of them to add or correct a concept."))
        _files(user["name"], session.can_review(user))
    except WorkbenchError as exc:
        session.report(exc)
