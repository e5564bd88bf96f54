"""Administration: users, roles and language scopes; engine status; publishing tokens and webhooks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.services import engines, tokens, users, webhooks
from workbench.ui import labels, session
from workbench.ui.resources import app


def render() -> None:
    """The administration screen (admins only; the services check it again)."""
    _ = session.t()
    admin = session.current_user()
    assert admin is not None
    st.title(_("Administration"))
    added = st.session_state.pop("admin_added", None)  # set by the add in the previous run
    if added:
        st.success(session.plain(_("Added {name}").format(name=added)))
    try:
        people = users.list_users(app())
        st.dataframe(people, key="users_table", hide_index=True)
        with st.form("add_user_form", clear_on_submit=True):
            st.subheader(_("Add a user"))
            name = st.text_input(_("User name"), key="new_user_name")
            role = st.selectbox(_("Role"), list(labels.ROLES), key="new_user_role",
                                format_func=lambda r: _(labels.ROLES[r]))
            langs = st.text_input(_("Languages (comma-separated; empty: all)"), key="new_user_langs")
            password = st.text_input(_("Password"), type="password", key="new_user_password")
            if st.form_submit_button(_("Add")):
                users.add_user(app(), name.strip(), role, password, langs, by=admin["name"])
                st.session_state["admin_added"] = name.strip()
                st.rerun()  # the table above was drawn before the new user existed
        names = [p["name"] for p in people if p["name"] != admin["name"]]
        if names:
            who = st.selectbox(_("User"), names, key="toggle_user")
            disabled = next(p["disabled"] for p in people if p["name"] == who)
            if st.button(_("Enable") if disabled else _("Disable"), key="toggle_user_button"):
                users.set_disabled(app(), who, not disabled, by=admin["name"])
                st.rerun()
        st.subheader(_("Engines"))
        st.dataframe(engines.list_engines(app()), key="engines_table", hide_index=True)
        _publishing(_)
    except WorkbenchError as exc:
        session.report(exc)


#: The columns of a webhook's delivery in the admin table (services.webhooks.list_webhooks).
DELIVERY_KEYS = ("event", "state", "attempts", "last_status", "last_attempt_at", "next_attempt_at")


def _publishing(_: Callable[[str], str]) -> None:
    """Site tokens and webhooks with their last deliveries (created from the command line: docs/publishing.md)."""
    st.subheader(_("Publishing: site tokens"))
    st.caption(_("Tokens and webhooks are created with `workbench token add` and `workbench webhook add` "
                 "(docs/publishing.md)."))
    st.dataframe(tokens.list_tokens(app()), key="tokens_table", hide_index=True)
    st.subheader(_("Publishing: webhooks"))
    rows = []
    for hook in webhooks.list_webhooks(app()):
        about = {"webhook": hook["id"], "url": hook["url"], "events": ", ".join(hook["events"]),
                 "langs": ", ".join(hook["langs"])}
        deliveries: list[Mapping[str, Any]] = [*hook["deliveries"]] or [dict.fromkeys(DELIVERY_KEYS)]  # unused: a row
        for delivery in deliveries:
            rows.append({**about, **{key: delivery[key] for key in DELIVERY_KEYS}})
    st.dataframe(rows, key="webhooks_table", hide_index=True)
