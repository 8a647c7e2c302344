"""`audioml.features`: shapes, dtypes, each step's number, level dependence and errors.

Equality with transformers itself is in tests/crosscheck/test_features_transformers.py;
these tests pin properties that break if a step were wrong or missing.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.signal

from audioml import features
from audioml.errors import ParameterError
from audioml.filterbanks import mel_filterbank
from audioml.signals import load_speech, tone, white_noise


@pytest.fixture(scope="module")
def speech16() -> np.ndarray:
    y, sr = load_speech("fox_male")
    assert sr == 22050
    return scipy.signal.resample_poly(y, 320, 441)


# ---------------------------------------------------------------------------- Whisper
def test_whisper_shape_dtype_and_range(speech16):
    F = features.whisper_log_mel(speech16)
    assert F.shape == (80, 3000)
    assert F.dtype == np.float32
    # the clamp keeps exactly 8 log10 units below the maximum, then /4
    assert F.max() - F.min() == pytest.approx(2.0, abs=1e-6)
    assert features.whisper_log_mel(speech16, n_mels=128).shape == (128, 3000)


def test_whisper_stages_in_order_and_consistent(speech16):
    s = features.whisper_stages(speech16)
    assert list(s) == ["waveform", "power", "mel", "log10", "dropped", "clamped", "features"]
    assert s["waveform"].shape == (480000,)
    assert s["power"].shape == (201, 3001)  # 1 + 480000 / 160 centred frames
    np.testing.assert_array_equal(s["waveform"][: speech16.size], speech16.astype(np.float32))
    assert not s["waveform"][speech16.size :].any()  # padded with silence
    np.testing.assert_array_equal(s["dropped"], s["log10"][:, :3000])  # last frame dropped
    assert s["log10"].min() >= -10.0  # the 1e-10 floor
    np.testing.assert_allclose(s["clamped"], np.maximum(s["dropped"], s["dropped"].max() - 8))
    np.testing.assert_allclose(s["features"], (s["clamped"] + 4) / 4, atol=1e-6)
    # the power spectrogram is the centred (reflect-padded) periodic-Hann STFT
    n = 5 * 160
    frame = np.pad(s["waveform"].astype(np.float64), 200, mode="reflect")[n : n + 400]
    direct = np.abs(np.fft.rfft(frame * scipy.signal.get_window("hann", 400))) ** 2
    np.testing.assert_allclose(s["power"][:, 5], direct, rtol=1e-10, atol=1e-18)
    np.testing.assert_allclose(
        s["mel"], mel_filterbank(sr=16000, n_fft=400, n_mels=80, fmax=8000) @ s["power"]
    )


def test_whisper_padding_sits_at_the_clamp(speech16):
    """Silence (the padding after 3 s) is floored at 1e-10, then lifted to max - 8."""
    s = features.whisper_stages(speech16)
    tail = s["features"][:, 400:]  # frames 400..2999 lie in the zero padding (3.0 s < 4 s)
    np.testing.assert_allclose(tail, (s["dropped"].max() - 8 + 4) / 4, atol=1e-6)
    assert s["log10"][:, 400:].max() == -10.0


def test_whisper_last_frame_dropped_matters():
    """A burst at the very end (centred on sample 480000) only reaches the dropped frame."""
    y = np.zeros(480000)
    y[-80:] = 0.5 * np.sin(np.arange(80))
    s = features.whisper_stages(y)
    assert s["log10"][:, -1].max() > s["log10"][:, -3].max() + 1
    assert s["dropped"].shape[1] == 3000


def test_whisper_level_dependence(speech16):
    """+6 dB moves every unclamped value by log10(2)/2 = 0.1505; the clamp floor follows the max."""
    F1 = features.whisper_log_mel(0.25 * speech16)
    F2 = features.whisper_log_mel(0.5 * speech16)
    np.testing.assert_allclose(F2 - F1, np.log10(2) / 2, atol=1e-5)
    assert F2.max() - F1.max() == pytest.approx(0.1505, abs=1e-4)


def test_whisper_very_quiet_input_hits_the_floor_not_the_clamp():
    """At -200 dBFS all mel power is below 1e-10: every value is (-10 + 4)/4 = -1.5."""
    F = features.whisper_log_mel(1e-10 * tone(440, sr=16000, duration=1.0))
    np.testing.assert_allclose(F, -1.5)


def test_whisper_truncates_at_30_s():
    y = white_noise(duration=31.0, sr=16000, amplitude=0.1, rng=2)
    np.testing.assert_array_equal(features.whisper_log_mel(y), features.whisper_log_mel(y[:480000]))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"sr": 22050}, "sr must be one of 16000"),
        ({"n_mels": 0}, "n_mels"),
        ({"n_mels": 200}, "too many"),
    ],
)
def test_whisper_rejects_bad_parameters(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        features.whisper_log_mel(np.zeros(1600), **kwargs)


@pytest.mark.parametrize(
    "bad",
    [
        np.zeros((2, 100)),
        [np.nan, 0.0],
        np.zeros(4, complex),
        [],
        [[1.0, 2.0], [3.0]],
        "y",
        None,
        np.full(1600, 1e300),  # finite, but infinite in float32 (and its square in float64)
    ],
)
def test_front_ends_reject_bad_signals(bad):
    for func in (
        features.whisper_log_mel,
        features.whisper_stages,
        features.kaldi_fbank,
        features.hifigan_log_mel,
        features.wav2vec2_normalize,
    ):
        if func is features.wav2vec2_normalize and isinstance(bad, np.ndarray) and bad.ndim == 2:
            continue  # it normalises each row of a batch
        with pytest.raises(ParameterError, match=r"^y must "):
            func(bad)


# ---------------------------------------------------------------------------- Wav2Vec2
def test_wav2vec2_zero_mean_unit_variance_and_level_free(speech16):
    z = features.wav2vec2_normalize(speech16)
    assert z.dtype == np.float32
    assert abs(float(z.mean())) < 1e-6
    assert float(z.std()) == pytest.approx(1.0, abs=1e-5)
    # the 1e-7 under the root is 4e-6 of this signal's variance: that is all that changes
    np.testing.assert_allclose(features.wav2vec2_normalize(100 * speech16), z, rtol=1e-5, atol=1e-6)


def test_wav2vec2_eps_matters_for_quiet_signals():
    """The 1e-7 under the root: a signal of variance 1e-7 comes out at std 1/sqrt(2)."""
    y = np.sqrt(1e-7) * np.array([1.0, -1.0] * 500)
    assert float(features.wav2vec2_normalize(y).std()) == pytest.approx(2**-0.5, rel=1e-4)
    np.testing.assert_array_equal(features.wav2vec2_normalize(np.zeros(10)), np.zeros(10))


def test_wav2vec2_normalises_each_row():
    y = np.stack([np.arange(4.0), 10 * np.arange(4.0) + 3])
    z = features.wav2vec2_normalize(y)
    np.testing.assert_allclose(z[0], z[1], atol=1e-6)


@pytest.mark.parametrize("bad", [3.0, [], [1.0, np.inf], [1j, 2j]])
def test_wav2vec2_rejects_bad_input(bad):
    with pytest.raises(ParameterError, match="y"):
        features.wav2vec2_normalize(bad)


# ---------------------------------------------------------------------------- Kaldi fbank
def test_kaldi_fbank_shape_and_frames(speech16):
    F = features.kaldi_fbank(speech16)
    assert F.dtype == np.float32
    assert F.shape == (1 + (speech16.size - 400) // 160, 128)
    assert features.kaldi_fbank(np.ones(400)).shape == (1, 128)


def test_kaldi_fbank_removes_dc_and_floors_at_float32_eps():
    """A constant signal is all DC: removed per frame, so every energy is the floor."""
    F = features.kaldi_fbank(np.full(1600, 0.3))
    np.testing.assert_allclose(F, np.float32(np.log(features.KALDI_MEL_FLOOR)))
    assert float(F[0, 0]) == pytest.approx(-15.942385, abs=1e-5)


def test_kaldi_fbank_one_frame_by_hand():
    """Frame 2 recomputed step by step: DC removal, pre-emphasis 0.97, symmetric Hann, 512 FFT."""
    y = white_noise(duration=0.1, sr=16000, amplitude=0.2, rng=3) + 0.1
    x = y.astype(np.float32).astype(np.float64)[320:720]
    x = x - x.mean()
    x = np.concatenate([[0.03 * x[0]], x[1:] - 0.97 * x[:-1]])
    P = np.abs(np.fft.rfft(x * np.hanning(400), 512)) ** 2
    expected = np.log(np.maximum(P @ features.kaldi_mel_filterbank(), 2.0**-23))
    np.testing.assert_allclose(features.kaldi_fbank(y)[2], expected, atol=2e-6)


def test_kaldi_windows_and_bank():
    np.testing.assert_allclose(features.kaldi_window("hann"), np.hanning(400))
    np.testing.assert_allclose(features.kaldi_window("povey"), np.hanning(400) ** 0.85)
    B = features.kaldi_mel_filterbank(n_mels=80)
    assert B.shape == (257, 80)
    assert 0.9 < B.max() <= 1.0  # no area normalisation: peaks near 1
    # triangles are linear in Kaldi mel: each column's peak bin is nearest its centre
    mel = 1127 * np.log(1 + np.arange(257) * 31.25 / 700)
    edges = np.linspace(1127 * np.log(1 + 20 / 700), 1127 * np.log(1 + 8000 / 700), 82)
    for j in (10, 40, 79):
        k = int(np.argmax(B[:, j]))
        assert B[k, j] == pytest.approx(
            1 - abs(mel[k] - edges[j + 1]) / (edges[j + 2] - edges[j + 1])
        )
    # AST's 128 bands on 512 bins: band 3 (63 to 93 Hz) holds no bin
    assert np.flatnonzero(~features.kaldi_mel_filterbank().any(axis=0)).tolist() == [3]


def test_kaldi_povey_differs_from_hann_and_level_adds_2_ln_g(speech16):
    hann = features.kaldi_fbank(speech16, n_mels=80)
    povey = features.kaldi_fbank(speech16, n_mels=80, window="povey")
    assert np.abs(hann - povey).max() > 0.1
    scaled = features.kaldi_fbank(speech16 * 2**15, n_mels=80, window="povey")
    live = povey > np.log(features.KALDI_MEL_FLOOR) + 1
    np.testing.assert_allclose((scaled - povey)[live], 2 * 15 * np.log(2), atol=2e-4)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"window": "hamming"}, "window must be one of"),
        ({"window": np.zeros((2, 2))}, r"^window must be one of 'hann', 'povey'; got array"),
        ({"n_mels": 0}, "n_mels"),
        ({"n_mels": 258}, r"^n_mels must be an integer in \[1, 257\]; got 258$"),
        ({"n_mels": 10**18}, r"^n_mels must be an integer in \[1, 257\]"),
        ({"sr": 0}, "sr"),
        ({"sr": 41.9}, r"^sr must be >= 42; got 41.9$"),  # the bands start at 20 Hz
    ],
)
def test_kaldi_rejects_bad_parameters(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        features.kaldi_fbank(np.zeros(1600), **kwargs)


def test_kaldi_rejects_short_signal():
    with pytest.raises(ParameterError, match="at least 400 samples; got 399"):
        features.kaldi_fbank(np.zeros(399))


# ---------------------------------------------------------------------------- HiFi-GAN
def test_hifigan_shape_floor_and_magnitude_log():
    y = tone(440, sr=22050, duration=1.0, amplitude=0.5)
    logmel = features.hifigan_log_mel(y)
    assert logmel.shape == (80, 1 + (22050 + 2 * 384 - 1024) // 256)
    assert logmel.min() >= np.log(1e-5)
    # magnitude, natural log: +6 dB adds ln 2 (not 2 ln 2, not log10 2) above the floor
    louder = features.hifigan_log_mel(2 * y)
    floor = np.log(1e-5)
    live = logmel > floor + 4  # well above the floor and the 1e-9 under the root
    np.testing.assert_allclose((louder - logmel)[live], np.log(2), atol=1e-3)
    np.testing.assert_allclose(features.hifigan_log_mel(np.zeros(4096)), np.log(1e-5))


def test_hifigan_peak_band_of_a_tone():
    L = features.hifigan_log_mel(tone(1000, sr=22050, duration=0.5))
    centres = (
        mel_filterbank(sr=22050, n_fft=1024, n_mels=80, fmax=8000).argmax(axis=1) * 22050 / 1024
    )
    assert abs(centres[int(L[:, 10].argmax())] - 1000) < 60


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"hop_length": 2048}, "hop_length"),
        ({"win_length": 2048}, "win_length"),
        ({"fmax": 0.0}, "fmax"),
        ({"fmax": 12000.0}, r"^fmax must be > fmin = 0 and <= sr / 2 = 11025; got 12000"),
        ({"fmin": 11025.0}, r"^fmin must be >= 0 and < sr / 2 = 11025; got 11025"),
        ({"hop_length": 2048}, r"^hop_length must be an integer >= 1 and <= n_fft = 1024"),
        ({"n_mels": 300}, "too many"),  # within one band per bin, but low bands hold none
        ({"n_mels": 1000}, r"n_mels must be an integer in \[1, 513\]; got 1000"),
        ({"n_fft": 2**62}, r"n_fft must be <= MAX_LENGTH = 2\*\*31"),
    ],
)
def test_hifigan_rejects_bad_parameters(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        features.hifigan_log_mel(np.zeros(4096), **kwargs)


def test_hifigan_rejects_too_short_for_reflect_padding():
    with pytest.raises(ParameterError, match="more than"):
        features.hifigan_log_mel(np.zeros(384))


def test_kaldi_fbank_lowest_rate_has_one_band_above_20_hz():
    F = features.kaldi_fbank(0.1 * np.ones(400) + np.linspace(0, 0.1, 400), sr=42, n_mels=1)
    assert F.shape == (1, 1)
    assert np.isfinite(F).all()


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: features.kaldi_window("hann", length=2**62), r"^length must be <= MAX_LENGTH"),
        (lambda: features.kaldi_window(np.zeros((2, 2))), r"^window must be one of"),
        (lambda: features.kaldi_window("hann", length=1), r"^length must be an integer >= 2"),
        (
            lambda: features.kaldi_mel_filterbank(n_fft=10**18),
            r"^n_fft must be <= MAX_LENGTH = 2\*\*31",
        ),
        (
            lambda: features.kaldi_mel_filterbank(n_fft=2**20, n_mels=2**20),
            r"^\(1 \+ n_fft // 2\) \* n_mels must be <= MAX_LENGTH = 2\*\*31 .*n_mels=1048576$",
        ),
        (lambda: features.kaldi_mel_filterbank(sr=1.0), r"^sr must be >= 2; got 1.0$"),
        (lambda: features.kaldi_mel_filterbank(sr=40, fmin=20.0), r"^fmin must be in \[0, 20\)"),
    ],
)
def test_kaldi_helpers_bound_their_sizes(call, match):
    with pytest.raises(ParameterError, match=match):
        call()
