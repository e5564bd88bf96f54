"""TBX-Basic: mapping of preferred/variant terms, refusal of unsafe XML, lossless round trips, fuzzing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from workbench.domain.glossary import CONCEPT_KINDS, Concept, TermField
from workbench.errors import FormatError
from workbench.formats.glossary_csv import read_glossary_csv, write_glossary_csv
from workbench.formats.tbx import read_tbx, write_tbx

DATA = Path(__file__).resolve().parents[1] / "data"
SHIPPED = Path(__file__).resolve().parents[2] / "glossary" / "names.csv"
NS = {"t": "urn:iso:std:iso:30042:ed-2"}


def read(name: str) -> list[Concept]:
    return read_tbx((DATA / name).read_bytes(), name)


def to_tbx(concepts: list[Concept]) -> bytes:
    return write_tbx(concepts)


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
    assert poc.kind == "term" and poc.note == ""
    assert poc.fields == (TermField("subjectField", "human rights", element="descrip"),)  # not one of our kinds
    assert poc.status_of("en", "POC", False) == "admitted" and poc.status_of("fr", "prisonnière d’opinion", False) == ""
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
        # TBX-Basic's rules: the deliberately invalid documents
        ("tbx_invalid_status_value.tbx", 8, "administrativeStatus 'allowedTerm-admn-sts' is not one of TBX-Basic's"),
        ("tbx_invalid_part_of_speech.tbx", 8, "partOfSpeech 'substantive' is not one of TBX-Basic's values"),
        ("tbx_subject_field_in_term.tbx", 8, "subjectField may not stand in a term section"),
        ("tbx_term_section_without_term.tbx", 8, "with 0 <term> elements; one is required"),
        ("tbx_language_section_without_terms.tbx", 7, "a language section (en) without any term"),
        ("tbx_unknown_category.tbx", 7, "descrip type 'explanationOfUse' is not a TBX-Basic data category"),
        ("tbx_concept_without_language.tbx", 6, "a concept entry without any language section"),
        ("tbx_term_note_in_language.tbx", 8, "a termNote (partOfSpeech) outside a term section"),
    ],
)
def test_a_bad_file_is_refused_with_its_name_line_and_reason(fixture: str, line: int, reason: str) -> None:
    with pytest.raises(FormatError) as err:
        read(fixture)
    assert err.value.path == fixture and err.value.line == line
    assert reason in err.value.message


def test_statuses_are_kept_exactly_and_written_back_the_same() -> None:
    [hrd] = read("tbx_admitted_status.tbx")
    assert hrd.forms == {"en": "human rights defender", "fr": "défenseur des droits humains"}
    status = {(lang, form): hrd.status_of(lang, form, hrd.forms.get(lang) == form) for lang, form, _ in hrd.all_forms()}
    assert status == {
        ("en", "human rights defender"): "preferred", ("en", "HRD"): "admitted",
        ("en", "human rights activist"): "superseded", ("fr", "défenseur des droits humains"): "preferred",
        ("fr", "défenseure des droits humains"): "preferred",  # a second preferred term stays preferred
        ("fr", "défenseur des droits de l’homme"): "deprecated",
    }
    data = to_tbx([hrd])
    root = etree.fromstring(data)
    status_path = "t:termNote[@type='administrativeStatus']"
    written = [(s.findtext("t:term", namespaces=NS), s.findtext(status_path, namespaces=NS))
               for s in root.iterfind(".//t:termSec", NS)]
    assert sorted(written) == sorted([
        ("human rights defender", "preferredTerm-admn-sts"), ("HRD", "admittedTerm-admn-sts"),
        ("human rights activist", "supersededTerm-admn-sts"),
        ("défenseur des droits humains", "preferredTerm-admn-sts"),
        ("défenseure des droits humains", "preferredTerm-admn-sts"),
        ("défenseur des droits de l’homme", "deprecatedTerm-admn-sts")])
    assert read_tbx(data, "back.tbx") == [hrd] and root.get("type") == "TBX-Basic"


def test_definitions_contexts_notes_sources_dates_are_kept_at_their_level() -> None:
    [hrd] = read("tbx_admitted_status.tbx")
    by = {(f.category, f.lang, f.form): f for f in hrd.fields}
    assert by[("subjectField", "", "")].value == "human rights" and hrd.kind == "term"
    origination = by[("origination", "", "")]
    assert (origination.element, origination.value, origination.detail) == ("transacGrp", "2021-05-04", "Ana García")
    assert by[("definition", "en", "")].value.startswith("A person who, individually")
    assert by[("source", "en", "")].value == "UN Declaration on Human Rights Defenders"
    assert by[("partOfSpeech", "en", "human rights defender")].value == "noun"
    assert by[("context", "en", "human rights defender")].value.startswith("The human rights defender was")
    assert by[("termType", "en", "HRD")].value == "acronym"
    assert by[("note", "en", "human rights activist")].value == "Used in releases before 2019."
    assert by[("grammaticalGender", "fr", "défenseure des droits humains")].value == "feminine"
    xref = by[("externalCrossReference", "fr", "défenseur des droits de l’homme")]
    assert (xref.element, xref.detail) == ("xref", "https://example.org/style-guide#droits-humains")


def test_tbx_v2_without_ids_gets_stable_generated_ids() -> None:
    mejlis, poc = read("tbx_v2_without_id.tbx")  # its DOCTYPE only names the DTD
    assert mejlis.id.startswith("tbx-") and mejlis.id == read("tbx_v2_without_id.tbx")[0].id
    assert mejlis.kind == "org" and mejlis.note == "Representative body of the Crimean Tatars."
    assert mejlis.variants == (("en", "Majlis"), ("fr", "Meijlis"))
    assert mejlis.status_of("en", "Majlis", False) == "admitted" and mejlis.status_of("fr", "Meijlis", False) == \
        "superseded"
    assert TermField("source", "Amnesty International, style guide", "fr", "Mejlis", "admin") in mejlis.fields
    assert poc.forms == {"en": "prisoner of conscience"} and poc.id != mejlis.id


def test_the_dct_style_gives_the_same_concepts_as_dca() -> None:
    kyiv, simferopol = read("tbx_v3_dct.tbx")
    assert kyiv.kind == "place" and kyiv.forms == {"en": "Kyiv", "uk": "Київ"} and kyiv.variants == (("en", "Kiev"),)
    # the preferred term is the form even when a deprecated or admitted one comes first
    assert simferopol.forms == {"en": "Simferopil"} and simferopol.status_of("en", "Simferopol", False) == "admitted"
    assert TermField("definition", "The capital of Ukraine.", "en", "", "descrip") in kyiv.fields
    assert read_tbx(to_tbx([kyiv, simferopol]), "dca.tbx") == [kyiv, simferopol]


def test_data_beyond_tbx_basic_comes_back_in_a_file_that_does_not_claim_tbx_basic() -> None:
    [kharkiv] = read("tbx_obsolete_status.tbx")
    assert kharkiv.status_of("en", "Kharkov", False) == "obsolete"
    assert kharkiv.status_of("en", "Charkiw", False) == ""  # a status of full TBX: kept as data, not as ours
    assert TermField("administrativeStatus", "standardizedTerm-admn-sts", "en", "Charkiw", "termNote") in kharkiv.fields
    data = to_tbx([kharkiv])
    assert b'type="TBX"' in data and b"obsoleteTerm-admn-sts" in data
    assert read_tbx(data, "back.tbx") == [kharkiv]


def test_an_entry_without_id_in_tbx_v3_gets_one_too() -> None:
    [kyiv] = read("tbx_entry_without_id.tbx")
    assert kyiv.id.startswith("tbx-") and kyiv.forms == {"en": "Kyiv"}


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
    assert write_glossary_csv(back) == data


def test_a_control_character_cannot_be_written_and_says_so() -> None:
    with pytest.raises(FormatError, match=r"cannot be written as XML \(concept 'x'\)"):
        to_tbx([Concept("a", "term", {"en": "Mejlis"}), Concept("x", "term", {"en": "bell\x07"})])


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
@given(st.lists(grouped_concept().filter(lambda c: bool(c.all_forms())), max_size=4, unique_by=lambda c: c.id))
def test_any_term_base_round_trips_through_tbx(items: list[Concept]) -> None:
    assert read_tbx(to_tbx(items), "gen.tbx") == items


_status = st.sampled_from(["preferred", "admitted", "deprecated", "superseded", "obsolete", ""])
_lesser = st.sampled_from(["admitted", "deprecated", "superseded", "obsolete"])


@st.composite
def annotated_concept(draw: st.DrawFn) -> Concept:
    """A concept with explicit statuses and fields at every level (compared without order)."""
    base = draw(grouped_concept().filter(lambda c: bool(c.all_forms())))
    terms = [(lang, form) for lang, form, _ in base.all_forms()]
    # A preferred or unmarked variant in a language without a form would be read back as its form.
    statuses = tuple((lang, form, draw(_status if lang in base.forms else _lesser))
                     for lang, form in terms if (lang, form) not in base.forms.items())
    statuses = tuple(s for s in statuses if s[2] != "deprecated")  # the default a variant is written with
    langs = sorted({lang for lang, _ in terms})
    fields = [TermField("definition", draw(_cell), lang, "", "descrip") for lang in langs if draw(st.booleans())]
    fields += [TermField("partOfSpeech", draw(st.sampled_from(["noun", "verb"])), lang, form, "termNote")
               for lang, form in terms if draw(st.booleans())]
    fields += [TermField("note", draw(_cell), lang, form, "note") for lang, form in terms if draw(st.booleans())]
    if draw(st.booleans()):
        fields.append(TermField("origination", "2024-03-01", "", "", "transacGrp", draw(_cell)))
    return Concept(base.id, base.kind, base.forms, base.variants, base.note, base.sources, base.case_sensitive,
                   statuses, tuple(fields))


def _unordered(c: Concept) -> tuple[object, ...]:
    return (c.id, c.kind, c.forms, c.variants, c.note, c.sources, c.case_sensitive, sorted(c.statuses),
            sorted(c.fields, key=repr))


@settings(max_examples=100, deadline=None)
@given(st.lists(annotated_concept(), max_size=3, unique_by=lambda c: c.id))
def test_statuses_and_fields_round_trip_through_tbx(items: list[Concept]) -> None:
    assert [_unordered(c) for c in read_tbx(to_tbx(items), "gen.tbx")] == [_unordered(c) for c in items]


_TBX = (DATA / "tbx_foreign_tool.tbx").read_bytes()
_SAMPLES = [_TBX] + [(DATA / n).read_bytes() for n in ("tbx_admitted_status.tbx", "tbx_v2_without_id.tbx",
                                                       "tbx_v3_dct.tbx")]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_SAMPLES), st.integers(0, 4000), st.integers(0, 40), st.binary(max_size=8) | st.sampled_from(
    [b"<", b">", b"</termSec>", b"&amp;", b"&x;", b'<!DOCTYPE x [<!ENTITY x "y">]>', b"\xff", b'id="kyiv"',
     b'<!DOCTYPE tbx SYSTEM "tbx.dtd">', b"<termGrp>", b"<transacGrp>", b'<termNote type="partOfSpeech">x</termNote>',
     b'xmlns:min="http://www.tbxinfo.net/ns/min"', b"<min:subjectField>", b'type="TBX"', b"<descripGrp>"]
))
def test_a_mutated_file_gives_concepts_or_a_format_error(sample: bytes, at: int, cut: int, insert: bytes) -> None:
    at = at % (len(sample) + 1)
    data = sample[:at] + insert + sample[at + cut:]
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
