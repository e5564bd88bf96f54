"""Creating or upgrading the database and loading the shipped glossary."""

from __future__ import annotations

from typing import TypedDict

from workbench.services import glossary
from workbench.services.app import App
from workbench.services.glossary import ShippedFileJSON


class InitJSON(TypedDict):
    """`init --json`: the database (password hidden), its schema revision, and each shipped glossary file loaded."""

    database: str
    revision: str
    glossary: list[ShippedFileJSON]


def init_workbench(app: App) -> InitJSON:
    """Create or upgrade the schema, then merge the shipped glossary files; returns what was done."""
    revision = app.db.migrate()
    loaded = glossary.load_shipped(app)
    return {"database": app.db.safe_url, "revision": revision, "glossary": loaded}
