"""Area-level Fay-Herriot model: REML variance, EBLUP and Prasad-Rao MSE.

Model (Fay & Herriot 1979; Rao & Molina 2015, ch. 6) for m areas:

    y_i = x_i' beta + u_i + e_i,   u_i ~ N(0, sigma2_u),   e_i ~ N(0, D_i),

with ``y_i`` a direct survey estimate, ``D_i`` its sampling variance (known)
and ``x_i`` area covariates. statsmodels has no such model (MixedLM cannot fix
the residual variances), so it is built here from numpy/scipy, with
statsmodels' WLS for the GLS coefficients:

- ``sigma2_u`` by REML, Fisher scoring from ``median(D)`` (as R ``sae::eblupFH``);
  if scoring leaves the parameter space or does not converge, the restricted
  log-likelihood is maximised directly on [0, upper] with scipy (boundary
  solution sigma2_u = 0 allowed);
- ``beta`` by GLS with weights 1 / (sigma2_u + D_i);
- EBLUP ``theta_i = gamma_i y_i + (1 - gamma_i) x_i' beta``,
  ``gamma_i = sigma2_u / (sigma2_u + D_i)``;
- MSE by Prasad & Rao (1990) with the REML form of Datta & Lahiri (2000):
  ``g1 + g2 + 2 g3``.

The informal-share pipeline applies it on the logit scale with the
synthetic (model) logit as covariate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize_scalar
from statsmodels.regression.linear_model import WLS


@dataclass(frozen=True)
class FayHerriotFit:
    """Result of `fit_fay_herriot` (arrays follow the order of the input areas)."""

    beta: np.ndarray
    beta_cov: np.ndarray
    sigma2_u: float
    sigma2_u_var: float
    eblup: np.ndarray
    mse: np.ndarray
    g1: np.ndarray
    g2: np.ndarray
    g3: np.ndarray
    gamma: np.ndarray
    synthetic: np.ndarray
    iterations: int
    converged: bool
    restricted_loglik: float

    def predict_synthetic(self, X_new: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Regression-synthetic estimate ``x' beta`` and its MSE for areas without a direct estimate."""
        X_new = np.atleast_2d(np.asarray(X_new, dtype="float64"))
        est = X_new @ self.beta
        mse = self.sigma2_u + np.einsum("ij,jk,ik->i", X_new, self.beta_cov, X_new)
        return est, mse


def _gls(y: np.ndarray, X: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    res = WLS(y, X, weights=1.0 / v).fit()
    xtvx = X.T @ (X / v[:, None])
    return np.asarray(res.params), np.linalg.inv(xtvx)


def _projection(X: np.ndarray, v: np.ndarray) -> np.ndarray:
    """REML projection matrix P = V^-1 - V^-1 X (X' V^-1 X)^-1 X' V^-1."""
    vinv = 1.0 / v
    vx = X * vinv[:, None]
    return np.diag(vinv) - vx @ np.linalg.solve(X.T @ vx, vx.T)


def restricted_loglik(sigma2_u: float, y: np.ndarray, X: np.ndarray, D: np.ndarray) -> float:
    """REML log-likelihood of ``sigma2_u`` (up to the constant -(m - p)/2 log 2 pi)."""
    v = sigma2_u + D
    vx = X / v[:, None]
    xtvx = X.T @ vx
    P_y = y / v - vx @ np.linalg.solve(xtvx, vx.T @ y)
    _, logdet_xtvx = np.linalg.slogdet(xtvx)
    return float(-0.5 * (np.log(v).sum() + logdet_xtvx + y @ P_y))


def _fisher_scoring(
    y: np.ndarray, X: np.ndarray, D: np.ndarray, start: float, tol: float, max_iter: int
) -> tuple[float, int, bool]:
    sigma2 = start
    for iteration in range(1, max_iter + 1):
        P = _projection(X, sigma2 + D)
        Py = P @ y
        score = -0.5 * np.trace(P) + 0.5 * Py @ Py
        info = 0.5 * np.sum(P * P)  # tr(P P) for symmetric P
        step = score / info
        sigma2_new = sigma2 + step
        if sigma2_new < 0:
            return sigma2_new, iteration, False
        if abs(step) <= tol * max(1.0, abs(sigma2)):
            return sigma2_new, iteration, True
        sigma2 = sigma2_new
    return sigma2, max_iter, False


def fit_fay_herriot(
    y: np.ndarray, X: np.ndarray, D: np.ndarray, tol: float = 1e-12, max_iter: int = 500
) -> FayHerriotFit:
    """Fit the Fay-Herriot model by REML and return EBLUPs with Prasad-Rao MSEs.

    ``y`` (m,) direct estimates; ``X`` (m, p) covariates including an intercept
    column if wanted; ``D`` (m,) known sampling variances (> 0).
    """
    y = np.asarray(y, dtype="float64")
    X = np.atleast_2d(np.asarray(X, dtype="float64"))
    D = np.asarray(D, dtype="float64")
    m, p = X.shape
    if y.shape != (m,) or D.shape != (m,):
        raise ValueError("y, X and D must describe the same areas")
    if np.any(~np.isfinite(D)) or np.any(D <= 0):
        raise ValueError("sampling variances must be positive and finite")
    if m <= p:
        raise ValueError(f"need more areas ({m}) than covariates ({p})")

    sigma2, iterations, converged = _fisher_scoring(y, X, D, float(np.median(D)), tol, max_iter)
    if not converged:
        # Maximise the restricted likelihood directly, allowing the boundary 0.
        resid = y - X @ _gls(y, X, D)[0]
        upper = max(float(np.var(resid)) * 10.0 + float(D.max()), 1e-8)
        opt = minimize_scalar(
            lambda s: -restricted_loglik(s, y, X, D),
            bounds=(0.0, upper),
            method="bounded",
            options={"xatol": 1e-14 * max(upper, 1.0), "maxiter": 2000},
        )
        sigma2 = float(opt.x)
        converged = bool(opt.success)
        if restricted_loglik(0.0, y, X, D) >= restricted_loglik(sigma2, y, X, D):
            sigma2 = 0.0
        else:  # interior maximum: polish it with a few scoring steps
            polished, more, ok = _fisher_scoring(y, X, D, sigma2, tol, max_iter)
            iterations += more
            if ok and polished >= 0:
                sigma2 = polished
    sigma2 = max(float(sigma2), 0.0)

    v = sigma2 + D
    beta, beta_cov = _gls(y, X, v)
    synthetic = X @ beta
    gamma = sigma2 / v
    eblup = gamma * y + (1.0 - gamma) * synthetic
    sigma2_var = 2.0 / np.sum(1.0 / v**2)  # asymptotic variance of the REML estimate
    g1 = gamma * D
    g2 = (1.0 - gamma) ** 2 * np.einsum("ij,jk,ik->i", X, beta_cov, X)
    g3 = D**2 / v**3 * sigma2_var
    mse = g1 + g2 + 2.0 * g3
    return FayHerriotFit(
        beta=beta,
        beta_cov=beta_cov,
        sigma2_u=sigma2,
        sigma2_u_var=float(sigma2_var),
        eblup=eblup,
        mse=mse,
        g1=g1,
        g2=g2,
        g3=g3,
        gamma=gamma,
        synthetic=synthetic,
        iterations=iterations,
        converged=converged,
        restricted_loglik=restricted_loglik(sigma2, y, X, D),
    )
