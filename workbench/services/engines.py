"""The machine-translation engines known here and whether each can run."""

from __future__ import annotations

from typing import Any

from workbench.engines.registry import all_engines
from workbench.services.app import App


def list_engines(app: App) -> list[dict[str, Any]]:
    """Every registered engine with its availability, the reason when unavailable, and its pairs."""
    rows = []
    for name, engine in all_engines(app.settings):
        status = engine.status()
        pairs = sorted(f"{s}-{t}" for s, t in engine.pairs()) if status.available else []
        rows.append({
            "name": name,
            "available": status.available,
            "reason": status.reason,
            "offline": engine.offline,
            "needs_key": engine.needs_key,
            "pairs": pairs,
        })
    return rows
