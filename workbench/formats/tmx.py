"""TMX 1.4b: approved source/target pairs for translation memories (export) and TMX files from other tools (read)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from workbench.errors import FormatError
from workbench.formats.xml_safe import XML_LANG, local_name, parse_xml, plain_text, to_bytes


@dataclass(frozen=True)
class TmUnit:
    """One translation unit: a source and a target sentence, with where it came from."""

    source_lang: str
    target_lang: str
    source: str
    target: str
    tuid: str = ""
    changed: datetime | None = None
    author: str = ""


#: The header ``srclang`` of a memory whose units do not share one source language (TMX 1.4b).
ANY_SOURCE = "*all*"


def _tmx_date(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def write_tmx(units: Iterable[TmUnit], source_lang: str, tool_version: str) -> bytes:
    """A TMX 1.4b document of ``units`` (in the order given)."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", creationtool="Workbench", creationtoolversion=tool_version,
                     segtype="sentence", attrib={"o-tmf": "workbench", "adminlang": "en", "srclang": source_lang,
                                                 "datatype": "plaintext"})
    body = etree.SubElement(root, "body")
    for unit in units:
        attrs = {"tuid": unit.tuid} if unit.tuid else {}
        if unit.changed is not None:
            attrs["changedate"] = _tmx_date(unit.changed)
        if unit.author:
            attrs["changeid"] = unit.author
        if source_lang == ANY_SOURCE:  # several source languages: each unit says which is its source
            attrs["srclang"] = unit.source_lang
        tu = etree.SubElement(body, "tu", attrs)
        for lang, text in ((unit.source_lang, unit.source), (unit.target_lang, unit.target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text
    try:
        return to_bytes(root)
    except ValueError as exc:  # a control character XML cannot carry
        raise FormatError(f"cannot be written as XML: {exc}") from None


def read_tmx(data: bytes, name: str) -> list[TmUnit]:
    """Every (source language -> other language) pair of a TMX file; FormatError with the line otherwise.

    A unit's source is its own ``srclang``, else the header's; ``*all*`` (any variant may be the
    source) gives every ordered pair of the unit's languages.
    """
    root = parse_xml(data, name)
    if local_name(root) != "tmx":
        raise FormatError(f"not a TMX file: the root element is <{local_name(root)}>", path=name, line=root.sourceline)
    header = next((el for el in root if local_name(el) == "header"), None)
    source_lang = header.get("srclang") if header is not None else None
    if not source_lang:
        raise FormatError("the TMX header has no srclang", path=name, line=root.sourceline)
    body = next((el for el in root if local_name(el) == "body"), None)
    if body is None:
        raise FormatError("the TMX file has no <body>", path=name, line=root.sourceline)
    units = []
    for tu in body:
        if local_name(tu) != "tu":
            continue
        texts: dict[str, str] = {}
        for tuv in tu:
            if local_name(tuv) != "tuv":
                continue
            lang = tuv.get(XML_LANG) or tuv.get("lang")
            seg = next((el for el in tuv if local_name(el) == "seg"), None)
            if not lang or seg is None:
                raise FormatError("a <tuv> without xml:lang or <seg>", path=name, line=tuv.sourceline)
            texts[lang] = plain_text(seg)
        unit_source = tu.get("srclang") or source_lang
        if unit_source == ANY_SOURCE:  # any variant may be the source: every ordered pair is a unit
            pairs = [(s, t) for s in sorted(texts) for t in sorted(texts) if s != t]
        elif unit_source in texts:
            pairs = [(unit_source, t) for t in sorted(texts) if t != unit_source]
        else:
            raise FormatError(f"a <tu> without the source language {unit_source!r}", path=name, line=tu.sourceline)
        units += [TmUnit(s, t, texts[s], texts[t], tu.get("tuid", ""), None, tu.get("changeid", "")) for s, t in pairs]
    return units
