"""Variants written as text (a glossary CSV cell, the glossary editor's box): one notation, read back as written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.domain.glossary import format_variants, parse_variants

# Real spellings of the Crimean Tatars' assembly, one of them holding the separator itself.
VARIANTS = (("fr", "Meijlis"), ("fr", "Mejlis; Qurultay"), ("es", "Mejlis \\ Kurultái"))


@pytest.mark.parametrize("separator", [";", "; "])
def test_a_form_holding_the_separator_or_a_backslash_comes_back_whole(separator: str) -> None:
    text = format_variants(VARIANTS, separator)
    assert "fr:Mejlis\\; Qurultay" in text and "es:Mejlis \\\\ Kurultái" in text
    assert parse_variants(text) == VARIANTS


def test_blanks_and_empty_entries_are_ignored() -> None:
    assert parse_variants(" fr : Meijlis ;; es:Meijlis; ") == (("fr", "Meijlis"), ("es", "Meijlis"))
    assert parse_variants("") == ()


@pytest.mark.parametrize(("text", "reason"), [
    ("Meijlis", "malformed variant 'Meijlis'"),
    ("fr:", "malformed variant 'fr:'"),
    ("French:Meijlis", "malformed variant 'French:Meijlis'"),  # a language code, in lower case
    ("fr:A\\B", "a backslash in variants must be followed by"),
])
def test_a_malformed_entry_is_named(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_variants(text)


forms = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).map(str.strip).filter(bool)


@given(st.lists(st.tuples(st.sampled_from(["fr", "en", "crh", "pt-BR"]), forms), max_size=5))
def test_any_forms_survive_the_round_trip(variants: list[tuple[str, str]]) -> None:
    assert parse_variants(format_variants(variants, "; ")) == tuple(variants)
