"""`audioml.losses` against auraloss 0.4.0 itself (collected only under AUDIOML_CROSSCHECK=1).

Run with `make crosscheck` (it installs the `crosscheck` dependency group: CPU torch and
auraloss). auraloss runs in the dtype of its input, so each loss is compared twice:

- **float64** (the modules' buffers converted with `.double()`): the same arithmetic as
  ours up to summation order, so the tolerance is the brief's rtol 1e-5 (the values in
  fact agree to about 1e-12; the mel loss to about 1e-7, because auraloss's mel basis is
  librosa's float32 default, rounded before the conversion);
- **float32** (how auraloss is used in training): float32 carries about 7 digits and the
  STFT sums over 1024-sample frames lose 2 to 3 more, so the tolerance there is 1e-4.

`test_report_max_relative_differences` prints the worst relative difference per loss
(`pytest -s` shows it).
"""

from __future__ import annotations

import auraloss
import numpy as np
import pytest
import scipy.signal
import torch

from audioml import losses, prefilters
from audioml.signals import harmonic_tone, load_speech, white_noise

RTOL64 = 1e-5
RTOL32 = 1e-4
SR = 22050


def _signals(seed: int, n: int = 8192) -> tuple[np.ndarray, np.ndarray]:
    """A target and an estimate = scaled, shifted target + noise (nothing degenerate)."""
    rng = np.random.default_rng(seed)
    target = 0.3 * rng.standard_normal(n) + 0.1 * np.sin(2 * np.pi * 440 * np.arange(n) / SR)
    estimate = 0.8 * np.roll(target, 3) + 0.05 * rng.standard_normal(n) + 0.01
    return estimate, target


def _speech_pair() -> tuple[np.ndarray, np.ndarray]:
    y, _ = load_speech("fox_male")
    y = y[: 2 * SR]
    return 0.7 * y + white_noise(duration=2.0, amplitude=0.01, rng=5), y


def _torch(y: np.ndarray, dtype: torch.dtype) -> torch.Tensor:
    return torch.tensor(y, dtype=dtype).view(1, 1, -1)


def _aura(module: torch.nn.Module, estimate, target, dtype) -> float:
    module = module.double() if dtype == torch.float64 else module.float()
    for sub in module.modules():
        if isinstance(getattr(sub, "window", None), torch.Tensor):
            # STFTLoss keeps its window as a plain float32 attribute (not a buffer), so
            # `.double()` leaves it alone; a float32 window rounded to float64 raises the
            # sidelobe floor to about -150 dB, which moves the log magnitudes of sparse
            # spectra (a harmonic tone) by 1e-4. Rebuild it in the comparison's dtype.
            sub.window = torch.hann_window(sub.win_length, dtype=dtype)
    with torch.no_grad():
        return float(module(_torch(estimate, dtype), _torch(target, dtype)))


# (name, our function, auraloss module factory, sign): auraloss's ratio losses are negated
CASES = [
    ("esr", losses.esr_loss, auraloss.time.ESRLoss, 1.0),
    ("dc", losses.dc_loss, auraloss.time.DCLoss, 1.0),
    ("log_cosh", losses.log_cosh_loss, auraloss.time.LogCoshLoss, 1.0),
    ("snr", losses.snr, auraloss.time.SNRLoss, -1.0),
    ("si_sdr", losses.si_sdr, auraloss.time.SISDRLoss, -1.0),
    ("sd_sdr", losses.sd_sdr, auraloss.time.SDSDRLoss, -1.0),
    ("stft", losses.stft_loss, auraloss.freq.STFTLoss, 1.0),
    (
        "mel_stft",
        lambda x, t: losses.mel_stft_loss(x, t, sr=SR),
        lambda: auraloss.freq.MelSTFTLoss(sample_rate=SR),
        1.0,
    ),
    ("mrstft", losses.multi_resolution_stft_loss, auraloss.freq.MultiResolutionSTFTLoss, 1.0),
    (
        "stft_lin_mag",
        lambda x, t: losses.stft_loss(x, t, w_sc=0.5, w_log_mag=0.0, w_lin_mag=2.0),
        lambda: auraloss.freq.STFTLoss(w_sc=0.5, w_log_mag=0.0, w_lin_mag=2.0),
        1.0,
    ),
    (
        "stft_other_resolution",
        lambda x, t: losses.stft_loss(x, t, n_fft=512, hop_length=100, win_length=400),
        lambda: auraloss.freq.STFTLoss(fft_size=512, hop_size=100, win_length=400),
        1.0,
    ),
]
IDS = [case[0] for case in CASES]
WORST: dict[str, float] = {}


def _rel(ours: float, theirs: float) -> float:
    return abs(ours - theirs) / abs(theirs)


@pytest.mark.parametrize(("name", "ours", "factory", "sign"), CASES, ids=IDS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_float64_matches_auraloss(name, ours, factory, sign, seed):
    estimate, target = _signals(seed)
    mine = ours(estimate, target)
    theirs = sign * _aura(factory(), estimate, target, torch.float64)
    WORST[f"{name} float64"] = max(WORST.get(f"{name} float64", 0.0), _rel(mine, theirs))
    np.testing.assert_allclose(mine, theirs, rtol=RTOL64)


@pytest.mark.parametrize(("name", "ours", "factory", "sign"), CASES, ids=IDS)
def test_float32_matches_auraloss(name, ours, factory, sign):
    for pair in (_signals(10), _speech_pair()):
        estimate, target = (p.astype(np.float32).astype(np.float64) for p in pair)
        mine = ours(estimate, target)
        theirs = sign * _aura(factory(), estimate, target, torch.float32)
        WORST[f"{name} float32"] = max(WORST.get(f"{name} float32", 0.0), _rel(mine, theirs))
        np.testing.assert_allclose(mine, theirs, rtol=RTOL32)


@pytest.mark.parametrize("name", ["l1", "mse"])
def test_l1_mse_match_torch(name):
    estimate, target = _signals(3)
    ours = {"l1": losses.l1_loss, "mse": losses.mse_loss}[name](estimate, target)
    fn = {"l1": torch.nn.functional.l1_loss, "mse": torch.nn.functional.mse_loss}[name]
    theirs = float(fn(torch.tensor(estimate), torch.tensor(target)))
    WORST[f"{name} float64 (torch)"] = _rel(ours, theirs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_log_cosh_with_a_matches_auraloss():
    estimate, target = _signals(4)
    theirs = _aura(auraloss.time.LogCoshLoss(a=3.0), estimate, target, torch.float64)
    np.testing.assert_allclose(losses.log_cosh_loss(estimate, target, a=3.0), theirs, rtol=1e-10)


def test_log_cosh_is_finite_where_auraloss_overflows():
    target = np.zeros(4)
    estimate = np.array([0.0, 0.0, 0.0, 1000.0])
    theirs = _aura(auraloss.time.LogCoshLoss(), estimate, target, torch.float64)
    assert np.isinf(theirs)
    np.testing.assert_allclose(
        losses.log_cosh_loss(estimate, target),
        (3 * np.log1p(1e-8) + 1000.0 - np.log(2.0)) / 4,
        rtol=1e-12,
    )


def test_ratio_ceiling_matches_auraloss_for_a_perfect_estimate():
    _, target = _signals(5)
    theirs = -_aura(auraloss.time.SISDRLoss(), target, target, torch.float64)
    np.testing.assert_allclose(losses.si_sdr(target, target), theirs, rtol=1e-12)
    assert 100 < theirs < 200


def test_batch_spectral_convergence_is_not_the_mean_of_per_signal_values():
    """Documented difference: auraloss takes one Frobenius norm over the whole batch."""
    (_, t1), (_, t2) = _signals(6), _signals(7)
    e1 = t1 + white_noise(duration=1, amplitude=0.003, rng=1)[: t1.size]  # quiet, good
    t2 = 10 * t2  # loud, bad
    e2 = 0.5 * t2 + white_noise(duration=1, amplitude=3, rng=2)[: t2.size]
    module = auraloss.freq.STFTLoss(w_sc=1.0, w_log_mag=0.0).double()
    module.window = torch.hann_window(1024, dtype=torch.float64)
    with torch.no_grad():
        batch = float(
            module(
                torch.tensor(np.stack([e1, e2]))[:, None, :],
                torch.tensor(np.stack([t1, t2]))[:, None, :],
            )
        )
    per_signal = [losses.spectral_convergence_loss(e, t) for e, t in ((e1, t1), (e2, t2))]
    # the loud second item dominates auraloss's batch value
    assert per_signal[0] < 0.05 < 0.4 < per_signal[1]
    assert abs(batch - np.mean(per_signal)) > 0.1
    assert abs(batch - per_signal[1]) < 0.01


def test_pre_emphasis_vs_auralosss_hp_filter():
    """auraloss's "hp" FIRFilter runs conv1d (a cross-correlation) with the kernel
    [1, -coef, 0] and `padding=ntaps // 2` = 50 (its A-weighting default, also used for the
    3-tap filter): the output is N + 98 samples long, out[49 + n] = x[n-1] - coef x[n] for
    n = 0..N (x[-1] = x[N] = 0), zeros elsewhere. Ours is y[n] - coef y[n-1], n = 0..N-1:
    the same magnitude response, and the same energy up to the one tail sample."""
    estimate, target = _signals(8)
    n = estimate.size
    coef = float(np.float32(0.85))  # auraloss stores the kernel in float32
    fir = auraloss.perceptual.FIRFilter(filter_type="hp", coef=coef, fs=SR).double()
    with torch.no_grad():
        out, out_target = fir(_torch(estimate, torch.float64), _torch(target, torch.float64))
    theirs = out.numpy().ravel()
    padded = np.concatenate([[0.0], estimate, [0.0]])
    expected = padded[:-1] - coef * padded[1:]
    assert theirs.size == n + 98
    np.testing.assert_allclose(theirs[49 : 50 + n], expected, rtol=1e-12, atol=1e-15)
    assert not theirs[:49].any()
    assert not theirs[50 + n :].any()
    ours = prefilters.pre_emphasis(estimate, coef=coef)
    # equal energy once our dropped tail sample -coef * x[N-1] is added back
    np.testing.assert_allclose(
        np.sum(theirs**2), np.sum(ours**2) + (coef * estimate[-1]) ** 2, rtol=1e-12
    )
    # an ESR on the filtered pair agrees up to that edge sample
    theirs_esr = float(auraloss.time.ESRLoss()(out, out_target))
    mine = losses.esr_loss(ours, prefilters.pre_emphasis(target, coef=coef))
    WORST["esr after pre-emphasis (edge sample)"] = _rel(mine, theirs_esr)
    np.testing.assert_allclose(mine, theirs_esr, rtol=1e-3)


def test_a_weighting_filter_response_vs_auralosss():
    """Both are `firls` fits on the same 512-point grid; auraloss fits the bilinear
    transform of the analog filter, we fit IEC 61672-1 A(f) itself (no frequency warping),
    so they agree in the midrange and part towards Nyquist, where the bilinear transform
    attenuates more."""
    from audioml.loudness import a_weighting

    fir = auraloss.perceptual.FIRFilter(filter_type="aw", fs=SR, ntaps=101)
    theirs = fir.fir.weight.data.numpy().ravel().astype(np.float64)
    ours = prefilters.a_weighting_taps(sr=SR, ntaps=101)
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, ours[::-1])  # linear phase, like auraloss's
    mid = np.array([100.0, 250.0, 500.0, 1000.0, 2000.0, 4000.0])
    top = np.array([6000.0, 8000.0])

    def db(taps, f):
        return 20 * np.log10(np.abs(scipy.signal.freqz(taps, worN=f, fs=SR)[1]))

    WORST["a_weighting |dB| ours vs auraloss, 100 Hz..4 kHz"] = float(
        np.abs(db(ours, mid) - db(theirs, mid)).max()
    )
    assert np.abs(db(ours, mid) - db(theirs, mid)).max() < 0.25
    # ours follows the IEC curve up high; auraloss's bilinear design falls >= 1 dB below it
    assert np.abs(db(ours, top) - a_weighting(top)).max() < 0.1
    assert (db(theirs, top) < a_weighting(top) - 1.0).all()


def test_a_weighted_stft_loss_vs_auraloss_perceptual_weighting():
    """`STFTLoss(perceptual_weighting=True)` = FIR A-weighting, then the STFT loss. With
    auraloss's own taps our pipeline gives its value; with our taps the value moves by a
    few per cent, all from the filter design near Nyquist (the log-magnitude term weighs
    every bin equally, and there the bilinear design attenuates by several dB more)."""
    estimate, target = _speech_pair()
    module = auraloss.freq.STFTLoss(sample_rate=SR, perceptual_weighting=True)
    theirs = _aura(module, estimate, target, torch.float32)
    taps = module.prefilter.fir.weight.data.numpy().ravel().astype(np.float64)
    half = taps.size // 2

    def their_filter(y):
        return np.convolve(y, taps)[half : half + y.size]

    with_their_taps = losses.stft_loss(their_filter(estimate), their_filter(target))
    WORST["stft A-weighted, auraloss taps, float32"] = _rel(with_their_taps, theirs)
    np.testing.assert_allclose(with_their_taps, theirs, rtol=RTOL32)
    mine = losses.stft_loss(
        prefilters.a_weighting_filter(estimate, sr=SR),
        prefilters.a_weighting_filter(target, sr=SR),
    )
    WORST["stft A-weighted, our taps (design differs)"] = _rel(mine, theirs)
    np.testing.assert_allclose(mine, theirs, rtol=0.1)


def test_harmonic_tone_and_speech_stft(capsys):
    """Realistic signals too (silences and sparse spectra hit the magnitude floor)."""
    y = harmonic_tone(220, sr=SR, duration=1.0)
    shifted = np.roll(y, 5)
    for ours, factory in ((losses.stft_loss, auraloss.freq.STFTLoss),):
        for est, tgt in ((shifted, y), _speech_pair()):
            theirs = _aura(factory(), est, tgt, torch.float64)
            np.testing.assert_allclose(ours(est, tgt), theirs, rtol=RTOL64)


def test_report_max_relative_differences():
    """Runs last: print the worst relative difference seen per loss (`pytest -s`)."""
    assert WORST, "the comparisons above must have run first"
    width = max(len(k) for k in WORST)
    print("\nmax relative difference, audioml vs auraloss 0.4.0")
    for key in sorted(WORST):
        print(f"  {key:<{width}}  {WORST[key]:.2e}")
