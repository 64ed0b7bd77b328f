"""Analysis notebooks show their matplotlib figures through one helper, `ucj.figures.show`."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt  # the tests run with MPLBACKEND=Agg (conftest)
import pytest

from ucj import figures, paths

pytestmark = pytest.mark.unit  # needs no processed data


def _shown(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    import IPython.display

    shown: list[bytes] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj.data))
    return shown


def _figure() -> plt.Figure:
    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [1, 0])
    return fig


def test_a_figure_is_shown_as_the_same_png_and_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = _shown(monkeypatch)
    first, second = _figure(), _figure()
    figures.show(first)
    figures.show(second)
    assert len(shown) == 2 and shown[0].startswith(b"\x89PNG\r\n\x1a\n")
    assert shown[0] == shown[1]  # no software stamp or date: equal runs, equal notebooks
    assert not plt.fignum_exists(first.number) and not plt.fignum_exists(second.number)


def test_a_laid_out_figure_is_saved_at_its_size_and_the_rest_cropped(monkeypatch: pytest.MonkeyPatch) -> None:
    """``laid_out`` skips the crop (one drawing pass): the PNG is the figure's own size; without it
    the crop trims the margins (and would take in text reaching past the figure)."""
    shown = _shown(monkeypatch)
    laid_out, cropped = _figure(), _figure()
    laid_out.tight_layout()
    cropped.subplots_adjust(left=0.35, right=0.65)  # blank margins the crop must trim, whatever the font
    figures.show(laid_out, dpi=100, laid_out=True)
    figures.show(cropped, dpi=100)
    width = [int.from_bytes(png[16:20], "big") for png in shown]  # IHDR: the width comes first
    assert width[0] == 200  # 2 inches at 100 dpi
    assert width[1] < 150


def test_show_is_defined_once_and_the_notebooks_call_that_one() -> None:
    defined = [
        path.relative_to(paths.PACKAGE_DIR).as_posix()
        for path in sorted(paths.PACKAGE_DIR.rglob("*.py"))
        if re.search(r"^def show\(", path.read_text(encoding="utf-8"), re.M)
    ]
    assert defined == ["figures.py"]
    for name in ("01_informal_workforce", "02_coverage_projection"):
        code = (paths.NOTEBOOKS_DIR / f"{name}.py").read_text(encoding="utf-8")
        calls = re.findall(r"(\w+)\.show\(fig[,)]", code)
        assert calls and set(calls) == {"figures"}, name


#: Draws one chart (a brief-styled SVG with a log axis and a PNG) and prints both as hex: run in a
#: fresh process, with or without the warm-up first.
_DRAW = """
import io, sys
import matplotlib.pyplot as plt
from ucj import figures
from ucj.brief import charts
from ucj.brief.display import figure_svg
if sys.argv[1] == "warm":
    figures.warm_up()
charts.apply_style()
fig, ax = plt.subplots(figsize=(3, 2))
ax.loglog([3, 30, 300], [5, 50, 900], "s-", label="kabupaten")
ax.set_title("Cakupan 2030")
ax.legend()
png = io.BytesIO()
fig.savefig(png, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
print(figure_svg(fig).encode().hex())
print(png.getvalue().hex())
"""


def test_the_warm_up_changes_no_later_figure_and_no_setting() -> None:
    """A report kernel draws a throw-away figure before its first report: what the reports then
    draw is the same bytes as in a process that never warmed up, and matplotlib's settings are
    as they were."""
    import subprocess
    import sys

    import matplotlib as mpl

    drawn = {
        mode: subprocess.run(
            [sys.executable, "-c", _DRAW, mode], capture_output=True, text=True, check=True
        ).stdout.split()
        for mode in ("cold", "warm")
    }
    assert len(drawn["cold"]) == 2 and drawn["cold"] == drawn["warm"]
    before, open_before = dict(mpl.rcParams), plt.get_fignums()
    figures.warm_up()
    assert dict(mpl.rcParams) == before
    assert plt.get_fignums() == open_before  # its own figure is closed
