"""One typed Settings object, read from WORKBENCH_* environment variables and passed explicitly.

Every setting is listed in ``SETTINGS_DOC`` and documented in README.md (a test checks both).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import ConfigError

#: name -> (default shown to people, one-line description). README.md documents each one.
SETTINGS_DOC: dict[str, tuple[str, str]] = {
    "WORKBENCH_DATABASE_URL": (
        "sqlite:///workbench.db",
        "database URL: sqlite:///PATH or postgresql+psycopg://USER@HOST/DB",
    ),
    "WORKBENCH_GLOSSARY_DIR": ("glossary", "directory of shipped term-base files loaded by `init`"),
    "WORKBENCH_LOCALES_DIR": ("locales", "default export root for catalogs"),
    "WORKBENCH_MAX_SOURCE_BYTES": ("5000000", "largest release source accepted by `ingest`, in bytes"),
    "WORKBENCH_SQLITE_BUSY_TIMEOUT": ("30", "seconds a SQLite writer waits for the lock"),
    "WORKBENCH_APERTIUM_TIMEOUT": ("120", "seconds one Apertium batch call may take"),
    "WORKBENCH_GLOSSARY_FALLBACK": ("en", "languages tried, in order, when a concept has no form in the target"),
}


def _int(env: Mapping[str, str], name: str) -> int:
    raw = env.get(name, SETTINGS_DOC[name][0])
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if value <= 0:
        raise ConfigError(f"{name}={raw!r} must be positive")
    return value


@dataclass(frozen=True)
class Settings:
    """Settings of one workbench process."""

    database_url: str = SETTINGS_DOC["WORKBENCH_DATABASE_URL"][0]
    glossary_dir: Path = Path("glossary")
    locales_dir: Path = Path("locales")
    max_source_bytes: int = 5_000_000
    sqlite_busy_timeout: int = 30
    apertium_timeout: int = 120
    glossary_fallback: tuple[str, ...] = field(default=("en",))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from ``env`` (default: the process environment)."""
        env = os.environ if env is None else env
        url = env.get("WORKBENCH_DATABASE_URL", SETTINGS_DOC["WORKBENCH_DATABASE_URL"][0])
        if not url.startswith(("sqlite:", "postgresql")):
            raise ConfigError(f"WORKBENCH_DATABASE_URL={url!r}: only sqlite:/// and postgresql URLs are supported")
        fallback = tuple(
            code.strip() for code in env.get("WORKBENCH_GLOSSARY_FALLBACK", "en").split(",") if code.strip()
        )
        return cls(
            database_url=url,
            glossary_dir=Path(env.get("WORKBENCH_GLOSSARY_DIR", "glossary")),
            locales_dir=Path(env.get("WORKBENCH_LOCALES_DIR", "locales")),
            max_source_bytes=_int(env, "WORKBENCH_MAX_SOURCE_BYTES"),
            sqlite_busy_timeout=_int(env, "WORKBENCH_SQLITE_BUSY_TIMEOUT"),
            apertium_timeout=_int(env, "WORKBENCH_APERTIUM_TIMEOUT"),
            glossary_fallback=fallback,
        )
