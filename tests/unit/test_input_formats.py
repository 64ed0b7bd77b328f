"""Every class of bad input is one clear line naming file, line and column; what Excel writes is read
as is."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest
from pandera.pandas import Check, Column

from ucj.errors import InputError, InputErrors
from ucj.loaders import read_csv
from ucj.projection import assumptions, scenarios

pytestmark = pytest.mark.unit  # needs no processed data

SCHEMA = pa.DataFrameSchema(
    {
        "regency_code": Column(str, Check.str_matches(r"^\d{2}\.\d{2}$")),
        "active": Column("int64", Check.ge(0), coerce=True),
        "share": Column("float64", coerce=True),
    },
    strict=False,
    name="test",
)
GOOD = "regency_code,active,share\n12.14,1500,0.25\n13.03,2000,0.5\n"


def _errors(call) -> list[InputError]:
    with pytest.raises((InputError, InputErrors)) as info:
        call()
    return info.value.errors if isinstance(info.value, InputErrors) else [info.value]


@pytest.mark.parametrize(
    "encoding, text",
    [
        ("utf-8-sig", GOOD),  # Excel's "CSV UTF-8" starts with a byte-order mark
        ("utf-8", GOOD.replace("\n", "\r\n")),  # Windows line endings
        (
            "utf-8",
            "regency_code;active;share\n12.14;1.500;0,25\n13.03;2.000;0,5\n",
        ),  # Excel, Indonesian locale
    ],
)
def test_what_excel_writes_is_read_as_it_is(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(text.encode(encoding))
    df = read_csv(path, SCHEMA)
    assert df["regency_code"].tolist() == ["12.14", "13.03"]
    assert df["active"].tolist() == [1500, 2000] and df["share"].tolist() == [0.25, 0.5]


def test_a_non_utf8_byte_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(GOOD.encode() + "14.01,5,0.1\n15.01,6,0.2 caf\xe9\n".encode("cp1252"))
    (error,) = _errors(lambda: read_csv(path, SCHEMA))
    assert error.row == 5 and "UTF-8" in str(error)


@pytest.mark.parametrize("text, row", [("", 1), ("regency_code,active,share\n", 2)])
def test_an_empty_or_header_only_file_is_refused_with_its_line(tmp_path: Path, text: str, row: int) -> None:
    path = tmp_path / "f.csv"
    path.write_text(text)
    (error,) = _errors(lambda: read_csv(path, SCHEMA))
    assert error.row == row


def test_a_non_numeric_count_says_so_once(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(GOOD + "14.01,banyak,0.1\n")
    (error,) = _errors(lambda: read_csv(path, SCHEMA))
    assert (error.row, error.column) == (4, "active") and "not a number" in str(error)


def test_a_duplicated_row_is_one_error(tmp_path: Path) -> None:
    schema = pa.DataFrameSchema(SCHEMA.columns, unique=["regency_code", "active"], strict=False, name="test")
    path = tmp_path / "f.csv"
    path.write_text(GOOD + "13.03,2000,0.5\n")
    errors = _errors(lambda: read_csv(path, schema))
    assert len({e.row for e in errors}) == len(errors) and {e.row for e in errors} <= {3, 4}


@pytest.mark.parametrize("value, message", [("95%", "must be a number"), ("95", "out of range")])
def test_a_threshold_written_as_a_percentage_names_its_line(tmp_path: Path, value: str, message: str) -> None:
    path = tmp_path / "projection.yml"
    path.write_text(f"base_year: 2023\nhorizon_year: 2045\nthreshold: {value}\n")
    (error,) = _errors(lambda: assumptions.read_settings(path))
    assert (error.row, error.column) == (3, "threshold") and message in str(error) and "0.95" in str(error)


def test_an_unclosed_quote_in_the_scenarios_is_reported_where_it_starts(tmp_path: Path) -> None:
    path = tmp_path / "scenarios.yml"
    path.write_text(
        'version: 1\nscenarios:\n  - id: a\n    label: "Status quo\n    levers: []\n'
        '  - id: b\n    label: "B"\n    levers: []\n'
    )
    (error,) = _errors(lambda: scenarios.load_scenarios(path, {"jkk_jkm"}))
    assert error.row == 4 and "not closed" in str(error)


def test_a_future_reported_date_and_an_impossible_potential_are_refused(tmp_path: Path) -> None:
    from ucj.projection import baseline

    master = pd.DataFrame({"regency_code": ["12.14"], "population_count": [360_000]})
    future = tmp_path / "reported_coverage.csv"
    future.write_text("regency_code,date,segment,active,source\n12.14,2031-12-31,BPU,100,test\n")
    workforce = pd.DataFrame({"regency_code": ["12.14"], "year": [2024], "employed_count": [200_000.0]})
    (error,) = _errors(lambda: baseline.read_reported_all(master, workforce, future))
    assert (error.row, error.column) == (2, "date") and "future" in str(error)
    potential = tmp_path / "coverage_potential.csv"
    potential.write_text("regency_code,potential,source\n12.14,999999999,test\n")
    (error,) = _errors(lambda: baseline.read_potential(master, potential))
    assert (error.row, error.column) == (2, "potential") and "population" in str(error)


def test_a_settings_file_is_parsed_once_per_text_and_never_shared(tmp_path: Path) -> None:
    """`config.read_mapping` parses a YAML text once (kernels read the same settings for every
    report) but hands out its own copy every time, and an edited file is read as edited."""
    from ucj import config

    path = tmp_path / "settings.yml"
    path.write_text("quota:\n  default: 100\nname: a\n")
    first, lines = config.read_mapping(path)
    first["quota"]["default"] = 5  # a caller changing its copy
    again, _ = config.read_mapping(path)
    assert again == {"quota": {"default": 100}, "name": "a"} and lines == {"quota": 1, "name": 3}
    path.write_text("quota:\n  default: 50\n")
    assert config.read_mapping(path)[0] == {"quota": {"default": 50}}
    path.write_text("quota: [1,\n")
    with pytest.raises(InputError):
        config.read_mapping(path)
