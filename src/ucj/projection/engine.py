"""The stock-flow model, vectorised over regencies and Monte Carlo draws.

For each regency r, draw d and projected year t (arrays of shape (R, D)):

    organic(t) = clip(organic(t−1)·(1 − lapse) + self_rate·max(eligible(t) − organic(t−1), 0),
                      0, eligible(t))
    funded(t)  = min(Σ_levers worker_years(t) · take_up, eligible(t) − organic(t))
    active(t)  = organic(t) + funded(t)            ≤ eligible(t)

which is the domain formula active(t+1) = active(t)·(1 − lapse) + funded enrolment +
self-enrolment − exits, with the active stock split in two pools:

- *organic* (everyone not paid by a modelled lever, i.e. the whole baseline stock:
  wage earners, self-paid BPU, existing programmes): a share ``lapse`` stops paying
  each year; ``self_rate`` of the uncovered eligible workers enrol each year (the
  status-quo inflow, derived from national figures; see `assumptions`). This pool
  does not depend on the levers: what a lever funds is *additional* to the
  status-quo trajectory (no crowd-out of self-enrolment is assumed), up to the cap.
- *funded* (paid by a lever): the lever pays again every year it runs, so its
  members are re-enrolled each budget year; ``take_up`` is the share of funded slots
  that are really active (villages in arrears, budgets paid late). When a lever
  stops, its members leave the active stock.

Exits from the workforce are inside ``lapse`` and the cap at ``eligible``, which
moves with the labour force. Counts are year averages: a worker funded for 4
months counts 4/12. With no lever and zero self-enrolment, a positive lapse makes
coverage fall; more funding, more take-up or a lower lapse never lowers it.
"""

from __future__ import annotations

import numpy as np


def broadcast_inputs(stock0, eligible, lapse, take_up, start_index=None):
    """The engine's inputs at full shape: eligible (Y, R, D), a copy of the stock (R, D), lapse
    and take-up (1, D), start index (R,)."""
    eligible = np.asarray(eligible, dtype=float)
    if eligible.ndim == 2:
        eligible = eligible[:, :, None]
    n_years, n_reg, _ = eligible.shape
    stock0 = np.asarray(stock0, dtype=float).reshape(n_reg, -1)
    lapse = np.atleast_1d(np.asarray(lapse, dtype=float))
    take_up = np.atleast_1d(np.asarray(take_up, dtype=float))
    n_draws = int(np.broadcast_shapes((eligible.shape[2],), (stock0.shape[1],), lapse.shape, take_up.shape)[0])
    eligible = np.broadcast_to(eligible, (n_years, n_reg, n_draws))
    stock = np.broadcast_to(stock0, (n_reg, n_draws)).copy()
    lapse = np.broadcast_to(lapse, (n_draws,))[None, :]
    take_up = np.broadcast_to(take_up, (n_draws,))[None, :]
    start = np.zeros(n_reg, dtype=int) if start_index is None else np.asarray(start_index, dtype=int)
    return eligible, stock, lapse, take_up, start


def project(stock0: np.ndarray, eligible: np.ndarray, worker_years: np.ndarray, lapse: np.ndarray | float,
            take_up: np.ndarray | float, self_rate: float, start_index: np.ndarray | None = None) -> np.ndarray:
    """Project active participants.

    Parameters
    ----------
    stock0: (R,) or (R, D) active participants at the baseline date (start of the first year).
    eligible: (Y, R, D) or (Y, R) eligible workforce (the denominator) per year.
    worker_years: (Y, R) lever-funded worker-years per year (sum over levers).
    lapse, take_up: scalars or (D,) draws (common to all regencies in a draw).
    self_rate: status-quo self-enrolment rate (share of uncovered per year).
    start_index: (R,) index of each regency's first projected year (default 0); earlier
        years are NaN (the baseline date is later than those years).

    Returns
    -------
    (Y, R, D) active participants (year averages); NaN before a regency's start.
    """
    eligible, stock, lapse, take_up, start = broadcast_inputs(stock0, eligible, lapse, take_up, start_index)
    n_years, n_reg, n_draws = eligible.shape
    keep = 1.0 - lapse
    organic = stock.copy()
    active = stock.copy()
    out = np.full((n_years, n_reg, n_draws), np.nan)
    # The same floating-point operations as the formulas in the module docstring, done in
    # place (one scratch array per quantity) to spare the allocations of a (R, D) loop.
    new_organic = np.empty((n_reg, n_draws))
    gap = np.empty((n_reg, n_draws))
    funded = np.empty((n_reg, n_draws))
    for t in range(n_years):
        elig = eligible[t]
        np.subtract(elig, organic, out=gap)
        np.maximum(gap, 0.0, out=gap)
        np.multiply(gap, self_rate, out=gap)
        np.multiply(organic, keep, out=new_organic)
        np.add(new_organic, gap, out=new_organic)
        np.clip(new_organic, 0.0, elig, out=new_organic)
        np.subtract(elig, new_organic, out=funded)
        np.minimum(np.multiply(worker_years[t][:, None], take_up), funded, out=funded)
        np.maximum(funded, 0.0, out=funded)
        running = t >= start
        if running.all():
            organic, new_organic = new_organic, organic
            np.add(organic, funded, out=active)
            out[t] = active
        elif running.any():
            rows = running[:, None]
            organic = np.where(rows, new_organic, organic)
            active = np.where(rows, new_organic + funded, active)
            out[t] = np.where(rows, active, np.nan)
    return out


def first_year_reached(coverage: np.ndarray, years: np.ndarray, threshold: float) -> np.ndarray:
    """First year with coverage >= threshold per (R, D); +inf where never reached.

    ``coverage``: (Y, R, D); NaN years (before a regency's start) never count.
    """
    hit = coverage >= threshold - 1e-12  # NaN compares False: never counts
    any_hit = hit.any(axis=0)
    first = np.argmax(hit, axis=0)
    return np.where(any_hit, np.asarray(years, dtype=float)[first], np.inf)
