"""Atomic file writes: the one way the workbench puts a file on disk for a person or a site to read.

Each file is staged in a temporary file beside its target (the same file system, so the rename is
atomic), flushed to the disk, given its mode, and only then renamed into place. When anything fails,
the staged files are removed and the targets are left as they were: nothing is half written. An
``OSError`` (a full disk, a missing permission, a directory in the way) becomes one
``OutputError`` that names the file, so the CLI and the UI say so in one line.

It sits below the layers that write files (``services``, ``store``) and imports only ``errors``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from workbench.errors import OutputError

#: The mode of a written file: readable by everyone (catalogs are served by web servers). mkstemp
#: alone makes 0600 files.
PUBLIC = 0o644
#: The mode of a file that holds secrets (a database backup holds password hashes).
PRIVATE = 0o600


def write_file(path: Path, data: bytes, *, mode: int = PUBLIC) -> None:
    """Write ``data`` to ``path`` atomically (see the module's docstring)."""
    write_files({path: data}, mode=mode)


def write_files(files: Mapping[Path, bytes], *, mode: int = PUBLIC) -> None:
    """Stage every file, then rename them all into place; on any failure remove the staged ones.

    Either every target has its new bytes or, when staging fails, none has changed (a failure among
    the renames themselves, which only a vanished directory causes, can leave the earlier ones done).
    """
    staged: dict[Path, Path] = {}  # temporary file -> its target
    path: Path | None = None
    try:
        for path, data in files.items():
            staged[_stage(path, data, mode)] = path
        for tmp, path in staged.items():
            os.replace(tmp, path)
    except OSError as exc:
        for tmp in staged:
            tmp.unlink(missing_ok=True)
        raise _write_error(exc, path, staged, len(files)) from exc
    except BaseException:
        for tmp in staged:
            tmp.unlink(missing_ok=True)
        raise


@contextmanager
def replacing(path: Path, *, mode: int = PUBLIC) -> Iterator[Path]:
    """A temporary path beside ``path`` for another writer (SQLite's backup) to fill; when the block
    ends without error the file is flushed, given ``mode`` and renamed over ``path``, otherwise removed.
    """
    try:
        fd, tmp = _temporary(path)
        os.close(fd)
    except OSError as exc:
        raise _write_error(exc, path, {}, 1) from exc
    try:
        yield tmp
        with tmp.open("rb+") as stream:
            os.fsync(stream.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _write_error(exc, path, {tmp: path}, 1) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _temporary(path: Path) -> tuple[int, Path]:
    """A new, empty temporary file beside ``path`` (its folder made if missing): its descriptor and path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:  # the system names the temporary file, which the person never asked for
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    return fd, Path(name)


def _stage(path: Path, data: bytes, mode: int) -> Path:
    """Write ``data`` to a temporary file beside ``path``, on the disk and with ``mode``; its path."""
    fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _write_error(exc: OSError, path: Path | None, staged: Mapping[Path, Path], count: int) -> OutputError:
    """The one clear error for a write that failed: which file (the target, not its temporary file, and
    ``path``, the one being written, when the system names none), why, and that nothing changed."""
    named = exc.filename2 or exc.filename
    where = staged.get(Path(named), named) if named else path
    unchanged = "the previous files are unchanged" if count > 1 else "the previous file is unchanged"
    return OutputError(f"{where or 'the target directory'}: cannot write ({exc.strerror or exc}); {unchanged}")
