"""Build the national summary, the 38 province summaries and ``reports/summary.xlsx``, incrementally.

- *Plan*: one `ucj.batch.ReportJob` for the national summary (notebook
  ``summary_national``) and one per province (``summary_province``, parameter
  ``province_code``). Each has a fingerprint of what it shows: its template
  notebook, the drawing code (`ucj.batch.code_fingerprint` plus this module and
  `ucj.summary`), the language and run date, the shared inputs (the raw-data
  manifest, which holds the assumptions' checksums, and the province outlines),
  and, per table, the hashes of the rows of the regencies in scope. A province
  summary therefore depends only on its own province's rows: a change in one
  regency rebuilds that province's summary and the national one, nothing else.
- *Execute*: stale jobs run on warm kernels in parallel (`ucj.batch.run_jobs`,
  progress bar, failures listed, failed notebooks kept under reports/failed/).
- *Workbook*: ``reports/summary.xlsx`` (`ucj.summary.excel`) is rewritten
  atomically only when its inputs' fingerprint changed.

State files (one fingerprint per output) live under ``reports/.state/summaries/``.
"""

from __future__ import annotations

import hashlib
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd

from ucj import batch, paths
from ucj.io import write_text_atomic
from ucj.render import source_epoch

NATIONAL_NOTEBOOK = "summary_national"
PROVINCE_NOTEBOOK = "summary_province"
ROW_TABLES = ("regencies", "informal_workforce", "coverage_baseline", "projections", "universal_coverage_year",
              "regency_boundaries")
SHARED_FILES = ("province_boundaries.parquet", "regency_paths.npz", "province_paths.npz")
WORKBOOK_TABLES = ("regencies", "informal_workforce", "coverage_baseline", "projections",
                   "universal_coverage_year")
SUMMARY_CODE = ("summaries.py", "summary")


def summaries_dir() -> Path:
    """reports/summaries/"""
    return paths.reports_dir() / "summaries"


def workbook_path() -> Path:
    """reports/summary.xlsx"""
    return paths.reports_dir() / "summary.xlsx"


def state_dir() -> Path:
    """reports/.state/summaries/"""
    return paths.reports_dir() / ".state" / "summaries"


def _suffix(lang: str) -> str:
    return "" if lang == "id" else f"-{lang}"


def national_pdf_path(lang: str = "id") -> Path:
    """reports/summaries/national[-en].pdf"""
    return summaries_dir() / f"national{_suffix(lang)}.pdf"


def province_pdf_path(province_code: str, province_name: str, lang: str = "id") -> Path:
    """reports/summaries/provinces/<PP>-<slug>[-en].pdf"""
    return summaries_dir() / "provinces" / f"{province_code}-{batch.slugify(province_name)}{_suffix(lang)}.pdf"


def summary_code_fingerprint() -> str:
    """Hash of the code that draws a summary: the briefs' drawing code plus `ucj.summary` and this module."""
    files = sorted(f for name in SUMMARY_CODE for f in
                   ([paths.PACKAGE_DIR / name] if name.endswith(".py") else (paths.PACKAGE_DIR / name).rglob("*.py"))
                   if f.is_file())
    return hashlib.sha256((batch.code_fingerprint() + batch._hash_files(files, paths.PACKAGE_DIR)).encode()).hexdigest()


def row_hashes() -> dict[str, dict[str, str] | None]:
    """Per table of `ROW_TABLES`: a hash of each regency's rows (None when the table is absent)."""
    out: dict[str, dict[str, str] | None] = {}
    for name in ROW_TABLES:
        out[name] = batch.table_hashes(name)
    return out


def _common_digest(lang: str) -> hashlib._Hash:
    """What every summary depends on: code, language, run date, raw manifest, shared outlines."""
    digest = hashlib.sha256()
    digest.update(summary_code_fingerprint().encode())
    digest.update(str(source_epoch()).encode())
    digest.update(lang.encode())
    digest.update(paths.manifest_path().read_bytes())
    digest.update(batch._hash_files([paths.processed(f) for f in SHARED_FILES], paths.processed_dir()).encode())
    return digest


def _fingerprint(common: hashlib._Hash, notebook: str, codes: list[str],
                 hashes: dict[str, dict[str, str] | None]) -> str:
    """Fingerprint of one summary: common inputs, its template and the rows of ``codes``."""
    digest = common.copy()
    digest.update((paths.NOTEBOOKS_DIR / f"{notebook}.py").read_bytes())
    for name in ROW_TABLES:
        table = hashes[name]
        digest.update(f"|{name}:".encode())
        if table is None:
            digest.update(b"absent")
            continue
        for code in sorted(codes):
            digest.update(f"{code}={table.get(code, 'none')};".encode())
    return digest.hexdigest()


def plan(lang: str = "id", provinces: list[str] | None = None) -> list[batch.ReportJob]:
    """The national summary's job and one job per province (all 38, or ``provinces``), fingerprinted."""
    master = pd.read_parquet(paths.processed("regencies.parquet")).sort_values("regency_code")
    common = _common_digest(lang)
    hashes = row_hashes()
    suffix = _suffix(lang)
    jobs = []
    if provinces is None:
        label = f"summary-national{suffix}"
        jobs.append(batch.ReportJob(label, NATIONAL_NOTEBOOK, {"lang": lang}, national_pdf_path(lang),
                                    state_dir() / f"{label}.sha256",
                                    _fingerprint(common, NATIONAL_NOTEBOOK, master["regency_code"].tolist(), hashes)))
    names = master.drop_duplicates("province_code").set_index("province_code")["province_name"].sort_index()
    unknown = sorted(set(provinces or []) - set(names.index))
    if unknown:
        raise SystemExit(f"unknown province code(s): {', '.join(unknown)}")
    for code, name in names.items():
        if provinces is not None and code not in provinces:
            continue
        members = master.loc[master["province_code"] == code, "regency_code"].tolist()
        label = f"summary-{code}{suffix}"
        jobs.append(batch.ReportJob(label, PROVINCE_NOTEBOOK, {"province_code": code, "lang": lang},
                                    province_pdf_path(code, str(name), lang), state_dir() / f"{label}.sha256",
                                    _fingerprint(common, PROVINCE_NOTEBOOK, members, hashes)))
    return jobs


def workbook_fingerprint() -> str:
    """Fingerprint of ``reports/summary.xlsx``: its code, run date, manifest and the full input tables."""
    digest = hashlib.sha256()
    files = sorted((paths.PACKAGE_DIR / "summary").rglob("*.py")) + [paths.PACKAGE_DIR / "summaries.py"]
    digest.update(batch._hash_files(files, paths.PACKAGE_DIR).encode())
    digest.update((paths.PACKAGE_DIR / "brief" / "text.py").read_bytes())
    digest.update(str(source_epoch()).encode())
    digest.update(paths.manifest_path().read_bytes())
    digest.update(batch._hash_files([paths.processed(f"{n}.parquet") for n in WORKBOOK_TABLES],
                                    paths.processed_dir()).encode())
    return digest.hexdigest()


def build_workbook(force: bool = False) -> tuple[str, str] | None:
    """Write reports/summary.xlsx unless it is current; return a failure (label, error) or None."""
    target = workbook_path()
    state = state_dir() / "summary.xlsx.sha256"
    fingerprint = workbook_fingerprint()
    if not force and target.is_file() and state.is_file() and state.read_text().strip() == fingerprint:
        return None
    try:
        from ucj.summary import excel  # heavy imports (openpyxl, matplotlib via ucj.render): only when needed
        excel.write_workbook(target)
        write_text_atomic(state, fingerprint + "\n")
        return None
    except Exception as exc:  # reported with the other failures; the old workbook stays in place
        return "summary-xlsx", batch.short_error(exc)


def build_all(jobs: int = 2, lang: str = "id", force: bool = False) -> list[tuple[str, str]]:
    """Build the stale national and province summaries and the workbook; return failures as (label, error)."""
    start = time.perf_counter()
    planned = plan(lang)
    todo = [j for j in planned if force or not j.is_current()]
    print(f"summaries: {len(planned)} planned, {len(planned) - len(todo)} up to date, {len(todo)} to build",
          file=sys.stderr)
    # The workbook is written in a thread of this (otherwise idle) process while the workers start
    # their kernels and render; its own failure is reported with the others.
    with ThreadPoolExecutor(max_workers=1) as pool:
        workbook = pool.submit(build_workbook, force)
        failures = batch.run_jobs(todo, jobs, desc="summaries")
        workbook_failure = workbook.result()
    if workbook_failure:
        failures.append(workbook_failure)
    print(f"summaries: done in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return sorted(failures)
