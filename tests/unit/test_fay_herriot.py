"""Fay-Herriot (REML, EBLUP, Prasad-Rao MSE) against samplics' independent implementation."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from ucj.informal.fay_herriot import fit_fay_herriot, restricted_loglik

pytestmark = pytest.mark.unit  # needs no processed data

with warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)  # samplics announces it is archived
    from samplics.sae import EblupAreaModel
    from samplics.utils.types import FitMethod


def _dataset(seed: int, m: int, sigma2_u: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Synthetic area data: y = 1 + 0.5 x1 - 0.3 x2 + u + e, known sampling variances D."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(m, 2))
    D = rng.uniform(0.05, 0.5, m)
    y = 1.0 + x @ np.array([0.5, -0.3]) + rng.normal(0, np.sqrt(sigma2_u), m) + rng.normal(0, np.sqrt(D))
    return y, x, D


def _samplics(y: np.ndarray, x: np.ndarray, D: np.ndarray) -> dict[str, np.ndarray | float]:
    areas = np.arange(len(y))
    model = EblupAreaModel(method=FitMethod.reml)
    model.fit(yhat=y, X=x, area=areas, error_std=np.sqrt(D), tol=1e-13, maxiter=2000)
    model.predict(X=x, area=areas)
    return {
        "sigma2_u": float(model.re_std**2),
        "beta": np.asarray(model.fixed_effects),
        "eblup": np.array([model.area_est[a] for a in areas]),
        "mse": np.array([model.area_mse[a] for a in areas]),
    }


@pytest.mark.parametrize("seed,m,sigma2_u", [(1, 40, 0.30), (2, 60, 1.00), (3, 25, 0.10), (4, 80, 0.05)])
def test_matches_samplics_reml(seed: int, m: int, sigma2_u: float) -> None:
    y, x, D = _dataset(seed, m, sigma2_u)
    ours = fit_fay_herriot(y, np.column_stack([np.ones(m), x]), D)
    ref = _samplics(y, x, D)
    assert ours.converged
    np.testing.assert_allclose(ours.sigma2_u, ref["sigma2_u"], rtol=1e-7, atol=1e-10)
    np.testing.assert_allclose(ours.beta, ref["beta"], rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(ours.eblup, ref["eblup"], rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(ours.mse, ref["mse"], rtol=1e-6, atol=1e-10)


def test_boundary_zero_variance_matches_samplics() -> None:
    """No area effect in the data: REML sits on the boundary and EBLUP = regression synthetic."""
    y, x, D = _dataset(11, 30, 0.0)
    ours = fit_fay_herriot(y, np.column_stack([np.ones(30), x]), D)
    ref = _samplics(y, x, D)
    assert ours.sigma2_u == pytest.approx(ref["sigma2_u"], abs=1e-9)
    np.testing.assert_allclose(ours.eblup, ref["eblup"], atol=1e-8)
    assert ours.sigma2_u == 0.0  # on the boundary: no area variance, so no shrinkage towards the direct
    np.testing.assert_allclose(ours.eblup, ours.synthetic)


def test_reml_estimate_maximises_restricted_likelihood() -> None:
    y, x, D = _dataset(5, 50, 0.4)
    X = np.column_stack([np.ones(50), x])
    fit = fit_fay_herriot(y, X, D)
    best = restricted_loglik(fit.sigma2_u, y, X, D)
    for s in (fit.sigma2_u * 0.9, fit.sigma2_u * 1.1, fit.sigma2_u + 0.05):
        assert restricted_loglik(s, y, X, D) < best


def test_eblup_shrinks_between_direct_and_synthetic_and_mse_below_direct_variance() -> None:
    y, x, D = _dataset(6, 50, 0.2)
    fit = fit_fay_herriot(y, np.column_stack([np.ones(50), x]), D)
    lo, hi = np.minimum(y, fit.synthetic), np.maximum(y, fit.synthetic)
    assert np.all((fit.eblup >= lo - 1e-12) & (fit.eblup <= hi + 1e-12))
    assert np.all((fit.gamma > 0) & (fit.gamma < 1))
    assert np.all(fit.g1 <= D)


def test_invalid_inputs_are_rejected() -> None:
    y, x, D = _dataset(7, 10, 0.2)
    X = np.column_stack([np.ones(10), x])
    with pytest.raises(ValueError, match="positive"):
        fit_fay_herriot(y, X, np.r_[D[:-1], -0.1])
    with pytest.raises(ValueError, match="more areas"):
        fit_fay_herriot(y[:3], X[:3], D[:3])
