"""The translation memory through the services: approvals feed it with provenance, drafting asks it first
(exact and in-context matches), fuzzy matches are offered with a diff, withdrawn approvals leave it, TMX
round-trips and malformed TMX imports nothing. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from review_fixtures import add_team, operator

from workbench.domain.tm import TMMatch
from workbench.errors import FormatError
from workbench.formats.tmx import read_tmx
from workbench.services import drafting, memory, releases, review, setup
from workbench.services.app import App
from workbench.store import release_repo, tm_repo

PARAGRAPHS = {
    "x": "Amnesty International a publié un rapport sur la Crimée.",
    "s": "Il a fait appel de la décision du tribunal de Simferopol.",
    "y": "Le tribunal doit se prononcer avant la fin du mois.",
    "w": "Les avocats de la défense ont dénoncé un procès politique.",
    "z": "La prochaine audience est prévue en décembre.",
    "p": "Les observateurs n’ont pas été admis dans la salle.",
    "q": "Sa famille a demandé sa libération immédiate.",
}
SPANISH = {
    "x": "Amnistía Internacional publicó un informe sobre Crimea.",
    "y": "El tribunal debe pronunciarse antes de fin de mes.",
    "w": "Los abogados de la defensa denunciaron un juicio político.",
    "z": "La próxima audiencia está prevista para diciembre.",
}
APPEAL_A = "Recurrió la decisión del tribunal de Simferopol."
APPEAL_B = "Apeló la decisión del tribunal de Simferopol."


def release_md(title: str, *keys: str) -> bytes:
    return (f"# {title}\n\n" + "\n\n".join(PARAGRAPHS[k] for k in keys) + "\n").encode()


def translate_and_approve(app: App, slug: str, texts: dict[str, str]) -> dict[str, str]:
    """Edit each segment (a PARAGRAPHS key, or a title) as tr and approve it as rv; returns source -> key."""
    listed = releases.list_segments(app, slug, "es")["segments"]
    by_source = {s["source"]: s["id"] for s in listed}
    for k, text in texts.items():
        key = by_source[PARAGRAPHS.get(k, k)]
        review.edit(app, slug, key, "es", text, "tr")
        review.approve(app, slug, [key], "es", "rv")
    return by_source


@pytest.fixture
def team(app: App) -> App:
    setup.init_workbench(app)
    add_team(app, ("tr", "rv", "rv2"))
    return app


def units(app: App) -> list[tuple[str, str, str, str | None]]:
    """(source, target, origin, created_by) of every unit serving fr->es (regional ones too), oldest first."""
    with app.db.read() as session:
        pairs = memory.matching_pairs([(s, t) for s, t, _ in tm_repo.pairs(session)], "fr", "es")
        return [(u.source, u.target, u.origin, u.created_by) for u in tm_repo.units_of(session, pairs)]


def test_an_approval_enters_the_memory_with_provenance_and_a_withdrawal_takes_it_out(team: App) -> None:
    releases.ingest_release(team, release_md("Appel", "x", "s"), name="a.md", lang="fr", slug="a", user=operator(team))
    keys = translate_and_approve(team, "a", {"x": SPANISH["x"], "s": APPEAL_A})
    (first, second) = units(team)
    assert first == (PARAGRAPHS["x"], SPANISH["x"], f"a#{keys[PARAGRAPHS['x']]}", "rv")
    assert second[1] == APPEAL_A
    # approving the same text again (after an unapprove) does not duplicate it
    review.unapprove(team, "a", keys[PARAGRAPHS["s"]], "es", "rv2", "le mot juste est « apeló »")
    assert [u[1] for u in units(team)] == [SPANISH["x"]]
    review.edit(team, "a", keys[PARAGRAPHS["s"]], "es", APPEAL_B, "tr")
    review.approve(team, "a", [keys[PARAGRAPHS["s"]]], "es", "rv")
    assert [u[1] for u in units(team)] == [SPANISH["x"], APPEAL_B]


def exact_drafts(app: App, slug: str) -> dict[int, TMMatch]:
    """segment id -> the unit the memory would draft it from, for every segment of the release (fr→es)."""
    with app.db.read() as session:
        rel = release_repo.get_release(session, slug)
        segs = release_repo.current_segments(session, rel)
        return memory.exact_drafts(app, session, "fr", "es", memory.queries(rel, segs))


def test_drafting_takes_exact_matches_from_memory_in_context_first(team: App) -> None:
    # The same sentence approved two ways, in two contexts; the newer one is B.
    releases.ingest_release(team, release_md("Un", "x", "s", "y"), name="a.md", lang="fr", slug="a",
                            user=operator(team))
    translate_and_approve(team, "a", {"s": APPEAL_A})
    releases.ingest_release(team, release_md("Deux", "w", "s", "z"), name="b.md", lang="fr", slug="b",
                            user=operator(team))
    translate_and_approve(team, "b", {"s": APPEAL_B})
    translate_and_approve(team, "a", {"x": SPANISH["x"], "y": SPANISH["y"], "Un": "Uno"})
    # "c" has the context of "a" around the sentence: the in-context unit wins over the newer one.
    releases.ingest_release(team, release_md("Un", "x", "s", "y"), name="c.md", lang="fr", slug="c",
                            user=operator(team))
    result = drafting.translate_release(team, "c", "es", user=operator(team))
    assert result["memory"] == 4 and result["drafted"] == 4 and result["engine"] == "tm"  # title, x, s, y
    listed = {s["source"]: s for s in releases.list_segments(team, "c", "es")["segments"]}
    assert listed[PARAGRAPHS["s"]]["target"] == APPEAL_A
    assert all(s["origin"] == "tm" and s["state"] == "draft" for s in listed.values())
    # "d" puts the sentence among strangers: the newest exact unit wins.
    releases.ingest_release(team, release_md("Trois", "p", "s", "q"), name="d.md", lang="fr", slug="d",
                            user=operator(team))
    (match,) = exact_drafts(team, "d").values()
    assert match.unit.target == APPEAL_B and match.kind == "exact"


@pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed")
def test_machine_translation_drafts_only_what_memory_cannot(team: App) -> None:
    releases.ingest_release(team, release_md("Appel", "x", "s"), name="a.md", lang="fr", slug="a", user=operator(team))
    translate_and_approve(team, "a", {"x": SPANISH["x"]})
    releases.ingest_release(team, release_md("Autre", "x", "y"), name="b.md", lang="fr", slug="b", user=operator(team))
    result = drafting.translate_release(team, "b", "es", user=operator(team))
    assert result["drafted"] == 3 and result["memory"] == 1 and result["engine"] == "apertium"
    origins = {s["source"]: s["origin"] for s in releases.list_segments(team, "b", "es")["segments"]}
    assert origins[PARAGRAPHS["x"]] == "tm" and origins[PARAGRAPHS["y"]] == "apertium"


def test_fuzzy_matches_are_offered_with_score_and_diff(team: App) -> None:
    releases.ingest_release(team, release_md("Un", "s"), name="a.md", lang="fr", slug="a", user=operator(team))
    translate_and_approve(team, "a", {"s": APPEAL_A})
    changed = PARAGRAPHS["s"].replace("de Simferopol", "de Sébastopol")
    team_md = f"# Deux\n\n{changed}\n".encode()
    releases.ingest_release(team, team_md, name="b.md", lang="fr", slug="b", user=operator(team))
    listed = releases.list_segments(team, "b", "es")["segments"]
    seg = next(s for s in listed if s["source"] == changed)
    (match,) = seg["matches"]
    assert match["kind"] == "fuzzy" and 75 <= match["score"] < 100
    assert match["target"] == APPEAL_A and match["origin"].startswith("a#")
    assert {"op": "delete", "text": "Simferopol"} in match["diff"] and {"op": "insert", "text": "Sébastopol"} in \
        match["diff"]
    assert "[-Simferopol-]{+Sébastopol+}" in match["diff_text"]
    # the segment's own approved unit is never offered to itself
    own = releases.list_segments(team, "a", "es")["segments"]
    assert all(m["origin"] != f"a#{s['id']}" for s in own for m in s["matches"])
    # a higher threshold hides it
    strict = App(type(team.settings)(**{**team.settings.__dict__, "tm_min_score": 99}), team.db)
    assert next(s for s in releases.list_segments(strict, "b", "es")["segments"] if s["source"] == changed)[
        "matches"] == []


def test_tmx_round_trip_and_a_malformed_file_imports_nothing(team: App, tmp_path: Path) -> None:
    releases.ingest_release(team, release_md("Un", "x", "s"), name="a.md", lang="fr", slug="a", user=operator(team))
    translate_and_approve(team, "a", {"x": SPANISH["x"], "s": APPEAL_A})
    out = tmp_path / "memory.tmx"
    assert memory.export_tmx(team, out, "es")["units"] == 2
    data = out.read_text(encoding="utf-8")
    assert 'srclang="fr"' in data and APPEAL_A in data and 'changeid="rv"' in data
    again = memory.import_tmx(team, out, user=operator(team))
    assert (again["added"], again["known"]) == (0, 2)
    other = tmp_path / "other.tmx"
    other.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="fr-FR" segtype="sentence" '
        'o-tmf="x" adminlang="en" datatype="plaintext" creationtool="t" creationtoolversion="1"/><body>'
        '<tu tuid="7"><tuv xml:lang="fr-FR"><seg>Le tribunal doit se prononcer avant la fin du mois.</seg></tuv>'
        '<tuv xml:lang="es-ES"><seg>El tribunal debe pronunciarse antes de fin de mes.</seg></tuv></tu>'
        "</body></tmx>", encoding="utf-8")
    result = memory.import_tmx(team, other, user=operator(team))
    assert result["added"] == 1 and result["pairs"] == ["fr-FR>es-ES"]
    assert units(team)[-1][2] == "tmx:other.tmx#7"
    before = len(units(team))
    bad = tmp_path / "bad.tmx"
    bad.write_text(data.replace('<tuv xml:lang="es">', "<tuv>", 1), encoding="utf-8")
    with pytest.raises(FormatError, match=r"bad\.tmx:\d+"):
        memory.import_tmx(team, bad, user=operator(team))
    entity = tmp_path / "entity.tmx"
    entity.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY e "boom">]>\n<tmx version="1.4"><header '
                      'srclang="fr"/><body><tu><tuv xml:lang="fr"><seg>&e;</seg></tuv><tuv xml:lang="es"><seg>x'
                      "</seg></tuv></tu></body></tmx>", encoding="utf-8")
    with pytest.raises(FormatError, match="DOCTYPE with an internal subset"):
        memory.import_tmx(team, entity, user=operator(team))
    assert len(units(team)) == before


def test_a_unit_keeps_its_context_when_its_release_is_updated_later(team: App) -> None:
    releases.ingest_release(team, release_md("Un", "x", "s", "y"), name="a.md", lang="fr", slug="a",
                            user=operator(team))
    translate_and_approve(team, "a", {"s": APPEAL_A})
    releases.ingest_release(team, release_md("Deux", "w", "s", "z"), name="b.md", lang="fr", slug="b",
                            user=operator(team))
    translate_and_approve(team, "b", {"s": APPEAL_B})
    # "a" is corrected afterwards: its sentence now stands among other neighbours
    releases.ingest_release(team, release_md("Un", "p", "s", "q"), name="a2.md", lang="fr", slug="a", update="a",
                            user=operator(team))
    # a new release with the context "a" had when APPEAL_A was approved still gets APPEAL_A in context
    releases.ingest_release(team, release_md("Un", "x", "s", "y"), name="c.md", lang="fr", slug="c",
                            user=operator(team))
    (match,) = exact_drafts(team, "c").values()
    assert match.unit.target == APPEAL_A and match.kind == "in-context"


DATA = Path(__file__).resolve().parents[1] / "data"


def test_a_tmx_from_another_tool_keeps_notes_props_dates_and_codes_through_export(team: App, tmp_path: Path) -> None:
    result = memory.import_tmx(team, DATA / "tmx_notes_props_dates.tmx", user=operator(team))
    assert (result["added"], result["skipped"], result["pairs"]) == (1, 0, ["fr-FR>es-ES"])
    memory.import_tmx(team, DATA / "tmx_doctype_system.tmx", user=operator(team))
    out = tmp_path / "back.tmx"
    assert memory.export_tmx(team, out, "es")["units"] == 1
    (unit,) = read_tmx(out.read_bytes(), str(out))
    (original,) = read_tmx((DATA / "tmx_notes_props_dates.tmx").read_bytes(), "original.tmx")
    assert unit == original  # tuid, dates, creation and change ids, notes and props at their levels
    memory.export_tmx(team, out, "en-GB")
    data = out.read_text(encoding="utf-8")
    assert '<seg>Urgent appeal: <bpt i="1" x="1">&lt;b&gt;</bpt>free Akhtem Chiygoz<ept i="1">&lt;/b&gt;</ept></seg>' \
        in data and 'creationid="jonas"' in data


def test_a_unit_without_its_source_is_skipped_and_counted_not_refused(team: App) -> None:
    result = memory.import_tmx(team, DATA / "tmx_unit_without_source.tmx", user=operator(team))
    assert (result["added"], result["skipped"]) == (2, 1)
    assert result["warnings"] == ["line 10: a <tu> without its source language 'fr' (variants: de, en): skipped"]


def test_regional_units_serve_their_base_language_and_a_missing_region_falls_back(team: App) -> None:
    memory.import_tmx(team, DATA / "tmx_doctype_system.tmx", user=operator(team))  # fr-FR -> en-GB
    memory.import_tmx(team, DATA / "tmx_region_variants.tmx", user=operator(team))  # en -> fr-CA, fr-FR
    sentence = "Le tribunal a prolongé la détention provisoire d’Ilmi Oumerov."
    for target in ("en", "en-GB", "EN-us"):  # en-US has no unit of its own: every en variety serves
        (match,) = memory.lookup(team, sentence, "fr", target)
        assert match["target"] == "The court extended Ilmi Umerov’s pre-trial detention."
    # a region the memory holds is taken alone; without a region every variety counts
    assert [m["target"] for m in memory.lookup(team, "email address", "en", "fr-CA")] == ["adresse courriel"]
    assert sorted(m["target"] for m in memory.lookup(team, "email address", "en", "fr")) == [
        "adresse courriel", "adresse e-mail"]
    assert memory.lookup(team, "email address", "en", "de") == []
