"""Regency briefs: data context, words and formats, display objects, charts and sections.

- `context`: everything one brief needs (`load`), checked before anything is drawn;
- `text`: the words and number formats, in Bahasa Indonesia and English; `notes`: the data notes
  of every report, written once;
- `display`: display objects readable in JupyterLab and typeset in the PDF (tiles, call-outs, tables);
- `charts` (figures and maps), `canvas` (small multiples drawn straight on a figure) and `mapping`
  (fast maps from precomputed paths);
- `sections`: the sections of a brief, one function each, called by ``notebooks/brief.py``;
- `meeting`: several regencies side by side (``notebooks/meeting.py``).
"""
