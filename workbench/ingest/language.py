"""Whole-document language detection with langdetect (seeded, and silent on too little text)."""

from __future__ import annotations

from langdetect import DetectorFactory, LangDetectException, detect_langs

# langdetect samples n-grams at random: one short sentence flips between languages from run to
# run (Ukrainian read as Bulgarian...). Below these sizes we do not guess.
MIN_WORDS = 12
MIN_LETTERS = 60
MIN_PROBABILITY = 0.80


def detect_language(text: str) -> str | None:
    """The two-letter language code of ``text``, or None when it is too short or unclear to judge."""
    if len(text.split()) < MIN_WORDS or sum(c.isalpha() for c in text) < MIN_LETTERS:
        return None
    # Without a fixed seed the same release can be detected differently on two runs.
    DetectorFactory.seed = 0
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return None
    if best.prob < MIN_PROBABILITY:
        return None
    return str(best.lang)[:2]  # "zh-cn" -> "zh"
