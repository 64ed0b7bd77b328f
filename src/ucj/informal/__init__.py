"""Employed and informal workforce of every regency, with uncertainty (issue 4).

One module per step, called in this order by `pipeline.run`:

- `population`: population and working-age (15+) population of every regency and round.
- `employment`: working-age (15+) population, labour force and employed persons
  per regency and August round 2018-2024, calibrated to BPS national totals.
- `covariates`: regency covariates by year (schooling, expenditure, poverty,
  kota, density, TPAK, TPT, primary-sector GRDP share).
- `anchors`: BPS province informal shares (status definition), the anchors.
- `model`: candidate models for the regency share and their
  leave-one-province-out cross-validation.
- `benchmark`: logit shift so regency shares add up to each province's share.
- `published`: BPS regency figures of the informal workforce as published;
  `published_anchor`: a regency's own figure pulls its estimates of every year.
- `direct` / `fay_herriot`: optional direct regency estimates combined with the
  synthetic estimate by an area-level Fay-Herriot model.
- `uncertainty`: seeded Monte Carlo for intervals and CVs.
- `pipeline`: runs everything and writes the processed tables.
- `diagnostics`: acceptance checks and figures for notebook 01.
- `regency_validation`: the estimates checked against the published regency figures;
  `regency_covariates`: which covariates explain the regency-level misses.
- `comparison`: what the BPS population base and the economic covariates changed (issue 12).

"Informal" always means the BPS status definition (own-account, employer with
temporary/unpaid help, casual agricultural and non-agricultural, unpaid family
workers), not the ILO definition.
"""
