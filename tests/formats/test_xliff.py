"""XLIFF 2.1: a release written for CAT tools and read back strictly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.errors import FormatError
from workbench.formats.xliff import XliffDocument, XliffUnit, read_xliff, write_xliff

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


@pytest.mark.parametrize(("name", "message"), [
    ("xliff_v1_document.xlf", "not an XLIFF 2 document"),
    ("xliff_unknown_state.xlf", "unknown state 'signed-off'"),
])
def test_other_documents_are_refused_with_the_line(name: str, message: str) -> None:
    with pytest.raises(FormatError) as info:
        read_xliff((DATA / name).read_bytes(), name)
    assert message in info.value.message and info.value.line is not None


VALID = write_xliff(DOC)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fuzz_read_xliff_gives_a_document_or_our_error(data: st.DataObject) -> None:
    raw = bytearray(VALID)
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos:pos + data.draw(st.integers(0, 3))] = data.draw(
            st.sampled_from([b"<", b">", b"&", b'"', b"unit", b"</target>", b"\x00", b"\xff", b"", b"state"]))
    try:
        doc = read_xliff(bytes(raw), "fuzz.xlf")
    except FormatError as exc:
        assert exc.line is None or exc.line >= 1
    else:
        assert all(isinstance(u.source, str) for u in doc.units)
