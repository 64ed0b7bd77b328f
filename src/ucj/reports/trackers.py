"""Build the village trackers (`ucj.villages.write_tracker`) incrementally, beside the workbook.

One fingerprint per regency (its villages, quota, premium, run date and the tracker code) under
``reports/.state/villages/``, and one over everything the trackers read: when that one is
unchanged and every tracker exists, nothing is parsed (the village list has 83,762 rows).
"""

from __future__ import annotations

import hashlib

import pandas as pd

from ucj import catalog, paths, villages
from ucj.dag import deps
from ucj.dates import source_date, source_epoch
from ucj.io import write_text_atomic

#: The code a tracker's bytes depend on.
CODE = ("ucj.villages",)


def tracker_fingerprint(
    code_hash: str, regency: pd.Series, rows: pd.DataFrame, quota: int, premium: int, epoch: int
) -> str:
    """Fingerprint of one regency's tracker: its code, regency, quota, premium, date and villages."""
    digest = hashlib.sha256(
        f"{code_hash}|{regency['regency_code']}|{regency['regency_name']}|{quota}|{premium}|{epoch}".encode()
    )
    digest.update(pd.util.hash_pandas_object(rows, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def _settings() -> tuple[int, int]:
    """(village quota, premium per worker per year), read from the data."""
    from ucj.projection.assumptions import MONTHS_PER_YEAR, read_premiums
    from ucj.projection.effort import read_effort_settings

    return read_effort_settings().mix_village_quota, int(read_premiums()["jkk_jkm"]) * MONTHS_PER_YEAR


def build_trackers(force: bool = False, only: list[str] | None = None) -> list[tuple[str, str]]:
    """Write the stale trackers of every regency with desa; return failures as (label, error)."""
    master = catalog.read(catalog.REGENCIES)
    quota, premium = _settings()
    code_hash = deps.code_fingerprint(CODE)
    epoch = source_epoch()
    names = master[["regency_code", "regency_name", "province_code", "province_name", "desa_count"]]
    digest = hashlib.sha256(
        f"{code_hash}|{quota}|{premium}|{epoch}".encode()
        + paths.raw(*villages.FILE).read_bytes()
        + pd.util.hash_pandas_object(names, index=False).to_numpy().tobytes()
    )
    overall = digest.hexdigest()
    overall_state = catalog.report_state_path("villages", "all")
    expected = [
        catalog.tracker_path(r._asdict())
        for r in master.itertuples(index=False)
        if int(r.desa_count) > 0 and (not only or r.regency_code in only)
    ]
    if (
        not force
        and not only
        and overall_state.is_file()
        and overall_state.read_text().strip() == overall
        and all(p.is_file() for p in expected)
    ):
        return []
    all_villages = villages.read_villages(master)
    failures = []
    by_regency = dict(tuple(all_villages.groupby("regency_code", sort=True)))
    for regency in master.sort_values("regency_code").itertuples(index=False):
        row = pd.Series(regency._asdict())
        if int(row["desa_count"]) == 0 or (only and row["regency_code"] not in only):
            continue
        rows = by_regency[row["regency_code"]]
        target = catalog.tracker_path(row)
        state = catalog.report_state_path("villages", row["regency_code"])
        fp = tracker_fingerprint(code_hash, row, rows, quota, premium, epoch)
        if not force and target.is_file() and state.is_file() and state.read_text().strip() == fp:
            continue
        try:
            villages.write_tracker(target, row, rows, quota, premium, source_date())
            write_text_atomic(state, fp + "\n")
        except Exception as exc:  # listed with the other failures; the old tracker stays
            failures.append((f"tracker-{row['regency_code']}", f"{type(exc).__name__}: {exc}"))
    if not failures and not only:
        write_text_atomic(overall_state, overall + "\n")
    return failures
