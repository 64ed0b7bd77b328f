"""BPS province informal shares: the anchors every regency estimate is benchmarked to.

Which file, and why. `province_informal_share_2015_2024.csv` is used, not
`province_labour_informal_2021_2022.csv`:

- its 2020-2024 part is a verbatim export of the BPS table "Persentase Tenaga
  Kerja Formal Menurut Provinsi" (indicator 1168, Sakernas August), whose
  national row equals the BPS August releases exactly; informal = 100 - formal
  is the BPS status definition;
- the 2021-2022 file (a student project's spreadsheet, "Persentase Pekerja
  Sektor Informal") differs from it by -3.4 to +5.5 points by province, does
  not match the Gorontalo August 2022 BRS, seems to use the older SUPAS2015
  weights, and covers two years only.

The 2015-2018 part of the chosen file has no stated source (plausible within
~0.3 point nationally, SOURCES.md); it is used only for 2018 and for the
interpolation-error estimate below.

Geography. Up to 2023 BPS publishes 34 provinces (BPS 2020 codes; Papua 94 and
Papua Barat 91 before their 2022 split). In 2024 it publishes 38: the reduced
Papua (91), Papua Barat (92) and the new Papua Selatan, Tengah, Pegunungan and
Barat Daya (93-96) carry only a 2025 Kemendagri code. So a regency's anchor is
its BPS-2020 province up to 2023 and its Kemendagri 2025 province from the
first year published in 38 provinces (2024). The anchor key spells the
geography out (``bps2020:94`` vs ``kemendagri2025:94``) because the same two
digits mean different provinces in the two systems.

2019 is missing from every stored source. Its anchors are estimated (flagged
``is_interpolated``): the logit of each province's share is interpolated
midway between 2018 and 2020, then all provinces are shifted by one common
logit amount so that their employed-weighted mean equals the BPS national
August 2019 informal share. The error of this interpolation is estimated from
the years where the same interpolation can be checked against published values
(`anchor_error_variances`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ucj import paths, schemas
from ucj.errors import InputError
from ucj.loaders import line_of, read_csv

# scipy (and `ucj.informal.benchmark`, which imports it) is imported where the logits are taken:
# the project stage reads the province table through this module and needs neither (0.07 s).

SHARES_PATH = ("stats", "province_informal_share_2015_2024.csv")
GEO_34 = "bps2020"
GEO_38 = "kemendagri2025"
GEOGRAPHY_38_LABEL = "38prov"
"""Prefix of the `geography` value of the rows published only in the 38-province layout."""
PAPUA_34 = ("91", "94")
"""BPS-2020 codes of Papua Barat and Papua before their split (their 38-province successors carry
only Kemendagri codes)."""


def load_province_shares() -> pd.DataFrame:
    """Province rows of the BPS formal-share table with ``informal_share`` (0-1) and anchor keys.

    The national row (code 00) is dropped. ``anchor_geography`` is ``bps2020``
    for years published in 34 provinces and ``kemendagri2025`` for years with
    38-province rows; ``anchor_province_code`` is the code in that geography.
    """
    df = read_csv(paths.raw(*SHARES_PATH), schemas.PROVINCE_INFORMAL_SHARE)
    df = df[df["prov_code_2025"] != "00"].copy()
    labelled_38 = df.loc[df["geography"].str.startswith(GEOGRAPHY_38_LABEL), "year"]
    # BPS publishes 38 provinces from the first such year on: a later year is in that layout even
    # when its rows found so far are the provinces whose code is the same in both (the Papua ones
    # are what tells the layouts apart, and a 34-province Papua row there is refused).
    first_38 = labelled_38.min() if len(labelled_38) else np.inf
    df["anchor_geography"] = np.where(df["year"] >= first_38, GEO_38, GEO_34)
    old_papua = (df["anchor_geography"] == GEO_38) & df["bps_prov_code_2020"].isin(PAPUA_34)
    old_papua &= ~df["geography"].str.startswith(GEOGRAPHY_38_LABEL)
    if old_papua.any():
        index = df.index[old_papua][0]
        raise InputError(
            paths.raw(*SHARES_PATH),
            "a 34-province Papua row in a year BPS publishes in 38 provinces; give the 38-province "
            "rows (geography 38prov_YYYY, Kemendagri 2025 codes 91-96)",
            row=line_of(index),
            column="geography",
            value=df.at[index, "geography"],
        )
    df["anchor_province_code"] = np.where(
        df["anchor_geography"] == GEO_38, df["prov_code_2025"], df["bps_prov_code_2020"]
    )
    if df["anchor_province_code"].isna().any():
        raise ValueError(f"{SHARES_PATH[1]}: rows without a code in their geography")
    df["anchor_key"] = df["anchor_geography"] + ":" + df["anchor_province_code"]
    dup = df.duplicated(["anchor_key", "year"])
    if dup.any():
        raise ValueError(
            f"{SHARES_PATH[1]}: duplicated province-years {df.loc[dup, ['anchor_key', 'year']].values[:5]}"
        )
    df["informal_share"] = 100.0 - df["formal_pct"]
    df["informal_share"] = df["informal_share"] / 100.0
    return df


def years_38(shares: pd.DataFrame) -> set[int]:
    """Years the BPS table is published in the 38-province layout."""
    return set(shares.loc[shares["anchor_geography"] == GEO_38, "year"])


def regency_anchor_keys(
    regencies: pd.DataFrame, years: tuple[int, ...], shares: pd.DataFrame
) -> pd.DataFrame:
    """Anchor province of each regency in each year (``regency_code``, ``year``, ``anchor_*``)."""
    y38 = years_38(shares)
    first_38 = min(y38) if y38 else np.inf
    frames = []
    for year in years:
        geo = GEO_38 if year >= first_38 else GEO_34
        code = regencies["province_code"] if geo == GEO_38 else regencies["bps_province_code_2020"]
        frames.append(
            pd.DataFrame(
                {
                    "regency_code": regencies["regency_code"].to_numpy(),
                    "year": year,
                    "anchor_geography": geo,
                    "anchor_province_code": code.to_numpy(),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out["anchor_key"] = out["anchor_geography"] + ":" + out["anchor_province_code"]
    return out


def province_anchors(
    employment: pd.DataFrame,
    keys: pd.DataFrame,
    shares: pd.DataFrame,
    national: pd.DataFrame,
    years: tuple[int, ...],
) -> pd.DataFrame:
    """Anchor share per province and year; a province without a published share that year is filled.

    ``employment`` has ``regency_code``, ``year``, ``employed_count``; ``keys``
    is `regency_anchor_keys`; ``national`` is `employment.national_targets`
    (its ``informal_share`` is the level every filled year must add up to). A
    missing share is interpolated between the province's published years around
    it (2019), or, in the latest round when BPS's table is not complete yet,
    carried forward from the province's latest published year. The filled
    provinces of a year are then shifted by one common logit amount so that the
    employed-weighted mean of all provinces equals the BPS national share of that
    year; published provinces keep their value. Returns ``anchor_key``,
    ``year``, ``anchor_geography``, ``anchor_province_code``, ``informal_share``,
    ``anchor_method`` (published / interpolated / carried forward),
    ``anchor_source_year`` (the published year a carried share comes from),
    ``is_interpolated`` (any share not published that year) and
    ``employed_count`` (sum of the regency estimates, used as weights).
    """
    from scipy.special import expit

    from ucj.informal.benchmark import solve_logit_shift

    weights = (
        employment.merge(keys, on=["regency_code", "year"], validate="one_to_one")
        .groupby(["anchor_key", "year", "anchor_geography", "anchor_province_code"])["employed_count"]
        .sum()
        .reset_index()
    )
    published = shares[["anchor_key", "year", "informal_share"]]
    out = weights.merge(published, on=["anchor_key", "year"], how="left", validate="one_to_one")
    out["is_interpolated"] = out["informal_share"].isna()
    out["anchor_method"] = np.where(out["is_interpolated"], INTERPOLATED, PUBLISHED)
    out["anchor_source_year"] = out["year"].astype("int64")
    panel = shares.pivot(index="anchor_key", columns="year", values="informal_share")
    for year in sorted(out.loc[out["is_interpolated"], "year"].unique()):
        rows = (out["year"] == year).to_numpy()
        fill = rows & out["is_interpolated"].to_numpy()
        keys_y = out.loc[fill, "anchor_key"]
        eta, method, source = _fill_logits(panel, keys_y, int(year))
        target = national.set_index("year").loc[year, "informal_share"]
        emp = out["employed_count"].to_numpy(dtype="float64")
        fixed = rows & ~fill
        fixed_informal = float((out.loc[fixed, "informal_share"] * emp[fixed]).sum())
        target_filled = (target * emp[rows].sum() - fixed_informal) / emp[fill].sum()
        if not 0.0 < target_filled < 1.0:
            raise ValueError(
                f"August {year}: the published provinces leave no share in (0, 1) for the others "
                f"({target_filled:.3f}); check the national and province rows of that year"
            )
        shift = solve_logit_shift(
            eta[None, :], emp[fill][None, :], np.zeros(len(eta), int), np.array([target_filled])
        )[0, 0]
        out.loc[fill, "informal_share"] = expit(eta + shift)
        out.loc[fill, "anchor_method"] = method
        out.loc[fill, "anchor_source_year"] = source
    return out.sort_values(["year", "anchor_key"]).reset_index(drop=True)


PUBLISHED = "published"
INTERPOLATED = "interpolated"
CARRIED = "carried forward"
"""`province_anchors`'s ``anchor_method`` values."""


def _fill_logits(panel: pd.DataFrame, keys: pd.Series, year: int) -> tuple[np.ndarray, str, np.ndarray]:
    """Logit of each missing province share before the common shift: midway between the published
    years around ``year`` when there are both, else the latest earlier published value."""
    from scipy.special import logit

    before = [y for y in panel.columns if y < year]
    after = [y for y in panel.columns if y > year]
    known = panel.reindex(keys.to_numpy())
    if before and after:
        lo, hi = max(before), min(after)
        w = (year - lo) / (hi - lo)
        eta = (1 - w) * logit(known[lo]) + w * logit(known[hi])
        method, source = INTERPOLATED, np.full(len(keys), year)
        bad = eta.isna()
    elif before:
        earlier = known[sorted(before)]
        last = earlier.ffill(axis=1).iloc[:, -1]
        eta = logit(last)
        source = earlier.notna().to_numpy()[:, ::-1].argmax(axis=1)
        source = np.asarray(sorted(before))[::-1][source]
        method = CARRIED
        bad = last.isna()
    else:
        raise ValueError(f"no published province shares before {year} to fill it from")
    if bad.any():
        raise ValueError(f"cannot fill August {year} for {keys[bad.to_numpy()].tolist()}")
    return eta.to_numpy(dtype="float64"), method, source.astype("int64")


@dataclass(frozen=True)
class AnchorErrors:
    """Error variances of the anchors on the logit scale (estimates, from the BPS panel).

    ``published``: residual variance of a two-way (province + year) model of the
    logit share, 2020-2023 in 34 provinces; it contains the Sakernas sampling
    error of a province share plus province-specific year-to-year change, so it
    is an upper bound of the sampling variance. ``interpolated``: mean squared
    error of midway logit interpolation (after removing the common shift) in
    the years where it can be checked against the table. ``carried``: the same
    for a share carried one year forward (the latest round before BPS's table
    is complete).
    """

    published: float
    published_n: int
    interpolated: float
    interpolated_n: int
    carried: float = 0.0
    """Mean squared error of carrying a province's logit share one year forward (after removing the
    common shift, which the national benchmark supplies), in the years where it can be checked."""
    carried_n: int = 0


def anchor_error_variances(shares: pd.DataFrame) -> AnchorErrors:
    """Estimate `AnchorErrors` from the published province panel (see its docstring)."""
    from scipy.special import logit

    p34 = shares[shares["anchor_geography"] == GEO_34].copy()
    p34["eta"] = logit(p34["informal_share"])
    recent = p34[p34["year"] >= 2020]
    wide = recent.pivot(index="anchor_key", columns="year", values="eta").dropna()
    resid = wide.sub(wide.mean(axis=1), axis=0)
    resid = resid.sub(resid.mean(axis=0), axis=1)
    n_p, n_t = wide.shape
    published = float((resid.to_numpy() ** 2).sum() / ((n_p - 1) * (n_t - 1)))

    full = p34.pivot(index="anchor_key", columns="year", values="eta")
    errors = []
    for year in full.columns:
        if year - 1 in full.columns and year + 1 in full.columns:
            err = (full[year] - 0.5 * (full[year - 1] + full[year + 1])).dropna()
            errors.append(err - err.mean())
    e = pd.concat(errors)
    interpolated = float((e**2).sum() / (len(e) - len(errors)))
    steps = []
    for year in full.columns:
        if year - 1 in full.columns:
            step = (full[year] - full[year - 1]).dropna()
            steps.append(step - step.mean())
    c = pd.concat(steps)
    carried = float((c**2).sum() / (len(c) - len(steps)))
    return AnchorErrors(published, int(wide.size), interpolated, int(len(e)), carried, int(len(c)))
