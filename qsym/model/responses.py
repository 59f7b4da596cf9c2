r"""Second-order and anomalous-Hall responses of a user model (:mod:`qsym.model`), as k-integrals
of its generated band-resolved integrands (:mod:`qsym.kspace`).

With :math:`[d\mathbf k] = d^dk/(2\pi)^d`, the conventions of paper 002 (Eqs. 11-14) and
``f`` the Fermi function of each group's states:

``ahe``
    :math:`\sum_n\int[d\mathbf k]\, f\,\Omega_n` (the groups' filled parts included, over the
    k-box or the zone): the intrinsic anomalous Hall conductivity in units of :math:`e^2/\hbar`.
``bcd``
    :math:`D_{ab} = \sum_n\int[d\mathbf k]\, f\,\partial_a\Omega_b = \sum_n\int[d\mathbf k]\,(-f')\,v_a\Omega_b`,
    the Berry curvature dipole; Eq. (12) of paper 002 is :math:`(e^3\tau/2\hbar^2)(D_k^{ij} + D_j^{ik})`.
``qmd``
    :math:`-\sum_n\int[d\mathbf k]\,f\,[\partial_iG^{jk} - \frac12(\partial_jG^{ik} + \partial_kG^{ij})]
    = -\sum_n\int[d\mathbf k]\,(-f')\,\Lambda^{ijk}`: Eqs. (13), (14) in units of :math:`e^3/\hbar`.
``drude``
    :math:`-\sum_n\int[d\mathbf k]\,f\,\partial_i\partial_j\partial_k E = -\sum_n\int[d\mathbf k]\,(-f')\,v_i\partial_j\partial_k E`:
    Eq. (11) in units of :math:`e^3\tau^2/\hbar^3`.

:func:`qsym.model.response` takes a model by name or file. ``form="surface"`` integrates the Fermi-surface integrand (``-f'``), ``form="sea"`` the
Fermi-sea one (``f``, the groups filled at the box's edge subtracted: their total-derivative
integrals vanish over all of k-space). Both are available for models of Clifford form; models
diagonalized numerically have the Fermi-surface forms of ``bcd`` and ``qmd``, built from their
velocity, curvature and BCP kernels, and ``ahe``.

Units (energy E, length L of the model): ``ahe`` L^(2-d); ``bcd`` L^(3-d); ``qmd``
L^(3-d)/E; ``drude`` E L^(3-d). In 2D with eV and nm, ``qmd`` is in nm/eV, as ``sigma_qm`` of
paper 002's derivation.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from ..progress import announce
from ..kspace import EDGE, KIntegral, fermi_sea_integral, fermi_surface_integral
from .spec import Model, argument_name, label, parameter_values
from .zone import REDUCED_CELL, is_lattice, periodic_bands, reciprocal_vectors, region

__all__ = ["Response", "RESPONSES", "evaluate", "response_unit", "component_labels", "fermi_energies", "model_bands", "TOUCHING"]

#: Points where two band groups come closer than this [energy] are band touchings for the
#: response integrals: the geometry is singular there (the kernels refuse below 1e-6).
TOUCHING = 1e-5


@dataclass(frozen=True)
class Response:
    """A response: its Fermi-sea and Fermi-surface integrand kernels (base names, the group is
    appended), the sign that turns the integral into the tabulated value, and whether filled
    groups count (the anomalous Hall effect)."""

    name: str
    sea: str
    surface: str | None
    sign: int
    filled: bool
    meaning: str


RESPONSES = {
    "ahe": Response("ahe", "berry_curvature", None, 1, True, "intrinsic anomalous Hall conductivity"),
    "bcd": Response("bcd", "berry_curvature_dipole", "berry_curvature_dipole_fermi_surface", 1, False,
                    "Berry curvature dipole $D_{ab}$"),
    "qmd": Response("qmd", "quantum_metric_dipole_sea", "quantum_metric_dipole", -1, False,
                    "quantum-metric nonlinear conductivity"),
    "drude": Response("drude", "drude_sea", "drude_fermi_surface", -1, False,
                      "nonlinear Drude conductivity"),
}


def component_labels(model: Model, name: str) -> list[str]:
    """The component labels of response ``name`` (as in the generated kernels' docstrings)."""
    from .integrands import response_components
    from .spec import curvature_pairs

    ks = model.momenta
    curv = [label(ks, c) for c in curvature_pairs(ks)]
    if name == "ahe":
        return curv
    if name == "bcd":
        return [label(ks, (a,)) + c for a in range(len(ks)) for c in curv]
    return [label(ks, t) for t in response_components(ks)]


def group_names(mod) -> list[str]:
    """The band groups of a generated model module in order of energy: "lower", "upper" for a
    Clifford form, "band1", "band2", ... for a model diagonalized numerically."""
    names = sorted(n[len("energy_"):] for n in dir(mod) if n.startswith("energy_"))
    return [g for g in ("lower", "upper") if g in names] or sorted(names, key=lambda g: int(g[4:]))


_groups = group_names


def available(mod, model: Model, name: str) -> bool:
    """Whether response ``name`` can be integrated for this model (a numerically diagonalized
    model has the Fermi-surface forms of ahe, bcd and qmd only)."""
    r = RESPONSES[name]
    g = group_names(mod)[0]
    return hasattr(mod, f"{r.surface or r.sea}_{g}") or name in ("ahe", "bcd", "qmd")


def masked(mod, kernel: str, kw: dict) -> np.ndarray:
    """``mod.<kernel>(**kw)``, with NaN at the points where it refuses (a band touching, where
    the geometry is singular): the points are found by bisection of the flattened arrays."""
    fn = getattr(mod, kernel)
    try:
        return np.asarray(fn(**kw), float)
    except ValueError as exc:
        if "touch" not in str(exc) and "closer than" not in str(exc):
            raise
    shape = np.broadcast_shapes(*(np.shape(v) for v in kw.values()))
    flat = {n: np.broadcast_to(np.asarray(v, float), shape).ravel() for n, v in kw.items()}

    def part(sel):
        try:
            return np.asarray(fn(**{n: v[sel] for n, v in flat.items()}), float)
        except ValueError:
            if sel.stop - sel.start == 1:
                probe = np.asarray(fn(**{n: v[sel] + 1e-3 for n, v in flat.items()}), float)
                return np.full(probe.shape, np.nan)
            mid = (sel.start + sel.stop) // 2
            return np.concatenate([part(slice(sel.start, mid)), part(slice(mid, sel.stop))])

    out = part(slice(0, int(np.prod(shape))))
    return out.reshape(shape + out.shape[1:])


def _integrand(mod, model: Model, kernel: str, group: str, kw: dict) -> np.ndarray:
    """A response integrand of one group as (npts, ncomp): the generated kernel, or for a
    numerically diagonalized model the Fermi-surface forms from its velocity, curvature and BCP."""
    fn = getattr(mod, f"{kernel}_{group}", None)
    if fn is not None:
        out = np.asarray(fn(**kw), float)
        return out.reshape(out.shape[0], -1) if out.ndim > 1 else out[:, None]
    from .integrands import response_components
    from .spec import components, curvature_pairs

    n = len(model.momenta)
    if kernel == "berry_curvature_dipole_fermi_surface":
        v = np.asarray(getattr(mod, f"velocity_{group}")(**kw), float)
        om = np.asarray(getattr(mod, f"berry_curvature_{group}")(**kw), float).reshape(v.shape[0], -1)
        return np.stack([v[:, a] * om[:, c] for a in range(n) for c in range(len(curvature_pairs(range(n))))], -1)
    if kernel == "quantum_metric_dipole":
        v = np.asarray(getattr(mod, f"velocity_{group}")(**kw), float)
        G3 = np.asarray(getattr(mod, f"bcp_{group}")(**kw), float)
        idx = {c: i for i, c in enumerate(components(range(n)))}
        G = lambda i, j: G3[:, idx[(min(i, j), max(i, j))]]  # noqa: E731
        return np.stack([v[:, i] * G(j, k) - (v[:, j] * G(i, k) + v[:, k] * G(i, j)) / 2
                         for i, j, k in response_components(range(n))], -1)
    raise ValueError(f"{model.name} is diagonalized numerically: its {kernel.replace('_', ' ')} integrand is not "
                     "available (use form='surface'; the nonlinear Drude response needs a Clifford-form model)")


def model_bands(mod, model: Model, kernel: str, params: dict | None = None, columns=None):
    """The ``bands`` function of :mod:`qsym.kspace` for a generated model module: per group its
    energy and the integrand ``kernel`` (columns ``columns``) at the parameters ``params``
    (default: the model's typical values)."""
    values = parameter_values(model, params)
    names = ["k" + label(model.momenta, (a,)) for a in range(len(model.momenta))]
    groups = _groups(mod)

    def energies(*k):
        kw = dict(zip(names, k), **values)
        return [np.asarray(getattr(mod, f"energy_{g}")(**kw), float) for g in groups]

    def integrand(g, k):
        """The integrand of group ``g``; where its kernels refuse (a band touching, where the
        geometry is singular) NaN, found by bisection."""
        try:
            X = _integrand(mod, model, kernel, g, dict(zip(names, k), **values))
            return X if columns is None else X[:, columns]
        except ValueError as exc:
            if "touch" not in str(exc) and "closer than" not in str(exc):
                raise
        if k[0].size == 1:
            width = len(columns) if columns is not None else _integrand(
                mod, model, kernel, g, dict(zip(names, [a + 1e-3 for a in k]), **values)).shape[1]
            return np.full((1, width), np.nan)
        half = k[0].size // 2
        return np.concatenate([integrand(g, [a[:half] for a in k]), integrand(g, [a[half:] for a in k])])

    def bands(*k):
        """Energies and integrands per group. Within TOUCHING of another group's energy (a band
        touching, where the geometry is singular and the kernels refuse) the integrand is NaN:
        :mod:`qsym.kspace` accepts such points only where its weight vanishes."""
        k = [np.asarray(a, float) for a in k]
        E = energies(*k)
        out = []
        for i, (g, Eg) in enumerate(zip(groups, E)):
            near = np.zeros(Eg.shape, bool)
            for j, Eh in enumerate(E):
                if j != i:
                    near |= np.abs(Eg - Eh) < TOUCHING
            X = None
            if (~near).any():
                X_ok = integrand(g, [a[~near] for a in k])
                X = np.full((Eg.size, X_ok.shape[1]), np.nan)
                X[~near] = X_ok
            else:
                X = np.full((Eg.size, integrand(g, [a[:0] + a[0] + 1e-3 for a in k]).shape[1]), np.nan)
            out.append((Eg, X))
        return out

    def bound(*k):
        """Per group, an upper bound of |X| at the points (NaN-free): the scale of the
        integrand for the tolerance's rounding floor, finite even where X vanishes by symmetry
        (|Omega_ab| <= g_aa + g_bb by the positivity of the quantum geometric tensor)."""
        kw = dict(zip(names, [np.asarray(a, float) for a in k]), **values)
        out = []
        for g in groups:
            v = np.abs(masked(mod, f"velocity_{g}", kw)).reshape(k[0].size, -1).sum(axis=1)
            if kernel.startswith(("quantum_metric_dipole", "drude")):
                G = np.abs(masked(mod, f"bcp_{g}", kw)).reshape(k[0].size, -1).sum(axis=1)
                scale = v * G if kernel.startswith("quantum") else np.abs(np.asarray(
                    _integrand(mod, model, kernel, g, kw), float)).reshape(k[0].size, -1).sum(axis=1)
            else:
                metric = np.abs(masked(mod, f"quantum_metric_{g}", kw)).reshape(k[0].size, -1).sum(axis=1)
                scale = metric * (v if "dipole" in kernel else 1.0)
            out.append(np.nan_to_num(scale, nan=0.0, posinf=0.0))
        return out

    bands.energies = energies
    bands.bound = bound
    bands.touchings = True
    return bands


def evaluate(mod, model: Model, name: str, eF, kT, *, component=None, form: str = "surface",
             params: dict | None = None, box=None, **options) -> KIntegral:
    """A response of ``model`` from its generated module ``mod``: parameters and result as
    :func:`qsym.model.response`."""
    if name not in RESPONSES:
        raise ValueError(f"response must be one of {sorted(RESPONSES)}; got {name!r}")
    if form not in ("surface", "sea"):
        raise ValueError(f"form must be 'surface' or 'sea'; got {form!r}")
    r = RESPONSES[name]
    if r.surface is None:
        form = "sea"
    labels = component_labels(model, name)
    wanted = [component] if isinstance(component, str) else list(component or labels)
    bad = [c for c in wanted if c not in labels]
    if bad:
        raise ValueError(f"component of {name} must be among {labels}; got {bad}")
    cols = [labels.index(c) for c in wanted]
    bands = model_bands(mod, model, r.sea if form == "sea" else r.surface, params, cols)
    if is_lattice(model):
        if box is not None:
            raise ValueError(f"{model.name} is a lattice model: its responses are integrals over the Brillouin zone; "
                             "box applies to continuum models only")
        bands = periodic_bands(bands, model)
        opts = dict(box=(REDUCED_CELL,) * len(model.momenta), periodic=True, **options)
    else:
        opts = dict(box=model.k_max if box is None else box, dim=len(model.momenta), **options)
    zero = bool(np.any(np.asarray(kT, float) == 0))
    label = f"response {name} of {model.name}" + (" at kT = 0 (tetrahedra and uniform grids: can take minutes; "
                                                   "a small kT > 0 is much faster)" if zero else "")
    with announce(label, after=1.0 if zero else 3.0):
        out = (fermi_sea_integral(bands, eF, kT, filled=r.filled, **opts) if form == "sea"
               else fermi_surface_integral(bands, eF, kT, **opts))
    grid = np.broadcast_arrays(np.asarray(eF, float), np.asarray(kT, float))
    return dataclasses.replace(out, value=out.value if r.sign == 1 else -out.value, quantity=f"{name}: {r.meaning}",
                               components=tuple(wanted), unit=response_unit(model, name), eF=grid[0], kT=grid[1],
                               energy_unit=model.energy_unit)


def response_unit(model: Model, name: str) -> str:
    """The unit of response ``name``'s value for ``model``, with the prefactor that makes it the
    physical response (``"e^3/hbar nm/eV"``: the quantum-metric conductivity of a 2D model in
    units of e^3/hbar times nm/eV). One notation for results, figures and documentation."""
    E, L, d = model.energy_unit, model.length_unit, len(model.momenta)

    def length(power: int) -> str:
        return "" if power == 0 else (L if power == 1 else f"{L}^{power}")

    parts = {"ahe": ["e^2/hbar", length(2 - d)], "bcd": [length(3 - d) or "1"],
             "qmd": ["e^3/hbar", f"{length(3 - d)}/{E}" if d != 3 else f"1/{E}"],
             "drude": ["e^3 tau^2/hbar^3", E, length(3 - d)]}[name]
    return " ".join(p for p in parts if p)


def fermi_energies(mod, model: Model, kT: float, count: int = 101, params: dict | None = None) -> np.ndarray:
    """Fermi energies away (by 30 kT) from the energies where two groups nearly touch (closer
    than kT or, where they touch, than twice their smallest distance on a 128-point grid: the
    geometry diverges there) and, for a continuum model, at which every group's Fermi surface
    stays inside the k-box (by more than 30 kT at the edge; a group whose energy rises outwards
    must be empty at the edge, one falling outwards full), spread over the spectrum of the
    region (the k-box, or a lattice model's Brillouin zone: its band ranges) [energy]. A
    touching is found by zooming on the grid's smallest gap (four times by 10)."""
    values = parameter_values(model, params)
    names = ["k" + label(model.momenta, (a,)) for a in range(len(model.momenta))]
    mesh, q = region(model, 128)          # no node at k = 0 or at round fractions of the region
    inside = [np.asarray(getattr(mod, f"energy_{g}")(**dict(zip(names, mesh)), **values), float) for g in _groups(mod)]
    mu = np.linspace(min(e.min() for e in inside), max(e.max() for e in inside), 4000)
    ok = np.ones(mu.size, bool)
    if not is_lattice(model):             # a Brillouin zone has no edge
        ok &= _inside_the_box(mod, model, names, values, inside, mu, kT)
    groups = _groups(mod)
    for (g_lo, lower), (g_up, upper) in zip(zip(groups, inside), zip(groups[1:], inside[1:])):
        gap = upper - lower
        closest = float(np.min(gap))
        where = [m[np.unravel_index(np.argmin(gap), gap.shape)] for m in mesh]
        step = (q[1] - q[0]) * (float(np.max(np.linalg.norm(reciprocal_vectors(model), axis=1)))
                                if is_lattice(model) else 1.0)
        touching = _closes(mod, (g_lo, g_up), names, values, np.array(where), step, float(np.median(gap)))
        near = gap < (max(kT, 2 * closest) if touching else kT)
        for e in np.concatenate([lower[near], upper[near]]):
            ok &= np.abs(mu - e) > EDGE * kT
    mu = mu[ok]
    return mu[np.linspace(0, mu.size - 1, min(count, mu.size)).astype(int)] if mu.size else mu


def _inside_the_box(mod, model: Model, names, values, inside, mu, kT) -> np.ndarray:
    """The Fermi energies ``mu`` whose Fermi surfaces stay inside a continuum model's k-box (by
    30 kT at its faces): a group rising outwards must be empty at the edge, one falling outwards
    full there, a flat one (a spectator band) only keeps eF off its own energies there."""
    K, d = model.k_max, len(names)
    # the box's faces, finer than any grid of qsym.kspace (whose edge check they must anticipate)
    face = np.linspace(-K, K, 4097 if d == 2 else 257)
    faces = []
    for a in range(d):
        for side in (-K, K):
            grid = np.meshgrid(*[face] * (d - 1), indexing="ij")
            faces.append([g.ravel() for g in grid[:a]] + [np.full(grid[0].size, side)] + [g.ravel() for g in grid[a:]])
    ok = np.ones(mu.size, bool)
    margin = EDGE * kT * 1.001 + 1e-9 * (max(e.max() for e in inside) - min(e.min() for e in inside))
    for g, E in zip(_groups(mod), inside):
        outer = [(np.take(E, i, axis=a).ravel(), np.take(E, j, axis=a).ravel())
                 for a in range(E.ndim) for i, j in ((0, 1), (-1, -2))]
        up = any(np.any(f > inner) for f, inner in outer)
        down = any(np.any(f < inner) for f, inner in outer)
        e = np.concatenate([np.asarray(getattr(mod, f"energy_{g}")(**dict(zip(names, f)), **values), float)
                            for f in faces])
        if not (up or down):
            ok &= (mu < e.min() - margin) | (mu > e.max() + margin)
        else:
            ok &= (mu < e.min() - margin) if up else (mu > e.max() + margin)
    return ok


def _closes(mod, pair, names, values, center, h, typical) -> bool:
    """Whether the gap between the groups ``pair`` closes near ``center``: zoom on its minimum
    four times (each a 21-point grid per axis, 10 times finer); a kernel that refuses a point
    (groups closer than its floor) counts as closing."""
    for _ in range(4):
        axes = [c + h * np.linspace(-1, 1, 21) for c in center]
        mesh = np.meshgrid(*axes, indexing="ij")
        try:
            gap = (np.asarray(getattr(mod, f"energy_{pair[1]}")(**dict(zip(names, mesh)), **values), float)
                   - np.asarray(getattr(mod, f"energy_{pair[0]}")(**dict(zip(names, mesh)), **values), float))
        except ValueError:
            return True
        center = np.array([ax[i] for ax, i in zip(axes, np.unravel_index(np.argmin(gap), gap.shape))])
        h /= 10
    return float(np.min(gap)) < 1e-4 * typical
