"""PO import: a catalog edited offline comes back through the review rules; conflicts and unknown
entries are reported; malformed files write nothing; importing our own export changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from export_fixtures import SPANISH, load_sample, set_target, spanish_in_every_state
from review_fixtures import add_team, operator
from sqlalchemy import func, select

from workbench.errors import FormatError, InputError, PermissionDeniedError
from workbench.services import review, users
from workbench.services.app import App
from workbench.services.export import export
from workbench.services.translation_import import import_po
from workbench.store.tables import Event

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def exported(app: App, sample_bytes: bytes) -> tuple[App, list[str], Path]:
    """The sample in every Spanish state, the team, and its catalog exported with the unapproved text as fuzzy."""
    keys = load_sample(app, sample_bytes)
    spanish_in_every_state(app, keys)
    add_team(app, ("tr", "rv", "rv2"))
    export(app, "sample", "es", include_unapproved=True, user=operator(app))
    return app, keys, app.settings.locales_dir / "es" / "LC_MESSAGES" / "sample.po"


def n_events(app: App) -> int:
    with app.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Event)) or 0)


def edit_catalog(path: Path, out: Path, changes: dict[int, str], *, fuzzy: dict[int, bool] | None = None) -> Path:
    """What a translator does in Poedit: change msgstrs (by entry index), maybe (un)mark fuzzy."""
    po = polib.pofile(str(path))
    for i, text in changes.items():
        po[i].msgstr = text
    for i, flag in (fuzzy or {}).items():
        if flag and "fuzzy" not in po[i].flags:
            po[i].flags.append("fuzzy")
        if not flag and "fuzzy" in po[i].flags:
            po[i].flags.remove("fuzzy")
    po.save(str(out))
    return out


def state_of(app: App, key: str) -> dict:
    return review.current(app, "sample", key, "es")


@pytest.mark.parametrize("include_unapproved", [False, True])
def test_importing_our_own_export_changes_nothing(exported: tuple[App, list[str], Path],
                                                 include_unapproved: bool) -> None:
    app, _, path = exported
    export(app, "sample", "es", include_unapproved=include_unapproved, user=operator(app))
    before = n_events(app)
    r = import_po(app, "sample", path, "es", "tr")
    assert (r["applied"], r["drafts"], r["unknown"], r["conflicts"]) == ([], [], [], [])
    assert r["unchanged"] == 11 and n_events(app) == before


def test_a_translator_edit_becomes_translated_and_the_four_eyes_rule_applies(
    exported: tuple[App, list[str], Path], tmp_path: Path
) -> None:
    app, keys, path = exported
    new_path = edit_catalog(path, tmp_path / "back.po", {6: "Más información", 10: "La comunidad tártara..."},
                            fuzzy={6: False})
    r = import_po(app, "sample", new_path, "es", "tr")
    assert r["applied"] == [keys[6], keys[10]] and r["conflicts"] == [] and r["unknown"] == []
    assert r["unchanged"] == 9
    six = state_of(app, keys[6])
    assert (six["state"], six["target"], six["updated_by"]) == ("translated", "Más información", "tr")
    history = review.history(app, "sample", keys[10], "es")["events"]
    assert history[-1]["action"] == "import" and history[-1]["actor"] == "tr"
    assert "back.po" in history[-1]["comment"]
    # whoever imports a text wrote it: another reviewer must approve it
    with pytest.raises(PermissionDeniedError, match="four-eyes"):
        _approve_own_import(app, keys[10])


def _approve_own_import(app: App, key: str) -> None:
    """A reviewer imports a text, then tries to approve it."""
    path = app.settings.locales_dir / "es" / "LC_MESSAGES" / "sample.po"
    export(app, "sample", "es", user=operator(app))
    po = polib.pofile(str(path))
    entry = next(e for e in po if key in e.comment)
    entry.msgstr = "Texto del revisor."
    po.save(str(path))
    assert import_po(app, "sample", path, "es", "rv")["applied"] == [key]
    review.approve(app, "sample", [key], "es", "rv", override="wording checked")


def test_fuzzy_entries_become_drafts_only_without_human_text(
    exported: tuple[App, list[str], Path], tmp_path: Path
) -> None:
    app, keys, path = exported
    # 8: a machine draft, 9: new (both may take a draft); 7: translated by a person (may not)
    new_path = edit_catalog(path, tmp_path / "back.po", {8: "Borrador mejor.", 9: "El 27 llegaron.",
                                                         7: "Otra versión."}, fuzzy={8: True, 9: True, 7: True})
    r = import_po(app, "sample", new_path, "es", "tr")
    assert r["drafts"] == [keys[8], keys[9]] and r["applied"] == []
    assert [c["segment"] for c in r["conflicts"]] == [keys[7]]
    assert "human text" in r["conflicts"][0]["reason"] and r["conflicts"][0]["line"] > 1
    assert state_of(app, keys[9])["state"] == "draft" and state_of(app, keys[9])["target"] == "El 27 llegaron."
    assert state_of(app, keys[7])["target"] == SPANISH[7]


def test_a_segment_changed_since_the_export_is_a_conflict(
    exported: tuple[App, list[str], Path], tmp_path: Path
) -> None:
    app, keys, path = exported
    new_path = edit_catalog(path, tmp_path / "back.po", {6: "Más información"}, fuzzy={6: False})
    set_target(app, "sample", keys[6], "es", "Información adicional", actor="luis")  # meanwhile, in the browser
    before = n_events(app)
    r = import_po(app, "sample", new_path, "es", "tr")
    assert r["applied"] == [] and [c["segment"] for c in r["conflicts"]] == [keys[6]]
    assert "changed since the export" in r["conflicts"][0]["reason"] and "luis" in r["conflicts"][0]["reason"]
    assert state_of(app, keys[6])["target"] == "Información adicional" and n_events(app) == before


def test_an_approved_segment_changes_only_for_a_reviewer(
    exported: tuple[App, list[str], Path], tmp_path: Path
) -> None:
    app, keys, path = exported
    new_path = edit_catalog(path, tmp_path / "back.po", {2: "« La liberación es un avance."})
    r = import_po(app, "sample", new_path, "es", "tr")
    assert r["applied"] == [] and "only a reviewer" in r["conflicts"][0]["reason"]
    assert state_of(app, keys[2])["state"] == "approved"
    r = import_po(app, "sample", new_path, "es", "rv2")
    assert r["applied"] == [keys[2]]
    assert state_of(app, keys[2])["state"] == "translated"  # back to review: another reviewer approves


def test_unknown_entries_are_reported_not_applied(exported: tuple[App, list[str], Path], tmp_path: Path) -> None:
    app, _, path = exported
    po = polib.pofile(str(path))
    po.append(polib.POEntry(msgid="Une phrase qui n'existe pas.", msgstr="Una frase que no existe."))
    po.save(str(tmp_path / "back.po"))
    before = n_events(app)
    r = import_po(app, "sample", tmp_path / "back.po", "es", "tr")
    assert [u["msgid"] for u in r["unknown"]] == ["Une phrase qui n'existe pas."]
    assert r["unknown"][0]["line"] > 1 and n_events(app) == before


def test_permissions_and_catalog_mismatches_refuse_everything(exported: tuple[App, list[str], Path]) -> None:
    app, _, path = exported
    with pytest.raises(InputError, match="the catalog is in 'es', not 'en'"):
        import_po(app, "sample", path, "en", "tr")
    with pytest.raises(InputError, match="exported from release 'sample', not 'other'"):
        import_po(app, "other", path, "es", "tr")
    users.add_user(app, "tr_en", "translator", "pw-tr_en-123", "en", by=operator(app))
    with pytest.raises(PermissionDeniedError, match="not 'es'"):
        import_po(app, "sample", path, "es", "tr_en")


@pytest.mark.parametrize("name", ["po_syntax_error.po", "po_unterminated_string.po", "po_wrong_plural_count.po",
                                  "po_wrong_charset.po", "po_bom.po", "po_utf16_bom.po", "po_obsolete_duplicate.po",
                                  "po_c_format_mismatch.po", "po_not_a_po.po"])
def test_a_malformed_catalog_writes_nothing(exported: tuple[App, list[str], Path], tmp_path: Path,
                                            name: str) -> None:
    app, _, _ = exported
    path = tmp_path / name
    shutil.copy(DATA / name, path)
    before = n_events(app)
    with pytest.raises(FormatError, match=rf"{name}:\d+: "):
        import_po(app, "sample", path, "es", "tr")
    assert n_events(app) == before


def test_a_catalog_without_versions_applies_only_to_untranslated_segments(
    exported: tuple[App, list[str], Path], tmp_path: Path
) -> None:
    """A catalog made elsewhere: no version comment counts as version 0 (it knew no translation)."""
    app, keys, path = exported
    po = polib.pofile(str(path))
    for entry in po:
        entry.comment = ""
        entry.flags = []
    po[9].msgstr = "El 27 llegaron por fin a Kyiv."
    po[6].msgstr = "Más información"
    po.save(str(tmp_path / "foreign.po"))
    r = import_po(app, "sample", tmp_path / "foreign.po", "es", "tr")
    assert r["applied"] == [keys[9]]
    assert keys[6] in [c["segment"] for c in r["conflicts"]]


@pytest.mark.parametrize("name", ["po_crlf.po", "po_obsolete_fuzzy.po", "po_trailing_comment.po",
                                  "po_header_not_first.po"])
def test_catalogs_msgfmt_accepts_come_back(exported: tuple[App, list[str], Path], tmp_path: Path, name: str) -> None:
    """Shapes other tools write (Windows line ends, msgmerge's obsolete entries, a header further down)."""
    app, _, _ = exported
    path = tmp_path / name
    shutil.copy(DATA / name, path)
    r = import_po(app, "sample", path, "es", "tr")
    matched = r["applied"] + r["drafts"] + [c["segment"] for c in r["conflicts"]]
    assert r["unchanged"] + len(matched) >= 1 and all(u["msgid"] != "Complément d’information" for u in r["unknown"])
