"""Shared input checks for the public functions of `audioml`.

Each check raises `ParameterError` with one readable sentence that names the
parameter, shows the offending value and states the valid range. These helpers
are private to the package: call them from public functions, never from user code.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Collection
from typing import Any

import numpy as np

from .errors import ParameterError

__all__ = [
    "MAX_ITERATIONS",
    "MAX_LENGTH",
    "check_array",
    "check_choice",
    "check_int",
    "check_length",
    "check_real",
    "check_same_shape",
    "describe",
    "is_complex",
    "scalar_or_array",
]

#: Largest length (samples, bins, bands) a size parameter may ask for: 2**31, 16 GiB of
#: float64. Beyond it an allocation fails with a MemoryError deep inside numpy; the checks
#: answer with a ParameterError instead.
MAX_LENGTH = 2**31
#: Most iterations an iterative solver (Griffin-Lim, NNLS) may be asked for: a count
#: beyond it runs for hours, which no caller means.
MAX_ITERATIONS = 100_000


def describe(value: Any) -> str:
    """Short, readable rendering of a value for an error message."""
    if isinstance(value, np.ndarray):
        if value.size <= 4:
            text = np.array2string(value.ravel(), separator=", ", max_line_width=10**6)
            return f"array({text})" if value.ndim <= 1 else f"array({text} of shape {value.shape})"
        return f"array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _bounds_text(
    low: float | None,
    high: float | None,
    low_open: bool,
    high_open: bool,
    low_name: str | None = None,
    high_name: str | None = None,
) -> str:
    """ "in [0, 1)", ">= 1", "> fmin = 20": a bound that is another parameter is named."""
    lo = None if low is None else (f"{low_name} = {low:g}" if low_name else f"{low:g}")
    hi = None if high is None else (f"{high_name} = {high:g}" if high_name else f"{high:g}")
    if lo is not None and hi is not None:
        if low_name or high_name:
            return f"{'>' if low_open else '>='} {lo} and {'<' if high_open else '<='} {hi}"
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        return f"in {left}{lo}, {hi}{right}"
    if lo is not None:
        return f"{'>' if low_open else '>='} {lo}"
    if hi is not None:
        return f"{'<' if high_open else '<='} {hi}"
    return "finite"


def check_real(
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    low_name: str | None = None,
    high_name: str | None = None,
) -> float:
    """Check that `value` is one finite real number within the given bounds.

    Returns the value as a Python `float`. A bound that is another parameter's value
    is named in the message with `low_name` / `high_name` ("fmax must be > fmin = 20"),
    so that a bad value of either parameter is reported by name.

    Examples
    --------
    >>> check_real("sr", 22050, low=0, low_open=True)
    22050.0
    >>> check_real("sr", -1, low=0, low_open=True)
    Traceback (most recent call last):
    ...
    audioml.errors.ParameterError: sr must be > 0; got -1
    >>> check_real("fmax", 10, low=20, low_open=True, low_name="fmin")
    Traceback (most recent call last):
    ...
    audioml.errors.ParameterError: fmax must be > fmin = 20; got 10
    """
    bounds = _bounds_text(low, high, low_open, high_open, low_name, high_name)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        wanted = "a finite real number" if bounds == "finite" else f"a real number {bounds}"
        raise ParameterError(f"{name} must be {wanted}; got {describe(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise ParameterError(f"{name} must be finite; got {describe(value)}")
    too_low = low is not None and (number <= low if low_open else number < low)
    too_high = high is not None and (number >= high if high_open else number > high)
    if too_low or too_high:
        raise ParameterError(f"{name} must be {bounds}; got {describe(value)}")
    return number


def check_int(
    name: str,
    value: Any,
    *,
    low: int | None = None,
    high: int | None = None,
    high_name: str | None = None,
) -> int:
    """Check that `value` is an integer (not a bool) within `[low, high]`.

    `high_name` names an upper bound that is another parameter's value.

    Examples
    --------
    >>> check_int("n_fft", 2048, low=1)
    2048
    >>> check_int("n_fft", 2048.5, low=1)
    Traceback (most recent call last):
    ...
    audioml.errors.ParameterError: n_fft must be an integer >= 1; got 2048.5
    >>> check_int("hop_length", 4096, low=1, high=2048, high_name="n_fft")
    Traceback (most recent call last):
    ...
    audioml.errors.ParameterError: hop_length must be an integer >= 1 and <= n_fft = 2048; got 4096
    """
    bounds = _bounds_text(low, high, False, False, None, high_name)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ParameterError(f"{name} must be an integer {bounds}; got {describe(value)}")
    number = int(value)
    if (low is not None and number < low) or (high is not None and number > high):
        raise ParameterError(f"{name} must be an integer {bounds}; got {describe(value)}")
    return number


def check_bool(name: str, value: Any) -> bool:
    """Check that `value` is `True` or `False` (a Python or NumPy bool, not 0 or 1).

    Examples
    --------
    >>> check_bool("center", True)
    True
    >>> check_bool("center", 1)
    Traceback (most recent call last):
    ...
    audioml.errors.ParameterError: center must be True or False; got 1
    """
    if not isinstance(value, bool | np.bool_):
        raise ParameterError(f"{name} must be True or False; got {describe(value)}")
    return bool(value)


def check_length(name: str, value: Any, *, low: int = 1) -> int:
    """`check_int` for a size that allocates memory: also at most `MAX_LENGTH` (2**31).

    Examples
    --------
    >>> check_length("n_fft", 2048)
    2048
    >>> check_length("n_fft", 2**62)
    Traceback (most recent call last):
    ...
    audioml.errors.ParameterError: n_fft must be <= MAX_LENGTH = 2**31; got 4611686018427387904
    """
    number = check_int(name, value, low=low)
    if number > MAX_LENGTH:
        raise ParameterError(f"{name} must be <= MAX_LENGTH = 2**31; got {number}")
    return number


def check_choice(name: str, value: Any, choices: Collection[Any]) -> Any:
    """Check that `value` is one of `choices`.

    Examples
    --------
    >>> check_choice("edition", 2023, (2003, 2023))
    2023
    >>> check_choice("edition", 1987, (2003, 2023))
    Traceback (most recent call last):
    ...
    audioml.errors.ParameterError: edition must be one of 2003, 2023; got 1987
    """
    if isinstance(value, bool | np.ndarray | list | tuple | dict):
        valid = False  # a flag is no choice; `array([2023]) in (2003, 2023)` would be True
    else:
        try:
            valid = bool(value in choices)
        except (TypeError, ValueError):  # unhashable against a set, or no truth value
            valid = False
    if not valid:
        listed = ", ".join(repr(c) if isinstance(c, str) else str(c) for c in choices)
        raise ParameterError(f"{name} must be one of {listed}; got {describe(value)}")
    return value


def check_array(
    name: str,
    value: Any,
    *,
    ndim: int | tuple[int, ...] | None = None,
    min_size: int = 1,
    finite: bool = True,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    dtype: Any = np.float64,
) -> np.ndarray:
    """Convert `value` to a numeric array and check its shape and values.

    Parameters
    ----------
    name
        The parameter's name, used in the error message.
    value
        Anything `numpy.asarray` accepts; scalars become 0-d arrays.
    ndim
        Allowed number of dimensions (one int or a tuple), or `None` for any.
    min_size
        Smallest number of elements allowed.
    finite
        Reject NaN and infinity.
    low
        Bounds every element must satisfy (`low_open` makes the lower bound strict).
    high
        Bounds every element must satisfy (`low_open` makes the lower bound strict).
    low_open
        Bounds every element must satisfy (`low_open` makes the lower bound strict).
    dtype
        The dtype to convert to; complex input is kept complex when `dtype` is
        `None` or complex, and rejected for a real `dtype` (numpy would silently drop
        the imaginary part).

    Examples
    --------
    >>> check_array("frequency", [100, 1000]).tolist()
    [100.0, 1000.0]
    >>> check_array("f", [1, float("nan")])
    Traceback (most recent call last):
    ...
    audioml.errors.ParameterError: f must contain only finite values; got 1 NaN or ...
    >>> check_array("f", [[1.0, 2.0], [3.0]])
    Traceback (most recent call last):
    ...
    audioml.errors.ParameterError: f must be numeric array-like; got [[1.0, 2.0], [3.0]]
    """
    if _is_text(value):  # numpy would read "1.0" as the number 1.0
        raise ParameterError(f"{name} must be numeric, not text; got {describe(value)}")
    if dtype is not None and not np.issubdtype(dtype, np.complexfloating) and is_complex(value):
        # numpy would drop the imaginary part with only a ComplexWarning
        raise ParameterError(f"{name} must be real; got a complex array")
    try:
        array = np.asarray(value) if dtype is None else np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"{name} must be numeric array-like; got {describe(value)}") from exc
    if not np.issubdtype(array.dtype, np.number):
        raise ParameterError(f"{name} must be numeric; got dtype {array.dtype}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if array.ndim not in allowed:
            wanted = " or ".join(str(n) for n in allowed)
            raise ParameterError(f"{name} must have {wanted} dimension(s); got shape {array.shape}")
    if array.size < min_size:
        raise ParameterError(
            f"{name} must have at least {min_size} element(s); got shape {array.shape}"
        )
    if finite:
        bad = ~np.isfinite(array)
        if bad.any():
            raise ParameterError(
                f"{name} must contain only finite values; got {int(bad.sum())} NaN or "
                f"infinite value(s) in {describe(array)}"
            )
    if low is not None or high is not None:
        bounds = _bounds_text(low, high, low_open, False)
        too_low = (
            np.zeros(array.shape, bool)
            if low is None
            else (array <= low if low_open else array < low)
        )
        too_high = np.zeros(array.shape, bool) if high is None else array > high
        outside = too_low | too_high
        if outside.any():
            first = array[outside].flat[0]
            raise ParameterError(
                f"{name} must be {bounds}; got {int(outside.sum())} value(s) outside, "
                f"e.g. {first:g}"
            )
    return array


def _is_text(value: Any) -> bool:
    """A string, bytes, or an array or (nested) list of them."""
    if isinstance(value, str | bytes | np.str_ | np.bytes_):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "US"
    if isinstance(value, list | tuple):
        try:
            return np.asarray(value).dtype.kind in "US"
        except (TypeError, ValueError):  # ragged: check_array reports it
            return False
    return False


def is_complex(value: Any) -> bool:
    """Whether `value` is complex; False for what numpy cannot read (check_array reports it).

    Examples
    --------
    >>> is_complex([1j]), is_complex([[1.0], [2.0, 3.0]])
    (True, False)
    """
    try:
        return bool(np.iscomplexobj(value))
    except (TypeError, ValueError):
        return False


def check_same_shape(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray) -> None:
    """Check that two arrays have the same shape.

    Examples
    --------
    >>> import numpy as np
    >>> check_same_shape("estimate", np.zeros(3), "target", np.zeros(4))
    Traceback (most recent call last):
    ...
    audioml.errors.ParameterError: estimate and target must have the same shape; got (3,) and (4,)
    """
    if a.shape != b.shape:
        raise ParameterError(
            f"{name_a} and {name_b} must have the same shape; got {a.shape} and {b.shape}"
        )


def scalar_or_array(x: np.ndarray) -> float | np.ndarray:
    """A Python float for a 0-d result, the array otherwise (scalars in, scalars out).

    Examples
    --------
    >>> scalar_or_array(np.asarray(2.5)), scalar_or_array(np.ones(2)).shape
    (2.5, (2,))
    """
    return float(x) if np.ndim(x) == 0 else x
