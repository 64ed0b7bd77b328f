"""The build graph: what every output depends on, below the content and above the data.

- `outputs`: every kind of output declared once (what it reads, writes, its unit);
- `deps`: the code an output depends on, derived from the import graph (never a hand-kept list);
- `fingerprint`: the one fingerprint of an output kind (`digest`), and the hashes of files and of
  each regency's table rows it is made of.

The data stages (`ucj.stages`) and the report planner (`ucj.reports`) both build on these; neither
is imported here, so the layers run one way: data and content below, `dag`, then `stages` and
`reports` above.
"""
