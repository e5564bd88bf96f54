"""Code, tests and docs cite the repository's own documentation, and every page they cite exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CITED = re.compile(r"\bdocs/([\w-]+\.md)")
#: A design file outside the repository, which a reader of the repository cannot open.
OUTSIDE = re.compile("DESIGN" + r"\s*§")


def _texts() -> list[Path]:
    files = [ROOT / "README.md", ROOT / "pyproject.toml", *sorted((ROOT / "docs").glob("*.md"))]
    for folder in ("workbench", "tests", "benchmarks", "tools"):
        files += sorted((ROOT / folder).rglob("*.py"))
    return files


def test_nothing_cites_a_design_file_outside_the_repository() -> None:
    found = [f"{p.relative_to(ROOT)}:{n}" for p in _texts()
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if OUTSIDE.search(line)]
    assert found == []


def test_every_cited_docs_page_exists() -> None:
    missing = sorted({f"{p.relative_to(ROOT)}: docs/{name}" for p in _texts()
                      for name in CITED.findall(p.read_text(encoding="utf-8"))
                      if not (ROOT / "docs" / name).is_file()})
    assert missing == []
