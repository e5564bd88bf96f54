"""A plain `pip install` of the project, as a packager or a new user does it, gives a working `workbench`.

Outside the Makefile and without constraints.txt: a fresh venv made by the interpreter's own
``venv`` module with the pip it ships (Debian 12's Python: pip 23, which resolves extras less well
than newer ones), ``pip install`` of a copy of the checkout, then ``workbench init``, ``ingest`` of
the sample, ``segments`` and ``engines``, and an import of every module of the installed package
(an import nothing declares fails there, not in a user's hands). It downloads every dependency,
a minute or two, so it runs only where WORKBENCH_TEST_PLAIN_INSTALL=1: .ci/run does, as a step of
its own after `make test`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("WORKBENCH_TEST_PLAIN_INSTALL") != "1",
                       reason="downloads every dependency: set WORKBENCH_TEST_PLAIN_INSTALL=1 (.ci/run does)"),
]

# What a checkout holds beside the package that an install must not see (and would be slow to copy).
LOCAL_STATE = {".git", ".venv", "build", "locales", "test-artifacts", "setup.log", ".admin-password", ".hypothesis",
               ".mypy_cache", ".pytest_cache", ".ruff_cache"}
IMPORT_EVERY_MODULE = """
import importlib, pkgutil, workbench
skip = ("workbench.__main__", "workbench.ui.app")  # the command line and the Streamlit script run on import
names = [m.name for m in pkgutil.walk_packages(workbench.__path__, "workbench.")
         if m.name not in skip and not m.name.startswith("workbench.store.migrations.")]
for name in names:
    importlib.import_module(name)
print(workbench.__file__, len(names))
"""


def _ignore(directory: str, names: list[str]) -> set[str]:
    top = Path(directory) == ROOT
    return {n for n in names if (top and n in LOCAL_STATE) or n == "__pycache__" or n.endswith((".egg-info", ".db"))}


def _run(argv: list[str], *, env: dict[str, str], cwd: Path, timeout: float = 120, stdin: str | None = None) -> str:
    proc = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, input=stdin)
    output = f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    assert proc.returncode == 0, f"{' '.join(argv)} exited {proc.returncode}:\n{output}"
    return proc.stdout


def test_pip_install_with_the_pip_python_ships_gives_a_working_workbench(tmp_path: Path, sample_bytes: bytes) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=_ignore)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("WORKBENCH_", "PIP_CONSTRAINT", "VIRTUAL_ENV")) and k != "PYTHONPATH"}
    base_python = Path(sys.base_prefix) / "bin" / "python3"
    venv = tmp_path / "venv"
    _run([str(base_python), "-m", "venv", str(venv)], env=env, cwd=tmp_path)
    pip_version = _run([str(venv / "bin" / "pip"), "--version"], env=env, cwd=tmp_path)
    # No -c constraints.txt, no upgrade of pip: what `python3 -m venv v && v/bin/pip install .` does.
    _run([str(venv / "bin" / "pip"), "install", "--quiet", str(source)], env=env, cwd=tmp_path, timeout=1800)

    work = tmp_path / "work"
    work.mkdir()
    (work / "release.txt").write_bytes(sample_bytes)
    env |= {"WORKBENCH_DATABASE_URL": f"sqlite:///{work / 'wb.db'}", "WORKBENCH_GLOSSARY_DIR": str(source / "glossary"),
            "WORKBENCH_USER": "admin"}
    wb = str(venv / "bin" / "workbench")
    assert _run([wb, "--version"], env=env, cwd=work).startswith("workbench ")
    assert "database ready" in _run([wb, "init"], env=env, cwd=work), pip_version
    _run([wb, "user", "add", "admin", "--role", "admin"], env=env, cwd=work, stdin="admin-secret\n")  # who ingests
    ingested = json.loads(_run([wb, "ingest", "release.txt", "--slug", "sample", "--json"], env=env, cwd=work))
    assert len(ingested["segments"]) == 11 and ingested["lang"] == "fr"
    listed = json.loads(_run([wb, "segments", "sample", "--json"], env=env, cwd=work))
    assert [s["id"] for s in listed["segments"]] == [s["id"] for s in ingested["segments"]]
    assert "engines" in json.loads(_run([wb, "engines", "--json"], env=env, cwd=work))
    installed, count = _run([str(venv / "bin" / "python"), "-c", IMPORT_EVERY_MODULE], env=env, cwd=work).split()
    assert installed.startswith(str(venv)) and int(count) > 50  # the installed copy, not the checkout
