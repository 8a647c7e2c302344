"""Deterministic test signals: tones, chirps, harmonic notes, noise and shipped speech.

Everything the site plays or plots starts here, so every example is reproducible:
synthetic signals are pure functions of their arguments, noise takes a seeded
`numpy.random.Generator` (or a seed), and speech comes from clips shipped with the
package (no downloads, ever).

The speech clips were synthesised offline with espeak-ng and converted with sox; the
exact command is `src/audioml/data/speech/make_speech.sh`.
"""

from __future__ import annotations

from importlib import resources

import numpy as np
import soundfile as sf

from ._validate import MAX_LENGTH, check_array, check_choice, check_int, check_real, is_complex
from .errors import ParameterError

__all__ = [
    "MAX_HARMONICS",
    "SPEECH_CLIPS",
    "chirp",
    "fade",
    "harmonic_tone",
    "load_speech",
    "make_rng",
    "tone",
    "white_noise",
]

#: Most harmonics `harmonic_tone` adds (from 20 Hz, 1000 harmonics reach 20 kHz).
MAX_HARMONICS = 1000

#: The shipped speech clips: name -> what is said and by which synthetic voice.
SPEECH_CLIPS = {
    "fox_male": "'The quick brown fox jumps over the lazy dog.' (espeak-ng, en-us, male)",
    "fox_female": "'The quick brown fox jumps over the lazy dog.' (espeak-ng, en-us+f3, female)",
    "hearing": "'Every figure and every sound on this site is computed.' (espeak-ng, en-us)",
}


def make_rng(rng: np.random.Generator | int | None) -> np.random.Generator:
    """A `numpy.random.Generator` from a generator, a seed, or `None` (seed 0).

    `None` means seed 0, not fresh entropy: the package is deterministic by default.

    Examples
    --------
    >>> int(make_rng(None).integers(100)) == int(make_rng(0).integers(100))
    True
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng(0)
    seed = check_int("rng", rng, low=0)
    return np.random.default_rng(seed)


def _n_samples(duration: float, sr: float) -> int:
    duration = check_real("duration", duration, low=0, low_open=True)
    sr = check_real("sr", sr, low=0, low_open=True)
    n = duration * sr
    if not 1 <= round(n) <= MAX_LENGTH:
        raise ParameterError(
            f"duration * sr must give at least one sample and at most MAX_LENGTH={MAX_LENGTH}; "
            f"got {n:g} (duration={duration:g}, sr={sr:g})"
        )
    return round(n)


def fade(y: np.ndarray, *, sr: float, seconds: float = 0.01) -> np.ndarray:
    """Apply raised-cosine fade-in and fade-out of `seconds` each (returns a copy).

    Fades remove the click a loudspeaker makes when a tone starts or stops abruptly.

    Parameters
    ----------
    y : np.ndarray, shape (n,)
        Finite real samples, `n >= 1`.
    sr : float
        Sampling rate in Hz, `> 0`.
    seconds : float
        Length of each fade, `>= 0`; at most half the signal is faded at each end.

    Returns
    -------
    np.ndarray, shape (n,), float64

    Raises
    ------
    ParameterError
        NaN or infinite samples, a signal that is not 1-D and real, or bad `sr`/`seconds`.

    Examples
    --------
    >>> out = fade(np.ones(100), sr=1000, seconds=0.01)
    >>> float(out[0]), float(out[50]), float(out[-1])
    (0.0, 1.0, 0.0)
    """
    sr = check_real("sr", sr, low=0, low_open=True)
    seconds = check_real("seconds", seconds, low=0)
    if is_complex(y):
        raise ParameterError("y must be real; got a complex array")
    out = check_array("y", y, ndim=1, min_size=1).copy()
    n = min(round(seconds * sr), len(out) // 2)
    if n > 0:
        ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(n) / n)
        out[:n] *= ramp
        out[len(out) - n :] *= ramp[::-1]
    return out


def tone(
    frequency: float,
    *,
    sr: float = 22050,
    duration: float = 1.0,
    amplitude: float = 1.0,
    phase: float = 0.0,
    fade_seconds: float = 0.0,
) -> np.ndarray:
    """A sine tone `amplitude * sin(2 pi f t + phase)`.

    Parameters
    ----------
    frequency : float
        Frequency in Hz, `0 < frequency < sr / 2`.
    sr : float
        Sampling rate in Hz.
    duration : float
        Length in seconds.
    amplitude : float
        Peak amplitude (full scale is 1).
    phase : float
        Starting phase in radians.
    fade_seconds : float
        Length of raised-cosine fades at both ends (0 for none).

    Returns
    -------
    np.ndarray, shape (round(duration * sr),)

    Examples
    --------
    >>> y = tone(1000, sr=8000, duration=0.001)
    >>> np.round(y, 3).tolist()
    [0.0, 0.707, 1.0, 0.707, 0.0, -0.707, -1.0, -0.707]
    """
    n = _n_samples(duration, sr)
    frequency = check_real(
        "frequency", frequency, low=0, high=sr / 2, low_open=True, high_open=True
    )
    amplitude = check_real("amplitude", amplitude)
    phase = check_real("phase", phase)
    fade_seconds = check_real("fade_seconds", fade_seconds, low=0)
    t = np.arange(n) / sr
    y = amplitude * np.sin(2 * np.pi * frequency * t + phase)
    return fade(y, sr=sr, seconds=fade_seconds) if fade_seconds else y


def chirp(
    *,
    fmin: float,
    fmax: float,
    sr: float = 22050,
    duration: float = 1.0,
    linear: bool = False,
    amplitude: float = 1.0,
) -> np.ndarray:
    """A sweep from `fmin` to `fmax` Hz, exponential (default) or linear in frequency.

    The exponential sweep spends equal time per octave, like `librosa.chirp`.

    Examples
    --------
    >>> y = chirp(fmin=100, fmax=1000, sr=8000, duration=0.5)
    >>> y.shape, float(y[0])
    ((4000,), 0.0)
    """
    n = _n_samples(duration, sr)
    fmin = check_real("fmin", fmin, low=0, high=sr / 2, low_open=True, high_open=True)
    fmax = check_real("fmax", fmax, low=0, high=sr / 2, low_open=True, high_open=True)
    amplitude = check_real("amplitude", amplitude)
    t = np.arange(n) / sr
    if linear or fmin == fmax:
        phase = 2 * np.pi * (fmin * t + (fmax - fmin) * t**2 / (2 * duration))
    else:
        log_k = np.log(fmax / fmin) / duration  # k = (fmax / fmin) ** (1 / duration)
        phase = 2 * np.pi * fmin * np.expm1(t * log_k) / log_k  # k**t overflows for tiny durations
    return amplitude * np.sin(phase)


def harmonic_tone(
    f0: float,
    *,
    sr: float = 22050,
    duration: float = 1.0,
    n_harmonics: int = 10,
    rolloff_db: float = 6.0,
    amplitude: float = 0.5,
    fade_seconds: float = 0.02,
) -> np.ndarray:
    """A musical-note-like tone: harmonics k*f0 falling by `rolloff_db` per octave.

    Harmonics at or above Nyquist are left out. The result is scaled so its peak is
    `amplitude`. `n_harmonics` is at most `MAX_HARMONICS` (1000: from 20 Hz they reach
    20 kHz); each harmonic costs one pass over the samples.

    Examples
    --------
    >>> y = harmonic_tone(220, sr=22050, duration=0.5)
    >>> round(float(np.abs(y).max()), 6)
    0.5
    """
    n = _n_samples(duration, sr)
    f0 = check_real("f0", f0, low=0, high=sr / 2, low_open=True, high_open=True)
    n_harmonics = check_int("n_harmonics", n_harmonics, low=1, high=MAX_HARMONICS)
    rolloff_db = check_real("rolloff_db", rolloff_db, low=0)
    amplitude = check_real("amplitude", amplitude, low=0, low_open=True)
    fade_seconds = check_real("fade_seconds", fade_seconds, low=0)
    t = np.arange(n) / sr
    y = np.zeros(n)
    for k in range(1, n_harmonics + 1):
        if k * f0 >= sr / 2:
            break
        gain = 10 ** (-rolloff_db * np.log2(k) / 20)
        y += gain * np.sin(2 * np.pi * k * f0 * t)
    y = fade(y, sr=sr, seconds=fade_seconds)
    peak = np.abs(y).max()
    if peak == 0:  # e.g. one sample, sin(0) = 0: no peak to scale to `amplitude`
        raise ParameterError(
            f"duration={duration:g} s at sr={sr:g} is too short for a tone (all its samples "
            "are 0 after the fades); make it longer"
        )
    return amplitude * y / peak


def white_noise(
    *,
    sr: float = 22050,
    duration: float = 1.0,
    amplitude: float = 0.1,
    rng: np.random.Generator | int | None = None,
) -> np.ndarray:
    """Gaussian white noise with standard deviation `amplitude`, from a seeded generator.

    Examples
    --------
    >>> a = white_noise(duration=0.01, rng=1)
    >>> b = white_noise(duration=0.01, rng=1)
    >>> bool((a == b).all()), a.shape
    (True, (220,))
    """
    n = _n_samples(duration, sr)
    amplitude = check_real("amplitude", amplitude, low=0)
    return amplitude * make_rng(rng).standard_normal(n)


def load_speech(name: str = "fox_male") -> tuple[np.ndarray, int]:
    """Load a shipped speech clip as float64 samples in [-1, 1] and its sampling rate.

    Parameters
    ----------
    name : str
        One of `SPEECH_CLIPS` ("fox_male", "fox_female", "hearing").

    Returns
    -------
    y : np.ndarray, shape (n,)
    sr : int
        22050 Hz for all shipped clips.

    Examples
    --------
    >>> y, sr = load_speech("fox_male")
    >>> sr, round(len(y) / sr, 2)
    (22050, 3.02)
    """
    check_choice("name", name, tuple(SPEECH_CLIPS))
    path = resources.files("audioml") / "data" / "speech" / f"{name}.flac"
    with resources.as_file(path) as real_path:
        y, sr = sf.read(real_path, dtype="float64", always_2d=False)
    return y, int(sr)
