"""`workbench serve` runs the UI for real: the health check answers and the page is served."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
from servers import serving

from workbench.services.app import App


@pytest.mark.slow
def test_serve_answers_health_check(sqlite_app: App, tmp_path: Path) -> None:
    with serving(sqlite_app.settings.database_url, tmp_path) as (url,):
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as r:
            assert r.read() == b"ok"
        with urllib.request.urlopen(f"{url}/", timeout=5) as r:
            assert r.status == 200
