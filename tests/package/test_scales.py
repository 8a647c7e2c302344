"""Tests for audioml.scales: reference constants, librosa, round trips, monotonicity."""

from __future__ import annotations

import librosa
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from audioml.errors import ParameterError
from audioml.scales import (
    bark_to_hz,
    erb_bandwidth,
    erb_rate_to_hz,
    hz_to_bark,
    hz_to_erb_rate,
    hz_to_mel,
    mel_frequencies,
    mel_to_hz,
)

FAST = settings(max_examples=50, deadline=None)
audible = st.floats(min_value=1.0, max_value=24000.0, allow_nan=False)


# --- reference constants -----------------------------------------------------------


def test_mel_reference_constants():
    assert hz_to_mel(1000) == 15.0  # Slaney: exactly 15 (librosa: 15 - 2e-15)
    assert hz_to_mel(0) == 0.0
    assert hz_to_mel(0, htk=True) == 0.0
    assert hz_to_mel(1000, htk=True) == pytest.approx(999.98554, abs=1e-5)
    assert hz_to_mel(500) == pytest.approx(7.5, abs=1e-12)  # linear part: 3 f / 200
    assert hz_to_mel(6400) == pytest.approx(15 + 27, abs=1e-12)  # 27 mel per factor 6.4
    assert mel_to_hz(15) == 1000.0
    assert mel_to_hz(42) == pytest.approx(6400.0, rel=1e-14)


def test_bark_reference_values():
    # Zwicker & Terhardt (1980) at 1 kHz: 13 atan(0.76) + 3.5 atan(1/56.25)
    expected = 13 * np.arctan(0.76) + 3.5 * np.arctan((1000 / 7500) ** 2)
    assert hz_to_bark(1000, formula="zwicker") == pytest.approx(expected, rel=1e-14)
    assert hz_to_bark(1000, formula="zwicker") == pytest.approx(8.5105, abs=1e-4)
    # Traunmueller in its middle range is uncorrected: 26.81 f / (1960 + f) - 0.53
    assert hz_to_bark(1000) == pytest.approx(26.81 * 1000 / 2960 - 0.53, rel=1e-14)
    # Low correction: z + 0.15 (2 - z); high correction: z + 0.22 (z - 20.1)
    z50 = 26.81 * 50 / 2010 - 0.53
    assert hz_to_bark(50) == pytest.approx(z50 + 0.15 * (2 - z50), rel=1e-14)
    z15k = 26.81 * 15000 / 16960 - 0.53
    assert hz_to_bark(15000) == pytest.approx(z15k + 0.22 * (z15k - 20.1), rel=1e-14)


def test_erb_reference_values():
    assert erb_bandwidth(1000) == pytest.approx(24.7 * 5.37, rel=1e-14)  # 132.639 Hz
    assert erb_bandwidth(0.001) == pytest.approx(24.7, rel=1e-5)
    assert hz_to_erb_rate(1000) == pytest.approx(21.4 * np.log10(5.37), rel=1e-14)


def test_erb_rate_is_integral_of_inverse_bandwidth():
    # dE/df = 1 / ERB(f): the ERB-rate counts ERBs below f (Glasberg & Moore 1990).
    f = np.array([100.0, 1000.0, 5000.0])
    h = 1e-3
    slope = (hz_to_erb_rate(f + h) - hz_to_erb_rate(f - h)) / (2 * h)
    # the published constants are rounded: 21.4 * 0.00437 / ln 10 = 1.0032 / 24.7
    np.testing.assert_allclose(slope, 1 / erb_bandwidth(f), rtol=4e-3)


# --- against librosa ---------------------------------------------------------------


@pytest.mark.parametrize("htk", [False, True])
def test_mel_matches_librosa(htk):
    f = np.concatenate([[0.0, 999.999, 1000.0, 1000.001], np.geomspace(1, 24000, 500)])
    np.testing.assert_allclose(
        hz_to_mel(f, htk=htk), librosa.hz_to_mel(f, htk=htk), rtol=1e-13, atol=1e-12
    )
    m = np.linspace(0, 4000 if htk else 80, 500)
    np.testing.assert_allclose(
        mel_to_hz(m, htk=htk), librosa.mel_to_hz(m, htk=htk), rtol=1e-13, atol=1e-10
    )


@pytest.mark.parametrize("htk", [False, True])
@pytest.mark.parametrize(
    ("n", "fmin", "fmax"),
    [(128, 0.0, 11025.0), (42, 20.0, 8000.0), (2, 0.0, 22050.0), (1, 100.0, 200.0)],
)
def test_mel_frequencies_match_librosa(n, fmin, fmax, htk):
    ours = mel_frequencies(n, fmin=fmin, fmax=fmax, htk=htk)
    theirs = librosa.mel_frequencies(n, fmin=fmin, fmax=fmax, htk=htk)
    assert ours.shape == (n,)
    np.testing.assert_allclose(ours, theirs, rtol=1e-13, atol=1e-10)


def test_mel_frequencies_defaults_match_librosa():
    np.testing.assert_allclose(mel_frequencies(), librosa.mel_frequencies(), rtol=1e-13)


def test_scalar_in_float_out_array_keeps_shape():
    assert isinstance(hz_to_mel(440.0), float)
    assert isinstance(bark_to_hz(5.0), float)
    assert hz_to_mel(np.ones((2, 3))).shape == (2, 3)
    assert hz_to_bark(np.ones((4, 1)), formula="zwicker").shape == (4, 1)


# --- round trips and monotonicity (properties) ------------------------------------


@FAST
@given(f=st.floats(min_value=0.0, max_value=48000.0), htk=st.booleans())
def test_mel_round_trip(f, htk):
    assert mel_to_hz(hz_to_mel(f, htk=htk), htk=htk) == pytest.approx(f, rel=1e-12, abs=1e-9)


@FAST
@given(f=st.floats(min_value=1e-3, max_value=1e6))
def test_bark_round_trip_is_exact_including_corrections(f):
    assert bark_to_hz(hz_to_bark(f)) == pytest.approx(f, rel=1e-9)


def test_bark_round_trip_across_both_correction_breaks():
    # z = 2 is near 213 Hz, z = 20.1 near 6.1 kHz: dense grids across both breaks
    f = np.concatenate([np.linspace(150, 300, 2001), np.linspace(5000, 7500, 2001)])
    np.testing.assert_allclose(bark_to_hz(hz_to_bark(f)), f, rtol=1e-12)
    z = np.linspace(-0.15, 27.6, 5001)
    np.testing.assert_allclose(hz_to_bark(bark_to_hz(z)), z, rtol=1e-9, atol=1e-9)


@FAST
@given(f=st.floats(min_value=1e-3, max_value=1e6))
def test_erb_round_trip(f):
    assert erb_rate_to_hz(hz_to_erb_rate(f)) == pytest.approx(f, rel=1e-9)


@FAST
@given(a=audible, b=audible)
def test_all_scales_are_strictly_increasing(a, b):
    lo, hi = min(a, b), max(a, b)
    assume(hi > lo * (1 + 1e-9))  # closer than that, float rounding decides
    for forward in (
        hz_to_mel,
        lambda f: hz_to_mel(f, htk=True),
        hz_to_bark,
        lambda f: hz_to_bark(f, formula="zwicker"),
        hz_to_erb_rate,
        erb_bandwidth,
    ):
        assert forward(lo) < forward(hi)


def test_equal_mel_steps_are_wider_in_hz_at_high_frequency():
    # The seed's example: 100 -> 200 Hz spans far more mel than 10,000 -> 10,100 Hz.
    for htk in (False, True):
        low = hz_to_mel(200, htk=htk) - hz_to_mel(100, htk=htk)
        high = hz_to_mel(10100, htk=htk) - hz_to_mel(10000, htk=htk)
        assert low > 5 * high


# --- bad input -----------------------------------------------------------------------


@pytest.mark.parametrize("bad", [-1.0, np.nan, np.inf, [100.0, -5.0]])
def test_hz_to_mel_rejects_negative_and_nan(bad):
    with pytest.raises(ParameterError, match=r"^f must"):
        hz_to_mel(bad)


def test_mel_to_hz_rejects_negative():
    with pytest.raises(ParameterError, match=r"^m must be >= 0"):
        mel_to_hz(-0.5, htk=True)


@pytest.mark.parametrize(
    "func", [hz_to_bark, hz_to_erb_rate, erb_bandwidth, lambda f: hz_to_bark(f, formula="zwicker")]
)
@pytest.mark.parametrize("bad", [0.0, -100.0, np.nan])
def test_frequency_functions_reject_zero_negative_nan(func, bad):
    with pytest.raises(ParameterError, match=r"^f must"):
        func(bad)


def test_erb_rate_to_hz_rejects_zero():
    with pytest.raises(ParameterError, match=r"^e must be > 0"):
        erb_rate_to_hz(0.0)


@pytest.mark.parametrize("bad", [-0.2, 27.7, np.nan])
def test_bark_to_hz_rejects_values_outside_the_scale(bad):
    with pytest.raises(ParameterError, match=r"^z must"):
        bark_to_hz(bad)


def test_hz_to_bark_rejects_unknown_formula():
    with pytest.raises(ParameterError, match="formula must be one of 'traunmuller', 'zwicker'"):
        hz_to_bark(1000, formula="schroeder")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_mels": 0}, "n_mels"),
        ({"n_mels": 10, "fmin": -1.0}, "fmin"),
        ({"n_mels": 10, "fmin": 500.0, "fmax": 500.0}, "fmax"),
    ],
)
def test_mel_frequencies_rejects_bad_parameters(kwargs, match):
    n = kwargs.pop("n_mels")
    with pytest.raises(ParameterError, match=match):
        mel_frequencies(n, **kwargs)
