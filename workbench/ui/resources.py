"""The one place that caches process-wide resources for the UI (nothing per user lives here)."""

from __future__ import annotations

import streamlit as st

from workbench.config import Settings
from workbench.services.app import App


@st.cache_resource
def _open(settings: Settings) -> App:
    return App.open(settings)


def app() -> App:
    """The application handle for the current settings, shared by every session of this process."""
    return _open(Settings.from_env())
