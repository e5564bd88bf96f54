"""The application handle every service takes: settings and the database."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.config import Settings
from workbench.store.database import Database


@dataclass
class App:
    """Settings plus the database they point at; one per process (the UI caches it)."""

    settings: Settings
    db: Database

    @classmethod
    def open(cls, settings: Settings | None = None) -> App:
        """Open the database named by the settings (default: read from the environment)."""
        settings = settings or Settings.from_env()
        return cls(settings, Database(settings.database_url, busy_timeout=settings.sqlite_busy_timeout))
