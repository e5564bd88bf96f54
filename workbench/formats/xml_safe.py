"""Parsing XML from outside (TMX, TBX, XLIFF) without entity expansion, DTDs or network access.

Other tools write a DOCTYPE that only names the DTD (``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``:
OmegaT, the LISA kit, Translate Toolkit, Weblate). That line is harmless: the DTD is never
loaded, so it is blanked out (spaces, newlines kept, so every line number stays right) before
lxml sees the document. A DOCTYPE with an internal subset (``[...]``) is refused: it is the only
place entities can be declared, and entity expansion is how XML bombs and external fetches work.
With the DOCTYPE gone an entity reference other than the five predefined ones (``&nbsp;``) is an
error of the parser, named with its line, never a silent hole in the text.

Documents in UTF-16 or UTF-32 (with a byte-order mark, as XML requires) are transcoded to UTF-8
first, so the same checks apply to every encoding.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from lxml import etree

from workbench.domain.encodings import wide_encoding
from workbench.errors import FormatError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# What may stand before the root element: the XML declaration, comments, processing
# instructions, white space, and one DOCTYPE.
_MISC_RE = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_DOCTYPE_RE = re.compile(
    rb"<!DOCTYPE\s+[^\s\[>]+(?:\s+(?:SYSTEM\s+(?:\"[^\"]*\"|'[^']*')"
    rb"|PUBLIC\s+(?:\"[^\"]*\"|'[^']*')\s+(?:\"[^\"]*\"|'[^']*')))?\s*(?P<end>[\[>])"
)
_HEAD_BYTES = 64 * 1024


def _blank_doctype(head: bytes, name: str) -> bytes:
    """``head`` with a harmless DOCTYPE replaced by spaces; FormatError for one with an internal subset."""
    pos = 0
    while True:
        match = _MISC_RE.match(head, pos)
        if match is None or match.end() == pos:
            break
        pos = match.end()
    if not head.startswith(b"<!DOCTYPE", pos):
        return head
    line = head.count(b"\n", 0, pos) + 1
    doctype = _DOCTYPE_RE.match(head, pos)
    if doctype is None:
        raise FormatError("a DOCTYPE that is not well-formed", path=name, line=line)
    if doctype.group("end") == b"[":
        raise FormatError("a DOCTYPE with an internal subset (entity declarations) is refused: "
                          "entity expansion is unsafe", path=name, line=line)
    text = doctype.group(0)
    blank = bytes(b if b in b"\r\n" else 0x20 for b in text)
    return head[:pos] + blank + head[doctype.end():]


class _Chunks(io.RawIOBase):
    """A read-only stream of the prepared head followed by the rest of the source."""

    def __init__(self, head: bytes, rest: Iterator[bytes]) -> None:
        self._buffer = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while (size < 0 or len(self._buffer) < size) and (chunk := next(self._rest, None)) is not None:
            self._buffer += chunk
        if size < 0:
            size = len(self._buffer)
        out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out


def _raw_chunks(stream: BinaryIO) -> Iterator[bytes]:
    while chunk := stream.read(1 << 16):
        yield chunk


def _utf8_chunks(chunks: Iterator[bytes], encoding: str) -> Iterator[bytes]:
    decoder = codecs.getincrementaldecoder(encoding)()
    for chunk in chunks:
        yield decoder.decode(chunk).encode("utf-8")
    yield decoder.decode(b"", final=True).encode("utf-8")


def prepared(source: bytes | BinaryIO, name: str) -> tuple[BinaryIO, bool]:
    """A stream of the document ready for lxml, and whether it was transcoded to UTF-8.

    FormatError (with the line) for an internal DTD subset or text in a wide encoding that does not decode.
    """
    stream: BinaryIO = io.BytesIO(source) if isinstance(source, bytes) else source
    head = stream.read(_HEAD_BYTES)
    chunks = _raw_chunks(stream)
    transcoded = False
    wide = wide_encoding(head)
    if wide is not None:
        utf8 = _utf8_chunks(_prepend(head, chunks), wide)
        try:
            head = b"".join(_take(utf8, _HEAD_BYTES))
        except UnicodeDecodeError as exc:
            raise FormatError(f"not {wide.upper()} although it starts with its byte-order mark ({exc.reason})",
                              path=name, line=1) from exc
        chunks = _guarded(utf8, wide, name)
        transcoded = True
    elif head.startswith(codecs.BOM_UTF8):
        head = head[3:]  # lines stay the same; the prolog scan below starts at the declaration
    head = _blank_doctype(head, name)
    return _Chunks(head, chunks), transcoded  # type: ignore[return-value]


def _prepend(head: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield head
    yield from rest


def _take(chunks: Iterator[bytes], size: int) -> Iterator[bytes]:
    got = 0
    while got < size and (chunk := next(chunks, None)) is not None:
        got += len(chunk)
        yield chunk


def _guarded(chunks: Iterator[bytes], encoding: str, name: str) -> Iterator[bytes]:
    try:
        yield from chunks
    except UnicodeDecodeError as exc:
        raise FormatError(f"not {encoding.upper()} although it starts with its byte-order mark ({exc.reason})",
                          path=name) from exc


def check_no_doctype(root: etree._Element, name: str) -> None:
    """Refuse a DOCTYPE lxml still saw (one past the head ``prepared`` scans cannot be vouched for)."""
    if root.getroottree().docinfo.doctype:
        raise FormatError("a DOCTYPE this reader cannot check is refused (entity expansion is unsafe)",
                          path=name, line=1)


def syntax_error(exc: etree.XMLSyntaxError, name: str) -> FormatError:
    """Our error for lxml's, with the line it names."""
    # iterparse with entities unresolved reports "no element found" at line 0; its log has the cause.
    logged = next((e for e in exc.error_log if e.level >= etree.ErrorLevels.ERROR), None)
    if logged is not None and (not exc.lineno or exc.msg.startswith("no element found")):
        return FormatError(f"not well-formed XML ({logged.message})", path=name, line=logged.line or 1)
    return FormatError(f"not well-formed XML ({exc.msg})", path=name, line=exc.lineno or 1)


def check_root(root: etree._Element, name: str, expected: str, kind: str) -> None:
    """Refuse a document whose root element is not ``expected`` (any namespace)."""
    if local_name(root) != expected:
        raise FormatError(f"not a {kind} file: the root element is <{local_name(root)}>", path=name,
                          line=root.sourceline or 1)


def iterparse(source: bytes | BinaryIO, name: str, *, root: str, kind: str, events: tuple[str, ...] = ("end",),
              tag: str | tuple[str, ...] | None = None) -> Iterator[tuple[str, etree._Element]]:
    """lxml's ``iterparse`` over a document prepared by ``prepared``, whose root must be ``root``.

    FormatError with the line on bad XML or another kind of document (``kind`` names the expected one).
    """
    stream, transcoded = prepared(source, name)
    parser = etree.iterparse(stream, events=events, tag=tag, resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=False, encoding="utf-8" if transcoded else None)
    etree.clear_error_log()  # iterparse logs to the thread's global log; only this document's errors count
    first = True
    try:
        for event, el in parser:  # the first element: the document's root is checked before any is given
            top = el.getroottree().getroot()
            check_no_doctype(top, name)
            check_root(top, name, root, kind)
            first = False
            yield event, el
            break
        yield from parser  # the rest straight from lxml: no Python step per element
    except etree.XMLSyntaxError as exc:
        raise syntax_error(exc, name) from exc
    if first and parser.root is not None:  # no element the caller asked for: say what the document is
        check_no_doctype(parser.root, name)
        check_root(parser.root, name, root, kind)


def parse_xml(source: bytes | BinaryIO, name: str) -> etree._Element:
    """The root element of ``source``; FormatError with the line for anything malformed or unsafe."""
    stream, transcoded = prepared(source, name)
    data = stream.read()
    if not data.strip():
        raise FormatError("not XML (empty file)", path=name, line=1)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, encoding="utf-8" if transcoded else None)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise syntax_error(exc, name) from exc
    except ValueError as exc:  # text with an encoding declaration, and the like
        raise FormatError(f"not XML ({exc})", path=name, line=1) from exc
    if root is None:
        raise FormatError("not XML (no root element)", path=name, line=1)
    check_no_doctype(root, name)
    return root


def local_name(el: etree._Element) -> str:
    """The element's name without its namespace ('' for comments and processing instructions)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag if tag[:1] != "{" else tag.partition("}")[2]  # string work: no QName object per call


#: Inline elements that wrap translatable text (TMX <hi>, XLIFF <g>/<pc>/<mrk>); the others
#: (<ph>, <bpt>, <ept>, <it>, <ut>, <x/>, <bx/>, <ex/>) hold or stand for native codes.
TEXT_WRAPPERS = frozenset({"g", "pc", "mrk", "hi", "sub"})


def plain_text(el: etree._Element) -> str:
    """The text of an element without its inline markup's own content (a TMX <ph>'s native code)."""
    parts = [el.text or ""]
    for child in el:
        if local_name(child) in TEXT_WRAPPERS:
            parts.append(plain_text(child))  # wrappers around translatable text
        parts.append(child.tail or "")
    return "".join(parts)


def to_bytes(root: etree._Element, indent: bool = True) -> bytes:
    """The document as UTF-8 with an XML declaration, indented unless told (deterministic)."""
    if indent:
        etree.indent(root, space="  ")
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


class Writing:
    """Where a writer is (``at``: ``unit 'p3'``), for the message of a text XML cannot carry."""

    at = ""


@contextmanager
def writing() -> Iterator[Writing]:
    """Around building and serialising a document: lxml refuses a control character XML 1.0 cannot
    carry with a ValueError, as the text is set, which becomes the writers' one FormatError naming
    the entry being written (the writer keeps ``Writing.at`` up to date): without it, a stray
    ``\\x01`` stored before such texts were refused gave no clue to which segment holds it."""
    where = Writing()
    try:
        yield where
    except ValueError as exc:
        at = f" ({where.at})" if where.at else ""
        raise FormatError(f"cannot be written as XML{at}: {exc}") from exc
