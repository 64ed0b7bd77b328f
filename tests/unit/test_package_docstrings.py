"""Each subpackage's docstring (``src/ucj/<part>/__init__.py``) is its table of contents: it names
every module of the package, so a reader finds where a job is done from there."""

from __future__ import annotations

import ast
import re

import pytest

from ucj import paths

pytestmark = pytest.mark.unit  # reads the source only

PACKAGES = sorted(p.parent for p in paths.PACKAGE_DIR.glob("*/__init__.py"))


def _docstring(package) -> str:
    return ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8"))) or ""


def _named(module: str, package: str, docstring: str) -> bool:
    """As `module` or `ucj.<package>.module` (code quotes), optionally followed by an attribute."""
    return re.search(rf"`(ucj\.{package}\.)?{module}(\.\w+)*`", docstring) is not None


def test_every_subpackage_is_checked() -> None:
    assert {p.name for p in PACKAGES} >= {"brief", "dag", "informal", "projection", "reports", "summary"}


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_the_docstring_of_a_package_names_each_of_its_modules(package) -> None:
    docstring = _docstring(package)
    modules = sorted(p.stem for p in package.glob("*.py") if p.stem != "__init__")
    assert modules
    assert [m for m in modules if not _named(m, package.name, docstring)] == []


def test_a_module_is_named_only_as_code() -> None:
    """`text` in the prose of a docstring is not `text` the module."""
    assert not _named("text", "brief", "words and formats, display text")
    assert _named("text", "brief", "the words (`text`)") and _named("text", "brief", "`ucj.brief.text.t`")
