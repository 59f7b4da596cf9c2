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


def pythtb_from_qsym(model, params=None):
    """A qsym lattice model as a PythTB model, from qsym's own hopping table
    (:func:`qsym.model.discretize.hoppings`, ``H(k) = sum_R T_R e^{ik.R}``): each pair +-R once
    (PythTB adds the conjugate), on-site terms as R = 0 hoppings, orbitals at ``Model.orbitals``
    (reduced coordinates; the origin by default)."""
    from qsym.model.discretize import hoppings

    table = hoppings(model, params)
    A = np.array([[float(c) for c in a] for a in model.lattice])
    N = next(iter(table.values())).shape[0]
    tau = (np.array([[float(c) for c in t] for t in model.orbitals]) @ np.linalg.inv(A) if model.orbitals
           else np.zeros((N, len(A))))
    tb = pythtb.tb_model(len(A), len(A), A.tolist(), tau.tolist())
    T0 = table.get((0,) * len(A), np.zeros((N, N)))
    tb.set_onsite(np.real(np.diag(T0)).tolist())
    for i in range(N):
        for j in range(i + 1, N):
            if abs(T0[i, j]) > 0:
                tb.set_hop(complex(T0[i, j]), i, j, [0] * len(A))
    for R, T in table.items():
        if R <= tuple(-c for c in R):          # one of each pair R, -R (and not R = 0)
            continue
        for i in range(N):
            for j in range(N):
                if abs(T[i, j]) > 0:
                    tb.set_hop(complex(T[i, j]), i, j, list(R), mode="add")
    return tb


def wannierberri_responses(model, energies, kT: float, nk: int = 200, params=None) -> dict:
    """AHC, Berry curvature dipole (Fermi sea) and nonlinear Drude (Fermi sea) of a 2D lattice
    model by WannierBerri on an nk x nk grid, Fermi-Dirac smoothed at kT [eV], with
    ``constant_factor = 1``: the bare integrals int [dk] Omega_z f, int [dk] d_b Omega_z f,
    int [dk] d_b d_c v_a f with [dk] = d^3k/(2 pi)^3; the third direction is a unit vector, so
    they equal the 2D integrals d^2k/(2 pi)^2 (WannierBerri's length unit is qsym's nm here)."""
    import wannierberri as wb
    from scipy.constants import Boltzmann, elementary_charge

    system = wb.system.System_R.from_pythtb(pythtb_from_qsym(model, params), berry=True)
    grid = wb.Grid(system, NK=(nk, nk, 1))
    E = np.asarray(energies, float)
    step = kT / 10                 # the smoother resolves -f' with 10 points per kT
    fine = np.arange(E.min() - 20 * kT, E.max() + 20 * kT + step / 2, step)
    # -f' kept to 16 kT (WannierBerri's default cut at 8 kT drops e^-8 of the band's weight:
    # ~1e-5 here, which dominates a Fermi energy in a gap)
    smoother = wb.smoother.FermiDiracSmoother(fine, kT * elementary_charge / Boltzmann, maxdE=16)
    calc = {"ahc": wb.calculators.static.AHC(Efermi=fine, constant_factor=1.0, tetra=True, smoother=smoother),
            "bcd": wb.calculators.static.BerryDipole_FermiSea(Efermi=fine, tetra=True, smoother=smoother),
            "drude": wb.calculators.static.NLDrude_FermiSea(Efermi=fine, constant_factor=1.0, tetra=True,
                                                            smoother=smoother)}
    result = wb.run(system, grid=grid, calculators=calc, parallel=False, print_progress_step_time=1e9,
                    fout_name="/tmp/wb_qsym", use_irred_kpt=False, symmetrize=False)
    out = {}
    for name in calc:
        data = result.results[name].dataSmooth
        out[name] = np.array([np.interp(E, fine, data[(slice(None),) + idx]) for idx in np.ndindex(*data.shape[1:])]).T
    return out
