"""The stock-flow model, vectorised over regencies and Monte Carlo draws.

For each regency r, draw d and projected year t (arrays of shape (R, D)), three pools:

    programmes(t) = min(programme0, eligible(t))                       current policy continues
    organic(t)    = clip(organic(t−1)·(1 − lapse) + self_rate·max(eligible(t) − organic(t−1)
                         − programmes(t), 0), 0, eligible(t) − programmes(t))
    status_quo(t) = min((organic(t) + programmes(t))·drift(t), eligible(t))
    new(t)        = clip(min(worker_years(t)·take_up, new(t−1) + capacity·eligible(t)),
                         0, eligible(t) − status_quo(t))
    active(t)     = status_quo(t) + new(t)                               ≤ eligible(t)

which is the domain formula active(t+1) = active(t)·(1 − lapse) + funded enrolment +
self-enrolment − exits, with the active stock split in three pools:

- *programmes*: the workers the regency's existing programmes fund (APBD, ADD/APB
  Nagari, DBH sawit, CSR), renewed every budget year at their latest published level:
  the status quo is "current policy continues", not "programmes lapse".
- *organic* (everyone else at the start: wage earners, self-paid BPU): a share ``lapse``
  stops paying each year; ``self_rate`` of the uncovered eligible workers enrol each year
  (the status-quo inflow, derived from national figures; see `assumptions`).
- *new* (paid by a scenario's levers, on top of what is already funded): each budget
  year the lever pays again; ``take_up`` is the share of funded slots really active; a
  programme adds at most ``capacity`` × the eligible workforce a year (enrolment
  capacity, `ucj.projection.dynamics`), so a large lever ramps up over years. When a
  lever stops, its members leave the active stock.

``drift`` widens the status-quo path by the spread of all-segment counts around their
status-quo prediction measured in the hindcast (`ucj.projection.hindcast`, kind 'active': those
counts include the programmes then in force). Counts are year averages: a worker funded for 4 months counts
4/12. More funding, more take-up, more capacity or a lower lapse never lowers coverage.
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
    n_draws = int(
        np.broadcast_shapes((eligible.shape[2],), (stock0.shape[1],), lapse.shape, take_up.shape)[0]
    )
    eligible = np.broadcast_to(eligible, (n_years, n_reg, n_draws))
    stock = np.broadcast_to(stock0, (n_reg, n_draws)).copy()
    lapse = np.broadcast_to(lapse, (n_draws,))[None, :]
    take_up = np.broadcast_to(take_up, (n_draws,))[None, :]
    start = np.zeros(n_reg, dtype=int) if start_index is None else np.asarray(start_index, dtype=int)
    return eligible, stock, lapse, take_up, start


def project(
    stock0: np.ndarray,
    eligible: np.ndarray,
    worker_years: np.ndarray,
    lapse: np.ndarray | float,
    take_up: np.ndarray | float,
    self_rate: float,
    start_index: np.ndarray | None = None,
    programme0: np.ndarray | None = None,
    capacity: np.ndarray | None = None,
    drift: np.ndarray | None = None,
) -> np.ndarray:
    """Project active participants.

    Parameters
    ----------
    stock0: (R,) or (R, D) active participants at the baseline date (start of the first year).
    eligible: (Y, R, D) or (Y, R) eligible workforce (the denominator) per year.
    worker_years: (Y, R) worker-years funded per year by the scenario's new levers (sum over levers).
    lapse, take_up: scalars or (D,) draws (common to all regencies in a draw).
    self_rate: status-quo self-enrolment rate (share of uncovered per year).
    start_index: (R,) index of each regency's first projected year (default 0); earlier
        years are NaN (the baseline date is later than those years).
    programme0: (R,) or (R, D) workers the regency's existing programmes fund (part of
        ``stock0``); renewed every year at that level (default: none).
    capacity: (R, D) or (R,) new enrolments a lever can add per year, as a share of the
        eligible workforce (default: unlimited).
    drift: (Y, R, D) multiplicative spread of the status-quo stock (voluntary members and
        programmes) around its central path; index k = after k + 1 years (default: none).

    Returns
    -------
    (Y, R, D) active participants (year averages); NaN before a regency's start.
    """
    eligible, stock, lapse, take_up, start = broadcast_inputs(stock0, eligible, lapse, take_up, start_index)
    n_years, n_reg, n_draws = eligible.shape
    keep = 1.0 - lapse
    programme = (
        np.zeros((n_reg, n_draws))
        if programme0 is None
        else np.broadcast_to(np.asarray(programme0, dtype=float).reshape(n_reg, -1), (n_reg, n_draws))
    )
    programme = np.minimum(programme, stock)
    organic = stock - programme
    cap_share = (
        None
        if capacity is None
        else np.broadcast_to(np.asarray(capacity, dtype=float).reshape(n_reg, -1), (n_reg, n_draws))
    )
    new = np.zeros((n_reg, n_draws))
    out = np.full((n_years, n_reg, n_draws), np.nan)
    elapsed = np.zeros(n_reg, dtype=int)
    for t in range(n_years):
        elig = eligible[t]
        running = (t >= start)[:, None]
        prog_t = np.minimum(programme, elig)
        gap = np.maximum(elig - organic - prog_t, 0.0)
        next_organic = np.clip(organic * keep + self_rate * gap, 0.0, np.maximum(elig - prog_t, 0.0))
        status_quo = next_organic + prog_t
        if drift is not None:
            status_quo = np.minimum(
                status_quo * drift[np.minimum(elapsed, n_years - 1), np.arange(n_reg)], elig
            )
        room = np.maximum(elig - status_quo, 0.0)
        wanted = worker_years[t][:, None] * take_up
        if cap_share is not None:
            wanted = np.minimum(wanted, new + cap_share * elig)
        next_new = np.clip(wanted, 0.0, room)
        organic = np.where(running, next_organic, organic)
        new = np.where(running, next_new, new)
        out[t] = np.where(running, status_quo + next_new, np.nan)
        elapsed = elapsed + (t >= start)
    return out


def first_year_reached(coverage: np.ndarray, years: np.ndarray, threshold: float) -> np.ndarray:
    """First year from which coverage stays at or above ``threshold`` to the horizon, per (R, D);
    +inf where coverage is below the threshold in the horizon year (a year it only touches
    before falling back does not count).

    ``coverage``: (Y, R, D); NaN years (before a regency's start) never count.
    """
    hit = coverage >= threshold - 1e-12  # NaN compares False: never counts
    # sustained[t]: hit in t and in every later year
    sustained = np.flip(np.logical_and.accumulate(np.flip(hit, axis=0), axis=0), axis=0)
    any_hit = sustained.any(axis=0)
    first = np.argmax(sustained, axis=0)
    return np.where(any_hit, np.asarray(years, dtype=float)[first], np.inf)
