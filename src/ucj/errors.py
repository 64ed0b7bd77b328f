"""Errors raised at the input boundary: each names the file, the row and the column (`InputError`),
or the code asked for and the codes it may have meant (`UnknownCodeError`)."""

from __future__ import annotations

import datetime
from pathlib import Path


def plain(value: object) -> object:
    """A numpy scalar as the Python number, string or bool it holds (``.item()``), a date or time
    (numpy, pandas, an Excel cell) as its text; anything else as it is. Its repr in a message is then
    what a user typed (``12.5``, ``'2030-01-01'``), not ``np.float64(12.5)`` or ``datetime.datetime(...)``."""
    if isinstance(value, datetime.datetime):  # pandas' Timestamp too (and NaT, which has no time)
        if value != value:
            return str(value)
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    dtype = getattr(value, "dtype", None)
    if dtype is None or type(value).__module__ != "numpy" or getattr(value, "ndim", None) != 0:
        return value
    return str(value) if dtype.kind in "mM" else value.item()


class InputError(ValueError):
    """A problem with an input file, located as precisely as possible.

    ``row`` is the 1-based line number in the file as a user sees it in an
    editor (the header is line 1, the first data row line 2); ``None`` when the
    problem concerns the whole file or a whole column. In a workbook, ``sheet`` names
    the sheet and ``row`` is the row number Excel shows. A numpy ``value`` (a cell read
    by pandas) is kept as the Python value it holds, so the message says ``(got 12.5)``,
    not ``(got np.float64(12.5))``.
    """

    def __init__(
        self,
        path: Path | str,
        message: str,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        sheet: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.sheet = sheet
        self.row = row
        self.column = column
        self.value = value = plain(value)
        where = [str(self.path)]
        if sheet is not None:
            where.append(f"sheet '{sheet}'")
        if row is not None:
            where.append(f"{'row' if sheet is not None else 'line'} {row}")
        if column is not None:
            where.append(f"column '{column}'")
        text = ", ".join(where) + f": {message}"
        if value is not None:
            text += f" (got {value!r})"
        super().__init__(text)


class InputErrors(ValueError):
    """Several input problems found at once, reported together."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = errors
        lines = [f"{len(errors)} problem(s) in the input:"] + [f"  - {e}" for e in errors[:50]]
        if len(errors) > 50:
            lines.append(f"  ... and {len(errors) - 50} more")
        super().__init__("\n".join(lines))


class UnknownCodeError(KeyError):
    """A regency or province code asked for (a brief, a summary) that is not a Kemendagri 2025 code.

    The message names the code, what a code looks like, how many there are, and the close matches
    (by name or by spelling) given as ``hints``.
    """

    def __init__(
        self,
        kind: str,
        code: str,
        expected: str,
        count: int,
        hints: list[str] | None = None,
        note: str = "",
    ) -> None:
        self.kind = kind
        self.code = code
        self.hints = list(hints or [])
        hint = f"; did you mean: {', '.join(self.hints)}" if self.hints else ""
        super().__init__(
            f"unknown {kind} code {code!r}: expected {expected} "
            f"(one of {count} in data/processed/regencies.parquet){hint}{'; ' + note if note else ''}"
        )

    def __str__(self) -> str:  # KeyError quotes its message; show it plainly
        return str(self.args[0])

    def _render_traceback_(self) -> list[str]:
        """IPython (a notebook run by papermill or in Lab) shows this one line instead of a traceback."""
        return [f"{type(self).__name__}: {self}"]
