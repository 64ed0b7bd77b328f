"""The package reads in one direction: no two first-level parts of `ucj` (``brief``, ``reports``,
``villages``, ...) import each other, counting imports inside functions too (as `ucj.dag.deps`
does). A pair that imports both ways ties two rooms together: neither can be read, tested or
changed alone."""

from __future__ import annotations

from collections import defaultdict

import pytest

from ucj.dag import deps

pytestmark = pytest.mark.unit  # reads the source only


def _part(module: str) -> str | None:
    """``ucj.brief.sections`` -> ``brief``; ``ucj.villages`` -> ``villages``; ``ucj`` -> None."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def import_graph() -> dict[str, frozenset[str]]:
    """Every module of the package with the package modules it imports (at any depth)."""
    return {module: deps.direct_imports(module) for module in deps.modules()}


def two_way_pairs(graph: dict[str, frozenset[str] | set[str]]) -> dict[tuple[str, str], list[str]]:
    """Every pair of first-level parts that import each other, with the imports that make it."""
    edges: dict[tuple[str, str], set[str]] = defaultdict(set)
    for module, imported_modules in graph.items():
        here = _part(module)
        for imported in imported_modules:
            there = _part(imported)
            if here and there and here != there:
                edges[(here, there)].add(f"{module} -> {imported}")
    return {(a, b): sorted(edges[(a, b)] | edges[(b, a)]) for a, b in edges if a < b and (b, a) in edges}


#: Pairs that remain, and why (none).
KNOWN_PAIRS: set[tuple[str, str]] = set()


def test_a_pair_is_found_even_through_an_import_inside_a_function() -> None:
    source = "def f():\n    from ucj.brief import context\n"
    inside_a_function = deps.imports_in_source(source, "ucj.villages")
    graph = {
        "ucj.villages": inside_a_function,
        "ucj.brief.sections": {"ucj.villages", "ucj.brief.text"},
        "ucj": {"ucj.brief"},
    }
    assert two_way_pairs(graph) == {
        ("brief", "villages"): [
            "ucj.brief.sections -> ucj.villages",
            "ucj.villages -> ucj.brief",
            "ucj.villages -> ucj.brief.context",
        ]
    }


def test_no_new_pair_of_parts_imports_each_other() -> None:
    pairs = two_way_pairs(import_graph())
    new = {pair: pairs[pair] for pair in set(pairs) - KNOWN_PAIRS}
    assert new == {}


def test_no_two_parts_of_the_package_import_each_other() -> None:
    assert two_way_pairs(import_graph()) == {}
