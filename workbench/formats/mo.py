"""GNU .mo catalogs written in linear time, and a PO catalog compiled into one (as msgfmt compiles it).

polib's ``save_as_mofile`` and babel's ``write_mo`` grow the file with ``bytes +=`` per entry, which
is quadratic (60-110 s for 100,000 entries, docs/export.md). Here every table is a list joined once.
The hash table is left out (size 0, which the format allows): GNU gettext and Python's ``gettext``
then look messages up by binary search in the sorted original-strings table.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.formats.po import PoEntry, PoHeader, header_fields

MAGIC = 0x950412DE
_HEADER = struct.Struct("<7I")  # magic, revision, count, originals offset, translations offset, hash size, offset


@dataclass(frozen=True)
class MoMessage:
    """One compiled message; ``msgid ""`` is the header. Plural forms are joined by NUL by the caller."""

    msgid: str
    msgstr: str
    msgctxt: str | None = None


def _key(message: MoMessage) -> bytes:
    # gettext stores a context as "context\x04msgid" in the original string.
    text = message.msgid if message.msgctxt is None else f"{message.msgctxt}\x04{message.msgid}"
    return text.encode("utf-8")


def write_mo(messages: Iterable[MoMessage]) -> bytes:
    """The .mo file for ``messages`` (UTF-8, little-endian), sorted by original string as gettext requires."""
    pairs = sorted((_key(m), m.msgstr.encode("utf-8")) for m in messages)
    count = len(pairs)
    originals_at = _HEADER.size
    translations_at = originals_at + 8 * count
    data_at = translations_at + 8 * count
    index_o: list[bytes] = []
    index_t: list[bytes] = []
    blobs: list[bytes] = []
    offset = data_at
    entry = struct.Struct("<2I")
    for original, _ in pairs:
        index_o.append(entry.pack(len(original), offset))
        blobs.append(original + b"\0")
        offset += len(original) + 1
    for _, translation in pairs:
        index_t.append(entry.pack(len(translation), offset))
        blobs.append(translation + b"\0")
        offset += len(translation) + 1
    header = _HEADER.pack(MAGIC, 0, count, originals_at, translations_at, 0, data_at)
    return b"".join([header, *index_o, *index_t, *blobs])


def compile_mo(header: PoHeader, entries: Iterable[PoEntry]) -> bytes:
    """The .mo of a catalog: the header and every translated, non-fuzzy entry (as msgfmt compiles it)."""
    header_text = "".join(f"{key}: {value}\n" for key, value in header_fields(header))
    messages = [MoMessage("", header_text)]
    messages += [MoMessage(e.msgid, e.msgstr, e.msgctxt) for e in entries if e.msgstr and not e.fuzzy]
    return write_mo(messages)
