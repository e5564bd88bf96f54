"""TBX term bases (ISO 30042), read and written for exchange with other terminology tools.

Read: TBX v3 (``tbx``/``conceptEntry``/``langSec``/``termSec``, namespace
``urn:iso:std:iso:30042:ed-2``) in both styles, DCA (``<termNote type="partOfSpeech">``) and DCT
(``<min:partOfSpeech>``, any namespace other than TBX's), and TBX v2 (``martif``/``termEntry``/
``langSet``/``tig``/``ntig``). Written: TBX v3, dialect TBX-Basic, DCA style.

Mapping between a Concept and a concept entry:

- ``id`` <-> the entry's ``id``; an entry without one (allowed in TBX v2) gets a stable generated
  id, ``tbx-`` and a digest of its terms, the same at every import of the same entry;
- ``kind`` <-> ``<descrip type="subjectField">`` when it is one of our kinds (person, org, place,
  term); another subject field (``human rights``) is kept as a field and the kind is ``term``;
- concept-level ``<note>``s <-> ``note`` (joined by newlines); the first concept-level
  ``<admin type="source">`` <-> ``sources``; ``<admin type="projectSubset">case=sensitive</admin>``
  (or ``insensitive``) <-> a forced matching case;
- each term's ``administrativeStatus`` is kept exactly: a preferred term is its language's form
  (the first one; a second preferred term is a variant that stays preferred), every other term a
  variant with its status (admitted, deprecated, superseded, obsolete) written back unchanged. A
  term without a status is its language's form when the language has no preferred term, and is
  written back without one. Concepts made in the workbench write forms as preferred and variants
  as deprecated (docs/glossary.md: a variant is flagged in a target);
- everything else a term base says (definitions, contexts, part of speech, term types, notes and
  sources of languages and terms, other subject fields, cross-references, ``transacGrp`` dates and
  responsibilities) is kept as ``TermField``s at its level and written back there.

Refused with the line: not well-formed or unsafe XML (xml_safe: a DOCTYPE that only names a DTD is
fine), a concept entry without a language section, a language section without ``xml:lang`` or
without terms, a term section without exactly one non-empty ``<term>``, a ``termNote`` outside a
term, a duplicate id; and in a document that declares ``type="TBX-Basic"``, the rules of the
TBX-Basic schema: its data categories only, a subject field only at concept level, and the values
of its picklists (administrative status, part of speech, term type, grammatical gender).
``obsoleteTerm-admn-sts`` is read although TBX-Basic's picklist has no such value (older tools
write it). A term base holding data outside TBX-Basic (an obsolete status, a category of full TBX
read from a ``type="TBX"`` file) is written with ``type="TBX"``, so that every file that says
TBX-Basic keeps TBX-Basic's rules and the data still comes back as it went.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import BinaryIO

from lxml import etree

from workbench.domain import language_tags
from workbench.domain.glossary import CONCEPT_KINDS, Concept, ConceptKind, TermField, TermStatus
from workbench.errors import FormatError
from workbench.formats.xml_safe import XML_LANG, local_name, parse_xml, writing

TBX_NS = "urn:iso:std:iso:30042:ed-2"
PREFERRED = "preferredTerm-admn-sts"
VARIANT = "deprecatedTerm-admn-sts"
CASE_PREFIX = "case="

STATUS_VALUES: dict[str, TermStatus] = {
    "preferredTerm-admn-sts": "preferred", "admittedTerm-admn-sts": "admitted",
    "deprecatedTerm-admn-sts": "deprecated", "supersededTerm-admn-sts": "superseded",
    "obsoleteTerm-admn-sts": "obsolete",
}
#: Plain words that TBX-Min and some tools write instead (TBX-Min's notRecommended is Basic's deprecated).
_STATUS_WORDS: dict[str, TermStatus] = {"preferred": "preferred", "admitted": "admitted", "deprecated": "deprecated",
                                        "notRecommended": "deprecated", "superseded": "superseded",
                                        "obsolete": "obsolete"}
_STATUS_OUT = {status: value for value, status in STATUS_VALUES.items()}

# TBX-Basic's data categories: the element DCA writes each in, the levels it may stand at (None:
# any), and its picklist (None: free text). From the TBX-Basic schema's rules (v3 and v2).
_CONCEPT_LEVEL, _ANY = frozenset({"concept"}), None
_BASIC: dict[str, tuple[str, frozenset[str] | None, frozenset[str] | None]] = {
    "subjectField": ("descrip", _CONCEPT_LEVEL, None),
    "definition": ("descrip", frozenset({"concept", "lang"}), None),
    "context": ("descrip", frozenset({"term"}), None),
    "source": ("admin", _ANY, None),
    "customerSubset": ("admin", _ANY, None),
    "projectSubset": ("admin", _ANY, None),
    "administrativeStatus": ("termNote", frozenset({"term"}), frozenset(STATUS_VALUES)),  # obsolete: see above
    "partOfSpeech": ("termNote", frozenset({"term"}),
                     frozenset({"noun", "verb", "adjective", "adverb", "properNoun", "other"})),
    "termType": ("termNote", frozenset({"term"}),
                 frozenset({"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"})),
    "grammaticalGender": ("termNote", frozenset({"term"}), frozenset({"masculine", "feminine", "neuter", "other"})),
    "geographicalUsage": ("termNote", frozenset({"term"}), None),
    "termLocation": ("termNote", frozenset({"term"}), None),
    "externalCrossReference": ("xref", _ANY, None),
    "xGraphic": ("xref", _ANY, None),
    "crossReference": ("ref", _ANY, None),
}
_DATA_ELEMENTS = frozenset({"descrip", "admin", "termNote", "xref", "ref"})
_GROUPS = frozenset({"descripGrp", "adminGrp", "termNoteGrp"})
_TRANSACTION_PARTS = {"transac": "type", "transactionType": "type", "date": "date", "transacNote": "by",
                      "responsibility": "by"}

# Element names of TBX v3 and their TBX v2 twins.
_CONCEPT = {"conceptEntry", "termEntry"}
_LANG = {"langSec", "langSet"}
_TERM = {"termSec", "tig", "ntig"}


def basic_violation(category: str, element: str, level: str, value: str) -> str | None:
    """Why a data category breaks the TBX-Basic schema's rules at ``level`` (concept, lang, term), or None."""
    rule = _BASIC.get(category)
    if rule is None or rule[0] != element:
        return f"{element} type {category!r} is not a TBX-Basic data category"
    levels, picklist = rule[1], rule[2]
    if levels is not None and level not in levels:
        return f"{category} may not stand in a {level} section in TBX-Basic"
    if picklist is not None and value not in picklist:
        return f"{category} {value!r} is not one of TBX-Basic's values ({', '.join(sorted(picklist))})"
    return None


def _text(el: etree._Element) -> str:
    return "".join(el.itertext()).strip()


class _Reader:
    """One document's reading: its name, whether it declares TBX-Basic, and the errors it raises."""

    def __init__(self, name: str, basic: bool) -> None:
        self.name = name
        self.basic = basic

    def error(self, message: str, el: etree._Element) -> FormatError:
        return FormatError(message, path=self.name, line=el.sourceline or 1)

    # --- data categories ---

    def data(self, el: etree._Element, level: str, lang: str = "", form: str = "") -> list[TermField]:
        """The fields one child of a concept, language or term section holds ([] for none of ours)."""
        tag = local_name(el)
        if not tag:
            return []  # a comment or processing instruction
        namespace = etree.QName(el.tag).namespace
        if tag in _GROUPS:
            return [f for child in el for f in self.data(child, level, lang, form)]
        if tag == "transacGrp":
            parts = {_TRANSACTION_PARTS[local_name(c)]: _text(c) for c in el if local_name(c) in _TRANSACTION_PARTS}
            return [TermField(parts.get("type", ""), parts.get("date", ""), lang, form, "transacGrp",
                              parts.get("by", ""))]
        if tag == "note" and namespace in (None, TBX_NS):
            return [TermField("note", _text(el), lang, form, "note")]
        if namespace not in (None, TBX_NS):  # DCT style: the element's name is the data category
            element = _BASIC[tag][0] if tag in _BASIC else ("termNote" if level == "term" else "descrip")
            return [self.field(el, tag, element, level, lang, form)]
        if tag in _DATA_ELEMENTS:
            category = el.get("type") or ""
            if not category:
                raise self.error(f"a <{tag}> without type", el)
            return [self.field(el, category, tag, level, lang, form)]
        if self.basic:
            raise self.error(f"<{tag}> is not allowed in a TBX-Basic {level} section", el)
        return []

    def field(self, el: etree._Element, category: str, element: str, level: str, lang: str,
              form: str) -> TermField:
        value = _text(el)
        if element == "termNote" and level != "term":
            raise self.error(f"a termNote ({category}) outside a term section", el)
        if self.basic:
            problem = basic_violation(category, element, level, value)
            if problem:
                raise self.error(problem, el)
        return TermField(category, value, lang, form, element, el.get("target", ""))

    # --- sections ---

    def concept(self, entry: etree._Element, generated: dict[str, int]) -> Concept:
        cid = (entry.get("id") or "").strip()
        kind: ConceptKind = "term"
        kind_given = False
        notes: list[str] = []
        sources = ""
        case: bool | None = None
        forms: dict[str, str] = {}
        variants: list[tuple[str, str]] = []
        statuses: list[tuple[str, str, TermStatus]] = []
        fields: list[TermField] = []
        sections = 0
        for child in entry:
            if local_name(child) in _LANG:
                sections += 1
                self.lang_sec(child, forms, variants, statuses, fields)
                continue
            for f in self.data(child, "concept"):
                if f.category == "subjectField" and f.value in CONCEPT_KINDS and not kind_given:
                    kind, kind_given = f.value, True
                elif f.element == "note":
                    notes.append(f.value)
                elif f.category == "source" and f.element == "admin" and not sources:
                    sources = f.value
                elif f.category == "projectSubset" and f.value.startswith(CASE_PREFIX):
                    value = f.value[len(CASE_PREFIX):]
                    if value not in ("sensitive", "insensitive"):
                        raise self.error(f"unknown case {value!r} in {cid or 'a concept'!r}", child)
                    case = value == "sensitive"
                else:
                    fields.append(f)
        if not sections:
            raise self.error("a concept entry without any language section", entry)
        if not cid:
            cid = _generated_id(forms, variants, generated)
        note = "\n".join(n for n in notes if n)
        return Concept(cid, kind, forms, tuple(variants), note, sources, case, tuple(statuses), tuple(fields))

    def lang_sec(self, sec: etree._Element, forms: dict[str, str], variants: list[tuple[str, str]],
                 statuses: list[tuple[str, str, TermStatus]], fields: list[TermField]) -> None:
        lang = (sec.get(XML_LANG) or sec.get("lang") or "").strip()
        if not lang:
            raise self.error("a language section without xml:lang", sec)
        if not language_tags.is_tag(lang):
            raise self.error(f"xml:lang {lang[:40]!r} is not a language code (BCP 47)", sec)
        terms: list[tuple[str, TermStatus, list[TermField]]] = []
        for child in sec:
            if local_name(child) in _TERM:
                terms.append(self.term_sec(child, lang))
            else:
                fields.extend(self.data(child, "lang", lang))
        if not terms:
            raise self.error(f"a language section ({lang}) without any term", sec)
        # The language's form: its first preferred term, else (files without statuses) its first unmarked one.
        chosen = next((i for i, t in enumerate(terms) if t[1] == "preferred"), None)
        if chosen is None:
            chosen = next((i for i, t in enumerate(terms) if t[1] == ""), None)
        for i, (form, status, term_fields) in enumerate(terms):
            fields.extend(term_fields)
            if i == chosen and lang not in forms:
                forms[lang] = form
                if status == "":
                    statuses.append((lang, form, ""))
                continue
            variants.append((lang, form))
            if status != "deprecated":
                statuses.append((lang, form, status))

    def term_sec(self, sec: etree._Element, lang: str) -> tuple[str, TermStatus, list[TermField]]:
        # v2's ntig puts the term and its termNotes in a termGrp; the rest of the data beside it
        children: list[etree._Element] = []
        for child in sec:
            children.extend(child if local_name(child) == "termGrp" else [child])
        terms = [c for c in children if local_name(c) == "term"]
        if len(terms) != 1:
            raise self.error(f"a term section ({lang}) with {len(terms)} <term> elements; one is required", sec)
        form = _text(terms[0])
        if not form:
            raise self.error(f"an empty term ({lang})", sec)
        status: TermStatus = ""
        out: list[TermField] = []
        for child in children:
            if child is terms[0]:
                continue
            for f in self.data(child, "term", lang, form):
                if f.category == "administrativeStatus" and (f.value in STATUS_VALUES or f.value in _STATUS_WORDS):
                    status = STATUS_VALUES.get(f.value) or _STATUS_WORDS[f.value]
                else:
                    out.append(f)
        return form, status, out


def _generated_id(forms: dict[str, str], variants: list[tuple[str, str]], generated: dict[str, int]) -> str:
    """A stable id for an entry without one: ``tbx-`` and a digest of its terms (``-2``... when two agree)."""
    terms = sorted([f"{lang}:{form}" for lang, form in forms.items()] + [f"{lang}:{form}" for lang, form in variants])
    cid = "tbx-" + hashlib.sha256("\n".join(terms).encode()).hexdigest()[:12]
    generated[cid] = generated.get(cid, 0) + 1
    return cid if generated[cid] == 1 else f"{cid}-{generated[cid]}"


def read_tbx(source: bytes | BinaryIO, name: str) -> list[Concept]:
    """Read a TBX file (bytes or a binary stream) into concepts; FormatError with the line on anything invalid."""
    data = source if isinstance(source, bytes) else source.read()
    root = parse_xml(data, name)
    if local_name(root) not in ("tbx", "martif"):
        raise FormatError(f"not a TBX file: the root element is <{local_name(root)}>", path=name, line=root.sourceline)
    reader = _Reader(name, basic=(root.get("type") or "").strip() == "TBX-Basic")
    concepts: list[Concept] = []
    first_line: dict[str, int] = {}
    generated: dict[str, int] = {}
    for entry in root.iter():
        if local_name(entry) in _CONCEPT:
            concept = reader.concept(entry, generated)
            line = entry.sourceline or 1
            if concept.id in first_line:
                raise FormatError(f"duplicate id {concept.id!r} (first on line {first_line[concept.id]})",
                                  path=name, line=line)
            first_line[concept.id] = line
            concepts.append(concept)
    return concepts


# --- writing -------------------------------------------------------------------------------


def _sub(parent: etree._Element, tag: str, text: str, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{TBX_NS}}}{tag}", attrs)
    el.text = text
    return el


def _write_field(parent: etree._Element, f: TermField) -> None:
    element = _element(f)
    if element == "note":
        _sub(parent, "note", f.value)
    elif element == "transacGrp":
        grp = etree.SubElement(parent, f"{{{TBX_NS}}}transacGrp")
        _sub(grp, "transac", f.category, type="transactionType")
        if f.value:
            _sub(grp, "date", f.value)
        if f.detail:
            _sub(grp, "transacNote", f.detail, type="responsibility")
    else:
        attrs = {"type": f.category}
        if f.detail and element in ("xref", "ref"):
            attrs["target"] = f.detail
        _sub(parent, element, f.value, **attrs)


def _term(lang_sec: etree._Element, form: str, status: TermStatus, fields: list[TermField]) -> None:
    term_sec = etree.SubElement(lang_sec, f"{{{TBX_NS}}}termSec")
    _sub(term_sec, "term", form)
    if status:
        _sub(term_sec, "termNote", _STATUS_OUT[status], type="administrativeStatus")
    # termSec content: term, termNote*, then the other data categories
    for f in sorted(fields, key=lambda f: _element(f) != "termNote"):
        _write_field(term_sec, f)


def _entry(body: etree._Element, c: Concept) -> None:
    entry = etree.SubElement(body, f"{{{TBX_NS}}}conceptEntry", id=c.id)
    concept_fields = [f for f in c.fields if not f.lang]
    if c.kind != "term" or not any(f.category == "subjectField" for f in concept_fields):
        _sub(entry, "descrip", c.kind, type="subjectField")
    if c.note:
        _sub(entry, "note", c.note)
    if c.sources:
        _sub(entry, "admin", c.sources, type="source")
    if c.case_sensitive is not None:
        value = "sensitive" if c.case_sensitive else "insensitive"
        _sub(entry, "admin", CASE_PREFIX + value, type="projectSubset")
    for f in concept_fields:
        _write_field(entry, f)
    # Languages of variants first, in order of appearance, so that reading the file back gives
    # the variants in the same (language-grouped) order.
    langs = list(dict.fromkeys([lang for lang, _ in c.variants] + [lang for lang, f in c.forms.items() if f]))
    for lang in langs:
        sec = etree.SubElement(entry, f"{{{TBX_NS}}}langSec", {XML_LANG: lang})
        for f in c.fields:
            if f.lang == lang and not f.form:
                _write_field(sec, f)
        terms = ([(c.forms[lang], True)] if c.forms.get(lang) else []) + [(form, False) for vlang, form in c.variants
                                                                          if vlang == lang]
        for form, preferred in terms:
            term_fields = [f for f in c.fields if f.lang == lang and f.form == form]
            _term(sec, form, c.status_of(lang, form, preferred), term_fields)


def _level(f: TermField) -> str:
    return "term" if f.form else "lang" if f.lang else "concept"


def _element(f: TermField) -> str:
    return f.element or (_BASIC[f.category][0] if f.category in _BASIC else "termNote" if f.form else "descrip")


def is_basic(concepts: Iterable[Concept]) -> bool:
    """Whether the concepts' data fit TBX-Basic (else a file kept them from a larger dialect)."""
    for c in concepts:
        if any(status == "obsolete" for _, _, status in c.statuses):
            return False  # obsoleteTerm-admn-sts is no TBX-Basic value
        for f in c.fields:
            if _element(f) not in ("note", "transacGrp") and basic_violation(f.category, _element(f), _level(f),
                                                                              f.value):
                return False
    return True


def write_tbx(concepts: Iterable[Concept]) -> bytes:
    """The concepts as a TBX v3 document (DCA), encoded in UTF-8.

    A concept without any spelling is left out (TBX requires at least one term). The dialect is
    TBX-Basic, unless data read from a file of a larger dialect (a data category or
    value TBX-Basic does not have) would break its rules: the file then says ``type="TBX"``.
    """
    concepts = list(concepts)
    dialect = "TBX-Basic" if is_basic(concepts) else "TBX"
    root = etree.Element(f"{{{TBX_NS}}}tbx", {"type": dialect, "style": "dca", XML_LANG: "en"},
                         nsmap={None: TBX_NS})
    header = etree.SubElement(root, f"{{{TBX_NS}}}tbxHeader")
    desc = etree.SubElement(etree.SubElement(header, f"{{{TBX_NS}}}fileDesc"), f"{{{TBX_NS}}}sourceDesc")
    _sub(desc, "p", "Workbench glossary export")
    body = etree.SubElement(etree.SubElement(root, f"{{{TBX_NS}}}text"), f"{{{TBX_NS}}}body")
    with writing() as where:  # lxml refuses control characters, which XML 1.0 cannot carry
        for c in concepts:
            where.at = f"concept {c.id!r}"
            if c.all_forms():  # TBX requires a term: a concept with no spelling yet has nothing to exchange
                _entry(body, c)
    etree.indent(root, space="  ")
    text: str = '<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="unicode") + "\n"
    return text.encode("utf-8")
