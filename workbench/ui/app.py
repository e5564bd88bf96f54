"""Streamlit entry point: sign-in, then role-based navigation over the pages."""

from __future__ import annotations

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.services import signin, users
from workbench.ui import labels, session
from workbench.ui.i18n import UI_LANGUAGES
from workbench.ui.pages import admin, editor, export, glossary, releases, review, signin_page
from workbench.ui.resources import app

st.set_page_config(page_title="Workbench", page_icon="📰", layout="wide")
_ = session.t()
user = session.current_user()
if user is not None and not users.is_enabled(app(), user["name"]):
    # Disabled since this browser signed in: the session ends now, before any screen is drawn (the
    # services refuse the user's actions anyway; this also stops them reading).
    because = session.disabled_message()
    session.sign_out()
    st.session_state["signed_out_because"] = because
    user = None

if user is None:
    pages: list[st.Page] | dict[str, list[st.Page]] = [
        st.Page(signin_page.render, title=_("Sign in"), url_path="signin", default=True)
    ]
else:
    editor_page = st.Page(editor.render, title=_("Editor"), url_path="editor")
    st.session_state["pages"] = {"editor_page": editor_page}  # a click on a release row opens the editor
    work = [
        st.Page(releases.render, title=_("Releases"), url_path="releases", default=True),
        editor_page,
    ]
    if session.can_review(user):
        work.append(st.Page(review.render, title=_("Review"), url_path="review"))
    shared = [
        st.Page(glossary.render, title=_("Glossary"), url_path="glossary"),
        st.Page(export.render, title=_("Export"), url_path="export"),
    ]
    if user["role"] == "admin":
        shared.append(st.Page(admin.render, title=_("Administration"), url_path="admin"))
    pages = {_("Translation"): work, _("Publishing"): shared}

    with st.sidebar:
        st.text(_("Signed in as {name} ({role})").format(name=user["name"], role=_(labels.ROLES[user["role"]])))
        codes = list(UI_LANGUAGES)
        chosen = st.selectbox(
            _("Interface language"), codes, index=codes.index(st.session_state.get("ui_lang", "en")),
            format_func=UI_LANGUAGES.__getitem__, key="ui_lang_choice",
        )
        if chosen != st.session_state.get("ui_lang"):
            try:
                signin.set_ui_lang(app(), user["name"], chosen)
            except WorkbenchError as exc:
                session.report(exc)
            else:
                st.session_state["ui_lang"] = chosen
                st.rerun()
        if st.button(_("Sign out"), key="sign_out"):
            session.sign_out()
            st.rerun()

st.navigation(pages).run()
