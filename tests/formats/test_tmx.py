"""TMX 1.4b: approved pairs written and read back; files from other tools read; unsafe or broken XML refused."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from workbench.errors import FormatError
from workbench.formats.tmx import TmUnit, TmxField, TmxReader, TmxWarning, read_tmx, write_tmx

DATA = Path(__file__).resolve().parents[1] / "data"
UNITS = [
    TmUnit("fr", "es", "Complément d’information", "Información complementaria", "sample:cd1f4b2fbf",
           datetime(2017, 10, 27, 14, 30, tzinfo=UTC), "rv"),
    TmUnit("fr", "es", "« A & B <i> »", "« A y B <i> »", "sample:7a74109571"),
]


def test_round_trip_and_attributes() -> None:
    data = write_tmx(UNITS, "fr", "0.1.0")
    assert b'<tmx version="1.4">' in data and b'changedate="20171027T143000Z"' in data
    assert b"&lt;i&gt;" in data
    back = read_tmx(data, "x.tmx")
    assert [(u.source, u.target, u.tuid, u.author) for u in back] == [
        (u.source, u.target, u.tuid, u.author) for u in UNITS
    ]
    assert write_tmx(UNITS, "fr", "0.1.0") == data  # deterministic


def test_a_memory_of_several_source_languages_comes_back_with_each_units_source() -> None:
    mixed = [*UNITS, TmUnit("en", "es", "Further information", "Información complementaria", "en-release:1")]
    data = write_tmx(mixed, "*all*", "0.1.0")
    assert b'srclang="*all*"' in data and b'<tu tuid="en-release:1" srclang="en">' in data
    back = read_tmx(data, "x.tmx")
    assert [(u.source_lang, u.target_lang, u.source, u.target) for u in back] == [
        (u.source_lang, u.target_lang, u.source, u.target) for u in mixed
    ]


def test_a_unit_whose_source_may_be_any_language_gives_every_direction() -> None:
    data = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="*all*" creationtool="OmegaT" segtype="sentence" o-tmf="x" adminlang="en"
 datatype="plaintext"/><body><tu><tuv xml:lang="fr"><seg>Ilmi Oumerov</seg></tuv>
<tuv xml:lang="en"><seg>Ilmi Umerov</seg></tuv><tuv xml:lang="es"><seg>Ilmi Umérov</seg></tuv></tu></body></tmx>"""
    units = read_tmx(data.encode("utf-8"), "all.tmx")
    assert [(u.source_lang, u.target_lang, u.target) for u in units] == [
        ("fr", "en", "Ilmi Umerov"), ("fr", "es", "Ilmi Umérov"), ("en", "fr", "Ilmi Oumerov"),
        ("en", "es", "Ilmi Umérov"), ("es", "fr", "Ilmi Oumerov"), ("es", "en", "Ilmi Umerov"),
    ]  # in document order


def test_a_foreign_tool_file_gives_one_pair_per_target_language() -> None:
    units = read_tmx((DATA / "tmx_foreign_tool.tmx").read_bytes(), "omegat.tmx")
    assert [(u.target_lang, u.source, u.target) for u in units] == [
        ("es", "Complément d’information", "Información complementaria"),
        ("en", "Complément d’information", "Further information"),
    ]  # the <ph> native code is not text


def read(name: str) -> TmxReader:
    reader = TmxReader((DATA / name).read_bytes(), name)
    reader.units = list(reader)  # type: ignore[attr-defined]
    return reader


def test_a_doctype_that_only_names_the_dtd_is_read_omegat_style() -> None:
    units = read("tmx_doctype_system.tmx").units  # type: ignore[attr-defined]
    first, second = units
    assert (first.source_lang, first.target_lang) == ("fr-FR", "en-GB")
    # OmegaT dates the target <tuv>: those dates and ids are the pair's
    assert first.created == datetime(2023, 3, 14, 9, 12, tzinfo=UTC) and first.creator == "maria"
    assert first.changed == datetime(2023, 3, 14, 9, 15, tzinfo=UTC) and first.author == "maria"
    assert second.creator == "jonas" and second.author == "maria"


def test_an_entity_the_document_never_declared_is_refused_with_its_line() -> None:
    with pytest.raises(FormatError) as info:
        read("tmx_undeclared_entity.tmx")
    assert info.value.line == 6 and "Entity 'nbsp' not defined" in info.value.message


def test_language_codes_compare_without_case_and_keep_their_region() -> None:
    (unit,) = read("tmx_language_case.tmx").units  # type: ignore[attr-defined]
    assert (unit.source_lang, unit.target_lang) == ("en-US", "es-ES")  # header EN-US, variant en-us
    assert unit.creator == "PRESS\\anna" and unit.created == datetime(2022, 4, 1, 12, tzinfo=UTC)


def test_a_header_base_language_finds_regional_source_variants() -> None:
    units = read("tmx_header_base_variants_regional.tmx").units  # type: ignore[attr-defined]
    assert [(u.source_lang, u.target_lang) for u in units] == [("en-US", "fr-FR"), ("en-GB", "fr-FR")]


def test_a_unit_without_its_source_variant_is_skipped_with_a_warning() -> None:
    reader = read("tmx_unit_without_source.tmx")
    assert [u.source for u in reader.units] == ["Complément d’information", "Contact presse"]  # type: ignore[attr-defined]
    assert reader.skipped == [TmxWarning(10, "a <tu> without its source language 'fr' (variants: de, en): skipped")]


def test_region_variants_are_kept_apart_and_two_variants_of_one_language_both_kept() -> None:
    units = read("tmx_region_variants.tmx").units  # type: ignore[attr-defined]
    assert [(u.tuid, u.target_lang, u.target) for u in units] == [
        ("email", "fr-CA", "adresse courriel"), ("email", "fr-FR", "adresse e-mail"),
        ("cellphone", "fr-CA", "cellulaire"), ("cellphone", "fr-CA", "téléphone cellulaire"),
    ]


def test_notes_props_and_dates_are_kept_with_their_level_and_written_back() -> None:
    (unit,) = read("tmx_notes_props_dates.tmx").units  # type: ignore[attr-defined]
    assert unit.fields == (
        TmxField("note", "Title of the release of 5 March."),
        TmxField("prop", "Human rights section", "x-client"),
        TmxField("prop", "Crimea", "x-domain"),
        TmxField("prop", "title", "x-context", level="source"),
        TmxField("note", "Checked by the Madrid section.", lang="en", level="target"),
    )
    assert (unit.created, unit.creator) == (datetime(2021, 3, 5, 8, 15, tzinfo=UTC), "anna")
    assert (unit.changed, unit.author) == (datetime(2021, 4, 10, 14, tzinfo=UTC), "boris")
    data = write_tmx([unit], unit.source_lang, "0.1.0")
    assert b'creationdate="20210305T081500Z" creationid="anna" changedate="20210410T140000Z" changeid="boris"' in data
    assert read_tmx(data, "back.tmx") == [unit]


def test_inline_codes_are_not_text_but_round_trip() -> None:
    units = read("tmx_doctype_system.tmx").units  # type: ignore[attr-defined]
    appeal = units[1]
    assert appeal.source == "Appel urgent : libérez Akhtem Tchigoz"  # what matching sees
    assert appeal.source_markup.startswith('Appel urgent : <bpt i="1" x="1">&lt;b&gt;</bpt>')
    data = write_tmx([appeal], "fr-FR", "0.1.0")
    assert b'<seg>Urgent appeal: <bpt i="1" x="1">&lt;b&gt;</bpt>free Akhtem Chiygoz<ept i="1">&lt;/b&gt;</ept></seg>' \
        in data
    assert read_tmx(data, "back.tmx") == [appeal]


def test_a_utf16_file_with_a_byte_order_mark_is_read() -> None:
    (unit,) = read("tmx_utf16_bom.tmx").units  # type: ignore[attr-defined]
    assert unit.target_lang == "uk-UA" and unit.target.startswith("Наріман Джелял")
    assert unit.fields == (TmxField("prop", "Translated", "x-ConfirmationLevel"),)


def test_translate_toolkit_notes_after_the_variants_are_kept() -> None:
    first, second = read("tmx_translate_toolkit.tmx").units  # type: ignore[attr-defined]
    assert (first.target, first.fields) == ("Увійти", (TmxField("note", "ui/pages/signin_page.py:12"),))
    assert second.source == "%(count)s segments approved" and second.fields == ()


def test_a_large_memory_is_read_as_a_stream() -> None:
    body = "".join(f'<tu tuid="{i}"><tuv xml:lang="fr"><seg>phrase {i}</seg></tuv>'
                   f'<tuv xml:lang="en"><seg>sentence {i}</seg></tuv></tu>' for i in range(3000))
    data = (f'<tmx version="1.4"><header srclang="fr"/><body>{body}</body></tmx>').encode()
    reader = iter(TmxReader(io.BytesIO(data), "big.tmx"))
    first = next(reader)
    assert first.target == "sentence 0"
    assert sum(1 for _ in reader) == 2999


@pytest.mark.parametrize(("name", "line", "message"), [
    ("tmx_external_entity.tmx", 2, "DOCTYPE with an internal subset"),
    ("tmx_not_well_formed.tmx", 4, "not well-formed"),
    ("tmx_undeclared_entity.tmx", 6, "not well-formed"),
])
def test_unsafe_or_broken_files_are_refused(name: str, line: int, message: str) -> None:
    with pytest.raises(FormatError) as info:
        read_tmx((DATA / name).read_bytes(), name)
    assert info.value.line == line and message in info.value.message


def test_a_file_of_another_kind_is_refused() -> None:
    with pytest.raises(FormatError, match="not a TMX file: the root element is <martif>"):
        read_tmx(b"<martif/>", "x.tmx")
    with pytest.raises(FormatError, match="not a TMX file: the root element is <martif>"):
        read_tmx(b"<martif><text><body><tu/></body></text></martif>", "x.tmx")


VALID = write_tmx(UNITS, "fr", "0.1.0")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fuzz_read_tmx_gives_units_or_our_error(data: st.DataObject) -> None:
    raw = bytearray(VALID)
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos:pos + data.draw(st.integers(0, 3))] = data.draw(
            st.sampled_from([b"<", b">", b"&", b'"', b"tu", b"</seg>", b"\x00", b"\xff", b"", b"<!DOCTYPE x>",
                             b'<!DOCTYPE tmx SYSTEM "tmx14.dtd">', b"&nbsp;", b"<ph>&lt;b&gt;</ph>", b"xml:lang=\"EN\"",
                             b"<note>n</note>", b"\xfe\xff", b'srclang="*all*"']))
    try:
        units = read_tmx(bytes(raw), "fuzz.tmx")
    except FormatError as exc:
        assert exc.line is None or exc.line >= 1
    else:
        assert all(isinstance(u.source, str) for u in units)


def test_what_we_write_follows_the_tmx_content_model() -> None:
    """Our exports, from our own units and from other tools' units (notes, props, inline codes), are valid TMX 1.4b."""
    dtd = etree.DTD(str(DATA / "tmx_content_model.dtd"))
    foreign = [u for name in ("tmx_doctype_system.tmx", "tmx_notes_props_dates.tmx", "tmx_foreign_tool.tmx",
                              "tmx_region_variants.tmx") for u in read_tmx((DATA / name).read_bytes(), name)]
    for units, srclang in ((UNITS, "fr"), (foreign, "*all*")):
        root = etree.fromstring(write_tmx(units, srclang, "0.1.0"))
        assert dtd.validate(root), dtd.error_log.filter_from_errors()


def test_a_control_character_xml_cannot_carry_names_the_unit_that_holds_it() -> None:
    # A target stored before such texts were refused (a stray U+0001 pasted from a PDF): the memory's
    # export says which unit holds it, not only that the whole file cannot be written.
    units = [TmUnit("fr", "en", "Ilmi Oumerov est libre.", "Ilmi Umerov is free.", tuid="crimee#p1"),
             TmUnit("fr", "en", "Le Meijlis est interdit.", "The Mejlis\x01 is banned.", tuid="crimee#p2")]
    with pytest.raises(FormatError, match=r"cannot be written as XML \(unit 'crimee#p2'\)"):
        write_tmx(units, "fr", "1.0")
