"""Musical pitch and the features pipelines build on it: MIDI, cents, note names, CQT, chroma, MFCC.

Musical pitch is a logarithmic scale of frequency: every doubling is one octave of 12
equal-tempered semitones of 100 cents each, whatever the frequency. The functions here
convert between hertz, MIDI note numbers, cents and note names (equal to librosa's), compute
a constant-Q transform directly from its definition (one kernel per bin), fold spectra onto
the 12 pitch classes (chroma, with librosa's filter banks) and turn a log-mel spectrogram
into MFCCs (orthonormal DCT-II, as librosa).

See the page [Musical pitch and the features pipelines use](../hearing/musical-pitch.md).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import numpy as np
import scipy.signal
from numpy.typing import ArrayLike

from ._validate import (
    MAX_LENGTH,
    check_array,
    check_bool,
    check_int,
    check_length,
    check_real,
    describe,
    scalar_or_array,
)
from .errors import ParameterError
from .spectral import stft

__all__ = [
    "A4_HZ",
    "C1_HZ",
    "MAX_CQT_BINS",
    "cents",
    "chroma_cqt",
    "chroma_filterbank",
    "chroma_stft",
    "cqt",
    "cqt_frequencies",
    "cqt_lengths",
    "cqt_to_chroma",
    "dct_basis",
    "hz_to_midi",
    "mfcc",
    "midi_to_hz",
    "midi_to_note",
    "note_to_midi",
]

#: Concert pitch: A4, MIDI note 69, in Hz.
A4_HZ = 440.0
#: C1 (MIDI 24), librosa's default lowest CQT frequency, in Hz (32.703...).
C1_HZ = A4_HZ * 2.0 ** ((24 - 69) / 12)
#: Most CQT bins one call may ask for (each bin is one convolution of the whole signal).
MAX_CQT_BINS = 1024

#: Effective bandwidth of the Hann window in FFT bins (librosa's WINDOW_BANDWIDTHS["hann"]).
_HANN_BANDWIDTH = 1.50018310546875

_SHARP_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
_NOTE = re.compile(
    r"^(?P<note>[A-Ga-g])(?P<accidental>[#♯𝄪b!♭𝄫♮n]*)(?P<octave>[+-]?\d+)?(?P<cents>[+-]\d+)?$"
)
_PITCH_CLASS = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
_ACCIDENTAL = {"#": 1, "♯": 1, "𝄪": 2, "b": -1, "!": -1, "♭": -1, "𝄫": -2, "♮": 0, "n": 0}


# --8<-- [start:hz_to_midi_def]
def hz_to_midi(f: ArrayLike) -> float | np.ndarray:
    # --8<-- [end:hz_to_midi_def]
    """Convert frequencies in Hz to (fractional) MIDI note numbers.

    Parameters
    ----------
    f : float or array_like, any shape
        Frequencies in Hz, `f > 0`.

    Returns
    -------
    float or np.ndarray
        MIDI note numbers (A4 = 440 Hz is 69, middle C is 60), same shape as `f`.

    Raises
    ------
    ParameterError
        If `f <= 0`, NaN or infinite.

    Notes
    -----
    $p = 69 + 12 \\log_2(f / 440\\ \\text{Hz})$: one unit is an equal-tempered semitone,
    12 units an octave. Computed as librosa does, `12 * (log2(f) - log2(440)) + 69`, so the
    results are equal to `librosa.hz_to_midi` to the last bit. Source: the MIDI 1.0
    specification's note numbers with A4 = 440 Hz (ISO 16:1975 concert pitch).

    See the page [Musical pitch](../hearing/musical-pitch.md).

    Examples
    --------
    >>> hz_to_midi(440.0)
    69.0
    >>> hz_to_midi([261.6255653, 880.0]).round(6).tolist()
    [60.0, 81.0]
    """
    # --8<-- [start:hz_to_midi_body]
    f = check_array("f", f, low=0.0, low_open=True)
    return scalar_or_array(12.0 * (np.log2(f) - np.log2(A4_HZ)) + 69.0)
    # --8<-- [end:hz_to_midi_body]


# --8<-- [start:midi_to_hz_def]
def midi_to_hz(midi: ArrayLike) -> float | np.ndarray:
    # --8<-- [end:midi_to_hz_def]
    """Convert MIDI note numbers (fractional allowed) to frequencies in Hz.

    Parameters
    ----------
    midi : float or array_like, any shape
        MIDI note numbers, at most 16,000 (beyond it the frequency overflows float64).

    Returns
    -------
    float or np.ndarray
        Frequencies in Hz, same shape as `midi`.

    Raises
    ------
    ParameterError
        If `midi` is NaN, infinite or above 16,000.

    Notes
    -----
    $f = 440\\ \\text{Hz} \\cdot 2^{(p - 69)/12}$, the inverse of `hz_to_midi`, computed as
    librosa does (`440 * 2 ** ((p - 69) / 12)`).

    See the page [Musical pitch](../hearing/musical-pitch.md).

    Examples
    --------
    >>> midi_to_hz(69)
    440.0
    >>> round(midi_to_hz(60), 4)
    261.6256
    """
    # --8<-- [start:midi_to_hz_body]
    midi = check_array("midi", midi, high=16000.0)
    return scalar_or_array(A4_HZ * (2.0 ** ((midi - 69.0) / 12.0)))
    # --8<-- [end:midi_to_hz_body]


# --8<-- [start:cents_def]
def cents(f: ArrayLike, *, ref: float = A4_HZ) -> float | np.ndarray:
    # --8<-- [end:cents_def]
    """The interval from `ref` to `f` in cents (100 cents = one equal-tempered semitone).

    Parameters
    ----------
    f : float or array_like, any shape
        Frequencies in Hz, `f > 0`.
    ref : float
        The reference frequency in Hz, `ref > 0` (default A4 = 440 Hz).

    Returns
    -------
    float or np.ndarray
        $1200 \\log_2(f / \\text{ref})$, same shape as `f`: positive above `ref`.

    Raises
    ------
    ParameterError
        If `f` or `ref` is not a positive finite number.

    Notes
    -----
    $c = 1200 \\log_2(f_2 / f_1)$ (Ellis, "On the musical scales of various nations",
    *Journal of the Society of Arts* 33, 1885, who introduced the cent). An octave is
    1200 cents at every frequency: the scale is relative, like MIDI numbers (1 semitone
    = 100 cents), unlike mel.

    See the page [Musical pitch](../hearing/musical-pitch.md).

    Examples
    --------
    >>> cents(880.0)
    1200.0
    >>> round(cents(5 / 4, ref=1.0), 2)  # a just major third
    386.31
    """
    # --8<-- [start:cents_body]
    ref = check_real("ref", ref, low=0.0, low_open=True)
    f = check_array("f", f, low=0.0, low_open=True)
    return scalar_or_array(1200.0 * (np.log2(f) - np.log2(ref)))  # f / ref may overflow
    # --8<-- [end:cents_body]


def midi_to_note(
    midi: ArrayLike, *, octave: bool = True, cents: bool = False, unicode: bool = True
) -> str | np.ndarray:
    """Name the nearest equal-tempered note of MIDI numbers: 69 -> 'A4', 61 -> 'C♯4'.

    Parameters
    ----------
    midi : float or array_like, any shape
        MIDI note numbers, `0 <= midi <= 10,000` (MIDI 0 is C-1, 8.18 Hz).
    octave : bool
        Append the octave number (scientific pitch notation: middle C is C4).
    cents : bool
        Append the deviation from the named note in cents, e.g. 'A4+12' (needs `octave`).
    unicode : bool
        Spell sharps '♯' (librosa's default) or, if `False`, '#'.

    Returns
    -------
    str or np.ndarray of str
        One name for a scalar, an array of names (same shape) otherwise.

    Raises
    ------
    ParameterError
        If `midi` is outside the range, or `cents` is asked for without `octave`.

    Notes
    -----
    The note is `round(midi)` (NumPy rounds halves to even, as librosa); its pitch class is
    `note % 12` spelled with sharps (librosa's default key, C major), its octave
    `note // 12 - 1`. The cents are `round(100 (midi - note))`: where librosa truncates
    the float `100 * around(midi - note, 2)` (60.29 is 'C4+28' in librosa, 'C4+29' here),
    this function rounds; for every other input tested the names are equal to
    `librosa.midi_to_note`'s.

    See the page [Musical pitch](../hearing/musical-pitch.md).

    Examples
    --------
    >>> midi_to_note(69)
    'A4'
    >>> midi_to_note(61, unicode=False)
    'C#4'
    >>> midi_to_note(69.12, cents=True)
    'A4+12'
    >>> midi_to_note([60, 72, 73]).tolist()
    ['C4', 'C5', 'C♯5']
    """
    for name, value in (("octave", octave), ("cents", cents), ("unicode", unicode)):
        check_bool(name, value)
    if cents and not octave:
        raise ParameterError("cents=True needs octave=True (a deviation needs a named octave)")
    values = check_array("midi", midi, low=0.0, high=10000.0)

    def name_of(m: float) -> str:
        note = int(np.round(m))
        text = _SHARP_NAMES[note % 12]
        if unicode:
            text = text.replace("#", "♯")
        if octave:
            text += f"{note // 12 - 1:d}"
        if cents:
            text += f"{round(100 * (m - note)):+02d}"
        return text

    if values.ndim == 0:
        return name_of(float(values))
    return np.array([name_of(m) for m in values.ravel()]).reshape(values.shape)


def _one_note_to_midi(note: str, round_midi: bool) -> float | int:
    match = _NOTE.match(note)
    if not match:
        raise ParameterError(
            f"note must be a note name like 'A4', 'C#5', 'Eb3' or 'A4+12' (cents); "
            f"got {describe(note)}"
        )
    pitch = _PITCH_CLASS[match.group("note").upper()]
    offset = sum(_ACCIDENTAL[a] for a in match.group("accidental"))
    octave = int(match.group("octave") or 0)
    deviation = int(match.group("cents") or 0) * 1e-2
    value = 12 * (octave + 1) + pitch + offset + deviation
    return int(np.round(value)) if round_midi else value


def note_to_midi(note: str | Iterable[str], *, round_midi: bool = True) -> float | np.ndarray:
    """Convert note names ('A4', 'C#5', 'Db3', 'A4+12') to MIDI numbers, as librosa does.

    Parameters
    ----------
    note : str or iterable of str
        Note names: a letter A-G, accidentals (`#`, `♯`, `b`, `♭`, `!`, `𝄪`, `𝄫`, `♮`),
        an optional octave (default 0) and an optional deviation in cents (`+12`, `-5`).
    round_midi : bool
        Round to the nearest integer (librosa's default); `False` keeps the cents as a
        fraction.

    Returns
    -------
    int, float or np.ndarray
        The MIDI number (an int when `round_midi`), or an array of them for an iterable.

    Raises
    ------
    ParameterError
        If a name does not parse, or `round_midi` is not a bool.

    Notes
    -----
    $p = 12 (\\text{octave} + 1) + \\text{pitch class} + \\text{accidentals} +
    \\text{cents}/100$, with C = 0, D = 2, E = 4, F = 5, G = 7, A = 9, B = 11. 'B#3' and
    'C4' are both 60 (enharmonic spellings).

    See the page [Musical pitch](../hearing/musical-pitch.md).

    Examples
    --------
    >>> note_to_midi("A4"), note_to_midi("C#5"), note_to_midi("Db5")
    (69, 73, 73)
    >>> note_to_midi("A4+12", round_midi=False)
    69.12
    >>> note_to_midi(["C4", "G4"]).tolist()
    [60, 67]
    """
    check_bool("round_midi", round_midi)
    if isinstance(note, str):
        return _one_note_to_midi(note, round_midi)
    if isinstance(note, bytes | np.ndarray) and not (
        isinstance(note, np.ndarray) and note.dtype.kind == "U"
    ):
        raise ParameterError(f"note must be a str or an iterable of str; got {describe(note)}")
    try:
        names = list(note)
    except TypeError:
        raise ParameterError(
            f"note must be a str or an iterable of str; got {describe(note)}"
        ) from None
    if not names or not all(isinstance(n, str) for n in names):
        raise ParameterError(
            f"note must be a str or a non-empty iterable of str; got {describe(note)}"
        )
    return np.array([_one_note_to_midi(n, round_midi) for n in names])


# ------------------------------------------------------------------------------------------
# constant-Q transform
# ------------------------------------------------------------------------------------------


def _check_cqt_grid(n_bins, fmin, bins_per_octave, tuning) -> tuple[int, float, int, float]:
    n_bins = check_int("n_bins", n_bins, low=1, high=MAX_CQT_BINS)
    bins_per_octave = check_length("bins_per_octave", bins_per_octave)
    fmin = C1_HZ if fmin is None else check_real("fmin", fmin, low=0.0, low_open=True)
    tuning = check_real("tuning", tuning, low=-0.5, high=0.5)
    return n_bins, fmin, bins_per_octave, tuning


def cqt_frequencies(
    n_bins: int = 84,
    *,
    fmin: float | None = None,
    bins_per_octave: int = 12,
    tuning: float = 0.0,
) -> np.ndarray:
    """Centre frequencies of constant-Q bins: `fmin * 2 ** (k / bins_per_octave)`.

    Parameters
    ----------
    n_bins : int
        Number of bins, 1 to `MAX_CQT_BINS` (1024).
    fmin : float or None
        Frequency of the lowest bin in Hz, `> 0`; `None` is C1 (32.70 Hz), librosa's default.
    bins_per_octave : int
        Bins per octave, `>= 1` (12: one per semitone; 36: three).
    tuning : float
        Tuning offset in fractions of a bin, in [-0.5, 0.5]: `fmin` is raised by
        `2 ** (tuning / bins_per_octave)`.

    Returns
    -------
    np.ndarray, shape (n_bins,)
        Frequencies in Hz, increasing.

    Raises
    ------
    ParameterError
        If a parameter is outside its range.

    Notes
    -----
    $f_k = f_\\text{min}\\, 2^{(k + \\text{tuning})/B}$, $k = 0, \\dots, K - 1$, as
    `librosa.cqt_frequencies` (Brown, 1991).

    See the page [Musical pitch](../hearing/musical-pitch.md#the-constant-q-transform).

    Examples
    --------
    >>> cqt_frequencies(3, fmin=440.0).round(2).tolist()
    [440.0, 466.16, 493.88]
    """
    n_bins, fmin, bins_per_octave, tuning = _check_cqt_grid(n_bins, fmin, bins_per_octave, tuning)
    fmin = fmin * 2.0 ** (tuning / bins_per_octave)
    return fmin * 2.0 ** (np.arange(n_bins, dtype=np.float64) / bins_per_octave)


# --8<-- [start:cqt_lengths_def]
def cqt_lengths(
    freqs: ArrayLike, *, sr: float, bins_per_octave: int = 12, filter_scale: float = 1.0
) -> np.ndarray:
    # --8<-- [end:cqt_lengths_def]
    """Length in samples of each constant-Q kernel: `Q * sr / f`, as librosa computes it.

    Parameters
    ----------
    freqs : array_like, shape (n_bins,)
        Centre frequencies in Hz, `> 0`.
    sr : float
        Sampling rate in Hz, `> 0`.
    bins_per_octave : int
        Bins per octave, `>= 1`; it sets the bandwidth of every bin.
    filter_scale : float
        Factor on every length, `> 0` (below 1: shorter kernels, better time resolution,
        wider bands).

    Returns
    -------
    np.ndarray, shape (n_bins,)
        Kernel lengths in samples (not rounded).

    Raises
    ------
    ParameterError
        If a parameter is outside its range.

    Notes
    -----
    Each bin is $\\alpha f_k$ wide with $\\alpha = (2^{2/B} - 1)/(2^{2/B} + 1)$, the
    relative bandwidth librosa uses (the bins' spacing, measured half a bin either side).
    The quality factor is $Q = s / \\alpha$ ($s$ = `filter_scale`) and the kernel of bin
    $k$ lasts $N_k = Q\\, f_s / f_k$ samples: $Q$ periods of its own frequency, so
    low bins are long and high bins short. Brown (1991) uses $\\alpha = 2^{1/B} - 1$;
    for $B = 12$ librosa's $Q$ is 17.33, Brown's 16.82.

    See the page [Musical pitch](../hearing/musical-pitch.md#the-constant-q-transform).

    Examples
    --------
    >>> cqt_lengths([32.703, 440.0], sr=22050).round(1).tolist()
    [11685.8, 868.5]
    """
    # --8<-- [start:cqt_lengths_body]
    freqs = check_array("freqs", freqs, ndim=1, low=0.0, low_open=True)
    sr = check_real("sr", sr, low=0.0, low_open=True)
    bins_per_octave = check_length("bins_per_octave", bins_per_octave)
    filter_scale = check_real("filter_scale", filter_scale, low=0.0, low_open=True)
    ratio = 2.0 ** (2.0 / bins_per_octave)
    alpha = (ratio - 1.0) / (ratio + 1.0)
    q = filter_scale / alpha
    with np.errstate(over="ignore"):  # checked just below
        lengths = q * sr / freqs
    if not np.all(np.isfinite(lengths)):  # a frequency so small that Q sr / f overflows
        raise ParameterError(
            f"freqs must give finite kernel lengths Q * sr / f (Q * sr = {q * sr:.4g}); "
            f"got a frequency of {float(np.min(freqs)):.4g} Hz"
        )
    return lengths
    # --8<-- [end:cqt_lengths_body]


#: Per frame dot products when frames x kernel length is below this many times an FFT's
#: n log2 n (measured on 2 cores: the crossover is between 1 and 4).
_DIRECT_FACTOR = 1.0


# --8<-- [start:convolve_at]
def _convolve_at(y: np.ndarray, kernel: np.ndarray, lo: int, at: np.ndarray) -> np.ndarray:
    """`sum_a kernel[a] * y[p - lo - a]` for each p in `at` (y is zero outside its length).

    `kernel[a]` is the kernel at offset `lo + a`. Short kernels are applied at the frame
    positions only (a dot product per frame); long ones by one FFT convolution of the
    whole signal, sampled at the frames: the same numbers, whichever is cheaper.
    """
    n, size = len(y), len(kernel)
    if len(at) * size <= _DIRECT_FACTOR * (n + size) * max(1.0, math.log2(n + size)):
        hi = lo + size - 1
        left = max(hi, 0)
        padded = np.pad(y, (left, 1 - lo))
        windows = np.lib.stride_tricks.sliding_window_view(padded, size)[at - hi + left]
        taps = kernel[::-1]
        return windows @ taps.real + 1j * (windows @ taps.imag)  # no complex copy of windows
    full = scipy.signal.fftconvolve(y, kernel)  # full[p'] = sum_a kernel[a] y[p' - a]
    full = np.pad(full, (0, max(0, n - lo + 1 - len(full))))  # very short kernels
    return full[at - lo]
    # --8<-- [end:convolve_at]


def cqt(
    y: np.ndarray,
    *,
    sr: float = 22050,
    hop_length: int = 512,
    fmin: float | None = None,
    n_bins: int = 84,
    bins_per_octave: int = 12,
    tuning: float = 0.0,
    filter_scale: float = 1.0,
    scale: bool = True,
) -> np.ndarray:
    """Constant-Q transform computed directly from its definition: one kernel per bin.

    Parameters
    ----------
    y : np.ndarray, shape (n,)
        Mono signal.
    sr : float
        Sampling rate in Hz, `> 0`.
    hop_length : int
        Samples between frames, `>= 1`. Frame `t` is centred on sample `t * hop_length`
        (the signal is zero-padded on both sides, as librosa's `pad_mode="constant"`).
    fmin : float or None
        Frequency of the lowest bin in Hz; `None` is C1 (32.70 Hz).
    n_bins : int
        Number of bins, 1 to `MAX_CQT_BINS` (1024).
    bins_per_octave : int
        Bins per octave, `>= 1`.
    tuning : float
        Tuning offset in fractions of a bin, in [-0.5, 0.5].
    filter_scale : float
        Factor on the kernel lengths, `> 0`.
    scale : bool
        `True` (librosa's default): multiply bin $k$ by $\\sqrt{N_k}$, so that white noise
        has about the same energy in every bin (like `norm="ortho"` for an FFT). `False`:
        multiply by $N_k$.

    Returns
    -------
    np.ndarray, complex, shape (n_bins, 1 + n // hop_length)
        The constant-Q spectrum; bin `k` is at `cqt_frequencies(...)[k]`.

    Raises
    ------
    ParameterError
        If a parameter is outside its range, the highest bin's band reaches above the
        Nyquist frequency (as librosa; use fewer bins or a lower `fmin`), or the longest
        kernel (at `fmin`) would be more than `MAX_LENGTH` (2**31) samples.

    Notes
    -----
    Brown (1991): bin $k$ correlates the signal with a windowed complex exponential at
    $f_k = f_\\text{min} 2^{k/B}$ lasting $N_k = Q f_s / f_k$ samples (see `cqt_lengths`),
    normalised by the window's sum,

    $$X[k, t] = \\frac{\\sqrt{N_k}}{\\sum_n w_k[n]} \\sum_{n} y[tH - n]\\, w_k[n]\\,
    e^{2\\pi i f_k n / f_s},$$

    with $w_k$ a periodic Hann window of $\\lceil N_k \\rceil$ samples on
    $n = \\lfloor -N_k/2 \\rfloor, \\dots$ (librosa's kernel, `librosa.filters.wavelet`).
    Each bin is one full-length convolution (`scipy.signal.fftconvolve`), sampled every
    `hop_length` samples: plain, slower than librosa and with nothing approximated.

    librosa computes the same sum differently: in the frequency domain with the positive
    frequencies of each kernel's FFT (Brown and Puckette, 1992), kernels sparsified to
    99 % of their energy (`sparsity=0.01`), and one octave at a time on a signal
    resampled by 2 per octave when `hop_length` is even (Schörkhuber and Klapuri, 2010).
    With an odd `hop_length` (no resampling) and `sparsity=0` it equals this function to
    5e-5 of the largest magnitude (2.6e-5 measured; the negative-frequency half it
    drops); with its defaults, magnitudes agree to 1 % of the largest (6.5e-3 measured),
    with the same peak bin in every frame (the page measures both).

    See the page [Musical pitch](../hearing/musical-pitch.md#the-constant-q-transform).

    Examples
    --------
    >>> from audioml.signals import tone
    >>> C = cqt(tone(440.0, sr=22050, duration=0.5), sr=22050)
    >>> C.shape
    (84, 22)
    >>> int(np.abs(C[:, 11]).argmax()) == round(hz_to_midi(440.0)) - 24  # A4, from C1
    True
    """
    y = check_array("y", y, ndim=1)
    sr = check_real("sr", sr, low=0.0, low_open=True)
    hop_length = check_length("hop_length", hop_length)
    check_bool("scale", scale)
    freqs = cqt_frequencies(n_bins, fmin=fmin, bins_per_octave=bins_per_octave, tuning=tuning)
    lengths = cqt_lengths(freqs, sr=sr, bins_per_octave=bins_per_octave, filter_scale=filter_scale)
    if lengths[0] > MAX_LENGTH:  # the longest kernel, at fmin
        raise ParameterError(
            f"sr = {sr:g} Hz with fmin = {freqs[0]:g} Hz needs a kernel of {lengths[0]:.4g} "
            "samples, more than MAX_LENGTH = 2**31: lower sr or raise fmin"
        )
    q = float(lengths[0] * freqs[0] / sr)
    cutoff = float(freqs[-1] * (1.0 + 0.5 * _HANN_BANDWIDTH / q))
    if cutoff > sr / 2:
        raise ParameterError(
            f"n_bins = {n_bins} from fmin = {freqs[0]:g} Hz reaches {cutoff:g} Hz, above the "
            f"Nyquist frequency {sr / 2:g} Hz: use fewer n_bins or a lower fmin"
        )
    # --8<-- [start:cqt]
    n = len(y)
    frames = np.arange(1 + n // hop_length) * hop_length  # the sample each frame is centred on
    C = np.empty((len(freqs), len(frames)), dtype=np.complex128)
    for k, (f_k, n_k) in enumerate(zip(freqs, lengths, strict=True)):
        first = math.floor(-n_k / 2)  # kernel offsets j = first, ..., first + size - 1
        size = math.floor(n_k / 2) - first
        # offsets beyond +-n never meet the signal: keep only those that do
        lo, hi = max(first, -n), min(first + size - 1, n)
        j = np.arange(lo, hi + 1)
        window = 0.5 - 0.5 * np.cos(2 * np.pi * (j - first) / size)  # periodic Hann
        kernel = window * np.exp(2j * np.pi * f_k * j / sr)  # h_k(j)
        total = size / 2 if size > 1 else 1.0  # the sum of the whole periodic Hann window
        # X[k, t] = sum_j h_k(j) y[tH - j], normalised by the window's sum
        C[k] = _convolve_at(y, kernel, lo, frames) * (np.sqrt(n_k) if scale else n_k) / total
    return C
    # --8<-- [end:cqt]


# ------------------------------------------------------------------------------------------
# chroma
# ------------------------------------------------------------------------------------------


def _check_norm(norm) -> float | None:
    if norm is None:
        return None
    if isinstance(norm, bool) or not isinstance(norm, int | float | np.floating | np.integer):
        raise ParameterError(f"norm must be None, a number > 0 or np.inf; got {describe(norm)}")
    if norm == np.inf:
        return np.inf
    return check_real("norm", norm, low=0.0, low_open=True)


def _normalize(S: np.ndarray, norm: float | None, axis: int) -> np.ndarray:
    """librosa.util.normalize with its defaults: columns of norm below `tiny` stay as they are."""
    if norm is None:
        return S
    mag = np.abs(S)
    if norm == np.inf:
        length = mag.max(axis=axis, keepdims=True)
    else:
        length = np.sum(mag**norm, axis=axis, keepdims=True) ** (1.0 / norm)
    length = np.where(length < np.finfo(S.dtype).tiny, 1.0, length)
    return S / length


def chroma_filterbank(
    *,
    sr: float,
    n_fft: int,
    n_chroma: int = 12,
    tuning: float = 0.0,
    ctroct: float = 5.0,
    octwidth: float | None = 2.0,
    norm: float | None = 2.0,
    base_c: bool = True,
) -> np.ndarray:
    """The chroma filter bank of librosa (`librosa.filters.chroma`), in float64.

    Parameters
    ----------
    sr : float
        Sampling rate in Hz, `> 0`.
    n_fft : int
        FFT size, `>= 2`; the bank has `1 + n_fft // 2` columns, one per STFT bin.
    n_chroma : int
        Number of pitch classes, `>= 1` (12: one per semitone).
    tuning : float
        Tuning offset in fractions of a chroma bin, in [-0.5, 0.5].
    ctroct : float
        Centre of the octave weighting, in octaves above A0 (27.5 Hz), finite
        (5.0: 880 Hz, A5).
    octwidth : float or None
        Width (standard deviation) of the Gaussian octave weighting in octaves, `> 0`;
        `None` weights every octave equally.
    norm : float or None
        Each column (FFT bin) is normalised to unit `norm`-norm before the octave
        weighting: `2.0` (default), `1.0`, `np.inf` or `None`.
    base_c : bool
        Row 0 is C (default) or, if `False`, A.

    Returns
    -------
    np.ndarray, shape (n_chroma, 1 + n_fft // 2)
        Weights; `chroma_filterbank(...) @ power_spectrogram` is a chromagram.

    Raises
    ------
    ParameterError
        If a parameter is outside its range.

    Notes
    -----
    Ellis's chroma (the `chromagram_E` of his MATLAB code, as librosa): FFT bin $k > 0$ at
    $f_k$ sits at $b_k = C \\log_2(f_k / (f_{A440} / 16))$ chroma bins above A0 (27.5 Hz)
    ($C$ = `n_chroma`, $f_{A440} = 440 \\cdot 2^{\\text{tuning}/C}$), with a width
    $\\Delta_k = \\max(b_{k+1} - b_k, 1)$; row $c$ is the Gaussian
    $\\exp(-\\tfrac12 (2 d_{ck} / \\Delta_k)^2)$ of the circular distance
    $d_{ck}$ between $b_k$ and $c$ (mod $C$), so the low bins, each wider than a semitone,
    spread over several classes. Columns are then normalised and multiplied by
    $\\exp(-\\tfrac12 ((b_k / C - \\text{ctroct}) / \\text{octwidth})^2)$, which favours
    the octaves around A5 (880 Hz) by default. Bin 0 (0 Hz) is placed 1.5 octaves below bin 1.

    See the page [Musical pitch](../hearing/musical-pitch.md#chroma).

    Examples
    --------
    >>> F = chroma_filterbank(sr=22050, n_fft=4096)
    >>> F.shape
    (12, 2049)
    >>> k = round(440 * 4096 / 22050)  # the FFT bin nearest A4
    >>> int(F[:, k].argmax())  # row 9 is A (rows start at C)
    9
    """
    sr = check_real("sr", sr, low=0.0, low_open=True)
    n_fft = check_length("n_fft", n_fft, low=2)
    n_chroma = check_length("n_chroma", n_chroma)
    tuning = check_real("tuning", tuning, low=-0.5, high=0.5)
    ctroct = check_real("ctroct", ctroct)
    if octwidth is not None:
        octwidth = check_real("octwidth", octwidth, low=0.0, low_open=True)
    norm = _check_norm(norm)
    check_bool("base_c", base_c)
    if n_chroma * n_fft > 2**27:
        raise ParameterError(
            f"n_chroma * n_fft must be <= 2**27 (a 1 GiB matrix); got {n_chroma} * {n_fft}"
        )
    # --8<-- [start:chroma_filterbank]
    freqs = np.linspace(0, sr, n_fft, endpoint=False)[1:]
    a440 = A4_HZ * 2.0 ** (tuning / n_chroma)
    bins = n_chroma * np.log2(freqs / (a440 / 16))  # chroma bins above A0 (27.5 Hz)
    bins = np.concatenate(([bins[0] - 1.5 * n_chroma], bins))  # 0 Hz: 1.5 octaves below bin 1
    widths = np.concatenate((np.maximum(bins[1:] - bins[:-1], 1.0), [1]))
    distance = np.subtract.outer(bins, np.arange(n_chroma, dtype=np.float64)).T
    half = np.round(n_chroma / 2)
    distance = np.remainder(distance + half + 10 * n_chroma, n_chroma) - half  # circular
    weights = np.exp(-0.5 * (2 * distance / widths) ** 2)
    weights = _normalize(weights, norm, axis=0)
    if octwidth is not None:
        weights *= np.exp(-0.5 * ((bins / n_chroma - ctroct) / octwidth) ** 2)
    if base_c:
        weights = np.roll(weights, -3 * (n_chroma // 12), axis=0)  # row 0: A -> C
    return np.ascontiguousarray(weights[:, : 1 + n_fft // 2])
    # --8<-- [end:chroma_filterbank]


def chroma_stft(
    y: np.ndarray,
    *,
    sr: float = 22050,
    n_fft: int = 2048,
    hop_length: int = 512,
    n_chroma: int = 12,
    tuning: float = 0.0,
    norm: float | None = np.inf,
) -> np.ndarray:
    """Chromagram from a power spectrogram: `chroma_filterbank @ |stft(y)|**2`, normalised.

    Parameters
    ----------
    y : np.ndarray, shape (n,)
        Mono signal.
    sr : float
        Sampling rate in Hz, `> 0`.
    n_fft : int
        FFT size of the STFT, `>= 2` (Hann window, centred, zero padding).
    hop_length : int
        Samples between frames, `>= 1`.
    n_chroma : int
        Number of pitch classes, `>= 1`.
    tuning : float
        Tuning offset in fractions of a chroma bin, in [-0.5, 0.5]. librosa's
        `chroma_stft` estimates it from the signal by default (`tuning=None`); here it
        is 0 unless given, so the same input always uses the same filter bank.
    norm : float or None
        Each frame is normalised to unit `norm`-norm: `np.inf` (default, the largest
        class is 1), `1.0`, `2.0` or `None`. Frames of norm below the smallest float64
        stay as they are (silence stays 0).

    Returns
    -------
    np.ndarray, shape (n_chroma, 1 + n // hop_length)
        Chroma energy per pitch class (row 0 is C) and frame.

    Raises
    ------
    ParameterError
        If a parameter is outside its range.

    Notes
    -----
    $\\text{chroma} = F\\,|X|^2$ with $F$ = `chroma_filterbank(sr=sr, n_fft=n_fft,
    n_chroma=n_chroma, tuning=tuning)` and $X$ = `stft(y, n_fft=n_fft,
    hop_length=hop_length)`. Equal to `librosa.feature.chroma_stft(y=y, sr=sr,
    tuning=tuning, ...)` (the page states the tolerance). Source: Ellis, "Chroma feature
    analysis and synthesis" (2007); Müller, *Fundamentals of Music Processing*, 2nd ed.,
    Section 3.1.2 (2021).

    See the page [Musical pitch](../hearing/musical-pitch.md#chroma).

    Examples
    --------
    >>> from audioml.signals import harmonic_tone
    >>> y = harmonic_tone(midi_to_hz(67), sr=22050, duration=0.5)  # G4
    >>> chroma = chroma_stft(y, sr=22050)
    >>> int(chroma[:, 10].argmax())  # G is class 7 (C = 0)
    7
    """
    y = check_array("y", y, ndim=1)
    sr = check_real("sr", sr, low=0.0, low_open=True)
    n_fft = check_length("n_fft", n_fft, low=2)
    hop_length = check_length("hop_length", hop_length)
    norm = _check_norm(norm)
    bank = chroma_filterbank(sr=sr, n_fft=n_fft, n_chroma=n_chroma, tuning=tuning)
    power = np.abs(stft(y, n_fft=n_fft, hop_length=hop_length)) ** 2
    return _normalize(bank @ power, norm, axis=0)


def cqt_to_chroma(
    n_input: int,
    *,
    bins_per_octave: int = 12,
    n_chroma: int = 12,
    fmin: float | None = None,
    base_c: bool = True,
) -> np.ndarray:
    """The 0/1 matrix that sums constant-Q bins into pitch classes (`librosa.filters.cq_to_chroma`).

    Parameters
    ----------
    n_input : int
        Number of CQT bins, 1 to `MAX_CQT_BINS`.
    bins_per_octave : int
        CQT bins per octave, a multiple of `n_chroma`.
    n_chroma : int
        Number of pitch classes, `>= 1`.
    fmin : float or None
        Frequency of the lowest CQT bin in Hz; `None` is C1. Its pitch class decides
        which row bin 0 goes to.
    base_c : bool
        Row 0 is C (default) or, if `False`, A.

    Returns
    -------
    np.ndarray, shape (n_chroma, n_input)
        `cqt_to_chroma(...) @ np.abs(C)` is a chromagram.

    Raises
    ------
    ParameterError
        If a parameter is outside its range or `bins_per_octave` is not a multiple of
        `n_chroma`.

    Notes
    -----
    With $m$ = `bins_per_octave // n_chroma` CQT bins per class, the $m$ bins centred on
    each class are summed, in every octave; the rows are rolled by the pitch class of
    `fmin` (`hz_to_midi(fmin) % 12`).

    See the page [Musical pitch](../hearing/musical-pitch.md#chroma).

    Examples
    --------
    >>> M = cqt_to_chroma(36, bins_per_octave=36)
    >>> M.shape, M.sum(axis=0).tolist() == [1.0] * 36
    ((12, 36), True)
    """
    n_input = check_int("n_input", n_input, low=1, high=MAX_CQT_BINS)
    bins_per_octave = check_length("bins_per_octave", bins_per_octave)
    n_chroma = check_int("n_chroma", n_chroma, low=1, high=MAX_CQT_BINS)
    fmin = C1_HZ if fmin is None else check_real("fmin", fmin, low=0.0, low_open=True)
    check_bool("base_c", base_c)
    if bins_per_octave % n_chroma:
        raise ParameterError(
            f"bins_per_octave must be a multiple of n_chroma = {n_chroma}; got {bins_per_octave}"
        )
    merge = bins_per_octave // n_chroma
    if merge * n_chroma > 16 * MAX_CQT_BINS:
        raise ParameterError(f"bins_per_octave must be <= {16 * MAX_CQT_BINS}; got {merge}")
    matrix = np.repeat(np.eye(n_chroma), merge, axis=1)
    matrix = np.roll(matrix, -(merge // 2), axis=1)
    octaves = math.ceil(n_input / bins_per_octave)
    matrix = np.tile(matrix, octaves)[:, :n_input]
    midi_0 = np.mod(hz_to_midi(fmin), 12)
    roll = midi_0 if base_c else midi_0 - 9
    return np.roll(matrix, int(np.round(roll * (n_chroma / 12.0))), axis=0)


def chroma_cqt(
    y: np.ndarray,
    *,
    sr: float = 22050,
    hop_length: int = 512,
    fmin: float | None = None,
    n_chroma: int = 12,
    n_octaves: int = 7,
    bins_per_octave: int = 36,
    norm: float | None = np.inf,
) -> np.ndarray:
    """Chromagram from a constant-Q magnitude spectrum (`librosa.feature.chroma_cqt`).

    Parameters
    ----------
    y : np.ndarray, shape (n,)
        Mono signal.
    sr : float
        Sampling rate in Hz, `> 0`.
    hop_length : int
        Samples between frames, `>= 1`.
    fmin : float or None
        Lowest CQT frequency in Hz; `None` is C1 (32.70 Hz).
    n_chroma : int
        Number of pitch classes, `>= 1`.
    n_octaves : int
        Octaves of CQT bins, `>= 1`; `n_octaves * bins_per_octave` must fit below the
        Nyquist frequency.
    bins_per_octave : int
        CQT bins per octave, a multiple of `n_chroma` (36: three per class).
    norm : float or None
        Each frame is normalised to unit `norm`-norm (`np.inf` default, as librosa).

    Returns
    -------
    np.ndarray, shape (n_chroma, 1 + n // hop_length)
        Chroma per pitch class (row 0 is C) and frame.

    Raises
    ------
    ParameterError
        If a parameter is outside its range.

    Notes
    -----
    $\\text{chroma} = M\\,|\\text{cqt}(y)|$ with $M$ = `cqt_to_chroma(...)`, then
    normalised; the CQT has `tuning=0` (librosa estimates the tuning when `tuning=None`,
    its default). The CQT is this module's direct `cqt`, so the result differs from
    librosa's by what their CQTs differ by (the page measures it).

    See the page [Musical pitch](../hearing/musical-pitch.md#chroma).

    Examples
    --------
    >>> from audioml.signals import harmonic_tone
    >>> y = harmonic_tone(midi_to_hz(64), sr=22050, duration=0.5)  # E4
    >>> int(chroma_cqt(y, sr=22050)[:, 10].argmax())  # E is class 4
    4
    """
    n_octaves = check_int("n_octaves", n_octaves, low=1, high=MAX_CQT_BINS)
    bins_per_octave = check_length("bins_per_octave", bins_per_octave)
    norm = _check_norm(norm)
    if n_octaves * bins_per_octave > MAX_CQT_BINS:
        raise ParameterError(
            f"n_octaves * bins_per_octave must be <= {MAX_CQT_BINS}; "
            f"got {n_octaves} * {bins_per_octave}"
        )
    n_bins = n_octaves * bins_per_octave
    matrix = cqt_to_chroma(n_bins, bins_per_octave=bins_per_octave, n_chroma=n_chroma, fmin=fmin)
    C = np.abs(
        cqt(
            y,
            sr=sr,
            hop_length=hop_length,
            fmin=fmin,
            n_bins=n_bins,
            bins_per_octave=bins_per_octave,
        )
    )
    return _normalize(matrix @ C, norm, axis=0)


# ------------------------------------------------------------------------------------------
# MFCC
# ------------------------------------------------------------------------------------------


# --8<-- [start:dct_basis_def]
def dct_basis(n_out: int, n_in: int) -> np.ndarray:
    # --8<-- [end:dct_basis_def]
    """The orthonormal DCT-II as a matrix: the first `n_out` of its `n_in` basis rows.

    Parameters
    ----------
    n_out : int
        Number of coefficients kept, `1 <= n_out <= n_in`.
    n_in : int
        Length of the transformed vectors, `>= 1` (for MFCCs: the number of mel bands).

    Returns
    -------
    np.ndarray, shape (n_out, n_in)
        $D_{qb} = \\sqrt{2/B}\\,\\cos(\\pi q (2b + 1) / (2B))$, row 0 divided by $\\sqrt 2$;
        the rows are orthonormal.

    Raises
    ------
    ParameterError
        If a size is outside its range.

    Notes
    -----
    This is `scipy.fft.dct(x, type=2, norm="ortho")` written as a matrix: `D @ x` equals
    the first `n_out` values of it. Ahmed, Natarajan and Rao, "Discrete cosine
    transform", *IEEE Trans. Computers* C-23(1):90-93, 1974.

    See the page [Musical pitch](../hearing/musical-pitch.md#mfccs).

    Examples
    --------
    >>> D = dct_basis(4, 4)
    >>> np.allclose(D @ D.T, np.eye(4))
    True
    """
    # --8<-- [start:dct_basis_body]
    n_in = check_length("n_in", n_in)
    n_out = check_int("n_out", n_out, low=1, high=n_in)
    if n_out * n_in > 2**27:
        raise ParameterError(f"n_out * n_in must be <= 2**27; got {n_out} * {n_in}")
    q = np.arange(n_out)[:, None]
    b = np.arange(n_in)[None, :]
    basis = np.sqrt(2.0 / n_in) * np.cos(np.pi * q * (2 * b + 1) / (2 * n_in))
    basis[0] /= np.sqrt(2.0)
    return basis
    # --8<-- [end:dct_basis_body]


# --8<-- [start:mfcc_def]
def mfcc(S: np.ndarray, *, n_mfcc: int = 20, lifter: float = 0.0) -> np.ndarray:
    # --8<-- [end:mfcc_def]
    """Mel-frequency cepstral coefficients of a log-mel spectrogram (orthonormal DCT-II).

    Parameters
    ----------
    S : np.ndarray, shape (n_mels, n_frames)
        A log-power mel spectrogram in dB, e.g. `power_to_db(mel_filterbank(...) @ power)`
        (librosa's `mfcc` uses `ref=1.0`, so the level stays in coefficient 0).
    n_mfcc : int
        Number of coefficients, `1 <= n_mfcc <= n_mels` (default 20, as librosa).
    lifter : float
        Cepstral liftering, `>= 0`: coefficient $q$ is multiplied by
        $1 + (L/2) \\sin(\\pi (q + 1) / L)$; 0 (default) leaves them as they are.

    Returns
    -------
    np.ndarray, shape (n_mfcc, n_frames)
        The MFCCs, one column per frame.

    Raises
    ------
    ParameterError
        If `S` is not a finite 2-D array or a parameter is outside its range.

    Notes
    -----
    $c_q = \\sum_b D_{qb} S_b$ with $D$ = `dct_basis(n_mfcc, n_mels)`: equal to
    `librosa.feature.mfcc(S=S, n_mfcc=n_mfcc, dct_type=2, norm="ortho", lifter=lifter)`
    to 1e-10. Low $q$ describe the smooth spectral envelope (coefficient 0 is the mean
    level times $\\sqrt{B}$); keeping 13 to 20 of them drops the fine structure, pitch
    harmonics included. Davis and Mermelstein (1980); liftering: Juang, Rabiner and
    Wilpon (1987), as in HTK.

    See the page [Musical pitch](../hearing/musical-pitch.md#mfccs).

    Examples
    --------
    >>> S = np.full((40, 3), -20.0)  # a flat spectrum at -20 dB
    >>> c = mfcc(S, n_mfcc=4)
    >>> round(float(c[0, 0]), 4), bool(np.allclose(c[1:], 0))  # -20 * sqrt(40)
    (-126.4911, True)
    """
    # --8<-- [start:mfcc_body]
    S = check_array("S", S, ndim=2)
    n_mfcc = check_int("n_mfcc", n_mfcc, low=1, high=S.shape[0])
    lifter = check_real("lifter", lifter, low=0.0)
    coefficients = dct_basis(n_mfcc, S.shape[0]) @ S
    if lifter > 0:
        q = np.arange(1, n_mfcc + 1)
        coefficients *= (1.0 + (lifter / 2.0) * np.sin(np.pi * q / lifter))[:, None]
    return coefficients
    # --8<-- [end:mfcc_body]
