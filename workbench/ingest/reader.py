"""Read a release source (bytes of a text dump, HTML page or Markdown file) into a Document.

Every problem is a one-line SourceError naming the source and, where there is one, the line:
too large (checked first, before decoding, so a 20 MB upload is refused at once), empty, binary,
not UTF-8 (UTF-16 and UTF-32 are read when the file starts with their byte-order mark, as
Windows' "Unicode text" does; one that then does not decode is refused by name), active content
(<script>, see ``workbench.ingest.html``), no body text after filtering.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from workbench.domain.encodings import looks_utf16_without_bom, wide_encoding
from workbench.domain.models import Document
from workbench.errors import SourceError
from workbench.ingest.boilerplate import RawBlock, filter_blocks
from workbench.ingest.html import html_blocks
from workbench.ingest.markdown import markdown_blocks
from workbench.ingest.text import refuse_script, text_blocks

FORMATS = ("text", "html", "markdown")
_ALIASES = {"txt": "text", "text": "text", "html": "html", "htm": "html", "md": "markdown", "markdown": "markdown"}
_EXTENSIONS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".md": "markdown",
               ".markdown": "markdown"}
_BOM = b"\xef\xbb\xbf"
_LOOKS_HTML = re.compile(r"\A\s*(?:<!doctype\s+html|<html|<head|<body|<\?xml)|<(?:p|div|article|h1|br)[\s/>]",
                         re.IGNORECASE)
_LOOKS_MARKDOWN = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
# Tab, newlines and form feed are text; the other C0/C1 controls mean a binary file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.05


def read_document(data: bytes, *, name: str, fmt: str | None = None, max_bytes: int = 5_000_000) -> Document:
    """Validate, decode and extract a release source into a Document with chrome filtered out."""
    if len(data) > max_bytes:
        raise SourceError(f"source is {len(data):,} bytes, more than the {max_bytes:,} accepted", path=name)
    wide = wide_encoding(data)
    if wide is not None:
        text = _decode_wide(data, wide, name=name)
    elif b"\x00" in data:
        if looks_utf16_without_bom(data):
            raise SourceError("UTF-16 without a byte-order mark: save the file as UTF-8 (or as UTF-16 with its "
                              "byte-order mark)", path=name)
        raise SourceError("binary file (NUL bytes), not a text, HTML or Markdown release", path=name)
    else:
        text = _decode(data, name=name)
    if "\x00" in text:
        raise SourceError("binary file (NUL characters), not a text, HTML or Markdown release", path=name)
    if not text.strip():
        raise SourceError("empty source: no text to ingest", path=name)
    _refuse_control_characters(text, name=name)
    kind = _format(text, name=name, fmt=fmt)
    document = filter_blocks(_raw_blocks(text, kind, name=name), source_format=kind)
    if not any(block.kind == "paragraph" for block in document.blocks):
        dropped = f" ({len(document.excluded)} blocks of chrome excluded)" if document.excluded else ""
        raise SourceError(f"no body text: nothing left after removing page chrome{dropped}", path=name)
    return document


def _decode(data: bytes, *, name: str) -> str:
    skip = len(_BOM) if data.startswith(_BOM) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + skip  # in the file as given, BOM included
        line_start = data.rfind(b"\n", 0, offset) + 1
        raise SourceError(
            f"not valid UTF-8: byte 0x{data[offset]:02x} at byte offset {offset}, column {offset - line_start + 1}"
            " (save the file as UTF-8)",
            path=name,
            line=data.count(b"\n", 0, offset) + 1,
        ) from error
    # CRLF and lone CR (old Mac exports) become LF so line numbers and blank-line groups work.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_wide(data: bytes, encoding: str, *, name: str) -> str:
    """A UTF-16/32 file (Windows' "Unicode text") read by its byte-order mark; refused by name if it does not decode."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        good = data[:error.start].decode(encoding, errors="replace")
        raise SourceError(
            f"not valid {encoding.upper()} although it starts with its byte-order mark ({error.reason} "
            f"at byte offset {error.start}; save the file as UTF-8)",
            path=name,
            line=good.count("\n") + 1,
        ) from error
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _refuse_control_characters(text: str, *, name: str) -> None:
    sample = text[:65_536]
    if len(_CONTROL.findall(sample)) > _MAX_CONTROL_SHARE * len(sample):
        raise SourceError("binary file (mostly control characters), not a text, HTML or Markdown release", path=name)


def _format(text: str, *, name: str, fmt: str | None) -> str:
    if fmt is not None:
        kind = _ALIASES.get(fmt.lower())
        if kind is None:
            raise SourceError(f"unknown source format {fmt!r} (expected one of {', '.join(FORMATS)})", path=name)
        return kind
    by_extension = _EXTENSIONS.get(PurePath(name).suffix.lower())
    if by_extension:
        return by_extension
    # stdin or an unknown extension: sniff the content.
    if _LOOKS_HTML.search(text[:4096]):
        return "html"
    if _LOOKS_MARKDOWN.search(text):
        return "markdown"
    return "text"


def _raw_blocks(text: str, kind: str, *, name: str) -> list[RawBlock]:
    if kind == "html":
        return html_blocks(text, name=name)
    if kind == "markdown":
        # Raw HTML in Markdown is markup a renderer would run; in a plain-text dump "<script>" is
        # only characters (we never render sources as HTML), so there it is kept and shown as text.
        refuse_script(text, name=name)
        return markdown_blocks(text)
    return text_blocks(text)
