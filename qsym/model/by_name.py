"""A response of a user model by its name, file or module: the entry point to
:mod:`qsym.model.responses` (definitions, units and the integration, in its docstring)."""

from __future__ import annotations

from ..kspace import KIntegral
from .responses import evaluate

__all__ = ["response", "load"]


def response(model_or_name, name: str, eF, kT, *, component=None, form: str = "surface", params: dict | None = None,
             box=None, **options) -> KIntegral:
    """A response of a user model against Fermi energy and temperature.

    Parameters
    ----------
    model_or_name : str or module
        A model's name in the registry, a path to a model file, or its module (with ``MODEL``).
    name : {"ahe", "bcd", "qmd", "drude"}
        The response (see the module table for definitions and units).
    eF, kT : array_like
        Fermi energies and temperatures k_B T [the model's energy unit], broadcast together;
        ``kT >= 0``.
    component : str or sequence of str, optional
        Components by label (``"xyy"`` for ``qmd`` and ``drude``, ``"xxy"`` = d_x Omega_xy for
        ``bcd``, ``"xy"`` for ``ahe``); default all, in the order of :func:`component_labels`.
    form : {"surface", "sea"}
        Fermi-surface (``-f'``) or Fermi-sea (``f``) integrand. ``ahe`` is a Fermi-sea quantity.
    params : dict, optional
        Model parameters (default: their typical values).
    box : float, optional
        Half-width of the k-box [1/length]; default ``MODEL.k_max``.
    **options
        Passed to :func:`qsym.kspace.fermi_surface_integral` (``rtol``, ``cells``, ...).

    Returns
    -------
    KIntegral
        ``value`` has shape ``broadcast(eF, kT).shape + (ncomp,)``.
    """
    from ..kspace import OPTIONS

    unknown = sorted(set(options) - set(OPTIONS) - {"dim"})
    if unknown or "dim" in options:
        bad = unknown or ["dim"]
        raise ValueError(f"response: unknown option {', '.join(map(repr, bad))}; it takes component, form, params, box "
                         f"and the k-integral options {', '.join(k for k in OPTIONS if k != 'dim')} (the model sets dim)")
    mod, model = load(model_or_name)
    return evaluate(mod, model, name, eF, kT, component=component, form=form, params=params, box=box, **options)


def load(model_or_name):
    """(generated module, Model) of a registry name, a model file, or a model module. A model
    of this repository uses its committed kernels (``generated/``, kept current by
    ``qsym generate --check``); a model file elsewhere is built and generated in memory."""
    import importlib

    from .. import registry
    from ..codegen import load_module

    if isinstance(model_or_name, str):
        name = registry.add_file(model_or_name) if model_or_name.endswith(".py") else model_or_name
        try:
            module = registry.module(name)
        except KeyError:
            raise ValueError(f"no model named {name!r} (a model of this repository, or a path to a model file "
                             "ending in .py)") from None
    elif hasattr(model_or_name, "MODEL") or hasattr(model_or_name, "NAME"):
        module = model_or_name
    else:
        raise ValueError(f"the model must be a name, a path to a model file or a model module; got {model_or_name!r}")
    if not hasattr(module, "MODEL"):
        raise ValueError(f"{getattr(module, 'NAME', module)!r} is not a user model (no MODEL)")
    if module.__name__.startswith("derivations."):
        return importlib.import_module(f"generated.{module.NAME}"), module.MODEL
    return load_module(registry.get(module.NAME)), module.MODEL
