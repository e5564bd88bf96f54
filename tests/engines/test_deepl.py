"""DeepL called directly, against tools/fake_deepl.py: batches of 50, the glossary's life, protected names, formality.

The generic failures of every online provider (429, 5xx, timeouts, garbage, a refused key or
language) run on recorded answers in test_online_providers.py; here is what only DeepL does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import responses
from fake_deepl import Behaviour, FakeDeepL
from online_fixtures import recorded

from workbench.config import EngineSettings, Settings, parse_formality
from workbench.domain.glossary import Concept, Termbase
from workbench.domain.glossary_match import Matcher
from workbench.engines.constrained import ConstrainedDrafter
from workbench.engines.deepl import DeepLEngine
from workbench.engines.deepl_glossary import glossary_name
from workbench.engines.glossary_support import pair_glossary
from workbench.engines.runner import Job, Outcome, Runner, RunPolicy
from workbench.errors import ConfigError, EngineAuthError, EngineRateLimitedError, EngineResponseError
from workbench.formats.glossary_csv import read_glossary_csv

ROOT = Path(__file__).resolve().parents[2]
KEY = "k3y:fx"
STORY = [
    "Ilmi Oumerov et Akhtem Tchigoz sont arrivés à Kiev vendredi.",
    "Selon Oumerov, les autorités de facto répriment la dissidence.",
]


@pytest.fixture(scope="module")
def termbase() -> Termbase:
    path = ROOT / "glossary" / "names.csv"
    return Termbase.of(read_glossary_csv(path.read_bytes(), str(path)))


@pytest.fixture
def server() -> Iterator[FakeDeepL]:
    with FakeDeepL(Behaviour(key=KEY)) as fake:
        yield fake


def engine_on(fake: FakeDeepL, **settings: Any) -> DeepLEngine:
    return DeepLEngine(EngineSettings(**{"deepl_key": KEY, "timeout": 2.0, **settings}), base_url=fake.url)


def translate_calls(fake: FakeDeepL) -> list[dict[str, Any]]:
    return [params for method, path, params in fake.behaviour.requests if path == "/v2/translate"]


def draft(engine: DeepLEngine, termbase: Termbase, texts: list[str], target: str = "en") -> dict[Any, Outcome]:
    runner = Runner([ConstrainedDrafter(engine, Matcher(termbase), termbase)],
                    RunPolicy(concurrency=4, retries=1, backoff=0.001), glossary_version=termbase.version)
    outcomes: list[Outcome] = []
    runner.run([Job(i, t) for i, t in enumerate(texts)], "fr", target, outcomes.extend)
    return {o.key: o for o in outcomes}


def test_texts_go_fifty_per_request_as_xml_with_the_key_in_the_header(server: FakeDeepL) -> None:
    texts = [f"Phrase {i} : « A & B » <ok>." for i in range(120)]
    out = engine_on(server).translate(texts, "fr", "de")
    assert [len(c["text"]) for c in translate_calls(server)] == [50, 50, 20]
    first = translate_calls(server)[0]
    assert first["text"][0] == "Phrase 0 : « A &amp; B » &lt;ok&gt;."  # escaped: DeepL parses it as XML
    assert (first["tag_handling"], first["ignore_tags"], first["source_lang"], first["target_lang"]) == (
        "xml", ["x"], "FR", "DE")
    assert out[0] == "Phrase 0 : « A & B » <ok>. [DE]"  # read back as text
    assert "formality" not in first and "glossary_id" not in first


def test_english_and_portuguese_are_asked_for_with_their_variant(server: FakeDeepL) -> None:
    engine_on(server).translate(["Bonjour."], "fr", "en")
    engine_on(server).translate(["Bonjour."], "fr", "pt")
    assert [c["target_lang"] for c in translate_calls(server)] == ["EN-GB", "PT-PT"]


def test_formality_per_target_language(server: FakeDeepL) -> None:
    engine = engine_on(server, deepl_formality=parse_formality("de=more,*=less,es=default"))
    for target in ("de", "fr", "es"):
        engine.translate(["Vous devez partir."], "en", target)
    assert [c.get("formality") for c in translate_calls(server)] == ["prefer_more", "prefer_less", None]
    assert engine.cache_text("x", "", "", "de") != engine.cache_text("x", "", "", "es") == "x"
    with pytest.raises(ConfigError, match="WORKBENCH_DEEPL_FORMALITY"):
        Settings.from_env({"WORKBENCH_DEEPL_FORMALITY": "de=very"})


def test_the_glossary_is_created_reused_and_replaced(server: FakeDeepL, termbase: Termbase) -> None:
    outcomes = draft(engine_on(server), termbase, STORY)
    assert [outcomes[i].draft.text for i in (0, 1)] == [
        "Ilmi Umerov et Akhtem Chiygoz sont arrivés à Kyiv vendredi. [EN-GB]",
        "Selon Umerov, les autorités de facto répriment la dissidence. [EN-GB]",
    ]  # DeepL itself placed the names, from the glossary: the texts went as written
    assert translate_calls(server)[0]["text"][0] == STORY[0]
    [glossary] = server.behaviour.glossaries.values()
    pair = pair_glossary(termbase, "fr", "en", ("en",))
    assert glossary["name"] == glossary_name(pair)
    assert (glossary["source_lang"], glossary["target_lang"]) == ("fr", "en")
    assert glossary["entries"]["Ilmi Oumerov"] == "Ilmi Umerov" and glossary["entries"]["Oumerov"] == "Umerov"
    assert glossary["entries"]["Kiev"] == "Kyiv"
    assert all(c["glossary_id"] == glossary["glossary_id"] for c in translate_calls(server))

    # Another run (a new engine) with the same term base reuses it: nothing created.
    draft(engine_on(server), termbase, STORY)
    assert server.behaviour.counts["POST /v2/glossaries"] == 1 and list(server.behaviour.glossaries) == [
        glossary["glossary_id"]]

    # The term base changes: a new glossary replaces the old one.
    changed = Termbase.of([*termbase.concepts.values(),
                           Concept("velch", "person", {"fr": "Veronika Veltch", "en": "Veronika Velch"})])
    outcomes = draft(engine_on(server), changed, ["Veronika Veltch a parlé."])
    assert outcomes[0].draft.text == "Veronika Velch a parlé. [EN-GB]"
    [new] = server.behaviour.glossaries.values()
    assert new["glossary_id"] != glossary["glossary_id"] and new["entries"]["Veronika Veltch"] == "Veronika Velch"
    assert server.behaviour.counts["DELETE /v2/glossaries/{id}"] == 1


def test_glossaries_of_other_pairs_and_names_are_left_alone(server: FakeDeepL, termbase: Termbase) -> None:
    theirs = server.add_glossary("press office terms", "fr", "en", {"chat": "cat"})
    es = server.add_glossary("workbench fr→es 0123456789abcdef", "fr", "es", {"Kiev": "Kiev"})
    old = server.add_glossary("workbench fr→en 0123456789abcdef", "fr", "en", {"Kiev": "Kiev"})
    draft(engine_on(server), termbase, STORY)
    assert theirs in server.behaviour.glossaries and es in server.behaviour.glossaries
    assert old not in server.behaviour.glossaries  # an older version of ours for the same pair: replaced


def test_a_glossary_deleted_meanwhile_is_made_again(server: FakeDeepL, termbase: Termbase) -> None:
    engine = engine_on(server)
    draft(engine, termbase, STORY[:1])
    server.behaviour.glossaries.clear()  # someone deleted it in DeepL's console
    outcomes = draft(engine, termbase, STORY[1:])
    assert outcomes[0].draft is not None and "Umerov" in outcomes[0].draft.text
    assert server.behaviour.counts["POST /v2/glossaries"] == 2


def test_a_new_glossary_is_waited_for_until_ready(termbase: Termbase) -> None:
    with FakeDeepL(Behaviour(key=KEY, ready_after=2)) as fake:
        engine = engine_on(fake)
        engine.glossaries.sleep = lambda _s: None
        outcomes = draft(engine, termbase, STORY[:1])
        assert outcomes[0].draft is not None and translate_calls(fake)[0].get("glossary_id")
        assert fake.behaviour.counts["GET /v2/glossaries/{id}"] == 2


def test_a_pair_without_deepl_glossaries_sends_the_names_protected(server: FakeDeepL, termbase: Termbase) -> None:
    outcomes = draft(engine_on(server), termbase, STORY, target="uk")
    assert server.behaviour.glossaries == {}
    [call] = translate_calls(server)
    assert "glossary_id" not in call
    assert call["text"][0] == ("<x>Ільмі Умеров</x> et <x>Ахтем Зейтуллайович Чийгоз</x> sont arrivés à <x>Київ</x> "
                               "vendredi.")
    assert outcomes[0].draft.text.startswith("Ільмі Умеров et Ахтем Зейтуллайович Чийгоз")
    assert "<x>" not in outcomes[0].draft.text


def test_a_draft_failing_the_glossary_is_asked_again_with_the_names_protected(server: FakeDeepL,
                                                                              termbase: Termbase) -> None:
    engine = engine_on(server)
    draft(engine, termbase, STORY[:1])
    [g] = server.behaviour.glossaries.values()
    del g["entries"]["Oumerov"]  # DeepL leaves this one as it is (say, a form its glossary did not match)
    outcomes = draft(engine, termbase, STORY[1:])
    assert outcomes[0].draft.text == "Selon Umerov, les autorités de facto répriment la dissidence. [EN-GB]"
    retry = translate_calls(server)[-1]
    assert "glossary_id" not in retry and retry["text"] == ["Selon <x>Umerov</x>, les autorités de facto "
                                                           "répriment la dissidence."]


def test_entries_deepl_cannot_take_are_left_out_and_an_oversized_term_base_is_not_sent(
        server: FakeDeepL) -> None:
    tb = Termbase.of([
        Concept("ok", "person", {"fr": "Ilmi Oumerov", "en": "Ilmi Umerov"}),
        Concept("tab", "term", {"fr": "a\tb", "en": "ab"}),
        Concept("long", "term", {"fr": "é" * 600, "en": "e"}),
    ])
    engine = engine_on(server)
    [out] = engine.translate_request(
        ConstrainedDrafter(engine, Matcher(tb), tb).request(
            ConstrainedDrafter(engine, Matcher(tb), tb).mask(["Ilmi Oumerov parle."], "fr"), "fr", "en"))
    assert out == "Ilmi Umerov parle. [EN-GB]"
    [g] = server.behaviour.glossaries.values()
    assert g["entries"] == {"Ilmi Oumerov": "Ilmi Umerov", "Oumerov": "Umerov"} and engine.glossaries.skipped == 2


def test_a_refused_glossary_falls_back_to_protected_names(server: FakeDeepL, termbase: Termbase) -> None:
    server.behaviour.glossary_languages = ("fr", "en")  # the pair list says yes ...
    engine = engine_on(server)
    engine.glossaries._pairs = {("fr", "en"), ("fr", "de")}  # ... but creating one for de is refused
    outcomes = draft(engine, termbase, STORY[:1], target="de")
    assert outcomes[0].draft.text.startswith("Ilmi Umerov et Akhtem Chiygoz")
    assert any(event.startswith("refused: ") for _, event in engine.glossaries.events)


@pytest.mark.parametrize(("fault", "error", "message"), [
    ("429", EngineRateLimitedError, "Retry-After 1 s"),
    ("456", EngineAuthError, "quota"),
    ("bad_json", EngineResponseError, "unreadable answer"),
])
def test_faults_on_the_local_server(server: FakeDeepL, fault: str, error: type[Exception], message: str) -> None:
    server.behaviour.script = [fault]
    with pytest.raises(error, match=message):
        engine_on(server).translate(["Bonjour."], "fr", "de")


def test_recorded_glossary_answers_are_read(termbase: Termbase) -> None:
    engine = DeepLEngine(EngineSettings(deepl_key=KEY, timeout=2))
    pair = pair_glossary(termbase, "fr", "en", ("en",))
    created = json.loads(recorded("deepl_glossary_created.json"))
    with responses.RequestsMock() as http:
        http.add("GET", "https://api-free.deepl.com/v2/glossary-language-pairs",
                 body=recorded("deepl_glossary_language_pairs.json"))
        http.add("GET", "https://api-free.deepl.com/v2/glossaries", body=recorded("deepl_glossaries.json"))
        http.add("POST", "https://api-free.deepl.com/v2/glossaries", status=201,
                 body=json.dumps({**created, "glossary_id": "5c1e0a7e-0b5d-4a43-9d55-0d3f6a1e2b7c",
                                  "name": glossary_name(pair)}))
        http.add("DELETE", f"https://api-free.deepl.com/v2/glossaries/{created['glossary_id']}", status=204)
        http.add("POST", "https://api-free.deepl.com/v2/translate", body=recorded("deepl_translations_batch.json"))
        glossary_id = engine.glossaries.ensure(pair)
        out = engine.translate(["La libération d’Ilmi Oumerov est une bonne nouvelle.",
                                "Il a parlé aux journalistes à Kiev."], "fr", "en")
    assert glossary_id == "5c1e0a7e-0b5d-4a43-9d55-0d3f6a1e2b7c"  # the listed one is another version: replaced
    assert out == ["The release of Ilmi Umerov is good news.", "He spoke to journalists in Kyiv."]


def test_an_answer_missing_a_translation_is_refused_whole() -> None:
    engine = DeepLEngine(EngineSettings(deepl_key=KEY, timeout=2))
    with responses.RequestsMock() as http:
        http.add("POST", "https://api-free.deepl.com/v2/translate", body=recorded("deepl_translation.json"))
        with pytest.raises(EngineResponseError, match="returned 1 texts for 2"):
            engine.translate(["Le chat dort.", "Les chiens aboient."], "fr", "es")


def test_a_stalled_server_is_a_timeout_and_a_500_is_transient(server: FakeDeepL) -> None:
    from workbench.errors import EngineTimeoutError, EngineTransientError

    server.behaviour.script, server.behaviour.stall = ["stall", "500"], 2.0
    with pytest.raises(EngineTimeoutError, match=r"within 0\.5 s"):
        engine_on(server, timeout=0.5).translate(["Bonjour."], "fr", "de")
    with pytest.raises(EngineTransientError, match="HTTP 500"):
        engine_on(server).translate(["Bonjour."], "fr", "de")
