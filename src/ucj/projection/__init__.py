"""Coverage baseline, scenario projections, Monte Carlo bands and costs (issue 5).

Modules, one job each:

- `assumptions`: read the sourced assumption files in ``data/raw/assumptions/``
  (premiums, targets, national active totals, behaviour assumptions) and the run
  settings in ``config/projection.yml``; derive the status-quo self-enrolment rate.
- `workforce`: the employed / informal workforce per regency and year, from the
  informal-workforce table when present, else a clearly labelled provisional estimate.
- `baseline`: active participants per regency and segment at a stated date, reported
  (user file), published or modelled (province totals allocated to regencies by `allocation`,
  newer official totals from `official_totals`); `published`: the officials' published
  figures; `kinds`: the kinds of baseline figure, counted once; `carry`: every figure carried
  from its own date to the baseline date.
- `policies`: the regencies' own programmes (quota per village, local name of the village).
- `scenarios`: the declarative scenario file (YAML), validated, and its levers turned
  into funded workers per regency and year.
- `engine`: the vectorised stock-flow model; `dynamics`: its rates, each estimated from data.
- `montecarlo`: seeded draws over workforce, lapse and take-up; bands and the year
  universal coverage is reached.
- `cost`: premiums paid per lever and the cost of closing the gap now.
- `pipeline`: `run()` writes the three output tables.
- `incremental`: fingerprints of the projection's inputs, so a run recomputes only the
  regencies whose inputs changed.
- `hindcast`: the status quo checked against later published figures (and its bands sized).
- `effort`: the smallest constant annual effort per lever that reaches each target.
- `sensitivity` and `plots`: one regency's sensitivity to the assumptions, and figures, for
  notebook 02.
"""
