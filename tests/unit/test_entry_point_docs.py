"""The public entry points that take many keywords say what each one means in a numpydoc
``Parameters`` section: the names documented there are exactly the function's parameters, in the
signature's order, so the docs cannot drift from the code (a parameter added, renamed or removed
without its entry fails here). The docstring is read with numpydoc when it is installed, else with
`parameter_names` below, which reads the section the same way (``name : type`` lines at the
section's indentation, ``a, b : type`` naming two)."""

from __future__ import annotations

import inspect

import pytest

from ucj.data_currency import table
from ucj.informal.pipeline import estimate
from ucj.projection.allocation import predict
from ucj.projection.baseline import build
from ucj.projection.carry import carry_baseline
from ucj.projection.effort import inputs_for
from ucj.projection.montecarlo import build_inputs, summarise
from ucj.projection.pipeline import project_scenario
from ucj.reports.tracker_workbook import write_tracker

pytestmark = pytest.mark.unit  # reads the docstrings only

try:
    from numpydoc.docscrape import NumpyDocString
except ImportError:  # not a dependency of the project: the parser below reads the same section
    NumpyDocString = None

ENTRY_POINTS = [
    estimate,
    carry_baseline,
    build,
    write_tracker,
    summarise,
    build_inputs,
    inputs_for,
    predict,
    table,
    project_scenario,
]


def _is_underline(line: str) -> bool:
    return len(line.strip()) >= 3 and set(line.strip()) == {"-"}


def section(doc: str, title: str) -> list[str]:
    """The lines of the numpydoc section ``title`` (after its underline, up to the next section's
    title); empty when there is none."""
    lines = inspect.cleandoc(doc).splitlines()
    starts = [
        i + 2 for i in range(len(lines) - 1) if lines[i].strip() == title and _is_underline(lines[i + 1])
    ]
    if not starts:
        return []
    out = []
    for i in range(starts[0], len(lines)):
        if lines[i].strip() and i + 1 < len(lines) and _is_underline(lines[i + 1]):
            break
        out.append(lines[i])
    return out


def _names(header: str) -> list[str]:
    """``a, b : float`` -> ``["a", "b"]``; ``*args`` -> ``args``."""
    name = header.split(" : ", 1)[0] if " : " in header else header.rstrip().removesuffix(" :")
    return [part.strip().lstrip("*") for part in name.split(",") if part.strip()]


def parameter_names(doc: str) -> list[str]:
    """The names documented in the ``Parameters`` section, in order (the fallback parser)."""
    return [
        name
        for line in section(doc, "Parameters")
        if line.strip() and not line[0].isspace()
        for name in _names(line)
    ]


def documented(doc: str) -> list[str]:
    """The parameter names of ``doc``, read by numpydoc when it is installed."""
    if NumpyDocString is None:
        return parameter_names(doc)
    return [name for param in NumpyDocString(doc)["Parameters"] for name in _names(param.name)]


def _id(func) -> str:
    return f"{func.__module__.removeprefix('ucj.')}.{func.__name__}"


@pytest.mark.parametrize("func", ENTRY_POINTS, ids=_id)
def test_the_documented_parameters_are_the_signature(func) -> None:
    doc = inspect.getdoc(func) or ""
    assert documented(doc) == list(inspect.signature(func).parameters)


@pytest.mark.parametrize("func", ENTRY_POINTS, ids=_id)
def test_an_entry_point_says_what_it_returns(func) -> None:
    doc = inspect.getdoc(func) or ""
    returns = (
        list(NumpyDocString(doc)["Returns"])
        if NumpyDocString is not None
        else [line for line in section(doc, "Returns") if line.strip()]
    )
    assert returns


SAMPLE = """Do a thing.

    Not a section: a paragraph.

    Parameters
    ----------
    first : pandas.DataFrame
        The first, described
        over two lines : with a colon.
    low, high : float
        Two at once.
    *args : object
        The rest.
    flag : bool, default False

    Returns
    -------
    int
        A number.
    """


def test_the_fallback_parser_reads_the_numpydoc_section() -> None:
    assert parameter_names(SAMPLE) == ["first", "low", "high", "args", "flag"]
    assert [line.strip() for line in section(SAMPLE, "Returns") if line.strip()] == ["int", "A number."]
    assert parameter_names("One line, no sections.") == []
    if NumpyDocString is not None:
        assert documented(SAMPLE) == parameter_names(SAMPLE)
