"""Files from other tools through the command line: TMX units skipped and said, XLIFF 1.2 written and read back."""

from __future__ import annotations

import json
from pathlib import Path

from review_fixtures import cli_operator

DATA = Path(__file__).resolve().parents[1] / "data"


def test_tm_import_says_which_units_were_skipped(cli, tmp_path: Path) -> None:
    assert cli("init")[0] == 0
    cli_operator(cli)
    code, out, err = cli("tm", "import", str(DATA / "tmx_unit_without_source.tmx"))
    assert code == 0, err
    assert "2 units added" in out and "1 units without their source language skipped" in out and "line 10:" in out
    code, out, _ = cli("tm", "import", str(DATA / "tmx_doctype_system.tmx"), "--json")
    result = json.loads(out)
    assert code == 0 and (result["added"], result["skipped"], result["pairs"]) == (2, 0, ["fr-FR>en-GB"])


def test_a_refused_tmx_names_file_and_line_and_imports_nothing(cli) -> None:
    assert cli("init")[0] == 0
    cli_operator(cli)
    code, _, err = cli("tm", "import", str(DATA / "tmx_undeclared_entity.tmx"))
    assert code == 1 and "tmx_undeclared_entity.tmx:6: not well-formed XML (Entity 'nbsp' not defined)" in err
    assert "Traceback" not in err


def test_export_writes_xliff12_and_import_po_reads_it_back(cli, tmp_path: Path) -> None:
    assert cli("init")[0] == 0
    cli_operator(cli)
    (tmp_path / "rel.md").write_text("# Communiqué\n\nLe tribunal a prolongé la détention.\n", encoding="utf-8")
    assert cli("ingest", "rel.md", "--slug", "rel", "--lang", "fr")[0] == 0
    assert cli("user", "add", "tina", "--role", "translator", stdin="tina-secret-123\n")[0] == 0
    code, out, err = cli("export", "rel", "--to", "es", "--out", str(tmp_path / "out"), "--format", "xliff12", "--json")
    assert code == 0, err
    (path,) = json.loads(out)["files"]
    assert path.endswith("es/rel.xliff12.xlf")
    text = Path(path).read_text(encoding="utf-8")
    assert 'version="1.2"' in text and "<target" not in text  # nothing translated yet
    translated = text.replace("<source>Le tribunal a prolongé la détention.</source>",
                              "<source>Le tribunal a prolongé la détention.</source>"
                              '<target state="translated">El tribunal prorrogó la detención.</target>')
    Path(path).write_text(translated, encoding="utf-8")
    code, out, err = cli("import-po", "rel", path, "--to", "es", "--as", "tina", "--json")
    assert code == 0, err
    assert len(json.loads(out)["applied"]) == 1
