"""National and province summaries: data, tables, charts, sections and the Excel workbook.

The report notebooks ``notebooks/summary_national.py`` and
``notebooks/summary_province.py`` are thin: they call `ucj.summary.sections`.
`ucj.reports.summaries` plans, builds and fingerprints them (and ``reports/summary.xlsx``).
"""
