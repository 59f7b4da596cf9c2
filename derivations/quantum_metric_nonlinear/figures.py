"""Fig. 2 (a)-(d) of Qiang et al. (quantum-metric nonlinear transport), from the generated kernels.

Parameters are the paper's: v = 1 eV nm, m = 0.1 eV, b = 1 eV nm^2, t/v in {0, 0.5, 0.9},
eF = 0.25 eV for panels (a), (b), (d). Panel (c) is at kT = 0 (the exact Fermi-line
integral); the paper does not state its temperature. Lambda^{xyy} is the dipole of the upper
band pair (summed over its two states), shown as hbar Lambda in nm^3; sigma in
e^3/hbar x nm/eV.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from qsym.plotting import save_figure as _save

from .parameters import EF, MODEL, T_OVER_V

FIGURES = ("fig2a", "fig2b", "fig2c", "fig2d")




def _fermi_line(mod, t, eF=EF, n=721):
    """Points of the Fermi line eps_+ = eF, from a fine polar scan around k = 0 (one crossing
    per ray for eF above m, where the line encloses the origin)."""
    th = np.linspace(0, 2 * np.pi, n)
    s = np.linspace(1e-4, 2.0, 4000)
    e = mod.band_energy(s[None, :] * np.cos(th)[:, None], s[None, :] * np.sin(th)[:, None], t=t, **MODEL)
    idx = np.argmax(e >= eF, axis=1)
    s0, s1 = s[idx - 1], s[idx]
    e0, e1 = e[np.arange(n), idx - 1], e[np.arange(n), idx]
    r = s0 + (eF - e0) * (s1 - s0) / (e1 - e0)
    return r * np.cos(th), r * np.sin(th)


def fig2a(mod, out: Path) -> list[Path]:
    import matplotlib.pyplot as plt

    t = 0.9 * MODEL["v"]
    kx = np.linspace(-0.8, 0.8, 401)
    fig, ax = plt.subplots(1, 2, figsize=(8, 3.4), sharey=True)
    for a, (label, qx, qy) in zip(ax, (("k_x (k_y = 0)", kx, 0 * kx), ("k_y (k_x = 0)", 0 * kx, kx))):
        e = mod.band_energy(qx, qy, t=t, **MODEL)
        a.plot(kx, e, "C0")
        a.plot(kx, -e, "C0")
        a.axhline(EF, color="k", ls="--", lw=0.8)
        a.set_xlabel(label + r" [nm$^{-1}$]")
    ax[0].set_ylabel(r"$\varepsilon$ [eV] (each band doubly degenerate)")
    fig.suptitle(r"Fig. 2(a): bands of Eq. (20), $t/v = 0.9$, $\varepsilon_F = 0.25$ eV")
    return [_save(fig, out, "quantum_metric_nonlinear_fig2a.png")]


def fig2b(mod, out: Path) -> list[Path]:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4.4))
    lines = [_fermi_line(mod, tv * MODEL["v"]) for tv in T_OVER_V]
    vals = [mod.qm_dipole(x, y, "xyy", t=tv * MODEL["v"], **MODEL) for (x, y), tv in zip(lines, T_OVER_V)]
    lim = max(np.max(np.abs(v_)) for v_ in vals)
    for n, ((x, y), val, tv) in enumerate(zip(lines, vals, T_OVER_V)):
        sc = ax.scatter(x, y, c=val, cmap="RdBu_r", vmin=-lim, vmax=lim, s=4)
        # labels to the right of the rings, inside the axes (the x range leaves room for them)
        ax.annotate(f"t/v = {tv:g}", (float(x.max()), 0.0), xytext=(0.33, -0.06 - 0.05 * n),
                    textcoords="data", fontsize=8, va="center", arrowprops=dict(arrowstyle="-", lw=0.5))
    fig.colorbar(sc, label=r"$\hbar\Lambda^{xyy}$ [nm$^3$]")
    ax.set_xlim(right=0.45)
    ax.set_aspect("equal")
    ax.set_xlabel(r"$k_x$ [nm$^{-1}$]")
    ax.set_ylabel(r"$k_y$ [nm$^{-1}$]")
    ax.set_title(r"Fig. 2(b): Fermi lines at $\varepsilon_F = 0.25$ eV")
    return [_save(fig, out, "quantum_metric_nonlinear_fig2b.png")]


def fig2c(mod, out: Path) -> list[Path]:
    import matplotlib.pyplot as plt

    eF = np.linspace(0.0, 0.5, 251)
    fig, ax = plt.subplots(figsize=(5, 3.8))
    for tv in T_OVER_V:
        ax.plot(eF, mod.sigma_qm("xyy", eF, 0.0, t=tv * MODEL["v"], **MODEL), label=f"t/v = {tv:g}")
    ax.axhline(0, color="k", lw=0.5)
    ax.set_xlabel(r"$\varepsilon_F$ [eV]")
    ax.set_ylabel(r"$\sigma^{qm}_{xyy}$ [$e^3/\hbar$ nm/eV]")
    ax.set_title(r"Fig. 2(c): WPD (Eq. 13), $T = 0$")
    ax.legend()
    return [_save(fig, out, "quantum_metric_nonlinear_fig2c.png")]


def fig2d(mod, out: Path) -> list[Path]:
    import matplotlib.pyplot as plt

    t = 0.9 * MODEL["v"]
    q = np.linspace(-0.6, 0.6, 301)
    KX, KY = np.meshgrid(q, q, indexing="ij")
    lam = mod.qm_dipole(KX, KY, "xyy", t=t, **MODEL)
    lim = np.percentile(np.abs(lam), 99.5)
    fig, ax = plt.subplots(figsize=(5, 4.4))
    pc = ax.pcolormesh(KX, KY, lam, cmap="RdBu_r", vmin=-lim, vmax=lim, shading="auto")
    x, y = _fermi_line(mod, t)
    ax.plot(x, y, "k", lw=0.8)
    fig.colorbar(pc, label=r"$\hbar\Lambda^{xyy}$ [nm$^3$]")
    ax.set_aspect("equal")
    ax.set_xlabel(r"$k_x$ [nm$^{-1}$]")
    ax.set_ylabel(r"$k_y$ [nm$^{-1}$]")
    ax.set_title(r"Fig. 2(d): $\Lambda^{xyy}(k)$, $t/v = 0.9$")
    return [_save(fig, out, "quantum_metric_nonlinear_fig2d.png")]
