"""TMX 1.4b: approved pairs written and read back; files from other tools read; unsafe or broken XML refused."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.errors import FormatError
from workbench.formats.tmx import TmUnit, read_tmx, write_tmx

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
        ("en", "es", "Ilmi Umérov"), ("en", "fr", "Ilmi Oumerov"), ("es", "en", "Ilmi Umerov"),
        ("es", "fr", "Ilmi Oumerov"), ("fr", "en", "Ilmi Umerov"), ("fr", "es", "Ilmi Umérov"),
    ]


def test_a_foreign_tool_file_gives_one_pair_per_target_language() -> None:
    units = read_tmx((DATA / "tmx_foreign_tool.tmx").read_bytes(), "omegat.tmx")
    assert [(u.target_lang, u.source, u.target) for u in units] == [
        ("en", "Complément d’information", "Further information"),
        ("es", "Complément d’information", "Información complementaria"),
    ]  # the <ph> native code is not text


@pytest.mark.parametrize(("name", "line", "message"), [
    ("tmx_external_entity.tmx", 2, "DOCTYPE or entities"),
    ("tmx_not_well_formed.tmx", 4, "not well-formed"),
])
def test_unsafe_or_broken_files_are_refused(name: str, line: int, message: str) -> None:
    with pytest.raises(FormatError) as info:
        read_tmx((DATA / name).read_bytes(), name)
    assert info.value.line == line and message in info.value.message


def test_a_file_of_another_kind_is_refused() -> None:
    with pytest.raises(FormatError, match="not a TMX file: the root element is <martif>"):
        read_tmx(b"<martif/>", "x.tmx")


VALID = write_tmx(UNITS, "fr", "0.1.0")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fuzz_read_tmx_gives_units_or_our_error(data: st.DataObject) -> None:
    raw = bytearray(VALID)
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos:pos + data.draw(st.integers(0, 3))] = data.draw(
            st.sampled_from([b"<", b">", b"&", b'"', b"tu", b"</seg>", b"\x00", b"\xff", b"", b"<!DOCTYPE x>"]))
    try:
        units = read_tmx(bytes(raw), "fuzz.tmx")
    except FormatError as exc:
        assert exc.line is None or exc.line >= 1
    else:
        assert all(isinstance(u.source, str) for u in units)
