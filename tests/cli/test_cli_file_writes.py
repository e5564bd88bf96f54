"""A file the CLI cannot write: one clear error line, exit 1, the previous file kept and no partial file left.

Every command that writes a file goes through ``workbench/files.py``; a full disk (the flush to the
disk fails) and a directory standing where the file should go are the two failures tried here.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from review_fixtures import cli_operator

ROOT = Path(__file__).resolve().parents[2]
#: A memory exported by another tool (OmegaT), French into Spanish and English.
MEMORY = ROOT / "tests" / "data" / "tmx_foreign_tool.tmx"


@pytest.fixture
def wb(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_bytes: bytes):
    """The CLI on a database with the shipped glossary, the sample release as `s` and a memory into English."""
    monkeypatch.setenv("WORKBENCH_GLOSSARY_DIR", str(ROOT / "glossary"))
    (tmp_path / "sample.txt").write_bytes(sample_bytes)
    assert cli("init")[0] == 0
    cli_operator(cli)
    for args in (["ingest", "sample.txt", "--slug", "s"], ["tm", "import", str(MEMORY)]):
        code, _, err = cli(*args)
        assert code == 0, err
    return cli


def _commands(out: Path) -> list[tuple[list[str], list[Path]]]:
    """Each file-writing command, with the files it writes under ``out``."""
    return [
        (["glossary", "export", str(out / "terms.csv")], [out / "terms.csv"]),
        (["glossary", "export", str(out / "terms.tbx")], [out / "terms.tbx"]),
        (["tm", "export", str(out / "memory.tmx"), "--to", "en"], [out / "memory.tmx"]),
        (["export", "s", "--to", "en", "--out", str(out / "site"), "--format", "po,mo"],
         [out / "site" / "en" / "LC_MESSAGES" / "s.po", out / "site" / "en" / "LC_MESSAGES" / "s.mo"]),
    ]


def _snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_full_disk_is_one_clear_error_and_keeps_the_previous_files(
    wb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    for args, written in _commands(out):
        code, _, err = wb(*args)
        assert code == 0, err
        assert all(p.stat().st_size > 0 and p.stat().st_mode & 0o777 == 0o644 for p in written), args
    before = _snapshot(out)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    for args, _ in _commands(out):
        code, stdout, err = wb(*args)
        assert code == 1 and stdout == "", args
        assert err.startswith("workbench: error: ") and err.count("\n") == 1, err
        assert f"cannot write ({os.strerror(errno.ENOSPC)})" in err and "unchanged" in err, err
        assert "internal error" not in err
    assert _snapshot(out) == before  # the same files with the same bytes: nothing staged is left behind


def test_a_directory_in_the_way_is_one_clear_error_and_leaves_no_partial_file(wb, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for args, written in _commands(out):
        for path in written:
            (path / "kept").mkdir(parents=True)  # a directory, not empty, where the file should go
        code, stdout, err = wb(*args)
        assert code == 1 and stdout == "", args
        assert err.startswith("workbench: error: ") and err.count("\n") == 1, err
        assert f"{written[0]}: cannot write" in err and ".tmp" not in err and "internal error" not in err, err
    assert sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file()) == []


def test_a_folder_that_refuses_new_files_names_the_target_not_its_temporary_file(
    wb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    real_open = os.open

    def refused(path: str | Path, flags: int, mode: int = 0o777, **kwargs: object) -> int:
        if str(path).startswith(str(out)) and str(path).endswith(".tmp"):  # root ignores chmod: as the OS says it
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refused)
    for args, written in [*_commands(out), (["backup", str(out / "copy.db")], [out / "copy.db"])]:
        code, stdout, err = wb(*args)
        assert code == 1 and stdout == "", args
        assert err == f"workbench: error: {written[0]}: cannot write ({os.strerror(errno.EACCES)}); " \
                      f"the previous file{'s are' if len(written) > 1 else ' is'} unchanged\n", err
    assert [p for p in out.rglob("*") if p.is_file()] == []
