"""Streamlit entry point: the releases page (read widgets, call one service, render)."""

from __future__ import annotations

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.services import releases
from workbench.ui.resources import app

st.set_page_config(page_title="Workbench", layout="wide")
st.title("Workbench")
st.caption("Press releases and their translations")

try:
    rows = releases.list_releases(app())
except WorkbenchError as exc:
    st.error(str(exc))
    st.stop()

if not rows:
    st.info("No release yet. Ingest one with `workbench ingest PATH`.")
else:
    # st.dataframe renders cells as text, never as HTML: release titles are user-supplied.
    st.dataframe(
        [
            {
                "slug": r["slug"],
                "title": r["title"],
                "language": r["lang"],
                "segments": r["segments"],
                "progress": ", ".join(
                    f"{lang}: {sum(states.values())}/{r['segments']}" for lang, states in sorted(r["progress"].items())
                ) or "not started",
            }
            for r in rows
        ],
        key="releases_table",
        hide_index=True,
        use_container_width=True,
    )
