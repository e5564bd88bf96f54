"""Apertium engine on the real Debian pairs, plus fake modes for crashes and hangs."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from workbench.domain.unknown_words import read_marks, strip_marks
from workbench.engines.apertium import ApertiumEngine, bcp47
from workbench.errors import EngineError, EngineUnavailableError

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "release-fr-crimean-tatar-leaders.txt"
needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not on PATH")
pytestmark = [pytest.mark.apertium]


def sample_sentences() -> list[str]:
    if not SAMPLE.exists():
        pytest.skip(f"the shared sample is not at {SAMPLE}")
    lines = [line.strip() for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if len(line) > 40]


def counting_command(tmp_path: Path) -> tuple[str, Path]:
    """A wrapper that logs every call, then runs the real apertium: counts calls without patching."""
    log = tmp_path / "calls.log"
    script = tmp_path / "apertium-counting"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec apertium "$@"\n')
    script.chmod(0o755)
    return str(script), log


def fake_modes(tmp_path: Path, **modes: str) -> Path:
    """A data directory whose modes/ holds the given pipelines (name -> pipeline)."""
    (tmp_path / "modes").mkdir()
    for name, pipeline in modes.items():
        (tmp_path / "modes" / f"{name.replace('_', '-')}.mode").write_text(pipeline + "\n")
    return tmp_path


@needs_apertium
def test_installed_pairs_are_discovered_with_bcp47_codes() -> None:
    engine = ApertiumEngine()
    assert engine.status().available
    assert engine.modes[("fr", "es")] == "fr-es"
    assert engine.modes[("es", "en")] == "spa-eng"  # ISO 639-3 names mapped to BCP-47
    assert ("fr", "en") in engine.pairs()  # by pivot
    assert all("_" not in mode for mode in engine.modes.values())  # spa-eng_US is a variant, skipped
    assert engine.route("fr", "en") == ["fr-es", "spa-eng"]


def test_codes_map_to_bcp47() -> None:
    assert (bcp47("eng"), bcp47("spa"), bcp47("fra"), bcp47("cat"), bcp47("fr")) == ("en", "es", "fr", "ca", "fr")


@needs_apertium
def test_fr_to_es_directly() -> None:
    [out] = ApertiumEngine().translate(["La libération des prisonniers d’opinion."], "fr", "es")
    assert out == "La liberación de los prisioneros de opinión."


@needs_apertium
def test_fr_to_en_through_spanish_with_markup_characters_kept() -> None:
    out = ApertiumEngine().translate(["Le chat <b> & « la souris »", "", "  Le chat  "], "fr", "en")
    assert out[0] == "The cat <*b> & « the mouse »"  # the text "b" is a word neither hop knows
    assert strip_marks(out[0], "Le chat <b> & « la souris »") == "The cat <b> & « the mouse »"
    assert out[1] == ""  # blank text: returned as it is, never sent
    assert out[2] == "  The cat  "  # surrounding white space of the source is kept


@needs_apertium
def test_a_batch_of_300_is_one_call_per_hop_with_one_output_per_input(tmp_path: Path) -> None:
    sentences = sample_sentences()
    batch = [f"{i}. {sentences[i % len(sentences)]}" for i in range(300)]
    command, log = counting_command(tmp_path)
    out = ApertiumEngine(command=command).translate(batch, "fr", "en")
    assert log.read_text().splitlines() == ["-d /usr/share/apertium -f html fr-es",
                                            "-d /usr/share/apertium -f html spa-eng"]  # no -u: words marked
    assert len(out) == 300
    assert all(text.startswith(f"{i}.") for i, text in enumerate(out))  # nothing merged or shifted


# The sample's closing quotation, as the real pairs translate it (apertium 3.9, Debian 12).
S_CLOSE_QUOTE = ("« En Crimée, il faut que les autorités de facto cessent de réprimer avec acharnement la dissidence, "
                 "libèrent immédiatement et sans condition tous les prisonniers d’opinion et mettent fin à la "
                 "politique qui consiste à poursuivre et exiler leurs détracteurs. »")


@needs_apertium
def test_unknown_words_come_out_marked_once_directly_and_through_the_pivot() -> None:
    engine = ApertiumEngine()
    [es] = engine.translate([S_CLOSE_QUOTE], "fr", "es")
    assert es == ("« En Crimea, falla que las autoridades de *facto cesan de reprimir con *acharnement la "
                  "*dissidence, liberan inmediatamente y sin condición todos los prisioneros de opinión y ponen "
                  "final a la política que consiste en proseguir y *exiler sus detractores. »")
    [en] = engine.translate([S_CLOSE_QUOTE], "fr", "en")
    # The first hop's marks are gone before the second hop: it reads "de facto" as one unit (with
    # "de *facto" it writes "the authorities of facto") and marks what it does not know itself,
    # once: the French words again, and the Spanish words of the first hop (detractores). The
    # pivot's "sus" is "their" again: the source's possessive is plural (domain/apertium_repairs.py).
    assert en == ("« In *Crimea, fails that the de facto authorities cease to repress with *acharnement the "
                  "*dissidence, release immediately and without condition all the prisoners of opinion and put "
                  "final to the politics that consists in continuing and *exiler their *detractores. »")
    assert read_marks(en, S_CLOSE_QUOTE).words == ("Crimea", "acharnement", "dissidence", "exiler", "detractores")


@needs_apertium
@pytest.mark.parametrize("target", ["es", "en"])
def test_the_sources_own_asterisks_hashes_and_at_signs_survive_the_pivot(target: str) -> None:
    sources = ["Le résultat est 5*3 : suivez #StandWithUkraine et écrivez à presse@amnesty.fr*.",
               "*Les noms ont été changés."]
    out = ApertiumEngine().translate(sources, "fr", target)
    clean = [read_marks(o, s).text for o, s in zip(out, sources, strict=True)]
    assert clean == {
        "es": ["El resultado es 5*3 : seguid #StandWithUkraine y escribís a presse@amnesty.fr*.",
               "*Los nombres han sido cambiados."],
        "en": ["The result is 5*3 : follow #StandWithUkraine and write to presse@amnesty.fr*.",
               "*The names were changed."],  # the narrative past (domain/apertium_repairs.py)
    }[target]
    assert out[0].count("#*StandWithUkraine") == 1  # a real hash, then the mark of a word no hop knows


@needs_apertium
def test_segments_do_not_leak_context_into_each_other() -> None:
    engine = ApertiumEngine()
    # Unfinished segments: in a newline batch "Le chat" would be read with the next line.
    batch = ["Il faut que", "les autorités cessent", "Le chat", "mange la souris.", *sample_sentences()[:20]]
    together = engine.translate(batch, "fr", "en")
    for i in (0, 1, 2, 3, 10, 23):
        assert together[i] == engine.translate([batch[i]], "fr", "en")[0]


def test_a_pair_that_exits_0_and_prints_nothing_is_an_engine_error(tmp_path: Path) -> None:
    if shutil.which("apertium") is None:
        pytest.skip("apertium is not on PATH")
    engine = ApertiumEngine(data_dir=fake_modes(tmp_path, xx_yy="true"))
    with pytest.raises(EngineError, match="printed nothing"):
        engine.translate(["Bonjour"], "xx", "yy")


def test_a_hanging_pair_is_killed_at_the_timeout(tmp_path: Path) -> None:
    if shutil.which("apertium") is None:
        pytest.skip("apertium is not on PATH")
    # apertium adds flags (-z) to the first program of a mode: a script that ignores them sleeps.
    slow = tmp_path / "slow.sh"
    slow.write_text("#!/bin/sh\nsleep 5\n")
    slow.chmod(0o755)
    engine = ApertiumEngine(data_dir=fake_modes(tmp_path, xx_yy=str(slow)), timeout=1)
    started = time.monotonic()
    with pytest.raises(EngineError, match="took longer than 1 s"):
        engine.translate(["Bonjour"], "xx", "yy")
    assert time.monotonic() - started < 4  # the whole pipeline was killed, not waited for


def test_missing_apertium_makes_the_engine_unavailable_with_the_reason(tmp_path: Path) -> None:
    engine = ApertiumEngine(command=str(tmp_path / "no-apertium-here"))
    status = engine.status()
    assert not status.available and "not installed" in status.reason
    with pytest.raises(EngineUnavailableError, match="not installed"):
        engine.translate(["Bonjour"], "fr", "es")


def test_no_installed_pair_makes_the_engine_unavailable(tmp_path: Path) -> None:
    status = ApertiumEngine(data_dir=tmp_path, command="sh").status()
    assert not status.available and "no Apertium language pair" in status.reason


def test_an_unknown_pair_is_refused_before_any_call(tmp_path: Path) -> None:
    engine = ApertiumEngine(data_dir=fake_modes(tmp_path, xx_yy="true"), command="sh")
    with pytest.raises(EngineUnavailableError, match="cannot translate xx→zz"):
        engine.translate(["a"], "xx", "zz")


def test_pivots_use_one_intermediate_language(tmp_path: Path) -> None:
    engine = ApertiumEngine(data_dir=fake_modes(tmp_path, fra_cat="true", cat_eng="true", eng_deu="true"),
                            command="sh")
    assert engine.route("fr", "en") == ["fra-cat", "cat-eng"]
    assert ("ca", "de") in engine.pairs() and ("fr", "de") not in engine.pairs()  # never two pivots
