"""TBX-Basic: mapping of preferred/variant terms, refusal of unsafe XML, lossless round trips, fuzzing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from workbench.domain.glossary import CONCEPT_KINDS, Concept
from workbench.errors import FormatError
from workbench.formats.glossary_csv import read_glossary_csv, write_glossary_csv
from workbench.formats.tbx import read_tbx, write_tbx

DATA = Path(__file__).resolve().parents[1] / "data"
SHIPPED = Path(__file__).resolve().parents[2] / "glossary" / "names.csv"
NS = {"t": "urn:iso:std:iso:30042:ed-2"}


def read(name: str) -> list[Concept]:
    return read_tbx((DATA / name).read_bytes(), name)


def to_tbx(concepts: list[Concept]) -> bytes:
    out = io.StringIO()
    write_tbx(concepts, out)
    return out.getvalue().encode("utf-8")


def test_preferred_terms_are_forms_and_variants_are_deprecated_terms() -> None:
    mejlis = Concept("mejlis", "org", {"fr": "Mejlis", "en": "Mejlis"}, (("fr", "Meijlis"),), note="a body")
    root = etree.fromstring(to_tbx([mejlis]))
    assert root.get("type") == "TBX-Basic"
    entry = root.find(".//t:conceptEntry", NS)
    assert entry is not None and entry.get("id") == "mejlis"
    assert entry.findtext("t:descrip[@type='subjectField']", namespaces=NS) == "org"
    assert entry.findtext("t:note", namespaces=NS) == "a body"
    fr = entry.find("t:langSec[@xml:lang='fr']", {**NS, "xml": "http://www.w3.org/XML/1998/namespace"})
    assert fr is not None
    terms = [(s.findtext("t:term", namespaces=NS), s.findtext("t:termNote", namespaces=NS))
             for s in fr.findall("t:termSec", NS)]
    assert terms == [("Mejlis", "preferredTerm-admn-sts"), ("Meijlis", "deprecatedTerm-admn-sts")]


def test_a_file_from_another_tool_reads_with_admitted_and_unmarked_terms() -> None:
    poc, kyiv = read("tbx_foreign_tool.tbx")
    # no status at all: the first term of the language is its form, the others variants
    assert poc.forms == {"fr": "prisonnier d’opinion", "en": "prisoner of conscience"}
    assert poc.variants == (("fr", "prisonnière d’opinion"), ("en", "POC"))
    assert poc.kind == "term" and poc.note == "subject field: human rights"
    assert kyiv.kind == "place" and kyiv.note == "capital of Ukraine"
    assert kyiv.forms == {"en": "Kyiv"} and kyiv.variants == (("en", "Kiev"),)


def test_tbx_v2_martif_files_are_read() -> None:
    [mejlis] = read("tbx_v2_martif.tbx")
    assert mejlis.forms == {"fr": "Mejlis", "en": "Mejlis"}
    assert mejlis.variants == (("fr", "Meijlis"),)


@pytest.mark.parametrize(
    ("fixture", "line", "reason"),
    [
        ("tbx_with_entities.tbx", 2, "DOCTYPE with an internal subset"),
        ("tbx_duplicate_id.tbx", 5, "duplicate id 'kyiv' (first on line 4)"),
        ("tbx_not_well_formed.tbx", 4, "not well-formed XML"),
        ("tbx_entry_without_id.tbx", 4, "has no id"),
    ],
)
def test_a_bad_file_is_refused_with_its_name_line_and_reason(fixture: str, line: int, reason: str) -> None:
    with pytest.raises(FormatError) as err:
        read(fixture)
    assert err.value.path == fixture and err.value.line == line
    assert reason in err.value.message


def test_a_doctype_naming_an_external_dtd_is_read_without_fetching_it() -> None:
    [kyiv] = read("tbx_external_entity.tbx")  # the DTD's URL is never opened (no DTD loading, no network)
    assert kyiv.id == "kyiv"


def test_an_undeclared_entity_is_refused_not_expanded() -> None:
    data = b'<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>&xxe;</body></text></tbx>'
    with pytest.raises(FormatError, match="not well-formed"):
        read_tbx(data, "x.tbx")


def test_another_xml_document_is_not_a_term_base() -> None:
    with pytest.raises(FormatError, match="root element is <html>"):
        read_tbx(b"<html><body/></html>", "page.xml")


def test_the_shipped_glossary_survives_csv_to_tbx_to_csv_byte_for_byte() -> None:
    data = SHIPPED.read_bytes()
    concepts = read_glossary_csv(data, str(SHIPPED))
    back = read_tbx(to_tbx(concepts), "names.tbx")
    assert back == concepts
    out = io.StringIO(newline="")
    write_glossary_csv(back, out)
    assert out.getvalue().encode() == data


def test_a_control_character_cannot_be_written_and_says_so() -> None:
    with pytest.raises(FormatError, match="cannot be written as XML"):
        to_tbx([Concept("x", "term", {"en": "bell\x07"})])


# --- property-based: round trips and fuzzing ------------------------------------------------------

# XML 1.0 carries no control characters but tab, LF and CR; forms are stripped like CSV cells.
_xml_char = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff") | st.sampled_from(
    "\n\r\t"
)
_cell = st.text(_xml_char, min_size=1, max_size=12).map(str.strip).filter(bool)
_lang = st.sampled_from(["fr", "en", "es", "uk", "crh"])


@st.composite
def grouped_concept(draw: st.DrawFn) -> Concept:
    """A concept whose variants are grouped by language: the order TBX can keep."""
    variants = draw(st.lists(st.tuples(_lang, _cell), max_size=4))
    order = list(dict.fromkeys(lang for lang, _ in variants))
    variants.sort(key=lambda v: order.index(v[0]))
    return Concept(
        id=draw(_cell),
        kind=draw(st.sampled_from(CONCEPT_KINDS)),
        forms=draw(st.dictionaries(_lang, _cell, max_size=4)),
        variants=tuple(variants),
        note=draw(st.one_of(st.just(""), _cell)),
        sources=draw(st.one_of(st.just(""), _cell)),
        case_sensitive=draw(st.sampled_from([None, True, False])),
    )


@settings(max_examples=100, deadline=None)
@given(st.lists(grouped_concept(), max_size=4, unique_by=lambda c: c.id))
def test_any_term_base_round_trips_through_tbx(items: list[Concept]) -> None:
    assert read_tbx(to_tbx(items), "gen.tbx") == items


_TBX = (DATA / "tbx_foreign_tool.tbx").read_bytes()


@settings(max_examples=100, deadline=None)
@given(st.integers(0, len(_TBX)), st.integers(0, 40), st.binary(max_size=8) | st.sampled_from(
    [b"<", b">", b"</termSec>", b"&amp;", b"&x;", b'<!DOCTYPE x [<!ENTITY x "y">]>', b"\xff", b'id="kyiv"']
))
def test_a_mutated_file_gives_concepts_or_a_format_error(at: int, cut: int, insert: bytes) -> None:
    data = _TBX[:at] + insert + _TBX[at + cut:]
    try:
        result = read_tbx(data, "fuzz.tbx")
    except FormatError as exc:
        assert exc.path == "fuzz.tbx"
    else:
        assert all(isinstance(c, Concept) for c in result)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_give_concepts_or_a_format_error(data: bytes) -> None:
    try:
        read_tbx(data, "noise.tbx")
    except FormatError:
        pass
