"""Readers of release sources (text dump, HTML, Markdown) into blocks; boilerplate filter; language detection."""

from workbench.ingest.language import detect_language
from workbench.ingest.reader import read_document

__all__ = ["detect_language", "read_document"]
