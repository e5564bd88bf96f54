"""The sign-in screen: name and password (argon2, throttled per account), or the operator's OIDC provider."""

from __future__ import annotations

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.services import signin, users
from workbench.ui import session
from workbench.ui.resources import app


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises, and that means "not configured"
        return False


def _sign_in() -> None:
    """The form's callback: check the password (once) before the script runs, so that the run the
    click starts already draws the signed-in navigation and its first screen; a refusal is kept for
    ``render`` to show. A rerun from the script after signing in cost the server one more run."""
    try:
        user = signin.sign_in(app(), st.session_state.get("sign_in_name", "").strip(),
                              st.session_state.get("sign_in_password", ""))
    except WorkbenchError as exc:
        st.session_state["sign_in_refused"] = exc
    else:
        st.session_state.pop("signed_out_because", None)
        session.sign_in(user)


def render() -> None:
    """Show the sign-in form (signing in is its callback, ``_sign_in``) and why it refused, if it did."""
    _ = session.t()
    st.title(_("Workbench"))
    st.caption(_("Translation and publishing of press releases"))
    because = st.session_state.get("signed_out_because")
    if because:
        st.warning(session.plain(because))
    with st.form("sign_in_form"):
        st.text_input(_("User name"), key="sign_in_name")
        st.text_input(_("Password"), type="password", key="sign_in_password")
        st.form_submit_button(_("Sign in"), on_click=_sign_in)
    refused = st.session_state.pop("sign_in_refused", None)
    if refused is not None:
        session.report(refused)
    if _oidc_configured():
        # Optional single sign-on: the provider's e-mail must be the name of an existing workbench user.
        if not st.user.is_logged_in:
            st.button(_("Sign in with your organisation"), key="oidc_login", on_click=st.login)
        else:
            email = str(st.user.get("email", ""))
            known = {u["name"]: u for u in users.list_users(app()) if not u["disabled"]}
            if email in known:
                session.sign_in({**known[email], "ui_lang": st.session_state.get("ui_lang", "en")})
                st.rerun()
            message = _("No active workbench user is named {email}: ask an administrator.").format(email=email)
            st.error(session.plain(message))
