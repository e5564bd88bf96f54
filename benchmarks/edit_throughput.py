"""Benchmark: a versioned save through the services (with its event) vs a bare SQLAlchemy UPDATE of the same row.

For each database (a temporary SQLite file; PostgreSQL at WORKBENCH_TEST_PG_URL or 127.0.0.1:5432
when reachable, in a throw-away database) the script saves one segment's translation N times with
``review.edit(..., version=N)``: the user lookup, the permission decision, the conditional
``UPDATE ... WHERE version = :v``, the event and the sign-off revocation, each save its own
transaction. The baseline, in the same run on the same row, is one ``update(Translation)`` per
transaction through the same engine. Usage: ``python benchmarks/edit_throughput.py [--saves N] [--json]``;
with --json the last line is the JSON list of docs/architecture.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import update

from workbench.config import Settings
from workbench.services import releases, review, users
from workbench.services.app import App
from workbench.store.tables import Translation

TARGET = 3.0
PG_ADMIN_URL = os.environ.get("WORKBENCH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
SOURCE = "# Communiqué\n\nIlmi Oumerov et Akhtem Tchigoz sont arrivés à Kiev vendredi après-midi.\n".encode()


@contextmanager
def sqlite_url() -> Iterator[str]:
    """A temporary SQLite file."""
    with tempfile.TemporaryDirectory() as tmp:
        yield f"sqlite:///{Path(tmp) / 'bench.db'}"


@contextmanager
def pg_url() -> Iterator[str]:
    """A throw-away PostgreSQL database (dropped afterwards)."""
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(PG_ADMIN_URL)
    params = {"host": admin.host, "port": admin.port or 5432, "user": admin.username, "password": admin.password}
    name = f"wb_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(dbname=admin.database, autocommit=True, connect_timeout=3, **params) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(dbname=admin.database, autocommit=True, **params) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare(url: str) -> tuple[App, str]:
    """A migrated database with one release, one translator, and the segment's first save."""
    app = App.open(Settings(database_url=url))
    app.db.migrate()
    users.add_user(app, "ad", "admin", "pw")  # the first user: every later action has an actor
    report = releases.ingest_release(app, SOURCE, name="bench.md", lang="fr", slug="bench", user="ad")
    users.add_user(app, "tr", "translator", "pw", by="ad")
    key = report.segments[1]["id"]
    review.edit(app, "bench", key, "es", "Texto 0", "tr")
    return app, key


def time_service(app: App, key: str, saves: int) -> float:
    """Seconds per versioned save through review.edit."""
    version = review.current(app, "bench", key, "es")["version"]
    started = time.perf_counter()
    for i in range(saves):
        version = review.edit(app, "bench", key, "es", f"Texto {i}", "tr", version=version)["version"]
    return (time.perf_counter() - started) / saves


def time_bare(app: App, key: str, saves: int) -> float:
    """Seconds per bare UPDATE of the same row, one transaction each."""
    tr_id = review_translation_id(app, key)
    started = time.perf_counter()
    for i in range(saves):
        with app.db.write() as session:
            session.execute(
                update(Translation)
                .where(Translation.id == tr_id)
                .values(target=f"Bare {i}", version=Translation.version + 1)
            )
    return (time.perf_counter() - started) / saves


def review_translation_id(app: App, key: str) -> int:
    """The id of the benchmarked translation row."""
    from sqlalchemy import select

    from workbench.store.tables import Segment

    with app.db.read() as session:
        return int(session.scalar(
            select(Translation.id).join(Segment).where(Segment.key == key, Translation.lang == "es")
        ))


def measure(label: str, url_factory: Any, saves: int) -> dict[str, Any]:
    """One JSON row: service save vs bare update on one database."""
    with url_factory() as url:
        app, key = prepare(url)
        try:
            time_service(app, key, 20)  # warm caches and connections on both sides
            time_bare(app, key, 20)
            gc.collect()
            value = time_service(app, key, saves)
            gc.collect()
            baseline = time_bare(app, key, saves)
        finally:
            app.db.dispose()
    return {
        "name": f"versioned save through review.edit with its event ({label})",
        "value": round(value * 1000, 4),
        "baseline": round(baseline * 1000, 4),
        "baseline_name": "bare update",
        "unit": "ms",
        "ratio": round(value / baseline, 3),
        "target": TARGET,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table, or the JSON rows of docs/architecture.md with --json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=500, help="saves timed per side and database (default 500)")
    parser.add_argument("--json", action="store_true", help="print the JSON rows as the last line")
    args = parser.parse_args(argv)
    rows = [measure("SQLite", sqlite_url, args.saves)]
    notes = []
    try:
        rows.append(measure("PostgreSQL", pg_url, args.saves))
    except Exception as exc:  # no server here: say so and keep the SQLite row
        notes.append(f"PostgreSQL row skipped: {PG_ADMIN_URL} unreachable ({type(exc).__name__}: {exc})")
    if args.json:
        for note in notes:
            print(note, file=sys.stderr)
        print(json.dumps(rows))
        return 0
    print(f"{'measure':<62} {'ms/save':>9} {'bare ms':>9} {'ratio':>7}")
    for row in rows:
        print(f"{row['name']:<62} {row['value']:>9.3f} {row['baseline']:>9.3f} {row['ratio']:>7.2f}")
    for note in notes:
        print(note)
    print(f"target: ratio <= {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
