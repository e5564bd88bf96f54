"""The glossary through the services: init loads it, ingest warns, translate places the target spellings,
the glossary check catches a French spelling typed back, import/export round-trips and refuses collisions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from review_fixtures import import_reviewed, operator
from sqlalchemy import select

from workbench.errors import ConflictError, EngineUnavailableError, FormatError
from workbench.services import drafting, glossary, releases, setup
from workbench.services.app import App
from workbench.store import translation_repo
from workbench.store.tables import Event, Segment, Translation

FRENCH_FORMS = ("Oumerov", "Tchigoz", "Meijlis", "Pokaltchouk")
TARGET_FORMS = {
    "en": ("Ilmi Umerov", "Akhtem Chiygoz", "Mejlis", "Oksana Pokalchuk", "Kyiv"),
    "es": ("Ilmi Umerov", "Akhtem Chiygoz", "Mejlis", "Oksana Pokalchuk"),
}
needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed")


@pytest.fixture
def loaded(app: App, sample_bytes: bytes) -> App:
    """The app with the shipped glossary and the sample release as `sample`."""
    setup.init_workbench(app)
    releases.ingest_release(app, sample_bytes, name="sample.txt", slug="sample", user=operator(app))
    return app


def test_init_loads_the_shipped_glossary_and_is_idempotent(app: App) -> None:
    first = {Path(r["file"]).name: r for r in setup.init_workbench(app)["glossary"]}
    assert first["names.csv"]["added"] == 39
    again = {Path(r["file"]).name: r for r in setup.init_workbench(app)["glossary"]}
    assert all(r["added"] == r["updated"] == 0 and r["unchanged"] == first[name]["added"] for name, r in again.items())
    tb = glossary.termbase(app)
    assert tb.concepts["ilmi_umerov"].forms["en"] == "Ilmi Umerov"
    assert ("fr", "Meijlis") in tb.concepts["mejlis"].variants


def test_ingest_warns_about_two_spellings_and_unknown_names(app: App, sample_bytes: bytes) -> None:
    setup.init_workbench(app)
    report = releases.ingest_release(app, sample_bytes, name="sample.txt", slug="s", user=operator(app))
    spelling = [w for w in report.warnings if w["check"] == "spelling"]
    assert len(spelling) == 1 and spelling[0]["concept"] == "mejlis"
    assert "Meijlis" in spelling[0]["message"] and spelling[0]["preferred"] == "Mejlis"
    # Every name of the sample is in the shipped glossary now (Amnesty International in
    # organisations.csv, Ukraine in places.csv): none is proposed as unknown.
    unknown = {w["text"] for w in report.warnings if w["check"] == "unknown_name"}
    assert not unknown & {"Ilmi Oumerov", "Akhtem Tchigoz", "Oxana Pokaltchouk", "Kiev", "Crimée",
                          "Amnesty International Ukraine", "Amnesty International"}
    # A name the glossary does not know is still proposed.
    text = sample_bytes.replace(b"Oxana Pokaltchouk", b"Natalia Berg")
    report = releases.ingest_release(app, text, name="sample.txt", slug="s2", user=operator(app))
    assert "Natalia Berg" in {w["text"] for w in report.warnings if w["check"] == "unknown_name"}


@needs_apertium
@pytest.mark.parametrize("lang", ["en", "es"])
def test_translate_puts_every_name_in_its_target_spelling(loaded: App, lang: str) -> None:
    result = drafting.translate_release(loaded, "sample", lang, user=operator(loaded))
    assert result["drafted"] == 11 and result["failed"] == 0 and result["engine"] == "apertium"
    assert result["glossary"]["unresolved"] == []
    assert {"ilmi_umerov", "akhtem_chiygoz", "mejlis", "oksana_pokalchuk"} <= set(result["glossary"]["applied"])
    listed = releases.list_segments(loaded, "sample", lang)["segments"]
    text = "\n".join(s["target"] for s in listed)
    for form in TARGET_FORMS[lang]:
        assert form in text
    for form in FRENCH_FORMS:
        assert form not in text
    assert {s["state"] for s in listed} == {"draft"} and all(s["version"] == 1 for s in listed)
    assert glossary.check_release(loaded, "sample", lang)["issues"] == []
    # d’Ilmi Oumerov must not come out as d’Ilmi Umerov
    assert "d’Ilmi" not in text and "d'Ilmi" not in text
    # re-running drafts only what is missing
    again = drafting.translate_release(loaded, "sample", lang, user=operator(loaded))
    assert again["drafted"] == 0 and again["skipped"] == 11


@needs_apertium
def test_glossary_check_reports_a_french_spelling_typed_back(loaded: App) -> None:
    drafting.translate_release(loaded, "sample", "en", user=operator(loaded))
    with loaded.db.write() as session:
        tr = session.scalars(
            select(Translation).join(Segment).where(Translation.lang == "en", Segment.source.contains("Oumerov"))
        ).first()
        assert tr is not None
        key = tr.segment.key
        translation_repo.change(session, tr, actor="tester", action="edit",
                                target=tr.target.replace("Umerov", "Oumerov"), state="translated")
    issues = glossary.check_release(loaded, "sample", "en")["issues"]
    assert [i["segment"] for i in issues] == [key]
    assert issues[0]["check"] == "glossary" and issues[0]["severity"] == "error"
    assert "Oumerov" in issues[0]["message"]
    seg = next(s for s in releases.list_segments(loaded, "sample", "en")["segments"] if s["id"] == key)
    assert seg["issues"] and seg["issues"][0]["check"] == "glossary"


def test_a_target_without_engine_is_refused_and_nothing_written(loaded: App) -> None:
    with pytest.raises(EngineUnavailableError, match="fr→de"):
        drafting.translate_release(loaded, "sample", "de", user=operator(loaded))
    with loaded.db.read() as session:
        assert session.scalars(select(Translation)).all() == []
        assert session.scalars(select(Event)).all() == []


def test_drafting_never_overwrites_human_text(loaded: App) -> None:
    if shutil.which("apertium") is None:
        pytest.skip("apertium is not installed")
    with loaded.db.write() as session:
        seg = session.scalars(select(Segment).where(Segment.position == 0)).one()
        tr = translation_repo.get_or_create(session, seg, "es")
        translation_repo.change(session, tr, actor="ana", action="edit", target="Texto humano", state="translated")
    result = drafting.translate_release(loaded, "sample", "es", user=operator(loaded))
    assert result["drafted"] == 10 and result["skipped"] == 1
    first = releases.list_segments(loaded, "sample", "es")["segments"][0]
    assert first["target"] == "Texto humano" and first["state"] == "translated"


def test_export_import_round_trip_csv_and_tbx(app: App, tmp_path: Path) -> None:
    setup.init_workbench(app)
    before = glossary.termbase(app)
    for suffix in ("csv", "tbx"):
        out = tmp_path / f"export.{suffix}"
        assert glossary.export_file(app, out)["concepts"] == len(before.concepts)
        result = import_reviewed(app, out)
        assert result["added"] == result["updated"] == 0 and result["unchanged"] == len(before.concepts)
        assert glossary.termbase(app).version == before.version


def test_import_refuses_a_form_owned_by_another_concept(app: App, tmp_path: Path) -> None:
    setup.init_workbench(app)
    path = tmp_path / "clash.csv"
    path.write_text("id,kind,fr,en,variants,note\numerov_bis,person,Ilmi Oumerov,Ilmi Umerov2,,\n", encoding="utf-8")
    with pytest.raises(ConflictError, match="already a form of 'ilmi_umerov'"):
        import_reviewed(app, path)
    assert "umerov_bis" not in glossary.termbase(app).concepts


@pytest.mark.parametrize(("row", "accepted"), [
    # A term whose English wording is another term's (fr prisonnier / prisonnière): accepted.
    ("pow_woman,term,prisonnière de guerre,prisoner of war,prisionera de guerra,", True),
    # The same English as another term's *variant*, or as a name: refused.
    ("pow_variant,term,captive de guerre,prisoner of war,cautiva de guerra,en:prisoners of opinion", False),
    ("crimea_bis,term,presqu’île de Crimée,Crimea,península de Crimea,", False),
])
def test_two_terms_may_share_a_preferred_wording(app: App, tmp_path: Path, row: str, accepted: bool) -> None:
    setup.init_workbench(app)
    path = tmp_path / "terms.csv"
    path.write_text("id,kind,fr,en,es,variants\npow,term,prisonnier de guerre,prisoner of war,prisionero de guerra,"
                    "en:prisoners of opinion\n" + row + "\n", encoding="utf-8")
    if accepted:
        import_reviewed(app, path)
        assert glossary.termbase(app).concepts["pow_woman"].forms["en"] == "prisoner of war"
    else:
        with pytest.raises(ConflictError, match="already a form of"):
            import_reviewed(app, path)


def test_import_merges_new_and_updated_concepts(app: App, tmp_path: Path) -> None:
    setup.init_workbench(app)
    path = tmp_path / "more.csv"
    path.write_text(
        "id,kind,fr,en,de,variants,note\n"
        "ilmi_umerov,person,Ilmi Oumerov,Ilmi Umerov,Ilmi Umerow,de:Ilmi Umerov,German form decided\n"
        "nariman_dzhelyal,person,Nariman Djelal,Nariman Dzhelyal,,fr:Nariman Dzhelial,\n",
        encoding="utf-8",
    )
    result = import_reviewed(app, path)
    assert (result["file"], result["added"], result["updated"]) == (path.name, 1, 1)
    tb = glossary.termbase(app)
    assert tb.concepts["ilmi_umerov"].forms["de"] == "Ilmi Umerow"
    assert tb.concepts["nariman_dzhelyal"].forms["en"] == "Nariman Dzhelyal"


def test_a_malformed_file_imports_nothing(app: App, tmp_path: Path) -> None:
    setup.init_workbench(app)
    before = glossary.termbase(app).version
    path = tmp_path / "bad.csv"
    path.write_text("id,kind,fr,en,variants,note\nnew_one,person,A B,A B,,\n,person,C D,C D,,\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"bad\.csv:3"):
        import_reviewed(app, path)
    assert glossary.termbase(app).version == before


DATA = Path(__file__).resolve().parents[1] / "data"


def test_a_tbx_from_another_tool_keeps_its_statuses_and_data_through_the_store(app: App, tmp_path: Path) -> None:
    from workbench.formats.tbx import read_tbx

    app.db.migrate()
    for name in ("tbx_admitted_status.tbx", "tbx_v2_without_id.tbx", "tbx_v3_dct.tbx", "tbx_obsolete_status.tbx"):
        import_reviewed(app, DATA / name)
        original = read_tbx((DATA / name).read_bytes(), name)
        out = tmp_path / f"back-{name}"
        glossary.export_file(app, out)
        back = {c.id: c for c in read_tbx(out.read_bytes(), out.name)}
        assert all(back[c.id] == c for c in original), name  # 0 status flips, every field kept
    # a reviewer's edit of the spellings keeps what the editor does not show
    hrd = glossary.termbase(app).concepts["hrd"]
    edited = type(hrd)(hrd.id, hrd.kind, dict(hrd.forms), tuple(v for v in hrd.variants if v[1] != "HRD"))
    kept = glossary.keep_exchange_data(edited, hrd)
    assert kept.status_of("en", "human rights activist", False) == "superseded"
    assert all(f.form != "HRD" for f in kept.fields) and any(f.category == "origination" for f in kept.fields)
