"""Figures of ``localization``, drawn from the generated kernels.

* ``hln_curves``: HLN magnetoconductance for WL (alpha = 1) and WAL (alpha = -1/2), with
  the low-field B^2 law and the high-field logarithm.
* ``alpha_L_scaling``: alpha_L(L) of 004 Eq. (12) in the style of its Fig. 4: a gapless
  bottom channel (alpha^b = 1) plus a top channel at the band edge (alpha^t = -1), without
  inter-surface scattering (l^b = inf, alpha_L -> 1) and with it (finite l^b, alpha_L -> 0).
  The channel lengths are illustrative, in units of l_m.
* ``semimagnetic_hall``: sigma_xy(eF) of the semimagnetic film (V0 = 0.1 eV, v = 0.41 eV nm
  as in 004's Fig. 2) for two Wilson terms b and the bare-cone limit b -> 0. With electron
  charge -e and V0 > 0 the plateau is at -e^2/(2h); 004 quotes its magnitude.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from qsym.plotting import save_figure

from .parameters import B_PHI, V0, V_DIRAC

FIGURES = ("hln_curves", "alpha_L_scaling", "semimagnetic_hall")


def hln_curves(mod, out: Path) -> list[Path]:
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    B = np.linspace(-2, 2, 801)
    for a, label, c in ((1.0, r"WL, $\alpha = 1$", "C0"), (-0.5, r"WAL, $\alpha = -1/2$", "C3")):
        ax1.plot(B, mod.hln(B, B_phi=B_PHI, alpha=a), c, label=label)
    ax1.set(xlabel="B (T)", ylabel=r"$\Delta\sigma$ ($e^2/h$)", title=rf"HLN, $B_\phi$ = {B_PHI} T")
    ax1.axhline(0, color="0.6", lw=0.5)
    ax1.legend()
    u = np.logspace(-3, 3, 400)
    ax2.loglog(u, mod.hln(u, B_phi=1.0, alpha=1.0), "C0", label=r"$\Delta\sigma/\alpha$ (HLN)")
    ax2.loglog(u[u < 1], u[u < 1] ** 2 / (24 * np.pi), "k--", lw=1, label=r"$(B/B_\phi)^2/24\pi$")
    hi = u > 20
    ax2.loglog(u[hi], (np.log(u[hi]) - np.euler_gamma - 2 * np.log(2)) / np.pi, "k:", lw=1.5,
               label=r"$[\ln(B/B_\phi) + \psi(1/2)]/\pi$")
    ax2.set(xlabel=r"$B/B_\phi$", ylabel=r"$\Delta\sigma/\alpha$ ($e^2/h$)", ylim=(1e-8, 3))
    ax2.legend()
    return [save_figure(fig, out, "localization_hln_curves.png")]


def alpha_L_scaling(mod, out: Path) -> list[Path]:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    L = np.logspace(-1, 3, 400)  # in units of l_m
    cases = [
        ("one gapless cone", [1.0], [np.inf], "k"),
        (r"$\zeta = 0$: $\alpha^t=-1, l^t=3$; $\alpha^b=1, l^b=\infty$", [-1.0, 1.0], [3.0, np.inf], "C0"),
        (r"$\zeta > 0$: $\alpha^t=-1, l^t=3$; $\alpha^b=1, l^b=30$", [-1.0, 1.0], [3.0, 30.0], "C3"),
        (r"top channel WAL: $\alpha^t=1, l^t=3$; $\alpha^b=1, l^b=30$", [1.0, 1.0], [3.0, 30.0], "C2"),
    ]
    for label, alphas, ls, c in cases:
        ax.semilogx(L, mod.alpha_L(L, alphas=alphas, ls=ls), c, label=label)
    ax.axhline(0, color="0.6", lw=0.5)
    ax.set(xlabel=r"$L/l_m$", ylabel=r"$\alpha_L = \pi (h/e^2)\, \partial\sigma/\partial\ln L$",
           title="004 Eq. (12): Cooperon channels")
    ax.legend(fontsize=8)
    return [save_figure(fig, out, "localization_alpha_L_scaling.png")]


def semimagnetic_hall(mod, out: Path) -> list[Path]:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    eF = np.linspace(-0.4, 0.4, 1601)
    ax.axvspan(-V0, V0, color="0.92", label=r"top gap $|\epsilon_F| < V_0$")
    for b, c in ((0.5, "C3"), (0.1, "C0")):
        ax.plot(eF, mod.semimagnetic_sigma_xy(eF, V0=V0, v=V_DIRAC, b=b), c, label=rf"$b$ = {b} eV nm$^2$")
    bare = mod.dirac_sigma_xy(eF, m=V0) + mod.dirac_sigma_xy(eF, m=0.0)
    ax.plot(eF, bare, "k--", lw=1, label=r"bare cones ($b \to 0$): $-V_0/2|\epsilon_F|$ above the gap")
    ax.axhline(-0.5, color="0.5", lw=0.5, ls=":")
    ax.set(xlabel=r"$\epsilon_F$ (eV)", ylabel=r"$\sigma_{xy}$ ($e^2/h$)", ylim=(-0.9, -0.02),
           title=rf"Semimagnetic film, $V_0$ = {V0} eV, $v$ = {V_DIRAC} eV nm")
    # what the check semimagnetic_film_has_half_quantized_plateau_in_the_top_gap establishes
    ax.text(0.0, -0.77, "in the top gap: $\\sigma_{xy} = -1/2 - (b/2)\\,k_F/\\sqrt{v^2 + b^2 k_F^2}"
            " \\approx -1/2 - b|\\epsilon_F|/(2v^2)$:\n"
            "exactly $-1/2$ at $\\epsilon_F = 0$ and for $b \\to 0$; the tilt is the gapless bottom cone's "
            "Fermi-surface term.\nSign: electrons of charge $-e$; the paper's $+e^2/2h$ is the same plateau "
            "in its convention.", ha="center", va="center", fontsize=7.5,
            bbox=dict(boxstyle="round", fc="white", ec="0.7"))
    ax.legend(fontsize=8, loc="upper center")
    return [save_figure(fig, out, "localization_semimagnetic_hall.png")]
