"""The test models written for PythTB (the ``peers`` extra), for tests/test_peers.py and the
benchmarks: Qi-Wu-Zhang (two orbitals on one site, on-site m sigma_z, hoppings
T_x = (sigma_z - i sigma_x)/2 and T_y = (sigma_z - i sigma_y)/2, so that T e^{ik} + h.c. =
sigma_z cos k + sigma_x sin k) and Haldane (PythTB's own example: orbitals at 1/3 and 2/3 of
the cell, t2 e^{i phi} along a1, a2 - a1, -a2 from the first)."""

import numpy as np
import pythtb


def pythtb_chern(tb, grid: int = 41) -> float:
    """The Chern number of the lowest band by PythTB (berry_flux over a grid x grid mesh / 2 pi)."""
    w = pythtb.wf_array(tb, [grid, grid])
    w.solve_on_grid([0.0, 0.0])
    return float(w.berry_flux([0])) / (2 * np.pi)


def pythtb_qwz(m: float):
    tb = pythtb.tb_model(2, 2, [[1.0, 0.0], [0.0, 1.0]], [[0.0, 0.0], [0.0, 0.0]])
    tb.set_onsite([m, -m])
    sx, sy, sz = np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.diag([1.0, -1.0])
    for T, R in (((sz - 1j * sx) / 2, [1, 0]), ((sz - 1j * sy) / 2, [0, 1])):
        for i in range(2):
            for j in range(2):
                if T[i, j] != 0:
                    tb.set_hop(complex(T[i, j]), i, j, R, mode="add")
    return tb


def pythtb_haldane(M: float, t2: float, phi: float, t1: float = 1.0):
    tb = pythtb.tb_model(2, 2, [[1.0, 0.0], [0.5, np.sqrt(3.0) / 2.0]], [[1 / 3, 1 / 3], [2 / 3, 2 / 3]])
    tb.set_onsite([M, -M])
    tb.set_hop(t1, 0, 1, [0, 0])
    tb.set_hop(t1, 1, 0, [1, 0])
    tb.set_hop(t1, 1, 0, [0, 1])
    c, cc = t2 * np.exp(1j * phi), t2 * np.exp(-1j * phi)
    for amp, i, R in ((c, 0, [1, 0]), (c, 1, [1, -1]), (c, 1, [0, 1]), (cc, 1, [1, 0]), (cc, 0, [1, -1]),
                      (cc, 0, [0, 1])):
        tb.set_hop(amp, i, i, R)
    return tb
