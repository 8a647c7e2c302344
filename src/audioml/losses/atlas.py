"""The loss atlas: how strongly each loss reacts to controlled changes of a reference signal.

The losses pages and their figures read every number from here: `perturb` makes the
changes (the same ones the pages' clips let you hear), `normalised_response` puts losses
with different units on one scale, and `atlas_table`, `curve_table`,
`resolution_table`, `penalty_curves` and `ratio_gain_curves` compute the grids and curves
the figures draw.

**Normalised response.** Each value is a fraction of what the loss gives for a *useless*
estimate:

- losses (>= 0, lower is better): $L(\\text{perturbed}) / L(\\text{noise})$, where the
  noise is seeded white noise with the reference's RMS; 0 = blind, 1 = as bad as noise
  (above 1 = worse than noise, e.g. ESR of a polarity flip);
- ratios in dB (SNR, SI-SDR, SD-SDR): $\\max(0, (30 - R)/30)$, so 30 dB or more (an
  inaudible error for most uses) is 0 and 0 dB (error as loud as the signal) is 1.

`dc_loss` is left out: it only sees a change of the mean, and the white-noise reference
has a random mean, so its normalised value says nothing.

See the page [The loss atlas](../losses/atlas.md).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.signal

from .._validate import check_array, check_choice, check_real
from ..errors import ParameterError
from ..signals import harmonic_tone, load_speech, make_rng
from .ratios import sd_sdr, si_sdr, snr
from .spectral import (
    log_stft_magnitude_loss,
    mel_stft_loss,
    multi_resolution_stft_loss,
    spectral_convergence_loss,
    stft_loss,
)
from .waveform import esr_loss, l1_loss, log_cosh_loss, mse_loss

__all__ = [
    "ATLAS_COLUMNS",
    "CURVES",
    "CURVE_LOSSES",
    "LOSSES",
    "MEL_MIN_N_FFT",
    "PENALTY_ERRORS",
    "PERTURBATIONS",
    "RATIO_GAINS_DB",
    "REFERENCES",
    "RESOLUTIONS",
    "RESOLUTION_CHANGES",
    "RESOLUTION_LOSSES",
    "SR",
    "atlas_table",
    "curve_table",
    "normalised_response",
    "penalty_curves",
    "perturb",
    "ratio_gain_curves",
    "reference",
    "resolution_table",
    "useless_estimate",
]

#: The changes of the loss atlas, with the unit of their strength.
PERTURBATIONS = {
    "gain": "dB",
    "shift": "samples",
    "polarity": "(flip)",
    "phase": "degrees",
    "noise": "dB SNR",
    "lowpass": "Hz cut-off",
}

_NOISE_SEED = 20240

#: Sampling rate of the atlas's references (that of the shipped speech), in Hz.
SR = 22050

#: The references the atlas perturbs: 2 s of male speech, a 220 Hz harmonic tone.
REFERENCES = ("speech", "tone")


def perturb(y: np.ndarray, sr: float, kind: str, strength: float) -> np.ndarray:
    """Apply one controlled change to a reference signal (same length).

    Parameters
    ----------
    y : np.ndarray, shape (n,)
        Reference signal, finite real samples, `n >= 1`; not all zeros for `"noise"`.
    sr : float
        Sampling rate in Hz, `> 0`.
    kind : str
        One of `"gain"`, `"shift"`, `"polarity"`, `"phase"`, `"noise"`, `"lowpass"`.
        `gain`: multiply by $10^{g/20}$ (strength in dB). `shift`: delay by an integer
        number of samples, `>= 0`, zeros in front (the end is cut). `polarity`: multiply
        by -1 (strength ignored). `phase`: rotate every frequency component by the same
        angle $\\theta$ (degrees), $\\mathrm{Re}\\{(y + i\\mathcal{H}y)\\,e^{i\\theta}\\}$
        with `scipy.signal.hilbert`, which keeps the magnitude spectrum. `noise`: add
        seeded white Gaussian noise at the given SNR in dB. `lowpass`: 8th-order
        Butterworth low-pass at the given cut-off (Hz, in (0, sr / 2)), applied forward
        and backward (zero phase; `n > 54` samples).
    strength : float
        The strength of the change, in the unit given by `PERTURBATIONS[kind]`.

    Returns
    -------
    np.ndarray, shape (n,)

    Raises
    ------
    ParameterError
        An unknown `kind`, a non-finite `strength` or `sr`, a negative delay, a cut-off
        outside (0, sr / 2), a silent signal with `"noise"`, or a bad signal.

    Examples
    --------
    >>> y = np.sin(2 * np.pi * 5 * np.arange(100) / 100)
    >>> bool(np.allclose(perturb(y, 100, "phase", 180), -y, atol=1e-2))
    True
    """
    check_choice("kind", kind, tuple(PERTURBATIONS))
    strength = check_real("strength", strength)
    sr = check_real("sr", sr, low=0, low_open=True)
    y = check_array("y", y, ndim=1, min_size=1)
    if kind == "gain":
        return y * 10 ** (strength / 20)
    if kind == "shift":
        k = round(check_real("strength", strength, low=0))
        return np.concatenate([np.zeros(k), y[: y.size - k]]) if k > 0 else y.copy()
    if kind == "polarity":
        return -y
    if kind == "phase":
        analytic = scipy.signal.hilbert(y)
        return np.real(analytic * np.exp(1j * np.deg2rad(strength)))
    if kind == "noise":
        if not np.any(y):
            raise ParameterError("y must not be all zeros for kind='noise': its SNR is undefined")
        noise = make_rng(_NOISE_SEED).standard_normal(y.size)
        noise *= np.sqrt(np.mean(y**2) / np.mean(noise**2)) * 10 ** (-strength / 20)
        return y + noise
    check_real("strength", strength, low=0, high=sr / 2, low_open=True, high_open=True)
    sos = scipy.signal.butter(8, strength, btype="lowpass", fs=sr, output="sos")
    padlen = 3 * (2 * len(sos) + 1 - min((sos[:, 2] == 0).sum(), (sos[:, 5] == 0).sum()))
    if y.size <= padlen:
        raise ParameterError(
            f"y must have more than {padlen} samples for kind='lowpass' (the zero-phase "
            f"filter's padding); got {y.size}"
        )
    return scipy.signal.sosfiltfilt(sos, y)


#: (label, function, kind): kind "loss" (>= 0) or "ratio" (dB, higher is better).
LOSSES: list[tuple[str, Callable[..., float], str]] = [
    ("L1", l1_loss, "loss"),
    ("MSE", mse_loss, "loss"),
    ("ESR", esr_loss, "loss"),
    ("log-cosh", log_cosh_loss, "loss"),
    ("SNR", snr, "ratio"),
    ("SI-SDR", si_sdr, "ratio"),
    ("SD-SDR", sd_sdr, "ratio"),
    ("spectral conv.", spectral_convergence_loss, "loss"),
    ("log STFT mag.", log_stft_magnitude_loss, "loss"),
    ("STFT", stft_loss, "loss"),
    ("mel STFT", lambda x, t: mel_stft_loss(x, t, sr=SR), "loss"),
    ("multi-res. STFT", multi_resolution_stft_loss, "loss"),
]

#: The atlas columns: (label, kind, strength).
ATLAS_COLUMNS = [
    ("gain\n−6 dB", "gain", -6.0),
    ("delay\n1 ms", "shift", 22.0),
    ("polarity\nflip", "polarity", 0.0),
    ("phase\n90°", "phase", 90.0),
    ("noise\n20 dB SNR", "noise", 20.0),
    ("low-pass\n2 kHz", "lowpass", 2000.0),
]

#: The curves: (title, kind, strengths, x label).
CURVES = [
    ("gain", "gain", np.linspace(-20, 20, 21), "gain (dB)"),
    ("delay", "shift", np.array([0, 1, 2, 4, 8, 16, 32, 64, 128, 256]), "delay (samples)"),
    ("phase rotation", "phase", np.linspace(0, 180, 13), "angle θ (degrees)"),
    ("added white noise", "noise", np.array([40, 35, 30, 25, 20, 15, 10, 5, 0]), "SNR (dB)"),
    (
        "low-pass",
        "lowpass",
        np.array([8000, 6000, 4000, 3000, 2000, 1500, 1000, 500]),
        "cut-off (Hz)",
    ),
]

#: Losses drawn in the curves (a readable subset of LOSSES, one per family trait).
CURVE_LOSSES = [
    "L1",
    "ESR",
    "SNR",
    "SI-SDR",
    "spectral conv.",
    "log STFT mag.",
    "mel STFT",
    "multi-res. STFT",
]


@functools.cache
def _references() -> dict[str, np.ndarray]:
    speech, sr = load_speech("fox_male")
    if sr != SR:  # pragma: no cover - the shipped clips are all at 22.05 kHz
        raise RuntimeError(f"the shipped speech is at {sr} Hz, the atlas expects {SR}")
    return {
        "speech": speech[: 2 * SR],
        "tone": harmonic_tone(220, sr=SR, duration=2.0),
    }


def reference(name: str) -> np.ndarray:
    """One of the atlas's reference signals (a copy), at `SR`.

    Parameters
    ----------
    name : str
        One of `REFERENCES`. `"speech"`: the first 2 s of the shipped male speech;
        `"tone"`: a 2 s harmonic tone at 220 Hz (`audioml.signals.harmonic_tone`).

    Returns
    -------
    np.ndarray, shape (2 * SR,)

    Examples
    --------
    >>> reference("tone").shape
    (44100,)
    """
    check_choice("name", name, REFERENCES)
    return _references()[name].copy()


@functools.cache
def _useless(name: str) -> np.ndarray:
    y = _references()[name]
    noise = make_rng(7).standard_normal(y.size)
    return noise * np.sqrt(np.mean(y**2) / np.mean(noise**2))


def useless_estimate(name: str) -> np.ndarray:
    """The atlas's useless estimate of a reference: seeded white noise with its RMS.

    Parameters
    ----------
    name : str
        The reference, `"speech"` or `"tone"` (see `reference`).

    Returns
    -------
    np.ndarray, shape (2 * SR,)
        Gaussian noise (seed 7) scaled to the reference's RMS; its loss is the unit of
        `normalised_response`.

    Examples
    --------
    >>> y, n = reference("tone"), useless_estimate("tone")
    >>> round(float(np.sqrt(np.mean(n**2)) / np.sqrt(np.mean(y**2))), 6)
    1.0
    """
    check_choice("name", name, REFERENCES)
    return _useless(name).copy()


def _loss(label: str) -> tuple[Callable[..., float], str]:
    """The function of loss `label` in LOSSES, and its kind."""
    check_choice("label", label, tuple(lab for lab, _, _ in LOSSES))
    return {lab: (f, k) for lab, f, k in LOSSES}[label]


@functools.cache
def _useless_value(label: str, name: str) -> float:
    """Loss `label` of the white-noise estimate of reference `name`: the atlas's unit."""
    func, _ = _loss(label)
    return func(_useless(name), _references()[name])


def normalised_response(label: str, name: str, estimate: np.ndarray) -> float:
    """The atlas's normalised response of one loss to an estimate of one reference.

    Parameters
    ----------
    label : str
        A loss of `LOSSES` by its label (`"L1"`, `"SI-SDR"`, `"mel STFT"`, ...).
    name : str
        The reference, `"speech"` or `"tone"` (see `reference`).
    estimate : np.ndarray, shape (2 * SR,)
        The estimate of that reference, finite real samples.

    Returns
    -------
    float
        For a loss, its value over its value for `useless_estimate(name)` (0 blind,
        1 as bad as noise); for a ratio $R$ in dB, $\\max(0, (30 - R) / 30)$.

    Raises
    ------
    ParameterError
        An unknown label or reference, or a bad estimate (see `audioml.losses.l1_loss`).

    Examples
    --------
    >>> round(normalised_response("ESR", "tone", -reference("tone")), 3) > 1  # polarity
    True
    """
    func, kind = _loss(label)
    check_choice("name", name, REFERENCES)
    target = _references()[name]
    if kind == "ratio":
        return max(0.0, (30.0 - func(estimate, target)) / 30.0)
    return func(estimate, target) / _useless_value(label, name)


@functools.cache
def _atlas_table(name: str) -> np.ndarray:
    y = _references()[name]
    table = np.empty((len(LOSSES), len(ATLAS_COLUMNS)))
    for j, (_, kind, strength) in enumerate(ATLAS_COLUMNS):
        estimate = perturb(y, SR, kind, strength)
        for i, (label, _, _) in enumerate(LOSSES):
            table[i, j] = normalised_response(label, name, estimate)
    return table


def atlas_table(name: str) -> np.ndarray:
    """The atlas grid: normalised responses of every loss to every change of a reference.

    Parameters
    ----------
    name : str
        The reference, `"speech"` or `"tone"` (see `reference`).

    Returns
    -------
    np.ndarray, shape (len(LOSSES), len(ATLAS_COLUMNS))
        Row $i$ is loss `LOSSES[i]`, column $j$ the change `ATLAS_COLUMNS[j]`; computed
        once per reference (about 6 s) and cached (a copy is returned).
    """
    check_choice("name", name, REFERENCES)
    return _atlas_table(name).copy()


@functools.cache
def _curve_table(name: str, kind: str) -> np.ndarray:
    y = _references()[name]
    strengths = {k: s for _, k, s, _ in CURVES}[kind]
    out = np.empty((len(CURVE_LOSSES), strengths.size))
    for j, strength in enumerate(strengths):
        estimate = perturb(y, SR, kind, float(strength))
        for i, label in enumerate(CURVE_LOSSES):
            out[i, j] = normalised_response(label, name, estimate)
    return out


def curve_table(name: str, kind: str) -> np.ndarray:
    """Normalised responses along one curve of `CURVES`.

    Parameters
    ----------
    name : str
        The reference, `"speech"` or `"tone"` (see `reference`).
    kind : str
        The change, one of the kinds in `CURVES` (`"gain"`, `"shift"`, `"phase"`,
        `"noise"`, `"lowpass"`).

    Returns
    -------
    np.ndarray, shape (len(CURVE_LOSSES), n_strengths)
        Row $i$ is loss `CURVE_LOSSES[i]`, column $j$ the $j$-th strength of the curve
        (cached; a copy is returned).
    """
    check_choice("name", name, REFERENCES)
    check_choice("kind", kind, tuple(k for _, k, _, _ in CURVES))
    return _curve_table(name, kind).copy()


#: Errors at which the per-sample penalties are drawn, and the gains of the ratio panel.
PENALTY_ERRORS = np.linspace(-3.0, 3.0, 241)
RATIO_GAINS_DB = np.linspace(-20.0, 20.0, 81)


def penalty_curves() -> dict[str, np.ndarray]:
    """Per-sample penalty of L1, MSE and log-cosh (a = 1, 3; eps = 0) at `PENALTY_ERRORS`.

    Returns
    -------
    dict of str to np.ndarray, shape (len(PENALTY_ERRORS),)
        Each loss of a one-sample estimate `e` against a zero target.

    Examples
    --------
    >>> float(penalty_curves()["MSE  e²"][-1])  # e = 3
    9.0
    """
    zero = np.zeros(1)

    def curve(func: Callable[..., float], **kw: Any) -> np.ndarray:
        return np.array([func(np.array([e]), zero, **kw) for e in PENALTY_ERRORS])

    return {
        "L1  |e|": curve(l1_loss),
        "MSE  e²": curve(mse_loss),
        "log-cosh, a = 1": curve(log_cosh_loss, a=1.0, eps=0.0),
        "log-cosh, a = 3": curve(log_cosh_loss, a=3.0, eps=0.0),
    }


@functools.cache
def _ratio_gain_curves() -> dict[str, np.ndarray]:
    y = _references()["speech"]
    noisy = perturb(y, SR, "noise", 20.0)
    out = {}
    for label, func in (("SNR", snr), ("SI-SDR", si_sdr), ("SD-SDR", sd_sdr)):
        out[label] = np.array([func(10 ** (g / 20) * noisy, y) for g in RATIO_GAINS_DB])
    return out


def ratio_gain_curves() -> dict[str, np.ndarray]:
    """SNR, SI-SDR and SD-SDR (dB) of gain * (speech + noise at 20 dB SNR) against the gain.

    Returns
    -------
    dict of str to np.ndarray, shape (len(RATIO_GAINS_DB),)
        The three ratios in dB of the speech reference with noise at 20 dB SNR,
        multiplied by each gain of `RATIO_GAINS_DB` (cached; copies are returned).
    """
    return {k: v.copy() for k, v in _ratio_gain_curves().items()}


#: STFT resolutions of the resolution figure: n_fft, with hop = n_fft / 4 and win = n_fft.
RESOLUTIONS = np.array([256, 512, 1024, 2048, 4096])
#: Perturbations of the resolution figure: (title, kind, strength).
RESOLUTION_CHANGES = [
    ("delay 1 ms", "shift", 22.0),
    ("phase rotation 90°", "phase", 90.0),
    ("white noise, 20 dB SNR", "noise", 20.0),
    ("low-pass 2 kHz", "lowpass", 2000.0),
]
#: Spectral losses of the resolution figure: (label, function).
RESOLUTION_LOSSES: list[tuple[str, Callable[..., float]]] = [
    ("spectral conv.", spectral_convergence_loss),
    ("log STFT mag.", log_stft_magnitude_loss),
    ("STFT (sum of both)", stft_loss),
    ("mel STFT", lambda x, t, **kw: mel_stft_loss(x, t, sr=SR, **kw)),
]
#: The mel loss keeps its 128 bands; at n_fft = 256 (129 bins) some would be empty, so
#: that point is left out (NaN) rather than changing the filter bank.
MEL_MIN_N_FFT = 512


@functools.cache
def _resolution_table() -> np.ndarray:
    y = _references()["speech"]
    noise = _useless("speech")
    out = np.full((len(RESOLUTION_CHANGES), len(RESOLUTION_LOSSES), RESOLUTIONS.size), np.nan)
    for i, (_, kind, strength) in enumerate(RESOLUTION_CHANGES):
        estimate = perturb(y, SR, kind, strength)
        for j, (label, func) in enumerate(RESOLUTION_LOSSES):
            for k, n_fft in enumerate(RESOLUTIONS):
                if label == "mel STFT" and n_fft < MEL_MIN_N_FFT:
                    continue
                kw = {"n_fft": int(n_fft), "hop_length": int(n_fft) // 4, "win_length": int(n_fft)}
                out[i, j, k] = func(estimate, y, **kw) / func(noise, y, **kw)
    return out


def resolution_table() -> np.ndarray:
    """Normalised responses of the speech reference at several STFT resolutions.

    Returns
    -------
    np.ndarray, shape (len(RESOLUTION_CHANGES), len(RESOLUTION_LOSSES), len(RESOLUTIONS))
        Each loss at each resolution divided by its value for the white-noise estimate
        at the same resolution (the atlas's normalisation); NaN where the mel loss's
        128 bands do not fit (`n_fft < MEL_MIN_N_FFT`). Cached; a copy is returned.
    """
    return _resolution_table().copy()
