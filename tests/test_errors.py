"""The exception tree drawn in errors.py is the real one, every class of it lives there, and causes are kept."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import workbench
from workbench import errors
from workbench.errors import WorkbenchError

PACKAGE = Path(workbench.__file__).parent
NAME = re.compile(r"[A-Z]\w*Error\b")


def _drawn_tree() -> dict[str, str | None]:
    """Each class of the docstring's drawing -> its parent (None for the root), read from the columns."""
    doc = inspect.getdoc(errors) or ""
    drawing = doc.split("\n\n", 2)[1]  # the paragraph after the title
    parents: dict[str, str | None] = {}
    open_at: list[tuple[int, str]] = []  # (column of the name, name) of the lines above, outermost first
    for line in drawing.splitlines():
        match = NAME.search(line)
        assert match, f"a line of the drawing names no class: {line!r}"
        column = match.start()
        while open_at and open_at[-1][0] >= column:
            open_at.pop()
        parents[match.group()] = open_at[-1][1] if open_at else None
        open_at.append((column, match.group()))
    return parents


def _real_tree() -> dict[str, str | None]:
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass)
               if issubclass(c, WorkbenchError) and c.__module__ == errors.__name__]
    return {c.__name__: None if c is WorkbenchError else c.__bases__[0].__name__ for c in classes}


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"), str(p))) for p in sorted(PACKAGE.rglob("*.py"))
            if "migrations" not in p.parts]


def test_the_drawn_tree_is_the_real_one() -> None:
    assert _drawn_tree() == _real_tree()


def test_every_public_error_class_is_defined_in_errors_py() -> None:
    ours = set(_real_tree())
    elsewhere = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name}"
        for path, tree in _modules() if path.name != "errors.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and not node.name.startswith("_")
        and any(isinstance(b, ast.Name) and b.id in ours for b in node.bases)
    ]
    assert elsewhere == []


def test_no_refusal_raises_the_bare_root() -> None:
    """The root is for catching; what was refused is said by a subclass."""
    bare = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
        and isinstance(node.exc.func, ast.Name) and node.exc.func.id == "WorkbenchError"
    ]
    assert bare == []


def test_a_cause_is_dropped_only_where_a_comment_says_why() -> None:
    silent = [
        f"{path.relative_to(PACKAGE.parent)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bfrom None\b(?!.*#)", line) and line.lstrip().startswith("raise")
    ]
    assert silent == []
