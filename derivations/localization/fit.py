"""Fitting measured magnetoconductance to the generated HLN kernel.

``hln(B, delta_sigma)`` fits the Hikami-Larkin-Nagaoka form
``alpha (e^2/(pi h)) [psi(1/2 + B_phi/B) - ln(B_phi/B)]`` (the ``hln`` kernel of
``generated/localization.py``) with :func:`scipy.optimize.curve_fit` and returns B_phi,
the phase-coherence length L_phi = sqrt(hbar/(4 e B_phi)) and alpha with standard errors.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

__all__ = ["HLNFit", "hln", "phase_coherence_length"]

#: hbar / (4 e) in T nm^2 (CODATA 2018 exact constants).
HBAR_OVER_4E = 1.054571817e-34 / (4 * 1.602176634e-19) * 1e18


def phase_coherence_length(B_phi):
    """L_phi = sqrt(hbar/(4 e B_phi)) in nm, for B_phi in tesla (> 0)."""
    B_phi = np.asarray(B_phi, dtype=float)
    if np.any(~np.isfinite(B_phi)) or np.any(B_phi <= 0):
        raise ValueError(f"B_phi [T] must be finite and > 0; got {B_phi!r}")
    return np.sqrt(HBAR_OVER_4E / B_phi)


@dataclass(frozen=True)
class HLNFit:
    """Result of :func:`hln`.

    Attributes
    ----------
    B_phi, B_phi_err : float
        Dephasing field and its standard error [T].
    L_phi, L_phi_err : float
        Phase-coherence length sqrt(hbar/(4 e B_phi)) and its standard error [nm].
    alpha, alpha_err : float
        HLN prefactor (+1 WL, -1/2 per symplectic channel) and its standard error.
    covariance : numpy.ndarray
        Covariance of (B_phi, alpha).
    chi2_reduced : float
        With ``sigma``: sum of squared weighted residuals per degree of freedom (about 1 for
        a good fit); NaN without ``sigma``.
    residual_std : float
        Root-mean-square residual per degree of freedom [e^2/h].
    """

    B_phi: float
    B_phi_err: float
    L_phi: float
    L_phi_err: float
    alpha: float
    alpha_err: float
    covariance: np.ndarray
    chi2_reduced: float
    residual_std: float

    def __str__(self) -> str:
        return (f"B_phi = {self.B_phi:.4g} +- {self.B_phi_err:.2g} T (L_phi = {self.L_phi:.4g} +- "
                f"{self.L_phi_err:.2g} nm), alpha = {self.alpha:.4g} +- {self.alpha_err:.2g}, "
                f"chi2/dof = {self.chi2_reduced:.3g}, rms residual = {self.residual_std:.2g} e^2/h")


def _real(name: str, value) -> np.ndarray:
    """``value`` as a float array; complex or non-numeric input is refused, not truncated
    (``np.asarray(z, dtype=float)`` would silently drop an imaginary part)."""
    arr = np.asarray(value)
    if arr.dtype.kind == "c" or (arr.dtype.kind == "O" and any(isinstance(v, complex) for v in arr.ravel())):
        raise ValueError(f"{name} must be real; got complex values (e.g. {arr.ravel()[0]!r})")
    if arr.dtype.kind not in "iuf":
        raise ValueError(f"{name} must be a real array; got dtype {arr.dtype}")
    return arr.astype(float)


def _validated(B, delta_sigma, sigma):
    B = _real("B", B)
    y = _real("delta_sigma", delta_sigma)
    if B.ndim != 1 or y.shape != B.shape:
        raise ValueError(f"B and delta_sigma must be 1-D arrays of equal length; got shapes {B.shape} and {y.shape}")
    if B.size < 4:
        raise ValueError(f"need at least 4 points to fit B_phi and alpha; got {B.size}")
    for name, arr in (("B", B), ("delta_sigma", y)):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} contains NaN or inf (at index {int(np.argmax(~np.isfinite(arr)))})")
    step = np.diff(B)
    if not (np.all(step > 0) or np.all(step < 0)):
        raise ValueError("B must be strictly monotone (a single field sweep, no repeated values)")
    if np.count_nonzero(B) < 3:
        raise ValueError("need at least 3 points at nonzero field")
    if sigma is not None:
        sigma = np.broadcast_to(_real("sigma", sigma), B.shape)
        if not np.all(np.isfinite(sigma)) or np.any(sigma <= 0):
            raise ValueError("sigma (the standard errors of delta_sigma) must be finite and > 0")
    return B, y, sigma


def hln(B, delta_sigma, *, sigma=None, B_phi0: float | None = None, alpha0: float | None = None) -> HLNFit:
    """Fit the HLN magnetoconductance to data.

    Parameters
    ----------
    B : array_like
        Perpendicular field [T], strictly monotone (both signs allowed; the form is even).
    delta_sigma : array_like
        sigma(B) - sigma(0) [e^2/h].
    sigma : array_like or float, optional
        Standard errors of ``delta_sigma`` [e^2/h]. Given, the errors are absolute; without,
        they are scaled by the residual scatter (``curve_fit``'s default).
    B_phi0, alpha0 : float, optional
        Starting values; by default B_phi from a scan over the field range and alpha from the
        large-field slope.

    Returns
    -------
    HLNFit

    Raises
    ------
    ValueError
        Complex or non-numeric input, too few points, NaN or inf, non-monotone B,
        mismatched shapes, or data that do not determine both parameters (e.g. a flat curve).
    """
    from scipy.optimize import OptimizeWarning, curve_fit

    from generated.localization import hln as hln_kernel

    B, y, sigma = _validated(B, delta_sigma, sigma)
    bmax = float(np.max(np.abs(B)))

    def model(b, log_bphi, alpha):
        return hln_kernel(b, B_phi=np.exp(log_bphi), alpha=alpha)

    def linear_alpha(log_bphi):
        shape = model(B, log_bphi, 1.0)
        w = 1.0 if sigma is None else 1.0 / sigma ** 2
        denom = float(np.sum(w * shape * shape))
        return float(np.sum(w * shape * y)) / denom if denom > 0 else 0.0

    if B_phi0 is None:
        # alpha enters linearly: scan log B_phi with the best alpha for each
        grid = np.log(bmax) + np.linspace(-9.0, 1.0, 41)
        costs = []
        for g in grid:
            a = linear_alpha(g)
            res = (model(B, g, a) - y) / (1.0 if sigma is None else sigma)
            costs.append(float(np.sum(res ** 2)))
        log0 = float(grid[int(np.argmin(costs))])
    else:
        if not (math.isfinite(B_phi0) and B_phi0 > 0):
            raise ValueError(f"B_phi0 [T] must be finite and > 0; got {B_phi0!r}")
        log0 = math.log(B_phi0)
    a0 = linear_alpha(log0) if alpha0 is None else float(alpha0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", OptimizeWarning)  # a singular covariance is reported below
            popt, pcov = curve_fit(model, B, y, p0=(log0, a0), sigma=sigma, absolute_sigma=sigma is not None,
                                   maxfev=5000)
    except (RuntimeError, ValueError) as exc:
        raise ValueError(f"HLN fit did not converge: {exc}") from exc
    if not np.all(np.isfinite(pcov)):
        raise ValueError("the data do not determine B_phi and alpha (singular covariance): the field "
                         "range must cover both the B^2 region (B < B_phi) and the logarithmic region")
    log_bphi, a = popt
    bphi = float(np.exp(log_bphi))
    bphi_err = bphi * float(np.sqrt(pcov[0, 0]))  # d B_phi = B_phi d ln B_phi
    jac = np.diag([bphi, 1.0])
    cov = jac @ pcov @ jac
    lphi = float(phase_coherence_length(bphi))
    raw = model(B, *popt) - y
    dof = max(B.size - 2, 1)
    chi2 = float(np.sum((raw / sigma) ** 2)) / dof if sigma is not None else float("nan")
    return HLNFit(B_phi=bphi, B_phi_err=bphi_err, L_phi=lphi, L_phi_err=0.5 * lphi * bphi_err / bphi,
                  alpha=float(a), alpha_err=float(np.sqrt(pcov[1, 1])), covariance=cov,
                  chi2_reduced=chi2, residual_std=float(np.sqrt(np.sum(raw ** 2) / dof)))
