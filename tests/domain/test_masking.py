"""Masking and unmasking glossary terms around an engine: tables of (source, engine output, expected)."""

from __future__ import annotations

import re

import pytest

from workbench.domain.glossary_match import Match
from workbench.domain.masking import Masked, mask, unmask

PLACEHOLDER_RE = re.compile(r"\bZx(\d+)q\b")
FORMS = {"ilmi_umerov": "Ilmi Umerov", "akhtem_chiygoz": "Akhtem Chiygoz", "kyiv": "Kyiv", "mejlis": "Mejlis",
         "crimean_tatars": "tártaros de Crimea", "fbk": "Anti-Corruption Foundation"}
TERMS = {"Ilmi Oumerov": "ilmi_umerov", "Akhtem Tchigoz": "akhtem_chiygoz", "Kiev": "kyiv", "Meijlis": "mejlis",
         "Tatars de Crimée": "crimean_tatars", "AFC": "fbk", "ILMI OUMEROV": "ilmi_umerov", "KIEV": "kyiv"}


def placeholder(n: int) -> str:
    return f"Zx{n}q"


def matches_in(text: str) -> list[Match]:
    """A tiny stand-in for the Matcher: exact spellings, the surname Oumerov, French elisions."""
    found = []
    for spelling, cid in TERMS.items():
        for m in re.finditer(rf"(?<!\w){re.escape(spelling)}(?!\w)", text):
            elision = text[max(0, m.start() - 2):m.start()] if text[m.start() - 1:m.start()] == "’" else ""
            found.append(Match(m.start(), m.end(), cid, m.group(), "fr", True, elision=elision))
    for m in re.finditer(r"(?<!Ilmi )\bOumerov\b", text):
        found.append(Match(m.start(), m.end(), "ilmi_umerov", m.group(), "fr", True, surname_only=True))
    return sorted(found, key=lambda m: m.start)


def masked(text: str) -> Masked:
    return mask(text, matches_in(text), placeholder)


@pytest.mark.parametrize(
    ("source", "sent"),
    [
        ("Ilmi Oumerov et Akhtem Tchigoz à Kiev.", "Zx1q et Zx2q à Zx3q."),
        # the elided article stays: engines translate it against the placeholder (d’Zx1q -> de Zx1q)
        ("La libération d’Ilmi Oumerov.", "La libération d’Zx1q."),
        ("Selon M. Oumerov, non.", "Selon M. Zx1q, non."),
        ("Rien à masquer.", "Rien à masquer."),
    ],
)
def test_mask_replaces_each_term_in_text_order(source: str, sent: str) -> None:
    assert masked(source).text == sent


def test_mask_keeps_the_first_of_overlapping_matches() -> None:
    text = "Ilmi Oumerov"
    overlapping = [Match(0, 12, "ilmi_umerov", text, "fr", True), Match(5, 12, "x", "Oumerov", "fr", True)]
    result = mask(text, overlapping, placeholder)
    assert result.text == "Zx1q" and [s.concept_id for s in result.slots] == ["ilmi_umerov"]


@pytest.mark.parametrize(
    ("source", "output", "target", "expected"),
    [
        # the placeholder comes back as the engine left it
        ("Ilmi Oumerov et Akhtem Tchigoz à Kiev.", "Zx1q and Zx2q to Zx3q.", "en",
         "Ilmi Umerov and Akhtem Chiygoz to Kyiv."),
        ("La libération d’Ilmi Oumerov.", "The release of Zx1q.", "en", "The release of Ilmi Umerov."),
        ("La libération d’Ilmi Oumerov.", "La liberación de Zx1q.", "es", "La liberación de Ilmi Umerov."),
        # a surname alone stays a surname in the target
        ("Selon M. Oumerov, non.", "According to M. Zx1q, no.", "en", "According to M. Umerov, no."),
        # an ALL-CAPS heading stays in capitals; a lone acronym does not make its expansion shout
        ("ILMI OUMEROV LIBÉRÉ À KIEV", "ZX1Q RELEASED TO ZX2Q", "en", "ILMI UMEROV RELEASED TO KYIV"),
        ("L’AFC est visée.", "The Zx1q is targeted.", "en", "The Anti-Corruption Foundation is targeted."),
        # a lower-case target form takes the source's capital at a sentence start
        ("Tatars de Crimée et Meijlis.", "Zx1q y Zx2q.", "es", "Tártaros de Crimea y Mejlis."),
        ("Les Tatars de Crimée.", "Los Zx1q.", "es", "Los tártaros de Crimea."),
        # repairs around the name: a leftover elision, doubled spaces, a placeholder glued to a word
        ("La libération d’Ilmi Oumerov.", "The release d’Zx1q.", "en", "The release of Ilmi Umerov."),
        ("La libération d’Ilmi Oumerov.", "La liberación d'Zx1q.", "es", "La liberación de Ilmi Umerov."),
        ("D’Ilmi Oumerov.", "D’Zx1q.", "es", "De Ilmi Umerov."),
        ("Ilmi Oumerov et Kiev.", "Zx1q  and  Zx2q.", "en", "Ilmi Umerov and Kyiv."),
        ("Ilmi Oumerov et Kiev.", "Zx1qand,Zx2q.", "en", "Ilmi Umerov and, Kyiv."),
        # French keeps its elision (es -> fr would write d’Ilmi)
        ("La libération d’Ilmi Oumerov.", "La libération d’Zx1q.", "fr", "La libération d’Ilmi Umerov."),
    ],
)
def test_unmask_puts_the_target_form_back(source: str, output: str, target: str, expected: str) -> None:
    result = unmask(output, masked(source), FORMS, PLACEHOLDER_RE, target)
    assert result.text == expected
    assert result.unresolved == []
    assert set(result.applied) == {m.concept_id for m in matches_in(source)}


@pytest.mark.parametrize(
    "output",
    [
        "Ilmi Umerov? No: Zx1 q and Zx2q.",   # a space slipped into the placeholder
        "zx1q and Zx2q.",                     # lower-cased
        "ZX1Q and Zx2q.",                     # upper-cased
        "Ilmi Oumerov and Zx2q.",             # the engine kept the source spelling instead
    ],
)
def test_a_mangled_or_lost_placeholder_is_found_again(output: str) -> None:
    result = unmask(output, masked("Ilmi Oumerov et Kiev."), FORMS, PLACEHOLDER_RE, "en")
    assert "Ilmi Umerov" in result.text and "Kyiv" in result.text
    assert "Oumerov" not in result.text and not re.search(r"(?i)zx\s?\d", result.text)
    assert result.unresolved == []


def test_a_placeholder_that_is_gone_is_reported_never_dropped_silently() -> None:
    result = unmask("The release of the prisoner to Zx2q.", masked("La libération d’Ilmi Oumerov à Kiev."),
                    FORMS, PLACEHOLDER_RE, "en")
    assert result.text == "The release of the prisoner to Kyiv."
    assert result.applied == ["kyiv"] and result.unresolved == ["ilmi_umerov"]


def test_a_duplicated_placeholder_is_restored_everywhere() -> None:
    result = unmask("Zx1q, Zx1q.", masked("Kiev."), FORMS, PLACEHOLDER_RE, "en")
    assert result.text == "Kyiv, Kyiv." and result.applied == ["kyiv"]


def test_a_placeholder_number_the_source_never_had_is_left_alone() -> None:
    result = unmask("Zx7q and Zx1q.", masked("Kiev."), FORMS, PLACEHOLDER_RE, "en")
    assert result.text == "Zx7q and Kyiv."
