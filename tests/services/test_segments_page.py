"""One page of segments: the same rows as the whole list, filtered and sliced."""

from __future__ import annotations

from review_fixtures import operator

from workbench.services import releases, review, setup, users
from workbench.services.app import App


def test_a_page_equals_the_slice_of_the_whole_list(app: App, sample_bytes: bytes) -> None:
    setup.init_workbench(app)
    releases.ingest_release(app, sample_bytes, name="sample.txt", slug="s", user=operator(app))
    users.add_user(app, "tina", "translator", "tina-secret", by=operator(app))
    whole = releases.list_segments(app, "s", "es")["segments"]
    review.edit(app, "s", whole[2]["id"], "es", "Texto con el número 2099 que no está en el original.", "tina")
    review.edit(app, "s", whole[5]["id"], "es", "« En Crimea, las autoridades de facto deben cesar. »", "tina")
    whole = releases.list_segments(app, "s", "es")["segments"]
    page = releases.list_segments_page(app, "s", "es", 4, 4)
    assert page["total"] == 11 and [s["id"] for s in page["segments"]] == [s["id"] for s in whole[4:8]]
    assert page["segments"] == whole[4:8]
    translated = releases.list_segments_page(app, "s", "es", 0, 20, states=["translated"])
    assert [s["id"] for s in translated["segments"]] == [whole[2]["id"], whole[5]["id"]]
    flagged = releases.list_segments_page(app, "s", "es", 0, 20, with_issues=True)
    assert [s["id"] for s in flagged["segments"]] == [s["id"] for s in whole if s["issues"]]
    assert whole[2]["id"] in [s["id"] for s in flagged["segments"]]  # the number 2099 is not in the source
    assert releases.list_segments_page(app, "s", "es", 40, 20)["segments"] == []
    # one segment by id, as the editor reads a row again after its save: the same row as in the list
    one = releases.list_segments_page(app, "s", "es", 0, 1, keys={whole[5]["id"]})
    assert one["segments"] == [whole[5]] and one["total"] == 1
    assert releases.list_segments_page(app, "s", "es", 0, 1, keys={whole[5]["id"]}, states=["new"])["segments"] == []
