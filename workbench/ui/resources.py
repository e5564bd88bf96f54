"""The one place that caches process-wide resources for the UI (nothing per user lives here)."""

from __future__ import annotations

import streamlit as st

from workbench.services.app import App


@st.cache_resource
def app() -> App:
    """The application handle shared by every session of this server process."""
    return App.open()
