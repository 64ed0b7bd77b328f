"""Coverage baseline, scenario projections, Monte Carlo bands and costs (issue 5).

Modules, one job each:

- `assumptions`: read the sourced assumption files in ``data/raw/assumptions/``
  (premiums, targets, national active totals, behaviour assumptions) and the run
  settings in ``config/projection.yml``; derive the status-quo self-enrolment rate.
- `workforce`: the employed / informal workforce per regency and year, from the
  informal-workforce table when present, else a clearly labelled provisional estimate.
- `baseline`: active participants per regency and segment at a stated date, reported
  (user file) or modelled (province totals allocated to regencies).
- `scenarios`: the declarative scenario file (YAML), validated, and its levers turned
  into funded workers per regency and year.
- `engine`: the vectorised stock-flow model.
- `montecarlo`: seeded draws over workforce, lapse and take-up; bands and the year
  universal coverage is reached.
- `cost`: premiums paid per lever and the cost of closing the gap now.
- `pipeline`: `run()` writes the three output tables.
- `incremental`: fingerprints of the projection's inputs, so a run recomputes only the
  regencies whose inputs changed.
"""
