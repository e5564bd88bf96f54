"""The publication bundle: a zip of catalogs and pages plus ``manifest.json``, byte-identical when repeated.

Determinism: members sorted by name, one fixed timestamp (1980-01-01, the earliest zip allows),
fixed permissions and compression, and a manifest written with sorted keys. Checksums (sha256) of
every member are in the manifest, so a section's site can verify what it received.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Mapping
from typing import Any

MANIFEST = "manifest.json"
_EPOCH = (1980, 1, 1, 0, 0, 0)


def sha256(data: bytes) -> str:
    """The hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(manifest: Mapping[str, Any], files: Mapping[str, bytes]) -> bytes:
    """The manifest as JSON with a ``files`` map of name -> sha256 added (sorted keys, UTF-8)."""
    document = {**manifest, "files": {name: sha256(files[name]) for name in sorted(files)}}
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def write_bundle(manifest: Mapping[str, Any], files: Mapping[str, bytes]) -> bytes:
    """The zip: ``files`` (archive name -> content) and ``manifest.json`` describing them."""
    if MANIFEST in files:
        raise ValueError(f"{MANIFEST} is written by the bundle itself")
    members = {**files, MANIFEST: manifest_bytes(manifest, files)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the host, so the bytes match everywhere
            info.external_attr = 0o644 << 16
            archive.writestr(info, members[name], compresslevel=9)
    return buffer.getvalue()


def read_manifest(data: bytes) -> dict[str, Any]:
    """The manifest of a bundle (for checks and tests)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest: dict[str, Any] = json.loads(archive.read(MANIFEST))
    return manifest
