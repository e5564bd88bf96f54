"""One typed Settings object, read from WORKBENCH_* environment variables and passed explicitly.

Every setting is listed in ``SETTINGS_DOC`` and documented in README.md (a test checks both).
``SETTINGS_DOC`` is also the one table of defaults: ``Settings()``, ``Settings.from_env({})`` and
the engine runner's ``RunPolicy()`` hold what its default strings read as ("unset": empty).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

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
    "WORKBENCH_APERTIUM_TIMEOUT": ("120", "seconds one Apertium batch call (or APY request) may take"),
    "WORKBENCH_APERTIUM_URL": ("unset", "base URL of a shared Apertium APY server; unset: the local apertium command"),
    "WORKBENCH_GLOSSARY_FALLBACK": ("en", "languages tried, in order, when a concept has no form in the target"),
    "WORKBENCH_FOUR_EYES": ("on", "on: a reviewer cannot approve a segment whose current text they wrote"),
    "WORKBENCH_GLOSSARY_SELF_ACCEPT": (
        "off", "on: an admin may accept their own glossary proposal (one-person sections); off: a second person must",
    ),
    "WORKBENCH_TM_MIN_SCORE": ("75", "lowest translation-memory fuzzy score (1-100) offered as a match"),
    "WORKBENCH_UI_METRICS": ("off", "on: the UI serves Streamlit's /_stcore/metrics to anyone who can reach it"),
    # Machine-translation engines and the drafting runner (docs/engines.md).
    "WORKBENCH_ENGINES": ("unset", "engine preference per target language: de=deepl|microsoft,*=apertium"),
    "WORKBENCH_ENGINE_TIMEOUT": ("20", "seconds an online engine may take to connect or to send its answer"),
    "WORKBENCH_ENGINE_CONCURRENCY": ("8", "engine calls the drafting runner keeps in flight"),
    "WORKBENCH_ENGINE_RETRIES": ("3", "retries of a call that timed out, got HTTP 5xx or 429"),
    "WORKBENCH_ENGINE_BACKOFF": ("1", "seconds before the first retry; doubled each time, with jitter"),
    "WORKBENCH_ENGINE_BREAKER": ("5", "failed calls in a row that pause an engine"),
    "WORKBENCH_ENGINE_PAUSE": ("60", "seconds a failing engine is paused; a longer Retry-After pauses it too"),
    "WORKBENCH_DEEPL_KEY": ("unset", "DeepL API key; a key ending in :fx uses the free API"),
    "WORKBENCH_DEEPL_FORMALITY": ("unset", "formality DeepL is asked for, per target language: de=more,fr=less"),
    "WORKBENCH_LLM_URL": ("unset", "base URL of an OpenAI-compatible API for the llm engine, e.g. http://gpu-box:11434/v1"),
    "WORKBENCH_LLM_MODEL": ("unset", "model the llm engine asks for (e.g. qwen2.5:14b on Ollama)"),
    "WORKBENCH_LLM_KEY": ("unset", "API key sent as a Bearer token by the llm engine, when the server wants one"),
    "WORKBENCH_LLM_BATCH": ("20", "segments per llm request (each request also carries its neighbours and glossary)"),
    "WORKBENCH_LLM_INSTRUCTIONS": ("shipped", "directory of the llm engine instructions, one LANG.md per language"),
    "WORKBENCH_MICROSOFT_KEY": ("unset", "Microsoft Translator key"),
    "WORKBENCH_MICROSOFT_REGION": ("unset", "Microsoft Translator resource region (e.g. westeurope)"),
    "WORKBENCH_LIBRE_URL": ("unset", "base URL of a LibreTranslate server (self-hosted)"),
    "WORKBENCH_LIBRE_KEY": ("unset", "LibreTranslate API key, when the server asks for one"),
    "WORKBENCH_MYMEMORY_EMAIL": ("unset", "contact e-mail for MyMemory; setting it enables the engine"),
    "WORKBENCH_GOOGLE": ("off", "on: enable Google's free web translation (no key, text leaves the machine)"),
    # Publishing to the sections' sites (docs/publishing.md).
    "WORKBENCH_USER": ("unset", "the acting user of commands that change state or publish, when --as is not given"),
    "WORKBENCH_WEBHOOK_ALLOW": ("unset", "loopback/private hosts or networks webhooks may reach: 127.0.0.1,10.0.0.0/8"),
    "WORKBENCH_WEBHOOK_TIMEOUT": ("10", "seconds a webhook receiver may take to answer one delivery"),
    "WORKBENCH_PUBLISH_INTERVAL": ("60", "seconds between two rounds of publish-due and webhook deliveries in `api`"),
    "WORKBENCH_API_CACHE": ("1", "seconds an `api` process reuses a token check or a rendered file (0: never)"),
}


#: How a setting is read: (environment, variable name) -> its value, or ConfigError.
Reader = Callable[[Mapping[str, str], str], Any]

#: The defaults ``SETTINGS_DOC`` shows for a setting that is empty unless given.
_EMPTY_DEFAULTS = ("unset", "shipped")


def _raw(env: Mapping[str, str], name: str) -> str:
    """The value of ``name`` in ``env``, else its default from ``SETTINGS_DOC`` ("unset": "")."""
    default = SETTINGS_DOC[name][0]
    return env.get(name, "" if default in _EMPTY_DEFAULTS else default)


def _flag(env: Mapping[str, str], name: str) -> bool:
    raw = _raw(env, name).strip().lower()
    if raw in ("on", "true", "yes", "1"):
        return True
    if raw in ("off", "false", "no", "0"):
        return False
    raise ConfigError(f"{name}={raw!r}: use on or off")


def _number(env: Mapping[str, str], name: str, minimum: float = 0.0) -> float:
    raw = _raw(env, name)
    try:
        value = float(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not a number") from exc
    if not value >= minimum:  # also refuses nan
        raise ConfigError(f"{name}={raw!r} must be at least {minimum:g}")
    return value


def redacted_url(url: str) -> str:
    """A URL as it may be shown: its password replaced by ``***`` (SQLAlchemy's own rendering).

    A URL SQLAlchemy cannot even parse keeps only its scheme: whatever follows may hold a password.
    """
    from sqlalchemy.engine import make_url  # not at import: `workbench --help` loads no database code
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        scheme = url.split(":", 1)[0] if ":" in url else ""
        return f"{scheme}://***" if scheme else "***"


def _secret(env: Mapping[str, str], name: str) -> str:
    return _raw(env, name).strip()


def _list(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    """A comma-separated setting: its items, stripped, blanks dropped."""
    return tuple(item.strip() for item in _raw(env, name).split(",") if item.strip())


def _int(env: Mapping[str, str], name: str) -> int:
    raw = _raw(env, name)
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from exc
    if value <= 0:
        raise ConfigError(f"{name}={raw!r} must be positive")
    return value


def _at_least(minimum: float) -> Reader:
    """The reader of a number that must be at least ``minimum``."""
    return lambda env, name: _number(env, name, minimum)


def _count(env: Mapping[str, str], name: str) -> int:
    """A whole number of at least 0, as ``_number`` reads it (``3.0`` is 3)."""
    return int(_number(env, name))


def _path(env: Mapping[str, str], name: str) -> Path:
    return Path(_raw(env, name))


def _optional_path(env: Mapping[str, str], name: str) -> Path | None:
    """None when unset (for WORKBENCH_LLM_INSTRUCTIONS: the shipped ones, workbench/data/llm-instructions)."""
    raw = _secret(env, name)
    return Path(raw) if raw else None


def _database_url(env: Mapping[str, str], name: str) -> str:
    url = _raw(env, name)
    if not url.startswith(("sqlite:", "postgresql")):
        raise ConfigError(f"{name}={redacted_url(url)!r}: only sqlite:/// and postgresql URLs are supported")
    return url


def _score(env: Mapping[str, str], name: str) -> int:
    value = _int(env, name)
    if value > 100:
        raise ConfigError(f"{name}={value}: a score is at most 100")
    return value


#: The languages the workbench works in, in the order its tables show them: the glossary's columns
#: (in the editor and in the CSV files it writes; other languages follow alphabetically).
LANGUAGES: tuple[str, ...] = ("fr", "en", "es", "de", "it", "uk", "ru", "crh")
#: The target languages offered to a user whose languages are not limited, the default first:
#: those a release is translated into, French (the usual source) last.
TARGET_LANGUAGES: tuple[str, ...] = ("en", "es", "de", "it", "uk", "ru", "fr")

FORMALITIES = ("default", "more", "less")


def parse_formality(raw: str) -> tuple[tuple[str, str], ...]:
    """``de=more,fr=less,*=default`` -> ((de, more), (fr, less), (*, default))."""
    out: dict[str, str] = {}
    for entry in (e.strip() for e in raw.split(",")):
        if not entry:
            continue
        lang, sep, value = (part.strip() for part in entry.partition("="))
        if not sep or not lang or value not in FORMALITIES:
            raise ConfigError(f"WORKBENCH_DEEPL_FORMALITY: {entry!r} is not LANG=more, LANG=less or LANG=default")
        out[lang] = value
    return tuple(out.items())


def parse_engine_preference(raw: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``de=deepl|microsoft,*=apertium`` -> ((de, (deepl, microsoft)), (*, (apertium,)))."""
    out: dict[str, tuple[str, ...]] = {}
    for entry in (e.strip() for e in raw.split(",")):
        if not entry:
            continue
        lang, sep, names = (part.strip() for part in entry.partition("="))
        engines = tuple(n.strip() for n in names.split("|") if n.strip())
        if not sep or not lang or not engines:
            raise ConfigError(f"WORKBENCH_ENGINES: {entry!r} is not LANG=ENGINE[|ENGINE...]")
        if lang in out:
            raise ConfigError(f"WORKBENCH_ENGINES: {lang!r} is given twice; list its engines with |")
        out[lang] = engines
    return tuple(out.items())


def _formality(env: Mapping[str, str], name: str) -> tuple[tuple[str, str], ...]:
    return parse_formality(_raw(env, name))


def _preference(env: Mapping[str, str], name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return parse_engine_preference(_raw(env, name))


#: No environment: the readers' answers for it are the defaults of the settings' fields.
_NO_ENV: Mapping[str, str] = {}


def _setting(name: str, read: Reader = _secret, *, secret: bool = False) -> Any:
    """A field read from the variable ``name`` by ``read``; its default is what ``read`` makes of an
    empty environment, that is of ``SETTINGS_DOC``'s default. ``secret``: never shown in repr."""
    return field(default=read(_NO_ENV, name), repr=not secret, metadata={"env": name, "read": read})


def _read_fields(cls: type[Any], env: Mapping[str, str]) -> dict[str, Any]:
    """Every ``_setting`` field of the dataclass ``cls``, read from ``env``."""
    return {f.name: f.metadata["read"](env, f.metadata["env"]) for f in fields(cls) if "env" in f.metadata}


@dataclass(frozen=True)
class EngineSettings:
    """Online engines' keys and the drafting runner's limits (docs/engines.md); keys never shown in repr."""

    preference: tuple[tuple[str, tuple[str, ...]], ...] = _setting("WORKBENCH_ENGINES", _preference)
    timeout: float = _setting("WORKBENCH_ENGINE_TIMEOUT", _at_least(0.001))
    concurrency: int = _setting("WORKBENCH_ENGINE_CONCURRENCY", _int)
    retries: int = _setting("WORKBENCH_ENGINE_RETRIES", _count)
    backoff: float = _setting("WORKBENCH_ENGINE_BACKOFF", _number)
    breaker: int = _setting("WORKBENCH_ENGINE_BREAKER", _int)
    pause: float = _setting("WORKBENCH_ENGINE_PAUSE", _number)
    deepl_key: str = _setting("WORKBENCH_DEEPL_KEY", secret=True)
    deepl_formality: tuple[tuple[str, str], ...] = _setting("WORKBENCH_DEEPL_FORMALITY", _formality)
    llm_url: str = _setting("WORKBENCH_LLM_URL")
    llm_model: str = _setting("WORKBENCH_LLM_MODEL")
    llm_key: str = _setting("WORKBENCH_LLM_KEY", secret=True)
    llm_batch: int = _setting("WORKBENCH_LLM_BATCH", _int)
    llm_instructions: Path | None = _setting("WORKBENCH_LLM_INSTRUCTIONS", _optional_path)
    microsoft_key: str = _setting("WORKBENCH_MICROSOFT_KEY", secret=True)
    microsoft_region: str = _setting("WORKBENCH_MICROSOFT_REGION")
    libre_url: str = _setting("WORKBENCH_LIBRE_URL")
    libre_key: str = _setting("WORKBENCH_LIBRE_KEY", secret=True)
    mymemory_email: str = _setting("WORKBENCH_MYMEMORY_EMAIL")
    google: bool = _setting("WORKBENCH_GOOGLE", _flag)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> EngineSettings:
        """Read the engine settings from ``env``."""
        return cls(**_read_fields(cls, env))


@dataclass(frozen=True)
class Settings:
    """Settings of one workbench process."""

    database_url: str = _setting("WORKBENCH_DATABASE_URL", _database_url)
    glossary_dir: Path = _setting("WORKBENCH_GLOSSARY_DIR", _path)
    locales_dir: Path = _setting("WORKBENCH_LOCALES_DIR", _path)
    max_source_bytes: int = _setting("WORKBENCH_MAX_SOURCE_BYTES", _int)
    sqlite_busy_timeout: int = _setting("WORKBENCH_SQLITE_BUSY_TIMEOUT", _int)
    apertium_timeout: int = _setting("WORKBENCH_APERTIUM_TIMEOUT", _int)
    apertium_url: str = _setting("WORKBENCH_APERTIUM_URL")
    glossary_fallback: tuple[str, ...] = _setting("WORKBENCH_GLOSSARY_FALLBACK", _list)
    four_eyes: bool = _setting("WORKBENCH_FOUR_EYES", _flag)
    glossary_self_accept: bool = _setting("WORKBENCH_GLOSSARY_SELF_ACCEPT", _flag)
    tm_min_score: int = _setting("WORKBENCH_TM_MIN_SCORE", _score)
    engines: EngineSettings = field(default_factory=EngineSettings)
    webhook_allow: tuple[str, ...] = _setting("WORKBENCH_WEBHOOK_ALLOW", _list)
    webhook_timeout: float = _setting("WORKBENCH_WEBHOOK_TIMEOUT", _at_least(0.001))
    publish_interval: float = _setting("WORKBENCH_PUBLISH_INTERVAL", _at_least(0.01))
    api_cache: float = _setting("WORKBENCH_API_CACHE", _number)
    ui_metrics: bool = _setting("WORKBENCH_UI_METRICS", _flag)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from ``env`` (default: the process environment)."""
        env = os.environ if env is None else env
        return cls(**_read_fields(cls, env), engines=EngineSettings.from_env(env))
