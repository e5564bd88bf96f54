"""Embargoes: set as a reviewer or an admin with an offset, an event in the release's history; the page and the
bundle are refused before it passes, the .po work files never."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from publishing_fixtures import approved_sample
from review_fixtures import operator
from sqlalchemy import select

from workbench.errors import InputError, PermissionDeniedError
from workbench.services import publishing, review
from workbench.services.app import App
from workbench.services.embargo import parse_until
from workbench.services.export import export
from workbench.store.tables import SignOff


def test_parse_until_needs_an_offset_and_stores_utc() -> None:
    assert parse_until("2026-12-08T09:00+01:00") == datetime(2026, 12, 8, 8, 0, tzinfo=UTC)
    assert parse_until("2026-12-08T09:00Z") == datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    with pytest.raises(InputError, match="no UTC offset"):
        parse_until("2026-12-08T09:00")
    with pytest.raises(InputError, match="not an ISO 8601"):
        parse_until("Tuesday 9 CET")


def test_embargo_history_and_roles(app: App, sample_bytes: bytes) -> None:
    approved_sample(app, sample_bytes)
    until = datetime.now(UTC) + timedelta(days=2)
    with pytest.raises(PermissionDeniedError, match="only a reviewer or admin may set embargoes"):
        publishing.set_embargo(app, "sample", until, "tr")
    r = publishing.set_embargo(app, "sample", until, "rv")
    assert r["embargoed"] and r["embargo_until"] == until.isoformat()
    later = until + timedelta(hours=3)
    publishing.set_embargo(app, "sample", later, "ad")
    lifted = publishing.set_embargo(app, "sample", None, "rv")
    assert lifted["embargo_until"] is None and not lifted["embargoed"]
    events = publishing.release_history(app, "sample")["events"]
    assert [(e["actor"], e["action"]) for e in events] == [
        ("op", "ingest"), ("rv", "embargo"), ("ad", "embargo"), ("rv", "embargo_lift")]
    assert events[0]["details"] == {"source": "sample.txt", "lang": "fr", "segments": 11}
    events = events[1:]
    assert events[1]["before"] == until.isoformat() and events[1]["after"] == later.isoformat()
    assert events[2]["after"] is None


def test_export_refuses_page_and_bundle_before_the_embargo(app: App, sample_bytes: bytes, tmp_path: Path) -> None:
    approved_sample(app, sample_bytes)
    review.signoff(app, "sample", "es", "rv")
    publishing.set_embargo(app, "sample", datetime.now(UTC) + timedelta(hours=1), "rv")
    out = tmp_path / "out"
    for formats in ("html", "bundle", "po,html"):
        with pytest.raises(PermissionDeniedError, match="under embargo until"):
            export(app, "sample", "es", out, formats, user=operator(app))
    assert not out.exists()  # nothing written
    files = export(app, "sample", "es", out, "po,mo", user=operator(app))["files"]  # the translators' work files
    assert any(f.endswith("sample.po") for f in files)
    publishing.set_embargo(app, "sample", None, "rv")
    assert export(app, "sample", "es", out, "html,bundle", user=operator(app))["files"]


def test_signoff_during_an_embargo_is_published_when_it_passes(app: App, sample_bytes: bytes) -> None:
    approved_sample(app, sample_bytes)
    until = datetime.now(UTC) + timedelta(hours=1)
    publishing.set_embargo(app, "sample", until, "rv")
    review.signoff(app, "sample", "es", "rv")
    with app.db.read() as session:
        assert session.scalar(select(SignOff.published_at)) is None
    assert publishing.publish_due(app)["published"] == []
    after = until + timedelta(seconds=1)
    assert publishing.publish_due(app, now=after)["published"] == [{"slug": "sample", "lang": "es"}]
    assert publishing.publish_due(app, now=after)["published"] == []  # once


def test_signoff_without_embargo_is_published_at_once(app: App, sample_bytes: bytes) -> None:
    approved_sample(app, sample_bytes)
    review.signoff(app, "sample", "es", "rv")
    with app.db.read() as session:
        assert session.scalar(select(SignOff.published_at)) is not None
    assert publishing.publish_due(app)["published"] == []
