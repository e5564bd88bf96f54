"""Whole-document language detection: seeded, and silent on text too short to judge."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.ingest import detect_language, read_document

SAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "release-fr-crimean-tatar-leaders.txt"

FR = ("Les autorités russes doivent libérer immédiatement et sans condition tous les prisonniers d’opinion "
      "détenus en Crimée occupée, et mettre fin à la persécution des Tatars de Crimée.")
EN = ("The Russian authorities must immediately and unconditionally release all prisoners of conscience "
      "held in occupied Crimea and end the persecution of Crimean Tatars.")
UK = ("Російська влада повинна негайно та беззастережно звільнити всіх в'язнів сумління, "
      "яких утримують в окупованому Криму, і припинити переслідування кримських татар.")


def test_sample_release_is_french() -> None:
    if not SAMPLE.exists():
        pytest.skip(f"the shared sample release is not at {SAMPLE}")
    document = read_document(SAMPLE.read_bytes(), name=SAMPLE.name)
    assert detect_language(document.text) == "fr"


@pytest.mark.parametrize(("text", "lang"), [(FR, "fr"), (EN, "en"), (UK, "uk")])
def test_whole_paragraphs(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "   ", "Merci.", "Il a dit non.", "Ilmi Oumerov, Akhtem Tchigoz", "12 345 678"])
def test_too_short_to_judge(text: str) -> None:
    assert detect_language(text) is None


def test_same_answer_every_time() -> None:
    mixed = FR + " " + EN
    assert len({detect_language(mixed) for _ in range(5)}) == 1
