"""Language detection with langdetect: a whole document at ingest, one segment's text for QA.

langdetect samples n-grams at random, so it is seeded here, once for both uses: without a fixed
seed the same text can be read as two languages on two runs (docs/ingest.md). On one short
sentence it is often wrong (Ukrainian read as Bulgarian...), so a document below the sizes below
gets no guess, and the ``wrong_language`` check decides for itself when a segment is long enough
to judge and how sure the detector must be (domain/checks.py).
"""

from __future__ import annotations

from langdetect import DetectorFactory, LangDetectException, detect_langs

# Below these sizes, or this probability, a document's language is not guessed.
MIN_WORDS = 12
MIN_LETTERS = 60
MIN_PROBABILITY = 0.80


def language_probabilities(text: str) -> list[tuple[str, float]]:
    """[(two-letter code, probability), ...] most probable first; [] when langdetect cannot tell."""
    DetectorFactory.seed = 0
    try:
        return [(str(g.lang)[:2], float(g.prob)) for g in detect_langs(text)]  # "zh-cn" -> "zh"
    except LangDetectException:
        return []


def detect_language(text: str) -> str | None:
    """The two-letter language code of a whole document, or None when it is too short or unclear to judge."""
    if len(text.split()) < MIN_WORDS or sum(c.isalpha() for c in text) < MIN_LETTERS:
        return None
    guesses = language_probabilities(text)
    if not guesses or guesses[0][1] < MIN_PROBABILITY:
        return None
    return guesses[0][0]
