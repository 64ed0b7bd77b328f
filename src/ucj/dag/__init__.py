"""The build graph: what every output depends on, below the content and above the data.

- `deps`: the code an output depends on, derived from the import graph (never a hand-kept list);
- `fingerprint`: hashes of files and of each regency's table rows.

The data stages (`ucj.stages`) and the report planner (`ucj.reports`) both build on these; neither
is imported here, so the layers run one way: data and content below, `dag`, then `stages` and
`reports` above.
"""
