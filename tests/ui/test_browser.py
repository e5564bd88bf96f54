"""End to end in a real browser: Debian's Chromium driven by Playwright against `workbench serve`.

No `playwright install`: the browser is /usr/bin/chromium (the Debian package `make` installs).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.services import releases, setup, users
from workbench.services.app import App

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]
playwright = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(sqlite_app: App, sample_bytes: bytes, tmp_path: Path) -> Iterator[str]:
    """`workbench serve` on a free port over a database with the sample and a translator."""
    setup.init_workbench(sqlite_app)
    releases.ingest_release(sqlite_app, sample_bytes, name="sample.txt", slug="crimea")
    users.add_user(sqlite_app, "tina", "translator", "tina-secret", "es")
    port = _free_port()
    env = dict(os.environ, WORKBENCH_DATABASE_URL=sqlite_app.settings.database_url)
    exe = Path(sys.executable).with_name("workbench")
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port)], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_translator_signs_in_and_saves_a_segment(server: str, sqlite_app: App) -> None:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        page = browser.new_page()
        page.goto(server, timeout=60_000)
        page.get_by_role("textbox", name="User name").fill("tina")
        page.get_by_role("textbox", name="Password").fill("tina-secret")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Signed in as tina").wait_for(timeout=30_000)
        page.get_by_role("link", name="Editor").click()
        page.get_by_text("Draft with machine translation").wait_for(timeout=30_000)
        first = releases.list_segments(sqlite_app, "crimea", "es")["segments"][0]
        page.get_by_text(first["source"]).first.wait_for(timeout=30_000)
        box = page.locator("textarea").first
        box.fill("Rusia. Los dirigentes tártaros de Crimea deben poder volver")
        box.press("Control+Enter")  # saves the segment's form
        deadline = time.monotonic() + 30
        while releases.list_segments(sqlite_app, "crimea", "es")["segments"][0]["state"] != "translated":
            assert time.monotonic() < deadline, "the save never reached the database"
            time.sleep(0.5)
        browser.close()
