"""gettext PO catalogs: plain entries, headers from babel's locale data, ``write_po`` and a strict ``read_po``
(both on bytes, as babel's are on binary files).

Writing goes through polib. Reading a catalog that comes back from outside (Poedit, Weblate,
msgmerge, another CAT tool) uses the strict parser of ``po_syntax`` because polib accepts what
``msgfmt`` refuses. The rule is msgfmt's: what ``msgfmt --check`` accepts is read (the header
anywhere, obsolete entries with their flags, comments that belong to no entry, CRLF line ends, a
catalog in any charset its header names, converted to text as gettext does, a ``.pot`` with plural
entries and no Plural-Forms); what it refuses is refused with a FormatError naming the line
(duplicates, obsolete ones included; plural counts; format strings and newlines, ``po_checks``).
A byte-order mark is refused by name, as msgfmt refuses it (docs/export.md says how to convert).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import polib
from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from workbench.errors import FormatError
from workbench.formats.po_checks import FormatMismatch, check_entry
from workbench.formats.po_syntax import RawEntry, parse_lines

#: Used when babel does not know the language (crh, for one): Germanic-style two forms, babel's default.
DEFAULT_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"
_CHARSET_RE = re.compile(r"charset\s*=\s*([^\s;]+)", re.IGNORECASE)
_NPLURALS_RE = re.compile(r"nplurals\s*=\s*(\d+)")


@dataclass(frozen=True)
class PoEntry:
    """One message: source, target, and the comments around it. ``line`` is 0 unless read from a file."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    references: tuple[str, ...] = ()
    extracted: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()
    fuzzy: bool = False
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class PoHeader:
    """What the header of an exported catalog says, before babel turns it into fields."""

    project: str
    lang: str
    revision_date: datetime
    creation_date: datetime
    last_translator: str
    language_team: str
    generator: str
    title: str = ""
    extra: tuple[tuple[str, str], ...] = ()


@dataclass
class PoCatalog:
    """A catalog read from a file: its header fields and its entries (header and obsolete ones left out)."""

    headers: dict[str, str]
    entries: list[PoEntry] = field(default_factory=list)
    path: str = ""
    warnings: list[str] = field(default_factory=list)  # what was read leniently, as msgfmt would (no charset...)

    @property
    def lang(self) -> str | None:
        """The Language header, or None."""
        return self.headers.get("Language") or None


def gettext_language(lang: str) -> str:
    """The Language header for a BCP-47 code: ``pt-BR`` -> ``pt_BR`` (babel's spelling when it knows it)."""
    try:
        return str(Locale.parse(lang, sep="-"))
    except (UnknownLocaleError, ValueError):
        return lang.replace("-", "_")


def plural_forms(lang: str) -> str:
    """The Plural-Forms header from babel's gettext table (not CLDR's categories, see docs/export.md)."""
    try:
        return str(get_plural(gettext_language(lang)).plural_forms)
    except (UnknownLocaleError, ValueError):
        return DEFAULT_PLURAL_FORMS


def language_name(lang: str) -> str:
    """The language's English name (``Spanish``), or the code when babel does not know it."""
    try:
        name = Locale.parse(lang, sep="-").english_name
    except (UnknownLocaleError, ValueError):
        return lang
    return name or lang


def _po_date(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M%z")


def header_fields(header: PoHeader) -> list[tuple[str, str]]:
    """The header fields of docs/export.md in gettext's usual order, then the X- extras."""
    return [
        ("Project-Id-Version", header.project),
        ("POT-Creation-Date", _po_date(header.creation_date)),
        ("PO-Revision-Date", _po_date(header.revision_date)),
        ("Last-Translator", header.last_translator),
        ("Language-Team", header.language_team),
        ("Language", gettext_language(header.lang)),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", plural_forms(header.lang)),
        ("X-Generator", header.generator),
        *header.extra,
    ]


def match_newlines(msgid: str, msgstr: str) -> str:
    """``msgstr`` with the leading and trailing newline of ``msgid`` (``msgfmt --check`` refuses a
    catalog where they differ); an empty translation stays empty."""
    msgstr = msgstr.strip("\n")
    head = "\n" if msgid.startswith("\n") else ""
    tail = "\n" if msgid.endswith("\n") else ""
    return f"{head}{msgstr}{tail}" if msgstr else ""


def write_po(header: PoHeader, entries: Iterable[PoEntry]) -> bytes:
    """The catalog as a UTF-8 PO file, entries in the order given."""
    # No wrapping (msgcat --no-wrap): textwrap makes polib 15x slower, and one line per string
    # keeps diffs between exports to the entries that changed.
    po = polib.POFile(wrapwidth=0)
    title = f"{header.title} — " if header.title else ""
    po.header = f"{title}{language_name(header.lang)} translation of release {header.project}."
    po.metadata = dict(header_fields(header))
    for e in entries:
        entry = polib.POEntry(
            msgid=e.msgid, msgstr=e.msgstr, msgctxt=e.msgctxt,
            occurrences=[(ref, "") for ref in e.references],
            comment="\n".join(e.extracted), tcomment="\n".join(e.comments),
            flags=["fuzzy"] if e.fuzzy else [],
        )
        if e.msgid_plural is not None:
            entry.msgid_plural = e.msgid_plural
            entry.msgstr_plural = dict(enumerate(e.msgstr_plural))
        po.append(entry)
    # polib keeps metadata as given; its own order puts the standard fields first, then X- ones sorted.
    return (str(po) + "\n").encode("utf-8")


def _parse_header(raw: RawEntry) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in (raw.msgstr or "").split("\n"):
        if ":" in line:
            key, _, value = line.partition(":")
            headers[key.strip()] = value.strip()
    return headers


_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"), (codecs.BOM_UTF8, "UTF-8"),
         (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))
#: What .pot templates say before anyone chose a charset: gettext reads them as ASCII.
_PLACEHOLDER_CHARSETS = frozenset({"charset", "ascii", "us-ascii", "ansi_x3.4-1968"})


def _charset_line(header: RawEntry, lines: Sequence[str]) -> int:
    end = header.value_lines.get("msgstr", header.line)
    return next((n for n in range(header.line, end + 1) if "Content-Type" in lines[n - 1]), end)


def _first_undecodable_line(data: bytes) -> int | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data[:exc.start].count(b"\n") + 1
    return None


def _decoding(data: bytes, headers: dict[str, str], header: RawEntry, lines: Sequence[str], path: str,
              warnings: list[str]) -> str | None:
    """The codec to decode the catalog with (None: UTF-8), from the header's charset."""
    match = _CHARSET_RE.search(headers.get("Content-Type", ""))
    if match is None:
        warnings.append("the header names no charset: read as UTF-8")
        return None
    charset = match.group(1)
    if charset.lower().replace("_", "-") in ("utf-8", "utf8") or charset.lower() in _PLACEHOLDER_CHARSETS:
        return None
    try:
        name = codecs.lookup(charset).name
    except LookupError as exc:
        # msgfmt accepts a charset it does not know (bytes as they are): so do we, if they are UTF-8.
        if _first_undecodable_line(data) is None:
            warnings.append(f"unknown charset {charset!r}: read as UTF-8")
            return None
        raise FormatError(f"unknown charset {charset!r}, and the text is not UTF-8: save the catalog as UTF-8",
                          path=path, line=_charset_line(header, lines)) from exc
    return None if name == "utf-8" else name


def _to_entry(raw: RawEntry, nplurals: int | None, path: str) -> PoEntry:
    translated = raw.msgstr or any(raw.msgstr_plural.values())
    if raw.msgid_plural is not None:
        if nplurals is None and translated:  # a .pot's empty plural entries need no Plural-Forms yet
            raise FormatError("a translated plural entry, but the header has no Plural-Forms", path=path,
                              line=raw.line)
        if nplurals is not None and len(raw.msgstr_plural) != nplurals:
            raise FormatError(f"wrong plural count: {len(raw.msgstr_plural)} msgstr[] forms, "
                              f"but Plural-Forms says nplurals={nplurals}", path=path, line=raw.line)
    if translated and "fuzzy" not in raw.flags:
        msgstrs = [raw.msgstr or ""] if raw.msgid_plural is None else [raw.msgstr_plural[i]
                                                                        for i in sorted(raw.msgstr_plural)]
        try:
            check_entry(raw.msgid or "", raw.msgid_plural, msgstrs, raw.flags)
        except FormatMismatch as exc:
            line = raw.value_lines.get("msgstr") or max(raw.value_lines.values(), default=raw.line)
            raise FormatError(str(exc), path=path, line=line) from exc
    return PoEntry(
        msgid=raw.msgid or "", msgstr=raw.msgstr or "", msgctxt=raw.msgctxt,
        references=tuple(raw.references), extracted=tuple(raw.extracted), comments=tuple(raw.comments),
        fuzzy="fuzzy" in raw.flags, msgid_plural=raw.msgid_plural,
        msgstr_plural=tuple(raw.msgstr_plural[i] for i in sorted(raw.msgstr_plural)), line=raw.line,
    )


def _decode_lines(data: bytes, codec: str | None, path: str) -> list[str]:
    """The catalog's lines (CRLF and CR read as line ends, as msgfmt reads them)."""
    if codec is None:
        text = data.decode("utf-8", errors="surrogateescape")
    else:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise FormatError(f"bytes that are not {codec}, although the header says so", path=path,
                              line=data[:exc.start].count(b"\n") + 1) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _header_of(raws: list[RawEntry], path: str) -> RawEntry:
    header = next((r for r in raws if r.msgid == "" and r.msgctxt is None and not r.obsolete), None)
    if header is None:
        raise FormatError('no header entry (msgid "" with the Content-Type): not a PO catalog',
                          path=path, line=raws[0].line if raws else 1)
    return header


def read_po(data: bytes, path: str) -> PoCatalog:
    """Parse a PO catalog as msgfmt would; FormatError naming the file and line for anything it refuses."""
    if not data.strip():
        raise FormatError("empty file: not a PO catalog", path=path, line=1)
    bom = next((name for mark, name in _BOMS if data.startswith(mark)), None)
    if bom is not None:
        fix = "save it without the mark" if bom == "UTF-8" else f"convert it (iconv -f {bom} -t UTF-8)"
        raise FormatError(f"the file starts with a {bom} byte-order mark, which msgfmt refuses: {fix}",
                          path=path, line=1)
    if b"\0" in data:
        raise FormatError("not a PO catalog: binary data (a compiled .mo?)",
                          path=path, line=data[:data.index(b"\0")].count(b"\n") + 1)
    # Undecodable bytes survive as surrogates until the header says which charset was meant.
    lines = _decode_lines(data, None, path)
    raws = parse_lines(lines, path)
    header = _header_of(raws, path)
    warnings: list[str] = []
    codec = _decoding(data, _parse_header(header), header, lines, path, warnings)
    if codec is not None:  # another charset: read the catalog again as text of that charset
        lines = _decode_lines(data, codec, path)
        raws = parse_lines(lines, path)
        header = _header_of(raws, path)
    else:
        bad = _first_undecodable_line(data)
        if bad is not None:
            raise FormatError("bytes that are not UTF-8, although the header says UTF-8", path=path, line=bad)
    headers = _parse_header(header)
    match = _NPLURALS_RE.search(headers.get("Plural-Forms", ""))
    nplurals = int(match.group(1)) if match else None
    entries: list[PoEntry] = []
    seen: dict[tuple[str | None, str], int] = {}
    for raw in raws:
        key = (raw.msgctxt, raw.msgid or "")
        if key in seen:
            what = "a second header entry (empty msgid)" if raw.msgid == "" and raw.msgctxt is None \
                else f"duplicate message (first at line {seen[key]})"
            raise FormatError(what, path=path, line=raw.line)
        seen[key] = raw.line
        if raw is header or raw.obsolete:
            continue
        entries.append(_to_entry(raw, nplurals, path))
    return PoCatalog(headers=headers, entries=entries, path=path, warnings=warnings)
