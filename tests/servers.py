"""Servers in tests: `workbench serve` (and the browser tests' `server` fixture) and a real browser (start, wait,
sign in, stop); an Apertium APY server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from review_fixtures import operator

from workbench.services import setup, users
from workbench.services.app import App

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As root in a closed network: no sandbox, and none of Chromium's background connections.
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
SHOTS = ROOT / "test-artifacts" / "screens"
WAIT = 60_000  # ms: a first Streamlit run imports a lot on a busy 2-core machine


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(database_url: str, cwd: Path, count: int = 1) -> Iterator[list[str]]:
    """``count`` `workbench serve` processes on one database, started together; yields their URLs once healthy."""
    exe = Path(sys.executable).with_name("workbench")
    env = dict(os.environ, WORKBENCH_DATABASE_URL=database_url)
    procs: list[subprocess.Popen[bytes]] = []
    urls: list[str] = []
    try:
        for i in range(count):
            port = free_port()
            workdir = cwd / f"serve-{i}"
            workdir.mkdir()
            log = (workdir / "serve.log").open("wb")  # kept beside the test's files for diagnosis
            procs.append(subprocess.Popen([str(exe), "serve", "--port", str(port)], env=env, cwd=workdir,
                                          stdout=log, stderr=log))
            urls.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 60
        for proc, url in zip(procs, urls, strict=True):
            assert answer(f"{url}/_stcore/health", proc, deadline) == b"ok"
        yield urls
    finally:
        _stop(procs)


@pytest.fixture
def server(sqlite_app: App, tmp_path: Path) -> Iterator[str]:
    """`workbench serve` over a database with the shipped glossary, a translator (tina) and a reviewer (rui) for
    Spanish; its URL. A browser test module shares it with ``server = servers.server`` (a fixture imported by
    name would be redefined by the tests' parameter of that name, which ruff reports)."""
    setup.init_workbench(sqlite_app)
    users.add_user(sqlite_app, "tina", "translator", "tina-secret", "es", by=operator(sqlite_app))
    users.add_user(sqlite_app, "rui", "reviewer", "rui-secret", "es", by=operator(sqlite_app))
    with serving(sqlite_app.settings.database_url, tmp_path) as (url,):
        yield url


def answer(url: str, proc: subprocess.Popen[bytes], deadline: float) -> bytes:
    """The body ``url`` answers once the server ``proc`` is up; the last error when it dies or the deadline passes.

    The one wait for a server started as a child process: the browser tests', Apertium's, and the
    benchmarks' (``benchmarks/ui_load.py``, ``api_throughput.py`` import it)."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return bytes(r.read())
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise
            time.sleep(0.3)


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    """Terminate the servers, killing any that does not stop within 20 s."""
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def chromium() -> Iterator[tuple[Callable[..., Any], list[str]]]:
    """Debian's Chromium through Playwright: ``(new_page, dialogs)``, closed afterwards.

    ``new_page(**context_options)`` opens a page in a fresh browser context (a separate session);
    every JavaScript dialog any page opens is dismissed and its message kept in ``dialogs``, which
    a test of text shown as text expects empty.
    """
    from playwright.sync_api import sync_playwright

    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)

        def new_page(**context_options: Any) -> Any:
            page = browser.new_context(viewport={"width": 1400, "height": 1000}, **context_options).new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            return page

        try:
            yield new_page, dialogs
        finally:
            browser.close()


def wait_idle(page: Any) -> None:
    """Wait until the app's script run is over: text typed while a run is still drawing the screen
    can be lost when that run redraws the box (Streamlit marks its root with the run's state)."""
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=WAIT)


def sign_in(page: Any, url: str, name: str, password: str) -> None:
    """Sign in through the form and wait for the sidebar to say so."""
    page.goto(url, timeout=WAIT)
    # The first screen of a fresh session is the server's first script run for it: on a loaded
    # machine it may take longer than Playwright's default 30 s, so every step waits as long as WAIT.
    page.get_by_role("textbox", name="User name").fill(name, timeout=WAIT)
    page.get_by_role("textbox", name="Password").fill(password, timeout=WAIT)
    page.get_by_role("button", name="Sign in").click(timeout=WAIT)
    page.get_by_text(f"Signed in as {name}").wait_for(timeout=WAIT)
    wait_idle(page)


def shot(page: Any, name: str) -> None:
    """Save a screenshot of the current screen as a test artifact."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


APERTIUM_APY = shutil.which("apertium-apy")


@contextmanager
def apertium_apy(modes: Path = Path("/usr/share/apertium/modes")) -> Iterator[str]:
    """A real `apertium-apy` (Debian's) on 127.0.0.1 over the installed pairs; yields its base URL once it answers."""
    assert APERTIUM_APY is not None, "apertium-apy is not installed (make debs installs it)"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([APERTIUM_APY, "-p", str(port), "-t", "60", str(modes)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        answer(f"{url}/listPairs", proc, time.monotonic() + 60)
        yield url
    finally:
        _stop([proc])
