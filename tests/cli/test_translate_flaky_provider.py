"""`workbench translate --engine libre` as a real process against a local LibreTranslate stand-in.

The issue's scenario: a provider failing 30% of calls (500s, 429s, stalls) leaves every segment
drafted or failed with its reason, the counts add up, no human-edited text changes, and a second
run drafts the rest. And a run killed with SIGKILL, then restarted, ends with one draft per
segment and every draft committed before the kill still there.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from conftest import ROOT
from fake_libretranslate import Behaviour, FakeLibreTranslate
from sqlalchemy import func, select

from workbench.config import Settings
from workbench.services.app import App
from workbench.store import translation_repo
from workbench.store.tables import Event, Segment, Translation


def environment(tmp_path: Path, server_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")}
    env.update({
        "WORKBENCH_DATABASE_URL": f"sqlite:///{tmp_path / 'wb.db'}",
        "WORKBENCH_GLOSSARY_DIR": str(ROOT / "glossary"),
        "WORKBENCH_LIBRE_URL": server_url,
        "WORKBENCH_ENGINE_TIMEOUT": "0.5",
        "WORKBENCH_ENGINE_BACKOFF": "0.01",
        "WORKBENCH_ENGINE_BREAKER": "50",
        "WORKBENCH_USER": "op",  # the acting user of ingest and translate (added by `init` below)
        **extra,
    })
    return env


def workbench(env: dict[str, str], *args: str, check: bool = True, stdin: str | None = None) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "workbench", *args, "--json"], env=env, capture_output=True,
                          text=True, timeout=120, cwd=ROOT, input=stdin)
    if check:
        assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no progress bar, no noise with --json
    return json.loads(done.stdout) if done.stdout else {}


def init(env: dict[str, str]) -> None:
    """`workbench init`, then the operator admin every later command acts as (WORKBENCH_USER)."""
    workbench(env, "init")
    workbench(env, "user", "add", env["WORKBENCH_USER"], "--role", "admin", stdin="pw-op-secret\n")


def app_on(env: dict[str, str]) -> App:
    return App.open(Settings.from_env(env))


def draft_events(app: App) -> dict[str, int]:
    with app.db.read() as session:
        rows = session.execute(
            select(Segment.key, func.count(Event.id))
            .join(Translation, Translation.segment_id == Segment.id)
            .join(Event, Event.translation_id == Translation.id)
            .where(Event.action == "draft").group_by(Segment.key)
        ).all()
    return {key: n for key, n in rows}


def test_a_provider_failing_30_percent_of_calls(tmp_path: Path, sample_bytes: bytes) -> None:
    release = tmp_path / "release.txt"
    release.write_bytes(sample_bytes)
    flaky = Behaviour(fail_rate=0.3, failures=("500", "429", "stall"), stall=2, retry_after="0", seed=11)
    with FakeLibreTranslate(flaky) as server:
        env = environment(tmp_path, server.url, WORKBENCH_ENGINE_RETRIES="0")
        init(env)
        keys = [s["id"] for s in workbench(env, "ingest", str(release), "--slug", "s", "--lang", "fr")["segments"]]
        app = app_on(env)
        with app.db.write() as session:  # a translator's work, saved before any machine ran
            segment = session.scalar(select(Segment).where(Segment.key == keys[4]))
            assert segment is not None
            tr = translation_repo.get_or_create(session, segment, "es")
            translation_repo.change(session, tr, actor="ana", action="edit", target="Hecho a mano.",
                                    state="translated", origin="human")

        first = workbench(env, "translate", "s", "--to", "es", "--engine", "libre")
        assert first["drafted"] + first["failed"] + first["skipped"] == len(keys) == 11
        assert first["skipped"] == 1 and first["engine"] == "libre"
        assert {"500", "429", "stall"} & set(server.behaviour.counts)  # the provider did misbehave
        listed = {s["id"]: s for s in workbench(env, "segments", "s", "--to", "es")["segments"]}
        assert {f["segment"] for f in first["failures"]} == {k for k, s in listed.items() if s["state"] == "new"}
        for failure in first["failures"]:
            assert listed[failure["segment"]]["failure"] == failure["reason"] != ""
        assert (listed[keys[4]]["state"], listed[keys[4]]["target"]) == ("translated", "Hecho a mano.")

        env["WORKBENCH_ENGINE_RETRIES"] = "6"
        second = workbench(env, "translate", "s", "--to", "es", "--engine", "libre")
    assert second["drafted"] == first["failed"] and second["failed"] == 0
    listed = {s["id"]: s for s in workbench(env, "segments", "s", "--to", "es")["segments"]}
    assert {s["state"] for k, s in listed.items() if k != keys[4]} == {"draft"}
    assert listed[keys[4]]["target"] == "Hecho a mano."
    assert draft_events(app) == {k: 1 for k in keys if k != keys[4]}
    app.db.dispose()


def test_a_run_killed_with_sigkill_finishes_on_restart_without_duplicates(tmp_path: Path) -> None:
    release = tmp_path / "long.txt"
    release.write_text("Quarante communiqués\n\n" + "\n\n".join(
        f"Le communiqué numéro {i} rappelle qu’Ilmi Oumerov a été libéré." for i in range(40)), encoding="utf-8")
    with FakeLibreTranslate(Behaviour(latency=0.15)) as slow:
        env = environment(tmp_path, slow.url, WORKBENCH_ENGINE_CONCURRENCY="2", WORKBENCH_ENGINE_TIMEOUT="5")
        init(env)
        workbench(env, "ingest", str(release), "--slug", "long", "--lang", "fr")
        app = app_on(env)
        proc = subprocess.Popen([sys.executable, "-m", "workbench", "translate", "long", "--to", "es",
                                 "--engine", "libre", "--json"], env=env, cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 30
            while sum(draft_events(app).values()) < 5:
                assert proc.poll() is None, "the run ended before it could be killed"
                assert time.monotonic() < deadline
                time.sleep(0.05)
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
    before = draft_events(app)
    total = 41  # the title and forty paragraphs
    assert 5 <= sum(before.values()) < total  # killed mid-run, with drafts committed
    with app.db.read() as session:
        kept = dict(session.execute(
            select(Segment.key, Translation.target).join(Translation).where(Translation.state == "draft")).all())

    with FakeLibreTranslate() as healthy:
        again = workbench(environment(tmp_path, healthy.url), "translate", "long", "--to", "es", "--engine", "libre")
        assert healthy.behaviour.counts["calls"] == total - len(kept)  # nothing committed was asked again
    assert again["drafted"] == total - len(kept) and again["failed"] == 0
    after = draft_events(app)
    assert len(after) == total and set(after.values()) == {1}  # one draft each: no duplicate, none lost
    with app.db.read() as session:
        now = dict(session.execute(select(Segment.key, Translation.target).join(Translation)).all())
    assert all(now[k] == text for k, text in kept.items())
    app.db.dispose()


def test_an_unconfigured_engine_is_refused_with_the_setting_to_use(tmp_path: Path, sample_bytes: bytes) -> None:
    engine = "deepl"
    release = tmp_path / "release.txt"
    release.write_bytes(sample_bytes)
    env = environment(tmp_path, "")
    init(env)
    workbench(env, "ingest", str(release), "--slug", "s", "--lang", "fr")
    done = subprocess.run([sys.executable, "-m", "workbench", "translate", "s", "--to", "de", "--engine", engine],
                          env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 1 and f"WORKBENCH_{engine.upper()}_KEY" in done.stderr
    assert "Traceback" not in done.stderr
