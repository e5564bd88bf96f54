"""BCP-47 language tags as files from other tools write them: compared without case, regions kept.

``EN-US``, ``en-us`` and ``en_US`` are one tag, written ``en-US`` (RFC 5646's case conventions:
language lower, script title, region upper). The primary subtag is the *base* language: a memory
unit in ``fr-CA`` serves a ``fr`` release, and a ``fr-CA`` query falls back to every ``fr`` unit
when no ``fr-CA`` one exists.
"""

from __future__ import annotations


def canonical(tag: str) -> str:
    """``EN_us`` -> ``en-US``, ``zh-hant-tw`` -> ``zh-Hant-TW``; other subtags lower-cased."""
    parts = [p for p in tag.strip().replace("_", "-").split("-") if p]
    if not parts:
        return ""
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())  # script
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())  # region
        else:
            out.append(part.lower())
    return "-".join(out)


def base(tag: str) -> str:
    """The primary language subtag: ``fr-CA`` -> ``fr``."""
    return canonical(tag).split("-")[0]


def same(a: str, b: str) -> bool:
    """Whether two tags name the same language variety (case and ``_`` ignored)."""
    return canonical(a) == canonical(b)
