"""The linear .mo writer, judged by a second, independent reader: Python's gettext."""

from __future__ import annotations

import gettext
import io
import struct
import subprocess
from pathlib import Path

from export_fixtures import needs_msgfmt

from workbench.formats.mo import MAGIC, MoMessage, write_mo

HEADER = MoMessage("", "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n")
MESSAGES = [
    HEADER,
    MoMessage("Complément d’information", "Información complementaria"),
    MoMessage("Le 25 octobre.", "El 25 de octubre.", msgctxt="7a74109571"),
    MoMessage("Le 25 octobre.", "Otro 25 de octubre.", msgctxt="d27b471998"),
    MoMessage("« Il a dit : non »", "« Dijo: no »"),
    MoMessage("Zèbre", "Cebra"),
]


def translations(data: bytes) -> gettext.GNUTranslations:
    return gettext.GNUTranslations(io.BytesIO(data))


def test_python_gettext_reads_every_message() -> None:
    t = translations(write_mo(MESSAGES))
    assert t.gettext("Complément d’information") == "Información complementaria"
    assert t.gettext("« Il a dit : non »") == "« Dijo: no »"
    assert t.pgettext("7a74109571", "Le 25 octobre.") == "El 25 de octubre."
    assert t.pgettext("d27b471998", "Le 25 octobre.") == "Otro 25 de octubre."
    assert t.gettext("Zèbre") == "Cebra"
    assert t.gettext("not in the catalog") == "not in the catalog"
    assert t.info()["content-type"] == "text/plain; charset=UTF-8"


def test_layout_is_gnu_with_no_hash_table_and_sorted_originals() -> None:
    data = write_mo(list(reversed(MESSAGES)))
    magic, revision, count, originals, translations_at, hash_size, _ = struct.unpack("<7I", data[:28])
    assert (magic, revision, count, originals, hash_size) == (MAGIC, 0, len(MESSAGES), 28, 0)
    assert translations_at == 28 + 8 * count
    keys = []
    for i in range(count):
        length, offset = struct.unpack("<2I", data[originals + 8 * i: originals + 8 * i + 8])
        keys.append(data[offset:offset + length])
        assert data[offset + length] == 0  # NUL-terminated as the format asks
    assert keys == sorted(keys) and keys[0] == b""


def test_input_order_does_not_change_the_bytes() -> None:
    assert write_mo(MESSAGES) == write_mo(list(reversed(MESSAGES)))


def test_an_empty_catalog_is_valid() -> None:
    assert translations(write_mo([])).gettext("x") == "x"


@needs_msgfmt
def test_gnu_msgunfmt_reads_it_back(tmp_path: Path) -> None:
    path = tmp_path / "x.mo"
    path.write_bytes(write_mo(MESSAGES))
    out = subprocess.run(["msgunfmt", str(path)], capture_output=True, text=True, check=True).stdout
    assert 'msgctxt "7a74109571"' in out and 'msgstr "Cebra"' in out
