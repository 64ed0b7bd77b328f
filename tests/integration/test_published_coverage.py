"""Published regency figures: validated, used with precedence user > published > model, the modelled
remainder adds up to the province totals, the model is chosen by cross-validation in the run, and a
modelled baseline is more uncertain than a reported one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ucj.errors import InputError, InputErrors
from ucj.projection import allocation, assumptions, baseline, montecarlo, pipeline, published

HEADER = (
    "regency_code,regency_name,ref_date,metric,segment,group,funder,value,unit,denominator_value,"
    "denominator_definition,quote,outlet,url,published_date,confidence\n"
)


@pytest.fixture(scope="module")
def shipped(master) -> pd.DataFrame:
    return published.read(master)


def _row(
    code: str,
    ref: str,
    metric: str,
    value: str,
    segment: str = "all",
    unit: str = "persons",
    group: str = "",
    funder: str = "",
    denominator: str = "",
    definition: str = "",
    quote: str | None = None,
) -> str:
    quote = quote or f"angka {value} untuk uji"
    return (
        f"{code},Test,{ref},{metric},{segment},{group},{funder},{value},{unit},{denominator},"
        f'{definition},"{quote}",Test outlet,https://example.org/{code}/{metric},2025-12-31,A\n'
    )


def _write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "published_coverage.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


# --- the shipped table -------------------------------------------------------------------------


def test_the_shipped_table_is_valid_and_covers_many_regencies_and_provinces(master, shipped) -> None:
    assert shipped["regency_code"].nunique() >= 150
    provinces = master.set_index("regency_code").loc[shipped["regency_code"].unique(), "province_code"]
    assert provinces.nunique() >= 30
    assert (shipped["quote"].str.len() <= published.QUOTE_MAX).all()


def test_the_seed_regencies_have_their_published_facts(shipped) -> None:
    def has(code: str, metric: str, value: float) -> bool:
        rows = shipped[(shipped["regency_code"] == code) & (shipped["metric"] == metric)]
        return bool(np.isclose(rows["value"], value).any())

    assert has("12.14", "rentan_count", 45900)  # Nias Selatan, Antara Sumut June 2023
    assert has("12.15", "program_enrolled", 890) and has("12.15", "program_enrolled", 4979)  # Pakpak Bharat
    assert has("12.15", "not_registered", 7157)
    assert has("13.03", "program_enrolled", 17143)  # Sijunjung, Aug 2023
    assert has("72.06", "coverage_pct", 98)  # Morowali, Sulteng Raya June 2021


# --- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "row, column",
    [
        (_row("99.99", "2023-08", "active", "100"), "regency_code"),
        (_row("13.03", "2023-13", "active", "100"), "ref_date"),
        (_row("13.03", "2023-08", "active", "-5"), "value"),
        (_row("13.03", "2023-08", "active", "banyak"), "value"),
        (_row("13.03", "2023-08", "coverage_pct", "130", unit="percent", quote="cakupan naik"), "value"),
        (_row("13.03", "2023-08", "activ", "100"), "metric"),
        (_row("13.03", "2023-08", "active", "100.5"), "value"),
        (_row("13.03", "2023-08", "active", "9000", quote="6 ribu pekerja, ditambah 3 ribu"), "value"),
    ],
)
def test_a_bad_row_is_one_located_error(master, tmp_path, row, column) -> None:
    path = _write(tmp_path, _row("13.03", "2023-08", "active", "100"), row)
    with pytest.raises((InputError, InputErrors)) as info:
        published.read(master, path)
    errors = info.value.errors if isinstance(info.value, InputErrors) else [info.value]
    assert errors and all(e.row == 3 and e.column == column for e in errors), [str(e) for e in errors]
    assert str(path) in str(info.value)


def test_a_percentage_above_100_is_accepted_when_the_quote_states_it(master, tmp_path) -> None:
    path = _write(
        tmp_path,
        _row("13.03", "2023-08", "coverage_pct", "105", unit="percent", quote="cakupan mencapai 105 persen"),
    )
    assert published.read(master, path)["value"].tolist() == [105]


def test_a_figure_dated_after_its_page_is_refused_unless_it_is_a_target(master, tmp_path) -> None:
    late = _row("13.03", "2026-12", "active", "100").replace(",2025-12-31,A", ",2025-01-10,A")
    with pytest.raises(InputErrors, match="after the page was published"):
        published.read(master, _write(tmp_path, late))
    target = _row("13.03", "2026", "target", "100", group="pekerja_rentan").replace(
        ",2025-12-31,A", ",2025-01-10,A"
    )
    assert len(published.read(master, _write(tmp_path, target))) == 1


# --- precedence and derivation ---------------------------------------------------------------------


def test_a_percentage_without_its_denominator_is_never_a_count(master, tmp_path) -> None:
    pub = published.read(
        master,
        _write(
            tmp_path,
            _row("13.03", "2023-12", "coverage_pct", "41", unit="percent", definition="potensi"),
            _row(
                "13.04",
                "2023-12",
                "coverage_pct",
                "24.62",
                unit="percent",
                denominator="161206",
                definition="penduduk_bekerja",
            ),
        ),
    )
    candidates = published.baseline_candidates(pub)
    assert candidates["regency_code"].tolist() == ["13.04"]
    assert candidates["active_count"].iloc[0] == pytest.approx(0.2462 * 161206)
    assert candidates["derivation"].iloc[0].startswith("24.62%")


def test_precedence_is_user_then_published_then_model_per_segment(master, wf, assume, tmp_path) -> None:
    pub = published.read(
        master,
        _write(
            tmp_path,
            _row("13.03", "2023-12", "active", "7000", segment="BPU"),
            _row("13.03", "2023-12", "active", "9000", segment="PU"),
        ),
    )
    reported = pd.DataFrame(
        {
            "regency_code": ["13.03"],
            "as_of": [pd.Timestamp("2024-06-30")],
            "segment": ["BPU"],
            "active_count": [5000.0],
            "nonactive_count": [pd.NA],
            "source": ["branch letter"],
        }
    )
    table = baseline.build(master, wf, assume, reported, published_figures=pub).table
    rows = table[table["regency_code"] == "13.03"].set_index("segment")
    assert rows.loc["BPU", "active_count"] == 5000 and rows.loc["BPU", "kind"] == "reported"
    assert rows.loc["PU", "active_count"] == 9000 and rows.loc["PU", "kind"] == "published"
    assert rows.loc["Jakon", "kind"] == "modelled" and bool(rows.loc["Jakon", "is_modelled"])
    segments = rows.loc[["PU", "BPU", "Jakon"], "active_count"]
    assert rows.loc["all", "active_count"] == pytest.approx(segments.sum())


def test_known_figures_plus_the_modelled_remainder_add_up_to_the_province_totals(
    master, wf, assume, tmp_path
) -> None:
    """Figures of the province totals' date basis are kept and the model shares out only the rest."""
    pub = published.read(
        master,
        _write(
            tmp_path,
            _row("13.03", "2023-12", "active", "30000"),
            _row("13.71", "2023-11", "active", "150000"),
            _row("13.05", "2024-01", "active", "4000", segment="BPU"),
        ),
    )
    result = baseline.build(master, wf, assume, published_figures=pub)
    table = result.table.merge(master[["regency_code", "bps_province_code_2020"]])
    totals, _ = baseline.province_segment_totals(
        master,
        baseline.workforce_at(wf, 2023),
        baseline.read_province_totals(),
        baseline.national_segment_totals(assume),
    )
    assert result.capped.empty
    for seg in baseline.MODELLED_SEGMENTS:
        got = table[table["segment"] == seg].groupby("bps_province_code_2020")["active_count"].sum()
        np.testing.assert_allclose(got[totals.index], totals[seg], rtol=1e-9)
    allrows = table[table["segment"] == "all"].set_index("regency_code")
    assert allrows.loc["13.03", "active_count"] == pytest.approx(30000)
    assert allrows.loc["13.71", "active_count"] == pytest.approx(150000)
    assert table.set_index(["regency_code", "segment"]).loc[("13.05", "BPU"), "active_count"] == 4000


def test_known_figures_above_the_province_total_cap_the_remainder_at_zero_and_flag_it(
    master, wf, assume, tmp_path
) -> None:
    pub = published.read(
        master, _write(tmp_path, _row("13.03", "2023-12", "active", "9000000", segment="BPU"))
    )
    result = baseline.build(master, wf, assume, published_figures=pub)
    assert bool(result.capped.loc["13", "BPU"])
    table = result.table
    rest = table[
        (table["segment"] == "BPU")
        & table["regency_code"].str.startswith("13.")
        & (table["regency_code"] != "13.03")
    ]
    assert (rest["active_count"] == 0).all()


def test_a_programme_figure_is_a_lower_bound_of_bpu_not_the_whole_figure(
    master, wf, assume, tmp_path
) -> None:
    small = published.read(
        master,
        _write(
            tmp_path,
            _row(
                "13.03",
                "2023-12",
                "program_enrolled",
                "10",
                segment="BPU",
                group="pekerja_rentan",
                funder="APBD",
            ),
        ),
    )
    big = published.read(
        master,
        _write(
            tmp_path,
            _row(
                "13.03",
                "2023-12",
                "program_enrolled",
                "60000",
                segment="BPU",
                group="pekerja_rentan",
                funder="APBD",
            ),
        ),
    )
    low = baseline.build(master, wf, assume, published_figures=small).table.set_index(
        ["regency_code", "segment"]
    )
    high = baseline.build(master, wf, assume, published_figures=big).table.set_index(
        ["regency_code", "segment"]
    )
    assert low.loc[("13.03", "BPU"), "kind"] == "modelled" and low.loc[("13.03", "BPU"), "active_count"] > 10
    assert (
        high.loc[("13.03", "BPU"), "kind"] == "floor" and high.loc[("13.03", "BPU"), "active_count"] == 60000
    )


# --- the model is chosen by cross-validation ---------------------------------------------------------


def test_the_cv_table_is_computed_in_the_run_and_the_chosen_model_has_the_lowest_error(
    master, wf, assume, shipped
) -> None:
    result = baseline.build(master, wf, assume, published_figures=shipped)
    cv = result.cv.table
    assert set(cv["candidate"]) == set(allocation.CANDIDATES)
    assert cv["n_figures"].nunique() == 1 and int(cv["n_figures"].iloc[0]) >= 30
    chosen = cv[cv["is_chosen"]]
    assert len(chosen) == 1 and chosen["median_abs_pct_error"].iloc[0] == cv["median_abs_pct_error"].min()
    assert result.cv.log_sd > 0
    shuffled = shipped.copy()  # other published figures give other errors: nothing is typed
    shuffled.loc[shuffled["metric"] == "active", "value"] *= 1.7
    assert (
        not baseline.build(master, wf, assume, published_figures=shuffled)
        .cv.table["median_abs_pct_error"]
        .equals(cv["median_abs_pct_error"])
    )


def test_the_cv_folds_predict_what_fit_and_predict_give_for_each_held_out_province(
    master, wf, assume, shipped
) -> None:
    """The folds run on arrays for speed: every held-out prediction equals the one `fit` and
    `predict` (the allocation the baseline uses) give without that province."""
    wf_base = baseline.workforce_at(wf, 2023)
    totals, _ = baseline.province_segment_totals(
        master, wf_base, baseline.read_province_totals(), baseline.national_segment_totals(assume)
    )
    truth = baseline._time_adjusted_truth(published.baseline_candidates(shipped), wf_base, assume)
    cv = allocation.cross_validate(master, wf_base, totals, truth)
    cov = allocation.covariates(master, wf_base)
    rule_fit = allocation.fit("rule", cov, truth.iloc[:0], pd.Series(dtype=float))
    rule_total = allocation.predict("rule", rule_fit, master, wf_base, totals, cov)[0].sum(axis=1)
    province_of = master.set_index("regency_code")["bps_province_code_2020"]
    held_out = sorted(set(truth["regency_code"].map(province_of)))[:3]
    for name in allocation.CANDIDATES:
        for province in held_out:
            train = truth[truth["regency_code"].map(province_of) != province]
            fitted = allocation.fit(name, cov, train, rule_total)
            alloc, _ = allocation.predict(name, fitted, master, wf_base, totals, cov)
            predictions = cv.predictions
            got = predictions[(predictions["candidate"] == name) & (predictions["province"] == province)]
            np.testing.assert_allclose(
                got["predicted"].to_numpy(),
                alloc.sum(axis=1).reindex(got["regency_code"]).to_numpy(),
                rtol=1e-9,
            )


def test_a_modelled_baseline_gives_a_wider_band_than_the_same_regency_with_a_user_figure(
    master, wf, assume
) -> None:
    settings = assumptions.read_settings(n_draws=400)
    code = "13.03"
    modelled = baseline.build(master, wf, assume).table
    bpu = float(modelled.set_index(["regency_code", "segment"]).loc[(code, "BPU"), "active_count"])
    reported = pd.DataFrame(
        {
            "regency_code": [code],
            "as_of": [pd.Timestamp("2023-12-31")],
            "segment": ["BPU"],
            "active_count": [bpu],
            "nonactive_count": [pd.NA],
            "source": ["branch"],
        }
    )
    given = baseline.build(master, wf, assume, reported).table
    widths = []
    for table in (modelled, given):
        inputs = montecarlo.build_inputs(master, wf, table, settings, assume).subset([code])
        draws = montecarlo.make_draws(len(master), assume, settings.n_draws, settings.seed)
        sim = montecarlo.simulate(inputs, [], assume, draws, settings.threshold)
        first = sim.active[int(inputs.start_index[0])]
        widths.append(float(np.quantile(first, 0.95) - np.quantile(first, 0.05)))
    assert widths[0] > 2 * widths[1]


def test_monitoring_history_keeps_every_dated_figure(master, tmp_path) -> None:
    pub = published.read(
        master,
        _write(
            tmp_path,
            _row(
                "13.03",
                "2022-03",
                "program_enrolled",
                "1333",
                segment="BPU",
                group="pekerja_rentan",
                funder="APBD",
            ),
            _row(
                "13.03",
                "2025-07",
                "program_enrolled",
                "16590",
                segment="BPU",
                group="pekerja_rentan",
                funder="APBD",
            ),
        ),
    )
    history = published.history(pub)
    assert history["value"].tolist() == [1333, 16590] and history["as_of"].is_monotonic_increasing
    from ucj.brief.sections import monitoring_lines

    (line,) = monitoring_lines(history, "en")
    assert "1,333" in line and "16,590" in line and "a year" in line


def test_the_pipeline_writes_the_cv_table_and_the_history(processed_dir) -> None:
    cv = pd.read_parquet(processed_dir / pipeline.CV_FILE)
    history = pd.read_parquet(processed_dir / pipeline.HISTORY_FILE)
    assert cv["is_chosen"].sum() == 1 and len(history) > 100
    base = pd.read_parquet(processed_dir / "coverage_baseline.parquet")
    kinds = set(base.loc[base["segment"] == "all", "kind"])
    assert {"published", "modelled"} <= kinds


@pytest.mark.parametrize(
    "value, quote, found",
    [
        (17143, "sebanyak 17.143 pekerja rentan", True),
        (17100, "sekitar 17,1 ribu pekerja", True),
        (41.3, "cakupan 41,3 persen", True),
        (9000, "sembilan ribu pekerja telah terdaftar", True),
        (1000, "seribu pekerja mandiri", True),
        (3, "terendah tiga persen", True),
        (1_500_000, "1,5 juta peserta", True),
        (9000, "6 ribu pekerja, ditambah 3 ribu", False),  # a sum is computed, not copied
        (17143, "sebanyak 17.134 pekerja", False),
    ],
)
def test_a_value_is_found_in_its_quote_in_any_written_form(value, quote, found) -> None:
    from ucj.quotes import appears_in

    assert appears_in(value, quote) is found


def test_a_figure_about_part_of_the_workforce_never_becomes_a_baseline(master, shipped) -> None:
    scoped = shipped[shipped["scope"] != "all_workers"]
    assert (
        len(scoped[scoped["metric"].isin(["active", "coverage_pct", "registered"])]) >= 8
    )  # re-scoped non-ASN rows
    candidates = published.baseline_candidates(shipped)
    keys = set(
        zip(candidates["regency_code"], candidates["as_of"], candidates["active_count"].round(), strict=True)
    )
    for row in scoped[scoped["metric"] == "active"].itertuples():
        assert (row.regency_code, row.as_of, round(float(row.value))) not in keys
    reasons = published.cv_use(shipped).set_index("reason")["figures"]
    assert reasons.get("about part of the workforce (scope): never a coverage", 0) == len(scoped)
    # the non-ASN coverage of the Maluku regencies (2022) is not the regencies' PU coverage
    maluku = shipped[(shipped["regency_code"] == "81.72") & (shipped["metric"] == "coverage_pct")]
    assert (maluku.loc[maluku["segment"] == "PU", "scope"] == "non_asn").all()


def test_the_modelled_band_is_checked_on_the_held_out_published_counts(master, wf, assume) -> None:
    import numpy as np

    from ucj.projection import baseline

    result = baseline.build(master, wf, assume, published_figures=published.read(master))
    cv = result.cv
    chosen = cv.table.set_index("candidate").loc[cv.chosen]
    res = np.log(
        cv.predictions.query("candidate == @cv.chosen")["count_2023"]
        / cv.predictions.query("candidate == @cv.chosen")["predicted"]
    )
    expected = float(np.mean(np.abs(res) <= 1.6448536269514722 * cv.log_sd))
    assert chosen["inside_90_band_held_out"] == pytest.approx(expected)
    assert 0.8 <= chosen["inside_90_band_held_out"] <= 1.0
