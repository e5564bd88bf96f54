"""The length check's known renderings of headings agree with the press phrases drafting writes.

``domain/checks.py`` KNOWN_RENDERINGS holds the renderings the length check accepts for a few
short headings ("Complément d'information" -> "Background"); the domain reads no file, so the
table stays there rather than being read from ``workbench/data/press-phrases.csv``. This test
keeps the two from drifting apart: a heading of the phrases that the table knows must accept the
phrase's own rendering, or the check would flag the draft drafting itself wrote.
"""

from __future__ import annotations

from workbench.domain.checks import KNOWN_RENDERINGS, _rendering_key, known_rendering
from workbench.services.phrases import shipped_phrases


def test_every_known_heading_accepts_the_phrase_rendering() -> None:
    compared = 0
    for concept in shipped_phrases():
        sources = [concept.forms.get("fr", "")] + [form for lang, form in concept.variants if lang == "fr"]
        for (source_lang, target_lang), table in KNOWN_RENDERINGS.items():
            target = concept.forms.get(target_lang)
            for source in sources:
                if source_lang == "fr" and target and _rendering_key(source) in table:
                    assert known_rendering(source, target, source_lang, target_lang), (concept.id, target_lang)
                    compared += 1
    assert compared >= 2  # "Complément d'information" in English and in Spanish, at least
