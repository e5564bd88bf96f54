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
    # No watching of the source files for changes (a developer's reload-on-save): the watcher looks
    # up the path of every loaded module at each script run, the biggest cost of a rerun after the
    # page's own work on a served workbench (docs/performance.md).
    "--server.fileWatcherType=none",
    # No full garbage collection after every script run (Streamlit's default): with the term base,
    # the language profiles and the sessions loaded, one gc.collect(2) costs more CPU than a rerun
    # of the editor, paid at every click of every person. Python's own generational collector
    # still frees cycles (docs/performance.md).
    "--runner.postScriptGC=false",
)


def streamlit_command(port: int) -> list[str]:
    """The argv that starts the Streamlit UI on ``port``."""
    return [sys.executable, "-m", "streamlit", "run", str(SERVER_SCRIPT), f"--server.port={port}", *STREAMLIT_FLAGS]
