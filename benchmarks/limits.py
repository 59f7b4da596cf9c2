"""Hand-written fused numba loops: the limit the compiled backend is measured against (row 15).
Kept here, not in qsym: they are the yardstick, not the product. Each is written from the
physics, not from the generated code, and compiled serial and parallel (``prange``) from one
source; IEEE arithmetic (no fastmath), as the backend.

* ``_metric``: the quantum metric of the lower band of the tilted Dirac cone
  H = t k_x + v (k_x sigma_x + k_y sigma_y) + m sigma_z (g_ij = (1/4) d_i n . d_j n, n = d/|d|):
  g_xx = v^2 (v^2 k_y^2 + m^2)/(4E^4), g_xy = -v^4 k_x k_y/(4E^4), g_yy = v^2 (v^2 k_x^2 + m^2)/(4E^4),
  E^2 = v^2 k^2 + m^2.
* ``_drude``: the Drude conductivity of the BHZ block as a radial quadrature, on the panels the
  generated ``sigma_drude`` uses (its breakpoints are passed in): with d = M - B k^2,
  E = sqrt(A^2 k^2 + d^2), g = A^2 - 2 B d (so that dE/dk = k g/E), the integrand is
  4 k^3 g^2 |g| [w(E - eF) + w(-E - eF)] / (U^2 n_i E (4 d^2 + A^2 k^2)), w = f(1 - f)/kT the thermal
  window; Gauss-Legendre panels from 0 through the sorted breakpoints and the tail k = k_max/u.
"""

from __future__ import annotations

import functools
import math

#: numba.prange once numba is imported (by loops()); a serial compilation treats it as range.
prange = range


def _metric(kx, ky, v, m, out):
    for i in prange(kx.size):
        x, y = kx[i], ky[i]
        v2 = v * v
        e2 = v2 * (x * x + y * y) + m * m
        d = 4.0 * e2 * e2
        out[i, 0] = v2 * (v2 * y * y + m * m) / d
        out[i, 1] = -v2 * v2 * x * y / d
        out[i, 2] = v2 * (v2 * x * x + m * m) / d


def _window(x, kT):
    z = x / kT
    return 1.0 / (1.0 + math.exp(-z)) / (1.0 + math.exp(z)) / kT


def _drude_point(k, eF, kT, n_i, M, A, B, U):
    d = M - B * k * k
    e = math.sqrt(A * A * k * k + d * d)
    g = A * A - 2.0 * B * d
    w = _window(e - eF, kT) + _window(-e - eF, kT)
    return 4.0 * k ** 3 * g * g * abs(g) * w / (U * U * n_i * e * (4.0 * d * d + A * A * k * k))


def _drude(breakpoints, nodes, weights, eF, kT, n_i, M, A, B, U, out):
    for i in prange(breakpoints.shape[0]):
        total, lower = 0.0, 0.0
        for p in range(breakpoints.shape[1]):
            width = breakpoints[i, p] - lower
            for j in range(nodes.size):
                total += width * weights[j] * _drude_point(lower + width * nodes[j], eF[i], kT[i], n_i, M, A, B, U)
            lower = breakpoints[i, p]
        for j in range(nodes.size):
            total += lower * weights[j] / nodes[j] ** 2 * _drude_point(lower / nodes[j], eF[i], kT[i], n_i, M, A, B, U)
        out[i] = total


@functools.cache
def loops():
    """numba and the references compiled (once per process): ``{name: (serial, parallel)}``."""
    import numba

    global prange, _window, _drude_point
    prange = numba.prange
    jit = numba.njit(fastmath=False, error_model="numpy")
    _window, _drude_point = jit(_window), jit(_drude_point)
    out = {}
    for name, f in (("metric", _metric), ("drude", _drude)):
        out[name] = (jit(f), numba.njit(parallel=True, fastmath=False, error_model="numpy")(f))
    return numba, out
