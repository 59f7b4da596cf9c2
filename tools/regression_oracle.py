"""Regression oracle for refactors: the values of every public generated function at fixed points.

Not a correctness reference (the numbers come from the code itself) and not run in CI: a
refactoring aid. ``python tools/regression_oracle.py record FILE`` writes the values of the
current checkout; ``python tools/regression_oracle.py compare OLD NEW`` lists the functions
whose values moved by more than 1e-15 relative. ``regression_oracle_71ec737.json`` holds the
values before the architecture refactor (commit 71ec737).
"""
import importlib, json, sys
import numpy as np

P_BHZ = dict(M=0.005, A=1.1 * 0.65 / np.pi, B=7.0 * 0.65**2 / np.pi**2, U=23.0 * 0.65**2)
P_BHZ_NEG = dict(M=-0.01, A=0.3, B=0.4, U=5.0)
FIG2 = dict(v=1.0, m=0.1, b=1.0, t=0.9)
k = np.array([0.0, 1e-3, 0.05, 0.3, 1.0, 3.0])
eF = np.array([-0.03, -0.004, 0.0, 0.002, 0.02, 0.05])
kT = np.array([0.0, 1e-3, 0.01])
kx = np.array([0.0, 0.1, -0.3, 0.7]); ky = np.array([0.0, 0.2, 0.5, -0.6])

def cases():
    b = "bhz_decoherence"
    for p in (P_BHZ, P_BHZ_NEG):
        for f in ("band_energy", "dos", "berry_curvature"):
            yield b, f, (k,), {kk: p[kk] for kk in "MAB"}
        for f in ("gamma", "gamma_anomalous", "tau_parallel", "tau_perp"):
            yield b, f, (k, 1e-3), dict(p)
        yield b, "fermi_momentum", (eF,), {kk: p[kk] for kk in "MAB"}
        for f in ("sigma_parallel_integrand", "sigma_perp_integrand", "sigma_drude_integrand"):
            yield b, f, (k[1:], 0.02, 0.005, 1e-3), p
        for f in ("sigma_parallel", "sigma_perp", "sigma_drude"):
            yield b, f, (eF[:, None], kT[None, :], 1e-3), p
    h = "helical_edge_spin_texture"
    x = np.array([0.0, 1e-3, 0.009, 0.3, 2.0, 7.0, 19.0, 25.0, 100.0])
    yield h, "Ic", (x,), {}
    yield h, "Is", (x,), {}
    T = np.array([0.0, 0.01, 0.05, 0.2])
    yield h, "delta_G_linear", (T, 0.3, 0.2, 0.1), {}
    yield h, "delta_G_linear", (T, 0.3, 0.0, 0.0), {}
    V = np.array([-0.3, 0.0, 0.001, 0.02, 0.1, 0.4])
    yield h, "delta_G_iso", (T[:, None], V[None, :], 0.3), {}
    yield h, "impurity_polarization", (T[:, None], V[None, :], 0.3), {}
    yield h, "delta_G_exact", (np.array([0.0, 0.05, 0.1]), np.array([0.0, 0.1, 0.3]), 0.3, 0.2, 0.25), {}
    yield h, "impurity_polarization_exact", (np.array([0.0, 0.05, 0.1]), np.array([0.0, 0.1, 0.3]), 0.3, 0.2, 0.25), {}
    l = "localization"
    r = np.array([1.0, 2.0, 50.0, 1e4])
    for dim in (1, 2, 3):
        for sym in ("orthogonal", "symplectic"):
            kw = dict(dim=dim, symmetry=sym)
            if dim != 2:
                kw["mean_free_path"] = 7.0
            yield l, "wl_correction", (r,), kw
    Bf = np.array([-1.0, 0.0, 1e-6, 0.01, 0.1, 0.5, 3.0])
    yield l, "hln", (Bf,), dict(B_phi=0.05, alpha=-0.5)
    yield l, "alpha_L", (np.array([1.0, 10.0, 100.0]),), dict(alphas=[1.0, -0.5], ls=[20.0, np.inf])
    e2 = np.array([-1.0, -0.05, 0.0, 0.03, 0.2, 2.0])
    yield l, "dirac_sigma_xy", (e2,), dict(m=0.1)
    yield l, "wilson_sigma_xy", (e2,), dict(m=0.1, v=0.41, b=0.5)
    yield l, "wilson_sigma_xy", (e2,), dict(m=-0.2, v=0.3, b=-0.7)
    yield l, "semimagnetic_sigma_xy", (e2,), dict(V0=0.1, v=0.41, b=0.5)
    yield l, "finite_size_sigma_xy", (np.array([10.0, 30.0]),), dict(sigma_xy0=0.5, l_e=5.0)
    q = "quantum_metric_nonlinear"
    for f in ("band_energy", "quantum_metric", "bcp"):
        yield q, f, (kx, ky), FIG2
    for ijk in ("xxx", "xyy", "yxy", "yyy"):
        yield q, "qm_dipole", (kx, ky, ijk), FIG2
    mus = np.array([0.09, 0.15, 0.3])
    for th in ("WPD", "LKA", "QK"):
        yield q, "sigma_qm", ("xyy", mus, 0.01), dict(FIG2, theory=th)
    yield q, "sigma_qm", ("xxx", mus, 0.0), dict(FIG2, theory="LKA")
    yield q, "sigma_drude_nl", ("xxx", mus, 0.01, 2.0), FIG2
    yield q, "sigma_bcd", ("xyy", mus, 0.01, 2.0), FIG2

def main(out):
    rows = []
    for mod, fn, args, kw in cases():
        m = importlib.import_module(f"generated.{mod}")
        val = np.asarray(getattr(m, fn)(*args, **kw))
        rows.append({"module": mod, "function": fn, "kwargs": {k_: (v if not isinstance(v, float) or np.isfinite(v) else str(v)) for k_, v in kw.items() if not isinstance(v, list)},
                     "shape": list(val.shape), "real": np.real(val).ravel().tolist(), "imag": np.imag(val).ravel().tolist()})
    json.dump(rows, open(out, "w"))
    print(len(rows), "cases")



def compare(old, new) -> int:
    a = json.load(open(old)); b = json.load(open(new))
    worst = 0; bad = 0
    for x, y in zip(a, b):
        assert (x["module"], x["function"]) == (y["module"], y["function"])
        va = np.array(x["real"]) + 1j*np.array(x["imag"]); vb = np.array(y["real"]) + 1j*np.array(y["imag"])
        if va.shape != vb.shape or x["shape"] != y["shape"]:
            print("shape", x["function"]); bad += 1; continue
        same_nan = np.isnan(va) == np.isnan(vb)
        d = np.abs(va - vb) / np.maximum(np.abs(va), 1e-300)
        d = np.where(va == vb, 0, d)
        w = np.nanmax(d) if d.size else 0
        if w > 1e-15 or not same_nan.all():
            print(f"{x['module']}.{x['function']} {x['kwargs']}: worst rel {w:.2e}"); bad += 1
        worst = max(worst, w)
    print(f"{len(a)} cases, worst relative difference {worst:.2e}, {bad} over 1e-15")
    return bad


if __name__ == "__main__":
    if sys.argv[1:2] == ["record"]:
        main(sys.argv[2])
    elif sys.argv[1:2] == ["compare"]:
        raise SystemExit(1 if compare(sys.argv[2], sys.argv[3]) else 0)
    else:
        raise SystemExit(__doc__)
