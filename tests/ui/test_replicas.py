"""Two `workbench serve` replicas on one PostgreSQL database: a segment saved through one is seen through the other.

"Through" a replica means over its Streamlit WebSocket, so a real browser drives both: Debian's
Chromium with Playwright (no `playwright install`), one browser context (one session) per replica.
This is the set-up docs/operations.md describes for several machines, minus the reverse proxy.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import make_app
from review_fixtures import operator
from servers import CHROMIUM, SHOTS, WAIT, chromium, serving, sign_in, wait_idle

from workbench.services import releases, review, setup, users
from workbench.services.app import App

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]
playwright = pytest.importorskip("playwright.sync_api")
@pytest.fixture
def team(pg_url: str, sample_bytes: bytes, tmp_path: Path) -> Iterator[App]:
    """A migrated PostgreSQL database with the glossary, the sample as `crimea` and two Spanish translators."""
    app = make_app(pg_url, tmp_path)
    setup.init_workbench(app)
    releases.ingest_release(app, sample_bytes, name="sample.txt", slug="crimea", user=operator(app))
    users.add_user(app, "tina", "translator", "tina-secret", "es", by=operator(app))
    users.add_user(app, "tom", "translator", "tom-secret", "es", by=operator(app))
    yield app
    app.db.dispose()


@pytest.fixture
def replicas(team: App, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two `workbench serve` processes (own ports, own working directories) on the one database."""
    with serving(team.settings.database_url, tmp_path, count=2) as (url_a, url_b):
        yield url_a, url_b


def _open_editor(page, url: str, name: str, password: str, first_source: str) -> None:
    """Sign in on ``url`` and open the Editor at the release's first segment."""
    sign_in(page, url, name, password)
    page.get_by_role("link", name="Editor").click()
    page.get_by_text(first_source).first.wait_for(timeout=WAIT)
    wait_idle(page)


def test_a_segment_saved_through_one_replica_is_seen_through_the_other(
    team: App, replicas: tuple[str, str]
) -> None:
    url_a, url_b = replicas
    first = releases.list_segments(team, "crimea", "es")["segments"][0]
    assert first["target"] is None  # nothing to see yet: whatever B shows later came through A
    text = "Rusia. Los dirigentes tártaros de Crimea deben poder volver libremente a su tierra y expresarse"
    with chromium() as (new_page, _dialogs):
        # Replica A: tina saves the first segment with Ctrl+Enter.
        page_a = new_page()
        _open_editor(page_a, url_a, "tina", "tina-secret", first["source"])
        box_a = page_a.locator(f".st-key-target_{first['id']} textarea")  # by key: never another segment's box
        box_a.fill(text)
        page_a.get_by_text("Press Ctrl+Enter to submit form").wait_for(timeout=WAIT)  # the form knows the text
        box_a.press("Control+Enter")
        deadline = time.monotonic() + WAIT / 1000
        while (saved := review.current(team, "crimea", first["id"], "es"))["version"] == 0:
            if time.monotonic() > deadline:
                SHOTS.mkdir(parents=True, exist_ok=True)
                page_a.screenshot(path=str(SHOTS / "replica-a-save-lost.png"), full_page=True)
                raise AssertionError("the save through replica A never reached the database")
            time.sleep(0.5)
        assert (saved["target"], saved["updated_by"], saved["version"]) == (text, "tina", 1)

        # Replica B, another browser session and another person: the saved text and its version.
        page_b = new_page()
        _open_editor(page_b, url_b, "tom", "tom-secret", first["source"])
        page_b.get_by_text(f"{first['id']} · translated · v1").wait_for(timeout=WAIT)
        playwright.expect(page_b.locator(f".st-key-target_{first['id']} textarea")).to_have_value(text, timeout=WAIT)
