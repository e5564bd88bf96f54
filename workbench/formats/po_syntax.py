"""The line grammar of a PO file, parsed strictly: every entry with the line it starts on.

polib and babel accept files that GNU ``msgfmt`` refuses and name no line when they fail, so
catalogs coming back from outside go through this parser, which refuses anything ``msgfmt``
would and says where, and accepts what it accepts: blank lines mean nothing (an entry ends where
the next one's comments or ``msgctxt``/``msgid`` begin), comments that belong to no entry (at the
end of the file, before an obsolete one) are dropped, and obsolete ``#~`` entries are parsed like
the others and marked ``obsolete`` (msgfmt counts them in its duplicate check). It knows the
syntax only; ``po.read_po`` checks the header, the charset, the plural counts and the formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench.errors import FormatError

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
            "\\": "\\", '"': '"', "'": "'", "?": "?"}
_KEYWORD_RE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]*(".*)$')
_OCTAL = frozenset("01234567")
# A well-formed string with only the common escapes: the fast path (catalogs are mostly this).
_SIMPLE_RE = re.compile(r'"([^"\\]*(?:\\[ntr"\\][^"\\]*)*)"[ \t]*')
_SIMPLE_ESCAPE_RE = re.compile(r"\\([ntr\"\\])")
_HEX = frozenset("0123456789abcdefABCDEF")


@dataclass
class RawEntry:
    """One entry as written, before any check of its meaning."""

    line: int
    msgctxt: str | None = None
    msgid: str | None = None
    msgid_plural: str | None = None
    msgstr: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    extracted: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    obsolete: bool = False  # a #~ entry: kept by tools for history, never imported
    # where each keyword's string ended, for errors about the value (the header's charset line)
    value_lines: dict[str, int] = field(default_factory=dict)


def parse_string(text: str, path: str, line: int) -> str:
    """The value of one C-quoted PO string (``"..."`` and nothing after it but blanks)."""
    simple = _SIMPLE_RE.fullmatch(text)
    if simple is not None:
        body = simple.group(1)
        return _SIMPLE_ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(1)], body) if "\\" in body else body
    if not text.startswith('"'):
        raise FormatError("syntax error: expected a quoted string", path=path, line=line)
    out: list[str] = []
    i, n = 1, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            if text[i + 1:].strip(" \t"):
                raise FormatError(f"syntax error: unexpected text after the string: {text[i + 1:]!r}",
                                  path=path, line=line)
            return "".join(out)
        if ch == "\\":
            i += 1
            if i >= n:
                break
            esc = text[i]
            if esc in _ESCAPES:
                out.append(_ESCAPES[esc])
            elif esc in _OCTAL:
                j = i
                while j < n and j < i + 3 and text[j] in _OCTAL:
                    j += 1
                out.append(chr(int(text[i:j], 8)))
                i = j - 1
            elif esc == "x" and i + 1 < n and text[i + 1] in _HEX:
                j = i + 1
                while j < n and text[j] in _HEX:
                    j += 1
                out.append(chr(int(text[i + 1:j], 16) & 0xFF))
                i = j - 1
            else:
                raise FormatError(f"invalid escape sequence \\{esc}", path=path, line=line)
        else:
            out.append(ch)
        i += 1
    raise FormatError("unterminated string: a closing \" is missing", path=path, line=line)


class _Parser:
    def __init__(self, path: str) -> None:
        self.path = path
        self.entries: list[RawEntry] = []
        self.entry: RawEntry | None = None
        self.last: str | None = None  # the keyword a continuation string belongs to
        self.seen_keyword = False

    def error(self, message: str, line: int) -> FormatError:
        if not self.seen_keyword:
            message = f"not a PO catalog: {message}"
        return FormatError(message, path=self.path, line=line)

    def finish(self, at_end: bool = False) -> None:
        entry = self.entry
        if entry is None:
            return
        if entry.msgid is None and entry.msgctxt is None and (at_end or entry.obsolete):
            # Comments that belong to no entry: at the end of the file, or the flags of an obsolete
            # entry msgmerge wrote without its #~ msgid. msgfmt ignores them; so do we.
            self.entry = None
            return
        if entry.msgid is None:
            raise self.error("comments or msgctxt without msgid", entry.line)
        if entry.msgstr is None and not entry.msgstr_plural:
            raise self.error("entry without msgstr", entry.line)
        if entry.msgid_plural is not None and entry.msgstr is not None:
            raise self.error("an entry with msgid_plural needs msgstr[0], msgstr[1], ...", entry.line)
        if entry.msgid_plural is None and entry.msgstr_plural:
            raise self.error("msgstr[N] without msgid_plural", entry.line)
        if entry.msgstr_plural and sorted(entry.msgstr_plural) != list(range(len(entry.msgstr_plural))):
            raise self.error("plural forms must be numbered msgstr[0], msgstr[1], ... without gaps", entry.line)
        self.entries.append(entry)
        self.entry = None
        self.last = None

    def comment(self, text: str, lineno: int) -> None:
        if self.entry is not None and (self.entry.msgid is not None or self.entry.obsolete):
            self.finish()
        if self.entry is None:
            self.entry = RawEntry(line=lineno)
        kind, body = text[1:2], text[2:].strip()
        if kind == ",":
            self.entry.flags.extend(f.strip() for f in body.split(",") if f.strip())
        elif kind == ".":
            self.entry.extracted.append(body)
        elif kind == ":":
            self.entry.references.extend(body.split())
        elif kind == "|":
            pass  # previous msgid: advice for translators, nothing to import
        else:
            self.entry.comments.append(text[1:].strip())

    def keyword(self, match: re.Match[str], lineno: int, obsolete: bool = False) -> None:
        word, index, rest = match.group(1), match.group(2), match.group(3)
        value = parse_string(rest.strip(), self.path, lineno)
        self.seen_keyword = True
        entry = self.entry
        if entry is not None and ((word in ("msgctxt", "msgid") and entry.msgid is not None)
                                  or (entry.obsolete != obsolete and entry.msgid is not None)):
            self.finish()
            entry = None
        if entry is None:
            entry = self.entry = RawEntry(line=lineno)
        if obsolete:
            entry.obsolete = True
        if word == "msgctxt":
            if entry.msgctxt is not None:
                raise self.error("a second msgctxt in one entry", lineno)
            entry.msgctxt = value
        elif word == "msgid":
            entry.msgid = value
        elif entry.msgid is None:
            raise self.error(f"{word.split('[')[0]} without msgid", lineno)
        elif word == "msgid_plural":
            if entry.msgid_plural is not None or entry.msgstr is not None or entry.msgstr_plural:
                raise self.error("msgid_plural out of place", lineno)
            entry.msgid_plural = value
        elif index is None:
            if entry.msgstr is not None or entry.msgstr_plural:
                raise self.error("a second msgstr in one entry", lineno)
            entry.msgstr = value
        else:
            if entry.msgstr is not None or int(index) in entry.msgstr_plural:
                raise self.error(f"msgstr[{index}] given twice or mixed with msgstr", lineno)
            entry.msgstr_plural[int(index)] = value
        self.last = word
        entry.value_lines[word] = lineno

    def continuation(self, text: str, lineno: int) -> None:
        if self.entry is None or self.last is None:
            raise self.error("a string that belongs to no keyword", lineno)
        value = parse_string(text, self.path, lineno)
        entry, word = self.entry, self.last
        if word == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + value
        elif word == "msgid":
            entry.msgid = (entry.msgid or "") + value
        elif word == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + value
        elif word == "msgstr":
            entry.msgstr = (entry.msgstr or "") + value
        else:
            index = int(word[7:-1])
            entry.msgstr_plural[index] += value
        entry.value_lines[word] = lineno


def parse_lines(lines: list[str], path: str) -> list[RawEntry]:
    """Every entry of a PO file's lines, obsolete ``#~`` ones marked so; FormatError with the line."""
    parser = _Parser(path)
    for lineno, raw in enumerate(lines, start=1):
        text = raw.strip(" \t")
        obsolete = text.startswith("#~")
        if obsolete:
            text = text[2:].strip(" \t")
            if not text or text.startswith("|") or text.startswith("#"):
                continue  # an obsolete entry's previous msgid, or a comment inside one
        if not text:
            continue  # blank lines separate nothing in gettext's grammar
        if not obsolete and text.startswith("#"):
            parser.comment(text, lineno)
        elif text.startswith('"'):
            parser.continuation(text, lineno)
        else:
            match = _KEYWORD_RE.match(text)
            if match is None:
                shown = text if len(text) <= 40 else text[:40] + "…"
                raise parser.error(f"syntax error: {shown!r} is neither a keyword, a string nor a comment", lineno)
            parser.keyword(match, lineno, obsolete)
    parser.finish(at_end=True)
    return parser.entries
