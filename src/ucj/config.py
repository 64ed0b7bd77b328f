"""Reading the YAML configuration files (``config/*.yml``) with errors that name the line.

Every problem is an `InputError` with the file and the line of the key (as an
editor numbers it): invalid YAML is reported where the broken construct starts
(an unclosed quote on its own line, not where the scanner gave up), and a value
of the wrong kind says what is expected (``threshold: 95%`` -> "a number between
0 and 1, e.g. 0.95").
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import yaml

from ucj.errors import InputError


def _unclosed_quote_line(text: str, last_line: int) -> int | None:
    """The first line (1-based, up to ``last_line``) with an odd number of double quotes outside a
    comment: where an unclosed quoted string starts (the parser notices it lines later)."""
    for number, line in enumerate(text.splitlines()[:last_line], start=1):
        code = line.split(" #", 1)[0] if not line.lstrip().startswith("#") else ""
        if (code.count('"') - code.count('\\"')) % 2:
            return number
    return None


def yaml_error(path: Path, exc: yaml.YAMLError, text: str | None = None) -> InputError:
    """One located error for a YAML syntax problem: the line where the broken construct starts."""
    context = getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem_mark", None)
    mark = problem or context
    what = " ".join(part for part in (getattr(exc, "context", None), getattr(exc, "problem", None)) if part)
    row = mark.line + 1 if mark else None
    if text is not None and row is not None:
        quote = _unclosed_quote_line(text, row)
        if quote is not None:
            return InputError(
                path, 'not valid YAML: a quoted text is not closed (" missing at the end)', row=quote
            )
    return InputError(path, f"not valid YAML: {what or exc}", row=row)


def key_lines(text: str) -> dict[str, int]:
    """Line (1-based) of each top-level key of a YAML mapping."""
    node = yaml.compose(text)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


def read_mapping(path: Path) -> tuple[dict, dict[str, int]]:
    """A YAML file's top-level mapping and the line of each key ({} when the file is absent)."""
    if not path.is_file():
        return {}, {}
    text = path.read_text(encoding="utf-8")
    values, lines = _parse_mapping(str(path), text)
    return copy.deepcopy(values), dict(lines)


@functools.lru_cache(maxsize=32)
def _parse_mapping(path: str, text: str) -> tuple[dict, dict[str, int]]:
    """`read_mapping` of a file's text, parsed once per text (a kernel reads the same settings for
    every report it builds)."""
    try:
        values = yaml.safe_load(text) or {}
        lines = key_lines(text)
    except yaml.YAMLError as exc:
        raise yaml_error(Path(path), exc, text) from None
    if not isinstance(values, dict):
        raise InputError(Path(path), "must be a mapping of setting: value", row=1)
    return values, lines


def number(
    path: Path,
    lines: dict[str, int],
    key: str,
    value: object,
    lo: float | None = None,
    hi: float | None = None,
    integer: bool = False,
    example: str = "",
) -> float:
    """``value`` as a number within [lo, hi]; otherwise one clear, located error."""
    kind = "a whole number" if integer else "a number"
    bounds = (
        f" between {lo:g} and {hi:g}"
        if lo is not None and hi is not None
        else f" of at least {lo:g}"
        if lo is not None
        else f" of at most {hi:g}"
        if hi is not None
        else ""
    )
    hint = f"{kind}{bounds}" + (f", e.g. {example}" if example else "")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and float(value) % 1):
        raise InputError(path, f"must be {hint}", row=lines.get(key), column=key, value=value)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise InputError(path, f"out of range: must be {hint}", row=lines.get(key), column=key, value=value)
    return int(value) if integer else float(value)
