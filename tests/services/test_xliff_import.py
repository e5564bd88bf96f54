"""XLIFF back from a desktop CAT tool: the same rules as a PO import."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import FormatError, InputError
from workbench.services import export, releases, review, setup, users
from workbench.services.app import App
from workbench.services.po_import import import_po


@pytest.fixture
def exported(app: App, sample_bytes: bytes, tmp_path: Path) -> tuple[App, Path, list[dict]]:
    setup.init_workbench(app)
    releases.ingest_release(app, sample_bytes, name="sample.txt", slug="s")
    users.add_user(app, "tina", "translator", "tina-secret", "es")
    segs = releases.list_segments(app, "s", "es")["segments"]
    review.edit(app, "s", segs[6]["id"], "es", "Información complementaria", "tina")
    files = export.export(app, "s", "es", out_dir=tmp_path / "out", formats="xliff")["files"]
    xlf = next(Path(f) for f in files if f.endswith(".xlf"))
    return app, xlf, segs


def test_our_own_export_changes_nothing(exported) -> None:
    app, xlf, _ = exported
    result = import_po(app, "s", xlf, "es", "tina")
    assert result["applied"] == [] and result["conflicts"] == [] and result["unknown"] == []


def test_a_changed_target_is_applied_and_a_stale_one_refused(exported) -> None:
    app, xlf, segs = exported
    text = xlf.read_text(encoding="utf-8")
    xlf.write_text(text.replace("Información complementaria", "Información adicional"), encoding="utf-8")
    review.edit(app, "s", segs[0]["id"], "es", "Rusia. Los dirigentes tártaros de Crimea", "tina")  # after export
    result = import_po(app, "s", xlf, "es", "tina")
    assert result["applied"] == [segs[6]["id"]]
    assert review.current(app, "s", segs[6]["id"], "es")["target"] == "Información adicional"
    assert review.current(app, "s", segs[0]["id"], "es")["target"] == "Rusia. Los dirigentes tártaros de Crimea"


def test_wrong_language_and_malformed_files_write_nothing(exported, tmp_path: Path) -> None:
    app, xlf, segs = exported
    with pytest.raises(InputError, match="not 'en'"):
        import_po(app, "s", xlf, "en", "tina")
    bad = tmp_path / "bad.xlf"
    bad.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><xliff/>', encoding="utf-8")
    with pytest.raises(FormatError):
        import_po(app, "s", bad, "es", "tina")
    assert review.current(app, "s", segs[6]["id"], "es")["target"] == "Información complementaria"
