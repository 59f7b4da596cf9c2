"""Figures of the lattice numerics of paper 004, at reduced sizes by default (``--scale paper``
for the paper's; that needs a cluster: see the README).

Every figure is a sweep of independent tasks (``tasks``) on dask.distributed
(``qsym.lattice.sweep``: a LocalCluster, or ``QSYM_DASK_SCHEDULER``), stored as JSON lines next
to the PNG: drawing again reuses finished tasks, an interrupted figure resumes.

* ``fig2a_phase_diagram``: sigma_xy by Eq. (4) in the W-E_F plane (disorder average at one L),
  with the top-surface gap edge (derived) and the effective-medium onset W_c from Fig. 2(b).
* ``fig2b_effective_medium``: SCBA + Kubo-Bastin at E_F = 0.01 eV against W: sigma_xy, the
  renormalized Dirac mass and the top-surface broadening eta_top, with the onset W_c.
* ``fig2d_hall_size``: sigma_xy by Eq. (4) against 1/L for several W (disorder averages).
* ``fig5_densities``: rho_a and rho_t by KPM against E_F at W = 1 eV, and against W at E_F = 0.01 eV.
* ``fig3_localization``: Lambda_x against W for several L_y on the localized side.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from qsym.plotting import save_figure

from .parameters import LATTICE

FIGURES = ("fig2b_effective_medium", "fig2a_phase_diagram", "fig2d_hall_size", "fig5_densities",
           "fig3_localization")

#: Sizes per figure: the reduced default (minutes on 2 cores) and the paper's.
SCALES = {
    "reduced": {
        "fig2b": {"W": [0.0, 0.5, 1.0, 1.5, 2.0, 2.4, 2.6, 2.8, 3.0, 3.5, 4.0], "error_every": 5},
        "fig2a": {"W": [0.0, 1.2, 2.4, 3.6, 4.8, 6.0], "L": 8, "seeds": 1, "energies": (0.0, 0.2, 6)},
        "fig2d": {"W": [0.5, 3.0], "L": [5, 6, 7, 8], "seeds": 2},
        "fig5": {"L": 16, "moments": 512, "sites": 32, "seeds_E": 4,
                 "W": [1.0, 3.0, 5.0, 8.0, 11.0, 14.0, 17.0, 20.0]},
        "fig3": {"W": [12.0, 14.0, 16.0, 18.0, 20.0], "Ly": [4, 6, 8], "slices": 600},
    },
    "paper": {
        "fig2b": {"W": list(np.round(np.arange(0.0, 6.01, 0.1), 2)), "error_every": 5},
        "fig2a": {"W": list(np.round(np.arange(0.0, 6.01, 0.25), 2)), "L": 20, "seeds": 50,
                  "energies": (0.0, 0.2, 41)},
        "fig2d": {"W": [0.5, 1.0, 1.5, 2.0, 2.5, 3.0], "L": [12, 16, 20, 24, 28], "seeds": 50},
        "fig5": {"L": 400, "moments": 6000, "sites": 256, "seeds_E": 10,
                 "W": list(np.arange(1.0, 21.0, 1.0))},
        "fig3": {"W": list(np.arange(12.0, 22.1, 1.0)), "Ly": [10, 12, 14, 16, 18], "slices": 2_000_000},
    },
}


def _version() -> str:
    """The code version of the records: a digest of the sources the tasks run."""
    root = Path(__file__).resolve().parents[2]
    h = hashlib.sha256()
    for path in sorted([*Path(__file__).parent.glob("*.py"), *(root / "qsym" / "lattice").glob("*.py")]):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _sweep(function, grid, seeds, out: Path, name: str) -> list[dict]:
    from qsym.lattice.sweep import run_sweep

    return run_sweep(function, grid, seeds, Path(out) / f"{name}.jsonl", version=_version())


def _sizes(scale: str, fig: str) -> dict:
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {sorted(SCALES)}; got {scale!r}")
    return SCALES[scale][fig]


def fig2b_effective_medium(mod, out: Path, scale: str = "reduced") -> list[Path]:
    import matplotlib.pyplot as plt

    from .tasks import scba_point

    p = _sizes(scale, "fig2b")
    E_F = LATTICE["E_F"]
    grid = [{"W": W, "E_F": E_F, "error": i % p["error_every"] == 0} for i, W in enumerate(p["W"])]
    recs = sorted(_sweep(scba_point, grid, [0], out, "semimagnetic_lattice_fig2b"), key=lambda r: r["params"]["W"])
    W = np.array([r["params"]["W"] for r in recs])
    res = {k: np.array([r["result"][k] for r in recs]) for k in recs[0]["result"]}
    kerr = max(float(np.max(res["sigma_xy_k_error"])), 0.0)
    onset = W[np.argmax(res["eta_top"] > 0.01 * LATTICE["V_0"])] if np.any(res["eta_top"] > 1e-3) else np.nan

    fig, ax = plt.subplots(figsize=(7, 4.6))
    ax.plot(W, -res["sigma_xy"], "o-", color="C0", label=r"$\sigma_{xy}$ (Eq. 10; paper's sign)")
    ax.axhline(0.5, color="C0", lw=0.6, ls=":")
    ax.set(xlabel="W (eV)", ylabel=r"$\sigma_{xy}$ ($e^2/h$)", ylim=(0, 0.6))
    ax2 = ax.twinx()
    ax2.plot(W, res["mass"], "s-", color="C1", label=r"$\tilde m_0$ (eV)")
    ax2.plot(W, res["eta_top"], "^-", color="C3", label=r"$\eta_{\rm top}$ (eV)")
    ax2.plot(W, res["zeeman"], "d--", color="C2", ms=4, label=r"$\tilde V_0$ (eV)")
    ax2.set(ylabel="energy (eV)", ylim=(0, max(1.0, 1.1 * float(np.max(res["mass"])))))
    if np.isfinite(onset):
        ax.axvline(onset, color="k", ls="--", lw=1)
        ax.text(onset - 0.05, 0.17, rf"$W_c \approx$ {onset:g} eV" "\n" r"(onset of $\eta_{\rm top}$ > 0.01 $V_0$;"
                " paper: 2.6)", fontsize=8, ha="right", va="top")
    lines = ax.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
    labels = ax.get_legend_handles_labels()[1] + ax2.get_legend_handles_labels()[1]
    ax.legend(lines, labels, loc="center left", fontsize=8, framealpha=0.9)
    ax.set_title(f"SCBA + Kubo-Bastin, $E_F$ = {E_F} eV, $L_z$ = {LATTICE['L_z']} ({LATTICE['L_z_mag']} magnetic); "
                 f"k-error of $\\sigma_{{xy}}$ < {kerr:.0e}", fontsize=9)
    return [save_figure(fig, out, "semimagnetic_lattice_fig2b_effective_medium.png")]


def fig2a_phase_diagram(mod, out: Path, scale: str = "reduced") -> list[Path]:
    import matplotlib.pyplot as plt

    from .tasks import hall_map_sample

    p = _sizes(scale, "fig2a")
    grid = [{"L": p["L"], "Lz": LATTICE["L_z"], "W": W, "energies": list(p["energies"])} for W in p["W"]]
    recs = _sweep(hall_map_sample, grid, range(p["seeds"]), out, "semimagnetic_lattice_fig2a")
    E = np.array(recs[0]["result"]["energies"])
    Ws = sorted({r["params"]["W"] for r in recs})
    sigma = np.array([np.mean([r["result"]["sigma_xy"] for r in recs if r["params"]["W"] == W], axis=0)
                      for W in Ws]).T * -1.0                                  # paper's sign
    fig, ax = plt.subplots(figsize=(6.8, 4.6))
    dW, dE = np.diff(Ws).min() / 2 if len(Ws) > 1 else 0.5, (E[1] - E[0]) / 2 if len(E) > 1 else 0.01
    mesh = ax.pcolormesh(_edges(Ws, dW), _edges(E, dE), sigma, cmap="viridis", vmin=0.0, vmax=0.6, shading="flat")
    fig.colorbar(mesh, ax=ax, label=r"$\sigma_{xy}$ ($e^2/h$, paper's sign)")
    gap = _derived_top_gap()
    ax.axhline(gap, color="w", ls="--", lw=1)
    ax.text(Ws[-1], gap, rf"top-surface gap edge $V_0 w_3$ = {gap:.4f} eV (derived)", color="w", fontsize=7,
            ha="right", va="bottom")
    onset = _fig2b_onset(out)
    if onset is not None:
        ax.plot([onset], [LATTICE["E_F"]], "o", mfc="w", mec="k", ms=7)
        ax.annotate(rf"$W_c$ = {onset:g} eV (SCBA, Fig. 2(b))", (onset, LATTICE["E_F"]), xytext=(6, 8),
                    textcoords="offset points", color="w", fontsize=7)
    ax.set(xlabel="W (eV)", ylabel=r"$E_F$ (eV)")
    ax.set_title(f"Eq. (4), exact projector: {p['L']} x {p['L']} x {LATTICE['L_z']} torus, {p['seeds']} sample(s) "
                 f"per W (paper: L = 20, 50 samples);\nat this L the bottom-cone level spacing "
                 rf"(~$2\pi\hbar v/L$ = {2 * np.pi * 0.41 / p['L']:.2f} eV) exceeds the E_F range", fontsize=8)
    return [save_figure(fig, out, "semimagnetic_lattice_fig2a_phase_diagram.png")]


def _edges(centres, half) -> np.ndarray:
    c = np.asarray(centres, float)
    if c.size == 1:
        return np.array([c[0] - half, c[0] + half])
    mid = (c[1:] + c[:-1]) / 2
    return np.concatenate([[c[0] - (mid[0] - c[0])], mid, [c[-1] + (c[-1] - mid[-1])]])


def _derived_top_gap() -> float:
    """V_0 w_3 from the derivation's surface theory [eV]."""
    from qsym import registry

    from .surface import _paper_values, top_surface_mass_value

    from .surface import B1, B2

    d = registry.get("semimagnetic_lattice")
    r = d["surface_decay_roots"].expr
    return top_surface_mass_value(d["top_surface_mass_derived"].expr, {B1: r[0], B2: r[1]}, _paper_values())


def _fig2b_onset(out: Path):
    """W_c of the effective medium theory from the Fig. 2(b) store in ``out``, if it was drawn."""
    import json

    path = Path(out) / "semimagnetic_lattice_fig2b.jsonl"
    if not path.exists():
        return None
    recs = []
    for line in path.read_text().splitlines():
        try:
            recs.append(json.loads(line))
        except ValueError:
            continue
    recs = sorted((r for r in recs if "result" in r), key=lambda r: r["params"]["W"])
    above = [r["params"]["W"] for r in recs if r["result"]["eta_top"] > 0.01 * LATTICE["V_0"]]
    return above[0] if above else None


def eq1_fit(L: np.ndarray, sigma: np.ndarray, error: np.ndarray):
    """(sigma^0, l_e) of Eq. (1), sigma = sigma^0 [1 - (l_e/L)^4], by least squares (weights 1/error
    where the errors are positive); None with fewer than 3 sizes or when the fit fails."""
    from scipy.optimize import curve_fit

    if len(L) < 3:
        return None
    w = error if np.all(error > 0) else None
    try:
        (s0, le), _ = curve_fit(lambda x, s0, le: s0 * (1 - (le / x) ** 4), L, sigma,
                                p0=(float(sigma[-1]), float(L.min()) / 2), sigma=w, maxfev=5000)
    except RuntimeError:
        return None
    return (float(s0), abs(float(le))) if np.isfinite(s0) and np.isfinite(le) else None


def fig2d_hall_size(mod, out: Path, scale: str = "reduced") -> list[Path]:
    import matplotlib.pyplot as plt

    from qsym.lattice.sweep import summarize

    from .tasks import hall_sample

    p = _sizes(scale, "fig2d")
    grid = [{"L": L, "Lz": LATTICE["L_z"], "W": W, "E_F": LATTICE["E_F"]} for W in p["W"] for L in p["L"]]
    rows = summarize(_sweep(hall_sample, grid, range(p["seeds"]), out, "semimagnetic_lattice_fig2d"), "sigma_xy")
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    for i, W in enumerate(p["W"]):
        pts = sorted((r for r in rows if r["W"] == W), key=lambda r: r["L"])
        L = np.array([r["L"] for r in pts], float)
        sigma = np.array([-r["mean"] for r in pts])
        label = f"W = {W} eV"
        fit = eq1_fit(L, sigma, np.array([r["error"] for r in pts]))
        if fit is not None:
            s0, le = fit
            x = np.linspace(1e-3, 1 / L.min(), 100)
            ax.plot(x, s0 * (1 - (le * x) ** 4), "--", color=f"C{i}", lw=1)
            label += rf": Eq. (1) fit $\sigma^0$ = {s0:.3f}, $l_e$ = {le:.1f}"
        ax.errorbar(1 / L, sigma, [r["error"] for r in pts], fmt="o", color=f"C{i}", capsize=3, label=label)
    ax.axhline(0.5, color="0.5", ls=":", lw=1)
    ax.set(xlabel="1/L", ylabel=r"$\sigma_{xy}$ ($e^2/h$, paper's sign)", xlim=(0, None))
    ax.legend(fontsize=8, loc="lower left")
    ax.set_title(f"Eq. (4), exact projector: L x L x {LATTICE['L_z']} tori, L = {p['L']}, "
                 f"{p['seeds']} samples per point, $E_F$ = {LATTICE['E_F']} eV\n(the paper: L = 12-28, 50 samples); "
                 r"dashed: $\sigma^0[1 - (l_e/L)^4]$, Eq. (1), where it fits", fontsize=8)
    return [save_figure(fig, out, "semimagnetic_lattice_fig2d_hall_size.png")]


def fig5_densities(mod, out: Path, scale: str = "reduced") -> list[Path]:
    import matplotlib.pyplot as plt

    from .tasks import dos_sample

    p = _sizes(scale, "fig5")
    common = {"L": p["L"], "Lz": LATTICE["L_z"], "moments": p["moments"], "sites": p["sites"]}
    by_E = _sweep(dos_sample, [{**common, "W": 1.0}], range(p["seeds_E"]), out, "semimagnetic_lattice_fig5b")
    by_W = _sweep(dos_sample, [{**common, "W": W} for W in p["W"]], [0], out, "semimagnetic_lattice_fig5a")

    def means(recs):
        E = np.array(recs[0]["result"]["energies"])
        rho_a = np.mean([r["result"]["ldos_mean"] for r in recs], axis=0)
        rho_t = np.exp(np.mean([r["result"]["log_ldos"] for r in recs], axis=0))
        return E, rho_a, rho_t

    fig, (ax2, ax1) = plt.subplots(1, 2, figsize=(10, 4.2))
    E, rho_a, rho_t = means(by_E)
    ax1.plot(E, rho_a, "C0", label=r"$\rho_a$ (arithmetic mean LDOS)")
    ax1.plot(E, rho_t, "C3", label=r"$\rho_t$ (geometric mean LDOS)")
    ax1.set(xlabel=r"$E_F$ (eV)", ylabel="DOS (states / eV / site)", ylim=(0, None),
            title=f"(b) W = 1 eV; {len(by_E)} samples", )
    ax1.legend(fontsize=8)
    iE = int(np.argmin(np.abs(E - LATTICE["E_F"])))
    Ws = sorted({r["params"]["W"] for r in by_W})
    a = [means([r for r in by_W if r["params"]["W"] == W])[1][iE] for W in Ws]
    t = [means([r for r in by_W if r["params"]["W"] == W])[2][iE] for W in Ws]
    ax2.plot(Ws, a, "o-", color="C0", label=r"$\rho_a$")
    ax2.plot(Ws, t, "s-", color="C3", label=r"$\rho_t$")
    ax2.set(xlabel="W (eV)", ylabel="DOS (states / eV / site)", ylim=(0, None),
            title=f"(a) $E_F$ = {E[iE]:.2f} eV; 1 sample per W")
    ax2.legend(fontsize=8)
    fig.suptitle(f"KPM: {p['L']} x {p['L']} x {LATTICE['L_z']} film, {p['moments']} moments (Jackson), "
                 f"LDOS of {p['sites']} random sites per sample (paper: L = 100-200)", fontsize=9)
    return [save_figure(fig, out, "semimagnetic_lattice_fig5_densities.png")]


def fig3_localization(mod, out: Path, scale: str = "reduced") -> list[Path]:
    import matplotlib.pyplot as plt

    from .tasks import localization_sample

    p = _sizes(scale, "fig3")
    grid = [{"Ly": Ly, "Lz": LATTICE["L_z"], "W": W, "E_F": LATTICE["E_F"], "slices": p["slices"]}
            for Ly in p["Ly"] for W in p["W"]]
    recs = _sweep(localization_sample, grid, [0], out, "semimagnetic_lattice_fig3")
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    for i, Ly in enumerate(p["Ly"]):
        pts = sorted((r for r in recs if r["params"]["Ly"] == Ly), key=lambda r: r["params"]["W"])
        ax.errorbar([r["params"]["W"] for r in pts], [r["result"]["Lambda"] for r in pts],
                    [r["result"]["Lambda_error"] for r in pts], fmt="o-", color=f"C{i}", capsize=3,
                    label=f"$L_y$ = {Ly}")
    ax.set(xlabel="W (eV)", ylabel=r"$\Lambda_x = \lambda_x / L_y$", yscale="log")
    ax.legend(fontsize=8)
    ax.set_title(f"Transfer matrix (Eqs. 8-9): bars $L_y$ x {LATTICE['L_z']}, $L_x$ = {p['slices']} slices "
                 f"(paper: 2e6), $E_F$ = {LATTICE['E_F']} eV;\nerror bars: spread over 10 segments. "
                 r"$\Lambda_x$ falling with $L_y$: localized", fontsize=8)
    return [save_figure(fig, out, "semimagnetic_lattice_fig3_localization.png")]
