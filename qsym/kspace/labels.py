"""How a k-integral result prints and converts: a table of ``value +- bound`` per component
with its unit, and an ``xarray.DataArray`` with the Fermi energies, temperatures and
components as coordinates."""

from __future__ import annotations

import numpy as np

from ..errors import UserError

__all__ = ["result_table", "to_xarray"]


def _rows(r):
    value = np.asarray(r.value)
    n = value.shape[-1] if value.ndim else 1
    flat = value.reshape(-1, n)
    err = np.broadcast_to(np.asarray(r.error), value.shape).reshape(-1, n)
    eF = np.broadcast_to(np.asarray(r.eF if r.eF is not None else np.nan, float), value.shape[:-1]).ravel()
    kT = np.broadcast_to(np.asarray(r.kT if r.kT is not None else np.nan, float), value.shape[:-1]).ravel()
    return flat, err, eF, kT, n


def result_table(r, rows: int = 12) -> str:
    """``r`` (a :class:`~qsym.kspace.KIntegral`) as a small table for a terminal or notebook."""
    flat, err, eF, kT, n = _rows(r)
    comps = list(r.components) or [f"[{i}]" for i in range(n)]
    unit = f" [{r.unit}]" if r.unit else ""
    head = f"{r.quantity or 'k-integral'}{unit}: {'converged' if r.converged else 'NOT converged'}, " \
           f"{r.points} k-points{', ' + r.method if r.method else ''}"
    E = r.energy_unit
    cols = [f"eF [{E}]", f"kT [{E}]"] + comps
    lines = [head, "  ".join(f"{c:>22}" if i > 1 else f"{c:>10}" for i, c in enumerate(cols))]
    for i in range(min(rows, flat.shape[0])):
        cells = [f"{eF[i]:>10.4g}", f"{kT[i]:>10.4g}"] + [f"{flat[i, c]:>+12.6g} +- {err[i, c]:<7.1e}" for c in range(n)]
        lines.append("  ".join(cells))
    if flat.shape[0] > rows:
        lines.append(f"... ({flat.shape[0] - rows} more rows)")
    return "\n".join(lines)


def to_xarray(r):
    """``r`` as an ``xarray.DataArray`` (see :meth:`~qsym.kspace.KIntegral.to_xarray`)."""
    try:
        import xarray as xr
    except ModuleNotFoundError:
        raise UserError("to_xarray needs xarray: pip install xarray") from None
    flat, err, eF, kT, n = _rows(r)
    comps = list(r.components) or [str(i) for i in range(n)]
    return xr.DataArray(flat, dims=("point", "component"),
                        coords={"eF": ("point", eF), "kT": ("point", kT), "component": comps,
                                "error": (("point", "component"), err)},
                        name=r.quantity or "k-integral",
                        attrs={"units": r.unit, "energy_units": r.energy_unit, "converged": r.converged,
                               "method": r.method, "points": r.points})
