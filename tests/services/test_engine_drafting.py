"""Machine drafting through the runner and the store: failures kept visible, reruns, people's text untouched, cache."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
from fake_libretranslate import Behaviour, FakeLibreTranslate
from review_fixtures import OPERATOR, add_team, operator
from sqlalchemy import func, select

from workbench.config import EngineSettings, parse_engine_preference
from workbench.services import drafting, releases, review, setup
from workbench.services.app import App
from workbench.store import event_details, translation_repo
from workbench.store.tables import EngineResult, Event, Segment, Translation

needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed")
FAST = {"timeout": 0.4, "backoff": 0.001, "retries": 3, "breaker": 50, "pause": 60, "concurrency": 4}


@pytest.fixture
def loaded(app: App, sample_bytes: bytes) -> App:
    """The sample release as `sample`, with the shipped glossary."""
    setup.init_workbench(app)
    releases.ingest_release(app, sample_bytes, name="sample.txt", slug="sample", user=operator(app))
    return app


def with_engines(app: App, **engine_settings: object) -> App:
    """The same database with other engine settings."""
    settings = replace(app.settings, engines=EngineSettings(**{**FAST, **engine_settings}))  # type: ignore[arg-type]
    return App(settings, app.db)


def draft_events(app: App, lang: str) -> dict[str, int]:
    """Segment key -> number of draft events in ``lang``."""
    with app.db.read() as session:
        rows = session.execute(
            select(Segment.key, func.count(Event.id))
            .join(Translation, Translation.segment_id == Segment.id)
            .join(Event, Event.translation_id == Translation.id)
            .where(Translation.lang == lang, Event.action == "draft")
            .group_by(Segment.key)
        ).all()
    return dict(rows)  # type: ignore[arg-type]


def human_edit(app: App, key: str, lang: str, text: str, state: str) -> None:
    with app.db.write() as session:
        segment = session.scalar(select(Segment).where(Segment.key == key))
        assert segment is not None
        tr = translation_repo.get_or_create(session, segment, lang)
        translation_repo.change(session, tr, actor="ana", action="edit", target=text, state=state, origin="human")


def test_a_flaky_provider_leaves_every_segment_drafted_or_failed_with_why_and_a_rerun_finishes(loaded: App) -> None:
    keys = [s["id"] for s in releases.list_segments(loaded, "sample")["segments"]]
    human_edit(loaded, keys[0], "es", "Texto de Ana.", "translated")
    human_edit(loaded, keys[1], "es", "Texto aprobado.", "approved")
    human_edit(loaded, keys[2], "es", "Texto por corregir.", "needs_edit")
    flaky = Behaviour(fail_rate=0.5, stall=2, seed=3)
    with FakeLibreTranslate(flaky) as server:
        app = with_engines(loaded, libre_url=server.url, retries=0)
        first = drafting.translate_release(app, "sample", "es", "libre", user=operator(app))
    assert first["drafted"] + first["failed"] + first["skipped"] == len(keys)
    assert first["skipped"] == 3 and first["failed"] > 0 and first["drafted"] > 0
    listed = {s["id"]: s for s in releases.list_segments(loaded, "sample", "es")["segments"]}
    failed = {f["segment"] for f in first["failures"]}
    for key in failed:
        assert listed[key]["state"] == "new" and listed[key]["target"] is None
        assert listed[key]["failure"].startswith("libre")  # the reason, visible in `segments --json`
    assert (listed[keys[0]]["target"], listed[keys[0]]["state"]) == ("Texto de Ana.", "translated")
    assert (listed[keys[1]]["target"], listed[keys[1]]["state"]) == ("Texto aprobado.", "approved")
    assert (listed[keys[2]]["target"], listed[keys[2]]["state"]) == ("Texto por corregir.", "needs_edit")

    with FakeLibreTranslate() as healthy:
        second = drafting.translate_release(with_engines(loaded, libre_url=healthy.url), "sample", "es", "libre",
                                            user=OPERATOR)
        assert healthy.behaviour.counts["calls"] == len(failed)  # only what was missing went out
    assert second["drafted"] == len(failed) and second["failed"] == 0
    assert second["skipped"] == len(keys) - len(failed)
    listed = {s["id"]: s for s in releases.list_segments(loaded, "sample", "es")["segments"]}
    assert all(listed[k]["state"] == "draft" and listed[k]["failure"] == "" for k in keys[3:])
    assert draft_events(loaded, "es") == {k: 1 for k in keys[3:]}  # one draft each, none for people's text


def test_each_draft_records_its_engine_and_time(loaded: App) -> None:
    with FakeLibreTranslate() as server:
        drafting.translate_release(with_engines(loaded, libre_url=server.url), "sample", "es", "libre",
                                   user=OPERATOR)
    with loaded.db.read() as session:
        events = session.execute(select(Event.actor, Event.comment, Event.at).where(Event.action == "draft")).all()
        origins = set(session.scalars(select(Translation.origin)).all())
    assert len(events) == 11 and origins == {"libre"}
    unpacked = [(actor, *event_details.unpack(comment)) for actor, comment, _ in events]
    assert {(actor, text) for actor, text, _ in unpacked} == {("engine:libre", "libre fr→es")}
    assert all(details == {"asked_by": OPERATOR} for _, _, details in unpacked)  # the engine wrote, the operator asked
    assert all(at is not None for _, _, at in events)


def test_engine_results_are_cached_by_masked_text_and_reused(loaded: App, sample_bytes: bytes) -> None:
    releases.ingest_release(loaded, sample_bytes, name="again.txt", slug="again", user=operator(loaded))
    with FakeLibreTranslate() as server:
        app = with_engines(loaded, libre_url=server.url)
        drafting.translate_release(app, "sample", "es", "libre", user=operator(app))
        calls = server.behaviour.counts["calls"]
        result = drafting.translate_release(app, "again", "es", "libre", user=operator(app))
        assert server.behaviour.counts["calls"] == calls  # the same texts: nothing sent again
    assert result["drafted"] == 11
    with loaded.db.read() as session:
        assert session.scalar(select(func.count(EngineResult.id))) == len(set(
            s["source"] for s in releases.list_segments(loaded, "sample")["segments"]))
        comments = {event_details.unpack(c)[0] for c in session.scalars(select(Event.comment)
                                                                         .where(Event.action == "draft"))}
    assert "libre fr→es (cached result)" in comments


@needs_apertium
def test_a_failing_provider_hands_over_to_the_next_engine_of_the_preference(loaded: App) -> None:
    with FakeLibreTranslate(Behaviour(fail_rate=1.0, failures=("500",))) as server:
        app = with_engines(loaded, libre_url=server.url, retries=1, breaker=3, concurrency=1,
                           preference=parse_engine_preference("es=libre|apertium"))
        result = drafting.translate_release(app, "sample", "es", user=operator(app))
        assert server.behaviour.counts["calls"] == 3  # paused after three failures in a row
    assert result["drafted"] == 11 and result["failed"] == 0
    assert result["engine"] == "libre" and result["engines"] == {"apertium": 11}


def test_progress_reaches_the_total(loaded: App) -> None:
    seen = []
    with FakeLibreTranslate() as server:
        drafting.translate_release(with_engines(loaded, libre_url=server.url), "sample", "es", "libre", seen.append,
                                   user=OPERATOR)
    assert seen[-1].done == seen[-1].total == 11 and seen[-1].engine == "libre"
    assert [p.done for p in seen] == sorted(p.done for p in seen)


def unknown_column(app: App, lang: str) -> dict[str, str | None]:
    """Segment key -> the stored unknown_words of its translation into ``lang``."""
    with app.db.read() as session:
        rows = session.execute(
            select(Segment.key, Translation.unknown_words)
            .join(Translation, Translation.segment_id == Segment.id).where(Translation.lang == lang)
        ).all()
    return dict(rows)  # type: ignore[arg-type]


@needs_apertium
@pytest.mark.apertium
@pytest.mark.parametrize(
    ("lang", "left"),
    [
        ("es", {"extrémisme"}),
        ("en", {"extrémisme", "adjuntos"}),  # through Spanish: a Spanish word spa-eng lacks
    ],
)
def test_apertium_drafts_store_the_words_it_left_and_segments_show_those_still_there(
    loaded: App, lang: str, left: set[str]
) -> None:
    result = drafting.translate_release(loaded, "sample", lang, "apertium", user=operator(loaded))
    assert result["drafted"] == 11 and result["failed"] == 0
    rows = {s["source"][:30]: s for s in releases.list_segments(loaded, "sample", lang)["segments"]}
    sentenced = rows["Akhtem Tchigoz et Ilmi Oumerov"]
    # The shipped glossary grows and masks more words; these have no entry and Apertium lacks them.
    words = sentenced["unknown_words"]
    assert left <= set(words) and len(words) == len(set(words))
    assert all(w in sentenced["target"] for w in words) and "*" not in sentenced["target"]
    stored = unknown_column(loaded, lang)
    assert stored[sentenced["id"]] == ",".join(words)
    assert all(value is not None for value in stored.values())  # recorded for every draft, "" for none
    assert "" in stored.values()  # "Complément d’information" has none
    untranslated = [i for i in sentenced["issues"] if i["check"] == "untranslated"]
    assert [(i["severity"], i["message"]) for i in untranslated] == [
        ("warning", f"left untranslated in the target: {', '.join(words)}")]

    # A person's edit replaces one word: the record stays, the rows and the QA name only what is left.
    fixed = sentenced["target"].replace("extrémisme", "extremismo" if lang == "es" else "extremism")
    rest = [w for w in words if w != "extrémisme"]
    add_team(loaded, ("tr",))
    review.edit(loaded, "sample", sentenced["id"], lang, fixed, "tr")
    [after] = [s for s in releases.list_segments(loaded, "sample", lang)["segments"] if s["id"] == sentenced["id"]]
    assert after["unknown_words"] == rest
    assert [i["message"] for i in after["issues"] if i["check"] == "untranslated"] == (
        [f"left untranslated in the target: {', '.join(rest)}"] if rest else [])
    assert unknown_column(loaded, lang)[sentenced["id"]] == ",".join(words)


def test_an_engine_that_does_not_mark_records_no_unknown_words(loaded: App) -> None:
    with FakeLibreTranslate() as server:
        result = drafting.translate_release(with_engines(loaded, libre_url=server.url), "sample", "es", "libre",
                                            user=OPERATOR)
    assert result["drafted"] == 11
    assert set(unknown_column(loaded, "es").values()) == {None}  # not recorded, not "none"
    assert all(s["unknown_words"] == [] for s in releases.list_segments(loaded, "sample", "es")["segments"])


def test_an_engine_answer_with_a_control_character_is_saved_without_it(loaded: App,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A provider's stray control character (here ESC) would make every XLIFF and TMX export fail."""
    import fake_libretranslate

    send = fake_libretranslate._Handler._send

    def noisy(self, status: int, body: dict, *args: object) -> None:
        if "translatedText" in body:
            body = {"translatedText": "\x1b[0m" + body["translatedText"] + "\x07"}
        send(self, status, body, *args)

    monkeypatch.setattr(fake_libretranslate._Handler, "_send", noisy)
    with FakeLibreTranslate() as server:
        result = drafting.translate_release(with_engines(loaded, libre_url=server.url), "sample", "es", "libre",
                                            user=OPERATOR)
    assert result["failed"] == 0 and result["drafted"] > 0
    targets = [s["target"] for s in releases.list_segments(loaded, "sample", "es")["segments"]]
    assert all(t and t.startswith("[0m") and "\x1b" not in t and "\x07" not in t for t in targets), targets
