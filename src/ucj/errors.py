"""Errors raised at the input boundary: each names the file, the row and the column."""

from __future__ import annotations

from pathlib import Path


class InputError(ValueError):
    """A problem with an input file, located as precisely as possible.

    ``row`` is the 1-based line number in the file as a user sees it in an
    editor (the header is line 1, the first data row line 2); ``None`` when the
    problem concerns the whole file or a whole column.
    """

    def __init__(
        self,
        path: Path | str,
        message: str,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        self.path = Path(path)
        self.row = row
        self.column = column
        self.value = value
        where = [str(self.path)]
        if row is not None:
            where.append(f"line {row}")
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
