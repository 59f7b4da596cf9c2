"""kT > 0: the trapezoid rule on the node grid (the integrand vanishes on the box's edge), the
thermal window applied per Fermi energy to the energies sorted once."""

from __future__ import annotations

import numpy as np

from .accuracy import CUTOFF

__all__ = ["thermal_rule", "cutoff_for"]


def cutoff_for(rtol: float) -> float:
    """Thermal factors beyond this many kT from eF are dropped: their relative weight
    e^-cutoff is a thousandth of rtol (between 15 and CUTOFF = 40)."""
    return float(min(CUTOFF, max(15.0, np.log(1.0 / rtol) + 7.0)))


def _window(x, kT):
    """-df/dE at x = E - eF from one exponential, e = exp(-|x|/kT) (no overflow)."""
    e = np.exp(-np.abs(x) / kT)
    return e / (kT * (1.0 + e) ** 2)


def _occupation(x, kT):
    """f at x = E - eF from one exponential (no overflow)."""
    e = np.exp(-np.abs(x) / kT)
    return np.where(x > 0, e / (1.0 + e), 1.0 / (1.0 + e))


def thermal_rule(E, X, mu, T, form, theta, cutoff=CUTOFF):
    """Sums over the nodes of X (-f') (``form="surface"``) or X (f - theta) (otherwise) per
    (eF, kT), with the same sums of |X|; the energies are sorted once, and each eF visits only
    the nodes within ``cutoff`` kT (the rest of the sea through prefix sums)."""
    c = X.shape[1]
    if form == "surface":        # only nodes within the thermal shells of some eF contribute
        keep = (E >= np.min(mu - cutoff * T)) & (E <= np.max(mu + cutoff * T))
        E, X = E[keep], X[keep]
    order = np.argsort(E, kind="stable")
    Es = E[order]
    XA = np.hstack([X[order], np.abs(X[order])])     # the integrand and its magnitude, one product
    out = np.zeros(mu.shape + (2 * c,))
    if form != "surface":
        cum = np.vstack([np.zeros((1, 2 * c)), np.cumsum(XA, axis=0)])
    for idx in np.ndindex(mu.shape):
        m, t = mu[idx], T[idx]
        lo, hi = np.searchsorted(Es, [m - cutoff * t, m + cutoff * t])
        if form == "surface":
            out[idx] = _window(Es[lo:hi] - m, t) @ XA[lo:hi]
            continue
        th = theta[idx]
        w = _occupation(Es[lo:hi] - m, t) - th
        below, above = cum[lo], cum[-1] - cum[hi]
        out[idx, :c] = w @ XA[lo:hi, :c] + (1 - th) * below[:c] - th * above[:c]
        out[idx, c:] = np.abs(w) @ XA[lo:hi, c:] + (1 - th) * below[c:] + th * above[c:]
    return out[..., :c], out[..., c:]
