"""Figures of a user model (:mod:`qsym.model`): bands along k_x, and Berry-curvature and
quantum-metric maps of the lower group at the parameters' typical values."""

from __future__ import annotations

import numpy as np

from .model_checks import GROUPS
from .model_spec import Model

__all__ = ["figures"]


def figures(model: Model) -> dict:
    """``{name: draw(generated_module, out_dir)}``: bands along k_x, Berry curvature and
    quantum-metric maps of the lower group, at the parameters' typical values."""
    def kw(mod_k):
        out = {str(p.symbol).replace("\\", ""): p.value for p in model.used_parameters}
        out.update(mod_k)
        return out

    names = [str(k).replace("_", "") for k in model.momenta]

    def grid(n=201):
        k = np.linspace(-model.k_max, model.k_max, n)
        X, Y = np.meshgrid(k, k, indexing="xy")
        base = {names[0]: X, names[1]: Y}
        if len(names) == 3:
            base[names[2]] = 0.0
        return k, base

    def bands(mod, out):
        import matplotlib.pyplot as plt

        from .plotting import save_figure

        k = np.linspace(-model.k_max, model.k_max, 401)
        args = {n: 0.0 for n in names}
        args[names[0]] = k
        fig, ax = plt.subplots(figsize=(5.6, 4.0))
        for g, c in zip(GROUPS, ("C0", "C3")):
            ax.plot(k, mod.__dict__[f"energy_{g}"](**kw(args)), c, label=f"{g} group")
        ax.set(xlabel=f"{names[0]} ({model.length_unit}$^{{-1}}$)", ylabel=f"E ({model.energy_unit})",
               title=f"{model.name}: bands along {names[0]} (other k = 0)")
        ax.legend(fontsize=8)
        return [save_figure(fig, out, f"{model.name}_bands.png")]

    def geometry(mod, out):
        import matplotlib.pyplot as plt

        from .plotting import save_figure

        k, base = grid()
        curv = np.atleast_1d(mod.__dict__["berry_curvature_lower"](**kw(base)))
        curv = curv[..., -1] if curv.ndim == 3 else curv
        g = mod.__dict__["quantum_metric_lower"](**kw(base))
        trace = g[..., 0] + g[..., 2 if len(names) == 2 else 3]
        fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
        for ax, data, label in ((axes[0], curv, r"$\Omega_{xy}$ (lower group)"),
                                (axes[1], trace, r"$g_{xx} + g_{yy}$ (lower group)")):
            signed = "Omega" in label
            top = float(np.max(np.abs(data))) or 1.0
            im = ax.pcolormesh(k, k, data, shading="auto", cmap="RdBu_r" if signed else "viridis",
                               vmin=-top if signed else None, vmax=top if signed else None)
            fig.colorbar(im, ax=ax, label=f"{label} ({model.length_unit}$^2$)")
            ax.set(xlabel=f"{names[0]} ({model.length_unit}$^{{-1}}$)",
                   ylabel=f"{names[1]} ({model.length_unit}$^{{-1}}$)", aspect="equal")
        values = ", ".join(f"{p.symbol} = {p.value:g} {p.units}" for p in model.used_parameters)
        cut = f" (plane {names[2]} = 0)" if len(names) == 3 else ""
        fig.suptitle(f"{model.name}: Berry curvature and quantum metric{cut} at {values}", fontsize=9)
        return [save_figure(fig, out, f"{model.name}_geometry.png")]

    return {"bands": bands, "geometry": geometry}
