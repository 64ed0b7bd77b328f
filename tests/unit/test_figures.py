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


def test_show_is_defined_once_and_the_notebooks_call_that_one() -> None:
    defined = [
        path.relative_to(paths.PACKAGE_DIR).as_posix()
        for path in sorted(paths.PACKAGE_DIR.rglob("*.py"))
        if re.search(r"^def show\(", path.read_text(encoding="utf-8"), re.M)
    ]
    assert defined == ["figures.py"]
    for name in ("01_informal_workforce", "02_coverage_projection"):
        code = (paths.NOTEBOOKS_DIR / f"{name}.py").read_text(encoding="utf-8")
        calls = re.findall(r"(\w+)\.show\(fig\)", code)
        assert calls and set(calls) == {"figures"}, name
