"""Tests for audioml.filterbanks: equality with librosa.filters.mel, shapes, warnings."""

from __future__ import annotations

import librosa
import numpy as np
import pytest

from audioml.errors import ParameterError
from audioml.filterbanks import mel_filterbank
from audioml.scales import mel_frequencies

CASES = [
    {"sr": 22050, "n_fft": 2048},
    {"sr": 16000, "n_fft": 512, "n_mels": 40},
    {"sr": 22050, "n_fft": 1024, "n_mels": 80, "fmax": 8000.0},
    {"sr": 44100, "n_fft": 4096, "n_mels": 64, "fmin": 30.0, "fmax": 16000.0},
    {"sr": 8000, "n_fft": 256, "n_mels": 20, "fmin": 100.0, "fmax": 3800.0},
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("htk", [False, True])
@pytest.mark.parametrize("norm", ["slaney", None, 1, 2, 1.5, np.inf])
def test_equals_librosa_for_every_htk_and_norm(case, htk, norm):
    ours = mel_filterbank(**case, htk=htk, norm=norm)
    theirs = librosa.filters.mel(**case, htk=htk, norm=norm, dtype=np.float64)
    assert ours.shape == theirs.shape == (case.get("n_mels", 128), 1 + case["n_fft"] // 2)
    assert ours.dtype == np.float64
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-10)


def test_defaults_equal_librosa_defaults_except_dtype():
    ours = mel_filterbank(sr=22050, n_fft=2048)
    theirs = librosa.filters.mel(sr=22050, n_fft=2048)  # float32 by default
    assert theirs.dtype == np.float32
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-7)  # float32 rounding
    assert mel_filterbank(sr=22050, n_fft=2048, dtype=np.float32).dtype == np.float32


def test_unnormalised_triangles_peak_at_one_at_band_centres():
    sr, n_fft, n_mels = 22050, 2048, 40
    M = mel_filterbank(sr=sr, n_fft=n_fft, n_mels=n_mels, norm=None)
    edges = mel_frequencies(n_mels + 2, fmin=0.0, fmax=sr / 2)
    bins = np.fft.rfftfreq(n_fft, 1 / sr)
    assert M.max() <= 1.0
    peak_bins = bins[M.argmax(axis=1)]
    # each peak sits at the FFT bin nearest the band centre
    assert np.all(np.abs(peak_bins - edges[1:-1]) <= sr / n_fft)
    # every triangle is zero outside (f[i], f[i+2])
    for i in range(n_mels):
        outside = (bins <= edges[i]) | (bins >= edges[i + 2])
        assert np.all(M[i, outside] == 0)


def test_slaney_norm_gives_rows_of_equal_area():
    sr, n_fft = 22050, 8192
    M = mel_filterbank(sr=sr, n_fft=n_fft, n_mels=40)
    # area of each row (sum times bin width) is about 1 for 2 / width scaling
    area = M.sum(axis=1) * sr / n_fft
    np.testing.assert_allclose(area[2:], 1.0, rtol=0.02)


@pytest.mark.parametrize("p", [1, 2, np.inf])
def test_p_norm_rows_have_unit_norm(p):
    M = mel_filterbank(sr=16000, n_fft=512, n_mels=40, norm=p)
    np.testing.assert_allclose(np.linalg.norm(M, ord=p, axis=1), 1.0, rtol=1e-12)


def test_too_many_mels_warns_like_librosa_and_leaves_empty_rows():
    with pytest.warns(UserWarning, match="Empty filters detected"):
        ours = mel_filterbank(sr=16000, n_fft=256, n_mels=128)
    with pytest.warns(UserWarning, match="Empty filters detected"):
        theirs = librosa.filters.mel(sr=16000, n_fft=256, n_mels=128, dtype=np.float64)
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-10)
    assert (ours.max(axis=1) == 0).any()


def test_fmax_above_nyquist_warns():
    with pytest.warns(UserWarning, match="above the Nyquist"):
        mel_filterbank(sr=16000, n_fft=512, n_mels=40, fmax=9000.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"sr": 0}, "^sr must be > 0"),
        ({"n_fft": 0}, "^n_fft must be an integer >= 1"),
        ({"n_fft": 512.0}, "^n_fft must be an integer"),
        ({"n_mels": 0}, "^n_mels must be an integer >= 1"),
        ({"fmin": -10.0}, "^fmin must be >= 0"),
        ({"fmin": 4000.0, "fmax": 3000.0}, "^fmax must be > 4000"),
        ({"norm": "l2"}, "^norm must be 'slaney', None"),
        ({"norm": 0}, "^norm must be"),
        ({"norm": -np.inf}, "^norm must be"),
        ({"norm": True}, "^norm must be"),
    ],
)
def test_bad_parameters_raise(kwargs, match):
    args = {"sr": 16000, "n_fft": 512, "n_mels": 40} | kwargs
    with pytest.raises(ParameterError, match=match):
        mel_filterbank(**args)
