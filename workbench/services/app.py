"""The application handle every service takes: settings and the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.config import Settings
from workbench.store.database import Database


@dataclass
class App:
    """Settings plus the database they point at; one per process (the UI caches it)."""

    settings: Settings
    db: Database
    #: The operating-system user running this process, when it is the command line (recorded with
    #: every event it causes, beside the acting user of --as); None for the UI and the API.
    os_user: str | None = None

    def event_details(self, **more: Any) -> dict[str, Any]:
        """What an event records beside its actor: the CLI's operating-system user, and ``more``."""
        return {"os_user": self.os_user, **more}

    @classmethod
    def open(cls, settings: Settings | None = None) -> App:
        """Open the database named by the settings (default: read from the environment)."""
        settings = settings or Settings.from_env()
        return cls(settings, Database(settings.database_url, busy_timeout=settings.sqlite_busy_timeout))
