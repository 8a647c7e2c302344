"""audioml.sampling: aliasing, resampling, quantisation against theory and librosa/soundfile."""

from __future__ import annotations

import warnings

import librosa
import numpy as np
import pytest
import scipy.signal
import soundfile as sf

from audioml.errors import ParameterError
from audioml.sampling import (
    MAX_TAPS,
    alias_frequency,
    quantization_snr_db,
    quantize,
    resample,
    resampling_filter,
)
from audioml.signals import load_speech, white_noise


def _sine(freq, sr, seconds=1.0, amplitude=1.0):
    return amplitude * np.sin(2 * np.pi * freq * np.arange(round(seconds * sr)) / sr)


def _peak_frequency(y, sr):
    spectrum = np.abs(np.fft.rfft(y * np.hanning(len(y))))
    return np.fft.rfftfreq(len(y), 1 / sr)[np.argmax(spectrum)]


@pytest.mark.parametrize(
    ("f", "sr", "expected"),
    [
        (7000, 8000, 1000),
        (5000, 8000, 3000),
        (3000, 8000, 3000),
        (12000, 8000, 4000),
        (16000, 8000, 0),
        (30000, 22050, 7950),
    ],
)
def test_alias_frequency_is_where_the_sampled_tone_shows_up(f, sr, expected):
    assert alias_frequency(f, sr=sr) == pytest.approx(expected)
    if 0 < expected < sr / 2:
        assert _peak_frequency(_sine(f, sr), sr) == pytest.approx(expected, abs=1.0)


def test_resample_keeps_a_passband_tone_and_removes_what_would_alias():
    out = resample(_sine(1000, 44100), orig_sr=44100, target_sr=16000)
    assert out.shape == (16000,)
    ref = _sine(1000, 16000)
    assert np.abs(out - ref)[500:-500].max() < 1e-5  # aligned, unit gain
    # 10 kHz is above the new Nyquist (8 kHz): naive decimation folds it to 6 kHz,
    # the low-pass removes it (>= 100 dB down, the design target).
    tone = _sine(10000, 48000)
    naive = tone[::3]
    assert _peak_frequency(naive, 16000) == pytest.approx(alias_frequency(10000, sr=16000))
    residual = resample(tone, orig_sr=48000, target_sr=16000)[500:-500]
    assert 20 * np.log10(np.sqrt(2) * np.std(residual)) < -95


def test_resample_agrees_with_librosa_soxr_on_speech():
    y, sr = load_speech("fox_male")
    ours = resample(y, orig_sr=sr, target_sr=16000)
    theirs = librosa.resample(y, orig_sr=sr, target_sr=16000)  # soxr_hq
    assert ours.shape == theirs.shape
    # the two filters differ near the band edge (ours: passband to 7.2 kHz; soxr HQ wider)
    err = ours - theirs
    assert 10 * np.log10(np.sum(err**2) / np.sum(theirs**2)) < -40


def test_resample_multichannel_and_identity_and_upsampling():
    y = white_noise(sr=16000, duration=0.5, amplitude=0.1, rng=0)
    two = np.stack([y, -y])
    out = resample(two, orig_sr=16000, target_sr=22050)
    assert out.shape == (2, 11025)
    np.testing.assert_array_equal(out[0], -out[1])
    assert np.array_equal(resample(y, orig_sr=16000, target_sr=16000), y)
    up = resample(_sine(440, 16000), orig_sr=16000, target_sr=48000)
    assert np.abs(up - _sine(440, 48000))[1000:-1000].max() < 1e-5


def test_resampling_filter_meets_its_design():
    h, up, down = resampling_filter(orig_sr=48000, target_sr=16000, rolloff=0.9)
    assert (up, down) == (1, 3)
    w, resp = scipy.signal.freqz(h, worN=8192, fs=48000)
    db = 20 * np.log10(np.abs(resp) + 1e-300)
    assert np.ptp(db[w <= 0.9 * 8000]) < 0.01  # passband ripple
    assert db[w >= 8000].max() < -99  # stopband from the new Nyquist up


@pytest.mark.parametrize("bits", [8, 12, 16, 20, 24])
def test_snr_of_full_scale_sine_is_6_02_n_plus_1_76(bits):
    # the largest sine that does not clip (1 - 1 LSB); 997.3 Hz is incommensurate with
    # 48 kHz, so the error spreads like noise
    s = _sine(997.3, 48000, seconds=2.0, amplitude=1 - 2.0 ** (1 - bits))
    e = quantize(s, bits=bits) - s
    measured = 10 * np.log10(np.mean(s**2) / np.mean(e**2))
    assert measured == pytest.approx(quantization_snr_db(bits), abs=0.1)
    assert quantization_snr_db(bits) == pytest.approx(6.02 * bits + 1.76, abs=0.005 * bits)


def test_tpdf_dither_costs_4_77_db_and_decorrelates_the_error():
    s = _sine(997.3, 48000, seconds=2.0, amplitude=10 / 128)  # a quiet tone, 8 bits
    plain = quantize(s, bits=8) - s
    dithered = quantize(s, bits=8, dither="tpdf", rng=0) - s
    lsb = 2.0**-7
    assert np.mean(dithered**2) / (lsb**2 / 4) == pytest.approx(1.0, abs=0.02)
    # without dither the error is a function of the signal: harmonics of 997.3 Hz
    spectrum = np.abs(np.fft.rfft(plain * np.hanning(len(plain))))
    freqs = np.fft.rfftfreq(len(plain), 1 / 48000)
    third = np.argmin(np.abs(freqs - 3 * 997.3))
    assert spectrum[third] > 30 * np.median(spectrum)
    spectrum_d = np.abs(np.fft.rfft(dithered * np.hanning(len(dithered))))
    assert spectrum_d[third] < 5 * np.median(spectrum_d)


def test_quantize_matches_soundfile_flac_and_wav_floors(tmp_path):
    """soundfile 0.14 (libsndfile) rounds when it writes 16-bit FLAC but truncates towards
    minus infinity when it writes 16-bit WAV from floats: a DC offset of -0.5 LSB."""
    y = np.concatenate([white_noise(sr=8000, duration=0.2, amplitude=0.3, rng=4), [1.0, -1.0]])
    for fmt in ("flac", "wav"):
        sf.write(tmp_path / f"x.{fmt}", y, 8000, subtype="PCM_16")
    flac, _ = sf.read(tmp_path / "x.flac", dtype="float64")
    np.testing.assert_array_equal(quantize(y, bits=16), flac)
    wav, _ = sf.read(tmp_path / "x.wav", dtype="float64")
    np.testing.assert_array_equal(np.clip(np.floor(y * 32768), -32768, 32767) / 32768, wav)
    inside = np.abs(y) < 1
    assert np.mean(wav[inside] - y[inside]) * 32768 == pytest.approx(-0.5, abs=0.05)
    ints, _ = sf.read(tmp_path / "x.flac", dtype="int16")
    np.testing.assert_array_equal(flac, ints / 32768.0)  # reading divides by 2**15
    assert ints.max() == 32767  # +1.0 clips to 32767/32768
    assert ints.min() == -32768
    with warnings.catch_warnings():  # librosa imports audioread, which imports aifc
        warnings.simplefilter("ignore", DeprecationWarning)
        y32, _ = librosa.load(tmp_path / "x.flac", sr=None)  # librosa: float32, same scale
    assert y32.dtype == np.float32
    np.testing.assert_array_equal(y32, (ints / 32768.0).astype(np.float32))


def test_quantize_rng_is_reproducible():
    y = white_noise(sr=8000, duration=0.1, rng=1)
    a = quantize(y, bits=8, dither="tpdf", rng=7)
    assert np.array_equal(a, quantize(y, bits=8, dither="tpdf", rng=7))
    assert not np.array_equal(a, quantize(y, bits=8, dither="tpdf", rng=8))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: alias_frequency(-1.0, sr=8000), "frequency must be >= 0"),
        (lambda: alias_frequency(100.0, sr=0), "sr must be > 0"),
        (lambda: resample(np.ones(10), orig_sr=44100.5, target_sr=16000), "whole number"),
        (lambda: resample(np.ones(10), orig_sr=16000, target_sr=8000, rolloff=1.0), "rolloff"),
        (lambda: resample(np.ones((2, 2, 2)), orig_sr=2, target_sr=1), "dimension"),
        (lambda: quantize(np.ones(3), bits=1), "bits"),
        (lambda: quantize(np.ones(3), bits=8, dither="gauss"), "dither"),
        (lambda: quantization_snr_db(0), "bits"),
        (lambda: quantize([[0.1, 0.2], [0.3]], bits=8), r"^y must be numeric array-like"),
        (lambda: resample(np.ones(4) + 1j, orig_sr=2, target_sr=1), r"^y must be real"),
        (lambda: quantize(np.ones(3), bits=8, dither=np.zeros((2, 2))), r"^dither must be one"),
        (
            lambda: resample(np.ones(10), orig_sr=1, target_sr=10**12),
            r"^orig_sr=1 and target_sr=1e\+12 reduce to up/down = 1e\+12/1: the "
            r"filter would need 1.28\d*e\+14 taps, more than MAX_TAPS = 2\*\*24",
        ),
        (
            lambda: resampling_filter(orig_sr=1e300, target_sr=1),
            r"^orig_sr=1e\+300 and target_sr=1 reduce to up/down = 1/1e\+300: ",
        ),
    ],
)
def test_bad_input_raises_parameter_error(call, match):
    with pytest.raises(ParameterError, match=match):
        call()


@pytest.mark.slow
def test_resampling_filter_lengths_and_the_tap_bound():
    assert MAX_TAPS == 2**24
    assert len(resampling_filter(orig_sr=44100, target_sr=48000)[0]) == 20519
    h, up, down = resampling_filter(orig_sr=48001, target_sr=48000)  # coprime: long
    assert (up, down) == (48000, 48001)
    assert 6e6 < len(h) <= MAX_TAPS


def test_resample_output_length_is_bounded(monkeypatch):
    import audioml.sampling

    monkeypatch.setattr(audioml.sampling, "MAX_LENGTH", 100)  # no need to allocate 16 GiB
    assert resample(np.ones(50), orig_sr=1, target_sr=2).shape == (100,)
    with pytest.raises(ParameterError, match=r"^target_sr=2 makes 102 output samples from 51"):
        resample(np.ones(51), orig_sr=1, target_sr=2)


@pytest.mark.parametrize(
    ("f", "sr", "expected"),
    [
        (0.5, 5e-324, 0.0),  # f / sr overflows to inf: the old formula gave NaN
        (1e300, 1024.0, 0.0),  # 1e300 is a multiple of 2**10 in float64
        (12000.0, 8000.0, 4000.0),  # exactly at the Nyquist frequency
        (8000.0 * 2**40 + 1000.0, 8000.0, 1000.0),
    ],
)
def test_alias_frequency_is_exact_and_finite_at_extremes(f, sr, expected):
    out = alias_frequency(f, sr=sr)
    assert np.isfinite(out)
    assert out == expected


def test_the_folding_clip_plays_every_tone_at_its_alias():
    from audioml.media.data import FOLDING_SR, FOLDING_TONES_HZ, folding_tones

    y = folding_tones()
    tone_len, gap = round(0.6 * FOLDING_SR), round(0.2 * FOLDING_SR)
    for i, f in enumerate(FOLDING_TONES_HZ):
        start = gap + i * (tone_len + gap)
        segment = y[start : start + tone_len]
        assert _peak_frequency(segment, FOLDING_SR) == pytest.approx(
            alias_frequency(f, sr=FOLDING_SR), abs=FOLDING_SR / tone_len
        )
        assert alias_frequency(f, sr=FOLDING_SR) == 1000.0
