"""Creating or upgrading the database."""

from __future__ import annotations

from typing import Any

from workbench.services.app import App


def init_workbench(app: App) -> dict[str, Any]:
    """Create or upgrade the schema; returns what was done."""
    revision = app.db.migrate()
    return {"database": app.db.safe_url, "revision": revision}
