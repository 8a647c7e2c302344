"""The shared input checks: every message names the parameter, the value and the range."""

from __future__ import annotations

import math

import numpy as np
import pytest

from audioml._validate import (
    check_array,
    check_choice,
    check_int,
    check_real,
    check_same_shape,
    describe,
)
from audioml.errors import ParameterError


def test_parameter_error_is_a_value_error():
    assert issubclass(ParameterError, ValueError)


@pytest.mark.parametrize(
    ("kwargs", "value", "message"),
    [
        ({"low": 0, "low_open": True}, 0, r"^sr must be > 0; got 0$"),
        ({"low": 0}, -1.5, r"^sr must be >= 0; got -1.5$"),
        ({"low": 0, "high": 1}, 2, r"^sr must be in \[0, 1\]; got 2$"),
        ({"low": 0, "high": 1, "high_open": True}, 1, r"^sr must be in \[0, 1\); got 1$"),
        ({"high": 10, "high_open": True}, 10, r"^sr must be < 10; got 10$"),
        ({}, math.nan, r"^sr must be finite; got nan$"),
        ({}, math.inf, r"^sr must be finite; got inf$"),
        ({"low": 0}, None, r"^sr must be a real number >= 0; got None$"),
        ({}, "22050", r"^sr must be a finite real number; got '22050'$"),
        ({}, True, r"^sr must be a finite real number; got True$"),
    ],
)
def test_check_real_rejects_with_a_precise_message(kwargs, value, message):
    with pytest.raises(ParameterError, match=message):
        check_real("sr", value, **kwargs)


def test_check_real_accepts_numpy_scalars_and_bounds():
    assert check_real("x", np.float32(0.5), low=0, high=1) == 0.5
    assert check_real("x", 0, low=0) == 0.0
    assert check_real("x", 1, high=1) == 1.0


@pytest.mark.parametrize("value", [1.5, "3", None, True, np.float64(2.0)])
def test_check_int_rejects_non_integers(value):
    with pytest.raises(ParameterError, match=r"^n must be an integer >= 1; got "):
        check_int("n", value, low=1)


def test_check_int_bounds_and_numpy_integers():
    assert check_int("n", np.int64(7), low=1, high=7) == 7
    with pytest.raises(ParameterError, match=r"^n must be an integer in \[1, 7\]; got 8$"):
        check_int("n", 8, low=1, high=7)


def test_check_choice_lists_the_valid_values():
    assert check_choice("init", "zeros", ("random", "zeros")) == "zeros"
    with pytest.raises(ParameterError, match=r"^init must be one of 'random', 'zeros'; got 'z'$"):
        check_choice("init", "z", ("random", "zeros"))
    with pytest.raises(ParameterError, match="got True"):
        check_choice("edition", True, (1, 2023))  # True == 1, but a bool is no edition
    with pytest.raises(ParameterError):
        check_choice("edition", [2023], {2003, 2023})  # unhashable


def test_check_array_converts_and_checks_shape_and_values():
    out = check_array("y", [1, 2, 3], ndim=1)
    assert out.dtype == np.float64
    assert out.tolist() == [1.0, 2.0, 3.0]
    with pytest.raises(ParameterError, match=r"^y must have 1 dimension\(s\); got shape \(2, 2\)$"):
        check_array("y", np.zeros((2, 2)), ndim=1)
    with pytest.raises(ParameterError, match=r"^y must have 1 or 2 dimension\(s\)"):
        check_array("y", np.zeros((2, 2, 2)), ndim=(1, 2))
    with pytest.raises(ParameterError, match=r"^y must have at least 1 element\(s\); got shape"):
        check_array("y", [])
    with pytest.raises(ParameterError, match=r"^y must contain only finite values; got 2 NaN"):
        check_array("y", [np.nan, 1.0, np.inf])
    with pytest.raises(ParameterError, match=r"^y must be numeric"):
        check_array("y", ["a", "b"], dtype=None)
    with pytest.raises(ParameterError, match=r"^y must be numeric, not text; got \['a', 'b'\]$"):
        check_array("y", ["a", "b"])
    for text in ("1.0", b"1.0", np.array(["1.0"]), [["1", "2"]]):  # numpy would parse them
        with pytest.raises(ParameterError, match=r"^y must be numeric, not text; got "):
            check_array("y", text)


def test_check_array_bounds_report_count_and_an_example():
    with pytest.raises(
        ParameterError, match=r"^f must be > 0; got 2 value\(s\) outside, e\.g\. 0$"
    ):
        check_array("f", [0.0, -1.0, 5.0], low=0, low_open=True)
    with pytest.raises(ParameterError, match=r"^f must be in \[0, 1\]; got 1 value"):
        check_array("f", [0.5, 2.0], low=0, high=1)
    assert check_array("f", [0.0, 1.0], low=0, high=1).tolist() == [0.0, 1.0]


def test_check_array_keeps_complex_when_dtype_is_none():
    out = check_array("D", np.array([1 + 1j]), dtype=None)
    assert np.iscomplexobj(out)


def test_check_same_shape():
    check_same_shape("a", np.zeros(3), "b", np.ones(3))
    with pytest.raises(
        ParameterError, match=r"^a and b must have the same shape; got \(3,\) and \(2, 2\)$"
    ):
        check_same_shape("a", np.zeros(3), "b", np.zeros((2, 2)))


def test_describe_is_short_for_large_arrays_and_long_values():
    assert describe(np.zeros((100, 3))) == "array of shape (100, 3) and dtype float64"
    assert len(describe("x" * 500)) == 60


def test_check_array_rejects_ragged_and_complex_input_by_name():
    with pytest.raises(ParameterError, match=r"^y must be numeric array-like; got \[\[1"):
        check_array("y", [[1.0, 2.0], [3.0]])
    with pytest.raises(ParameterError, match=r"^y must be real; got a complex array$"):
        check_array("y", np.array([1 + 1j, 2.0]))  # numpy alone would drop the 1j
    assert check_array("y", np.array([1 + 1j]), dtype=np.complex128)[0] == 1 + 1j


@pytest.mark.parametrize(
    "value", [np.array([2023]), np.zeros((2, 2)), [2023], (2023,), {"hann": 1}, None, True]
)
def test_check_choice_rejects_containers_and_flags(value):
    """`array([2023]) in (2003, 2023)` is True and a 2-D array has no truth value."""
    with pytest.raises(ParameterError, match=r"^edition must be one of 2003, 2023; got "):
        check_choice("edition", value, (2003, 2023))


def test_check_choice_accepts_numpy_scalars_equal_to_a_choice():
    assert check_choice("edition", np.int64(2023), (2003, 2023)) == 2023
    assert check_choice("sr", 16000.0, (16000,)) == 16000


def test_check_length_bounds_sizes_that_would_allocate_gigabytes():
    from audioml._validate import MAX_LENGTH, check_length

    assert check_length("n", MAX_LENGTH) == 2**31
    with pytest.raises(ParameterError, match=r"^n must be <= MAX_LENGTH = 2\*\*31; got "):
        check_length("n", MAX_LENGTH + 1)
    with pytest.raises(ParameterError, match=r"^n must be an integer >= 1; got nan$"):
        check_length("n", math.nan)
