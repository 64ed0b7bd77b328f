"""The "data as of" table (national summary, every brief's data notes) gives each input's newest date
as the data say it, never a year written in code: checked against the tables and raw files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ucj import data_currency, master
from ucj.informal import population


def test_every_input_is_dated_by_its_own_data(processed_dir: Path) -> None:
    table = pd.read_parquet(processed_dir / "data_as_of.parquet").set_index("item")
    workforce = pd.read_parquet(processed_dir / "informal_workforce.parquet")
    expected_items = {
        "informal_estimate",
        "regency_rates",
        "participants_baseline",
        "population",
        "ipm",
        "poverty",
    }
    assert expected_items <= set(table.index)
    assert table.loc["informal_estimate", "as_of"].year == workforce["year"].max()
    assert table.loc["population", "as_of"].year == population.load_bps_population_year()
    assert table.loc["ipm", "as_of"].year == master.load_ipm()["year"].max()
    assert table.loc["poverty", "as_of"].year == master.load_poverty_rounds()["year"].max()
    assert table["label_id"].str.len().gt(0).all() and table["label_en"].str.len().gt(0).all()


def test_a_newer_round_moves_the_estimate_date() -> None:
    workforce = pd.DataFrame({"year": [2030, 2031], "tpt_source_year": [2030, 2031]})
    history = pd.DataFrame({"as_of": pd.to_datetime(["2031-01-31"]), "source_kind": ["published"]})
    fiscal = pd.DataFrame({"apbd_year": [2031]})
    table = data_currency.table(workforce, None, history, None, fiscal, "2031-12-31", "2031-12-31").set_index(
        "item"
    )
    assert table.loc["informal_estimate", "as_of"] == pd.Timestamp("2031-08-31")
    assert table.loc["apbd", "as_of"].year == 2031
