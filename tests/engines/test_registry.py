"""The engine registry: lazy loading, a broken engine disabling only itself, clear refusals."""

from __future__ import annotations

import shutil

import pytest

from workbench.config import EngineSettings, Settings, parse_engine_preference
from workbench.engines import registry
from workbench.engines.apertium import ApertiumEngine
from workbench.engines.registry import all_engines, available_engines, engine_chain, engine_for, preference
from workbench.errors import ConfigError, EngineUnavailableError

needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not on PATH")


@needs_apertium
@pytest.mark.apertium
def test_apertium_serves_fr_to_en_with_the_configured_timeout() -> None:
    engine = engine_for("fr", "en", Settings(apertium_timeout=7))
    assert isinstance(engine, ApertiumEngine) and engine.timeout == 7
    assert [e.name for e in available_engines(Settings())] == ["apertium"]


@needs_apertium
@pytest.mark.apertium
def test_a_pair_nobody_translates_is_refused_with_what_is_there() -> None:
    with pytest.raises(EngineUnavailableError) as err:
        engine_for("fr", "de", Settings())
    message = str(err.value)
    assert message.startswith("no engine translates fr→de here: apertium has fr→en, fr→es; ")
    assert "deepl is unavailable (no key: set WORKBENCH_DEEPL_KEY)" in message
    assert message.endswith("; configure an online engine")


def test_an_unknown_engine_name_is_refused() -> None:
    with pytest.raises(EngineUnavailableError, match="unknown engine 'babelfish'; known engines: apertium"):
        engine_for("fr", "en", Settings(), preferred="babelfish")


def test_a_broken_engine_disables_itself_only(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(settings: Settings) -> ApertiumEngine:
        raise ImportError("No module named 'deep_translator'")

    monkeypatch.setitem(registry.ENGINES, "broken", broken)
    engines = dict(all_engines(Settings()))
    assert set(engines) == set(registry.ENGINES) and "broken" in engines
    status = engines["broken"].status()
    assert not status.available and "deep_translator" in status.reason
    with pytest.raises(EngineUnavailableError, match="broken is unavailable"):
        engine_for("fr", "en", Settings(), preferred="broken")


def test_preference_per_target_language_then_star_then_registry_order() -> None:
    settings = Settings(engines=EngineSettings(preference=parse_engine_preference("de=deepl|libre,*=libre")))
    assert preference("de", settings) == ["deepl", "libre"]
    assert preference("es", settings) == ["libre"]
    assert preference("es", Settings()) == list(registry.ENGINES)
    assert next(iter(registry.ENGINES)) == "apertium"  # nothing leaves the machine unless asked


def test_the_chain_keeps_only_engines_that_serve_the_pair_in_preference_order() -> None:
    online = EngineSettings(
        preference=parse_engine_preference("es=mymemory|deepl|libre,uk=libre|deepl"),
        deepl_key="k:fx", libre_url="http://127.0.0.1:5999",
    )
    chain = engine_chain("fr", "es", Settings(engines=online))
    assert [e.name for e in chain] == ["deepl", "libre"]  # mymemory is off (no e-mail)
    assert [e.name for e in engine_chain("fr", "uk", Settings(engines=online))] == ["deepl"]  # libre: no uk
    assert [e.name for e in engine_chain("fr", "es", Settings(engines=online), preferred="libre")] == ["libre"]


def test_an_unknown_engine_in_the_preference_is_refused() -> None:
    settings = Settings(engines=EngineSettings(preference=(("*", ("babelfish",)),)))
    with pytest.raises(EngineUnavailableError, match="WORKBENCH_ENGINES names unknown engine 'babelfish'"):
        engine_chain("fr", "es", settings)


@pytest.mark.parametrize(
    ("raw", "message"),
    [("de", "is not LANG=ENGINE"), ("de=", "is not LANG=ENGINE"), ("=deepl", "is not LANG=ENGINE"),
     ("de=deepl,de=libre", "given twice")],
)
def test_bad_preferences_are_refused(raw: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_env({"WORKBENCH_ENGINES": raw})


def test_engine_settings_from_the_environment() -> None:
    s = Settings.from_env({
        "WORKBENCH_ENGINES": " de = deepl | microsoft , *=apertium ", "WORKBENCH_ENGINE_TIMEOUT": "2.5",
        "WORKBENCH_ENGINE_RETRIES": "0", "WORKBENCH_DEEPL_KEY": " k:fx ", "WORKBENCH_GOOGLE": "on",
    }).engines
    assert s.preference == (("de", ("deepl", "microsoft")), ("*", ("apertium",)))
    assert (s.timeout, s.retries, s.deepl_key, s.google) == (2.5, 0, "k:fx", True)
    for env in ({"WORKBENCH_ENGINE_TIMEOUT": "0"}, {"WORKBENCH_ENGINE_BACKOFF": "-1"},
                {"WORKBENCH_ENGINE_CONCURRENCY": "many"}, {"WORKBENCH_GOOGLE": "maybe"}):
        with pytest.raises(ConfigError):
            Settings.from_env(env)
