"""Export of the sample release: layout, judges (msgfmt, polib, babel, translate-toolkit, gettext),
approval rules, provenance, msgctxt on repeats, determinism, atomicity, pages and the bundle."""

from __future__ import annotations

import gettext
import io
import json
import zipfile
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from export_fixtures import (
    SPANISH,
    approve,
    entries_by_babel,
    entries_by_polib,
    entries_by_toolkit,
    load_sample,
    msgfmt_check,
    needs_msgfmt,
    set_target,
    spanish_in_every_state,
)
from review_fixtures import operator

from workbench import files
from workbench.errors import InputError, NotFoundError, WorkbenchError
from workbench.formats.bundle import sha256
from workbench.formats.po import read_po
from workbench.services import export as export_service
from workbench.services import releases
from workbench.services.app import App
from workbench.services.export import export


@pytest.fixture
def sample(app: App, sample_bytes: bytes) -> tuple[App, list[str]]:
    keys = load_sample(app, sample_bytes)
    spanish_in_every_state(app, keys)
    return app, keys


def po_path(app: App, slug: str = "sample", lang: str = "es") -> Path:
    return app.settings.locales_dir / lang / "LC_MESSAGES" / f"{slug}.po"


def test_layout_under_the_locales_root(sample: tuple[App, list[str]]) -> None:
    app, _ = sample
    files = export(app, "sample", "es", user=operator(app))["files"]
    root = app.settings.locales_dir
    assert files == [str(root / "es/LC_MESSAGES/sample.po"), str(root / "es/LC_MESSAGES/sample.mo")]
    assert all(Path(f).is_file() for f in files)
    assert not [p for p in root.rglob("*.tmp")]


@needs_msgfmt
@pytest.mark.parametrize("include_unapproved", [False, True])
def test_every_judge_accepts_the_catalog_and_reads_the_same_entries(
    sample: tuple[App, list[str]], include_unapproved: bool
) -> None:
    app, _ = sample
    export(app, "sample", "es", include_unapproved=include_unapproved, user=operator(app))
    path = po_path(app)
    result = msgfmt_check(path)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    ours = [(e.msgctxt, e.msgid, e.msgstr, e.fuzzy) for e in read_po(path.read_bytes(), str(path)).entries]
    assert len(ours) == 11
    assert entries_by_polib(path) == ours
    assert entries_by_babel(path) == ours
    assert entries_by_toolkit(path) == ours


def test_unapproved_segments_are_untranslated_or_fuzzy(sample: tuple[App, list[str]]) -> None:
    app, _ = sample
    export(app, "sample", "es", user=operator(app))
    entries = read_po(po_path(app).read_bytes(), "x").entries
    assert [e.msgstr for e in entries[:6]] == SPANISH[:6]
    assert [e.msgstr for e in entries[6:]] == [""] * 5
    assert not any(e.fuzzy for e in entries)

    export(app, "sample", "es", include_unapproved=True, user=operator(app))
    entries = read_po(po_path(app).read_bytes(), "x").entries
    assert [e.msgstr for e in entries[6:8]] == SPANISH[6:8]
    assert [e.fuzzy for e in entries] == [False] * 6 + [True] * 3 + [False] * 2
    assert entries[8].msgstr.endswith("(máquina).") and entries[9].msgstr == ""


def test_the_mo_gives_each_approved_target_and_nothing_unapproved(sample: tuple[App, list[str]]) -> None:
    app, _ = sample
    sources = [s["source"] for s in releases.list_segments(app, "sample")["segments"]]
    export(app, "sample", "es", include_unapproved=True,
           user=operator(app))  # fuzzy entries must still stay out of the .mo
    with (app.settings.locales_dir / "es/LC_MESSAGES/sample.mo").open("rb") as stream:
        t = gettext.GNUTranslations(stream)
    for i in range(6):
        assert t.gettext(sources[i]) == SPANISH[i]
    for i in range(6, 11):
        assert t.gettext(sources[i]) == sources[i]
    assert t.info()["language"] == "es" and t.info()["plural-forms"] == get_plural("es").plural_forms


def test_entries_in_document_order_with_references_and_provenance(sample: tuple[App, list[str]]) -> None:
    app, keys = sample
    export(app, "sample", "es", user=operator(app))
    catalog = read_po(po_path(app).read_bytes(), "x")
    entries = catalog.entries
    assert [e.references for e in entries] == [(f"sample:{n}",) for n in range(1, 12)]
    assert entries[0].extracted == (f"segment {keys[0]} (title, block 1), version 3",)
    assert entries[0].comments[:3] == ("state: approved", "engine: apertium", "translator: ana")
    assert entries[0].comments[3].startswith("reviewer: rv, approved 20")
    assert entries[8].comments == ("state: draft", "engine: apertium")
    assert entries[10].comments == ("state: new",)
    assert entries[10].extracted == (f"segment {keys[10]} (paragraph, block 9), version 0",)
    assert all(e.msgctxt is None for e in entries)  # no source repeats in the sample
    headers = catalog.headers
    assert headers["Language"] == "es" and headers["Last-Translator"] == "ana"
    assert headers["Language-Team"] == "Spanish" and headers["X-Generator"].startswith("Workbench ")
    assert headers["Content-Type"] == "text/plain; charset=UTF-8"


@needs_msgfmt
def test_msgctxt_only_where_a_source_repeats(app: App) -> None:
    text = ("# Deux dirigeants tatars de Crimée libérés\n\n"
            "Le 25 octobre, les deux hommes ont quitté la Crimée. Amnesty International demande leur libération.\n\n"
            "Le 27 octobre, ils sont arrivés à Kiev. Amnesty International demande leur libération.\n").encode()
    report = releases.ingest_release(app, text, name="r.md", lang="fr", slug="repeat", user=operator(app))
    keys = [s["id"] for s in report.segments]
    assert len(keys) == 5
    set_target(app, "repeat", keys[2], "es", "Amnistía pide su liberación.")
    approve(app, "repeat", keys[2], "es")
    set_target(app, "repeat", keys[4], "es", "Amnistía Internacional exige su liberación.")
    approve(app, "repeat", keys[4], "es")
    export(app, "repeat", "es", user=operator(app))
    path = po_path(app, "repeat")
    entries = read_po(path.read_bytes(), str(path)).entries
    assert [e.msgctxt for e in entries] == [None, None, keys[2], None, keys[4]]
    with (app.settings.locales_dir / "es/LC_MESSAGES/repeat.mo").open("rb") as stream:
        t = gettext.GNUTranslations(stream)
    assert t.pgettext(keys[2], "Amnesty International demande leur libération.") == "Amnistía pide su liberación."
    assert t.pgettext(keys[4], "Amnesty International demande leur libération.") == entries[4].msgstr
    checked = msgfmt_check(path)  # duplicate msgids without msgctxt would fail here
    assert checked.returncode == 0, checked.stderr


def test_repeated_export_is_byte_identical(sample: tuple[App, list[str]], tmp_path: Path) -> None:
    app, _ = sample
    formats = "po,mo,html,bundle"
    first = export(app, "sample", "es,en", tmp_path / "a", formats, user=operator(app))
    second = export(app, "sample", "es,en", tmp_path / "b", formats, user=operator(app))
    assert len(first["files"]) == 7
    for a, b in zip(first["files"], second["files"], strict=True):
        assert Path(a).read_bytes() == Path(b).read_bytes(), a
    again = export(app, "sample", "es,en", tmp_path / "a", formats, user=operator(app))
    assert again["checksums"] == first["checksums"]


def test_a_change_moves_the_revision_date(sample: tuple[App, list[str]]) -> None:
    app, keys = sample
    export(app, "sample", "es", user=operator(app))
    before = read_po(po_path(app).read_bytes(), "x").headers["PO-Revision-Date"]
    set_target(app, "sample", keys[9], "es", "El 27 llegaron.", actor="luis")
    export(app, "sample", "es", user=operator(app))
    after = read_po(po_path(app).read_bytes(), "x").headers
    assert after["PO-Revision-Date"] >= before and after["Last-Translator"] == "luis"


def test_a_failed_write_leaves_the_previous_files_intact(
    sample: tuple[App, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, keys = sample
    export(app, "sample", "es", formats="po,mo,html", user=operator(app))
    root = app.settings.locales_dir
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    approve(app, "sample", keys[6], "es")  # a change, so the new export would differ
    real_stage = files._stage
    calls = []

    def failing_stage(path: Path, data: bytes, mode: int) -> Path:
        calls.append(path)
        if len(calls) == 3:  # the page: the catalogs are staged already
            raise OSError(28, "No space left on device", str(path))
        return real_stage(path, data, mode)

    monkeypatch.setattr(files, "_stage", failing_stage)
    with pytest.raises(WorkbenchError, match=r"No space left on device.*previous files are unchanged"):
        export(app, "sample", "es", formats="po,mo,html", user=operator(app))
    after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert after == before  # same files, same bytes, no temporary file left behind


def test_all_exports_every_release(sample: tuple[App, list[str]], sample_bytes: bytes) -> None:
    app, _ = sample
    load_sample(app, sample_bytes, slug="other", published=None)
    files = export(app, None, "es", user=operator(app))["files"]
    assert sorted(Path(f).name for f in files) == ["other.mo", "other.po", "sample.mo", "sample.po"]


def test_refusals(sample: tuple[App, list[str]]) -> None:
    app, _ = sample
    with pytest.raises(InputError, match="written in 'fr'"):
        export(app, "sample", "fr", user=operator(app))
    with pytest.raises(InputError, match="unknown export format pdf"):
        export(app, "sample", "es", formats="po,pdf", user=operator(app))
    with pytest.raises(NotFoundError, match="no release 'nope'"):
        export(app, "nope", "es", user=operator(app))


def test_page_shows_approved_blocks_and_the_source_elsewhere(sample: tuple[App, list[str]]) -> None:
    app, _ = sample
    set_target(app, "sample", releases.list_segments(app, "sample")["segments"][1]["id"], "es",
               'Texto con <script>alert("x")</script>')
    approve(app, "sample", releases.list_segments(app, "sample")["segments"][1]["id"], "es")
    files = export(app, "sample", "es", formats="html", user=operator(app))["files"]
    html = Path(files[0]).read_text(encoding="utf-8")
    assert Path(files[0]).name == "sample.es.html"
    assert f"<h1>{SPANISH[0]}</h1>" in html
    assert '<time datetime="2017-10-27">27 de octubre de 2017</time>' in html
    assert "Texto con &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html and "<script" not in html
    # block 3 (segments 2 and 3) is approved whole: one paragraph, Spanish guillemets without spaces
    spanish_quote = "«La liberación de los presos de conciencia Ilmi Umerov y Akhtem Chiygoz es un avance."
    assert f"<p>{spanish_quote} {SPANISH[3]}</p>" in html
    # the heading is only translated, not approved: the source stands in, marked as French
    assert '<h2 lang="fr">Complément d’information</h2>' in html


def test_bundle_has_catalogs_pages_and_a_manifest(sample: tuple[App, list[str]]) -> None:
    app, _ = sample
    files = export(app, "sample", "es,en", formats="bundle", user=operator(app))["files"]
    assert [Path(f).name for f in files] == ["sample.zip"]
    with zipfile.ZipFile(Path(files[0])) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        assert names == sorted(names)
        for name in names:
            if name != "manifest.json":
                assert manifest["files"][name] == sha256(archive.read(name))
        es_mo = archive.read("locales/es/LC_MESSAGES/sample.mo")
    catalogs = {f"locales/{lang}/LC_MESSAGES/sample.{ext}" for lang in ("es", "en") for ext in ("po", "mo")}
    assert set(names) == {"manifest.json", "sample.es.html", "sample.en.html", *catalogs}
    es = manifest["languages"]["es"]
    assert es["title"] == SPANISH[0] and es["complete"] is False
    assert es["states"] == {"approved": 6, "draft": 1, "new": 2, "translated": 2}
    assert es["reviewers"] == ["rv"] and es["signoff"] is None
    assert manifest["languages"]["en"]["states"] == {"new": 11}
    assert manifest["slug"] == "sample" and manifest["published"] == "2017-10-27"
    assert gettext.GNUTranslations(io.BytesIO(es_mo)).info()["language"] == "es"


def test_tmx_has_the_approved_pairs_and_xliff_every_segment(sample: tuple[App, list[str]]) -> None:
    from workbench.formats.tmx import read_tmx
    from workbench.formats.xliff import read_xliff

    app, keys = sample
    files = export(app, "sample", "es", formats="tmx,xliff", user=operator(app))["files"]
    root = app.settings.locales_dir
    assert files == [str(root / "es/sample.tmx"), str(root / "es/sample.xlf")]
    pairs = read_tmx(Path(files[0]).read_bytes(), files[0])
    assert [u.target for u in pairs] == SPANISH[:6] and {u.author for u in pairs} == {"rv"}
    doc = read_xliff(Path(files[1]).read_bytes(), files[1])
    assert (doc.file_id, doc.source_lang, doc.target_lang) == ("sample", "fr", "es")
    assert [u.id for u in doc.units] == keys
    assert [u.state for u in doc.units] == ["final"] * 6 + ["translated"] * 2 + ["initial"] * 3
    assert doc.units[9].target is None and doc.units[0].version == 3


def test_a_path_outside_the_export_folder_is_refused(tmp_path: Path) -> None:
    from workbench.errors import InputError
    from workbench.services.export import inside

    root = tmp_path / "pub"
    root.mkdir()
    assert inside(root, "es/LC_MESSAGES/rel.po") == root / "es/LC_MESSAGES/rel.po"
    (tmp_path / "elsewhere").mkdir()
    (root / "link").symlink_to(tmp_path / "elsewhere")
    for rel in ("../x.po", "es/../../x.po", "/etc/x.po", "link/x.po"):
        with pytest.raises(InputError, match="outside the export folder"):
            inside(root, rel)


def test_a_download_is_the_files_an_export_writes_and_is_recorded_like_one(
    sample: tuple[App, list[str]], tmp_path: Path
) -> None:
    from workbench.services import publishing

    app, _ = sample
    formats = "po,mo,html,bundle"
    written = export(app, "sample", "es,en", out_dir=tmp_path, formats=formats, user=operator(app))["files"]
    files = export_service.download(app, "sample", "es,en", formats=formats, user=operator(app))
    assert [str(tmp_path / rel) for rel in files] == written  # same files, same order, nothing written
    assert all((tmp_path / rel).read_bytes() == data for rel, data in files.items())
    assert not [p for p in app.settings.locales_dir.rglob("*") if p.is_file()]
    exports = [e for e in publishing.release_history(app, "sample")["events"] if e["action"] == "export"]
    assert len(exports) == 2 and exports[0]["details"] == exports[1]["details"]


def test_every_file_of_a_two_language_download_gets_its_own_name(sample: tuple[App, list[str]]) -> None:
    app, _ = sample
    files = export_service.download(app, "sample", "es,en", formats="po,mo,html,bundle", user=operator(app))
    names = sorted(export_service.download_name(path) for path in files)
    assert len(set(names)) == len(files)  # a browser would otherwise save "sample (1).po"
    assert {"sample.es.po", "sample.en.po", "sample.es.mo", "sample.en.mo", "sample.es.html"} <= set(names)
