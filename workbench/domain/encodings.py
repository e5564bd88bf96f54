"""Byte-order marks: which Unicode encoding a file from a spreadsheet, an editor or another tool says it is in.

Windows' "Unicode text" (Notepad, Excel, Word's "Save as") is UTF-16 with a byte-order mark; a few
tools write UTF-32. Neither is ASCII-compatible (every other byte of Latin text is NUL), so readers
look at the mark before anything else. UTF-32's little-endian mark starts with UTF-16's: it is
tested first.
"""

from __future__ import annotations

import codecs

#: (mark, Python codec) of the encodings that are not ASCII-compatible; the codec reads the mark itself.
WIDE_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def wide_encoding(data: bytes) -> str | None:
    """``utf-16`` or ``utf-32`` when ``data`` starts with that encoding's byte-order mark, else None."""
    return next((encoding for bom, encoding in WIDE_BOMS if data.startswith(bom)), None)


def looks_utf16_without_bom(data: bytes) -> bool:
    """Whether ``data`` reads like UTF-16 text without its mark: NUL in nearly every other byte of a sample."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    halves = (sample[0::2], sample[1::2])
    return any(half.count(0) >= 0.9 * len(half) for half in halves) and not all(half.count(0) for half in halves)
