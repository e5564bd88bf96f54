"""The UI as `workbench serve` serves it: the Streamlit app of ``app.py`` with our HTTP headers.

`streamlit run` finds the ``app`` below (an ``st.App``, Streamlit's ASGI application) and serves it
with uvicorn, the command-line flags applying as for a plain script; ``st.App(middleware=...)`` is
Streamlit's supported way to add middleware, which runs before Streamlit's own. The headers, and
why: ``services/security_headers.py``; inside them, Streamlit's front-end bundles are answered from
memory, gzip-compressed once (``static_assets.py``: the biggest part of a fresh browser's cost to
the server after the scripts, docs/performance.md).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from workbench.config import Settings
from workbench.errors import ConfigError
from workbench.services.security_headers import METRICS_PATH, SecurityHeaders
from workbench.ui.static_assets import StaticAssets


def blocked_paths() -> tuple[str, ...]:
    """The paths not served: Streamlit's metrics unless WORKBENCH_UI_METRICS is on."""
    try:
        metrics = Settings.from_env().ui_metrics
    except ConfigError:  # the page itself reports a bad setting; the metrics stay closed
        metrics = False
    return () if metrics else (METRICS_PATH,)


app = st.App(str(Path(__file__).with_name("app.py")),
             middleware=[Middleware(SecurityHeaders, block=blocked_paths()), Middleware(StaticAssets)])
