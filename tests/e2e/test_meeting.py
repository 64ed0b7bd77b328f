"""The meeting view (several regencies side by side in one PDF) and how a regency code is read."""

from __future__ import annotations

import pandas as pd
import pytest
from pypdf import PdfReader

from ucj import catalog, cli
from ucj.brief import context, meeting
from ucj.errors import UnknownCodeError
from ucj.reports import run

SEED = ["12.77", "12.03", "12.20"]  # the Padangsidimpuan monev meeting: the city and two neighbours


def test_codes_are_parsed_in_order_without_duplicates() -> None:
    assert meeting.parse_codes(" 12.77,12.03, 12.20,12.03,") == SEED


def test_each_column_shows_the_figures_of_its_own_regency(processed_dir) -> None:
    master = catalog.read(catalog.REGENCIES).set_index("regency_code")
    for code in SEED:
        ctx = context.load(code)
        col = meeting.column(ctx, meeting.pd.Timestamp("2023-01-01"))
        base = ctx.table("coverage_baseline").set_index("segment")
        assert col[meeting._t("row_coverage", "id")].startswith(
            f"{100 * base.loc['BPU', 'coverage_of_informal']:.1f}".replace(".", ",")
        )
        assert ctx.regency["regency_name"] == master.loc[code, "regency_name"]


def test_the_meeting_pdf_sets_the_regencies_side_by_side(processed_dir, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("UCJ_REPORTS_DIR", str(tmp_path))
    target = run.run_meeting(SEED, since="2023-01")
    assert target == catalog.meeting_path(SEED) and target.is_relative_to(tmp_path)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(target).pages).split())
    for name in ("Padangsidimpuan", "Tapanuli Selatan", "Padang Lawas Utara"):
        assert name in text
    assert "30.000" in text  # Tapanuli Selatan's own target, with what it achieved


def test_an_unknown_code_is_one_clear_line(processed_dir, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["meeting", "12.77,99.99"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "99.99" in err[0] and "Traceback" not in err[0]


def test_a_regency_code_typed_as_a_number_is_read_back_as_typed() -> None:
    from ucj.brief import context

    master = pd.DataFrame(
        {"regency_code": ["13.10", "12.14"], "regency_name": ["Dharmasraya", "Nias Selatan"]}
    )
    assert context.resolve_regency(master, 13.1)["regency_code"] == "13.10"  # papermill -p regency_code 13.10
    assert context.resolve_regency(master, "13.1")["regency_code"] == "13.10"
    assert context.resolve_regency(master, 12.14)["regency_code"] == "12.14"
    with pytest.raises(UnknownCodeError):
        context.resolve_regency(master, 99.9)


def test_an_unknown_regency_or_province_code_is_one_error_with_the_same_words() -> None:
    """Briefs and summaries refuse an unknown code with one error class; the message is the one
    users saw before the two classes became one (kind, code, what a code looks like, suggestions)."""
    from ucj.summary import data

    master = pd.DataFrame(
        {
            "regency_code": ["12.04", "12.14", "91.01"],
            "regency_name": ["Kabupaten Nias", "Kabupaten Nias Selatan", "Kabupaten Merauke"],
            "province_code": ["12", "12", "91"],
            "province_name": ["Sumatera Utara", "Sumatera Utara", "Papua"],
        }
    )
    with pytest.raises(UnknownCodeError) as regency:
        context.resolve_regency(master, "Nias")
    assert str(regency.value) == (
        "unknown regency code 'Nias': expected a Kemendagri 2025 code 'PP.RR' (one of 3 in "
        "data/processed/regencies.parquet); did you mean: 12.04 Kabupaten Nias, 12.14 Kabupaten Nias Selatan"
    )
    with pytest.raises(UnknownCodeError) as province:
        data.resolve_province(master, "zz")
    assert str(province.value) == (
        "unknown province code 'zz': expected a two-digit Kemendagri 2025 code "
        "(one of 2 in data/processed/regencies.parquet)"
    )
    assert (regency.value.kind, regency.value.code, province.value.kind) == ("regency", "Nias", "province")
    assert isinstance(province.value, KeyError)  # callers that catch KeyError still do
    # a notebook shows one line, not a traceback
    assert regency.value._render_traceback_() == [f"UnknownCodeError: {regency.value}"]


def test_only_takes_codes_separated_by_commas_or_spaces(processed_dir, capsys) -> None:
    cli.main(["reports", "--only", "12.14,13.03", "--dry-run"])  # a dry run prints its plan and returns
    out = capsys.readouterr().out
    assert "2 planned" in out and "12.14" in out and "13.03" in out
