r"""kT > 0 from kT = 0: the thermal average of a zero-temperature integral over energy,

.. math::

    I(\mu, T) = \int dE\, (-\partial_E f)(E - \mu)\, S(E)
              = \int dx\, \phi(x)\, S(\mu + k_BT\,x), \qquad \phi(x) = \frac{1}{4\cosh^2(x/2)},

with ``S`` the kT = 0 Fermi-surface integral (or, for the Fermi-sea form, the kT = 0 sea
integral, by parts). The x-integral is a Gauss rule for the logistic weight ``phi``: N nodes
are exact for polynomials of degree 2N - 1, i.e. the Sommerfeld expansion to all orders up to
(kT)^(2N-2) S^(2N-2). qsym uses N = 4 and takes the difference from N = 3 (exact to
(kT)^4 S'''') as the bound of its truncation; at kT = 0 every node is eF and the rule returns
S(eF): the route hands over to kT = 0 continuously. It needs S analytic over the window, so it
is used only when the nearest critical energy of a band (extremum, saddle, touching) is
more than ``GATE`` thermal widths away.

The orthogonal polynomials of the logistic weight have the recurrence coefficients
beta_n = n^4 pi^2 / (4 n^2 - 1) (alpha_n = 0); the nodes and weights follow by Golub-Welsch.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import numpy as np

__all__ = ["logistic_rule", "sommerfeld", "GATE_MARGIN"]

#: The nearest critical energy must be at least (the thermal cutoff + GATE_MARGIN) kT away.
GATE_MARGIN = 10.0


@lru_cache(maxsize=None)
def logistic_rule(N: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of the N-point Gauss rule for the weight 1/(4 cosh^2(x/2)) on the real
    line (weights sum to 1)."""
    beta = np.array([k**4 * np.pi**2 / (4 * k * k - 1) for k in range(1, N)])
    J = np.diag(np.sqrt(beta), 1) + np.diag(np.sqrt(beta), -1)
    x, V = np.linalg.eigh(J)
    x[np.abs(x) < 1e-12] = 0.0
    return x, V[0] ** 2


def sommerfeld(zero_temperature, mu, kT: float):
    """The thermal average at ``kT`` per eF of the zero-temperature integral
    ``zero_temperature(energies, share) -> Outcome`` (values of shape (len(energies), C),
    errors within ``share`` of the tolerance), as an :class:`~.accuracy.Outcome`. The kT = 0
    integrals at the nodes get a quarter of the tolerance, as the bound counts their errors
    three times (see below)."""
    mu = np.asarray(mu, float)
    if kT == 0:
        return zero_temperature(mu, 1.0)
    x3, w3 = logistic_rule(3)
    x4, w4 = logistic_rule(4)
    x = np.concatenate([x3, x4])
    energies = (mu[:, None] + kT * x[None, :]).ravel()
    out = zero_temperature(energies, 0.25)
    C = out.value.shape[-1]
    S, err, mag = (a.reshape(mu.size, x.size, C) for a in (out.value, out.error, out.magnitude))
    I3 = np.einsum("j,mjc->mc", w3, S[:, :3])
    I4 = np.einsum("j,mjc->mc", w4, S[:, 3:])
    # |I4_h - I3_h| may fall short of |I4 - I3| by the kT = 0 errors of the nodes: add three times their largest
    truncation = np.abs(I4 - I3)
    return dataclasses.replace(out, value=I4, error=truncation + 3 * err.max(axis=1),
                               magnitude=np.einsum("j,mjc->mc", w4, mag[:, 3:]), truncation=truncation)
