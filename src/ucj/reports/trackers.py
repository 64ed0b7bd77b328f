"""Build the village trackers (`ucj.reports.tracker_workbook.write_tracker`) incrementally, beside the
workbook.

One fingerprint per regency (its villages, quota, premium, run date and the tracker code) under
``reports/.state/villages/``, and the kind's (`ucj.dag.fingerprint.digest` of
`ucj.dag.outputs.TRACKERS`: code, run date, raw manifest, master and policies): when that one is
unchanged and every tracker exists, nothing is parsed (the village list has 83,762 rows).
"""

from __future__ import annotations

import hashlib

import pandas as pd

from ucj import catalog, villages
from ucj.dag import deps, outputs
from ucj.dag.fingerprint import digest, is_current, record
from ucj.dates import source_date, source_epoch
from ucj.reports import tracker_workbook


def tracker_fingerprint(
    code_hash: str, regency: pd.Series, rows: pd.DataFrame, quota: int | str, premium: int, epoch: int
) -> str:
    """Fingerprint of one regency's tracker: its code, regency, quota, premium, date and villages."""
    digest = hashlib.sha256(
        f"{code_hash}|{regency['regency_code']}|{regency['regency_name']}|{quota}|{premium}|{epoch}".encode()
    )
    digest.update(pd.util.hash_pandas_object(rows, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def _settings() -> tuple[pd.DataFrame, int]:
    """(per regency: its quota, the note saying where it comes from and its word for a village;
    premium per worker per year), read from the data (`ucj.projection.policies` via the project
    stage's ``regency_policies`` table)."""
    from ucj.projection.assumptions import MONTHS_PER_YEAR, read_premiums

    policies = catalog.read(catalog.REGENCY_POLICIES).set_index("regency_code")
    note = policies["quota_source"].where(
        policies["quota_status"] != "default", "bawaan proyek: belum ada kuota daerah yang dipublikasikan"
    )
    note = note.where(
        policies["quota_status"] != "village_quota_proposed", "usulan, " + policies["quota_source"]
    )
    table = pd.DataFrame(
        {"quota": policies["quota"].astype(int), "note": note, "term": policies["village_term"]}
    )
    return table, int(read_premiums()["jkk_jkm"]) * MONTHS_PER_YEAR


def build_trackers(force: bool = False, only: list[str] | None = None) -> list[tuple[str, str]]:
    """Write the stale trackers of every regency with desa; return failures as (label, error)."""
    master = catalog.read(catalog.REGENCIES)
    quotas, premium = _settings()
    code_hash = deps.code_fingerprint(outputs.TRACKERS.entries)
    epoch = source_epoch()
    overall = digest(outputs.TRACKERS).hexdigest()
    overall_state = catalog.report_state_path("villages", "all")
    expected = [
        catalog.tracker_path(r._asdict())
        for r in master.itertuples(index=False)
        if int(r.desa_count) > 0 and (not only or r.regency_code in only)
    ]
    if not force and not only and is_current(expected, overall_state, overall):
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
        quota, note, term = quotas.loc[row["regency_code"], ["quota", "note", "term"]]
        fp = tracker_fingerprint(code_hash, row, rows, f"{quota}|{note}|{term}", premium, epoch)
        if not force and is_current([target], state, fp):
            continue
        try:
            tracker_workbook.write_tracker(target, row, rows, int(quota), premium, source_date(), note, term)
            record(state, fp)
        except Exception as exc:  # listed with the other failures; the old tracker stays
            failures.append((f"tracker-{row['regency_code']}", f"{type(exc).__name__}: {exc}"))
    if not failures and not only:
        record(overall_state, overall)
    return failures
