"""The block filter: each rule with the reason it reports, title finding, metadata, classification."""

from __future__ import annotations

from datetime import date

import pytest

from workbench.ingest.boilerplate import RawBlock, filter_blocks, is_heading, is_headline, parse_date_line

TITLE = "Russie. Il faut que les dirigeants tatars de Crimée puissent librement rentrer chez eux"
BODY = "Le 25 octobre, ils ont été libérés contre toute attente et embarqués sur un vol pour la Turquie."
BODY_EN = "On 25 October, they were unexpectedly released and put on a flight to Turkey, their lawyers said."


def run(*texts: str) -> dict[str, str | None]:
    """Filter plain-text blocks; map each text to its exclusion reason (None = kept)."""
    document = filter_blocks([RawBlock(t) for t in texts], source_format="text")
    result: dict[str, str | None] = {b.text: None for b in document.blocks}
    result.update({e.text: e.reason for e in document.excluded})
    return result


@pytest.mark.parametrize(
    ("chrome", "reason"),
    [
        ("Aller au contenu", "navigation link"),
        ("Skip to main content", "navigation link"),
        ("Faire un don", "donation banner"),
        ("ou montant libre :", "donation banner"),
        ("Grâce à la réduction d'impôts de 66%, votre don ne vous coûtera que : 85 €", "donation banner"),
        ("Donate now and protect human rights defenders", "donation banner"),
        ("QUAND UN DROIT TOMBE, DES VIES BASCULENT", "all-caps slogan"),
        ("Espace journalistes", "press contact box"),
        ("Media enquiries", "press contact box"),
        ("Pour toute autre demande, contactez le standard au 01 53 38 65 65", "press contact box"),
        ("+33 6 76 94 37 05", "contact details (phone, e-mail, link)"),
        ("[email\u00a0protected]", "contact details (phone, e-mail, link)"),
        ("Tél. : +44 20 7413 5566 | press@amnesty.org", "contact details (phone, e-mail, link)"),
        ("We use cookies to improve your experience. Accept all cookies", "cookie banner"),
        ("© 2025 Amnesty International. Tous droits réservés.", "site footer"),
        ("Communiqué de presse", "section label"),
        ("* * *", "no words (separator, decoration)"),
    ],
)
def test_block_rules_report_their_reason(chrome: str, reason: str) -> None:
    assert run(TITLE, chrome, BODY)[chrome] == reason


def test_long_paragraph_mentioning_a_donation_is_kept() -> None:
    long = "L’entreprise a annoncé faire un don à l’hôpital régional. " + BODY * 5
    assert run(TITLE, long)[long] is None


def test_repeated_blocks_are_chrome_and_title_in_a_breadcrumb_survives() -> None:
    share = "Partager cet article sur les réseaux sociaux de votre choix."
    result = run(TITLE, BODY, share, "Autre paragraphe du communiqué, avec sa conclusion.", share)
    assert result[share] == "repeated block (site chrome)"
    document = filter_blocks([RawBlock(t) for t in ("Accueil", TITLE, TITLE, BODY)], source_format="text")
    assert document.title == TITLE
    assert [b.kind for b in document.blocks] == ["title", "paragraph"]


def test_short_lines_before_the_title_are_navigation() -> None:
    document = filter_blocks([RawBlock(t) for t in ("Agir", "S’informer", TITLE, BODY)], source_format="text")
    assert document.title == TITLE
    assert [(e.text, e.reason) for e in document.excluded] == [
        ("Agir", "before the title (navigation, banner)"),
        ("S’informer", "before the title (navigation, banner)"),
    ]


@pytest.mark.parametrize(
    "marker", ["Sur le même pays", "Sur le même sujet", "À lire aussi", "Lire aussi :", "Read more", "Related",
               "Related articles"]
)
def test_everything_after_a_related_articles_marker_goes(marker: str) -> None:
    teaser_title = "Russie. Des artistes de rue emprisonnés une troisième fois"
    result = run(TITLE, BODY, marker, teaser_title, "Un paragraphe complet qui n’est pas tronqué.")
    assert result[BODY] is None
    assert result[teaser_title] == f"related articles after “{marker}”"


def test_a_marker_before_any_body_text_does_not_cut_the_release() -> None:
    result = run(TITLE, "Related", BODY)
    assert result[BODY] is None


def test_date_line_under_the_title_is_metadata() -> None:
    document = filter_blocks([RawBlock(t) for t in (TITLE, "Publié le : 05.12.25", BODY)], source_format="text")
    assert document.metadata == {"published": "2025-12-05"}
    assert document.excluded[0].reason == "publication date (metadata)"
    assert [b.kind for b in document.blocks] == ["title", "paragraph"]


def test_teaser_without_marker_goes_with_its_date_and_title() -> None:
    teaser_title = "Russie. Des artistes de rue emprisonnés une troisième fois"
    teaser = "En réaction au troisième placement en détention administrative de Diana Loguinova, directeur..."
    result = run(TITLE, BODY, teaser_title, "Publié le : 10.11.25", teaser)
    assert result[BODY] is None
    assert result[teaser_title] == "teaser title"
    assert result["Publié le : 10.11.25"] == "date line of a teaser"
    assert result[teaser] == "truncated teaser"
    late_date = filter_blocks([RawBlock(t) for t in (TITLE, BODY, "Publié le : 10.11.25")], source_format="text")
    assert late_date.metadata == {}


def test_english_page_chrome() -> None:
    title = "Russia: Crimean Tatar leaders must be free to return home"
    result = run("Home", "Donate", title, "Published on 27 October 2017", BODY_EN, "Background",
                 "Media contact", "press@amnesty.org", "See also", "Russia: Street musicians jailed again")
    kept = [text for text, reason in result.items() if reason is None]
    assert kept == [title, BODY_EN, "Background"]


def test_classification_title_headings_paragraphs() -> None:
    document = filter_blocks(
        [RawBlock(t) for t in (TITLE, BODY, "Complément d’information", "« Il faut les libérer. »", "Que faire ?")],
        source_format="text",
    )
    assert [b.kind for b in document.blocks] == ["title", "paragraph", "heading", "paragraph", "paragraph"]


def test_source_hints_win_for_structured_formats() -> None:
    blocks = [RawBlock("Headline of the page", "title"), RawBlock("Short list item", "paragraph"),
              RawBlock("A heading that ends with a full stop.", "heading")]
    document = filter_blocks(blocks, source_format="html")
    assert [b.kind for b in document.blocks] == ["title", "paragraph", "heading"]
    assert document.source_format == "html"


def test_no_title_when_nothing_is_headline_shaped() -> None:
    document = filter_blocks([RawBlock(BODY), RawBlock(BODY_EN)], source_format="text")
    assert document.title == "" and [b.kind for b in document.blocks] == ["paragraph", "paragraph"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Publié le : 05.12.25", date(2025, 12, 5)),
        ("Publié le 5 décembre 2025", date(2025, 12, 5)),
        ("Paris, le 1er août 2024", date(2024, 8, 1)),
        ("Published on 27 October 2017", date(2017, 10, 27)),
        ("Published: October 27, 2017", date(2017, 10, 27)),
        ("2025-12-05", date(2025, 12, 5)),
        ("Publié le : 31.02.25", None),
        ("Le 25 octobre, ils ont été libérés.", None),
        ("Publié le : bientôt", None),
    ],
)
def test_parse_date_line(line: str, expected: date | None) -> None:
    assert parse_date_line(line) == expected


def test_shapes() -> None:
    assert is_headline(TITLE) and not is_headline("Agir") and not is_headline(BODY)
    assert is_heading("Complément d’information") and not is_heading("Il faut les libérer. »")
