"""The one rule for a language code coming in: a well-formed BCP-47 tag (langcodes' grammar)."""

from __future__ import annotations

import pytest

from workbench.domain.language_tags import check, is_tag
from workbench.errors import InputError


@pytest.mark.parametrize("tag", ["fr", "en", "crh", "pt-BR", "pt-br", "en_US", "es-419", "zh-Hant-TW", "sr-Latn",
                                 "fr-x-press"])
def test_tags_are_taken(tag: str) -> None:
    assert is_tag(tag) and check(f" {tag} ") == tag


@pytest.mark.parametrize("text", ["", "x", "../x", "../../../../elsewhere/x", "**bb**", "fr@evil", "fr.x", "é",
                                  "<b>x</b>", "[x](http://e.com)", "www.evil-site.com", "english", "fr/es",
                                  "fr\\es", "fr\nes", "fr-", "a" * 40])
def test_what_is_no_tag_is_refused_with_one_message(text: str) -> None:
    assert not is_tag(text.strip())
    with pytest.raises(InputError, match="is not a language code") as refused:
        check(text, "target language")
    assert str(refused.value).startswith("target language ") and "\n" not in str(refused.value).replace(
        repr(text.strip()), "")



def test_a_target_spelled_in_another_case_is_still_the_source_language() -> None:
    from workbench.domain import language_tags

    for written, source in (("fr", "fr"), ("FR", "fr"), ("fr_FR", "fr-FR"), ("fr-fr", "fr-FR")):
        with pytest.raises(InputError, match="is written in"):
            language_tags.check_target(written, source, "crimea")
    language_tags.check_target("fr-CA", "fr-FR", "crimea")  # another variety: a translation
    language_tags.check_target("en", "fr", "crimea")
