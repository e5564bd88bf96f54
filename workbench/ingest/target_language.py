"""Language probabilities of one segment's text for the ``wrong_language`` check (langdetect, seeded).

Whole documents are detected by ``workbench.ingest.language``; a segment is short, so the check
itself decides when a text is long enough to judge and how sure the detector must be.
"""

from __future__ import annotations

from langdetect import DetectorFactory, LangDetectException, detect_langs


def language_probabilities(text: str) -> list[tuple[str, float]]:
    """[(two-letter code, probability), ...] most probable first; [] when langdetect cannot tell."""
    # Without a fixed seed the same text can be read as two languages on two runs (docs/ingest.md).
    DetectorFactory.seed = 0
    try:
        return [(str(g.lang)[:2], float(g.prob)) for g in detect_langs(text)]
    except LangDetectException:
        return []
