"""XLIFF back from a desktop CAT tool: the same rules as a PO import."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_fixtures import operator

from workbench.errors import FormatError, InputError
from workbench.services import export, releases, review, setup, users
from workbench.services.app import App
from workbench.services.translation_import import import_po


@pytest.fixture
def exported(app: App, sample_bytes: bytes, tmp_path: Path) -> tuple[App, Path, list[dict]]:
    setup.init_workbench(app)
    releases.ingest_release(app, sample_bytes, name="sample.txt", slug="s", user=operator(app))
    users.add_user(app, "tina", "translator", "tina-secret", "es", by=operator(app))
    segs = releases.list_segments(app, "s", "es")["segments"]
    review.edit(app, "s", segs[6]["id"], "es", "Información complementaria", "tina")
    files = export.export(app, "s", "es", out_dir=tmp_path / "out", formats="xliff", user=operator(app))["files"]
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


@pytest.fixture
def exported12(app: App, sample_bytes: bytes, tmp_path: Path) -> tuple[App, Path, list[dict]]:
    setup.init_workbench(app)
    releases.ingest_release(app, sample_bytes, name="sample.txt", slug="s", user=operator(app))
    users.add_user(app, "tina", "translator", "tina-secret", "es", by=operator(app))
    segs = releases.list_segments(app, "s", "es")["segments"]
    review.edit(app, "s", segs[6]["id"], "es", "Información complementaria", "tina")
    files = export.export(app, "s", "es", out_dir=tmp_path / "out", formats="xliff12", user=operator(app))["files"]
    (xlf,) = (Path(f) for f in files)
    assert xlf.name == "s.xliff12.xlf"
    return app, xlf, segs


def test_our_own_xliff12_export_changes_nothing_and_a_change_is_applied(exported12) -> None:
    app, xlf, segs = exported12
    assert import_po(app, "s", xlf, "es", "tina")["applied"] == []
    xlf.write_text(xlf.read_text(encoding="utf-8").replace("Información complementaria", "Más información"),
                   encoding="utf-8")
    result = import_po(app, "s", xlf, "es", "tina")
    assert result["applied"] == [segs[6]["id"]] and result["conflicts"] == []
    assert review.current(app, "s", segs[6]["id"], "es")["state"] == "translated"


def _foreign(units: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" '
            'version="1.2"><file original="press/release.po" source-language="fr-FR" target-language="es-ES" '
            f'datatype="po"><body>{units}</body></file></xliff>')


def test_another_tools_xliff12_follows_the_review_rules(exported12, tmp_path: Path) -> None:
    """Ids of another tool match by source; states never approve; approved="yes" is a claim, not an approval."""
    app, _, segs = exported12
    first, second, third = segs[1]["source"], segs[2]["source"], segs[3]["source"]
    path = tmp_path / "weblate.xlf"
    path.write_text(_foreign(
        f'<trans-unit id="a1" approved="yes"><source>{first}</source><target state="final">Uno</target>'
        f'</trans-unit><trans-unit id="b2"><source>{second}</source><target state="needs-translation">Dos'
        f'</target></trans-unit><trans-unit id="c3"><source>{third}</source><target state="signed-off">Tres'
        "</target></trans-unit>"), encoding="utf-8")
    result = import_po(app, "s", path, "es", "tina")
    assert result["unknown"] == []
    assert [c["segment"] for c in result["conflicts"]] == [segs[1]["id"]]
    assert "marks this translation approved" in result["conflicts"][0]["reason"]
    assert result["drafts"] == [segs[2]["id"]] and result["applied"] == [segs[3]["id"]]
    states = [review.current(app, "s", segs[i]["id"], "es")["state"] for i in (1, 2, 3)]
    assert states == ["new", "draft", "translated"]  # signed-off in the other tool: translated here, not approved


def test_an_xliff12_file_of_another_language_writes_nothing(exported12, tmp_path: Path) -> None:
    app, _, _ = exported12
    path = tmp_path / "pt.xlf"
    path.write_text(_foreign("").replace("es-ES", "pt-BR"), encoding="utf-8")
    with pytest.raises(InputError, match="'pt-BR', not 'es'"):
        import_po(app, "s", path, "es", "tina")
