"""Deterministic test signals and the shipped speech clips."""

from __future__ import annotations

import numpy as np
import pytest

from audioml import signals
from audioml.errors import ParameterError


def test_tone_matches_the_formula():
    sr, f, phase = 8000, 440.0, 0.3
    y = signals.tone(f, sr=sr, duration=0.25, amplitude=0.5, phase=phase)
    t = np.arange(2000) / sr
    np.testing.assert_allclose(y, 0.5 * np.sin(2 * np.pi * f * t + phase), rtol=0, atol=1e-15)


def test_tone_frequency_is_where_the_spectrum_peaks():
    sr = 16000
    y = signals.tone(1000, sr=sr, duration=1.0)
    spectrum = np.abs(np.fft.rfft(y))
    assert np.argmax(spectrum) * sr / len(y) == pytest.approx(1000.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"frequency": 0}, r"frequency must be in \(0, 11025\); got 0"),
        ({"frequency": 11025}, r"frequency must be in \(0, 11025\)"),
        ({"frequency": float("nan")}, "frequency must be finite"),
        ({"frequency": 440, "duration": 0}, r"duration must be > 0"),
        ({"frequency": 440, "sr": -1}, r"sr must be > 0"),
        ({"frequency": 440, "duration": 1e-9}, "at least one sample"),
    ],
)
def test_tone_bad_input(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        signals.tone(**kwargs)


def test_fade_ramps_are_raised_cosines_and_the_input_is_untouched():
    y = np.ones(1000)
    out = signals.fade(y, sr=1000, seconds=0.1)
    assert y.min() == 1.0  # copy, not in place
    np.testing.assert_allclose(out[:100], 0.5 - 0.5 * np.cos(np.pi * np.arange(100) / 100))
    np.testing.assert_allclose(out[-100:], out[:100][::-1])
    assert (out[100:900] == 1.0).all()


def test_fade_longer_than_half_the_signal_is_capped():
    out = signals.fade(np.ones(10), sr=1000, seconds=1.0)
    assert out[0] == 0.0
    assert out[-1] == 0.0


def test_chirp_sweeps_from_fmin_to_fmax():
    sr = 16000
    y = signals.chirp(fmin=200, fmax=3200, sr=sr, duration=2.0)
    # instantaneous frequency from the zero-crossing rate at the start and the end
    head, tail = y[:1600], y[-1600:]
    f_head = np.sum(np.abs(np.diff(np.signbit(head)))) / 2 / 0.1
    f_tail = np.sum(np.abs(np.diff(np.signbit(tail)))) / 2 / 0.1
    assert f_head == pytest.approx(200 * 2 ** (4 * 0.05 / 2), rel=0.05)
    assert f_tail == pytest.approx(3200 * 2 ** (-4 * 0.05 / 2), rel=0.05)


def test_linear_chirp_and_constant_chirp():
    y = signals.chirp(fmin=500, fmax=500, sr=8000, duration=0.5)
    np.testing.assert_allclose(y, signals.tone(500, sr=8000, duration=0.5), atol=1e-9)
    lin = signals.chirp(fmin=100, fmax=1000, sr=8000, duration=1.0, linear=True)
    assert lin.shape == (8000,)


def test_harmonic_tone_has_the_harmonics_and_rolloff():
    sr, f0 = 22050, 220
    y = signals.harmonic_tone(
        f0, sr=sr, duration=1.0, n_harmonics=4, rolloff_db=6.0, fade_seconds=0
    )
    spectrum = np.abs(np.fft.rfft(y))
    peaks = spectrum[[f0 * k for k in (1, 2, 3, 4)]]  # 1 Hz bins: index == Hz
    levels = 20 * np.log10(peaks / peaks[0])
    np.testing.assert_allclose(levels, [0, -6, -6 * np.log2(3), -12], atol=0.01)
    assert np.abs(y).max() == pytest.approx(0.5)


def test_harmonic_tone_drops_harmonics_above_nyquist():
    y = signals.harmonic_tone(4000, sr=16000, duration=1.0, n_harmonics=10, fade_seconds=0)
    spectrum = np.abs(np.fft.rfft(y))
    assert spectrum[4000] > 100
    assert spectrum[4001:].max() < 1e-6 * spectrum[4000]


def test_white_noise_is_seeded_and_has_the_requested_level():
    a = signals.white_noise(duration=1.0, amplitude=0.2, rng=7)
    b = signals.white_noise(duration=1.0, amplitude=0.2, rng=np.random.default_rng(7))
    assert np.array_equal(a, b)
    assert a.std() == pytest.approx(0.2, rel=0.02)
    assert not np.array_equal(a, signals.white_noise(duration=1.0, amplitude=0.2, rng=8))
    assert np.array_equal(
        signals.white_noise(duration=0.1), signals.white_noise(duration=0.1, rng=0)
    )


def test_make_rng_rejects_negative_and_float_seeds():
    with pytest.raises(ParameterError, match="rng must be an integer >= 0"):
        signals.make_rng(-1)
    with pytest.raises(ParameterError, match="rng must be an integer"):
        signals.make_rng(1.5)


@pytest.mark.parametrize("name", sorted(signals.SPEECH_CLIPS))
def test_speech_clips_load_as_mono_float_at_22050(name):
    y, sr = signals.load_speech(name)
    assert sr == 22050
    assert y.ndim == 1
    assert y.dtype == np.float64
    assert 2.5 < len(y) / sr < 4.0
    peak_db = 20 * np.log10(np.abs(y).max())
    assert peak_db == pytest.approx(-1.0, abs=0.1)  # normalised by make_speech.sh


def test_unknown_speech_clip_lists_the_valid_names():
    with pytest.raises(ParameterError, match="name must be one of 'fox_male', 'fox_female'"):
        signals.load_speech("fox")
