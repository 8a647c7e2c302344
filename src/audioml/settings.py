"""The site's three architecture settings, run end to end on one speech-denoising task.

The task: a shipped speech clip plus white Gaussian noise at a stated SNR (default
5 dB); the model must give back the clean speech. The models are deliberately small
-- closed-form least-squares fits in numpy that train in well under a second -- so
that every difference in the results comes from *where the phase comes from*, not
from model capacity:

| setting | model | phase of the output |
|---|---|---|
| 1 (linear, mel) | ridge regression: log-magnitude context -> mask | the noisy input's |
| 2 (linear, mel) | the same model's magnitude | (fast) Griffin-Lim, PGHI + Griffin-Lim |
| 3 | a linear FIR (Wiener) filter on the waveform | the model's own |
| oracle | the *clean* magnitude | the noisy input's, or reconstructed |

**Train and test material differ.** The models are fitted on `fox_female` and
`hearing` (a different voice and a different sentence), each mixed with its own noise
draws, and evaluated on `fox_male` with a separate noise draw. Everything is seeded:
the same arguments give the same bytes.

Each output is scored against the clean test clip with SI-SDR (`audioml.losses.si_sdr`,
waveform, phase-sensitive), the SI-SDR improvement over the noisy input, and the
spectral convergence of its STFT magnitude (`audioml.phase.spectral_convergence_db`,
phase-blind). `python -m audioml.settings --out FILE` writes that table as Markdown (the
site's is `docs/generated/settings_table.md`); without `--out` it is printed.

See the pages [Setting 1](../architectures/setting-1.md),
[Setting 2](../architectures/setting-2.md) and [Setting 3](../architectures/setting-3.md).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.linalg
import scipy.signal

from ._cli import OneLineParser
from ._validate import check_array, check_choice, check_int, check_real
from .errors import ParameterError
from .filterbanks import mel_filterbank
from .inverse import mel_to_stft
from .losses import si_sdr
from .phase import griffin_lim, spectral_convergence_db
from .signals import SPEECH_CLIPS, load_speech, make_rng, white_noise
from .spectral import istft, magphase, stft

__all__ = [
    "DEFAULTS",
    "PHASE_METHODS",
    "SETTINGS",
    "FIRFilter",
    "MaskModel",
    "Results",
    "Row",
    "Task",
    "add_noise",
    "default_results",
    "fit_fir_filter",
    "fit_mask_model",
    "main",
    "make_task",
    "reconstruct_phase",
    "render_table",
    "run_all",
    "run_settings",
]

#: Defaults of `run_all` / `run_settings`, printed in the generated table's header.
DEFAULTS = {"snr_db": 5.0, "seed": 0, "n_fft": 1024, "hop_length": 256}

#: Phase reconstruction methods of setting 2: name -> (griffin_lim momentum, init).
PHASE_METHODS = {
    "gla": (0.0, "random"),
    "fgla": (0.99, "random"),
    "pghi-gl": (0.99, "pghi"),
}

#: Row groups of the results table, in order.
SETTINGS = ("input", "1", "2", "3", "oracle")

#: Griffin-Lim iterations used by every setting-2 and oracle row.
N_ITER = 50
#: Mel bands of the mel-spectrogram variants.
N_MELS = 64
#: Frames of context on each side of the predicted frame (and bands/bins on each side).
CONTEXT_FRAMES = 2
CONTEXT_BINS = 1
#: Ridge penalty, relative to the mean diagonal of each bin's Gram matrix.
RIDGE = 1e-3
#: Taps of the setting-3 FIR filter (odd: centred, non-causal).
N_TAPS = 401
#: Noise draws per training clip.
TRAIN_DRAWS = 3
#: Floor added to magnitudes before taking logs (about -120 dB re full scale).
_FLOOR = 1e-6


# --------------------------------------------------------------------------------------
# the task
# --------------------------------------------------------------------------------------


# --8<-- [start:task]
def add_noise(
    clean: np.ndarray, *, snr_db: float, rng: np.random.Generator | int | None = None
) -> np.ndarray:
    """The clean signal plus white Gaussian noise at a given SNR over the whole signal.

    Parameters
    ----------
    clean : np.ndarray, shape (n,)
        The clean signal, finite, not silent.
    snr_db : float
        $10 \\log_{10}(P_\\text{clean} / P_\\text{noise})$ in dB, in [-30, 60].
    rng : np.random.Generator or int, optional
        Seeds the noise (`None`: seed 0).

    Returns
    -------
    np.ndarray, shape (n,)
        `clean + noise`, with the noise's mean power exactly `mean(clean**2) / 10**(snr_db/10)`.

    Raises
    ------
    ParameterError
        `snr_db` outside [-30, 60], a silent or non-finite `clean`.

    Examples
    --------
    >>> s = np.sin(np.linspace(0, 100, 1000))
    >>> x = add_noise(s, snr_db=5.0, rng=1)
    >>> round(float(10 * np.log10(np.mean(s**2) / np.mean((x - s) ** 2))), 6)
    5.0
    """
    clean = check_array("clean", clean, ndim=1, min_size=2)
    snr_db = check_real("snr_db", snr_db, low=-30.0, high=60.0)
    power = float(np.mean(clean**2))
    if power == 0.0:
        raise ParameterError("clean must not be silent: the SNR divides by its power")
    noise = white_noise(sr=1.0, duration=float(clean.size), amplitude=1.0, rng=make_rng(rng))
    noise *= np.sqrt(power / 10 ** (snr_db / 10) / np.mean(noise**2))
    return clean + noise


# --8<-- [end:task]


@dataclass(frozen=True)
class Task:
    """A denoising task: training pairs and one test pair, all at `sr` Hz.

    Attributes
    ----------
    sr : int
        Sampling rate (22050 Hz, the shipped clips').
    snr_db : float
        SNR of every noisy signal.
    train_clean, train_noisy : tuple of np.ndarray
        Training pairs (the same clean clip appears once per noise draw).
    clean, noisy : np.ndarray
        The test pair.
    train_names
        The shipped clips used.
    test_name
        The shipped clips used.
    """

    sr: int
    snr_db: float
    train_clean: tuple[np.ndarray, ...]
    train_noisy: tuple[np.ndarray, ...]
    clean: np.ndarray
    noisy: np.ndarray
    train_names: tuple[str, ...]
    test_name: str


def make_task(
    *,
    snr_db: float = 5.0,
    seed: int = 0,
    train: Sequence[str] = ("fox_female", "hearing"),
    test: str = "fox_male",
    draws: int = TRAIN_DRAWS,
) -> Task:
    """Build the denoising task: noisy training clips and a separate noisy test clip.

    Parameters
    ----------
    snr_db : float
        SNR of every mixture, in [-30, 60] dB.
    seed : int
        Seeds all noise, `>= 0`. The test noise and the training noise come from
        independent streams (`numpy.random.SeedSequence(seed).spawn`).
    train : sequence of str
        Shipped clips to train on (see `audioml.signals.SPEECH_CLIPS`).
    test : str
        The shipped clip to test on; must not be one of `train`.
    draws : int
        Noise draws per training clip, `>= 1`.

    Returns
    -------
    Task

    Raises
    ------
    ParameterError
        Bad SNR or seed, unknown clip names, an empty `train`, `test` in `train`.

    Examples
    --------
    >>> task = make_task()
    >>> task.sr, task.test_name, len(task.train_noisy)
    (22050, 'fox_male', 6)
    """
    snr_db = check_real("snr_db", snr_db, low=-30.0, high=60.0)
    seed = check_int("seed", seed, low=0)
    draws = check_int("draws", draws, low=1)
    train = tuple(train)
    if not train:
        raise ParameterError("train must name at least one clip; got an empty sequence")
    for name in train:
        check_choice("train", name, tuple(SPEECH_CLIPS))
    check_choice("test", test, tuple(SPEECH_CLIPS))
    if test in train:
        raise ParameterError(f"test={test!r} must not be one of train={train}: test on unseen data")
    test_seq, train_seq = np.random.SeedSequence(seed).spawn(2)
    clean, sr = load_speech(test)
    noisy = add_noise(clean, snr_db=snr_db, rng=np.random.default_rng(test_seq))
    train_rng = np.random.default_rng(train_seq)
    train_clean, train_noisy = [], []
    for name in train:
        y, _ = load_speech(name)
        for _ in range(draws):
            train_clean.append(y)
            train_noisy.append(add_noise(y, snr_db=snr_db, rng=train_rng))
    return Task(sr, snr_db, tuple(train_clean), tuple(train_noisy), clean, noisy, train, test)


# --------------------------------------------------------------------------------------
# settings 1 and 2: a mask model on (mel) log-magnitudes
# --------------------------------------------------------------------------------------


# --8<-- [start:features]
def _context(log_mag: np.ndarray) -> np.ndarray:
    """Features per (bin, frame): the log-magnitudes around it, plus a constant 1.

    Returns shape (n_bins, n_frames, n_features) with n_features =
    (2 CONTEXT_BINS + 1)(2 CONTEXT_FRAMES + 1) + 1; edges repeat the outermost value.
    """
    b, f = CONTEXT_BINS, CONTEXT_FRAMES
    padded = np.pad(log_mag, ((b, b), (f, f)), mode="edge")
    n_bins, n_frames = log_mag.shape
    columns = [
        padded[b + db : b + db + n_bins, f + df : f + df + n_frames]
        for db in range(-b, b + 1)
        for df in range(-f, f + 1)
    ]
    columns.append(np.ones_like(log_mag))
    return np.stack(columns, axis=-1)


# --8<-- [end:features]


@dataclass(frozen=True)
class MaskModel:
    """A fitted mask model: one ridge regression per frequency bin (or mel band).

    Attributes
    ----------
    domain : {"linear", "mel"}
        Whether it predicts a mask per STFT bin or per mel band.
    weights : np.ndarray, shape (n_bands, n_features)
        Regression weights of each bin or band.
    filterbank : np.ndarray or None, shape (n_mels, 1 + n_fft // 2)
        The mel filter bank (mel domain only).
    n_fft, hop_length : int
        The STFT the model was fitted on.
    """

    domain: str
    weights: np.ndarray
    filterbank: np.ndarray | None
    n_fft: int
    hop_length: int

    def bands(self, magnitude: np.ndarray) -> np.ndarray:
        """The model's input representation: the magnitude itself, or its mel bands."""
        return magnitude if self.filterbank is None else self.filterbank @ magnitude

    # --8<-- [start:predict]
    def predict_mask(self, magnitude: np.ndarray) -> np.ndarray:
        """Mask in [0, 1] per bin (linear) or per mel band (mel) for a noisy magnitude.

        Parameters
        ----------
        magnitude : np.ndarray, shape (1 + n_fft // 2, n_frames)
            The noisy STFT magnitude.
        """
        features = _context(np.log(self.bands(magnitude) + _FLOOR))
        mask = np.einsum("btf,bf->bt", features, self.weights)
        return np.clip(mask, 0.0, 1.0)

    def spread(self, mel_mask: np.ndarray) -> np.ndarray:
        """Spread a mel-band mask back to STFT bins with the normalised transposed bank.

        Bin $k$ gets $\\sum_b F_{bk}\\, m_b / \\sum_b F_{bk}$, the average of the masks of
        the bands that cover it, weighted by the filter bank; bins no band covers
        (0 Hz and the Nyquist bin with `fmin=0`) get mask 0.
        """
        F = self.filterbank
        coverage = F.sum(axis=0)
        return (F.T @ mel_mask) / np.where(coverage > 0, coverage, np.inf)[:, None]

    # --8<-- [end:predict]


# --8<-- [start:fit]
def fit_mask_model(
    noisy: Sequence[np.ndarray],
    clean: Sequence[np.ndarray],
    *,
    sr: float,
    domain: str = "linear",
    n_fft: int = 1024,
    hop_length: int = 256,
    n_mels: int = N_MELS,
    ridge: float = RIDGE,
) -> MaskModel:
    """Fit the mask model of settings 1 and 2 by ridge regression, one per bin or band.

    Parameters
    ----------
    noisy, clean : sequence of np.ndarray, each shape (n_i,)
        Training pairs, same lengths pairwise.
    sr : float
        Sampling rate in Hz (for the mel filter bank).
    domain : {"linear", "mel"}
        Predict a mask per STFT bin, or per mel band of an `n_mels`-band filter bank.
    n_fft
        The STFT (Hann window, `center=True`).
    hop_length
        The STFT (Hann window, `center=True`).
    n_mels : int
        Mel bands of the mel domain, `>= 1`.
    ridge : float
        Penalty $\\lambda$, relative to the mean diagonal of each Gram matrix, `> 0`.

    Returns
    -------
    MaskModel

    Raises
    ------
    ParameterError
        Unknown `domain`, bad sizes, empty or mismatched training lists.

    Notes
    -----
    For bin (or band) $b$, the features $\\phi_{b,t}$ are the log-magnitudes of the
    $3 \\times 5$ neighbourhood of $(b, t)$ in the noisy input plus a constant; the target
    is the clipped ideal amplitude mask $y_{b,t} = \\min(|S_{b,t}| / |X_{b,t}|, 1)$
    (clean over noisy). The weights solve $(\\Phi_b^\\top \\Phi_b + \\lambda I) w_b =
    \\Phi_b^\\top y_b$, and a prediction is clipped to [0, 1].

    Examples
    --------
    >>> task = make_task(draws=1)
    >>> model = fit_mask_model(task.train_noisy, task.train_clean, sr=task.sr)
    >>> model.weights.shape
    (513, 16)
    """
    check_choice("domain", domain, ("linear", "mel"))
    n_fft = check_int("n_fft", n_fft, low=16)
    hop_length = check_int("hop_length", hop_length, low=1, high=n_fft)
    n_mels = check_int("n_mels", n_mels, low=1)
    ridge = check_real("ridge", ridge, low=0, low_open=True)
    noisy, clean = list(noisy), list(clean)
    if not noisy or len(noisy) != len(clean):
        raise ParameterError(
            f"noisy and clean must be non-empty lists of the same length; got {len(noisy)} "
            f"and {len(clean)}"
        )
    bank = mel_filterbank(sr=sr, n_fft=n_fft, n_mels=n_mels) if domain == "mel" else None
    model = MaskModel(domain, np.zeros(0), bank, n_fft, hop_length)
    features, targets = [], []
    for i, (x, s) in enumerate(zip(noisy, clean, strict=True)):
        x = check_array(f"noisy[{i}]", x, ndim=1)
        s = check_array(f"clean[{i}]", s, ndim=1)
        if x.shape != s.shape:
            raise ParameterError(f"noisy[{i}] and clean[{i}] must have the same shape")
        X = model.bands(np.abs(stft(x, n_fft=n_fft, hop_length=hop_length)))
        S = model.bands(np.abs(stft(s, n_fft=n_fft, hop_length=hop_length)))
        features.append(_context(np.log(X + _FLOOR)))
        targets.append(np.minimum(S / np.maximum(X, _FLOOR), 1.0))
    phi = np.concatenate(features, axis=1)  # (n_bands, n_frames_total, n_features)
    y = np.concatenate(targets, axis=1)
    gram = np.einsum("btf,btg->bfg", phi, phi)
    penalty = ridge * np.trace(gram, axis1=1, axis2=2) / gram.shape[-1]
    gram += penalty[:, None, None] * np.eye(gram.shape[-1])
    weights = np.linalg.solve(gram, np.einsum("btf,bt->bf", phi, y)[..., None])[..., 0]
    return MaskModel(domain, weights, bank, n_fft, hop_length)


# --8<-- [end:fit]


# --------------------------------------------------------------------------------------
# setting 2: phase reconstruction
# --------------------------------------------------------------------------------------


# --8<-- [start:reconstruct]
def reconstruct_phase(
    magnitude: np.ndarray,
    *,
    method: str,
    n_fft: int,
    hop_length: int,
    length: int,
    n_iter: int = N_ITER,
    rng: np.random.Generator | int | None = None,
) -> np.ndarray:
    """A waveform for a magnitude spectrogram, by one of the setting-2 methods.

    Parameters
    ----------
    magnitude : np.ndarray, shape (1 + n_fft // 2, n_frames)
        Target STFT magnitude.
    method : str
        `"gla"`, `"fgla"` or `"pghi-gl"`: classic Griffin-Lim (momentum 0, random
        initial phase), fast Griffin-Lim (momentum 0.99, random initial phase), or fast
        Griffin-Lim started from PGHI.
    n_fft : int
        FFT length in samples of the STFT that gave `magnitude` (Hann window, centred).
    hop_length : int
        Samples between its frames.
    length : int
        Length of the output waveform in samples.
    n_iter : int
        Griffin-Lim iterations (default `N_ITER`, 50).
    rng : np.random.Generator or int, optional
        Seeds the random initial phase.

    Returns
    -------
    np.ndarray, shape (length,)

    Raises
    ------
    ParameterError
        Unknown `method`, or what `audioml.phase.griffin_lim` refuses.

    Examples
    --------
    >>> from audioml.signals import harmonic_tone
    >>> y = harmonic_tone(220, duration=0.5)
    >>> S = np.abs(stft(y, n_fft=512, hop_length=128))
    >>> y_hat = reconstruct_phase(S, method="pghi-gl", n_fft=512, hop_length=128, length=len(y))
    >>> S_hat = np.abs(stft(y_hat, n_fft=512, hop_length=128))
    >>> spectral_convergence_db(S, S_hat) < -25
    True
    """
    check_choice("method", method, tuple(PHASE_METHODS))
    momentum, init = PHASE_METHODS[method]
    return griffin_lim(
        magnitude,
        n_iter=n_iter,
        n_fft=n_fft,
        hop_length=hop_length,
        momentum=momentum,
        init=init,
        rng=rng,
        length=length,
    )


# --8<-- [end:reconstruct]


# --------------------------------------------------------------------------------------
# setting 3: an FIR (Wiener) filter on the waveform
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FIRFilter:
    """A fitted setting-3 model: a centred (non-causal) FIR filter.

    Attributes
    ----------
    taps : np.ndarray, shape (n_taps,)
        Impulse response; tap `n_taps // 2` is time 0.
    """

    taps: np.ndarray

    # --8<-- [start:fir_apply]
    def __call__(self, noisy: np.ndarray) -> np.ndarray:
        """Filter a waveform: same length out, centred (zero delay)."""
        noisy = check_array("noisy", noisy, ndim=1)
        return scipy.signal.oaconvolve(noisy, self.taps, mode="same")

    # --8<-- [end:fir_apply]


# --8<-- [start:fir_fit]
def fit_fir_filter(
    noisy: Sequence[np.ndarray], clean: Sequence[np.ndarray], *, n_taps: int = N_TAPS
) -> FIRFilter:
    """Fit the setting-3 model: the FIR filter that best maps noisy to clean waveforms.

    Parameters
    ----------
    noisy, clean : sequence of np.ndarray, each shape (n_i,)
        Training pairs, same lengths pairwise.
    n_taps : int
        Filter length, odd, in [3, 4001]; the filter is centred (non-causal).

    Returns
    -------
    FIRFilter

    Raises
    ------
    ParameterError
        Even or out-of-range `n_taps`, empty or mismatched training lists.

    Notes
    -----
    Minimises $\\sum_i \\lVert s_i - h * x_i \\rVert^2$ over the taps $h[-K..K]$
    (least squares, the finite Wiener filter): the normal equations are the
    Toeplitz system $R h = r$ with $R$ the noisy signals' autocorrelation and $r$
    the noisy-clean cross-correlation at lags $-2K..2K$, solved by Levinson recursion
    (`scipy.linalg.solve_toeplitz`). A one-layer linear convolutional network trained
    with the MSE loss converges to the same filter.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> s = rng.standard_normal(4000)
    >>> model = fit_fir_filter([s + 0.0], [0.5 * s], n_taps=5)
    >>> np.round(model.taps, 6).tolist()
    [0.0, 0.0, 0.5, 0.0, 0.0]
    """
    n_taps = check_int("n_taps", n_taps, low=3, high=4001)
    if n_taps % 2 == 0:
        raise ParameterError(f"n_taps must be odd (a centred filter); got {n_taps}")
    noisy, clean = list(noisy), list(clean)
    if not noisy or len(noisy) != len(clean):
        raise ParameterError(
            f"noisy and clean must be non-empty lists of the same length; got {len(noisy)} "
            f"and {len(clean)}"
        )
    half = n_taps // 2
    auto = np.zeros(n_taps)
    cross = np.zeros(n_taps)  # cross[j] = sum_n s[n] x[n - (j - half)]
    for i, (x, s) in enumerate(zip(noisy, clean, strict=True)):
        x = check_array(f"noisy[{i}]", x, ndim=1, min_size=n_taps)
        s = check_array(f"clean[{i}]", s, ndim=1, min_size=n_taps)
        if x.shape != s.shape:
            raise ParameterError(f"noisy[{i}] and clean[{i}] must have the same shape")
        full_auto = scipy.signal.correlate(x, x, mode="full", method="fft")
        full_cross = scipy.signal.correlate(s, x, mode="full", method="fft")
        mid = x.size - 1
        auto += full_auto[mid : mid + n_taps]
        cross += full_cross[mid - half : mid + half + 1]
    taps = scipy.linalg.solve_toeplitz(auto, cross)
    return FIRFilter(taps)


# --8<-- [end:fir_fit]


# --------------------------------------------------------------------------------------
# running everything
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One row of the results table.

    Attributes
    ----------
    key : str
        Short identifier (also the clip's name on the site), e.g. `"s1_linear"`.
    setting : str
        One of `SETTINGS`: "input", "1", "2", "3", "oracle".
    magnitude : str
        Where the output magnitude comes from.
    phase : str
        Where the output phase comes from.
    si_sdr_db : float
        SI-SDR of the output against the clean clip, dB.
    improvement_db : float
        `si_sdr_db` minus the noisy input's SI-SDR, dB.
    spectral_convergence_db : float
        Of the output's STFT magnitude against the clean one, dB (lower is better).
    """

    key: str
    setting: str
    magnitude: str
    phase: str
    si_sdr_db: float
    improvement_db: float
    spectral_convergence_db: float


@dataclass(frozen=True)
class Results:
    """Everything `run_settings` computed: the task, the models, the outputs and rows.

    Attributes
    ----------
    task : Task
    params : dict
        The arguments of the run.
    outputs : dict of str to np.ndarray
        Output waveform of every row, by `Row.key` (the noisy input is `"noisy"`).
    rows : list of Row
    models : dict
        `"linear"`, `"mel"` (`MaskModel`) and `"fir"` (`FIRFilter`).
    """

    task: Task
    params: dict
    outputs: dict[str, np.ndarray]
    rows: list[Row]
    models: dict = field(repr=False)


def _score(key, setting, magnitude, phase, y, clean, noisy_score, n_fft, hop_length) -> Row:
    reference = np.abs(stft(clean, n_fft=n_fft, hop_length=hop_length))
    estimate = np.abs(stft(y, n_fft=n_fft, hop_length=hop_length))
    score = si_sdr(y, clean)
    base = score if noisy_score is None else noisy_score
    sc = spectral_convergence_db(reference, estimate)
    return Row(key, setting, magnitude, phase, score, score - base, sc)


def _check_run(snr_db: float, seed: int, n_fft: int, hop_length: int) -> tuple:
    """The arguments of `run_settings`, checked (also for the command line, before a run)."""
    snr_db = check_real("snr_db", snr_db, low=-30.0, high=60.0)
    seed = check_int("seed", seed, low=0)
    n_fft = check_int("n_fft", n_fft, low=64, high=8192)
    hop_length = check_int("hop_length", hop_length, low=1, high=n_fft // 2, high_name="n_fft // 2")
    return snr_db, seed, n_fft, hop_length


def run_settings(
    *, snr_db: float = 5.0, seed: int = 0, n_fft: int = 1024, hop_length: int = 256
) -> Results:
    """Train the small models and run every setting on the test clip.

    Parameters
    ----------
    snr_db : float
        SNR of the noisy mixtures, in [-30, 60] dB.
    seed : int
        Seeds the noise and the random initial phases, `>= 0`.
    n_fft : int
        FFT length in samples of the STFT every setting uses (Hann window,
        `center=True`), in [64, 8192].
    hop_length : int
        Samples between the frames of that STFT, in [1, n_fft // 2]: at least 50 %
        overlap, so that Griffin-Lim has overlap to work with.

    Returns
    -------
    Results
        The outputs and the table rows (see `run_all`).

    Raises
    ------
    ParameterError
        Any argument outside its range.
    """
    snr_db, seed, n_fft, hop_length = _check_run(snr_db, seed, n_fft, hop_length)
    task = make_task(snr_db=snr_db, seed=seed)
    sr, clean, noisy, n = task.sr, task.clean, task.noisy, task.clean.size
    geometry = {"n_fft": n_fft, "hop_length": hop_length}

    linear = fit_mask_model(task.train_noisy, task.train_clean, sr=sr, domain="linear", **geometry)
    mel = fit_mask_model(task.train_noisy, task.train_clean, sr=sr, domain="mel", **geometry)
    fir = fit_fir_filter(task.train_noisy, task.train_clean)

    # --8<-- [start:pipelines]
    X = stft(noisy, **geometry)
    noisy_mag, noisy_phase = magphase(X)  # |X| and exp(i angle X)
    clean_mag = np.abs(stft(clean, **geometry))

    # Setting 1: mask the magnitude, keep the noisy phase.
    lin_mag = linear.predict_mask(noisy_mag) * noisy_mag
    mel_mag = mel.spread(mel.predict_mask(noisy_mag)) * noisy_mag
    outputs = {
        "noisy": noisy,
        "s1_linear": istft(lin_mag * noisy_phase, **geometry, length=n),
        "s1_mel": istft(mel_mag * noisy_phase, **geometry, length=n),
    }

    # Setting 2: the same magnitudes, phase thrown away and rebuilt.
    for method in PHASE_METHODS:
        outputs[f"s2_linear_{method}"] = reconstruct_phase(
            lin_mag, method=method, **geometry, length=n, rng=seed
        )
    # Mel variant: predicted clean mel magnitude -> linear magnitude (NNLS) -> PGHI + GL.
    clean_mel = mel.predict_mask(noisy_mag) * mel.bands(noisy_mag)
    mel_inverted = mel_to_stft(clean_mel, sr=sr, n_fft=n_fft, power=1.0)
    outputs["s2_mel_pghi-gl"] = reconstruct_phase(
        mel_inverted, method="pghi-gl", **geometry, length=n, rng=seed
    )

    # Setting 3: waveform in, waveform out.
    outputs["s3_fir"] = fir(noisy)

    # Oracles: the clean magnitude with the noisy phase, or with a rebuilt phase.
    outputs["oracle_noisy_phase"] = istft(clean_mag * noisy_phase, **geometry, length=n)
    for method in ("fgla", "pghi-gl"):
        outputs[f"oracle_{method}"] = reconstruct_phase(
            clean_mag, method=method, **geometry, length=n, rng=seed
        )
    # ... and the clean *mel* magnitude, inverted like the mel model's output.
    oracle_mel = mel_to_stft(mel.bands(clean_mag), sr=sr, n_fft=n_fft, power=1.0)
    outputs["oracle_mel_pghi-gl"] = reconstruct_phase(
        oracle_mel, method="pghi-gl", **geometry, length=n, rng=seed
    )
    # --8<-- [end:pipelines]

    labels = {
        "noisy": ("input", "noisy input", "noisy input"),
        "s1_linear": ("1", "linear mask model", "noisy input"),
        "s1_mel": ("1", "mel mask model", "noisy input"),
        "s2_linear_gla": ("2", "linear mask model", "Griffin-Lim (momentum 0)"),
        "s2_linear_fgla": ("2", "linear mask model", "fast Griffin-Lim (0.99)"),
        "s2_linear_pghi-gl": ("2", "linear mask model", "PGHI + fast Griffin-Lim"),
        "s2_mel_pghi-gl": ("2", "mel model, NNLS inverse", "PGHI + fast Griffin-Lim"),
        "s3_fir": ("3", "FIR Wiener filter (waveform)", "the model (implicit)"),
        "oracle_noisy_phase": ("oracle", "clean magnitude", "noisy input"),
        "oracle_fgla": ("oracle", "clean magnitude", "fast Griffin-Lim (0.99)"),
        "oracle_pghi-gl": ("oracle", "clean magnitude", "PGHI + fast Griffin-Lim"),
        "oracle_mel_pghi-gl": ("oracle", "clean mel, NNLS inverse", "PGHI + fast Griffin-Lim"),
    }
    noisy_score = si_sdr(noisy, clean)
    rows = [
        _score(key, *labels[key], outputs[key], clean, noisy_score, n_fft, hop_length)
        for key in labels
    ]
    params = {"snr_db": snr_db, "seed": seed, "n_fft": n_fft, "hop_length": hop_length}
    models = {"linear": linear, "mel": mel, "fir": fir}
    return Results(task, params, outputs, rows, models)


@functools.cache
def default_results() -> Results:
    """`run_settings(**DEFAULTS)`, computed once per process.

    The figures, the clips and their alt texts all quote this one run (a few seconds), so
    they share it instead of each running it again.

    Returns
    -------
    Results
        The run at `DEFAULTS` (5 dB SNR, seed 0, `n_fft=1024`, `hop_length=256`); the same
        object on every call, so treat it as read-only.
    """
    return run_settings(**DEFAULTS)


def run_all(
    *, snr_db: float = 5.0, seed: int = 0, n_fft: int = 1024, hop_length: int = 256
) -> list[Row]:
    """Run the three settings and the oracles on the denoising task; one `Row` each.

    Parameters
    ----------
    snr_db : float
        SNR of the noisy mixtures, in [-30, 60] dB.
    seed : int
        Seeds the noise and the random initial phases, `>= 0`.
    n_fft : int
        FFT length in samples of the STFT every setting uses (Hann window,
        `center=True`), in [64, 8192].
    hop_length : int
        Samples between the frames of that STFT, in [1, n_fft // 2].

    Returns
    -------
    list of Row
        In order: the noisy input; setting 1 (linear, mel); setting 2 (linear with
        Griffin-Lim, fast Griffin-Lim and PGHI + fast Griffin-Lim; mel with NNLS
        inversion and PGHI + fast Griffin-Lim); setting 3 (FIR filter); the oracles
        (clean magnitude with the noisy phase, with fast Griffin-Lim, with PGHI + fast
        Griffin-Lim).

    Raises
    ------
    ParameterError
        Any argument outside its range.

    Notes
    -----
    One run takes a few seconds (two mask models, one FIR filter, seven Griffin-Lim
    runs of `N_ITER` iterations, two mel inversions). The site's table
    `docs/generated/settings_table.md` is `render_table(run_all(**DEFAULTS))` with a
    header; a test checks that the committed file equals a fresh run.

    Examples
    --------
    >>> DEFAULTS
    {'snr_db': 5.0, 'seed': 0, 'n_fft': 1024, 'hop_length': 256}
    """
    return run_settings(snr_db=snr_db, seed=seed, n_fft=n_fft, hop_length=hop_length).rows


# --8<-- [start:table]
def render_table(rows: Sequence[Row]) -> str:
    """The results as a Markdown table (one line per row, numbers to 0.1 dB).

    Raises
    ------
    ParameterError
        `rows` empty or not `Row` objects.

    Examples
    --------
    >>> row = Row("noisy", "input", "noisy input", "noisy input", 5.0, 0.0, -3.0)
    >>> print(render_table([row]).splitlines()[2])
    | input | noisy input | noisy input | 5.0 | +0.0 | -3.0 |
    """
    rows = list(rows)
    if not rows or not all(isinstance(row, Row) for row in rows):
        raise ParameterError("rows must be a non-empty list of Row objects")
    lines = [
        "| setting | magnitude from | phase from | SI-SDR (dB) | SI-SDR improvement (dB) "
        "| spectral convergence (dB) |",
        "|---|---|---|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.setting} | {row.magnitude} | {row.phase} | {row.si_sdr_db:.1f} "
            f"| {row.improvement_db:+.1f} | {row.spectral_convergence_db:.1f} |"
        )
    return "\n".join(lines)


# --8<-- [end:table]


def _document(results: Results) -> str:
    p, task = results.params, results.task
    trained_on = " and ".join(f"`{name}`" for name in task.train_names)
    header = (
        "<!-- Generated by `python -m audioml.settings --out FILE`; do not edit. -->\n\n"
        f"Task: `{task.test_name}` (test) plus white Gaussian noise at {p['snr_db']:g} dB "
        f"SNR (seed {p['seed']}); models trained on {trained_on} "
        f"with {TRAIN_DRAWS} noise draws each. STFT: Hann window, n_fft={p['n_fft']}, "
        f"hop_length={p['hop_length']}, center=True, sr={task.sr} Hz. Mask models: ridge "
        f"regression on {2 * CONTEXT_BINS + 1} x {2 * CONTEXT_FRAMES + 1} log-magnitude "
        f"context (mel: {N_MELS} bands). Griffin-Lim: {N_ITER} iterations. Setting 3: "
        f"{N_TAPS}-tap FIR filter fitted by least squares. SI-SDR against the clean clip; "
        "spectral convergence of the output's STFT magnitude against the clean one.\n\n"
    )
    return header + render_table(results.rows) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m audioml.settings`: print or write the results table."""
    parser = OneLineParser(
        prog="python -m audioml.settings", description="Run the three architecture settings."
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="Markdown file to write (default: print it)"
    )
    parser.add_argument(
        "--snr-db",
        type=float,
        default=DEFAULTS["snr_db"],
        metavar="DB",
        help="SNR of the noisy mixtures in dB, in [-30, 60] (default: %(default)s)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULTS["seed"],
        metavar="N",
        help="seed of the noise and the initial phases, >= 0 (default: %(default)s)",
    )
    parser.add_argument(
        "--n-fft",
        type=int,
        default=DEFAULTS["n_fft"],
        metavar="N",
        help="FFT length of every setting's STFT, in [64, 8192] (default: %(default)s)",
    )
    parser.add_argument(
        "--hop-length",
        type=int,
        default=DEFAULTS["hop_length"],
        metavar="N",
        help="hop of that STFT, in [1, n_fft // 2] (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    options = {
        "snr_db": args.snr_db,
        "seed": args.seed,
        "n_fft": args.n_fft,
        "hop_length": args.hop_length,
    }
    try:  # the ranges, before the minutes of running
        _check_run(**options)
    except ParameterError as exc:
        name = str(exc).split(" ", 1)[0]
        parser.error(f"argument --{name.replace('_', '-')}: {exc}")
    path = args.out
    if path is not None:  # refuse an unwritable --out before the minutes of running
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8"):  # a folder fails here; touch() would not
                pass
        except OSError as exc:
            return _cannot_write(parser.prog, path, exc)
    text = _document(run_settings(**options))
    if path is None:
        sys.stdout.write(text)
        return 0
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:  # e.g. the disk filled up during the run
        return _cannot_write(parser.prog, path, exc)
    print(f"wrote {path}")
    return 0


def _cannot_write(prog: str, path: Path, exc: OSError) -> int:
    print(f"{prog}: error: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
    return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
