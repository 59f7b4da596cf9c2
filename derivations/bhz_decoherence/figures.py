"""Figures 2-4 of Zhang et al. (arXiv:2604.26698), drawn with the generated kernels.

Parameters are the paper's (M = 5 meV, A pi/a = 1.1 eV, B (pi/a)^2 = 7.0 eV, U/a^2 = 23 eV,
a = 0.65 nm). The paper does not print its impurity densities or the Fermi energy of
Figs. 2(c,d) and 4; we use n_i = 0.5, 1, 2 x 10^-3 nm^-2 (0.5-2 x 10^11 cm^-2) and eF = 0 (mid
gap), which give conductivities of order e^2/h as the text describes. Temperatures are shown
in kelvin (k_B = 8.617333e-5 eV/K).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from qsym.plotting import save_figure as _save

from .parameters import K_B, N_I, paper_parameters

FIGURES = ("fig2", "fig3", "fig4")


def _params(M: float = 0.005) -> dict:
    return paper_parameters(M)


def fig2(mod, out: Path) -> list[Path]:
    """Fig. 2: (a,b) sigma vs eF at T = 0; (c,d) sigma vs T at eF = 0 for MB > 0 and MB < 0."""
    import matplotlib.pyplot as plt

    p = _params()
    ef = np.linspace(-0.05, 0.05, 401)
    temps = np.linspace(0.0, 300.0, 121)
    fig, axes = plt.subplots(2, 2, figsize=(10, 7.5))
    for ax, fn, label in ((axes[0, 0], mod.sigma_parallel, r"$\sigma^\parallel_L$"),
                          (axes[0, 1], mod.sigma_perp, r"$\sigma^\perp_L$")):
        for n in N_I:
            ax.plot(ef * 1e3, fn(ef, 0.0, n, **p), label=rf"$n_i = {n * 1e3:g}\times10^{{-3}}$ nm$^{{-2}}$")
        ax.axvspan(-p["M"] * 1e3, p["M"] * 1e3, color="0.9", zorder=0, label="bulk gap")
        ax.set_xlabel(r"$\epsilon_F$ (meV)")
        ax.set_ylabel(label + r" ($e^2/h$), $T = 0$")
        ax.legend(fontsize=8)
    panels = ((axes[1, 0], mod.sigma_parallel, r"$\sigma^\parallel_L$"),
              (axes[1, 1], mod.sigma_perp, r"$\sigma^\perp_L$"))
    for ax, fn, label in panels:
        for M, style in ((0.005, "-"), (-0.005, "--")):
            for n in N_I[1:]:
                regime = "MB>0 (topological)" if M > 0 else "MB<0 (trivial)"
                ax.plot(temps, fn(0.0, K_B * temps, n, **_params(M)), style,
                        label=rf"{regime}, $n_i = {n * 1e3:g}\times10^{{-3}}$ nm$^{{-2}}$")
        ax.set_xlabel(r"$T$ (K)")
        ax.set_ylabel(label + r" ($e^2/h$), $\epsilon_F = 0$")
        ax.legend(fontsize=7)
    for ax, tag in zip(axes.flat, "abcd"):
        ax.set_title(f"({tag})", loc="left")
    fig.suptitle("Fig. 2: decoherence conductivities, ordinary (a,c) and anomalous (b,d)")
    return [_save(fig, out, "bhz_decoherence_fig2.png")]


def fig3(mod, out: Path) -> list[Path]:
    """Fig. 3: sigma vs n_i for several eF (a,b) and several M at eF = 0 (c,d); T = 0."""
    import matplotlib.pyplot as plt

    p = _params()
    ns = np.logspace(-5, -1.5, 60)
    fig, axes = plt.subplots(2, 2, figsize=(10, 7.5))
    # sigma_perp changes sign: it is drawn signed on a symmetric-log axis (log beyond
    # linthresh), never as |sigma_perp|; coinciding curves keep distinct dashes and markers
    styles = (dict(ls="-", lw=2.2), dict(ls="--", lw=1.6, marker="o", markevery=7, ms=3),
              dict(ls="-.", lw=1.4, marker="s", markevery=(3, 7), ms=3), dict(ls=":", lw=1.8))
    for col, (fn, label) in enumerate(((mod.sigma_parallel, r"$\sigma^\parallel_L$"),
                                       (mod.sigma_perp, r"$\sigma^\perp_L$"))):
        signed = col == 1
        curves = [(e, fn(e, 0.0, ns, **p)) for e in (0.0, 0.01, 0.02, 0.04)]
        ax = axes[0, col]
        for (e, y), style in zip(curves, styles):
            same = [f"{c:g}" for c, yc in curves if c != e and np.allclose(yc, y, rtol=1e-2)]
            note = f" (= {', '.join(same)} meV)" if same and e < max(float(c) for c in same) else ""
            ax.plot(ns, y if signed else np.abs(y), **style, label=rf"$\epsilon_F = {e * 1e3:g}$ meV" + note)
        ax.plot(ns, ns / ns[0] * fn(0.0, 0.0, ns[0], **p), "k:", lw=1, label=r"$\propto n_i$")
        ax.set_ylabel(label + r" ($e^2/h$), $T = 0$")
        ax.legend(fontsize=8)
        ax = axes[1, col]
        for M in (0.005, 0.01, 0.02, -0.005, -0.01):
            y = fn(0.0, 0.0, ns, **_params(M))
            ax.plot(ns, y if signed else np.abs(y), "-" if M > 0 else "--", label=rf"$M = {M * 1e3:g}$ meV")
        ax.set_ylabel(label + r" ($e^2/h$), $\epsilon_F = 0$, $T = 0$")
        ax.legend(fontsize=8)
        for ax in axes[:, col]:
            ax.set_xscale("log")
            if signed:
                top = max(float(np.max(np.abs(line.get_ydata()))) for line in ax.get_lines())
                ax.set_yscale("symlog", linthresh=top * 1e-2, linscale=0.6)
                ax.axhline(0, color="0.6", lw=0.6)
            else:
                ax.set_yscale("log")
    for ax, tag in zip(axes.flat, "abcd"):
        ax.set_xlabel(r"$n_i$ (nm$^{-2}$)")
        ax.set_title(f"({tag})", loc="left")
    fig.suptitle(r"Fig. 3: linear scaling with impurity density, $T = 0$")
    return [_save(fig, out, "bhz_decoherence_fig3.png")]


def fig4(mod, out: Path) -> list[Path]:
    """Fig. 4: Drude vs decoherence contributions against T (a) and n_i (b), eF = 0."""
    import matplotlib.pyplot as plt

    p = _params()
    temps = np.linspace(1.0, 300.0, 120)
    ns = np.logspace(-4.5, -2, 60)
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    n0, t0 = 1e-3, K_B * 150.0

    def channels(kt, n):
        dia = mod.sigma_drude(0.0, kt, n, **p)
        off = mod.sigma_parallel(0.0, kt, n, **p) + mod.sigma_perp(0.0, kt, n, **p)
        return dia, off, dia + off

    labels = (r"$\sigma^{\rm dia}_L$ (Drude, both spins)",
              r"$\sigma^{\rm off}_L = \sigma^\parallel_L + \sigma^\perp_L$", r"$\sigma_L$")
    for ax, x, curves, log in ((axes[0], temps, channels(K_B * temps, n0), False),
                               (axes[1], ns, channels(t0, ns), True)):
        for y, label, style in zip(curves, labels, ("-", "-", "k-")):
            (ax.loglog if log else ax.plot)(x, y, style, label=label)
        ax.legend(fontsize=8)
    axes[0].set_xlabel(r"$T$ (K)")
    axes[0].set_ylabel(rf"$\sigma$ ($e^2/h$), $n_i = {n0:g}$ nm$^{{-2}}$")
    axes[1].set_xlabel(r"$n_i$ (nm$^{-2}$)  [Drude $\propto 1/n_i$, decoherence $\propto n_i$]")
    axes[1].set_ylabel(r"$\sigma$ ($e^2/h$), $T = 150$ K")
    for ax, tag in zip(axes, "ab"):
        ax.set_title(f"({tag})", loc="left")
    fig.suptitle(r"Fig. 4: Drude and decoherence channels, $\epsilon_F = 0$ (Drude uses the spin-summed Eq. 10)")
    return [_save(fig, out, "bhz_decoherence_fig4.png")]
