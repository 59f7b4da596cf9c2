"""Figures of a user model (:mod:`qsym.model`): bands along k_x, Berry-curvature and
quantum-metric maps of the lowest band group at the parameters' typical values, and (2D
models) the responses of :mod:`qsym.model.responses` against the Fermi energy. Models of Clifford
form have the groups "lower" and "upper", models diagonalized numerically "band1", "band2",
...; at a band touching, where the geometry kernels refuse, the maps are left blank."""

from __future__ import annotations

import numpy as np

from .spec import Model, argument_name

__all__ = ["figures", "responses_figure"]


def figures(model: Model) -> dict:
    """``{name: draw(generated_module, out_dir)}``: bands along k_x, Berry curvature and
    quantum-metric maps of the lower group, at the parameters' typical values."""
    def kw(mod_k):
        out = {argument_name(p.symbol): p.value for p in model.used_parameters}
        out.update(mod_k)
        return out

    names = [str(k).replace("_", "") for k in model.momenta]

    def grid(n=201, half=None):
        k = np.linspace(-(half or model.k_max), half or model.k_max, n)
        X, Y = np.meshgrid(k, k, indexing="xy")
        base = {names[0]: X, names[1]: Y}
        if len(names) == 3:
            base[names[2]] = 0.0
        return k, base

    def geometry(mod, out):
        import matplotlib.pyplot as plt

        from ..plotting import save_figure

        from .responses import group_names, masked

        lowest = group_names(mod)[0]

        def maps(half):
            k, base = grid(half=half)
            curv = masked(mod, f"berry_curvature_{lowest}", kw(base))
            curv = curv[..., -1] if curv.ndim == 3 else curv
            g = masked(mod, f"quantum_metric_{lowest}", kw(base))
            return k, curv, g[..., 0] + g[..., 2 if len(names) == 2 else 3]

        k, curv, trace = maps(model.k_max)
        lives = curv if np.nanmax(np.abs(curv)) > 1e-9 * np.nanmax(np.abs(trace)) else trace
        half = _frame(k, lives)                 # where the geometry lives: redraw that region
        if half < 0.7 * model.k_max:
            k, curv, trace = maps(half)
        fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
        scale = float(np.nanmax(np.abs(trace))) if np.isfinite(trace).any() else 1.0
        for ax, data, label in ((axes[0], curv, rf"$\Omega_{{xy}}$ ({lowest} group)"),
                                (axes[1], trace, rf"$g_{{xx}} + g_{{yy}}$ ({lowest} group)")):
            signed = "Omega" in label
            top = float(np.nanmax(np.abs(data))) if np.isfinite(data).any() else 1.0
            if signed and top <= 1e-9 * scale:      # |Omega| <= tr g: below 1e-9 of it is rounding
                ax.text(0.5, 0.5, f"{label} vanishes\n(|values| <= {top:.1g} {model.length_unit}$^2$: rounding)",
                        ha="center", va="center", transform=ax.transAxes, fontsize=9)
                ax.set(xlabel=f"${names[0][0]}_{names[0][1:]}$ ({model.length_unit}$^{{-1}}$)",
                       ylabel=f"${names[1][0]}_{names[1][1:]}$ ({model.length_unit}$^{{-1}}$)", aspect="equal",
                       xlim=(-model.k_max, model.k_max), ylim=(-model.k_max, model.k_max))
                continue
            top = top or 1.0
            im = ax.pcolormesh(k, k, data, shading="auto", cmap="RdBu_r" if signed else "viridis",
                               vmin=-top if signed else None, vmax=top if signed else None)
            fig.colorbar(im, ax=ax, label=f"{label} ({model.length_unit}$^2$)")
            ax.set(xlabel=f"${names[0][0]}_{names[0][1:]}$ ({model.length_unit}$^{{-1}}$)",
                   ylabel=f"${names[1][0]}_{names[1][1:]}$ ({model.length_unit}$^{{-1}}$)", aspect="equal")
        values = ", ".join(f"{p.symbol} = {p.value:g} {p.units}" for p in model.used_parameters)
        cut = f" (plane {names[2]} = 0)" if len(names) == 3 else ""
        fig.suptitle(f"{model.name}: Berry curvature and quantum metric{cut} at {values}", fontsize=9)
        return [save_figure(fig, out, f"{model.name}_geometry.png")]

    out = {"bands": lambda mod, out_dir: _bands(model, mod, out_dir, kw, names), "geometry": geometry}
    out.update(_lattice_figures(model))
    if len(model.momenta) == 2:          # a 3D uniform grid per Fermi energy sweep is left to the user
        out["responses"] = lambda mod, out_dir: responses_figure(model, mod, out_dir)
    return out


def _bands(model: Model, mod, out, kw, names) -> list:
    """Bands along k_x and along k_y (other components 0)."""
    import matplotlib.pyplot as plt

    from ..plotting import save_figure

    from .responses import group_names

    k = np.linspace(-model.k_max, model.k_max, 401)
    fig, axes = plt.subplots(1, 2, figsize=(9.5, 4.0), sharey=True)
    for ax, along in zip(axes, names[:2]):
        args = {n: 0.0 for n in names}
        args[along] = k
        for i, g in enumerate(group_names(mod)):
            ax.plot(k, mod.__dict__[f"energy_{g}"](**kw(args)), f"C{i}", label=f"{g} group")
        ax.set(xlabel=f"${along[0]}_{along[1:]}$ ({model.length_unit}$^{{-1}}$)",
               title=f"along ${along[0]}_{along[1:]}$ (other components 0)")
        ax.tick_params(labelleft=True)
    axes[0].set_ylabel(f"$E$ ({model.energy_unit})")
    axes[0].legend(fontsize=8)
    fig.suptitle(f"{model.name}: bands", fontsize=10)
    fig.tight_layout()
    return [save_figure(fig, out, f"{model.name}_bands.png")]


def _frame(k, data, share: float = 0.95) -> float:
    """Half-width of the square about k = 0 that holds ``share`` of the integral of ``|data|``
    (at least three grid steps): where a map's geometry lives."""
    weight = np.nan_to_num(np.abs(np.asarray(data, float)))
    total = weight.sum()
    if total == 0:
        return float(k[-1])
    X, Y = np.meshgrid(k, k, indexing="xy")
    radius = np.maximum(np.abs(X), np.abs(Y)).ravel()
    order = np.argsort(radius)
    inside = np.cumsum(weight.ravel()[order]) / total
    half = float(radius[order][np.searchsorted(inside, share)]) if inside[-1] >= share else float(k[-1])
    return min(float(k[-1]), max(1.3 * half, 3 * float(k[1] - k[0])))


def _lattice_figures(model: Model) -> dict:
    """A lattice model's own figures (they replace the bands and maps on the k-box)."""
    if not model.lattice:
        return {}
    from .zone_figures import zone_figures

    return zone_figures(model)


def responses_figure(model: Model, mod, out) -> list:
    """The four responses of :mod:`qsym.model.responses` against the Fermi energy at ``model.kT``,
    every component that does not vanish, over the Fermi energies whose Fermi surfaces stay
    inside the k-box."""
    import warnings

    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from ..plotting import save_figure
    from ..prose import unit_latex
    from .responses import RESPONSES, available, component_labels, evaluate, fermi_energies, response_unit

    mus = fermi_energies(mod, model, model.kT, count=60)
    if mus.size == 0:
        raise ValueError(f"{model.name}: no Fermi energy keeps the Fermi surface inside the k-box; raise k_max"
                         if not model.lattice else f"{model.name}: no Fermi energy 30 kT away from the band "
                         "touchings: lower MODEL.kT")
    fig, axes = plt.subplots(2, 2, figsize=(10, 7.2), sharex=True)
    E = model.energy_unit
    for ax, name in zip(axes.ravel(), RESPONSES):
        if not available(mod, model, name):
            ax.text(0.5, 0.5, f"{name}: needs a model of Clifford form\n(this one is diagonalized numerically)",
                    ha="center", va="center", transform=ax.transAxes, fontsize=8)
            ax.set(title=f"{name}: {RESPONSES[name].meaning}", xlabel=f"$E_F$ ({E})", yticks=[])
            ax.title.set_fontsize(8)
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)   # the error estimate is drawn instead
            r = evaluate(mod, model, name, mus, model.kT, form="sea" if name == "ahe" else "surface", rtol=1e-6)
        labels = component_labels(model, name)
        # the scale is the integral of |integrand|: a response that vanishes by symmetry shows as
        # rounding noise, which is not drawn
        top = max(float(np.max(np.abs(r.value))), 1e-9 * float(np.max(r.magnitude))) or 1.0
        drawn = []
        for c, lab in enumerate(labels):
            col = r.value[:, c]
            # not drawn: below 1e-6 of the largest, or within its own error bound of zero
            if np.max(np.abs(col)) <= max(1e-6 * top, float(np.max(r.error[:, c]))):
                continue
            same = [i for i, (prev, _) in enumerate(drawn) if np.max(np.abs(prev - col)) <= 1e-9 * top]
            if same:                          # equal components (symmetric tensors) share one curve
                drawn[same[0]] = (drawn[same[0]][0], drawn[same[0]][1] + " = " + lab)
            else:
                drawn.append((col, lab))
        for col, lab in drawn:
            ax.plot(mus, col, lw=1.4, label=lab)
        shown = len(drawn)
        ax.axhline(0, color="0.6", lw=0.6)
        ax.set(title=f"{name}: {RESPONSES[name].meaning}", xlabel=f"$E_F$ ({E})", xlim=(mus[0], mus[-1]),
               ylabel=f"{name} ({unit_latex(response_unit(model, name))})")
        ax.tick_params(labelbottom=True)
        ax.title.set_fontsize(8)
        if shown:
            ax.legend(fontsize=7, ncol=2, loc="best")
        else:
            ax.text(0.5, 0.5, "vanishes (every component within its error bound of zero)",
                    ha="center", transform=ax.transAxes, fontsize=8)
            ax.set_yticks([])
    axes[1, 0].xaxis.set_major_locator(MaxNLocator(6))   # shared x: a few readable ticks on narrow ranges
    region = ("over the Brillouin zone; ahe includes the filled bands" if model.lattice else
              rf"k-box $|k_i| \leq {model.k_max:g}$ {model.length_unit}$^{{-1}}$; ahe includes the filled bands "
              "inside the box")
    fig.suptitle(f"{model.name}: responses against $E_F$ at $k_BT$ = {model.kT:g} {E} ({region})", fontsize=9)
    fig.tight_layout()
    return [save_figure(fig, out, f"{model.name}_responses.png")]
