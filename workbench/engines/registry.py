"""The one explicit registry of machine-translation engines, loaded lazily.

Each engine is a name and a factory that imports its module only when called, so a broken
optional engine (a missing library, a bad setting) disables itself and not the application.
The order of ``ENGINES`` is the preference when WORKBENCH_ENGINES says nothing for a language:
Apertium first (nothing leaves the machine), then the language model (usually the organisation's
own server), then the online engines that are configured.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from workbench.config import Settings
from workbench.engines.base import Engine, EngineStatus
from workbench.errors import EngineUnavailableError


def _apertium(settings: Settings) -> Engine:
    if settings.apertium_url:  # a shared APY server instead of the local command (docs/operations.md)
        from workbench.engines.apertium_apy import ApertiumApyEngine

        return ApertiumApyEngine(settings.apertium_url, timeout=settings.apertium_timeout)
    from workbench.engines.apertium import ApertiumEngine

    return ApertiumEngine(timeout=settings.apertium_timeout)


def _llm(settings: Settings) -> Engine:
    from workbench.engines.llm import LLMEngine

    return LLMEngine(settings.engines)


def _deepl(settings: Settings) -> Engine:
    from workbench.engines.deepl import DeepLEngine

    return DeepLEngine(settings.engines)


def _microsoft(settings: Settings) -> Engine:
    from workbench.engines.microsoft import MicrosoftEngine

    return MicrosoftEngine(settings.engines)


def _libre(settings: Settings) -> Engine:
    from workbench.engines.libre import LibreEngine

    return LibreEngine(settings.engines)


def _mymemory(settings: Settings) -> Engine:
    from workbench.engines.mymemory import MyMemoryEngine

    return MyMemoryEngine(settings.engines)


def _google(settings: Settings) -> Engine:
    from workbench.engines.google import GoogleEngine

    return GoogleEngine(settings.engines)


#: name -> factory, in order of preference when no engine is asked for.
ENGINES: dict[str, Callable[[Settings], Engine]] = {
    "apertium": _apertium,
    "llm": _llm,
    "deepl": _deepl,
    "microsoft": _microsoft,
    "libre": _libre,
    "mymemory": _mymemory,
    "google": _google,
}


class UnloadableEngine(Engine):
    """Stands for a registered engine whose factory failed: unavailable, with the reason."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason

    def status(self) -> EngineStatus:
        """Never available; the reason says why it could not be loaded."""
        return EngineStatus(False, self.reason)

    def pairs(self) -> set[tuple[str, str]]:
        """No pairs."""
        return set()

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Always refuses."""
        raise EngineUnavailableError(f"{self.name} cannot be used: {self.reason}")


def load_engine(name: str, settings: Settings) -> Engine:
    """The engine registered under ``name``; an UnloadableEngine when its factory fails."""
    try:
        factory = ENGINES[name]
    except KeyError as exc:
        raise EngineUnavailableError(f"unknown engine {name!r}; known engines: {', '.join(ENGINES)}") from exc
    try:
        return factory(settings)
    except Exception as exc:  # any failure of an optional engine disables that engine only
        return UnloadableEngine(name, f"could not be loaded: {type(exc).__name__}: {exc}")


def all_engines(settings: Settings) -> list[tuple[str, Engine]]:
    """Every registered engine, loaded (or standing in as unloadable), in registry order."""
    return [(name, load_engine(name, settings)) for name in ENGINES]


def available_engines(settings: Settings) -> list[Engine]:
    """The registered engines that can run here."""
    return [engine for _, engine in all_engines(settings) if engine.status().available]


def preference(target: str, settings: Settings) -> list[str]:
    """Engine names to try for ``target``, best first: WORKBENCH_ENGINES for it, else for ``*``, else the registry."""
    table = dict(settings.engines.preference)
    names = list(table.get(target) or table.get("*") or ENGINES)
    unknown = [n for n in names if n not in ENGINES]
    if unknown:
        raise EngineUnavailableError(
            f"WORKBENCH_ENGINES names unknown engine {unknown[0]!r}; known engines: {', '.join(ENGINES)}"
        )
    return names


def engine_chain(source: str, target: str, settings: Settings, preferred: str | None = None) -> list[Engine]:
    """The engines that can translate ``source``→``target`` here, best first (``preferred`` alone, when given)."""
    names = [preferred] if preferred else preference(target, settings)
    chain: list[Engine] = []
    said: list[str] = []
    for name in names:
        engine = load_engine(name, settings)
        status = engine.status()
        if not status.available:
            said.append(f"{name} is unavailable ({status.reason})")
            continue
        pairs = engine.pairs()
        if (source, target) in pairs:
            chain.append(engine)
            continue
        from_source = sorted(f"{s}→{t}" for s, t in pairs if s == source)
        if len(from_source) > 6:  # online engines list dozens: name the missing side instead
            said.append(f"{name} does not translate into {target}")
        else:
            said.append(f"{name} has {', '.join(from_source)}" if from_source else f"{name} has nothing from {source}")
    if not chain:
        raise EngineUnavailableError(
            f"no engine translates {source}→{target} here: {'; '.join(said)}; configure an online engine"
        )
    return chain


def engine_for(source: str, target: str, settings: Settings, preferred: str | None = None) -> Engine:
    """The best engine that translates ``source``→``target`` (``preferred`` only, when given)."""
    return engine_chain(source, target, settings, preferred)[0]
