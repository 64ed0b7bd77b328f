"""The words that say what coverage is follow the run's denominator (``config/projection.yml``
``denominator``: informal, employed or potential): a brief or summary of a run on all participants ÷
employed persons never says "÷ informal workers" about its projection."""

from __future__ import annotations

import pandas as pd
import pytest

from ucj.brief import context
from ucj.brief import sections as brief_sections
from ucj.brief.text import DENOMINATOR_WORDS, denominator_words
from ucj.brief.text import t as brief_t
from ucj.summary import data as summary_data
from ucj.summary import sections as summary_sections
from ucj.summary.text import t as summary_t

INFORMAL_WORDS = (
    "÷ informal workers",
    "of informal workers",
    "informal-worker coverage",
    "active BPU members",
)


def test_the_informal_wording_is_the_one_the_reports_had() -> None:
    """A run on the default denominator prints exactly what it printed before the words were shared."""
    en, id_ = denominator_words("informal", "en"), denominator_words("informal", "id")
    assert (
        brief_t("projection_title", "en", horizon=2045, **en) == "Projected informal-worker coverage to 2045"
    )
    assert (
        brief_t("projection_title", "id", horizon=2045, **id_)
        == "Proyeksi cakupan pekerja informal hingga 2045"
    )
    assert "Coverage = active BPU members ÷ informal workers." in brief_t(
        "projection_intro", "en", threshold="95%", **en
    )
    assert "Cakupan = peserta BPU aktif ÷ pekerja informal." in brief_t(
        "projection_intro", "id", threshold="95%", **id_
    )
    assert "coverage here is of informal workers, so" in brief_t("caveat_denominator", "en", **en)
    assert "dihitung terhadap pekerja informal, sehingga" in brief_t("caveat_denominator", "id", **id_)
    assert summary_t("uc_intro", "en", threshold="95%", horizon=2045, **en).startswith(
        "Universal coverage = 95% of informal workers are active BPU members (UHC convention)."
    )
    assert summary_t("uc_intro", "id", threshold="95%", horizon=2045, **id_).startswith(
        "Cakupan semesta = 95% pekerja informal menjadi peserta BPU aktif (konvensi UHC)."
    )


@pytest.mark.parametrize("denominator", ["employed", "potential"])
def test_other_denominators_have_their_own_words_in_both_languages(denominator: str) -> None:
    assert set(DENOMINATOR_WORDS[denominator]) == set(DENOMINATOR_WORDS["informal"])
    for lang in ("en", "id"):
        words = denominator_words(denominator, lang)
        filled = [
            brief_t("projection_title", lang, horizon=2045, **words),
            brief_t("projection_intro", lang, threshold="95%", **words),
            brief_t("caveat_denominator", lang, **words),
            summary_t("uc_intro", lang, threshold="95%", horizon=2045, **words),
        ]
        for text in filled:
            assert "informal" not in text and "BPU" not in text, text
        assert words["indicator"] in filled[1] and words["workers"] in filled[2]


def _as_run_on(ctx, denominator: str):
    """``ctx`` as if the run's setting had been ``denominator`` (the tables record it on every row)."""
    ctx.tables = {
        **ctx.tables,
        **{
            name: ctx.tables[name].assign(denominator=denominator)
            for name in ("projections", "universal_coverage_year")
        },
    }
    return ctx


def _shown(monkeypatch: pytest.MonkeyPatch, module) -> list[str]:
    """Everything a sections module displays as text (Markdown, headings, tables), collected."""
    shown: list[str] = []
    monkeypatch.setattr(module, "show_markdown", lambda text: shown.append(str(text)))
    monkeypatch.setattr(module, "show_figure", lambda fig, *a, **k: None)
    monkeypatch.setattr(module, "show_table", lambda df, *a, **k: shown.append(df.to_string()))
    monkeypatch.setattr(module, "display", lambda obj: shown.append(getattr(obj, "markdown", str(obj))))
    return shown


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_brief_of_a_run_on_employed_persons_says_so(
    processed_dir, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    drawn = []
    original = brief_sections.charts.fan_small_multiples

    def spy(*args, **kwargs):
        drawn.append(kwargs.get("observed"))
        return original(*args, **kwargs)

    monkeypatch.setattr(brief_sections.charts, "fan_small_multiples", spy)
    shown = _shown(monkeypatch, brief_sections)
    ctx = context.load("31.71", lang)
    brief_sections.caveats(ctx)
    brief_sections.projection(ctx)
    informal_text, informal_observed = "\n".join(shown), drawn[-1]
    shown.clear()
    ctx = _as_run_on(context.load("31.71", lang), "employed")
    assert brief_sections.denominator(ctx) == "employed"
    brief_sections.caveats(ctx)
    brief_sections.projection(ctx)
    employed_text = "\n".join(shown)
    words = denominator_words("employed", lang)
    assert words["indicator"] in employed_text and f"{words['coverage']} " in employed_text
    assert words["workers"] in employed_text  # the caveat
    informal = denominator_words("informal", lang)
    for phrase in (informal["indicator"], informal["coverage"]):
        assert phrase in informal_text and phrase not in employed_text
    assert informal_observed and not drawn[-1]  # BPU ÷ informal points are not drawn on other charts


def test_a_summary_of_a_run_on_the_potential_says_so(processed_dir, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = _shown(monkeypatch, summary_sections)
    monkeypatch.setattr(summary_sections, "show_heading", lambda title, intro="", **k: shown.append(intro))
    ctx = summary_data.load("12", "en")
    ctx.uc = ctx.uc.assign(denominator="potential")
    ctx.projections = ctx.projections.assign(denominator="potential")
    summary_sections.caveats(ctx)
    summary_sections.uc_years(ctx)
    text = "\n".join(shown)
    words = denominator_words("potential", "en")
    assert f"coverage here is of {words['workers']}" in text
    assert f"95% of {words['workers']} are {words['members']}" in text
    assert not any(phrase in text for phrase in ("coverage here is of informal", "of informal workers are"))


def test_without_projection_tables_the_setting_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from ucj.projection import assumptions

    assert context.run_denominator(None, pd.DataFrame()) == assumptions.read_settings().denominator
    assert context.run_denominator(None, pd.DataFrame({"denominator": ["potential"]})) == "potential"
