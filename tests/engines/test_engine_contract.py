"""One contract, run against every registered engine: Apertium for real, the others at the HTTP layer.

LibreTranslate, the llm engine (in OpenAI's and in Ollama's shapes) and DeepL run against local
fake servers (tools/fake_*.py); Microsoft, MyMemory and Google on recorded answers (``responses``).

A subclass per engine supplies the ``engine`` fixture; every test of EngineContract then runs
against it (Apertium twice: the local command and a real APY server). A new engine joins the
registry and gets a subclass here, or the last test fails.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import fake_chat_completions
import fake_deepl
import pytest
import responses
from fake_libretranslate import Behaviour, FakeLibreTranslate
from online_fixtures import PROVIDERS

from workbench.config import EngineSettings, Settings
from workbench.domain.unknown_words import read_marks
from workbench.engines.apertium import ApertiumEngine
from workbench.engines.apertium_apy import ApertiumApyEngine
from workbench.engines.base import Engine
from workbench.engines.deepl import DeepLEngine
from workbench.engines.libre import LibreEngine
from workbench.engines.llm import LLMEngine
from workbench.engines.registry import ENGINES, load_engine
from workbench.errors import EngineUnavailableError

SOURCES = ["Le chat dort.", "", "Ilmi Zx1q parle aux journalistes à Kiev.", "  Les chiens aboient.  "]


class EngineContract:
    """What every engine promises, whatever it is."""

    name: str

    def test_identity_is_declared(self, engine: Engine) -> None:
        assert engine.name == self.name and self.name in ENGINES
        assert isinstance(engine.offline, bool) and isinstance(engine.needs_key, bool)
        assert isinstance(engine.marks_unknown, bool)
        assert engine.batch_size >= 1
        for n in (1, 7, 12):
            m = engine.placeholder_re.fullmatch(engine.placeholder(n))
            assert m is not None and m.group(1) == str(n)

    def test_available_with_fr_es(self, engine: Engine) -> None:
        assert engine.status().available, engine.status().reason
        assert ("fr", "es") in engine.pairs()
        assert all(s != t for s, t in engine.pairs())

    def test_one_output_per_input_in_order(self, engine: Engine) -> None:
        out = engine.translate(SOURCES, "fr", "es")
        assert len(out) == len(SOURCES)
        assert out[1] == ""  # a blank text comes back as it was
        assert all(o.strip() and o != s for o, s in zip(out, SOURCES, strict=True) if s)
        assert out[3].startswith("  ") and out[3].endswith("  ")  # surrounding white space kept
        alone = [engine.translate([s], "fr", "es")[0] for s in SOURCES]
        assert out == alone  # nothing shifted or merged between segments

    def test_the_placeholder_survives(self, engine: Engine) -> None:
        [out] = engine.translate([SOURCES[2].replace("Zx1q", engine.placeholder(1))], "fr", "es")
        assert engine.placeholder_re.search(out)

    def test_a_marking_engine_marks_the_words_it_leaves(self, engine: Engine) -> None:
        if not engine.marks_unknown:
            pytest.skip(f"{self.name} does not mark unknown words: its outputs are never read for marks")
        source = "Les autorités persécutent Zx1q avec acharnement."
        [out] = engine.translate([source], "fr", "es")
        read = read_marks(out, source, engine.placeholder_re)
        assert read.words == ("persécutent", "acharnement")  # never the placeholder
        assert engine.placeholder_re.search(read.text) and "*" not in read.text

    def test_an_unsupported_pair_is_refused_as_unavailable(self, engine: Engine) -> None:
        with pytest.raises(EngineUnavailableError):
            engine.translate(["Bonjour."], "fr", "tlh")


@pytest.mark.apertium
@pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not on PATH")
class TestApertium(EngineContract):
    name = "apertium"

    @pytest.fixture
    def engine(self) -> Engine:
        return ApertiumEngine()


@pytest.mark.apertium
@pytest.mark.skipif(shutil.which("apertium-apy") is None, reason="apertium-apy is not installed")
class TestApertiumOnAnApyServer(EngineContract):
    name = "apertium"

    @pytest.fixture
    def engine(self, apy_url: str) -> Engine:
        return ApertiumApyEngine(apy_url)


class TestLibreOnALocalServer(EngineContract):
    name = "libre"

    @pytest.fixture
    def engine(self) -> Iterator[Engine]:
        with FakeLibreTranslate(Behaviour()) as server:
            yield LibreEngine(EngineSettings(libre_url=server.url, timeout=5))


class TestLLMOnAnOpenAIServer(EngineContract):
    name = "llm"

    @pytest.fixture
    def engine(self) -> Iterator[Engine]:
        with fake_chat_completions.FakeChatCompletions(fake_chat_completions.Behaviour(flavour="openai")) as server:
            yield LLMEngine(EngineSettings(llm_url=server.url, llm_model="gpt-4.1-mini", llm_key="sk-test", timeout=5))


class TestLLMOnOllama(EngineContract):
    name = "llm"

    @pytest.fixture
    def engine(self) -> Iterator[Engine]:
        with fake_chat_completions.FakeChatCompletions(fake_chat_completions.Behaviour(flavour="ollama")) as server:
            yield LLMEngine(EngineSettings(llm_url=server.url, llm_model="qwen2.5:14b", timeout=5))


class TestDeepLOnALocalServer(EngineContract):
    name = "deepl"

    @pytest.fixture
    def engine(self) -> Iterator[Engine]:
        with fake_deepl.FakeDeepL(fake_deepl.Behaviour(key="k3y:fx")) as server:
            yield DeepLEngine(EngineSettings(deepl_key="k3y:fx", timeout=5), base_url=server.url)


class OnRecordedHttp(EngineContract):
    """Online providers answered by ``responses`` with the text back, in the provider's shape."""

    @pytest.fixture
    def engine(self) -> Iterator[Engine]:
        p = PROVIDERS[self.name]
        with responses.RequestsMock(assert_all_requests_are_fired=False) as http:
            http.add_callback(p.method, p.url, callback=p.echo)
            yield p.engine()


class TestMicrosoft(OnRecordedHttp):
    name = "microsoft"


class TestMyMemory(OnRecordedHttp):
    name = "mymemory"


class TestGoogle(OnRecordedHttp):
    name = "google"


def test_every_registered_engine_runs_the_contract() -> None:
    covered = {cls.name for cls in (TestApertium, TestLibreOnALocalServer, TestLLMOnAnOpenAIServer, TestLLMOnOllama,
                                    TestDeepLOnALocalServer, TestMicrosoft, TestMyMemory, TestGoogle)}
    assert covered == set(ENGINES)


@pytest.mark.parametrize("name", sorted(ENGINES))
def test_every_engine_loads_from_the_registry_with_default_settings(name: str) -> None:
    engine = load_engine(name, Settings())
    assert engine.name == name and type(engine).__name__ != "UnloadableEngine"
