"""Per-state counts of a release in one language: from one grouped query, in step with the segment list,
without the segments an update retired. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest
from review_fixtures import add_team, operator

from workbench.errors import NotFoundError
from workbench.services import drafting, releases, review, setup
from workbench.services.app import App

needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed")
RETIRED = "La communauté tatare de Crimée et le Mejlis sont les principales cibles"  # start of the 9th segment
ADDED = "Amnesty International demande l’abandon de toutes les poursuites engagées contre eux."


def states(**given: int) -> dict[str, int]:
    return {"new": 0, "draft": 0, "translated": 0, "approved": 0, "needs_edit": 0, **given}


def listed_states(app: App, slug: str, lang: str) -> dict[str, int]:
    """The same counts the long way, from the full list of segments."""
    return states(**Counter(s["state"] for s in releases.list_segments(app, slug, lang)["segments"]))


@pytest.fixture
def sample(app: App, sample_bytes: bytes) -> tuple[App, list[str]]:
    """The sample (11 segments) as `s`, a translator and two reviewers; the segment keys in order."""
    setup.init_workbench(app)
    add_team(app, ("tr", "rv", "rv2"))
    report = releases.ingest_release(app, sample_bytes, name="sample.txt", slug="s", user=operator(app))
    return app, [seg["id"] for seg in report.segments]


def test_counts_follow_edits_approvals_and_rejections(sample: tuple[App, list[str]]) -> None:
    app, keys = sample
    assert len(keys) == 11
    assert releases.segment_counts(app, "s", "es") == {"slug": "s", "lang": "es", "total": 11,
                                                       "states": states(new=11)}
    for key in keys[:5]:
        review.edit(app, "s", key, "es", f"Texto {key}", "tr")
    review.approve(app, "s", keys[:2], "es", "rv", override="test")
    review.reject(app, "s", keys[2], "es", "rv", "the wrong name")
    counts = releases.segment_counts(app, "s", "es")
    assert counts["total"] == 11
    assert counts["states"] == states(new=6, translated=2, approved=2, needs_edit=1)
    assert counts["states"] == listed_states(app, "s", "es")
    # another language has nothing yet; the source language is counted the same way
    assert releases.segment_counts(app, "s", "en")["states"] == states(new=11)
    # a withdrawn approval and a corrected rejection move the counts back
    review.unapprove(app, "s", keys[0], "es", "rv2", "one more look")
    review.edit(app, "s", keys[2], "es", "Texto corregido", "tr")
    assert releases.segment_counts(app, "s", "es")["states"] == states(new=6, translated=4, approved=1)


def test_a_segment_retired_by_an_update_is_not_counted(sample: tuple[App, list[str]], sample_bytes: bytes) -> None:
    app, keys = sample
    by_source = {s["source"]: s["id"] for s in releases.list_segments(app, "s")["segments"]}
    retired = next(key for source, key in by_source.items() if source.startswith(RETIRED))
    kept = keys[0]
    for key in (retired, kept):
        review.edit(app, "s", key, "es", f"Texto {key}", "tr")
    review.approve(app, "s", [retired], "es", "rv", override="test")
    assert releases.segment_counts(app, "s", "es")["states"] == states(new=9, translated=1, approved=1)
    text = sample_bytes.decode()
    start = text.index(RETIRED)
    updated = text[:start] + ADDED + text[text.index("\n", start):]
    report = releases.ingest_release(app, updated.encode(), name="v2.txt", update="s", user=operator(app))
    assert report.changed == [] and retired not in [s["id"] for s in report.segments]
    counts = releases.segment_counts(app, "s", "es")
    # the retired segment (approved, still stored) is gone from the counts; the added one is new
    assert counts["total"] == 11
    assert counts["states"] == states(new=10, translated=1)
    assert counts["states"] == listed_states(app, "s", "es")


@needs_apertium
def test_machine_drafts_are_counted_as_drafts(sample: tuple[App, list[str]]) -> None:
    app, keys = sample
    review.edit(app, "s", keys[0], "es", "Rusia. Texto de la traductora", "tr")
    result = drafting.translate_release(app, "s", "es", user=operator(app))
    assert result["drafted"] == 10 and result["failed"] == 0
    assert releases.segment_counts(app, "s", "es")["states"] == states(draft=10, translated=1)


def test_an_unknown_release_is_not_found(sample: tuple[App, list[str]]) -> None:
    app, _keys = sample
    with pytest.raises(NotFoundError):
        releases.segment_counts(app, "nope", "es")
