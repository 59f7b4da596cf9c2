"""Figures of ``helical_edge_spin_texture``, drawn from the generated kernels.

* ``fig2_linear_conductance``: delta G_L / G0 against T/(v_F k0) for the four coupling sets of
  the paper's Fig. 2 (Eq. 14, exact in the texture), with the exact master-equation route
  (``delta_G_exact`` at V = 0, no closed form used) as markers and the isotropic T^4 law of
  Eq. (16) dashed.
* ``fig3_crossover``: the crossover delta G_iso(T, V) / delta G_iso_L(T) against eV/2T
  (Eq. 18, from ``delta_G_iso``) with its two limits (1, and 5/8 (u/pi)^4 of Eq. 17), and the
  exact master-equation ratio at two temperatures, where the fourth-order expansion is seen
  to hold or to fail. Inset: the polarization ratio S_x / S_x^(0) of Eq. (19), with the exact
  route beside it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from qsym.plotting import save_figure

from .parameters import FIG2_COUPLINGS

FIGURES = ("fig2_linear_conductance", "fig3_crossover")


def fig2_linear_conductance(mod, out: Path) -> list[Path]:
    import matplotlib.pyplot as plt

    T = np.linspace(0.05, 0.3, 101)
    Tm = np.linspace(0.05, 0.3, 11)
    fig, ax = plt.subplots(figsize=(9.0, 4.6))
    for label, J, color in FIG2_COUPLINGS:
        ax.plot(T, mod.delta_G_linear(T, *J), color=color, label=label)
        ax.plot(Tm, mod.delta_G_exact(Tm, 0.0, *J), "o", color=color, mfc="none", ms=5)
    # the T^4 law of Eq. (16): the fourth-order kernel at a temperature inside its domain, scaled as T^4
    # (the kernel itself refuses T > 0.03, where the expansion is off by more than 1e-3)
    T0 = 0.01
    ax.plot(T, mod.delta_G_iso(T0, 0.0, 0.25) * (T / T0) ** 4, "k--", lw=1, label=r"isotropic $T^4$ law, Eq. (16)")
    ax.plot([], [], "o", color="0.3", mfc="none", label="exact master equation (quadrature)")
    ax.set(xlabel=r"$T/(v_F k_0)$", ylabel=r"$\delta G_L / G_0$", xlim=(0.05, 0.3), ylim=(-0.04, 0.0),
           title="Fig. 2: linear conductance correction (Eq. 14)")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False)  # beside the curves
    return [save_figure(fig, out, "helical_edge_spin_texture_fig2_linear_conductance.png")]


def fig3_crossover(mod, out: Path) -> list[Path]:
    import matplotlib.pyplot as plt

    J = 0.25
    u = np.logspace(-1, 1, 121)
    T0 = 0.001  # the expanded ratio depends on u only; max(T, V/2) = 20 T0 stays inside the kernels' domain
    ratio = mod.delta_G_iso(T0, 2 * u * T0, J) / mod.delta_G_iso(T0, 0.0, J)
    fig, ax = plt.subplots(figsize=(6.4, 4.8))
    ax.plot(np.log10(u), np.log10(ratio), "k", label="Eq. (18), fourth order in the texture")
    ax.plot(np.log10(u), 0 * u, "k-.", lw=1, label=r"linear response, $eV \ll T$")
    ax.plot(np.log10(u), np.log10(5 / 8 * (u / np.pi) ** 4), "k--", lw=1, label=r"Eq. (17), $T \ll eV$")
    ue = np.logspace(-1, 1, 25)
    for T, color in ((0.02, "C0"), (0.1, "C3")):
        exact = mod.delta_G_exact(T, 2 * ue * T, J, J, J) / mod.delta_G_exact(T, 0.0, J, J, J)
        ax.plot(np.log10(ue), np.log10(exact), "o", color=color, mfc="none", ms=4,
                label=rf"exact master equation, $T/(v_Fk_0) = {T}$")
    ax.set(xlabel=r"$\log_{10}(eV/2T)$", ylabel=r"$\log_{10}[\delta G^{iso}(T,V)/\delta G^{iso}_L(T)]$",
           title="Fig. 3: crossover from the $T^4$ to the $(eV)^4$ law", ylim=(-0.6, 2.4))
    ax.legend(fontsize=7, loc="upper left")

    inset = ax.inset_axes([0.1, 0.37, 0.34, 0.3])   # the empty region under the legend
    ui = np.linspace(0.0, 20.0, 201)
    du = 1e-6
    Sx = mod.impurity_polarization(T0, 2 * ui * T0, J)[..., 0]
    Sx0 = ui * mod.impurity_polarization(T0, 2 * du * T0, J)[..., 0] / du  # the kernel's own linear limit
    with np.errstate(invalid="ignore", divide="ignore"):
        inset.plot(ui[1:], Sx[1:] / Sx0[1:], "k", lw=1)
        uq = np.linspace(0.5, 20, 14)
        Te = 0.02
        Sxe = mod.impurity_polarization_exact(Te, 2 * uq * Te, J, J, J)[..., 0]
        Sxe0 = uq * mod.impurity_polarization_exact(Te, 2 * du * Te, J, J, J)[..., 0] / du
        inset.plot(uq, Sxe / Sxe0, "o", color="C0", mfc="none", ms=3)
    inset.set(xlabel=r"$eV/2T$", ylabel=r"$S_x/S_x^{(0)}$", xlim=(0, 20))
    inset.tick_params(labelsize=7)
    inset.xaxis.label.set_size(7)
    inset.yaxis.label.set_size(7)
    return [save_figure(fig, out, "helical_edge_spin_texture_fig3_crossover.png")]
