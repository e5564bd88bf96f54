"""TMX 1.4b: translation memories written (approved pairs) and read from other tools, faithfully and as a stream.

Reading follows the TMX 1.4b DTD and what OmegaT, Trados, memoQ, the LISA kit, Translate Toolkit
and Weblate write:

- language codes compare without case (``EN-US`` is ``en-US``) and keep their region; a unit's
  source is its own ``srclang``, else the header's; when no variant carries that very code, a
  variant of the same base language is the source (header ``en``, variants ``en-US``/``en-GB``);
  ``*all*`` makes every variant a source in turn;
- a unit without any variant of its source language is skipped and reported (``TmxReader.skipped``)
  instead of refusing the file; every other variant of a unit gives a pair, two variants of one
  language included;
- ``<note>`` and ``<prop>`` of the unit and of the two variants of a pair are kept with the level they
  stood at (``TmxField``), and so are ``creationdate``/``creationid``/``changedate``/``changeid``: a
  variant's own dates win over its unit's (OmegaT dates the target ``<tuv>``);
- the content of inline codes (``<bpt>``, ``<ept>``, ``<ph>``, ``<it>``, ``<ut>``) is not text: the
  pair's ``source``/``target`` leave it out (matching ignores it) and ``source_markup``/
  ``target_markup`` keep the ``<seg>``'s content as XML, written back as it came.

The document is parsed with lxml's ``iterparse`` (xml_safe: no entities, no DTD, no network) and
each ``<tu>`` is dropped once read, so memory stays flat whatever the file's size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache, partial
from typing import BinaryIO, Literal, NamedTuple
from xml.sax.saxutils import escape

from lxml import etree

from workbench.domain.language_tags import base, canonical, is_tag
from workbench.domain.tm import normalise
from workbench.errors import FormatError
from workbench.formats.xml_safe import XML_LANG, iterparse, local_name, parse_xml, plain_text, to_bytes, writing

FieldLevel = Literal["tu", "source", "target"]


class TmxField(NamedTuple):
    """A ``<note>`` or ``<prop>`` of a unit, kept to be written back where it stood."""

    kind: Literal["note", "prop"]
    text: str
    type: str = ""  # a prop's type (``x-context``, ``file``...)
    lang: str = ""  # its xml:lang, when it has one
    level: FieldLevel = "tu"


class TmUnit(NamedTuple):
    """One translation pair: a source and a target sentence, with where and when it came from.

    A named tuple, not a dataclass: a large memory makes hundreds of thousands of them.
    """

    source_lang: str
    target_lang: str
    source: str
    target: str
    tuid: str = ""
    changed: datetime | None = None
    author: str = ""  # changeid
    created: datetime | None = None
    creator: str = ""  # creationid
    fields: tuple[TmxField, ...] = ()
    source_markup: str = ""  # the source <seg>'s content as XML when it holds inline codes, else ""
    target_markup: str = ""


@dataclass(frozen=True)
class TmxWarning:
    """A unit left out of the import, and why."""

    line: int
    message: str


#: The header ``srclang`` of a memory whose units do not share one source language (TMX 1.4b).
ANY_SOURCE = "*all*"
_DATE_ATTRS = ("creationdate", "creationid", "changedate", "changeid")


def tmx_date(when: datetime) -> str:
    """A TMX date: UTC, ``YYYYMMDDThhmmssZ``."""
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@lru_cache(maxsize=4096)  # a memory's units share many dates (a project's, a day's): each parsed once
def parse_tmx_date(text: str | None) -> datetime | None:
    """``20171027T143000Z`` -> an aware datetime; None for a missing or malformed date (the DTD does not check)."""
    if not text or len(text) != 16 or text[8] != "T" or text[15] != "Z" or not text[:8].isdigit():
        return None
    try:
        return datetime.fromisoformat(text)  # reads ISO 8601's basic format since Python 3.11
    except ValueError:
        return None


@lru_cache(maxsize=512)
def _lang(code: str) -> str:
    """language_tags.canonical, cached: a memory holds a handful of codes, written on every variant."""
    return canonical(code)


# --- writing -------------------------------------------------------------------------------


def _markup_seg(text: str, markup: str) -> etree._Element | None:
    """The <seg> of a stored markup, or None when there is none or it no longer says ``text``."""
    if not markup:
        return None
    try:
        seg = parse_xml(f"<seg>{markup}</seg>".encode(), "markup")
    except FormatError:
        return None  # a stored markup that no longer parses: the plain text is still right
    return seg if normalise(plain_text(seg)) == normalise(text) else None


def _fields(parent: etree._Element, fields: Iterable[TmxField], level: FieldLevel) -> None:
    for f in fields:
        if f.level != level:
            continue
        attrs = {"type": f.type} if f.kind == "prop" else {}
        if f.lang:
            attrs[XML_LANG] = f.lang
        etree.SubElement(parent, f.kind, attrs).text = f.text


def write_tmx(units: Iterable[TmUnit], source_lang: str, tool_version: str) -> bytes:
    """A TMX 1.4b document of ``units`` (in the order given), notes, props, dates and inline codes included."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", creationtool="Workbench", creationtoolversion=tool_version,
                     segtype="sentence", attrib={"o-tmf": "workbench", "adminlang": "en", "srclang": source_lang,
                                                 "datatype": "plaintext"})
    body = etree.SubElement(root, "body")
    marked: list[tuple[etree._Element, etree._Element]] = []  # (placeholder <seg>, <seg> with inline codes)
    with writing() as where:  # a control character XML cannot carry: one FormatError naming the unit
        for unit in units:
            where.at = f"unit {unit.tuid!r}" if unit.tuid else f"a unit of {unit.source_lang}>{unit.target_lang}"
            attrs = {"tuid": unit.tuid} if unit.tuid else {}
            if source_lang == ANY_SOURCE:  # several source languages: each unit says which is its source
                attrs["srclang"] = unit.source_lang
            values = (tmx_date(unit.created) if unit.created else "", unit.creator,
                      tmx_date(unit.changed) if unit.changed else "", unit.author)
            attrs.update({k: v for k, v in zip(_DATE_ATTRS, values, strict=True) if v})
            tu = etree.SubElement(body, "tu", attrs)
            _fields(tu, unit.fields, "tu")
            for level, lang, text, markup in (("source", unit.source_lang, unit.source, unit.source_markup),
                                              ("target", unit.target_lang, unit.target, unit.target_markup)):
                tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
                _fields(tuv, unit.fields, level)  # type: ignore[arg-type]
                seg = etree.SubElement(tuv, "seg")
                seg.text = text
                with_codes = _markup_seg(text, markup)
                if with_codes is not None:
                    marked.append((seg, with_codes))
        where.at = ""
        # Indent first, then put the inline codes in: indenting would add white space inside a <seg>.
        etree.indent(root, space="  ")
        for seg, with_codes in marked:
            with_codes.tail = seg.tail
            seg.getparent().replace(seg, with_codes)
        return to_bytes(root, indent=False)


# --- reading -------------------------------------------------------------------------------


class _Variant(NamedTuple):
    lang: str
    text: str
    markup: str
    fields: tuple[tuple[str, str, str, str], ...]  # (kind, text, type, lang)
    get: Callable[[str], str | None]  # the <tuv>'s attributes (its dates are read only when it is a target)

    def as_level(self, level: FieldLevel) -> tuple[TmxField, ...]:
        """The variant's notes and props, standing at ``level`` (its role in a pair)."""
        return tuple(TmxField(k, x, t, lg, level) for k, x, t, lg in self.fields)  # type: ignore[arg-type]


def _markup(seg: etree._Element) -> str:
    """The <seg>'s content as XML when it holds inline elements, else ""."""
    if not len(seg):
        return ""
    xml: str = etree.tostring(seg, encoding="unicode", with_tail=False)
    if xml.startswith("<seg>") and xml.endswith("</seg>"):  # one call for the whole content
        return xml[5:-6]
    # A <seg> serialised with namespace declarations: its content, child by child.
    return escape(seg.text or "") + "".join(etree.tostring(child, encoding="unicode", with_tail=True)
                                            for child in seg)


_tag = local_name


def _field(el: etree._Element, kind: str) -> tuple[str, str, str, str]:
    return kind, el.text or "", el.get("type", ""), el.get(XML_LANG, "")


#: Named tuples made without their generated ``__new__`` (a Python call each): the reader makes
#: hundreds of thousands; ``tuple.__new__`` takes every field in order.
_new_variant = partial(tuple.__new__, _Variant)
_new_unit = partial(tuple.__new__, TmUnit)
_new_field = partial(tuple.__new__, TmxField)


# The code below is the import's hot path (100,000 units should cost little more than parsing
# them; benchmarks/tmx_import.py): plain TMX tags are compared first, _tag only for namespaced ones
# and comments; a variant's code is looked up in _CODES, validated and made canonical once.

#: A variant's xml:lang as written -> its canonical code, for the codes seen valid (a file has a handful).
_CODES: dict[str, str] = {}


def _code(lang: str, tuv: etree._Element, name: str) -> str:
    """The canonical code of a valid ``xml:lang`` (remembered in _CODES); FormatError for any other."""
    if not is_tag(lang):
        raise FormatError(f"xml:lang {lang[:40]!r} is not a language code (BCP 47)", path=name, line=tuv.sourceline)
    if len(_CODES) >= 512:  # a file of many distinct codes: the table stays bounded
        _CODES.clear()
    code = _CODES[lang] = canonical(lang)
    return code


def _variant(tuv: etree._Element, name: str) -> _Variant:
    get = tuv.get
    lang = get(XML_LANG) or get("lang")  # TMX 1.1 wrote lang=
    seg = None
    fields: tuple[tuple[str, str, str, str], ...] = ()
    if len(tuv) == 1 and (only := tuv[0]).tag == "seg":  # nearly every <tuv>: no iterator to make
        seg = only
    else:
        for child in tuv[:]:  # a slice is built in C, faster than iterating
            tag = child.tag
            if tag != "seg" and tag != "note" and tag != "prop":
                tag = _tag(child)
            if tag == "seg":
                seg = child
            elif tag == "note" or tag == "prop":
                fields += (_field(child, tag),)
    if not lang or seg is None:
        raise FormatError("a <tuv> without xml:lang or <seg>", path=name, line=tuv.sourceline)
    code = _CODES.get(lang) or _code(lang, tuv, name)
    if len(seg):
        return _new_variant((code, plain_text(seg), _markup(seg), fields, get))
    return _new_variant((code, seg.text or "", "", fields, get))


class TmxReader:
    """The pairs of a TMX document, read as a stream; ``skipped`` lists the units left out once read."""

    def __init__(self, source: bytes | BinaryIO, name: str) -> None:
        self.source = source
        self.name = name
        self.skipped: list[TmxWarning] = []
        self.srclang = ""

    def __iter__(self) -> Iterator[TmUnit]:
        for _, el in iterparse(self.source, self.name, tag=("{*}header", "{*}tu"), root="tmx", kind="TMX"):
            if el.tag != "tu" and _tag(el) == "header":
                self.srclang = el.get("srclang") or ""
                if not self.srclang:
                    raise FormatError("the TMX header has no srclang", path=self.name, line=el.sourceline)
                continue
            if not self.srclang:
                raise FormatError("a <tu> before the TMX header", path=self.name, line=el.sourceline)
            yield from self._pairs(el)
            # Drop what was read: the tree never grows past one unit.
            el.clear()
            parent = el.getparent()
            while parent is not None and el.getprevious() is not None:
                del parent[0]
        if not self.srclang:
            raise FormatError("the TMX file has no <header>", path=self.name, line=1)

    def _pairs(self, tu: etree._Element) -> list[TmUnit]:
        unit_fields: tuple[TmxField, ...] = ()
        variants: list[_Variant] = []
        name = self.name
        for child in tu[:]:
            tag = child.tag
            if tag == "tuv":
                variants.append(_variant(child, name))
                continue
            if tag != "note" and tag != "prop":
                tag = _tag(child)
                if tag == "tuv":
                    variants.append(_variant(child, name))
                    continue
            if tag == "note" or tag == "prop":
                unit_fields += (_new_field((tag, child.text or "", child.get("type", ""), child.get(XML_LANG, ""),
                                            "tu")),)
        get = tu.get
        unit_source = get("srclang") or self.srclang
        pairs: Iterable[tuple[_Variant, _Variant]]
        if unit_source == ANY_SOURCE:  # any variant may be the source: every ordered pair is a unit
            pairs = [(s, t) for s in variants for t in variants if s is not t]
        else:
            wanted = _lang(unit_source)
            if len(variants) == 2 and (variants[0].lang == wanted) != (variants[1].lang == wanted):
                # nearly every unit: a source and one target
                pairs = (variants if variants[0].lang == wanted else variants[::-1],)  # type: ignore[assignment]
            else:
                sources = ([v for v in variants if v.lang == wanted]
                           or [v for v in variants if base(v.lang) == base(wanted)])
                if not sources:
                    langs = ", ".join(v.lang for v in variants) or "none"
                    self.skipped.append(TmxWarning(tu.sourceline or 1, f"a <tu> without its source language "
                                                   f"{unit_source!r} (variants: {langs}): skipped"))
                    return []
                source = sources[0]
                pairs = [(source, t) for t in variants if t is not source]
        tuid = get("tuid", "")
        out = []
        for s, t in pairs:
            fields = unit_fields
            if s.fields:
                fields += s.as_level("source")
            if t.fields:
                fields += t.as_level("target")
            tget = t.get  # a variant's own dates win over its unit's (OmegaT dates the target <tuv>)
            out.append(_new_unit((s.lang, t.lang, s.text, t.text, tuid,
                                  parse_tmx_date(tget("changedate") or get("changedate")),
                                  tget("changeid") or get("changeid") or "",
                                  parse_tmx_date(tget("creationdate") or get("creationdate")),
                                  tget("creationid") or get("creationid") or "",
                                  fields, s.markup, t.markup)))
        return out


def read_tmx(data: bytes | BinaryIO, name: str) -> list[TmUnit]:
    """Every (source -> other variant) pair of a TMX file; FormatError with the line for a malformed file."""
    return list(TmxReader(data, name))
