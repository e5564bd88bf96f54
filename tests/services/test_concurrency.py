"""No lost updates: many writers saving the same segment at once, on SQLite (processes) and PostgreSQL (threads).

Each writer reads the segment's version, then saves with it; whoever saved in between makes that
save stale. The accepted saves must be exactly the versions the row went through, every other save
must have been told so (ConflictError), and replaying the events must give the final text.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import make_app
from review_fixtures import add_team, ingest_small, operator

from workbench.config import Settings
from workbench.errors import ConflictError
from workbench.services import review
from workbench.services.app import App

WRITERS = 8
SAVES = 200


def save_many(app: App, writer: int, key: str, saves: int) -> tuple[list[str], int]:
    """``saves`` read-then-save rounds on one segment; returns the accepted texts and the refused count."""
    accepted: list[str] = []
    refused = 0
    for i in range(saves):
        seen = review.current(app, "rel", key, "es")["version"]
        text = f"Texto {writer}-{i}"
        try:
            review.edit(app, "rel", key, "es", text, f"w{writer}", version=seen)
        except ConflictError as exc:
            assert "stale" in str(exc) and "current text" in str(exc)
            refused += 1
        else:
            accepted.append(text)
    return accepted, refused


def process_writer(url: str, writer: int, key: str, saves: int) -> tuple[list[str], int]:
    """One OS process with its own App on the shared SQLite file."""
    app = App.open(Settings(database_url=url))
    try:
        return save_many(app, writer, key, saves)
    finally:
        app.db.dispose()


def _prepare(app: App) -> str:
    from workbench.services import users

    key = ingest_small(app)[1]
    add_team(app, ("tr",))
    for w in range(WRITERS):
        users.add_user(app, f"w{w}", "translator", "pw", by=operator(app))
    review.edit(app, "rel", key, "es", "Texto inicial", "tr")  # setup uses version 1
    return key


def _check(app: App, key: str, results: list[tuple[list[str], int]]) -> None:
    accepted = [t for texts, _ in results for t in texts]
    refused = sum(n for _, n in results)
    assert len(accepted) + refused == WRITERS * SAVES
    assert refused > 0, "the writers never collided: the test proves nothing"
    final = review.current(app, "rel", key, "es")
    assert final["version"] - 1 == len(accepted)
    events = review.history(app, "rel", key, "es")["events"]
    assert [e["version"] for e in events] == list(range(1, final["version"] + 1))
    text = None
    for e in events:  # each change started from the text the previous one left: nothing was lost
        assert e["before"] == text
        text = e["after"]
    assert text == final["target"]
    assert sorted(e["after"] for e in events[1:]) == sorted(accepted)


@pytest.mark.slow
def test_processes_on_sqlite_lose_no_update(sqlite_url: str, tmp_path: Path) -> None:
    app = make_app(sqlite_url, tmp_path)
    key = _prepare(app)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(WRITERS) as pool:
        results = pool.starmap(process_writer, [(sqlite_url, w, key, SAVES) for w in range(WRITERS)])
    _check(app, key, results)
    app.db.dispose()


@pytest.mark.slow
@pytest.mark.postgres
def test_threads_on_postgresql_lose_no_update(pg_url: str, tmp_path: Path) -> None:
    app = make_app(pg_url, tmp_path)
    key = _prepare(app)
    results: list[tuple[list[str], int]] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(WRITERS)

    def run(writer: int) -> Callable[[], None]:
        def body() -> None:
            try:
                barrier.wait()
                results.append(save_many(app, writer, key, SAVES))
            except BaseException as exc:  # surfaced below: a thread's failure must fail the test
                errors.append(exc)
        return body

    threads = [threading.Thread(target=run(w)) for w in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]
    _check(app, key, results)
    app.db.dispose()
