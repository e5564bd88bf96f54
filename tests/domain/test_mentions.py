"""Mentions in comments: @name of an existing user, never an address or an unknown name."""

from __future__ import annotations

import pytest

from workbench.domain.mentions import find_mentions

USERS = ["tina", "rui", "ana@example.org", "jean-luc", "tina.m"]


@pytest.mark.parametrize("text, expected", [
    ("@tina, regarde", ["tina"]),
    ("merci @rui.", ["rui"]),  # the sentence's dot is no part of the name
    ("@Tina et @RUI", ["tina", "rui"]),  # case aside, the user's own name
    ("écris à rui@example.org", []),  # an address is no mention
    ("@nadie ne existe pas", []),
    ("(@jean-luc) puis @jean-luc-", ["jean-luc", "jean-luc"]),
    ("@tina.m a relu, @tina.mais", ["tina.m", "tina"]),  # the longest known name that ends at a boundary
    ("cc @ana@example.org!", ["ana@example.org"]),
    ("l’@tina", ["tina"]),  # after an elision's apostrophe
    ("a@tina", []),  # inside a word
])
def test_mentions(text: str, expected: list[str]) -> None:
    assert [m.name for m in find_mentions(text, USERS)] == expected


def test_a_mention_spans_the_at_sign_and_the_name_as_written() -> None:
    (m,) = find_mentions("voir @Tina.", USERS)
    assert "voir @Tina."[m.start:m.end] == "@Tina" and m.name == "tina"
