"""Exceptions raised by `audioml`.

Every public function validates its input at the boundary and raises
[`ParameterError`][audioml.errors.ParameterError] with a message that names the
parameter, the value it got and the range it accepts.
"""

from __future__ import annotations

__all__ = ["ParameterError"]


class ParameterError(ValueError):
    """A parameter is outside the range a function accepts.

    A subclass of `ValueError`, so `except ValueError` still catches it.

    Examples
    --------
    >>> from audioml.errors import ParameterError
    >>> issubclass(ParameterError, ValueError)
    True
    """
