"""The checks ``msgfmt --check`` makes on a translated entry, so that a catalog it refuses is refused here too.

- **newlines**: a msgid and each non-empty msgstr both begin, and both end, with ``\\n`` or neither;
- **format strings**, for entries flagged ``c-format``, ``python-format`` or ``python-brace-format``
  (``no-c-format`` and the like turn a check off): the translation uses the same arguments with
  the same types. A plural translation may leave an argument out (``un fichier`` for ``%d files``)
  but may not add one or change its type.

Fuzzy and untranslated entries are not checked (msgfmt does not compile them). The messages follow
msgfmt's so that a translator who knows its errors recognises them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# %[argnum$][flags][width][.precision][length]conversion, as printf(3) has it.
_C_RE = re.compile(r"%(?:(?P<num>\d+)\$)?(?P<flags>[-+ #0']*)(?P<width>\*(?:\d+\$)?|\d+)?"
                   r"(?:\.(?P<prec>\*(?:\d+\$)?|\d+))?(?P<len>hh|h|ll|l|L|q|j|z|t)?(?P<conv>[diouxXeEfFgGaAcspn%])")
_C_TYPES = {"d": "int", "i": "int", "o": "unsigned", "u": "unsigned", "x": "unsigned", "X": "unsigned",
            "e": "double", "E": "double", "f": "double", "F": "double", "g": "double", "G": "double",
            "a": "double", "A": "double", "c": "char", "s": "string", "p": "pointer", "n": "count"}
# %(name)[flags][width][.precision][length]conversion
_PY_RE = re.compile(r"%(?:\((?P<name>[^)]*)\))?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])")
_PY_TYPES = {"d": "int", "i": "int", "u": "int", "o": "int", "x": "int", "X": "int", "e": "float", "E": "float",
             "f": "float", "F": "float", "g": "float", "G": "float", "c": "char", "r": "string", "s": "string",
             "a": "string"}
_BRACE_RE = re.compile(r"\{\{|\}\}|\{(?P<field>[^{}:!]*)(?:![rsa])?(?::[^{}]*)?\}")


class FormatMismatch(ValueError):
    """A translation whose format directives do not agree with its msgid's; the message says how."""


def _c_args(text: str) -> dict[int, str]:
    args: dict[int, str] = {}
    position = 0
    for m in _C_RE.finditer(text):
        if m.group("conv") == "%":
            continue
        for star in (m.group("width"), m.group("prec")):
            if star and star.startswith("*"):
                position += 1
                args[int(star[1:-1]) if len(star) > 1 else position] = "int"
        position = int(m.group("num")) if m.group("num") else position + 1
        args[position] = (m.group("len") or "") + _C_TYPES[m.group("conv")]
    return args


def _py_args(text: str) -> tuple[dict[str, str], list[str]]:
    named: dict[str, str] = {}
    unnamed: list[str] = []
    for m in _PY_RE.finditer(text):
        if m.group("conv") == "%":
            continue
        kind = _PY_TYPES[m.group("conv")]
        if m.group("name") is not None:
            named[m.group("name")] = kind
        else:
            unnamed.append(kind)
    return named, unnamed


def _brace_args(text: str) -> set[str]:
    out: set[str] = set()
    for m in _BRACE_RE.finditer(text):
        name = m.group("field")
        if name is not None:
            out.add(re.split(r"[.\[]", name, maxsplit=1)[0])
    return out


def _check_c(msgid: str, msgstr: str, plural: bool) -> None:
    wanted, given = _c_args(msgid), _c_args(msgstr)
    if not plural and len(wanted) != len(given):
        raise FormatMismatch("number of format specifications in 'msgid' and 'msgstr' does not match")
    for n, kind in given.items():
        if n not in wanted:
            raise FormatMismatch("number of format specifications in 'msgid' and 'msgstr' does not match")
        if wanted[n] != kind:
            raise FormatMismatch(f"format specifications in 'msgid' and 'msgstr' for argument {n} are not the same")


def _check_python(msgid: str, msgstr: str, plural: bool) -> None:
    (wanted_named, wanted), (given_named, given) = _py_args(msgid), _py_args(msgstr)
    for name in given_named:
        if name not in wanted_named:
            raise FormatMismatch(f"a format specification for argument '{name}', as in 'msgstr', doesn't exist "
                                 "in 'msgid'")
    if not plural:
        for name in wanted_named:
            if name not in given_named:
                raise FormatMismatch(f"a format specification for argument '{name}' doesn't exist in 'msgstr'")
        if len(wanted) != len(given):
            raise FormatMismatch("number of format specifications in 'msgid' and 'msgstr' does not match")
    for name, kind in given_named.items():
        if wanted_named[name] != kind:
            raise FormatMismatch(f"format specifications in 'msgid' and 'msgstr' for argument '{name}' are not "
                                 "the same")
    for n, (a, b) in enumerate(zip(wanted, given, strict=False), start=1):
        if a != b:
            raise FormatMismatch(f"format specifications in 'msgid' and 'msgstr' for argument {n} are not the same")
    if len(given) > len(wanted):
        raise FormatMismatch("number of format specifications in 'msgid' and 'msgstr' does not match")


def _check_brace(msgid: str, msgstr: str, plural: bool) -> None:
    wanted, given = _brace_args(msgid), _brace_args(msgstr)
    for name in sorted(given - wanted):
        raise FormatMismatch(f"a format specification for argument '{name}', as in 'msgstr', doesn't exist in 'msgid'")
    if not plural:
        for name in sorted(wanted - given):
            raise FormatMismatch(f"a format specification for argument '{name}' doesn't exist in 'msgstr'")


_CHECKS = {"c-format": _check_c, "python-format": _check_python, "python-brace-format": _check_brace}


def check_entry(msgid: str, msgid_plural: str | None, msgstrs: Sequence[str], flags: Sequence[str]) -> None:
    """Raise FormatMismatch (msgfmt's wording) if a translated entry would fail ``msgfmt --check``."""
    plural = msgid_plural is not None
    for i, msgstr in enumerate(msgstrs):
        if not msgstr:
            continue
        name = f"msgstr[{i}]" if plural else "msgstr"
        for edge, test in (("begin", str.startswith), ("end", str.endswith)):
            if test(msgid, "\n") != test(msgstr, "\n"):
                raise FormatMismatch(f"'msgid' and '{name}' entries do not both {edge} with '\\n'")
        # a plural form is held to msgid_plural; the first may follow the singular instead ("one file")
        sources = [msgid] if msgid_plural is None else ([msgid_plural, msgid] if i == 0 else [msgid_plural])
        for flag, check in _CHECKS.items():
            if flag not in flags or f"no-{flag}" in flags:
                continue
            failures = []
            for source in sources:
                try:
                    check(source, msgstr, plural)
                    break
                except FormatMismatch as exc:
                    failures.append(exc)
            else:
                raise failures[0]
