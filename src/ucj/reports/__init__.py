"""Reports: from the processed tables to PDFs and executed notebooks, incrementally.

In run order (`ucj.reports.run.main_reports`, behind ``make reports``):

1. `ucj.stages` brings the data stages up to date (raw -> processed).
2. `plan` and `summaries` plan one job per brief, summary and analysis notebook, each with a
   fingerprint: its code (`ucj.dag.deps`: derived from the import graph), what it reads
   (declared once per kind of output in `ucj.dag.outputs`) and the hashes of files and table
   rows (`ucj.dag.fingerprint`, whose `is_current` is the one staleness rule). Current outputs
   are skipped.
3. `pool` runs the stale jobs on warm workers with a progress bar (a worker that dies fails only
   the jobs it held, and is replaced); each `worker` executes a report notebook with papermill in
   a long-lived kernel (`execute`) and renders its outputs to PDF (`render`, with
   `markdown_typst`; the date comes from `ucj.dates`), atomically, on a thread while its kernel
   executes the next report.
   Render folders and kernel connection files live in the run's `scratch` folder.
4. `summaries` writes the Excel workbook and `trackers` the village trackers meanwhile (each
   workbook by `tracker_workbook`); `run` lists every failure at the end.

Kept free of imports here: report kernels import `ucj.reports.render` for its constants.
"""
