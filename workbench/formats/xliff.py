"""XLIFF 2.1: a release in one target language, for desktop CAT tools (write and strict read)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from workbench.errors import FormatError
from workbench.formats.xml_safe import local_name, parse_xml, plain_text, to_bytes

NS = "urn:oasis:names:tc:xliff:document:2.0"
STATES = ("initial", "translated", "reviewed", "final")
_VERSION_RE = re.compile(r"\bversion (\d+)$")


@dataclass(frozen=True)
class XliffUnit:
    """One segment: its id, source, target (None when untranslated), XLIFF state and exported version."""

    id: str
    source: str
    target: str | None
    state: str = "initial"
    note: str = ""
    sub_state: str = ""

    @property
    def version(self) -> int:
        """The version the note says the segment was exported at (0 when it does not say)."""
        match = _VERSION_RE.search(self.note)
        return int(match.group(1)) if match else 0


@dataclass(frozen=True)
class XliffDocument:
    """One <file> of an XLIFF document: the release slug, the languages and the units in order."""

    file_id: str
    source_lang: str
    target_lang: str
    units: tuple[XliffUnit, ...]


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def write_xliff(doc: XliffDocument) -> bytes:
    """The document as XLIFF 2.1."""
    root = etree.Element(_q("xliff"), nsmap={None: NS}, version="2.1", srcLang=doc.source_lang,
                         trgLang=doc.target_lang)
    file_el = etree.SubElement(root, _q("file"), id=doc.file_id)
    for unit in doc.units:
        unit_el = etree.SubElement(file_el, _q("unit"), id=unit.id)
        if unit.note:
            notes = etree.SubElement(unit_el, _q("notes"))
            etree.SubElement(notes, _q("note"), category="workbench").text = unit.note
        attrs = {"state": unit.state}
        if unit.sub_state:
            attrs["subState"] = unit.sub_state
        seg = etree.SubElement(unit_el, _q("segment"), attrs)
        etree.SubElement(seg, _q("source")).text = unit.source
        if unit.target is not None:
            etree.SubElement(seg, _q("target")).text = unit.target
    try:
        return to_bytes(root)
    except ValueError as exc:
        raise FormatError(f"cannot be written as XML: {exc}") from None


def _child(el: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in el if local_name(c) == name), None)


def _unit(unit_el: etree._Element, name: str) -> XliffUnit:
    unit_id = unit_el.get("id")
    if not unit_id:
        raise FormatError("a <unit> without id", path=name, line=unit_el.sourceline)
    segments = [c for c in unit_el if local_name(c) == "segment"]
    if len(segments) != 1:
        raise FormatError(f"unit {unit_id!r} has {len(segments)} segments; one is expected",
                          path=name, line=unit_el.sourceline)
    seg = segments[0]
    source, target = _child(seg, "source"), _child(seg, "target")
    if source is None:
        raise FormatError(f"unit {unit_id!r} has no <source>", path=name, line=seg.sourceline)
    state = seg.get("state", "initial")
    if state not in STATES:
        raise FormatError(f"unknown state {state!r} (use {', '.join(STATES)})", path=name, line=seg.sourceline)
    notes = _child(unit_el, "notes")
    note = next((plain_text(n) for n in notes if local_name(n) == "note"
                 and n.get("category") == "workbench"), "") if notes is not None else ""
    return XliffUnit(unit_id, plain_text(source), plain_text(target) if target is not None else None, state, note,
                     seg.get("subState", ""))


def read_xliff(data: bytes, name: str) -> XliffDocument:
    """The first <file> of an XLIFF 2.x document; FormatError naming the line for anything else."""
    root = parse_xml(data, name)
    if local_name(root) != "xliff" or etree.QName(root.tag).namespace != NS:
        raise FormatError("not an XLIFF 2 document (root <xliff> in the XLIFF 2.0 namespace expected)",
                          path=name, line=root.sourceline)
    if not str(root.get("version", "")).startswith("2."):
        raise FormatError(f"XLIFF version {root.get('version')!r}: only 2.x is read", path=name, line=root.sourceline)
    source_lang, target_lang = root.get("srcLang"), root.get("trgLang")
    if not source_lang or not target_lang:
        raise FormatError("srcLang and trgLang are required", path=name, line=root.sourceline)
    file_el = _child(root, "file")
    if file_el is None:
        raise FormatError("no <file>", path=name, line=root.sourceline)
    units = tuple(_unit(el, name) for el in file_el if local_name(el) == "unit")
    return XliffDocument(file_el.get("id", ""), source_lang, target_lang, units)


