"""The releases' slugs for the choosers: one driver query, in the releases list's order (newest first),
an ingest seen at once. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from review_fixtures import ingest_small

from workbench.services import releases, setup
from workbench.services.app import App


def test_slugs_are_the_listed_releases_in_the_same_order(app: App) -> None:
    setup.init_workbench(app)
    assert releases.slugs(app) == []
    for slug in ("m-2024", "b", "a"):  # neither alphabetical nor by id alone: newest first
        ingest_small(app, slug)
        assert releases.slugs(app) == [r["slug"] for r in releases.list_releases(app)]
    assert releases.slugs(app) == ["a", "b", "m-2024"]
