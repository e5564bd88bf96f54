"""Glossary CSV: the contract of docs/glossary.md, refusals with file and line, lossless round trips, fuzzing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.domain import control_chars
from workbench.domain.glossary import CONCEPT_KINDS, Concept
from workbench.errors import FormatError
from workbench.formats.glossary_csv import escape_cell, read_glossary_csv, unescape_cell, write_glossary_csv

DATA = Path(__file__).resolve().parents[1] / "data"
SHIPPED = Path(__file__).resolve().parents[2] / "glossary" / "names.csv"


def read(name: str) -> list[Concept]:
    return read_glossary_csv((DATA / name).read_bytes(), name)


def write(concepts: list[Concept]) -> str:
    return write_glossary_csv(concepts).decode("utf-8")


def test_reads_forms_variants_and_a_note_over_two_lines() -> None:
    concepts = {c.id: c for c in read("glossary_small.csv")}
    assert concepts["ilmi_umerov"].forms == {"fr": "Ilmi Oumerov", "en": "Ilmi Umerov", "es": "Ilmi Umerov"}
    assert concepts["mejlis"].variants == (("fr", "Meijlis"), ("es", "Meijlis"))
    assert concepts["mejlis"].note == "the representative body;\nof the Crimean Tatars"
    assert concepts["kyiv"].kind == "place" and concepts["kyiv"].case_sensitive is None


def test_a_byte_order_mark_is_accepted() -> None:
    assert read("glossary_bom.csv")[0].forms == {"fr": "Kiev", "en": "Kyiv"}


def test_a_utf16_file_with_its_byte_order_mark_is_read() -> None:
    assert read("glossary_utf16_bom.csv") == read("glossary_small.csv")  # a spreadsheet's "Unicode text"


def test_a_binary_stream_is_read_like_bytes() -> None:
    with (DATA / "glossary_small.csv").open("rb") as f:
        assert read_glossary_csv(f, "small.csv") == read("glossary_small.csv")


@pytest.mark.parametrize(
    ("fixture", "line", "reason"),
    [
        ("glossary_missing_id.csv", 1, "no 'id' column"),
        ("glossary_empty_id.csv", 3, "empty id"),
        ("glossary_unknown_column.csv", 1, "unknown column 'English'"),
        # the first kyiv row holds a note over two lines: the duplicate starts on line 5
        ("glossary_duplicate_id.csv", 5, "duplicate id 'kyiv' (first on line 2)"),
        ("glossary_unknown_kind.csv", 2, "unknown kind 'city'"),
        ("glossary_latin1.csv", 3, "not UTF-8"),
        ("glossary_malformed_variant.csv", 2, "malformed variant 'Kyjiw'"),
        ("glossary_unknown_case.csv", 2, "unknown case 'sometimes'"),
    ],
)
def test_a_malformed_file_is_refused_with_its_name_line_and_reason(fixture: str, line: int, reason: str) -> None:
    with pytest.raises(FormatError) as err:
        read(fixture)
    assert err.value.path == fixture
    assert err.value.line == line
    assert reason in err.value.message
    assert str(err.value).startswith(f"{fixture}:{line}: ")


def test_a_file_without_a_header_is_refused() -> None:
    with pytest.raises(FormatError, match="no header"):
        read_glossary_csv(b"\n\n", "empty.csv")


def test_a_row_longer_than_the_header_is_refused() -> None:
    with pytest.raises(FormatError, match="3 cells but the header has 2"):
        read_glossary_csv(b"id,kind\nkyiv,place,Kiev\n", "long.csv")


def test_formula_cells_are_read_without_their_escape_mark() -> None:
    concepts = {c.id: c for c in read("glossary_formula_cells.csv")}
    cmd = concepts["=cmd|' /C calc'!A0"]
    assert cmd.forms == {"fr": '=HYPERLINK("http://evil.example")', "en": "+1+1"}
    assert cmd.note == "@SUM(A1)"
    minus = concepts["minus"]
    assert minus.forms == {"fr": "-40 °C", "en": "-40 °F"} and minus.note == "-- a note starting with dashes"
    assert minus.variants == (("fr", "-40 degrés"),)
    quote = concepts["quote"]
    # a hand-written apostrophe before an ordinary letter is part of the name
    assert quote.forms == {"fr": "'s-Hertogenbosch", "en": "'=not a formula"}
    assert quote.note == "'' quoted"


def test_the_writer_neutralises_every_cell_a_spreadsheet_would_run() -> None:
    concepts = read("glossary_formula_cells.csv")
    text = write(concepts)
    cells = [cell for line in text.splitlines() for cell in line.split(",")]
    assert not [c for c in cells if c.lstrip('"')[:1] in ("=", "+", "-", "@")]
    assert read_glossary_csv(text.encode(), "again.csv") == concepts


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6 76", "'+33 6 76"),
        ("-40", "'-40"),
        ("@home", "'@home"),
        ("\tx", "'\tx"),
        ("'=x", "''=x"),
        ("''", "'''"),
        ("'s-Hertogenbosch", "'s-Hertogenbosch"),
        ("'", "'"),
        ("Kyiv", "Kyiv"),
        ("", ""),
    ],
)
def test_cell_escaping_is_unambiguous(value: str, written: str) -> None:
    assert escape_cell(value) == written
    assert unescape_cell(written) == value


def test_a_semicolon_inside_a_variant_survives() -> None:
    concept = Concept("x", "term", {"en": "A"}, (("en", "B;C"), ("fr", "back\\slash")))
    text = write([concept])
    assert "en:B\\;C;fr:back\\\\slash" in text
    assert read_glossary_csv(text.encode(), "x.csv") == [concept]


def test_sources_and_case_columns_are_written_only_when_used() -> None:
    plain = Concept("kyiv", "place", {"fr": "Kiev", "en": "Kyiv"})
    assert write([plain]).splitlines()[0] == "id,kind,fr,en,variants,note"
    full = Concept("afc", "org", {"fr": "AFC"}, sources="amnesty.fr", case_sensitive=True)
    assert write([plain, full]).splitlines()[0] == "id,kind,fr,en,variants,note,sources,case"
    assert read_glossary_csv(write([plain, full]).encode(), "x.csv") == [plain, full]


def test_the_shipped_glossary_round_trips_byte_for_byte() -> None:
    data = SHIPPED.read_bytes()
    assert write(read_glossary_csv(data, str(SHIPPED))).encode() == data


# --- property-based: round trips and fuzzing ------------------------------------------------------

#: Any text a term base can hold: no surrogates, and none of the controls XML cannot carry (refused by the reader).
_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12).filter(
    lambda t: control_chars.first_unwritable(t) is None)
_cell = _text.map(str.strip).filter(bool)
_lang = st.sampled_from(["fr", "en", "es", "uk", "crh", "pt-BR"])
concepts = st.lists(
    st.builds(
        Concept,
        id=_cell,
        kind=st.sampled_from(CONCEPT_KINDS),
        forms=st.dictionaries(_lang, _cell, max_size=4),
        variants=st.lists(st.tuples(_lang, _cell), max_size=3).map(tuple),
        note=st.one_of(st.just(""), _cell),
        sources=st.one_of(st.just(""), _cell),
        case_sensitive=st.sampled_from([None, True, False]),
    ),
    max_size=4,
    unique_by=lambda c: c.id,
)


@settings(max_examples=100, deadline=None)
@given(concepts)
def test_any_term_base_round_trips_through_csv(items: list[Concept]) -> None:
    assert read_glossary_csv(write(items).encode(), "gen.csv") == items


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300) | st.lists(st.sampled_from(
    ["id", "kind", "fr", "en", "variants", "note", ",", "\n", '"', "'=", "person", "fr:x", ";", "\xe9", ":"]
), max_size=40).map(lambda parts: "".join(parts).encode()))
def test_any_input_gives_concepts_or_a_format_error(data: bytes) -> None:
    try:
        result = read_glossary_csv(data, "fuzz.csv")
    except FormatError as exc:
        assert exc.path == "fuzz.csv" and exc.line is not None
    else:
        assert all(isinstance(c, Concept) and c.id for c in result)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2000), st.binary(min_size=1, max_size=4))
def test_a_mutated_shipped_glossary_gives_concepts_or_a_format_error(at: int, noise: bytes) -> None:
    data = SHIPPED.read_bytes()
    at %= len(data)
    try:
        read_glossary_csv(data[:at] + noise + data[at + len(noise):], "mutated.csv")
    except FormatError:
        pass
