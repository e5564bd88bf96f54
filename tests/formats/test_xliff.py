"""XLIFF 2.1 and 1.2: a release written for CAT tools and read back; 1.2 files as other tools write them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.errors import FormatError
from workbench.formats.xliff import XliffDocument, XliffUnit, read_xliff, write_xliff, write_xliff12

DATA = Path(__file__).resolve().parents[1] / "data"
DOC = XliffDocument("sample", "fr", "es", (
    XliffUnit("4f81034501", "Russie. Il faut que…", "Rusia. Es necesario…", "final",
              "segment 4f81034501 (title, block 1), version 3"),
    XliffUnit("cd1f4b2fbf", "Complément d’information", None, "initial",
              "segment cd1f4b2fbf (heading, block 6), version 0"),
    XliffUnit("7a74109571", "« A & B <i> »", "« A y B »", "translated", "segment 7a74109571 (paragraph, block 8), "
              "version 2", "workbench:needs_edit"),
))


def test_round_trip() -> None:
    data = write_xliff(DOC)
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert b'version="2.1"' in data and b'srcLang="fr"' in data and b'trgLang="es"' in data
    back = read_xliff(data, "x.xlf")
    assert back == DOC
    assert [u.version for u in back.units] == [3, 0, 2]
    assert write_xliff(DOC) == data


@pytest.mark.parametrize(("name", "line", "message"), [
    ("xliff_unknown_state.xlf", 5, "unknown state 'signed-off'"),
    ("xliff12_unknown_state.xlf", 7, "unknown state 'reviewed' (XLIFF 1.2:"),
])
def test_unknown_states_are_refused_with_the_line(name: str, line: int, message: str) -> None:
    with pytest.raises(FormatError) as info:
        read_xliff((DATA / name).read_bytes(), name)
    assert message in info.value.message and info.value.line == line


def test_another_document_is_refused() -> None:
    with pytest.raises(FormatError, match="not an XLIFF document"):
        read_xliff(b'<xliff version="3.0"/>', "x.xlf")


DOC12 = XliffDocument("sample", "fr", "es", (
    XliffUnit("4f81034501", "Russie. Il faut que…", "Rusia. Es necesario…", "final",
              "segment 4f81034501 (title, block 1), version 3", approved=True),
    XliffUnit("cd1f4b2fbf", "Complément d’information", None, "", "segment cd1f4b2fbf (heading, block 6), version 0"),
    XliffUnit("7a74109571", "« A & B <i> »", "« A y B »", "needs-review-translation",
              "segment 7a74109571 (paragraph, block 8), version 2", state_qualifier="mt-suggestion"),
), version="1.2")


def test_xliff12_round_trip() -> None:
    data = write_xliff12(DOC12)
    assert b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">' in data
    assert b'source-language="fr" target-language="es"' in data and b'approved="yes"' in data
    assert b'<target state="needs-review-translation" state-qualifier="mt-suggestion">' in data
    back = read_xliff(data, "x.xlf")
    assert back == DOC12 and [u.version for u in back.units] == [3, 0, 2]


def test_a_weblate_file_gives_states_approval_claims_and_no_foreign_notes() -> None:
    doc = read_xliff((DATA / "xliff12_weblate.xlf").read_bytes(), "weblate.xlf")
    assert (doc.version, doc.source_lang, doc.target_lang) == ("1.2", "fr", "es")
    assert [(u.source, u.target, u.state, u.approved) for u in doc.units] == [
        ("Complément d’information", "Información complementaria", "translated", True),
        ("Contact presse", "Contacto de prensa", "needs-translation", False),
        ("Ilmi Oumerov", "Ilmi Umerov", "final", False),
    ]
    assert all(u.note == "" for u in doc.units)  # a developer's note is no version note of ours


def test_groups_segments_and_inline_codes_of_a_cat_tool_file_are_read_as_text() -> None:
    doc = read_xliff((DATA / "xliff12_groups_and_segments.xlf").read_bytes(), "okapi.xlf")
    assert (doc.source_lang, doc.target_lang) == ("fr-FR", "es-ES")
    assert [(u.id, u.source, u.target, u.state_qualifier) for u in doc.units] == [
        ("tu1", "Appel urgent : libérez Akhtem Tchigoz", "Llamamiento urgente: liberen a Akhtem Chiygoz",
         "mt-suggestion"),
        ("tu2", "Le tribunal a prolongé sa détention", "El tribunal prorrogó su detención", ""),
        ("tu4", "Contact presse", None, ""),
    ]  # tu3 is translate="no"


def test_an_old_xliff_document_is_read_as_version_1() -> None:
    doc = read_xliff((DATA / "xliff_v1_document.xlf").read_bytes(), "v1.xlf")
    assert doc.version == "1.2" and doc.units == (XliffUnit("1", "Le 25 octobre.", None, ""),)


VALID = write_xliff(DOC)
VALID12 = write_xliff12(DOC12)
OKAPI = (DATA / "xliff12_groups_and_segments.xlf").read_bytes()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fuzz_read_xliff_gives_a_document_or_our_error(data: st.DataObject) -> None:
    raw = bytearray(data.draw(st.sampled_from([VALID, VALID12, OKAPI])))
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos:pos + data.draw(st.integers(0, 3))] = data.draw(
            st.sampled_from([b"<", b">", b"&", b'"', b"unit", b"</target>", b"\x00", b"\xff", b"", b"state",
                             b"<group>", b'approved="maybe"', b'translate="no"', b"<mrk>", b'version="1.2"',
                             b'<!DOCTYPE xliff SYSTEM "xliff.dtd">']))
    try:
        doc = read_xliff(bytes(raw), "fuzz.xlf")
    except FormatError as exc:
        assert exc.line is None or exc.line >= 1
    else:
        assert all(isinstance(u.source, str) for u in doc.units)


@pytest.mark.parametrize("write", [write_xliff, write_xliff12])
def test_a_control_character_xml_cannot_carry_is_one_format_error(write) -> None:
    # A target pasted with a stray U+0001 (from a PDF, say): lxml refuses it as it is set, not only at
    # serialising, and the writer says so in its own words (not a ValueError, the CLI's "internal error").
    unit = XliffUnit("4f81034501", "Russie. Il faut que…", "Rusia.\x01 Es necesario…", "final")
    fine = XliffUnit("0a1b2c3d4e", "Crimée.", "Crimea.", "final")
    with pytest.raises(FormatError, match=r"cannot be written as XML \(unit '4f81034501'\)"):
        write(XliffDocument("sample", "fr", "es", (fine, unit)))  # the unit that holds it is named
