"""audioml.level: dBFS levels, down-mix, and BS.1770-4 loudness against the standard's facts.

The loudness cases are the Recommendation's own statement (a 997 Hz sine at 0 dBFS in one
channel reads -3.01 LUFS) and the synthetic test signals of EBU Tech 3341 (stereo 1 kHz
tone sequences whose expected integrated loudness is stated there, tolerance +-0.1 LU).
pyloudnorm itself is compared in tests/crosscheck/test_level_pyloudnorm.py.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.signal

from audioml.errors import ParameterError
from audioml.level import (
    AMIN,
    K_WEIGHTING_48K,
    block_loudness,
    integrated_loudness,
    k_weighting,
    normalize_loudness,
    peak_dbfs,
    rms_dbfs,
    to_mono,
)
from audioml.signals import load_speech, white_noise

SR = 48000


def sine(freq, seconds, dbfs, sr=SR):
    t = np.arange(round(seconds * sr)) / sr
    return 10 ** (dbfs / 20) * np.sin(2 * np.pi * freq * t)


def stereo_sequence(parts, freq=1000.0):
    """EBU Tech 3341 style: (seconds, dBFS) segments of a 1 kHz sine in both channels."""
    y = np.concatenate([sine(freq, s, db) for s, db in parts])
    return np.stack([y, y])


def test_coefficients_rederived_at_48k_equal_the_recommendations_tables():
    sos = k_weighting(sr=48000)
    b, a = K_WEIGHTING_48K["shelf"]
    np.testing.assert_allclose(sos[0], [*b, *a], rtol=0, atol=1e-14)
    b, a = K_WEIGHTING_48K["highpass"]
    np.testing.assert_allclose(sos[1], [*b, *a], rtol=0, atol=1e-14)


def test_k_weighting_response_at_44k1_follows_the_48k_filter_in_the_audible_band():
    f = np.geomspace(20, 16000, 50)
    _, h48 = scipy.signal.sosfreqz(k_weighting(sr=48000), worN=f, fs=48000)
    _, h441 = scipy.signal.sosfreqz(k_weighting(sr=44100), worN=f, fs=44100)
    diff = np.abs(20 * np.log10(np.abs(h441) / np.abs(h48)))
    assert diff.max() < 0.03  # bilinear warping: 0.004 dB at 1 kHz, more near Nyquist


def test_k_weighting_gain_at_997_hz_is_the_0691_offset():
    _, h = scipy.signal.sosfreqz(k_weighting(sr=SR), worN=[997.0], fs=SR)
    assert 20 * np.log10(abs(h[0])) == pytest.approx(0.691, abs=5e-4)


def test_full_scale_997_hz_sine_in_one_channel_reads_minus_3_01_lufs():
    assert integrated_loudness(sine(997, 5, 0.0), sr=SR) == pytest.approx(-3.01, abs=0.005)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([(20, -23.0)], -23.0),  # Tech 3341 case 1
        ([(20, -33.0)], -33.0),  # case 2
        ([(10, -36.0), (60, -23.0), (10, -36.0)], -23.0),  # case 3: relative gate
        ([(10, -72.0), (10, -36.0), (60, -23.0), (10, -36.0), (10, -72.0)], -23.0),  # case 4
        ([(20, -26.0), (20.1, -20.0), (20, -26.0)], -23.0),  # case 5
    ],
)
def test_ebu_tech_3341_stereo_cases(parts, expected):
    assert integrated_loudness(stereo_sequence(parts), sr=SR) == pytest.approx(expected, abs=0.1)


def test_gates_matter_on_case_4():
    """Without the gates, the quiet parts of case 4 pull the mean power down."""
    y = stereo_sequence([(10, -72.0), (10, -36.0), (60, -23.0), (10, -36.0), (10, -72.0)])
    ungated = -0.691 + 10 * np.log10(np.mean(10 ** ((block_loudness(y, sr=SR) + 0.691) / 10)))
    assert ungated < -23.9
    assert integrated_loudness(y, sr=SR) == pytest.approx(-23.0, abs=0.02)


def test_absolute_gate_drops_blocks_below_minus_70():
    """-60 dBFS then -68 dBFS (-63.0 and -71.0 LUFS): the relative gate (about -74) keeps
    every block, so only the absolute gate can drop the quieter half."""
    loud = sine(997, 2, -60.0)
    y = np.concatenate([loud, sine(997, 2, -68.0)])
    alone = integrated_loudness(np.concatenate([loud, np.zeros_like(loud)]), sr=SR)
    assert integrated_loudness(y, sr=SR) == pytest.approx(alone, abs=0.1)  # edge blocks
    assert alone == pytest.approx(-63.3, abs=0.1)  # -63.0, less with 3 partial end blocks
    ungated = -0.691 + 10 * np.log10(np.mean(10 ** ((block_loudness(y, sr=SR) + 0.691) / 10)))
    assert ungated < alone - 2
    with pytest.warns(UserWarning, match="absolute gate"):
        assert integrated_loudness(sine(997, 2, -80.0), sr=SR) == float("-inf")


def test_surround_channels_weigh_1_41():
    s = sine(997, 2, -30.0)
    front = integrated_loudness(np.stack([s, 0 * s, 0 * s, 0 * s, 0 * s]), sr=SR)
    surround = integrated_loudness(np.stack([0 * s, 0 * s, 0 * s, s, 0 * s]), sr=SR)
    assert surround - front == pytest.approx(10 * np.log10(1.41), abs=1e-9)


def test_two_identical_channels_are_3_01_lu_louder_than_one():
    s = sine(997, 2, -20.0)
    assert integrated_loudness(np.stack([s, s]), sr=SR) - integrated_loudness(
        s, sr=SR
    ) == pytest.approx(10 * np.log10(2), abs=1e-9)


def test_loudness_scales_with_gain_and_block_count():
    y, sr = load_speech("fox_male")
    base = integrated_loudness(y, sr=sr)
    assert integrated_loudness(0.5 * y, sr=sr) == pytest.approx(base + 20 * np.log10(0.5), abs=1e-9)
    # 3.02 s -> blocks start every 100 ms while a whole 400 ms block fits
    assert len(block_loudness(y, sr=sr)) == (len(y) - 8820) // 2205 + 1


def test_normalize_loudness_reaches_the_target_and_warns_on_clipping():
    y, sr = load_speech("fox_female")
    out = normalize_loudness(y, sr=sr, target_lufs=-27.0)
    assert integrated_loudness(out, sr=sr) == pytest.approx(-27.0, abs=1e-9)
    nonzero = y != 0
    gains = out[nonzero] / y[nonzero]
    assert np.allclose(gains, gains[0], rtol=1e-12)
    with pytest.warns(UserWarning, match="clips"):
        normalize_loudness(y, sr=sr, target_lufs=-1.0)
    with pytest.raises(ParameterError, match="too quiet"):
        normalize_loudness(np.zeros(sr), sr=sr)


def test_peak_and_rms_dbfs():
    s = sine(1000, 1, 0.0)
    assert peak_dbfs(s) == pytest.approx(0.0, abs=1e-9)
    assert rms_dbfs(s) == pytest.approx(-3.0103, abs=1e-4)
    noise = white_noise(sr=SR, duration=1.0, amplitude=0.1, rng=0)
    assert rms_dbfs(noise) == pytest.approx(-20.0, abs=0.05)
    assert peak_dbfs(noise) > rms_dbfs(noise) + 10  # Gaussian crest factor


def test_digital_silence_reads_the_documented_floor_or_asked_for_inf():
    """The floor is `amin` (1e-10 = -200 dBFS), below 32-bit PCM's LSB; `amin=0` is -inf."""
    assert AMIN == 1e-10
    assert peak_dbfs(np.zeros(3)) == rms_dbfs(np.zeros(3)) == -200.0
    assert peak_dbfs(np.zeros(3), amin=1e-5) == rms_dbfs(np.zeros((2, 3)), amin=1e-5) == -100.0
    lsb_32 = np.array([2.0**-31, 0.0, 0.0, 0.0])  # one LSB of 32-bit PCM is not floored
    assert peak_dbfs(lsb_32) == pytest.approx(-186.64, abs=0.01)
    assert rms_dbfs(lsb_32) == pytest.approx(-186.64 - 6.02, abs=0.01)
    for func in (peak_dbfs, rms_dbfs):
        with pytest.warns(UserWarning, match="digital silence and amin=0"):
            assert func(np.zeros(3), amin=0) == float("-inf")
        assert func(np.full(3, 0.5), amin=0) == pytest.approx(-6.0206, abs=1e-4)  # no warning
        with pytest.raises(ParameterError, match=r"^amin must be in \[0, 1\]; got -1"):
            func(np.ones(3), amin=-1.0)


def test_levels_of_huge_finite_samples_stay_finite():
    """Squaring 1e300 overflows; the levels are computed relative to the peak."""
    assert rms_dbfs(np.array([1e300, -1e300])) == pytest.approx(6000.0, rel=1e-12)
    y = sine(997, 1.0, -20.0)
    for gain_db in (2000.0, 6000.0):
        g = 10 ** (gain_db / 20)
        assert integrated_loudness(g * y, sr=SR) == pytest.approx(
            integrated_loudness(y, sr=SR) + gain_db, abs=1e-9
        )
        assert np.allclose(
            block_loudness(g * y, sr=SR), block_loudness(y, sr=SR) + gain_db, atol=1e-9
        )


def test_silent_blocks_read_the_floor_or_asked_for_inf():
    y = np.concatenate([np.zeros(SR), sine(997, 1.0, -20.0)])
    blocks = block_loudness(y, sr=SR)
    floor = -0.691 + 20 * np.log10(AMIN)
    assert blocks[0] == pytest.approx(-200.691, abs=1e-9) == floor
    assert np.all(np.isfinite(blocks))
    assert blocks[-1] == pytest.approx(-20 - 3.01 + 0.0, abs=0.1)  # a 997 Hz sine: -23 LUFS
    with pytest.warns(UserWarning, match=r"^\d+ block\(s\) of y are digital silence"):
        raw = block_loudness(y, sr=SR, amin=0)
    assert np.isneginf(raw[0])
    assert np.array_equal(np.maximum(raw, floor), blocks)

    # the floored blocks fall below the absolute gate: gating them gives BS.1770's result
    def gated(levels, gate):
        return -0.691 + 10 * np.log10(np.mean(10 ** ((levels[levels > gate] + 0.691) / 10)))

    relative = gated(blocks, -70.0) - 10.0
    assert integrated_loudness(y, sr=SR) == pytest.approx(
        gated(blocks[blocks > -70.0], relative), abs=1e-9
    )


def test_to_mono_level_depends_on_correlation():
    a = white_noise(sr=SR, duration=1.0, amplitude=0.1, rng=1)
    b = white_noise(sr=SR, duration=1.0, amplitude=0.1, rng=2)
    assert rms_dbfs(to_mono(np.stack([a, a]))) == pytest.approx(rms_dbfs(a), abs=1e-12)
    assert rms_dbfs(to_mono(np.stack([a, b]))) - rms_dbfs(a) == pytest.approx(-3.01, abs=0.1)
    assert np.all(to_mono(np.stack([a, -a])) == 0)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: integrated_loudness(np.ones(100), sr=SR), "400 ms block"),
        (lambda: integrated_loudness(np.ones(SR), sr=4000), "sr must be >= 8000"),
        (lambda: integrated_loudness(np.ones((4, SR)), sr=SR), "weights must be given"),
        (lambda: integrated_loudness(np.ones((2, SR)), sr=SR, weights=[1.0]), "one value"),
        (lambda: integrated_loudness(np.ones((1, 2, SR)), sr=SR), "dimension"),
        (lambda: peak_dbfs([1.0, np.nan]), "finite"),
        (lambda: rms_dbfs(np.ones(3) * 1j), "real"),
        (lambda: peak_dbfs([[1.0, 2.0], [3.0]]), r"^y must be numeric array-like"),
        (lambda: to_mono(np.ones((2, 2, 2))), r"^y must have 1 or 2 dimension"),
        (lambda: block_loudness(np.ones(SR), sr=SR, amin=2.0), r"^amin must be in \[0, 1\]"),
        (lambda: block_loudness(np.ones(SR), sr=SR, amin=np.nan), r"^amin must be finite"),
        (lambda: normalize_loudness(np.ones(SR), sr=SR, target_lufs=3.0), "target_lufs"),
    ],
)
def test_bad_input_raises_parameter_error(call, match):
    with pytest.raises(ParameterError, match=match):
        call()
