"""The engine registry: lazy loading, a broken engine disabling only itself, clear refusals."""

from __future__ import annotations

import shutil

import pytest

from workbench.config import Settings
from workbench.engines import registry
from workbench.engines.apertium import ApertiumEngine
from workbench.engines.registry import all_engines, available_engines, engine_for
from workbench.errors import EngineUnavailableError

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
    assert str(err.value) == (
        "no engine translates fr→de here: apertium has fr→en, fr→es; configure an online engine"
    )


def test_an_unknown_engine_name_is_refused() -> None:
    with pytest.raises(EngineUnavailableError, match="unknown engine 'babelfish'; known engines: apertium"):
        engine_for("fr", "en", Settings(), preferred="babelfish")


def test_a_broken_engine_disables_itself_only(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(settings: Settings) -> ApertiumEngine:
        raise ImportError("No module named 'deep_translator'")

    monkeypatch.setitem(registry.ENGINES, "broken", broken)
    engines = dict(all_engines(Settings()))
    assert set(engines) == {"apertium", "broken"}
    status = engines["broken"].status()
    assert not status.available and "deep_translator" in status.reason
    with pytest.raises(EngineUnavailableError, match="broken is unavailable"):
        engine_for("fr", "en", Settings(), preferred="broken")
