"""The publication bundle: deterministic bytes, a manifest whose checksums match its members."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from workbench.formats.bundle import MANIFEST, read_manifest, write_bundle

FILES = {
    "locales/es/LC_MESSAGES/sample.po": b"msgid \"\"\nmsgstr \"\"\n",
    "locales/es/LC_MESSAGES/sample.mo": b"\xde\x12\x04\x95" + bytes(24),
    "sample.es.html": b"<!DOCTYPE html><p>Crimea</p>",
}
MANIFEST_DATA = {"slug": "sample", "languages": {"es": {"title": "Rusia", "complete": False}}}


def test_repeated_bundle_is_byte_identical() -> None:
    assert write_bundle(MANIFEST_DATA, FILES) == write_bundle(MANIFEST_DATA, dict(reversed(list(FILES.items()))))


def test_members_sorted_with_a_fixed_timestamp_and_checksums() -> None:
    data = write_bundle(MANIFEST_DATA, FILES)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == sorted([*FILES, MANIFEST])
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        manifest = read_manifest(data)
        for name, content in FILES.items():
            assert archive.read(name) == content
            assert manifest["files"][name] == hashlib.sha256(content).hexdigest()
    assert manifest["slug"] == "sample" and manifest["languages"]["es"]["title"] == "Rusia"


def test_the_manifest_name_is_reserved() -> None:
    with pytest.raises(ValueError, match=MANIFEST):
        write_bundle({}, {MANIFEST: b"{}"})
