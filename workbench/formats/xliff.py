"""XLIFF: a release in one target language for desktop CAT tools; 2.1 and 1.2 written, both read.

XLIFF 2.1 is our own export (one ``<unit>`` with one ``<segment>`` per segment, read back strictly).
XLIFF 1.2 is what Weblate, Poedit, memoQ, Trados and Okapi exchange: ``<trans-unit>`` elements,
possibly inside ``<group>``s and several ``<file>``s, a ``state`` (and ``state-qualifier``) on the
``<target>`` and an ``approved`` attribute on the unit. Inline codes (``<g>``, ``<x/>``, ``<bpt>``,
``<ph>``...) are read as text without their native code; ``<mrk>`` segments (``<seg-source>``)
are joined. A unit with ``translate="no"`` is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from workbench.errors import FormatError
from workbench.formats.xml_safe import local_name, parse_xml, plain_text, to_bytes, writing

NS = "urn:oasis:names:tc:xliff:document:2.0"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
STATES = ("initial", "translated", "reviewed", "final")
#: The state-valueList of XLIFF 1.2 (a value outside it must start with ``x-``).
STATES12 = ("new", "needs-translation", "needs-l10n", "needs-adaptation", "translated",
            "needs-review-translation", "needs-review-l10n", "needs-review-adaptation", "final", "signed-off")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
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
    approved: bool = False  # XLIFF 1.2 approved="yes": a claim made in another tool
    state_qualifier: str = ""  # XLIFF 1.2: how the target came to be (mt-suggestion, leveraged-tm...)

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
    version: str = "2.1"


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def write_xliff(doc: XliffDocument) -> bytes:
    """The document as XLIFF 2.1."""
    with writing() as where:  # lxml refuses a control character as it is set: one FormatError naming the unit
        root = etree.Element(_q("xliff"), nsmap={None: NS}, version="2.1", srcLang=doc.source_lang,
                             trgLang=doc.target_lang)
        file_el = etree.SubElement(root, _q("file"), id=doc.file_id)
        for unit in doc.units:
            where.at = f"unit {unit.id!r}"
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
        where.at = ""
        return to_bytes(root)


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
    """An XLIFF 1.x document (every unit of every <file>) or the first <file> of a 2.x one.

    FormatError naming the line for anything malformed or of another kind.
    """
    root = parse_xml(data, name)
    if local_name(root) == "xliff" and str(root.get("version", "")).startswith("1."):
        return _read_v1(root, name)
    if local_name(root) != "xliff" or etree.QName(root.tag).namespace != NS:
        raise FormatError("not an XLIFF document (root <xliff> of version 1.x, or 2.x in the XLIFF 2.0 namespace "
                          "expected)", path=name, line=root.sourceline)
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




# --- XLIFF 1.2 -----------------------------------------------------------------------------


def _q12(tag: str) -> str:
    return f"{{{NS12}}}{tag}"


def write_xliff12(doc: XliffDocument) -> bytes:
    """The document as XLIFF 1.2 (units' states are 1.2 states; the note is ``from="workbench"``)."""
    with writing() as where:  # lxml refuses a control character as it is set: one FormatError naming the unit
        root = etree.Element(_q12("xliff"), nsmap={None: NS12}, version="1.2")
        file_el = etree.SubElement(root, _q12("file"), {"original": doc.file_id, "source-language": doc.source_lang,
                                                        "target-language": doc.target_lang, "datatype": "plaintext"})
        etree.SubElement(etree.SubElement(file_el, _q12("header")), _q12("tool"), {"tool-id": "workbench",
                                                                                   "tool-name": "Workbench"})
        body = etree.SubElement(file_el, _q12("body"))
        for unit in doc.units:
            where.at = f"unit {unit.id!r}"
            attrs = {"id": unit.id, "resname": unit.id, _XML_SPACE: "preserve"}
            if unit.approved:
                attrs["approved"] = "yes"
            unit_el = etree.SubElement(body, _q12("trans-unit"), attrs)
            etree.SubElement(unit_el, _q12("source")).text = unit.source
            if unit.target is not None:
                target_attrs = {"state": unit.state} if unit.state else {}
                if unit.state_qualifier:
                    target_attrs["state-qualifier"] = unit.state_qualifier
                etree.SubElement(unit_el, _q12("target"), target_attrs).text = unit.target
            if unit.note:
                etree.SubElement(unit_el, _q12("note"), {"from": "workbench"}).text = unit.note
        where.at = ""
        return to_bytes(root)


def _trans_units(parent: etree._Element) -> list[etree._Element]:
    """The <trans-unit>s of a <body>, in <group>s too (nested), in document order."""
    out: list[etree._Element] = []
    for child in parent:
        tag = local_name(child)
        if tag == "trans-unit":
            out.append(child)
        elif tag == "group" and child.get("translate") != "no":
            out.extend(_trans_units(child))
    return out


def _unit_v1(el: etree._Element, name: str) -> XliffUnit | None:
    unit_id = el.get("id")
    if not unit_id:
        raise FormatError("a <trans-unit> without id", path=name, line=el.sourceline)
    if el.get("translate") == "no":
        return None
    source = _child(el, "seg-source") if _child(el, "seg-source") is not None else _child(el, "source")
    if source is None:
        raise FormatError(f"trans-unit {unit_id!r} has no <source>", path=name, line=el.sourceline)
    target = _child(el, "target")
    state = target.get("state", "") if target is not None else ""
    if state and state not in STATES12 and not state.startswith("x-"):
        raise FormatError(f"unknown state {state!r} (XLIFF 1.2: {', '.join(STATES12)} or x-...)",
                          path=name, line=target.sourceline if target is not None else el.sourceline)
    approved = el.get("approved", "no")
    if approved not in ("yes", "no"):
        raise FormatError(f"approved={approved!r}: yes or no", path=name, line=el.sourceline)
    note = next((plain_text(n) for n in el if local_name(n) == "note" and n.get("from") == "workbench"), "")
    return XliffUnit(unit_id, plain_text(source), plain_text(target) if target is not None else None, state, note,
                     approved=approved == "yes",
                     state_qualifier=target.get("state-qualifier", "") if target is not None else "")


def _read_v1(root: etree._Element, name: str) -> XliffDocument:
    files = [el for el in root if local_name(el) == "file"]
    if not files:
        raise FormatError("no <file>", path=name, line=root.sourceline)
    units: list[XliffUnit] = []
    source_lang = target_lang = ""
    for file_el in files:
        src, trg = file_el.get("source-language", ""), file_el.get("target-language", "")
        if not src:
            raise FormatError("a <file> without source-language", path=name, line=file_el.sourceline)
        if target_lang and trg and trg.lower() != target_lang.lower():
            raise FormatError(f"<file>s in two target languages ({target_lang}, {trg})", path=name,
                              line=file_el.sourceline)
        source_lang, target_lang = source_lang or src, target_lang or trg
        body = _child(file_el, "body")
        if body is None:
            raise FormatError("a <file> without <body>", path=name, line=file_el.sourceline)
        units += [u for u in (_unit_v1(el, name) for el in _trans_units(body)) if u is not None]
    return XliffDocument(files[0].get("original", ""), source_lang, target_lang, tuple(units), version="1.2")
