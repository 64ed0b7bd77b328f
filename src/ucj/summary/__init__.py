"""National and province summaries: data, tables, charts, sections and the Excel workbook.

- `data`: everything one summary needs (national, or one province), loaded and checked;
- `tables`: the numbers, pure functions of the processed tables (the workbook's too);
- `text`: the summaries' own words (the shared ones are `ucj.brief.text`'s);
- `charts`: figures and maps; `layout`: typeset tables, captions and headings;
- `sections`: the sections, one function each;
- `excel`: ``reports/summary.xlsx``, the tables for officials who work in Excel.

The report notebooks ``notebooks/summary_national.py`` and
``notebooks/summary_province.py`` are thin: they call `ucj.summary.sections`.
`ucj.reports.summaries` plans, builds and fingerprints them (and ``reports/summary.xlsx``).
"""
