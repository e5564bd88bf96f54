"""Readers of release sources (text dump, HTML, Markdown) into blocks; boilerplate filter; language detection.

``detect_language`` and ``read_document`` are loaded when first asked for (PEP 562), so that the QA
checks, which import ``workbench.ingest.language`` for ``language_probabilities``, do not import the
HTML readers (trafilatura, lxml) with the package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.ingest.language import detect_language
    from workbench.ingest.reader import read_document

__all__ = ["detect_language", "read_document"]


def __getattr__(name: str) -> Any:
    if name == "detect_language":
        from workbench.ingest.language import detect_language

        return detect_language
    if name == "read_document":
        from workbench.ingest.reader import read_document

        return read_document
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
