"""The machine-translation engines known here, whether each can run, and the preference order."""

from __future__ import annotations

from typing import TypedDict

from workbench.engines.registry import ENGINES, all_engines
from workbench.services.app import App

#: Above this many pairs an engine is described by its languages (online engines translate all-to-all).
_PAIRS_SHOWN = 40


class EngineJSON(TypedDict):
    """An engine as `engines --json` and the admin screen list it.

    ``name``; whether it is ``available`` (else ``reason`` says why); ``offline`` (False: text
    leaves the machine, to ``sends_to``), ``needs_key``, ``batch_size`` (segments per call); the
    ``languages`` of its pairs and the ``pairs`` themselves (``fr-es``; empty above 40 of them).
    """

    name: str
    available: bool
    reason: str
    offline: bool
    sends_to: str
    needs_key: bool
    batch_size: int
    languages: list[str]
    pairs: list[str]


def list_engines(app: App) -> list[EngineJSON]:
    """Every registered engine: availability (and why not), what leaves the machine, languages and pairs."""
    rows: list[EngineJSON] = []
    for name, engine in all_engines(app.settings):
        status = engine.status()
        pairs = engine.pairs() if status.available else set()
        langs = sorted({lang for pair in pairs for lang in pair})
        rows.append({
            "name": name,
            "available": status.available,
            "reason": status.reason,
            "offline": engine.offline,
            "sends_to": getattr(engine, "host", "") if not engine.offline else "",
            "needs_key": engine.needs_key,
            "batch_size": engine.batch_size,
            "languages": langs,
            "pairs": sorted(f"{s}-{t}" for s, t in pairs) if len(pairs) <= _PAIRS_SHOWN else [],
        })
    return rows


def engine_preference(app: App) -> dict[str, list[str]]:
    """WORKBENCH_ENGINES as a table (``*``: every other language); the registry order when unset."""
    table = {lang: list(names) for lang, names in app.settings.engines.preference}
    table.setdefault("*", list(ENGINES))
    return table
