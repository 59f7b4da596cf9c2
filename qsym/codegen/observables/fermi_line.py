"""Fermi-line observables: 2D Fermi-surface responses ``prefactor * sum_pairs int d^2k F(k)
f0'(eps_k)`` for bands ``+-eps_k``, exact line integrals at kT = 0 and thermal averages of the
Fermi-line density at kT > 0. Runtime: :mod:`qsym.runtime.fermi_line`."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ...reference import Reference
from ..context import EmitContext
from ..kernels import dispatch, private_kernels
from ..public import PublicFunction, signature
from ..specs import Arg, Kernel, ObservableSpec
from . import emit

__all__ = ["FermiLineObservable"]


@dataclass(frozen=True)
class FermiLineObservable(ObservableSpec):
    r"""A 2D Fermi-surface response ``prefactor * sum_pairs int d^2k F(k) f0'(eps_k)``.

    Generated as an exact Fermi-line integral at kT = 0 and, at kT > 0, as the thermal
    average ``-int dE w_T(E - eF) S(E)`` of the Fermi-line density
    ``S(E) = oint_{eps = E} F / |grad eps|``, computed in polar coordinates around the band
    minimum (see :func:`qsym.runtime.fermi_line.response`).

    Parameters
    ----------
    integrand : Kernel
        ``F(kx, ky, *params)`` of the upper band; may have options.
    energy_squared : sympy expression
        The upper band energy squared, a polynomial in ``kx``, ``ky`` (bands +-eps).
    kx, ky : sympy.Symbol
    energy, temperature : Arg
        The Fermi energy and kT arguments.
    prefactor : sympy expression
        In the model parameters and ``extra_args``.
    lower_sign : int
        The lower band contributes ``lower_sign * S(-E)`` (a derived symmetry).
    extra_args : tuple of Arg
        Positional arguments after kT that enter only the prefactor (e.g. tau).
    """

    name: str
    summary: str
    units: str
    reference: Reference
    integrand: Kernel
    energy_squared: sp.Basic
    kx: sp.Symbol
    ky: sp.Symbol
    energy: Arg
    temperature: Arg
    prefactor: sp.Basic = sp.Integer(1)
    lower_sign: int = 1
    extra_args: tuple = ()

    runtime_module = "fermi_line"

    @property
    def params(self) -> tuple[Arg, ...]:
        return self.integrand.args[2:]

    def kernels(self) -> tuple[Kernel, ...]:
        return (self.integrand,)


def _band_polynomials(obs: FermiLineObservable, names: dict, ctx: EmitContext) -> list[str]:
    """Private functions: eps^2 along a ray from (cx, 0), d(eps^2)/dkx on ky = 0, eps^2."""
    mnames = [a.name for a in obs.params]
    cx, cth, sth, s_ = sp.symbols("cx cos_theta sin_theta s")
    kxn, kyn = names[obs.kx], names[obs.ky]
    e2 = obs.energy_squared.subs(names, simultaneous=True)
    ray = sp.Poly(sp.expand(e2.subs({kxn: cx + s_ * cth, kyn: s_ * sth}, simultaneous=True)), s_)
    ray_coef = [ray.coeff_monomial(s_**p) for p in range(ray.degree() + 1)]
    axis = sp.Poly(sp.expand(sp.diff(e2, kxn).subs(kyn, 0)), kxn)
    axis_coef = [axis.coeff_monomial(kxn**p) for p in range(axis.degree() + 1)]
    return [
        ctx.private_function(f"_{obs.name}_ray_coefficients", ["cx", "cos_theta", "sin_theta"] + mnames,
                             [sp.Tuple(*ray_coef)]),
        ctx.private_function(f"_{obs.name}_axis_coefficients", mnames, [sp.Tuple(*axis_coef)]),
        ctx.private_function(f"_{obs.name}_energy_squared", [kxn.name, kyn.name] + mnames, [e2]),
    ]


@emit.register
def _(obs: FermiLineObservable, ctx: EmitContext) -> str:
    integrand = obs.integrand
    names = {a.symbol: sp.Symbol(a.name) for a in integrand.args + obs.extra_args}
    mnames = [a.name for a in obs.params]
    private, table = private_kernels(integrand, ctx)
    helpers = [private, table or ""] + _band_polynomials(obs, names, ctx)
    args = (obs.energy, obs.temperature) + obs.extra_args + obs.params
    leading = tuple(o.name for o in integrand.options if o.default is None)
    defaulted = tuple(o for o in integrand.options if o.default is not None)
    rt = ctx.runtime("fermi_line")
    cfg = ctx.config
    notes = (
        "Fermi-line integral at kT = 0; at kT > 0 the thermal average of the Fermi-line density over",
        f"energy panels of width 2 kT ({cfg.fermi_line_order} Gauss-Legendre points each) out to",
        f"``runtime.THERMAL_CUTOFF`` kT (``{rt}.response``). The angular rule has {cfg.fermi_line_angles}",
        "points around the band minimum.",
    )
    pre = ctx.printer.doprint(obs.prefactor.subs(names, simultaneous=True))
    body = (
        f"fn = {dispatch(integrand, obs.name)}",
        f"integrand = lambda kx, ky, {', '.join(mnames)}: fn(kx, ky, {', '.join(mnames)})  # noqa: E731",
        f"return {rt}.response(",
        f"    integrand, _{obs.name}_ray_coefficients, _{obs.name}_axis_coefficients,",
        f"    _{obs.name}_energy_squared, ({', '.join(mnames)},), {obs.energy.name}, {obs.temperature.name},",
        f"    {pre}, lower_sign={obs.lower_sign}, angles={cfg.fermi_line_angles}, order={cfg.fermi_line_order})",
    )
    public = PublicFunction(obs.name, signature(args, defaulted, leading), obs.summary, args, obs.units,
                            ctx.reference(obs.reference), integrand.constraints,
                            raises=("the upper band must have a single minimum (one critical point on the ky = 0 "
                                    "mirror line): the Fermi lines are integrated in polar coordinates about it",),
                            notes=notes,
                            options=integrand.options, body=body)
    return "\n\n\n".join(h for h in helpers if h) + "\n\n\n" + public.render(ctx)
