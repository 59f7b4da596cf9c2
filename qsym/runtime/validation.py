"""Input validation for generated functions: clear errors that name the parameter, its
units and its allowed range, before any work is done."""

from __future__ import annotations

import numpy as np

from . import compiled

__all__ = ["as_real_array", "as_channels", "broadcastable", "holds", "require", "check_optional", "choose"]


def _describe_range(lower, upper, lower_open, upper_open, nonzero) -> str:
    parts = []
    if lower is not None:
        parts.append(f"{'>' if lower_open else '>='} {lower:g}")
    if upper is not None:
        parts.append(f"{'<' if upper_open else '<='} {upper:g}")
    if nonzero:
        parts.append("!= 0")
    return " and ".join(parts) if parts else "finite"


def as_real_array(
    name: str,
    value,
    *,
    units: str = "",
    lower: float | None = None,
    upper: float | None = None,
    lower_open: bool = False,
    upper_open: bool = False,
    nonzero: bool = False,
    allow_infinite: bool = False,
    magnitude: tuple[float, float] | None = None,
    beyond: str = "",
) -> np.ndarray:
    """Convert ``value`` to a float array and check it lies in the allowed range.

    Parameters
    ----------
    name : str
        Parameter name, used in the error message.
    value : array_like
        Real scalar or array.
    units : str
        Units shown in the error message, e.g. ``"eV"``.
    lower, upper : float, optional
        Bounds of the allowed range; ``lower_open``/``upper_open`` make them strict.
    nonzero : bool
        Reject exact zeros (e.g. a mass term that the model divides by).
    allow_infinite : bool
        Accept ``+inf`` (e.g. an infinite length); ``-inf`` and NaN are still rejected.
    magnitude : (float, float), optional
        ``(smallest, largest)`` allowed ``|value|`` of a nonzero finite value: the range over
        which the function guarantees finite, accurate results.
    beyond : str, optional
        What to use outside the allowed range (e.g. the exact route of an expansion), added to
        the error message of a value outside it.

    Returns
    -------
    numpy.ndarray
        ``float64`` array (0-d for scalars).

    Raises
    ------
    ValueError
        If a value is complex or boolean, not finite, or outside the allowed range. The
        message names the parameter, the allowed range and the offending value.
    """
    unit = f" [{units}]" if units else ""
    allowed = _describe_range(lower, upper, lower_open, upper_open, nonzero)
    if allow_infinite:
        allowed += ", or inf"
    try:
        arr = np.asarray(value)
    except Exception as exc:  # pragma: no cover - numpy accepts nearly everything
        raise ValueError(f"{name}{unit} must be a real number or array; got {value!r}") from exc
    if arr.dtype.kind == "c":
        raise ValueError(f"{name}{unit} must be real; got complex {value!r}")
    if arr.dtype.kind == "b":
        raise ValueError(f"{name}{unit} must be a real number or array; got a boolean {value!r}")
    if arr.dtype.kind not in "iuf":
        raise ValueError(f"{name}{unit} must be a real number or array; got {value!r}")
    arr = arr.astype(np.float64, copy=False)
    if arr.size >= compiled.VALIDATION_MIN and compiled.backend() == "numba" and compiled.in_range(
            arr, lower, lower_open, upper, upper_open, nonzero, magnitude, allow_infinite):
        return arr                      # one compiled pass found nothing to refuse
    bad = ~np.isfinite(arr)
    if allow_infinite:
        bad &= ~np.isposinf(arr)
    if bad.any():
        raise ValueError(
            f"{name}{unit} must be finite ({allowed}); got {float(arr[bad].flat[0])!r}"
        )
    _check_range(name, unit, arr, allowed, lower, upper, lower_open, upper_open, nonzero, magnitude,
                 f"; beyond it, {beyond}" if beyond else "")
    return arr


def _check_range(name, unit, arr, allowed, lower, upper, lower_open, upper_open, nonzero, magnitude, hint) -> None:
    """The bounds, the excluded zero and the magnitudes of ``arr``, each refused with ``hint``
    (what to use beyond the range) appended."""
    if lower is not None:
        bad = arr <= lower if lower_open else arr < lower
        if bad.any():
            raise ValueError(f"{name}{unit} must be {allowed}; got {float(arr[bad].flat[0])!r}{hint}")
    if upper is not None:
        bad = arr >= upper if upper_open else arr > upper
        if bad.any():
            raise ValueError(f"{name}{unit} must be {allowed}; got {float(arr[bad].flat[0])!r}{hint}")
    if nonzero and (arr == 0).any():
        raise ValueError(f"{name}{unit} must be {allowed}; got 0.0")
    if magnitude is not None:
        _check_magnitude(name, unit, arr, *magnitude, hint=hint)


def _check_magnitude(name: str, unit: str, arr: np.ndarray, lo: float, hi: float, hint: str = "") -> None:
    """Nonzero finite values must have lo <= |x| <= hi."""
    size = np.abs(arr)
    bad = np.isfinite(arr) & (arr != 0) & ((size < lo) | (size > hi))
    if bad.any():
        span = f"{lo:g} <= |{name}| <= {hi:g}" if lo > 0 else f"|{name}| <= {hi:g}"
        raise ValueError(f"{name}{unit} = {float(arr[bad].flat[0])!r} is outside the supported magnitude "
                         f"{span} (where results are guaranteed finite and accurate){hint}")


def as_channels(name: str, value, **limits) -> np.ndarray:
    """Like :func:`as_real_array` for a per-channel parameter: a non-empty 1-D sequence."""
    arr = as_real_array(name, value, **limits)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sequence (one value per channel); "
                         f"got shape {arr.shape}")
    return arr


def broadcastable(function: str, **arrays) -> None:
    """Refuse arguments whose shapes do not broadcast together, naming the first two that clash
    (instead of numpy's message, which names none)."""
    shapes = {name: np.shape(a) for name, a in arrays.items()}
    try:
        np.broadcast_shapes(*shapes.values())
        return
    except ValueError:
        pass
    seen: dict = {}
    for name, shape in shapes.items():
        for other, other_shape in seen.items():
            try:
                np.broadcast_shapes(other_shape, shape)
            except ValueError:
                raise ValueError(f"{function}: the shapes of {other} {other_shape} and {name} {shape} do not broadcast "
                                 "together (numpy broadcasting: trailing axes equal, or one of them 1)") from None
        seen[name] = shape
    raise ValueError(f"{function}: the shapes of the arguments do not broadcast together: "
                     + ", ".join(f"{n} {s}" for n, s in shapes.items()))


def holds(condition, *args) -> bool:
    """Whether ``condition(*args)`` (a generated constraint: one boolean per point) holds at
    every point; a compiled :class:`~qsym.runtime.compiled.Twin` evaluates it in its own loop."""
    if isinstance(condition, compiled.Twin) and condition.holds is not None:
        return condition.holds_everywhere(*args)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return bool(np.all(condition(*args)))


def require(condition, message: str) -> None:
    """Raise ``ValueError(message)`` unless ``condition`` holds everywhere.

    Used by generated code for constraints that couple several parameters (for example
    ``A**2 - 2*M*B > 0``); ``message`` names the parameters and the allowed region.
    """
    if not np.all(condition):
        raise ValueError(message)


def _reject_booleans(function: str, options: dict, table: dict) -> None:
    """``True == 1`` in Python, so ``dim=True`` would pass as ``dim=1``: a boolean is never a
    valid option value."""
    for pos, (name, value) in enumerate(options.items()):
        if isinstance(value, (bool, np.bool_)):
            allowed = sorted({k[pos] for k in table}, key=str)
            raise ValueError(f"{function}: {name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")


def choose(function: str, options: dict, table: dict):
    """Pick the private kernel for the option values ``options`` (name -> value) from
    ``table`` (tuple of values -> function); a clear ValueError for unknown values."""
    _reject_booleans(function, options, table)
    key = tuple(options.values())
    if key in table:
        return table[key]
    for pos, (name, value) in enumerate(options.items()):
        allowed = sorted({k[pos] for k in table})
        if value not in allowed:
            raise ValueError(f"{function}: {name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")
    raise ValueError(f"{function}: no kernel for {options}")


def check_optional(function: str, options: dict, given: dict, needs: dict) -> None:
    """Check that the optional arguments ``given`` (name -> value or None) are passed exactly
    when the chosen ``options`` need them (``needs``: tuple of option values -> names)."""
    _reject_booleans(function, options, needs)
    key = tuple(options.values())
    if key not in needs:
        choose(function, options, needs)  # raises, naming the bad option value
    chosen = ", ".join(f"{k}={v!r}" for k, v in options.items())
    for name, value in given.items():
        if name in needs[key] and value is None:
            raise ValueError(f"{function}: {name} is required for {chosen}")
        if name not in needs[key] and value is not None:
            raise ValueError(f"{function}: {name} is not used for {chosen}; leave it out")
