"""How the browser UI is started (the command line, so that `workbench serve` and tests agree)."""

from __future__ import annotations

import sys
from pathlib import Path

import workbench

APP_SCRIPT = Path(workbench.__file__).with_name("ui") / "app.py"
#: What `workbench serve` runs: APP_SCRIPT inside an st.App that adds the security headers (ui/server.py).
SERVER_SCRIPT = APP_SCRIPT.with_name("server.py")

# Safety settings of the UI (issue: Streamlit workbench): XSRF protection on, no usage statistics.
STREAMLIT_FLAGS = (
    "--server.headless=true",
    "--server.enableXsrfProtection=true",
    "--browser.gatherUsageStats=false",
    "--server.maxUploadSize=5",
    "--client.toolbarMode=viewer",  # no developer menu (Deploy, rerun settings) for translators
)


def streamlit_command(port: int) -> list[str]:
    """The argv that starts the Streamlit UI on ``port``."""
    return [sys.executable, "-m", "streamlit", "run", str(SERVER_SCRIPT), f"--server.port={port}", *STREAMLIT_FLAGS]
