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


def _flag(env: Mapping[str, str], name: str) -> bool:
    raw = env.get(name, SETTINGS_DOC[name][0]).strip().lower()
    if raw in ("on", "true", "yes", "1"):
        return True
    if raw in ("off", "false", "no", "0"):
        return False
    raise ConfigError(f"{name}={raw!r}: use on or off")


def _number(env: Mapping[str, str], name: str, minimum: float = 0.0) -> float:
    raw = env.get(name, SETTINGS_DOC[name][0])
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
    return env.get(name, "").strip()


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


@dataclass(frozen=True)
class EngineSettings:
    """Online engines' keys and the drafting runner's limits (docs/engines.md); keys never shown in repr."""

    preference: tuple[tuple[str, tuple[str, ...]], ...] = ()
    timeout: float = 20.0
    concurrency: int = 8
    retries: int = 3
    backoff: float = 1.0
    breaker: int = 5
    pause: float = 60.0
    deepl_key: str = field(default="", repr=False)
    deepl_formality: tuple[tuple[str, str], ...] = ()
    llm_url: str = ""
    llm_model: str = ""
    llm_key: str = field(default="", repr=False)
    llm_batch: int = 20
    llm_instructions: Path | None = None  # None: the shipped ones (workbench/data/llm-instructions)
    microsoft_key: str = field(default="", repr=False)
    microsoft_region: str = ""
    libre_url: str = ""
    libre_key: str = field(default="", repr=False)
    mymemory_email: str = ""
    google: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> EngineSettings:
        """Read the engine settings from ``env``."""
        return cls(
            preference=parse_engine_preference(env.get("WORKBENCH_ENGINES", "")),
            timeout=_number(env, "WORKBENCH_ENGINE_TIMEOUT", minimum=0.001),
            concurrency=_int(env, "WORKBENCH_ENGINE_CONCURRENCY"),
            retries=int(_number(env, "WORKBENCH_ENGINE_RETRIES")),
            backoff=_number(env, "WORKBENCH_ENGINE_BACKOFF"),
            breaker=_int(env, "WORKBENCH_ENGINE_BREAKER"),
            pause=_number(env, "WORKBENCH_ENGINE_PAUSE"),
            deepl_key=_secret(env, "WORKBENCH_DEEPL_KEY"),
            deepl_formality=parse_formality(env.get("WORKBENCH_DEEPL_FORMALITY", "")),
            llm_url=_secret(env, "WORKBENCH_LLM_URL"),
            llm_model=_secret(env, "WORKBENCH_LLM_MODEL"),
            llm_key=_secret(env, "WORKBENCH_LLM_KEY"),
            llm_batch=_int(env, "WORKBENCH_LLM_BATCH"),
            llm_instructions=Path(raw) if (raw := _secret(env, "WORKBENCH_LLM_INSTRUCTIONS")) else None,
            microsoft_key=_secret(env, "WORKBENCH_MICROSOFT_KEY"),
            microsoft_region=_secret(env, "WORKBENCH_MICROSOFT_REGION"),
            libre_url=_secret(env, "WORKBENCH_LIBRE_URL"),
            libre_key=_secret(env, "WORKBENCH_LIBRE_KEY"),
            mymemory_email=_secret(env, "WORKBENCH_MYMEMORY_EMAIL"),
            google=_flag(env, "WORKBENCH_GOOGLE"),
        )


def _int(env: Mapping[str, str], name: str) -> int:
    raw = env.get(name, SETTINGS_DOC[name][0])
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from exc
    if value <= 0:
        raise ConfigError(f"{name}={raw!r} must be positive")
    return value


def _tm_min_score(env: Mapping[str, str]) -> int:
    value = _int(env, "WORKBENCH_TM_MIN_SCORE")
    if value > 100:
        raise ConfigError(f"WORKBENCH_TM_MIN_SCORE={value}: a score is at most 100")
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
    apertium_url: str = ""
    glossary_fallback: tuple[str, ...] = field(default=("en",))
    four_eyes: bool = True
    glossary_self_accept: bool = False
    tm_min_score: int = 75
    engines: EngineSettings = field(default_factory=EngineSettings)
    webhook_allow: tuple[str, ...] = ()
    webhook_timeout: float = 10.0
    publish_interval: float = 60.0
    api_cache: float = 1.0
    ui_metrics: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from ``env`` (default: the process environment)."""
        env = os.environ if env is None else env
        url = env.get("WORKBENCH_DATABASE_URL", SETTINGS_DOC["WORKBENCH_DATABASE_URL"][0])
        if not url.startswith(("sqlite:", "postgresql")):
            raise ConfigError(f"WORKBENCH_DATABASE_URL={redacted_url(url)!r}: only sqlite:/// and postgresql URLs "
                              "are supported")
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
            apertium_url=_secret(env, "WORKBENCH_APERTIUM_URL"),
            glossary_fallback=fallback,
            four_eyes=_flag(env, "WORKBENCH_FOUR_EYES"),
            glossary_self_accept=_flag(env, "WORKBENCH_GLOSSARY_SELF_ACCEPT"),
            tm_min_score=_tm_min_score(env),
            engines=EngineSettings.from_env(env),
            webhook_allow=tuple(
                item.strip() for item in env.get("WORKBENCH_WEBHOOK_ALLOW", "").split(",") if item.strip()
            ),
            webhook_timeout=_number(env, "WORKBENCH_WEBHOOK_TIMEOUT", minimum=0.001),
            publish_interval=_number(env, "WORKBENCH_PUBLISH_INTERVAL", minimum=0.01),
            api_cache=_number(env, "WORKBENCH_API_CACHE"),
            ui_metrics=_flag(env, "WORKBENCH_UI_METRICS"),
        )
