"""The string and number constants of a source file, without its docstrings: what can reach a page
or a result (shared by the tests that keep dates and years out of the code)."""

from __future__ import annotations

import ast
from pathlib import Path


def constants(path: Path) -> list[tuple[int, object]]:
    """(line, value) of every constant of ``path`` that is not a docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and id(node) not in docstrings
    ]
