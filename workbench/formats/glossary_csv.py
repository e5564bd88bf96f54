"""Glossary CSV files (docs/glossary.md): one concept per row, read and written losslessly.

Header: ``id,kind,<lang>,<lang>,...,variants,note`` in any order, plus two optional columns:

- ``sources``: free text saying where the spellings come from (kept, never interpreted);
- ``case``: ``sensitive`` or ``insensitive`` forces how the concept is matched; empty lets the
  matcher derive it (acronyms and short terms sensitive, names and long terms insensitive).

``id`` and ``kind`` are required; every other column must be a known one or look like a BCP-47
language code (``fr``, ``en``, ``crh``, ``pt-BR``). An empty language cell means "no form decided".

``variants`` is a ``;``-separated list of ``lang:form`` entries. Inside a form a backslash escapes
``;`` and ``\\`` (``fr:A\\;B`` is the one form ``A;B``), so any form survives the round trip; the
glossary editor writes variants the same way (``domain.glossary.parse_variants``).

Spreadsheet formulas: a cell whose first character is ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return would run as a formula when the file is opened in a spreadsheet, so the writer
prefixes it with ``'``. To keep that unambiguous the writer also prefixes a cell that already
starts with ``'`` followed by one of those characters or by another ``'``. The reader removes one
leading ``'`` exactly when the next character is one of ``= + - @ ' tab CR``: ``'=SUM(A1)`` reads
as ``=SUM(A1)``, ``''=x`` as ``'=x``, and a hand-written ``'s-Hertogenbosch`` stays as it is.

Cells are stripped of surrounding white space. Files are UTF-8 (a byte-order mark is accepted), or
UTF-16/UTF-32 with their byte-order mark (a spreadsheet's "Unicode text");
anything malformed is refused whole with a FormatError naming the file, the line and the reason.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import BinaryIO

from workbench.config import LANGUAGES
from workbench.domain import control_chars
from workbench.domain.encodings import wide_encoding
from workbench.domain.glossary import CONCEPT_KINDS, Concept, format_variants, is_form_lang, parse_variants
from workbench.errors import FormatError

KNOWN_COLUMNS = ("id", "kind", "variants", "note", "sources", "case")
#: Preferred order of language columns when writing (the workbench's languages); others follow alphabetically.
LANG_ORDER = LANGUAGES
CASE_VALUES = {"": None, "sensitive": True, "insensitive": False}

# Characters that make a spreadsheet evaluate a cell (OWASP "CSV injection"), and the escape mark.
_FORMULA_START = frozenset("=+-@\t\r")
_ESCAPED_START = _FORMULA_START | {"'"}


def escape_cell(value: str) -> str:
    """The cell as written: formula-like starts (and the escape mark before one) prefixed with ``'``."""
    if value[:1] in _FORMULA_START or (value[:1] == "'" and value[1:2] in _ESCAPED_START):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """The cell as meant: exactly the prefix ``escape_cell`` adds is removed."""
    if value[:1] == "'" and value[1:2] in _ESCAPED_START:
        return value[1:]
    return value


def _decode(data: bytes, name: str) -> str:
    wide = wide_encoding(data)  # spreadsheets save "Unicode text" as UTF-16 with a byte-order mark
    if wide is not None:
        try:
            return data.decode(wide)
        except UnicodeDecodeError as exc:
            raise FormatError(f"not {wide.upper()} although it starts with its byte-order mark ({exc.reason})",
                              path=name, line=1) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FormatError(
            f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8", path=name, line=line
        ) from exc


def _header(row: list[str], name: str) -> list[str]:
    columns = [unescape_cell(c.strip()) for c in row]
    seen: set[str] = set()
    for col in columns:
        if col in seen:
            raise FormatError(f"column {col!r} appears twice", path=name, line=1)
        seen.add(col)
        if col not in KNOWN_COLUMNS and not is_form_lang(col):
            raise FormatError(
                f"unknown column {col!r}: expected a language code (fr, en, crh, ...) or one of "
                + ", ".join(KNOWN_COLUMNS),
                path=name,
                line=1,
            )
    for required in ("id", "kind"):
        if required not in seen:
            raise FormatError(f"no {required!r} column in the header", path=name, line=1)
    return columns


def read_glossary_csv(source: bytes | BinaryIO, name: str) -> list[Concept]:
    """Read a glossary CSV (bytes or a binary stream) into concepts; FormatError on anything malformed."""
    data = source if isinstance(source, bytes) else source.read()
    text = _decode(data, name)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    concepts: list[Concept] = []
    first_line: dict[str, int] = {}
    columns: list[str] | None = None
    line = 1
    try:
        for row in reader:
            # csv.reader.line_num is the line a record ends on; a quoted cell may span lines.
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if columns is None:
                columns = _header(row, name)
                continue
            concepts.append(_concept(row, columns, name, start, first_line))
    except csv.Error as exc:
        raise FormatError(f"not valid CSV ({exc})", path=name, line=reader.line_num or 1) from exc
    if columns is None:
        raise FormatError("empty file: no header line", path=name, line=1)
    return concepts


def _concept(row: list[str], columns: list[str], name: str, line: int, first_line: dict[str, int]) -> Concept:
    if len(row) > len(columns):
        raise FormatError(f"{len(row)} cells but the header has {len(columns)} columns", path=name, line=line)
    cells = {col: unescape_cell(cell.strip()) for col, cell in zip(columns, row, strict=False)}
    cid = cells.get("id", "")
    if not cid:
        raise FormatError("empty id", path=name, line=line)
    if cid in first_line:
        raise FormatError(f"duplicate id {cid!r} (first on line {first_line[cid]})", path=name, line=line)
    first_line[cid] = line
    for col, value in cells.items():  # a TBX export, and drafts through XML formats, could not carry it
        unwritable = control_chars.first_unwritable(value)
        if unwritable is not None:
            raise FormatError(f"{col!r} of {cid!r} holds an invisible control character ({unwritable})",
                              path=name, line=line)
    kind = cells.get("kind", "")
    if kind not in CONCEPT_KINDS:
        raise FormatError(
            f"unknown kind {kind!r} for {cid!r}: expected one of {', '.join(CONCEPT_KINDS)}", path=name, line=line
        )
    case = cells.get("case", "").lower()
    if case not in CASE_VALUES:
        raise FormatError(f"unknown case {case!r}: expected sensitive, insensitive or empty", path=name, line=line)
    try:
        variants = parse_variants(cells.get("variants", ""))
    except ValueError as exc:
        raise FormatError(f"{exc} in {cid!r}", path=name, line=line) from exc
    forms = {col: value for col, value in cells.items() if col not in KNOWN_COLUMNS and value}
    return Concept(
        id=cid,
        kind=kind,
        forms=forms,
        variants=variants,
        note=cells.get("note", ""),
        sources=cells.get("sources", ""),
        case_sensitive=CASE_VALUES[case],
    )


def _lang_columns(concepts: list[Concept]) -> list[str]:
    langs = {lang for c in concepts for lang, form in c.forms.items() if form}
    return [lang for lang in LANG_ORDER if lang in langs] + sorted(langs - set(LANG_ORDER))


def write_glossary_csv(concepts: Iterable[Concept]) -> bytes:
    """The concepts as a glossary CSV file (UTF-8, ``\\n`` line ends)."""
    concepts = list(concepts)
    stream = io.StringIO(newline="")
    langs = _lang_columns(concepts)
    columns = ["id", "kind", *langs, "variants", "note"]
    if any(c.sources for c in concepts):
        columns.append("sources")
    if any(c.case_sensitive is not None for c in concepts):
        columns.append("case")
    writer = csv.writer(stream, lineterminator="\n")
    # The csv module quotes only cells holding a character of the line terminator ("\n"), so a
    # row with a bare carriage return is written fully quoted, or the CR would end the record.
    quoting_writer = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(columns)
    for c in concepts:
        case = "" if c.case_sensitive is None else ("sensitive" if c.case_sensitive else "insensitive")
        values = {"id": c.id, "kind": c.kind, "variants": format_variants(c.variants), "note": c.note,
                  "sources": c.sources, "case": case}
        row = [values[col] if col in values else c.forms.get(col, "") for col in columns]
        cells = [escape_cell(cell) for cell in row]
        (quoting_writer if any("\r" in cell for cell in cells) else writer).writerow(cells)
    return stream.getvalue().encode("utf-8")
