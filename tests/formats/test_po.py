"""PO catalogs: what write_po writes is accepted by msgfmt --check and read identically by polib,
babel and translate-toolkit; read_po reads it back and refuses every malformed file with its line."""

from __future__ import annotations

import gettext
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from export_fixtures import entries_by_babel, entries_by_polib, entries_by_toolkit, msgfmt_check, needs_msgfmt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.errors import FormatError
from workbench.formats.po import PoCatalog, PoEntry, PoHeader, gettext_language, plural_forms, read_po, write_po

DATA = Path(__file__).resolve().parents[1] / "data"
WHEN = datetime(2017, 10, 27, 14, 30, tzinfo=UTC)

ENTRIES = [
    PoEntry("Russie. Il faut que les dirigeants tatars de Crimée puissent librement rentrer chez eux",
            "Rusia. Los dirigentes tártaros de Crimea deben poder volver", references=("sample:1",),
            extracted=("segment 4f81034501 (title, block 1), version 3",),
            comments=("state: approved", "translator: ana", "reviewer: rv, approved 2017-10-27T14:30:00+00:00")),
    PoEntry("« Il a dit : \"non\" »\tet C:\\chemin", "« Dijo: \"no\" »\ty C:\\ruta", references=("sample:2",)),
    PoEntry("Le 25 octobre.", "El 25 de octubre.", msgctxt="7a74109571", references=("sample:3",)),
    PoEntry("Le 25 octobre.", "", msgctxt="d27b471998", references=("sample:4",)),
    PoEntry("Complément d’information", "Información (borrador)", fuzzy=True, references=("sample:5",)),
    PoEntry("Une ligne\net une autre\n", "Una línea\ny otra\n", references=("sample:6",)),
]


def header(lang: str = "es") -> PoHeader:
    return PoHeader(project="sample", lang=lang, revision_date=WHEN, creation_date=WHEN, last_translator="ana",
                    language_team="Spanish", generator="Workbench test", title="Russie",
                    extra=(("X-Workbench-Release", "sample"),))


def expected() -> list[tuple[str | None, str, str, bool]]:
    return [(e.msgctxt, e.msgid, e.msgstr, e.fuzzy) for e in ENTRIES]


@pytest.fixture
def written(tmp_path: Path) -> Path:
    path = tmp_path / "sample.po"
    path.write_bytes(write_po(header(), ENTRIES))
    return path


@needs_msgfmt
def test_msgfmt_check_accepts_the_catalog(written: Path) -> None:
    result = msgfmt_check(written)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_three_independent_readers_see_the_same_entries(written: Path) -> None:
    assert entries_by_polib(written) == expected()
    assert entries_by_babel(written) == expected()
    assert entries_by_toolkit(written) == expected()


def test_read_po_reads_back_what_write_po_wrote(written: Path) -> None:
    catalog = read_po(written.read_bytes(), str(written))
    assert [(e.msgctxt, e.msgid, e.msgstr, e.fuzzy) for e in catalog.entries] == expected()
    first = catalog.entries[0]
    assert first.references == ("sample:1",)
    assert first.extracted == ENTRIES[0].extracted and first.comments == ENTRIES[0].comments
    assert catalog.headers["Language"] == "es" and catalog.headers["X-Workbench-Release"] == "sample"
    assert catalog.headers["PO-Revision-Date"] == "2017-10-27 14:30+0000"


def test_headers_come_from_babel(written: Path) -> None:
    text = written.read_text(encoding="utf-8")
    for line in ('"Language: es\\n"', f'"Plural-Forms: {get_plural("es").plural_forms}\\n"',
                 '"Content-Type: text/plain; charset=UTF-8\\n"', '"Last-Translator: ana\\n"',
                 '"Language-Team: Spanish\\n"', '"X-Generator: Workbench test\\n"'):
        assert line in text
    # gettext's plural rules (a form number per n), not CLDR's category names. Babel 2.19 gave
    # fr/es/it/pt a third form for exact millions; what holds in every version is checked here.
    assert form_of("es", 1) == 0 and form_of("es", 0) != 0 and form_of("es", 2) != 0
    assert form_of("pt-BR", 0) == form_of("pt-BR", 1) == 0 and form_of("pt-BR", 2) != 0  # Brazil: 0 is singular
    assert [form_of("uk", n) for n in (1, 2, 5, 21)] == [0, 1, 2, 0]  # Ukrainian: three forms
    assert plural_forms("crh") == "nplurals=2; plural=(n != 1);"  # babel does not know Crimean Tatar


def form_of(lang: str, n: int) -> int:
    """The plural form number our Plural-Forms header gives ``n`` in ``lang`` (evaluated by gettext)."""
    expression = plural_forms(lang).split("plural=", 1)[1].rstrip(";")
    return int(gettext.c2py(expression)(n))
    assert gettext_language("pt-BR") == "pt_BR" and gettext_language("crh") == "crh"


def test_writing_twice_gives_the_same_text() -> None:
    assert write_po(header(), ENTRIES) == write_po(header(), ENTRIES)


# file, line, what the message says
MALFORMED = [
    ("po_syntax_error.po", 17, "syntax error"),
    ("po_unterminated_string.po", 12, "unterminated string"),
    ("po_wrong_plural_count.po", 10, "wrong plural count: 3 msgstr[] forms, but Plural-Forms says nplurals=2"),
    ("po_wrong_charset.po", 10, "not UTF-8, although the header says UTF-8"),
    ("po_bom.po", 1, "UTF-8 byte-order mark, which msgfmt refuses"),
    ("po_utf16_bom.po", 1, "UTF-16 byte-order mark, which msgfmt refuses: convert it (iconv -f UTF-16 -t UTF-8)"),
    ("po_not_a_po.po", 1, "not a PO catalog"),
    ("po_no_header.po", 1, "no header entry"),
    ("po_duplicate_message.po", 14, "duplicate message (first at line 10)"),
    ("po_obsolete_duplicate.po", 19, "duplicate message (first at line 15)"),
    ("po_missing_msgstr.po", 10, "entry without msgstr"),
    ("po_bad_escape.po", 10, "invalid escape sequence \\q"),
    ("po_c_format_mismatch.po", 17, "format specifications in 'msgid' and 'msgstr' for argument 1 are not the same"),
    ("po_python_format_mismatch.po", 17, "argument 'comunicado', as in 'msgstr', doesn't exist in 'msgid'"),
    ("po_newline_mismatch.po", 16, "'msgid' and 'msgstr' entries do not both end with '\\n'"),
    ("po_translated_plural_no_plural_forms.po", 9, "a translated plural entry, but the header has no Plural-Forms"),
]


@pytest.mark.parametrize(("name", "line", "message"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_catalogs_are_refused_with_the_line(name: str, line: int, message: str) -> None:
    path = DATA / name
    with pytest.raises(FormatError) as info:
        read_po(path.read_bytes(), str(path))
    assert info.value.line == line
    assert message in info.value.message
    assert str(info.value).startswith(f"{path}:{line}: ")


PO_FIXTURES = sorted(p.name for p in DATA.iterdir() if p.name.startswith("po_") and p.suffix in (".po", ".pot"))


@needs_msgfmt
@pytest.mark.parametrize("name", PO_FIXTURES)
def test_we_accept_exactly_what_msgfmt_accepts(name: str) -> None:
    """msgfmt --check is the judge: every fixture it accepts we read, every one it refuses we refuse."""
    path = DATA / name
    try:
        read_po(path.read_bytes(), str(path))
    except FormatError:
        ours = False
    else:
        ours = True
    assert ours == (msgfmt_check(path).returncode == 0)


def read(name: str) -> PoCatalog:
    path = DATA / name
    return read_po(path.read_bytes(), str(path))


def test_flags_before_an_obsolete_entry_and_its_previous_msgid_are_no_entry() -> None:
    catalog = read("po_obsolete_fuzzy.po")  # as msgmerge writes it: "#, fuzzy" then "#~| msgid" then "#~ msgid"
    assert [(e.msgid, e.msgstr) for e in catalog.entries] == [
        ("Complément d’information", "Información complementaria")]


def test_a_comment_at_the_end_of_the_file_belongs_to_no_entry() -> None:
    assert [e.msgid for e in read("po_trailing_comment.po").entries] == ["Complément d’information"]


def test_a_comment_before_a_blank_line_belongs_to_the_next_entry() -> None:
    (entry,) = read("po_comment_before_blank_line.po").entries
    assert entry.comments == ("Checked against the French original.",) and entry.references == ("sample:7",)


def test_the_header_may_stand_after_entries() -> None:
    catalog = read("po_header_not_first.po")
    assert catalog.lang == "es" and [e.msgid for e in catalog.entries] == ["Complément d’information", "Contact presse"]


def test_a_template_with_plural_entries_needs_no_plural_forms() -> None:
    (entry,) = read("po_pot_plural_no_plural_forms.pot").entries
    assert entry.msgid_plural == "%(n)d segments approved" and entry.msgstr_plural == ("", "")


@pytest.mark.parametrize(("name", "msgid", "msgstr"), [
    ("po_latin1_charset.po", "Complément", "Información"),
    ("po_koi8r_charset.po", "Contact presse", "Контакт для прессы"),
])
def test_a_catalog_in_another_charset_is_converted_as_its_header_says(name: str, msgid: str, msgstr: str) -> None:
    entry = read(name).entries[0]
    assert (entry.msgid, entry.msgstr) == (msgid, msgstr)


def test_crlf_line_ends_are_line_ends() -> None:
    assert read("po_crlf.po").entries[0].msgstr == "Información complementaria"


def test_a_charset_msgfmt_does_not_know_is_read_as_utf8_with_a_warning() -> None:
    catalog = read("po_unknown_charset.po")
    assert catalog.warnings == ["unknown charset 'KLINGON-8': read as UTF-8"]
    assert catalog.entries[0].msgstr == "Información complementaria"


def test_format_strings_that_agree_are_accepted() -> None:
    first, second = read("po_python_brace_format.po").entries  # reordered {names} and %2$d/%1$s
    assert first.msgstr == "{reviewer} aprobó {count} segmentos" and second.msgstr == "%2$d y %1$s"


def test_an_empty_file_is_not_a_catalog() -> None:
    with pytest.raises(FormatError, match="empty file"):
        read_po(b"\n\n", "empty.po")


def test_a_compiled_mo_is_not_a_catalog() -> None:
    with pytest.raises(FormatError, match="binary data"):
        read_po(b"\xde\x12\x04\x95\x00\x00\x00\x00", "x.mo")


def test_obsolete_entries_and_previous_msgids_are_skipped() -> None:
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#| msgid "Old"\nmsgid "New"\nmsgstr "Nuevo"\n\n#~ msgid "Gone"\n#~ msgstr "Ido"\n'
    )
    catalog = read_po(text.encode(), "x.po")
    assert [(e.msgid, e.msgstr) for e in catalog.entries] == [("New", "Nuevo")]


VALID = write_po(header(), ENTRIES)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fuzz_read_po_gives_a_catalog_or_our_error(data: st.DataObject) -> None:
    choice = data.draw(st.sampled_from(["mutate", "splice", "random"]))
    if choice == "random":
        blob = data.draw(st.binary(max_size=400))
    else:
        raw = bytearray(VALID)
        for _ in range(data.draw(st.integers(1, 8))):
            pos = data.draw(st.integers(0, len(raw) - 1))
            if choice == "mutate":
                raw[pos] = data.draw(st.sampled_from(list(b'"\\\n\r#[]0123 msgidtrx\x00\xff\xc3')))
            else:
                raw[pos:pos] = data.draw(st.sampled_from([b'"', b"\\", b"\n", b'msgstr[1] "x"\n', b"#,fuzzy\n",
                                                          b'msgctxt "c"\n', b"\xef\xbb\xbf", b'"\n"', b"#~ ",
                                                          b"\r\n", b"#, c-format\n", b"#, python-format\n", b"%d",
                                                          b"%(n)s", b"{x}", b"\xff\xfe", b"charset=KOI8-R"]))
        blob = bytes(raw)
    try:
        catalog = read_po(blob, "fuzz.po")
    except FormatError as exc:
        assert exc.line is None or exc.line >= 1
    else:
        assert all(isinstance(e.msgid, str) for e in catalog.entries)
