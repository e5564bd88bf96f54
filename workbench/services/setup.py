"""Creating or upgrading the database and loading the shipped glossary."""

from __future__ import annotations

from typing import Any

from workbench.services import glossary
from workbench.services.app import App


def init_workbench(app: App) -> dict[str, Any]:
    """Create or upgrade the schema, then merge the shipped glossary files; returns what was done."""
    revision = app.db.migrate()
    loaded = glossary.load_shipped(app)
    return {"database": app.db.safe_url, "revision": revision, "glossary": loaded}
