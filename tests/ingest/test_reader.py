"""read_document: the sample release end to end, each format, every refused input, and fuzzing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.domain.models import Document
from workbench.domain.segmentation import segment_document
from workbench.errors import SourceError
from workbench.ingest import detect_language, read_document

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "release-fr-crimean-tatar-leaders.txt"
CHROME = ("Faire un don", "Contact presse", "Espace journalistes", "Publié le", "Sur le même pays", "...")


@pytest.fixture(scope="module")
def sample() -> bytes:
    if not SAMPLE.exists():
        pytest.skip(f"the shared sample release is not at {SAMPLE}")
    return SAMPLE.read_bytes()


def fixture(name: str) -> bytes:
    return (DATA / name).read_bytes()


# --- the real sample ---------------------------------------------------------------------------


def test_sample_gives_the_eleven_expected_segments(sample: bytes) -> None:
    document = read_document(sample, name=SAMPLE.name)
    segments = segment_document(document.blocks, "fr")
    kinds = [s.kind for s in segments]
    assert kinds == ["title"] + ["paragraph"] * 5 + ["heading"] + ["paragraph"] * 4
    assert segments[0].source == (
        "Russie. Il faut que les dirigeants tatars de Crimée puissent librement rentrer chez eux et s’exprimer"
    )
    assert segments[1].source.startswith("En réaction à l’arrivée") and segments[1].source.endswith("a déclaré :")
    assert segments[2].source.startswith("« La libération") and segments[2].source.endswith("de leur région.")
    assert segments[3].source.startswith("Ils doivent être autorisés")
    assert segments[2].block == segments[3].block
    assert segments[4].source.startswith("« Il apparaît") and segments[4].source.endswith("l’exil ou la prison.")
    assert segments[5].source.startswith("« En Crimée") and segments[5].source.endswith("détracteurs. »")
    assert segments[6].source == "Complément d’information"
    assert segments[7].source.startswith("Akhtem Tchigoz et Ilmi Oumerov")
    assert segments[8].source.startswith("Le 25 octobre") and segments[8].source.endswith("pour la Turquie.")
    assert segments[9].source.startswith("Le 27, ils sont enfin arrivés")
    assert segments[8].block == segments[9].block
    assert segments[10].source.startswith("La communauté tatare de Crimée et le Mejlis")
    assert not [s.source for s in segments if any(marker in s.source for marker in CHROME)]
    assert document.title == segments[0].source
    assert document.source_format == "text"
    assert detect_language(document.text) == "fr"


def test_sample_reports_why_chrome_was_excluded(sample: bytes) -> None:
    reasons = {e.reason for e in read_document(sample, name=SAMPLE.name).excluded}
    assert {"navigation link", "donation banner", "press contact box", "all-caps slogan"} <= reasons
    assert "related articles after “Sur le même pays”" in reasons
    # The "Publié le" lines date the teasers, not this release.
    assert read_document(sample, name=SAMPLE.name).metadata == {}


def test_sample_with_bom_and_crlf_reads_the_same(sample: bytes) -> None:
    plain = read_document(sample, name="release.txt")
    variant = read_document(b"\xef\xbb\xbf" + sample.replace(b"\n", b"\r\n"), name="release.txt")
    assert variant.blocks == plain.blocks


def test_stdin_is_sniffed_as_text(sample: bytes) -> None:
    assert read_document(sample, name="<stdin>").source_format == "text"


# --- HTML and Markdown -------------------------------------------------------------------------


def test_english_html_page_keeps_the_article_only() -> None:
    document = read_document(fixture("release_en_article.html"), name="release_en_article.html")
    assert document.source_format == "html"
    assert document.title == "Russia: Crimean Tatar leaders must be free to return home and speak out"
    assert document.metadata == {"published": "2017-10-27"}
    assert [b.kind for b in document.blocks] == ["title", "paragraph", "paragraph", "paragraph", "heading"] + [
        "paragraph"
    ] * 4
    assert document.blocks[4].text == "Background"
    text = document.text
    assert "said:" in text and "which Russia has occupied since February 2014" in text
    for chrome in ("cookies", "Skip to main content", "Donate", "Related content", "Yabloko", "All rights reserved",
                   "press@amnesty.org", "gtag", "dataLayer", "querySelectorAll"):
        assert chrome not in text
    assert detect_language(text) == "en"


def test_html_is_sniffed_without_extension() -> None:
    assert read_document(fixture("release_en_article.html"), name="<stdin>").source_format == "html"


def test_html_without_article_markup_falls_back_to_paragraphs() -> None:
    document = read_document(fixture("release_en_no_article_markup.html"), name="page.html")
    assert document.title == "Belarus: Release Ales Bialiatski now"
    assert [b.kind for b in document.blocks] == ["title", "paragraph", "paragraph"]
    assert "Donate" not in document.text


def test_markdown_release() -> None:
    document = read_document(fixture("release_fr.md"), name="release_fr.md")
    assert document.source_format == "markdown"
    assert document.title.startswith("Russie. Il faut que les dirigeants tatars")
    assert document.metadata == {"published": "2017-10-27"}
    kinds = [b.kind for b in document.blocks]
    assert kinds == ["title", "paragraph", "paragraph", "paragraph", "heading", "paragraph", "paragraph", "paragraph"]
    intro = document.blocks[1].text
    # Emphasis and link markup are gone, soft line breaks are spaces, the link text stays.
    assert "**" not in intro and "](" not in intro and "\n" not in intro
    assert "directrice d’Amnesty International Ukraine, a déclaré :" in intro
    assert document.blocks[4].text == "Complément d’information"
    assert "Contact presse" not in document.text and "photo.jpg" not in document.text
    segments = segment_document(document.blocks, "fr")
    assert [s.source for s in segments if s.block == 2] == [
        "« La libération des prisonniers d’opinion Ilmi Oumerov et Akhtem Tchigoz représente une avancée.",
        "Ils doivent être autorisés à retourner en Crimée.",
    ]


def test_markdown_is_sniffed_from_a_heading() -> None:
    assert read_document(fixture("release_fr.md"), name="<stdin>").source_format == "markdown"


def test_hard_wrapped_text_paragraphs_are_joined() -> None:
    document = read_document(fixture("release_fr_hard_wrapped.txt"), name="release_fr_hard_wrapped.txt")
    assert document.title == "Bélarus. Ales Bialiatski doit être libéré sans délai"
    assert document.metadata == {"published": "2025-07-14"}
    assert [b.kind for b in document.blocks] == ["title", "paragraph", "paragraph"]
    # The three wrapped lines are one paragraph, joined with single spaces.
    assert "plus de quatre ans derrière les barreaux" in document.blocks[1].text
    assert "militante" not in document.text


def test_explicit_format_wins_over_extension() -> None:
    markdown = b"# Titre du communiqu\xc3\xa9 de presse\n\nUne phrase du communiqu\xc3\xa9. Une autre phrase.\n"
    assert read_document(markdown, name="release.txt").blocks[0].text.startswith("# Titre")
    assert read_document(markdown, name="release.txt", fmt="md").title == "Titre du communiqué de presse"


# --- refused inputs: one clear line each ---------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        pytest.param(b"", "empty.txt", "empty.txt: empty source", id="empty"),
        pytest.param(b" \n\r\n\t \n", "blank.txt", "blank.txt: empty source", id="whitespace-only"),
        pytest.param(b"\xef\xbb\xbf\n", "bom.txt", "bom.txt: empty source", id="bom-only"),
        pytest.param(b"%PDF-1.7\n\x00\x01\x02binary", "release.pdf", "release.pdf: binary file (NUL bytes)", id="nul"),
        pytest.param(bytes(range(1, 32)) * 20, "<stdin>", "<stdin>: binary file (mostly control characters)",
                     id="control-characters"),
        pytest.param(b"Titre du communiqu\xc3\xa9\n\nLe caf\xe9 est ferm\xe9.\n", "latin1.txt",
                     "latin1.txt:3: not valid UTF-8: byte 0xe9 at byte offset 28, column 7", id="latin-1"),
        pytest.param(b"# Titre du communiqu\xc3\xa9\n\nTexte du communiqu\xc3\xa9.\n\n<SCRIPT src=x></SCRIPT>\n",
                     "release.md", "release.md:5: active content", id="script-in-markdown"),
        pytest.param(b"Agir\n\nFaire un don\n\nContact presse\n\n+33 6 76 94 37 05\n", "chrome.txt",
                     "chrome.txt: no body text", id="chrome-only-text"),
        pytest.param(b"# Un titre sans texte\n", "title.md", "title.md: no body text", id="title-only-markdown"),
        pytest.param(b"Un texte.", "release.docx", None, id="unknown-extension-sniffed-ok"),
    ],
)
def test_bad_inputs_are_refused_with_one_clear_line(data: bytes, name: str, message: str | None) -> None:
    if message is None:
        assert read_document(data, name=name).blocks  # sniffed as text, accepted
        return
    with pytest.raises(SourceError) as caught:
        read_document(data, name=name)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_invalid_utf8_offset_counts_the_bom() -> None:
    with pytest.raises(SourceError, match=r"^r.txt:1: not valid UTF-8: byte 0xff at byte offset 5, column 6"):
        read_document(b"\xef\xbb\xbfAb\xffcd", name="r.txt")


def test_unknown_format_is_refused() -> None:
    with pytest.raises(SourceError, match=r"unknown source format 'pdf'"):
        read_document(b"Un texte de communiqu\xc3\xa9.", name="x", fmt="pdf")


@pytest.mark.parametrize(
    ("fixture_name", "message"),
    [
        ("script_in_article.html", "script_in_article.html:15: active content: a <script> inside <p>"),
        ("script_in_article_div.html", "script_in_article_div.html:9: active content: a <script> inside <article>"),
        ("no_body_text.html", "no_body_text.html: no body text"),
    ],
)
def test_bad_html_pages_are_refused(fixture_name: str, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        read_document(fixture(fixture_name), name=fixture_name)
    assert str(caught.value).startswith(message)


def test_scripts_in_head_and_page_chrome_are_dropped_not_refused() -> None:
    # release_en_article.html has scripts in <head>, in the footer and at the end of <body>.
    assert b"<script" in fixture("release_en_article.html")
    assert read_document(fixture("release_en_article.html"), name="a.html").blocks


def test_oversized_source_is_refused_before_decoding() -> None:
    data = b"\xff" * 20_000_000  # 20 MB and not even UTF-8: the size check must come first
    started = time.perf_counter()
    with pytest.raises(SourceError, match=r"source is 20,000,000 bytes, more than the 5,000,000 accepted"):
        read_document(data, name="huge.txt")
    assert time.perf_counter() - started < 0.5


def test_size_limit_is_configurable(sample: bytes) -> None:
    with pytest.raises(SourceError, match="more than the 1,000 accepted"):
        read_document(sample, name="r.txt", max_bytes=1_000)


# --- fuzzing: a Document or a SourceError, never anything else ----------------------------------


def _read_or_refuse(data: bytes, name: str) -> None:
    try:
        result = read_document(data, name=name)
    except SourceError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert isinstance(result, Document)
        assert any(b.kind == "paragraph" for b in result.blocks)


def _mutated(seed: bytes) -> st.SearchStrategy[bytes]:
    """Byte-level mutations of a real source: cuts, splices, flipped and inserted bytes."""

    @st.composite
    def mutate(draw: st.DrawFn) -> bytes:
        data = bytearray(seed)
        for _ in range(draw(st.integers(1, 6))):
            at = draw(st.integers(0, len(data)))
            action = draw(st.sampled_from(["insert", "delete", "flip", "truncate", "duplicate"]))
            if action == "insert":
                data[at:at] = draw(st.sampled_from([b"\x00", b"\xff", b"<script>", b"\xc3", b"\r", b"\n\n", b"# ",
                                                    b"\xe2\x80\xa6", b"<p>", b"</p>", b"\xc2\xab", b"..."]))
            elif action == "delete":
                del data[at : at + draw(st.integers(1, 200))]
            elif action == "flip" and at < len(data):
                data[at] = draw(st.integers(0, 255))
            elif action == "truncate":
                del data[at:]
            elif action == "duplicate":
                data.extend(data[at : at + 300])
        return bytes(data)

    return mutate()


_NAMES = st.sampled_from(["release.txt", "release.html", "release.md", "<stdin>"])
_FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FUZZ
@given(data=st.binary(max_size=400), name=_NAMES)
def test_fuzz_arbitrary_bytes(data: bytes, name: str) -> None:
    _read_or_refuse(data, name)


@_FUZZ
@given(text=st.text(max_size=400), name=_NAMES)
def test_fuzz_arbitrary_text(text: str, name: str) -> None:
    _read_or_refuse(text.encode("utf-8", "surrogatepass"), name)


@_FUZZ
@given(data=st.data())
def test_fuzz_mutated_sample(data: st.DataObject) -> None:
    if not SAMPLE.exists():
        pytest.skip(f"the shared sample release is not at {SAMPLE}")
    _read_or_refuse(data.draw(_mutated(SAMPLE.read_bytes())), data.draw(_NAMES))


@_FUZZ
@given(data=st.data())
def test_fuzz_mutated_html(data: st.DataObject) -> None:
    seed = fixture(data.draw(st.sampled_from(["release_en_article.html", "release_en_no_article_markup.html"])))
    _read_or_refuse(data.draw(_mutated(seed)), "page.html")


@_FUZZ
@given(data=st.data())
def test_fuzz_mutated_markdown(data: st.DataObject) -> None:
    _read_or_refuse(data.draw(_mutated(fixture("release_fr.md"))), "release.md")


@_FUZZ
@given(data=st.data())
def test_fuzz_mutated_text_dump(data: st.DataObject) -> None:
    _read_or_refuse(data.draw(_mutated(fixture("release_fr_hard_wrapped.txt"))), "release.txt")


def test_html_title_falls_back_to_the_page_title_without_site_name() -> None:
    page = (
        "<html><head><title>Russie – Ukraine : protéger les civils | Amnesty International France</title></head>"
        "<body><article><p>Les frappes répétées de la Russie sur les centrales électriques ont privé des villes "
        "entières de chauffage en plein hiver.</p></article></body></html>"
    ).encode()
    document = read_document(page, name="page.html")
    assert document.title == "Russie – Ukraine : protéger les civils"
    assert [b.kind for b in document.blocks] == ["title", "paragraph"]


def test_script_in_a_text_dump_is_kept_as_text() -> None:
    # A plain-text dump is only characters: "<script>" in it is text (shown as text, never run).
    data = ("Russie. Les dirigeants tatars de Crimée doivent pouvoir rentrer chez eux\n\n"
            "Le site a publié <script>alert(1)</script> et <img src=x onerror=alert(1)> par erreur.\n").encode()
    doc = read_document(data, name="release.txt")
    assert any("<script>alert(1)</script>" in b.text and "<img src=x onerror=alert(1)>" in b.text for b in doc.blocks)


def test_a_title_then_one_paragraph_per_line_is_not_taken_for_a_hard_wrapped_paragraph() -> None:
    text = ("Deux dirigeants tatars de Crimée libérés et arrivés à Kiev\n"
            "Ilmi Oumerov et Akhtem Tchigoz sont arrivés à Kiev vendredi après-midi.\n"
            "Ils avaient été libérés mercredi par les autorités russes de Crimée.\n"
            "Amnesty International demande l’abandon de toutes les poursuites.\n")
    doc = read_document(text.encode(), name="short.txt", max_bytes=10_000)
    assert doc.title == "Deux dirigeants tatars de Crimée libérés et arrivés à Kiev"
    assert [b.kind for b in doc.blocks] == ["title", "paragraph", "paragraph", "paragraph"]


def nested_page(depth: int) -> bytes:
    """A release page whose article sits ``depth`` <div>s deep (builders and e-mail exports nest so)."""
    article = ("<p>Le Mejlis des Tatars de Crimée a déclaré que les défenseurs des droits humains doivent être "
               "libérés sans délai et sans condition.</p>"
               "<p>M. Ilmi Oumerov, l’ancien vice-président du Mejlis, rappelle qu’aucun d’entre eux n’a commis "
               "d’infraction et que leurs familles attendent toujours des nouvelles.</p>")
    return (f"<html><head><title>Russie. Les Tatars de Crimée | Site</title></head><body>"
            f"<nav><a href='/'>Accueil</a></nav><h1>Russie. Les Tatars de Crimée</h1>"
            f"{'<div>' * depth}{article}{'</div>' * depth}</body></html>").encode()


@pytest.mark.parametrize("depth", [300, 1000])
def test_a_page_nested_hundreds_deep_keeps_its_article(depth: int) -> None:
    doc = read_document(nested_page(depth), name="deep.html")
    texts = [b.text for b in doc.blocks]
    assert texts[0] == "Russie. Les Tatars de Crimée"
    assert any(t.startswith("Le Mejlis des Tatars de Crimée a déclaré") for t in texts), texts
    assert any(t.startswith("M. Ilmi Oumerov, l’ancien vice-président") for t in texts), texts


def test_a_page_nested_deeper_than_the_parser_goes_is_refused_naming_the_limit() -> None:
    with pytest.raises(SourceError, match="more than 2048 deep") as refused:
        read_document(nested_page(2100), name="deeper.html")
    assert str(refused.value).startswith("deeper.html") and "nothing left" not in str(refused.value)


# --- UTF-16 and UTF-32 with a byte-order mark (Windows' "Unicode text") ----------------------


@pytest.mark.parametrize(
    ("wide", "utf8"),
    [
        pytest.param("release_fr_utf16be_bom.md", "release_fr.md", id="utf-16-be-markdown"),
        pytest.param("release_en_utf32_bom.html", "release_en_article.html", id="utf-32-html"),
    ],
)
def test_a_wide_release_with_a_bom_reads_like_its_utf8_original(wide: str, utf8: str) -> None:
    assert read_document(fixture(wide), name=wide) == read_document(fixture(utf8), name=utf8)


def test_the_sample_saved_as_utf16_with_crlf_gives_the_same_segments(sample: bytes) -> None:
    name = "release_fr_utf16le_bom.txt"
    data = fixture(name)
    assert data.startswith(b"\xff\xfe") and b"\x00" in data
    wide = segment_document(read_document(data, name=name).blocks, "fr")
    original = segment_document(read_document(sample, name=SAMPLE.name).blocks, "fr")
    assert [(s.id, s.kind, s.source) for s in wide] == [(s.id, s.kind, s.source) for s in original]
    assert len(wide) == 11 and any("Crimée" in s.source for s in wide)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param("release_utf16_bom_broken.txt", "release_utf16_bom_broken.txt:3: not valid UTF-16 although it "
                     "starts with its byte-order mark (illegal UTF-16 surrogate", id="bom-but-not-utf16"),
        pytest.param("release_utf16_no_bom.txt", "release_utf16_no_bom.txt: UTF-16 without a byte-order mark",
                     id="utf16-without-bom"),
    ],
)
def test_an_undecodable_wide_file_is_refused_by_name(name: str, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        read_document(fixture(name), name=name)
    assert str(caught.value).startswith(message)


def test_nul_characters_inside_a_utf16_file_are_still_binary() -> None:
    data = "Titre\n\nTexte\x00\x01 binaire.\n".encode("utf-16")
    with pytest.raises(SourceError, match="binary file"):
        read_document(data, name="release.txt")
