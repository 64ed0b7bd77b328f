"""Plan the briefs and the analysis notebooks: one job each, with the fingerprint of what it shows.

A brief's fingerprint: the template notebook, the code it runs (derived from
the import graph: `ucj.dag.deps`), the language, the run date, the raw-data
manifest, the files it reads in full (`ucj.dag.fingerprint.digest`) and the rows of the
per-regency tables that belong to its regency (its declaration: `ucj.dag.outputs.BRIEF`). A brief whose PDF
exists with the same fingerprint is current, so a rerun with nothing changed
does no work, and a change to one regency's rows rebuilds only that brief.
"""

from __future__ import annotations

from ucj import catalog
from ucj.dag import outputs
from ucj.dag.fingerprint import digest, per_regency_hashes, table_hashes
from ucj.reports.worker import ReportJob


def plan(codes: list[str] | None = None, lang: str = "id") -> list[ReportJob]:
    """Every brief's job with its fingerprint, in regency-code order."""
    master = catalog.read(catalog.REGENCIES, copy=False)
    if codes:
        unknown = sorted(set(codes) - set(master["regency_code"]))
        if unknown:
            raise SystemExit(f"unknown regency code(s): {', '.join(unknown)}")
        master = master[master["regency_code"].isin(codes)]
    common = digest(outputs.BRIEF, lang)
    per_table = {name: table_hashes(name) for name in outputs.BRIEF.rows}
    reported = _reported_fingerprint()
    jobs = []
    for row in master.sort_values("regency_code").itertuples(index=False):
        h = common.copy()
        for name, hashes in per_table.items():
            rows = "absent" if hashes is None else hashes.get(row.regency_code, "none")
            h.update(f"{name}:{rows}".encode())
        if row.regency_code in reported:  # its brief compares it with the other reported regencies
            h.update(reported[row.regency_code].encode())
        label = f"{row.regency_code}{'' if lang == 'id' else '-' + lang}"
        jobs.append(
            ReportJob(
                label,
                outputs.BRIEF.notebook,
                {"regency_code": row.regency_code, "lang": lang},
                catalog.brief_path(row._asdict(), lang),
                catalog.report_state_path("briefs", label),
                h.hexdigest(),
            )
        )
    return jobs


def _reported_fingerprint() -> dict[str, str]:
    """For each regency with a known (not modelled) BPU figure: a hash of the published BPU rows.

    Such a brief compares its coverage with the published figures of similar regencies, so a
    change in the published table makes those briefs stale (and only those: modelled regencies
    are not compared on coverage, and a user's branch figure is compared with nobody else's).
    """
    baseline = catalog.read(catalog.COVERAGE_BASELINE, missing_ok=True, copy=False)
    if baseline is None:
        return {}
    bpu = baseline[baseline["segment"] == "BPU"]
    published = bpu[bpu["kind"].isin(["published", "published_derived"])]
    if published.empty:
        return {}
    digest = "".join(per_regency_hashes(published).values())
    return {code: digest for code in bpu.loc[~bpu["is_modelled"].astype(bool), "regency_code"]}


def plan_analysis_notebooks() -> list[ReportJob]:
    """One job per analysis notebook, fingerprinted by its source, its code, the raw manifest,
    the configuration and user inputs it reads, and the processed tables it reads."""
    jobs = []
    for name, output in outputs.ANALYSIS_NOTEBOOKS.items():
        jobs.append(
            ReportJob(
                name,
                name,
                {},
                catalog.analysis_notebook_path(name),
                catalog.report_state_path("notebooks", name),
                digest(output).hexdigest(),
            )
        )
    return jobs
