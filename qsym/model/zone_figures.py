"""Figures of a lattice model (``Model(lattice=...)``): bands along its path through the
high-symmetry points, the Berry curvature and quantum metric of the lowest group on the
Brillouin zone (in 3D its plane kappa_3 = 0), and the Wilson-loop spectrum (hybrid Wannier
centres) of the lower half of the bands. :mod:`qsym.model.figures` adds the responses."""

from __future__ import annotations

import textwrap

import numpy as np

from .spec import Model, argument_name

__all__ = ["zone_figures"]


def _kw(model: Model, k: np.ndarray) -> dict:
    """Generated-function arguments at Cartesian k (..., d) and the typical parameter values."""
    out = {argument_name(p.symbol): p.value for p in model.used_parameters}
    out.update({str(s).replace("_", ""): k[..., a] for a, s in enumerate(model.momenta)})
    return out


def _values(model: Model) -> str:
    return ", ".join(f"{p.symbol} = {p.value:g} {p.units}" for p in model.used_parameters)


def bands_along_path(model: Model, mod, out) -> list:
    import matplotlib.pyplot as plt

    from ..plotting import save_figure
    from .responses import group_names
    from .topology import bloch_hamiltonian
    from .zone import band_path

    path = band_path(model, bloch_hamiltonian(model))
    fig, ax = plt.subplots(figsize=(5.6, 4.0))
    for i, g in enumerate(group_names(mod)):
        E = np.asarray(getattr(mod, f"energy_{g}")(**_kw(model, path["k"])), float)
        ax.plot(path["x"], E, f"C{i}", lw=1.6, label=f"{g} group")
    for b in range(path["energies"].shape[1]):          # every band, from eigvalsh: a group may hold several
        ax.plot(path["x"], path["energies"][:, b], color="k", lw=0.5, ls=":")
    for x in path["ticks"]:
        ax.axvline(x, color="0.7", lw=0.6)
    ax.set_xticks(path["ticks"], [r"$\Gamma$" if n in ("G", "Gamma") else n for n in path["labels"]])
    ax.set(xlim=(path["x"][0], path["x"][-1]), ylabel=f"E ({model.energy_unit})",
           title=f"{model.name}: bands along {'-'.join(path['labels'])}")
    ax.title.set_fontsize(9)
    ax.legend(fontsize=8, title="groups (bands dotted)", title_fontsize=7)
    return [save_figure(fig, out, f"{model.name}_bands.png")]


def geometry_on_zone(model: Model, mod, out) -> list:
    import matplotlib.pyplot as plt

    from ..plotting import save_figure
    from .responses import group_names, masked
    from .zone import reciprocal_vectors

    B = reciprocal_vectors(model)
    d = len(model.momenta)
    q = np.linspace(-0.5, 0.5, 161)
    kappa = np.zeros((q.size, q.size, d))
    kappa[..., 0], kappa[..., 1] = np.meshgrid(q, q, indexing="ij")
    k = kappa @ B
    lowest = group_names(mod)[0]
    curv = masked(mod, f"berry_curvature_{lowest}", _kw(model, k))
    curv = curv[..., -1] if curv.ndim == 3 else curv
    g = masked(mod, f"quantum_metric_{lowest}", _kw(model, k))
    trace = g[..., 0] + g[..., 2 if d == 2 else 3]
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
    L = model.length_unit
    for ax, data, label, signed in ((axes[0], curv, rf"$\Omega_{{xy}}$ ({lowest} group)", True),
                                    (axes[1], trace, rf"$g_{{xx}} + g_{{yy}}$ ({lowest} group)", False)):
        top = float(np.nanmax(np.abs(data))) if np.isfinite(data).any() else 1.0
        im = ax.pcolormesh(k[..., 0], k[..., 1], data, shading="auto", cmap="RdBu_r" if signed else "viridis",
                           vmin=-top if signed else None, vmax=top if signed else None)
        fig.colorbar(im, ax=ax, label=f"{label} ({L}$^2$)")
        for b in B[:2, :2]:                          # the reciprocal vectors spanning the cell drawn
            ax.annotate("", xy=b[:2] / 2, xytext=(0, 0), arrowprops=dict(arrowstyle="->", color="k", lw=0.8))
        ax.set(xlabel=f"$k_x$ ({L}$^{{-1}}$)", ylabel=f"$k_y$ ({L}$^{{-1}}$)", aspect="equal")
    plane = " (plane kappa_3 = 0)" if d == 3 else ""
    fig.suptitle(f"{model.name}: Berry curvature and quantum metric on the reciprocal cell{plane} "
                 f"(arrows: b1/2, b2/2) at {_values(model)}", fontsize=9)
    return [save_figure(fig, out, f"{model.name}_geometry.png")]


def wilson_loop_spectrum(model: Model, mod, out) -> list:
    import matplotlib.pyplot as plt

    from ..plotting import save_figure
    from .topology import chern_number, wilson_loop

    fig, ax = plt.subplots(figsize=(5.6, 4.0))
    try:
        W = wilson_loop(model, along=1, across=0)
    except ValueError as exc:                        # a gapless lower half has no Wilson loops
        ax.text(0.5, 0.5, "no Wilson loops of the lower half of the bands:\n" + "\n".join(
            textwrap.wrap(str(exc), 60)), ha="center", va="center", transform=ax.transAxes, fontsize=8)
        ax.set(xticks=[], yticks=[], title=f"{model.name}: Wilson loops along $b_2$")
        return [save_figure(fig, out, f"{model.name}_wilson_loop.png")]
    for s in (-1, 0, 1):                             # centres are defined modulo 1: show the neighbours
        ax.plot(W.kappa, W.centres + s, ".", ms=2.5, color="C0" if s == 0 else "0.7")
    try:
        C = f"C = {chern_number(model).value}, "
    except ValueError:
        C = ""
    ax.set(xlim=(0, 1), ylim=(-0.5, 1.5), xlabel=r"$\kappa_1$ (reduced coordinate along $b_1$)",
           ylabel=r"hybrid Wannier centre $x_2$ (units of $a_2$)",
           title=f"{model.name}: Wilson loops along $b_2$, lower half of the bands\n"
                 f"({C}winding {W.winding}; grey: the same centres shifted by one cell)")
    ax.title.set_fontsize(9)
    return [save_figure(fig, out, f"{model.name}_wilson_loop.png")]


def zone_figures(model: Model) -> dict:
    """``{name: draw(generated_module, out_dir)}`` of a lattice model (bands along the path
    when the model states its high-symmetry points)."""
    out = {}
    if model.points:
        out["bands"] = lambda mod, o: bands_along_path(model, mod, o)
    out["geometry"] = lambda mod, o: geometry_on_zone(model, mod, o)
    out["wilson_loop"] = lambda mod, o: wilson_loop_spectrum(model, mod, o)
    return out
