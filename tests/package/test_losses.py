"""Tests of `audioml.losses`: definitions, properties, bad input.

The agreement with auraloss itself is in `tests/crosscheck/test_auraloss.py` (needs torch).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audioml import losses
from audioml.errors import ParameterError
from audioml.signals import harmonic_tone, load_speech, white_noise

SR = 22050
WAVEFORM = [losses.l1_loss, losses.mse_loss, losses.esr_loss, losses.log_cosh_loss]
SPECTRAL = [
    losses.spectral_convergence_loss,
    losses.log_stft_magnitude_loss,
    losses.stft_loss,
    lambda x, t, **kw: losses.mel_stft_loss(x, t, sr=SR, **kw),
    losses.multi_resolution_stft_loss,
]
SPECTRAL_IDS = ["sc", "log_mag", "stft", "mel_stft", "mrstft"]
RATIOS = [losses.snr, losses.si_sdr, losses.sd_sdr]
ALL_LOSSES = [*WAVEFORM, losses.dc_loss, *SPECTRAL]


@pytest.fixture(scope="module")
def speech() -> np.ndarray:
    y, sr = load_speech("fox_male")
    assert sr == SR
    return y[: SR // 2 * 3]  # 1.5 s keeps the spectral tests fast


@pytest.fixture(scope="module")
def noise() -> np.ndarray:
    return white_noise(duration=0.5, amplitude=0.3, rng=7)


# ---------------------------------------------------------------------- definitions


def test_waveform_losses_against_their_formulas():
    rng = np.random.default_rng(0)
    t = rng.standard_normal(1000)
    x = t + 0.3 * rng.standard_normal(1000) + 0.05
    assert losses.l1_loss(x, t) == pytest.approx(np.mean(np.abs(x - t)), rel=1e-12)
    assert losses.mse_loss(x, t) == pytest.approx(np.mean((x - t) ** 2), rel=1e-12)
    assert losses.esr_loss(x, t) == pytest.approx(
        np.sum((t - x) ** 2) / (np.sum(t**2) + 1e-8), rel=1e-12
    )
    assert losses.dc_loss(x, t) == pytest.approx(
        np.mean(t - x) ** 2 / (np.mean(t**2) + 1e-8), rel=1e-12
    )
    assert losses.log_cosh_loss(x, t, a=2.0) == pytest.approx(
        np.mean(np.log(np.cosh(2.0 * (x - t)) + 1e-8) / 2.0), rel=1e-12
    )


def test_ratios_against_le_roux_formulas():
    rng = np.random.default_rng(1)
    s = rng.standard_normal(2000)
    s_hat = 0.7 * s + 0.2 * rng.standard_normal(2000)
    s0, e0 = s - s.mean(), s_hat - s_hat.mean()
    alpha = e0 @ s0 / (s0 @ s0)
    snr = 10 * np.log10(s0 @ s0 / np.sum((s0 - e0) ** 2))
    si = 10 * np.log10(np.sum((alpha * s0) ** 2) / np.sum((alpha * s0 - e0) ** 2))
    sd = 10 * np.log10(np.sum((alpha * s0) ** 2) / np.sum((s0 - e0) ** 2))
    assert losses.snr(s_hat, s, eps=0) == pytest.approx(snr, rel=1e-12)
    assert losses.si_sdr(s_hat, s, eps=0) == pytest.approx(si, rel=1e-12)
    assert losses.sd_sdr(s_hat, s, eps=0) == pytest.approx(sd, rel=1e-12)
    assert losses.snr(s_hat, s) == pytest.approx(snr, rel=1e-9)  # eps = 1e-8 barely matters
    assert losses.sd_sdr(s_hat, s) <= losses.si_sdr(s_hat, s)


def test_zero_mean_option():
    s = np.sin(np.linspace(0, 20, 500))
    offset = s + 0.5
    assert losses.snr(offset, s) > 100  # the offset is removed
    assert losses.snr(offset, s, zero_mean=False) < 10


def test_spectral_terms_against_direct_stft(noise):
    from audioml.filterbanks import mel_filterbank
    from audioml.spectral import stft

    x = 0.5 * noise + 0.1 * np.roll(noise, 40)

    def mag(y, n_fft=1024, hop=256, win=1024):
        D = stft(y, n_fft=n_fft, hop_length=hop, win_length=win, pad_mode="reflect")
        return np.sqrt(np.maximum(np.abs(D) ** 2, 1e-8))

    X, T = mag(x), mag(noise)
    sc = np.linalg.norm(T - X) / np.linalg.norm(T)
    log_mag = np.mean(np.abs(np.log(T) - np.log(X)))
    lin = np.mean(np.abs(T - X))
    assert losses.spectral_convergence_loss(x, noise) == pytest.approx(sc, rel=1e-12)
    assert losses.log_stft_magnitude_loss(x, noise) == pytest.approx(log_mag, rel=1e-12)
    assert losses.stft_loss(x, noise, w_sc=2.0, w_log_mag=0.5, w_lin_mag=3.0) == pytest.approx(
        2 * sc + 0.5 * log_mag + 3 * lin, rel=1e-12
    )
    M = mel_filterbank(sr=SR, n_fft=1024)
    mx, mt = M @ X, M @ T
    mel = np.linalg.norm(mt - mx) / np.linalg.norm(mt) + np.mean(np.abs(np.log(mt) - np.log(mx)))
    assert losses.mel_stft_loss(x, noise, sr=SR) == pytest.approx(mel, rel=1e-12)
    per_res = [
        np.linalg.norm(mag(noise, *r) - mag(x, *r)) / np.linalg.norm(mag(noise, *r))
        + np.mean(np.abs(np.log(mag(noise, *r)) - np.log(mag(x, *r))))
        for r in losses.MRSTFT_RESOLUTIONS
    ]
    assert losses.multi_resolution_stft_loss(x, noise) == pytest.approx(np.mean(per_res), rel=1e-12)
    one = losses.multi_resolution_stft_loss(x, noise, resolutions=[(1024, 256, 1024)])
    assert one == pytest.approx(losses.stft_loss(x, noise), rel=1e-12)


def test_pad_mode_changes_only_the_edge_frames(noise):
    x = 0.5 * noise
    reflect = losses.log_stft_magnitude_loss(x + 0.01 * np.roll(noise, 3), noise)
    constant = losses.log_stft_magnitude_loss(
        x + 0.01 * np.roll(noise, 3), noise, pad_mode="constant"
    )
    assert reflect != constant
    assert constant == pytest.approx(reflect, rel=0.05)


# ---------------------------------------------------------------------- properties


@pytest.mark.parametrize("loss", [*WAVEFORM[:3], losses.dc_loss], ids=["l1", "mse", "esr", "dc"])
def test_zero_at_perfect_estimate_waveform(loss, speech):
    assert loss(speech, speech) == 0.0


def test_log_cosh_at_perfect_estimate_is_log1p_eps(speech):
    assert losses.log_cosh_loss(speech, speech) == pytest.approx(math.log1p(1e-8), rel=1e-12)
    assert losses.log_cosh_loss(speech, speech, a=4.0) == pytest.approx(
        math.log1p(1e-8) / 4.0, rel=1e-12
    )
    assert losses.log_cosh_loss(speech, speech, eps=0.0) == 0.0


@pytest.mark.parametrize("loss", SPECTRAL, ids=SPECTRAL_IDS)
def test_zero_at_perfect_estimate_spectral(loss, speech):
    assert loss(speech, speech) == 0.0


@pytest.mark.parametrize("ratio", RATIOS, ids=["snr", "si_sdr", "sd_sdr"])
def test_ratio_ceiling_at_perfect_estimate(ratio, speech):
    s = speech - speech.mean()
    ceiling = 10 * np.log10(np.sum(s**2) / 1e-8 + 1e-8)
    # SI-/SD-SDR: alpha = E / (E + eps) leaves a residual of order eps^2 / E: negligible
    assert ratio(speech, speech) == pytest.approx(ceiling, rel=1e-9)
    assert 100 < ceiling < 150
    with pytest.warns(RuntimeWarning, match="eps=0"):
        assert ratio(speech, speech, eps=0.0) == math.inf


def test_si_sdr_with_eps0_and_orthogonal_estimate_warns():
    t = np.array([1.0, -1.0, 1.0, -1.0])
    x = np.array([1.0, 1.0, -1.0, -1.0])
    with pytest.warns(RuntimeWarning, match="-inf"):
        assert losses.si_sdr(x, t, eps=0.0) == -math.inf
    assert np.isfinite(losses.si_sdr(x, t))  # default eps: finite (about -80 dB)


@settings(max_examples=40, deadline=None)
@given(gain=st.floats(min_value=-100, max_value=100).filter(lambda g: abs(g) > 1e-3))
def test_si_sdr_invariant_to_estimate_gain_snr_is_not(gain):
    rng = np.random.default_rng(3)
    t = rng.standard_normal(512)
    x = t + 0.3 * rng.standard_normal(512)
    exact = losses.si_sdr(x, t, eps=0.0)
    assert losses.si_sdr(gain * x, t, eps=0.0) == pytest.approx(exact, rel=1e-9)
    # with the default eps the invariance holds up to about 4.3 eps / (gain^2 * error
    # energy) dB (the error energy here is about 45): 1e-4 dB once |gain| >= 0.01
    if abs(gain) >= 0.01:
        assert losses.si_sdr(gain * x, t) == pytest.approx(exact, abs=1e-4)
    if abs(gain - 1) > 0.2:
        assert abs(losses.snr(gain * x, t) - losses.snr(x, t)) > 0.5
        assert abs(losses.sd_sdr(gain * x, t) - losses.sd_sdr(x, t)) > 0.5


def test_esr_is_level_independent():
    t = harmonic_tone(330, duration=0.2)
    x = np.roll(t, 2)
    assert losses.esr_loss(100 * x, 100 * t) == pytest.approx(losses.esr_loss(x, t), rel=1e-9)


def test_log_cosh_is_stable_for_huge_errors():
    big = losses.log_cosh_loss(np.array([1e6]), np.array([0.0]))
    assert big == pytest.approx(1e6 - math.log(2.0), rel=1e-12)
    small = losses.log_cosh_loss(np.array([1e-3]), np.array([0.0]), eps=0.0)
    assert small == pytest.approx(0.5e-6, rel=1e-3)  # quadratic near zero


@pytest.mark.parametrize("shift", [1, 4, 8])
def test_spectral_losses_blind_to_small_shift_waveform_losses_not(shift, speech):
    shifted = np.roll(speech, shift)
    for loss, name in zip(SPECTRAL, SPECTRAL_IDS, strict=True):
        assert loss(shifted, speech) < 0.15, name
    # the same speech plus white noise of amplitude 0.03 costs them far more
    noisy = speech + white_noise(duration=1.5, amplitude=0.03, rng=0)[: speech.size]
    for loss, name in zip(SPECTRAL, SPECTRAL_IDS, strict=True):
        assert loss(noisy, speech) > 3 * loss(shifted, speech), name
    # ... while the waveform losses see the shift as a large error
    assert losses.esr_loss(shifted, speech) > 0.02 * shift
    assert losses.si_sdr(shifted, speech) < 25


def test_polarity_flip(speech):
    flipped = -speech
    for loss, name in zip(SPECTRAL, SPECTRAL_IDS, strict=True):
        assert loss(flipped, speech) == pytest.approx(0.0, abs=1e-9), name
    assert losses.esr_loss(flipped, speech) == pytest.approx(4.0, rel=1e-6)
    assert losses.l1_loss(flipped, speech) == pytest.approx(2 * np.mean(np.abs(speech)))
    assert losses.snr(flipped, speech) < -6.0  # 10 lg(1/4)
    # SI-SDR's optimal alpha is -1: it cannot tell a flipped estimate from a perfect one
    assert losses.si_sdr(flipped, speech) > 100


def test_spectral_gain_response(noise):
    assert losses.spectral_convergence_loss(0.5 * noise, noise) == pytest.approx(0.5, rel=1e-6)
    assert losses.log_stft_magnitude_loss(2.0 * noise, noise) == pytest.approx(
        math.log(2.0), rel=1e-4
    )


# ---------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "loss",
    [*ALL_LOSSES, *RATIOS],
    ids=["l1", "mse", "esr", "log_cosh", "dc", *SPECTRAL_IDS, "snr", "si_sdr", "sd_sdr"],
)
def test_bad_signals_raise(loss, noise):
    with pytest.raises(ParameterError, match="estimate and target must have the same shape"):
        loss(noise[:-1], noise)
    bad = noise.copy()
    bad[10] = np.nan
    with pytest.raises(ParameterError, match="estimate must contain only finite"):
        loss(bad, noise)
    bad[10] = np.inf
    with pytest.raises(ParameterError, match="target must contain only finite"):
        loss(noise, bad)
    with pytest.raises(ParameterError, match="estimate must have 1 dimension"):
        loss(np.stack([noise, noise]), np.stack([noise, noise]))
    with pytest.raises(ParameterError, match="target must be real"):
        loss(noise, noise.astype(complex))


@pytest.mark.parametrize(
    "loss",
    [
        losses.esr_loss,
        losses.dc_loss,
        *RATIOS,
        losses.spectral_convergence_loss,
        losses.stft_loss,
        losses.multi_resolution_stft_loss,
        lambda x, t: losses.mel_stft_loss(x, t, sr=SR),
    ],
    ids=["esr", "dc", "snr", "si_sdr", "sd_sdr", "sc", "stft", "mrstft", "mel"],
)
def test_silent_target_raises(loss, noise):
    with pytest.raises(ParameterError, match="target must not be"):
        loss(noise, np.zeros_like(noise))


def test_constant_target_is_silent_for_zero_mean_ratios():
    with pytest.raises(ParameterError, match="constant"):
        losses.si_sdr(np.arange(8.0), np.full(8, 0.5))
    assert np.isfinite(losses.snr(np.arange(8.0), np.full(8, 0.5), zero_mean=False))


def test_silent_target_allowed_where_meaningful(noise):
    silent = np.zeros_like(noise)
    assert losses.l1_loss(noise, silent) > 0
    assert losses.log_stft_magnitude_loss(noise, silent) > 1
    assert losses.stft_loss(noise, silent, w_sc=0.0) > 1


def test_bad_options_raise(noise):
    with pytest.raises(ParameterError, match="resolutions must contain at least one"):
        losses.multi_resolution_stft_loss(noise, noise, resolutions=[])
    with pytest.raises(ParameterError, match=r"resolutions\[1\] must be a"):
        losses.multi_resolution_stft_loss(noise, noise, resolutions=[(512, 128, 512), (512,)])
    with pytest.raises(ParameterError, match=r"resolutions\[0\] hop_length"):
        losses.multi_resolution_stft_loss(noise, noise, resolutions=[(512, 0, 512)])
    with pytest.raises(ParameterError, match="win_length must be <= n_fft=512"):
        losses.stft_loss(noise, noise, n_fft=512, win_length=1024)
    with pytest.raises(ParameterError, match="at least n_fft=4096 samples"):
        losses.stft_loss(noise[:4000], noise[:4000], n_fft=4096, win_length=None)
    with pytest.raises(ParameterError, match="pad_mode must be one of"):
        losses.stft_loss(noise, noise, pad_mode="wrap")
    with pytest.raises(ParameterError, match="must not all be 0"):
        losses.stft_loss(noise, noise, w_sc=0, w_log_mag=0)
    with pytest.raises(ParameterError, match="w_lin_mag must be"):
        losses.stft_loss(noise, noise, w_lin_mag=-1)
    with pytest.raises(ParameterError, match="eps must be"):
        losses.stft_loss(noise, noise, eps=0)
    with pytest.raises(ParameterError, match="eps must be"):
        losses.esr_loss(noise, noise, eps=-1e-8)
    with pytest.raises(ParameterError, match="a must be"):
        losses.log_cosh_loss(noise, noise, a=0)
    with pytest.raises(ParameterError, match="zero_mean must be True or False"):
        losses.snr(noise, noise, zero_mean="yes")
    with pytest.raises(ParameterError, match="sr must be"):
        losses.mel_stft_loss(noise, noise, sr=0)
    with pytest.raises(ParameterError, match="mel band"):
        losses.mel_stft_loss(noise, noise, sr=SR, n_fft=256, win_length=256, n_mels=128)


def test_defaults_follow_auraloss_and_parallel_wavegan():
    assert losses.MRSTFT_RESOLUTIONS == ((1024, 120, 600), (2048, 240, 1200), (512, 50, 240))
    import inspect

    sig = inspect.signature(losses.stft_loss).parameters
    assert (sig["n_fft"].default, sig["hop_length"].default, sig["win_length"].default) == (
        1024,
        256,
        1024,
    )
    assert (sig["w_sc"].default, sig["w_log_mag"].default, sig["w_lin_mag"].default) == (1, 1, 0)
    assert sig["eps"].default == 1e-8
    assert inspect.signature(losses.mel_stft_loss).parameters["n_mels"].default == 128
    for f in RATIOS:
        p = inspect.signature(f).parameters
        assert p["zero_mean"].default is True
        assert p["eps"].default == 1e-8


def test_deterministic_and_float(speech):
    a = losses.multi_resolution_stft_loss(0.9 * speech, speech)
    b = losses.multi_resolution_stft_loss(0.9 * speech, speech)
    assert a == b
    assert type(a) is float
    assert type(losses.si_sdr(0.9 * speech, speech)) is float
