"""Tests for audioml.spectral: equality with librosa 0.11, round trips, bad input."""

from __future__ import annotations

import itertools
import warnings

import librosa
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audioml.errors import ParameterError
from audioml.signals import load_speech, white_noise
from audioml.spectral import (
    amplitude_to_db,
    get_window,
    istft,
    magphase,
    n_frames,
    nola_holds,
    overlap_add,
    power_to_db,
    stft,
    window_sumsquare,
)

TOL = 1e-10
RNG = np.random.default_rng(1234)
SIGNALS = {n: RNG.standard_normal(n) for n in (1000, 1237)}

# windows x center x n_fft x hop x win_length. Pairs that break NOLA (hop 100 > n_fft 64,
# boxcar of 63 samples with hop 64) stay in the stft grid; the istft grid drops them
# (test_istft_warns_when_nola_fails covers them).
GRID = [
    (window, center, n_fft, hop, win_length)
    for window, center, n_fft, hop, win_length in itertools.product(
        ["hann", "hamming", "boxcar", "rect", "rectangular"],
        [True, False],
        [256, 255, 64],
        [16, 64, 100],
        [None, 63],
    )
]


@pytest.mark.parametrize(("window", "center", "n_fft", "hop", "win_length"), GRID)
@pytest.mark.parametrize("n", sorted(SIGNALS))
def test_stft_matches_librosa(window, center, n_fft, hop, win_length, n):
    y = SIGNALS[n]
    lib_window = "boxcar" if window in ("rect", "rectangular") else window
    ours = stft(y, n_fft=n_fft, hop_length=hop, win_length=win_length, window=window, center=center)
    ref = librosa.stft(
        y, n_fft=n_fft, hop_length=hop, win_length=win_length, window=lib_window, center=center
    )
    assert ours.shape == ref.shape
    assert ours.dtype == np.complex128
    np.testing.assert_allclose(ours, ref, rtol=0, atol=TOL)


@pytest.mark.parametrize("pad_mode", ["reflect", "edge"])
@pytest.mark.parametrize(("n_fft", "hop"), [(256, 64), (255, 100), (64, 16)])
def test_stft_pad_modes_match_librosa(pad_mode, n_fft, hop):
    """hop <= n_fft: with hop > n_fft librosa reflects a truncated tail (see stft Notes)."""
    y = SIGNALS[1237]
    ours = stft(y, n_fft=n_fft, hop_length=hop, pad_mode=pad_mode)
    ref = librosa.stft(y, n_fft=n_fft, hop_length=hop, pad_mode=pad_mode)
    np.testing.assert_allclose(ours, ref, rtol=0, atol=TOL)


ISTFT_GRID = [
    case
    for case in GRID
    if nola_holds(get_window(case[0], case[4] or case[2], n_fft=case[2]), hop_length=case[3])
]


@pytest.mark.parametrize(("window", "center", "n_fft", "hop", "win_length"), ISTFT_GRID)
@pytest.mark.parametrize("length", [None, 1000, 1300, 800])
def test_istft_matches_librosa(window, center, n_fft, hop, win_length, length):
    lib_window = "boxcar" if window in ("rect", "rectangular") else window
    kwargs = {"hop_length": hop, "win_length": win_length, "n_fft": n_fft, "center": center}
    D = librosa.stft(SIGNALS[1000], window=lib_window, **kwargs)
    ours = istft(D, window=window, length=length, **kwargs)
    ref = librosa.istft(D, window=lib_window, length=length, **kwargs)
    assert ours.shape == ref.shape
    np.testing.assert_allclose(ours, ref, rtol=0, atol=TOL)


@pytest.mark.parametrize(
    ("window", "n_fft", "hop", "win_length"),
    [
        ("hann", 1024, 256, None),
        ("hann", 512, 128, 400),
        ("hamming", 511, 100, None),
        ("boxcar", 256, 256, None),
        ("boxcar", 256, 100, 200),
    ],
)
@pytest.mark.parametrize("center", [True, False])
def test_round_trip(window, n_fft, hop, win_length, center):
    y, _ = load_speech("fox_male")
    y = y[:20000]
    kwargs = {"n_fft": n_fft, "hop_length": hop, "win_length": win_length, "window": window}
    D = stft(y, center=center, **kwargs)
    back = istft(D, center=center, length=len(y), **kwargs)
    if center:
        np.testing.assert_allclose(back, y, rtol=0, atol=TOL)
    else:  # the last partial frame and the zero window edges are not represented
        covered = n_fft + hop * (D.shape[-1] - 1)
        np.testing.assert_allclose(
            back[n_fft : covered - n_fft], y[n_fft : covered - n_fft], rtol=0, atol=TOL
        )


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 600),
    n_fft=st.integers(2, 128),
    hop_div=st.integers(1, 4),
    seed=st.integers(0, 2**16),
)
def test_round_trip_property(n, n_fft, hop_div, seed):
    """Any length, any n_fft, any hop <= n_fft/2 with a Hann window reconstructs."""
    hop = max(n_fft // (2 * hop_div), 1)
    y = np.random.default_rng(seed).standard_normal(n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # short signals warn (n_fft larger than signal)
        D = stft(y, n_fft=n_fft, hop_length=hop)
    assert nola_holds(get_window("hann", n_fft), hop_length=hop)
    assert D.shape == (1 + n_fft // 2, n_frames(n, n_fft=n_fft, hop_length=hop))
    np.testing.assert_allclose(istft(D, n_fft=n_fft, hop_length=hop, length=n), y, atol=TOL)


def test_batch_axes_match_single_channel():
    y = np.stack([SIGNALS[1000], 2 * SIGNALS[1000][::-1]])
    D = stft(y, n_fft=128, hop_length=32)
    assert D.shape == (2, 65, n_frames(1000, n_fft=128, hop_length=32))
    np.testing.assert_allclose(D[1], stft(y[1], n_fft=128, hop_length=32), atol=TOL)
    np.testing.assert_allclose(istft(D, hop_length=32, length=1000), y, atol=TOL)


def test_defaults_match_librosa():
    y = white_noise(duration=0.5, rng=3)
    np.testing.assert_allclose(stft(y), librosa.stft(y), atol=TOL)
    D = librosa.stft(y)
    np.testing.assert_allclose(istft(D), librosa.istft(D), atol=TOL)


def test_helpers_against_librosa():
    win = get_window("hann", 300, n_fft=512)
    np.testing.assert_allclose(
        win, librosa.util.pad_center(librosa.filters.get_window("hann", 300), size=512), atol=0
    )
    np.testing.assert_allclose(
        window_sumsquare(win, n_frames=20, hop_length=128),
        librosa.filters.window_sumsquare(
            window="hann", n_frames=20, win_length=300, n_fft=512, hop_length=128
        ),
        atol=TOL,
    )
    frames = np.arange(12.0).reshape(3, 4)
    assert overlap_add(frames, hop_length=3).tolist() == [0, 1, 2, 3 + 4, 5, 6, 7 + 8, 9, 10, 11]


def test_istft_warns_when_nola_fails():
    D = stft(SIGNALS[1000], n_fft=256, hop_length=256)  # periodic Hann is 0 at its first sample
    with pytest.warns(UserWarning, match="NOLA"):
        istft(D, hop_length=256)
    with pytest.warns(UserWarning, match="NOLA"):
        istft(stft(SIGNALS[1000], n_fft=64, hop_length=100), hop_length=100)
    assert nola_holds(get_window("hann", 256), hop_length=128)
    assert not nola_holds(get_window("boxcar", 63, n_fft=64), hop_length=64)


def test_short_signal_centred_warns_like_librosa():
    with pytest.warns(UserWarning, match="n_fft=256"):
        D = stft(np.ones(100), n_fft=256, hop_length=64)
    with pytest.warns(UserWarning, match="too large"):
        ref = librosa.stft(np.ones(100), n_fft=256, hop_length=64)
    np.testing.assert_allclose(D, ref, atol=TOL)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"hop_length": 0}, "hop_length"),
        ({"hop_length": -3}, "hop_length"),
        ({"hop_length": 2.5}, "hop_length"),
        ({"n_fft": 0}, "n_fft"),
        ({"n_fft": 64, "win_length": 65}, "win_length"),
        ({"window": "no-such-window"}, "window"),
        ({"pad_mode": "wrap"}, "pad_mode"),
        ({"window": np.ones(10), "n_fft": 64}, "window"),
    ],
)
def test_stft_bad_parameters(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        stft(SIGNALS[1000], **kwargs)


def test_stft_bad_signals():
    with pytest.raises(ParameterError, match="y must contain only finite"):
        stft(np.array([0.0, np.nan, 1.0] * 100))
    with pytest.raises(ParameterError, match="y must have at least 1"):
        stft(np.array([]))
    with pytest.raises(ParameterError, match="y must be real"):
        stft(np.ones(3000) + 1j)
    with pytest.raises(ParameterError, match="n_fft=2048 samples when center=False"):
        stft(np.ones(2000), center=False)


def test_istft_bad_input():
    D = stft(SIGNALS[1000], n_fft=128, hop_length=32)
    with pytest.raises(ParameterError, match="n_fft"):
        istft(D, n_fft=200)
    with pytest.raises(ParameterError, match="hop_length"):
        istft(D, hop_length=0)
    with pytest.raises(ParameterError, match="length"):
        istft(D, length=0)
    with pytest.raises(ParameterError, match="D must contain only finite"):
        istft(np.full((65, 10), np.inf + 0j))
    with pytest.raises(ParameterError, match="D must have shape"):
        istft(np.ones(65))


def test_magphase_matches_librosa():
    D = stft(SIGNALS[1000], n_fft=128, hop_length=32)
    D[3, 4] = 0
    for power in (1, 2, 0.5):
        S, phase = magphase(D, power=power)
        S_ref, phase_ref = librosa.magphase(D, power=power)
        np.testing.assert_allclose(S, S_ref, rtol=TOL, atol=0)
        np.testing.assert_allclose(phase, phase_ref, rtol=0, atol=TOL)
    S, phase = magphase(D)
    np.testing.assert_allclose(S * phase, D, atol=TOL)
    assert phase[3, 4] == 1
    with pytest.raises(ParameterError, match="power"):
        magphase(D, power=0)


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"ref": np.max}, {"ref": 0.3, "amin": 1e-3}, {"top_db": None}, {"top_db": 20.0}],
)
def test_db_conversions_match_librosa(kwargs):
    S = np.abs(stft(SIGNALS[1237], n_fft=256, hop_length=64))
    S[0, :3] = 0
    np.testing.assert_allclose(
        amplitude_to_db(S, **kwargs), librosa.amplitude_to_db(S, **kwargs), rtol=0, atol=TOL
    )
    power_kwargs = dict(kwargs)
    if "amin" in power_kwargs:
        power_kwargs["amin"] = power_kwargs["amin"] ** 2
    np.testing.assert_allclose(
        power_to_db(S**2, **power_kwargs),
        librosa.power_to_db(S**2, **power_kwargs),
        rtol=0,
        atol=TOL,
    )


def test_db_bad_input():
    with pytest.raises(ParameterError, match="amin"):
        amplitude_to_db(np.ones(3), amin=0)
    with pytest.raises(ParameterError, match="top_db"):
        power_to_db(np.ones(3), top_db=-1)
    with pytest.raises(ParameterError, match="S must be >= 0"):
        power_to_db(np.array([1.0, -1.0]))
    with pytest.raises(ParameterError, match="S must contain only finite"):
        amplitude_to_db(np.array([1.0, np.nan]))
    with pytest.warns(UserWarning, match="phase is discarded"):
        out = amplitude_to_db(np.array([1j, 0.1]))
    assert out.tolist() == [0.0, -20.0]
