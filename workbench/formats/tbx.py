"""TBX-Basic (ISO 30042) term bases, read and written for exchange with other terminology tools.

Mapping between a Concept and a ``conceptEntry`` (written in TBX v3, namespace
``urn:iso:std:iso:30042:ed-2``, dialect TBX-Basic):

- ``id`` -> ``conceptEntry/@id``;
- ``kind`` -> ``<descrip type="subjectField">`` (person, org, place, term). TBX-Basic has no
  category for the kind of a named entity; the subject field is the concept-level category other
  tools show people. On reading, a missing subject field means ``term`` and a subject field that
  is not one of our kinds is kept in the note ("subject field: ...") with kind ``term``;
- ``note`` -> ``<note>``; ``sources`` -> ``<admin type="source">``; a forced matching case ->
  ``<admin type="projectSubset">case=sensitive</admin>`` (or ``case=insensitive``);
- the preferred form of a language -> a ``termSec`` with ``administrativeStatus``
  ``preferredTerm-admn-sts``; each variant -> ``deprecatedTerm-admn-sts``, because DESIGN §4 flags
  a variant in a target text (a spelling to recognise, not to write). On reading, admitted,
  deprecated and superseded terms all become variants; a term without a status is the preferred
  form when its language has no preferred term yet (files from tools that write no status).

TBX groups terms by language, so variants come back grouped by language (in the order their
languages first appear); every form, kind, note, source and case survives CSV -> TBX -> CSV.
Older TBX v2 files (``martif``/``termEntry``/``langSet``/``tig``) are read too.

Parsing uses lxml with entity resolution and network access off, and a document that carries a
DOCTYPE (the only way to declare entities) is refused: no entity expansion, no external fetch.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO, TextIO

from lxml import etree

from workbench.domain.glossary import CONCEPT_KINDS, Concept, ConceptKind
from workbench.errors import FormatError
from workbench.formats.xml_safe import local_name, parse_xml

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED = "preferredTerm-admn-sts"
VARIANT = "deprecatedTerm-admn-sts"
CASE_PREFIX = "case="

# Element names of TBX v3 and their TBX v2 twins.
_CONCEPT = {"conceptEntry", "termEntry"}
_LANG = {"langSec", "langSet"}
_TERM = {"termSec", "tig", "ntig"}


def _text(el: etree._Element) -> str:
    return "".join(el.itertext()).strip()


def read_tbx(source: bytes | BinaryIO, name: str) -> list[Concept]:
    """Read a TBX-Basic file (bytes or a binary stream) into concepts; FormatError on anything malformed."""
    data = source if isinstance(source, bytes) else source.read()
    root = parse_xml(data, name)
    if local_name(root) not in ("tbx", "martif"):
        raise FormatError(f"not a TBX file: the root element is <{local_name(root)}>", path=name, line=root.sourceline)
    concepts: list[Concept] = []
    first_line: dict[str, int] = {}
    for entry in root.iter():
        if local_name(entry) in _CONCEPT:
            concept = _concept(entry, name)
            line = entry.sourceline or 1
            if concept.id in first_line:
                raise FormatError(f"duplicate id {concept.id!r} (first on line {first_line[concept.id]})",
                                  path=name, line=line)
            first_line[concept.id] = line
            concepts.append(concept)
    return concepts


def _concept(entry: etree._Element, name: str) -> Concept:
    line = entry.sourceline or 1
    cid = (entry.get("id") or "").strip()
    if not cid:
        raise FormatError("a conceptEntry has no id", path=name, line=line)
    kind: ConceptKind = "term"
    notes: list[str] = []
    foreign_fields: list[str] = []
    sources = ""
    case: bool | None = None
    forms: dict[str, str] = {}
    variants: list[tuple[str, str]] = []
    for child in entry:
        tag, typ = local_name(child), child.get("type")
        if tag == "descrip" and typ == "subjectField":
            value = _text(child)
            if value in CONCEPT_KINDS:
                kind = value
            elif value:
                foreign_fields.append(f"subject field: {value}")
        elif tag == "note":
            notes.append(_text(child))
        elif tag == "admin" and typ == "source":
            sources = _text(child)
        elif tag == "admin" and typ == "projectSubset" and _text(child).startswith(CASE_PREFIX):
            value = _text(child)[len(CASE_PREFIX):]
            if value not in ("sensitive", "insensitive"):
                raise FormatError(f"unknown case {value!r} in {cid!r}", path=name, line=child.sourceline)
            case = value == "sensitive"
        elif tag in _LANG:
            _lang_sec(child, cid, name, forms, variants)
    note = "\n".join(n for n in notes + foreign_fields if n)
    return Concept(cid, kind, forms, tuple(variants), note, sources, case)


def _lang_sec(sec: etree._Element, cid: str, name: str, forms: dict[str, str],
              variants: list[tuple[str, str]]) -> None:
    lang = (sec.get(XML_LANG) or sec.get("lang") or "").strip()
    if not lang:
        raise FormatError(f"a langSec of {cid!r} has no xml:lang", path=name, line=sec.sourceline)
    unmarked: list[str] = []
    for term_sec in sec:
        if local_name(term_sec) not in _TERM:
            continue
        term = next((el for el in term_sec.iter() if local_name(el) == "term"), None)
        form = _text(term) if term is not None else ""
        if not form:
            raise FormatError(f"an empty term in {cid!r} ({lang})", path=name, line=term_sec.sourceline)
        status = next((_text(el) for el in term_sec.iter()
                       if local_name(el) == "termNote" and el.get("type") == "administrativeStatus"), "")
        if status == PREFERRED and lang not in forms:
            forms[lang] = form
        elif status:
            variants.append((lang, form))
        else:
            unmarked.append(form)
    if unmarked and lang not in forms:
        forms[lang] = unmarked.pop(0)
    variants.extend((lang, form) for form in unmarked)


def _sub(parent: etree._Element, tag: str, text: str, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{TBX_NS}}}{tag}", attrs)
    el.text = text
    return el


def _term(lang_sec: etree._Element, form: str, status: str) -> None:
    term_sec = etree.SubElement(lang_sec, f"{{{TBX_NS}}}termSec")
    _sub(term_sec, "term", form)
    _sub(term_sec, "termNote", status, type="administrativeStatus")


def write_tbx(concepts: Iterable[Concept], stream: TextIO) -> None:
    """Write concepts as a TBX-Basic document to a text stream (UTF-8 declared)."""
    root = etree.Element(f"{{{TBX_NS}}}tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "en"},
                         nsmap={None: TBX_NS})
    header = etree.SubElement(root, f"{{{TBX_NS}}}tbxHeader")
    desc = etree.SubElement(etree.SubElement(header, f"{{{TBX_NS}}}fileDesc"), f"{{{TBX_NS}}}sourceDesc")
    _sub(desc, "p", "Workbench glossary export")
    body = etree.SubElement(etree.SubElement(root, f"{{{TBX_NS}}}text"), f"{{{TBX_NS}}}body")
    try:
        for c in concepts:
            entry = etree.SubElement(body, f"{{{TBX_NS}}}conceptEntry", id=c.id)
            _sub(entry, "descrip", c.kind, type="subjectField")
            if c.note:
                _sub(entry, "note", c.note)
            if c.sources:
                _sub(entry, "admin", c.sources, type="source")
            if c.case_sensitive is not None:
                value = "sensitive" if c.case_sensitive else "insensitive"
                _sub(entry, "admin", CASE_PREFIX + value, type="projectSubset")
            # Languages of variants first, in order of appearance, so that reading the file back
            # gives the variants in the same (language-grouped) order.
            langs = list(dict.fromkeys([lang for lang, _ in c.variants] + [lang for lang, f in c.forms.items() if f]))
            for lang in langs:
                sec = etree.SubElement(entry, f"{{{TBX_NS}}}langSec", {XML_LANG: lang})
                if c.forms.get(lang):
                    _term(sec, c.forms[lang], PREFERRED)
                for vlang, form in c.variants:
                    if vlang == lang:
                        _term(sec, form, VARIANT)
    except ValueError as exc:  # lxml refuses control characters, which XML 1.0 cannot carry
        raise FormatError(f"cannot be written as XML: {exc}") from None
    etree.indent(root, space="  ")
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(etree.tostring(root, encoding="unicode"))
    stream.write("\n")
