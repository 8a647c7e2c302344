"""Checks shared by every loss: two finite real 1-D signals of one length, a silent target."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validate import check_array, check_real, check_same_shape, is_complex
from ..errors import ParameterError


def _pair(estimate: Any, target: Any) -> tuple[np.ndarray, np.ndarray]:
    """Both signals as finite float64 1-D arrays of the same length."""
    for name, value in (("estimate", estimate), ("target", target)):
        if is_complex(value):
            raise ParameterError(f"{name} must be real; got a complex array")
    x = check_array("estimate", estimate, ndim=1, min_size=1)
    t = check_array("target", target, ndim=1, min_size=1)
    check_same_shape("estimate", x, "target", t)
    return x, t


def _check_not_silent(t: np.ndarray, *, what: str) -> None:
    if not np.any(t):
        raise ParameterError(
            f"target must not be all zeros: {what} divides by the target's energy; "
            f"got {t.size} zero samples"
        )


def _check_eps(eps: Any) -> float:
    return check_real("eps", eps, low=0)
