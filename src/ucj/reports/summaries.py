"""Build the national summary, the 38 province summaries and ``reports/summary.xlsx``, incrementally.

- *Plan*: one `ucj.reports.worker.ReportJob` for the national summary (notebook
  ``summary_national``) and one per province (``summary_province``, parameter
  ``province_code``). Each has a fingerprint of what it shows: its template
  notebook, the code it runs (derived from its imports: `ucj.dag.deps`),
  the language and run date, the shared inputs (`ucj.dag.outputs`: the
  raw-data manifest, which holds the assumptions' checksums, and the outlines),
  and, per table, the hashes of the rows of the regencies in scope. A province
  summary therefore depends only on its own province's rows: a change in one
  regency rebuilds that province's summary and the national one, nothing else.
- *Execute*: stale jobs run on warm kernels in parallel (`ucj.reports.pool.run_jobs`,
  progress bar, failures listed, failed notebooks kept under reports/failed/).
- *Workbook*: ``reports/summary.xlsx`` (`ucj.summary.excel`) is rewritten
  atomically only when its inputs' fingerprint changed.

State files (one fingerprint per output) live under ``reports/.state/summaries/``.
"""

from __future__ import annotations

import hashlib

from ucj import catalog
from ucj.dag import outputs
from ucj.dag.fingerprint import digest, is_current, record, table_hashes
from ucj.reports.worker import ReportJob, short_error

#: The unit name of the workbook's state file (``reports/.state/summaries/summary.xlsx.sha256``).
WORKBOOK_STATE = "summary.xlsx"


def _fingerprint(common: "hashlib._Hash", codes: list[str], hashes: dict[str, dict[str, str] | None]) -> str:
    """Fingerprint of one summary: what its kind reads in full and the rows of ``codes``."""
    digest = common.copy()
    for name, table in hashes.items():
        digest.update(f"|{name}:".encode())
        if table is None:
            digest.update(b"absent")
            continue
        for code in sorted(codes):
            digest.update(f"{code}={table.get(code, 'none')};".encode())
    return digest.hexdigest()


def plan(lang: str = "id", provinces: list[str] | None = None) -> list[ReportJob]:
    """The national summary's job and one job per province (all 38, or ``provinces``), fingerprinted."""
    master = catalog.read(catalog.REGENCIES, copy=False).sort_values("regency_code")
    hashes = {name: table_hashes(name) for name in outputs.SUMMARY_NATIONAL.rows}
    suffix = "" if lang == "id" else f"-{lang}"
    jobs = []
    if provinces is None:
        label = f"summary-national{suffix}"
        common = digest(outputs.SUMMARY_NATIONAL, lang)
        jobs.append(
            ReportJob(
                label,
                outputs.SUMMARY_NATIONAL.notebook,
                {"lang": lang},
                catalog.national_summary_path(lang),
                catalog.report_state_path("summaries", label),
                _fingerprint(common, master["regency_code"].tolist(), hashes),
            )
        )
    province_common = digest(outputs.SUMMARY_PROVINCE, lang)
    names = master.drop_duplicates("province_code").set_index("province_code")["province_name"].sort_index()
    unknown = sorted(set(provinces or []) - set(names.index))
    if unknown:
        raise SystemExit(f"unknown province code(s): {', '.join(unknown)}")
    for code, name in names.items():
        if provinces is not None and code not in provinces:
            continue
        members = master.loc[master["province_code"] == code, "regency_code"].tolist()
        label = f"summary-{code}{suffix}"
        jobs.append(
            ReportJob(
                label,
                outputs.SUMMARY_PROVINCE.notebook,
                {"province_code": code, "lang": lang},
                catalog.province_summary_path(code, str(name), lang),
                catalog.report_state_path("summaries", label),
                _fingerprint(province_common, members, hashes),
            )
        )
    return jobs


def workbook_fingerprint() -> str:
    """Fingerprint of ``reports/summary.xlsx``: its code, run date, manifest and the full input tables."""
    return digest(outputs.WORKBOOK).hexdigest()


def workbook_is_current(fingerprint: str | None = None) -> bool:
    """Whether reports/summary.xlsx exists and was written from the current inputs and code."""
    state = catalog.report_state_path("summaries", WORKBOOK_STATE)
    return is_current([catalog.workbook_path()], state, fingerprint or workbook_fingerprint())


def build_workbook(force: bool = False) -> tuple[str, str] | None:
    """Write reports/summary.xlsx unless it is current; return a failure (label, error) or None."""
    target = catalog.workbook_path()
    state = catalog.report_state_path("summaries", WORKBOOK_STATE)
    fingerprint = workbook_fingerprint()
    if not force and workbook_is_current(fingerprint):
        return None
    try:
        from ucj.summary import excel  # heavy imports (openpyxl, matplotlib via ucj.render): only when needed

        excel.write_workbook(target)
        record(state, fingerprint)
        return None
    except Exception as exc:  # reported with the other failures; the old workbook stays in place
        return "summary-xlsx", short_error(exc)
