"""Sentence segmentation: pysbd plus the French press-release rules, and stable segment ids."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.domain.models import Block
from workbench.domain.segmentation import segment_document, segment_id, split_sentences

NBSP, NNBSP = "\u00a0", "\u202f"

# (paragraph, expected sentences) — each row is one French trap.
FRENCH_TRAPS = [
    pytest.param(
        "M. Dupont est arrivé hier. Mme Durand est restée à Paris.",
        ["M. Dupont est arrivé hier.", "Mme Durand est restée à Paris."],
        id="M.-and-Mme",
    ),
    pytest.param(
        "MM. Oumerov et Tchigoz ont été libérés. Ils sont arrivés à Kiev.",
        ["MM. Oumerov et Tchigoz ont été libérés.", "Ils sont arrivés à Kiev."],
        id="MM.",  # pysbd alone splits after "MM."
    ),
    pytest.param(
        "Il est poursuivi en vertu de l’art. 20.3.3 du Code administratif. Il a fait appel.",
        ["Il est poursuivi en vertu de l’art. 20.3.3 du Code administratif.", "Il a fait appel."],
        id="art.-20.3.3",  # pysbd alone splits after "art."
    ),
    pytest.param(
        "Le tribunal a cité l’Art. 280 et cf. p. 12 du jugement. La défense conteste.",
        ["Le tribunal a cité l’Art. 280 et cf. p. 12 du jugement.", "La défense conteste."],
        id="Art.-cf.-p.",
    ),
    pytest.param(
        f"L’amende s’élève à 1 200 euros. Près de 1{NBSP}200 personnes et 3{NNBSP}500 000 roubles sont en cause.",
        ["L’amende s’élève à 1 200 euros.", f"Près de 1{NBSP}200 personnes et 3{NNBSP}500 000 roubles sont en cause."],
        id="thousands-separators",
    ),
    pytest.param(
        "Il a dit : « Non. Jamais. » Puis il est parti.",
        ["Il a dit : « Non.", "Jamais. »", "Puis il est parti."],
        id="quote-sentences-split-closing-guillemet-stays",
    ),
    pytest.param(
        f"Il a dit :{NBSP}«{NBSP}Non.{NBSP}Jamais{NBSP}!{NBSP}» Puis il est parti.",
        [f"Il a dit :{NBSP}«{NBSP}Non.", f"Jamais{NBSP}!{NBSP}»", "Puis il est parti."],
        id="quote-with-no-break-spaces",
    ),
    pytest.param(
        "« Non ! » a-t-il crié. Puis il est parti.",
        ["« Non ! » a-t-il crié.", "Puis il est parti."],
        id="sentence-goes-on-after-quote",
    ),
    pytest.param(
        "Ils ont été condamnés pour « extrémisme ». Ils ont fait appel.",
        ["Ils ont été condamnés pour « extrémisme ».", "Ils ont fait appel."],
        id="quoted-word",
    ),
]


@pytest.mark.parametrize(("paragraph", "expected"), FRENCH_TRAPS)
def test_french_traps(paragraph: str, expected: list[str]) -> None:
    assert split_sentences(paragraph, "fr") == expected


def test_closing_guillemet_never_starts_a_segment() -> None:
    for paragraph in ("« Nous refusons. Nous continuerons. »", "Il a dit « Non. » et il est parti."):
        assert not any(s.startswith("»") for s in split_sentences(paragraph, "fr"))


def test_quote_spanning_paragraphs_segments_normally() -> None:
    # French convention: each continuing quote paragraph reopens with « and only the last closes.
    blocks = [
        Block("paragraph", "« La libération est une avancée. Ils doivent pouvoir rentrer en Crimée."),
        Block("paragraph", "« Il apparaît que l’exil ou la prison sont la seule alternative."),
        Block("paragraph", "« Il faut libérer tous les prisonniers d’opinion. Sans condition. »"),
    ]
    assert [s.source for s in segment_document(blocks, "fr")] == [
        "« La libération est une avancée.",
        "Ils doivent pouvoir rentrer en Crimée.",
        "« Il apparaît que l’exil ou la prison sont la seule alternative.",
        "« Il faut libérer tous les prisonniers d’opinion.",
        "Sans condition. »",
    ]


def test_titles_and_headings_stay_whole() -> None:
    blocks = [
        Block("title", "Russie. Il faut que les dirigeants puissent rentrer"),
        Block("heading", "Complément d’information"),
        Block("paragraph", "Première phrase. Deuxième phrase."),
    ]
    segments = segment_document(blocks, "fr")
    assert [(s.block, s.kind, s.source) for s in segments] == [
        (0, "title", "Russie. Il faut que les dirigeants puissent rentrer"),
        (1, "heading", "Complément d’information"),
        (2, "paragraph", "Première phrase."),
        (2, "paragraph", "Deuxième phrase."),
    ]


def test_english_and_unsupported_languages_segment() -> None:
    assert split_sentences("Mr. Smith left. He came back.", "en") == ["Mr. Smith left.", "He came back."]
    # Crimean Tatar has no pysbd rules: English rules apply rather than failing.
    assert split_sentences("Bu bir cümle. Bu ekinci cümle.", "crh") == ["Bu bir cümle.", "Bu ekinci cümle."]


def test_whitespace_is_stripped_and_empty_blocks_give_nothing() -> None:
    blocks = [Block("paragraph", "  \n "), Block("heading", "  "), Block("paragraph", " Un. ")]
    segments = segment_document(blocks, "fr")
    assert [s.source for s in segments] == ["Un."]


def test_ids_are_stable_and_distinguish_repeated_sentences() -> None:
    blocks = [Block("paragraph", "Il a fait appel. Le verdict tombe."), Block("paragraph", "Il a fait appel.")]
    first, second = segment_document(blocks, "fr"), segment_document(blocks, "fr")
    assert [s.id for s in first] == [s.id for s in second]
    assert first[0].source == first[2].source and first[0].id != first[2].id
    assert all(len(s.id) == 10 and int(s.id, 16) >= 0 for s in first)


def test_id_ignores_whitespace_style_and_position_of_other_blocks() -> None:
    before = segment_document([Block("paragraph", f"Le 25{NBSP}octobre, ils ont été libérés.")], "fr")
    after = segment_document(
        [Block("paragraph", "Un paragraphe ajouté."), Block("paragraph", "Le 25 octobre,  ils ont été libérés.")], "fr"
    )
    assert before[0].id == after[1].id
    assert segment_id("Le 25 octobre, ils ont été libérés.", 0) == before[0].id


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc MM.art«»!?:\u00a0\n1 2")), max_size=120))
def test_never_empty_segments_and_no_text_lost(paragraph: str) -> None:
    sentences = split_sentences(paragraph, "fr")
    assert all(s and s == s.strip() for s in sentences)
    assert "".join("".join(sentences).split()) == "".join(paragraph.split())


def test_text_pysbd_would_drop_is_kept_whole() -> None:
    # pysbd returns ["Bon. ", ":."] for "Bon. :.??" (characters lost); the paragraph then stays whole.
    assert split_sentences("Bon. :.??", "fr") == ["Bon. :.??"]
