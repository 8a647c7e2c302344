"""Tests of `audioml.prefilters`: pre-emphasis and the FIR A-weighting."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.signal

from audioml import losses, prefilters
from audioml.errors import ParameterError
from audioml.loudness import a_weighting
from audioml.signals import tone, white_noise


def test_pre_emphasis_difference_equation():
    rng = np.random.default_rng(0)
    y = rng.standard_normal(300)
    out = prefilters.pre_emphasis(y, coef=0.9)
    np.testing.assert_allclose(out, scipy.signal.lfilter([1.0, -0.9], [1.0], y), rtol=1e-12)
    assert out.shape == y.shape
    np.testing.assert_array_equal(prefilters.pre_emphasis(y, coef=0.0), y)


def test_pre_emphasis_gain_dc_and_nyquist():
    n = 2000
    dc = np.ones(n)
    nyquist = np.cos(np.pi * np.arange(n))
    assert prefilters.pre_emphasis(dc)[1:] == pytest.approx(0.05)  # 1 - 0.95
    assert np.abs(prefilters.pre_emphasis(nyquist)[1:]) == pytest.approx(1.95)  # 1 + 0.95


def test_pre_emphasis_makes_a_loss_weigh_high_frequencies_more():
    sr = 22050
    low, high = tone(100, sr=sr, duration=0.2), tone(5000, sr=sr, duration=0.2)
    target = low + high
    err_low, err_high = target + 0.1 * low, target + 0.1 * high  # same error energy
    assert losses.mse_loss(err_low, target) == pytest.approx(losses.mse_loss(err_high, target))

    def pe(y):
        return prefilters.pre_emphasis(y)

    assert losses.mse_loss(pe(err_high), pe(target)) > 100 * losses.mse_loss(
        pe(err_low), pe(target)
    )


@pytest.mark.parametrize("sr", [16000, 22050, 44100])
def test_a_weighting_taps_follow_the_iec_curve(sr):
    taps = prefilters.a_weighting_taps(sr=sr, ntaps=101)
    assert taps.shape == (101,)
    np.testing.assert_allclose(taps, taps[::-1], atol=1e-15)  # linear phase
    freqs = np.array([500.0, 1000.0, 2000.0, 4000.0, 0.45 * sr])
    _, h = scipy.signal.freqz(taps, worN=freqs, fs=sr)
    np.testing.assert_allclose(20 * np.log10(np.abs(h)), a_weighting(freqs), atol=0.2)


def test_a_weighting_taps_low_frequency_limit_of_101_taps():
    """Documented: 101 taps cannot follow the steep fall below ~100 Hz."""
    _, h = scipy.signal.freqz(prefilters.a_weighting_taps(sr=22050), worN=[50.0], fs=22050)
    excess = 20 * np.log10(abs(h[0])) - a_weighting(50.0)
    assert 1.0 < excess < 6.0
    more = prefilters.a_weighting_taps(sr=22050, ntaps=401)
    _, h = scipy.signal.freqz(more, worN=[50.0], fs=22050)
    assert abs(20 * np.log10(abs(h[0])) - a_weighting(50.0)) < excess


def test_a_weighting_filter_keeps_length_and_timing():
    sr = 22050
    y = tone(1000, sr=sr, duration=0.3)
    out = prefilters.a_weighting_filter(y, sr=sr)
    assert out.shape == y.shape
    mid = slice(200, -200)
    # 0 dB and zero phase at 1 kHz: the filtered tone sits on the original
    np.testing.assert_allclose(out[mid], y[mid], atol=0.01)
    short = prefilters.a_weighting_filter(np.ones(10), sr=sr)
    assert short.shape == (10,)


def test_a_weighted_loss_ignores_low_frequency_error():
    sr = 22050
    target = white_noise(sr=sr, duration=0.5, amplitude=0.1, rng=3)
    low = 0.05 * tone(40, sr=sr, duration=0.5)
    mid = 0.05 * tone(2000, sr=sr, duration=0.5)

    def aw(y):
        return prefilters.a_weighting_filter(y, sr=sr)

    plain_ratio = losses.mse_loss(target + low, target) / losses.mse_loss(target + mid, target)
    weighted_ratio = losses.mse_loss(aw(target + low), aw(target)) / losses.mse_loss(
        aw(target + mid), aw(target)
    )
    assert plain_ratio == pytest.approx(1.0, rel=0.01)
    assert weighted_ratio < 0.01


def test_bad_input_raises():
    y = np.zeros(100)
    with pytest.raises(ParameterError, match="coef must be in"):
        prefilters.pre_emphasis(y, coef=1.5)
    with pytest.raises(ParameterError, match="ntaps must be odd"):
        prefilters.a_weighting_filter(y, sr=22050, ntaps=100)
    with pytest.raises(ParameterError, match="ntaps must be an integer >= 3"):
        prefilters.a_weighting_taps(sr=22050, ntaps=1)
    with pytest.raises(ParameterError, match="sr must be"):
        prefilters.a_weighting_taps(sr=-1)
    with pytest.raises(ParameterError, match="y must contain only finite"):
        prefilters.pre_emphasis([0.0, np.nan])
    with pytest.raises(ParameterError, match="y must have 1 dimension"):
        prefilters.a_weighting_filter(np.zeros((2, 10)), sr=22050)
    with pytest.raises(ParameterError, match="y must be real"):
        prefilters.pre_emphasis(np.zeros(4, complex))


def test_reexported_from_losses():
    assert losses.pre_emphasis is prefilters.pre_emphasis
    assert losses.a_weighting_filter is prefilters.a_weighting_filter
