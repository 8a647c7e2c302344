"""A small corpus of recorded speech and music, and the noisy mixtures the models learn from.

The corpus (built by `scripts/build_corpus.py` from Debian's `asterisk-core-sounds-*-g722`
and `asterisk-moh-opsound-g722` packages, Creative Commons licensed) is a folder of 16 kHz
FLAC files and a `manifest.csv`. It is not part of the installed package: every function
takes the folder as `root`; `None` means the environment variable `AUDIOML_CORPUS`, or
else `data/corpus` of the source checkout this module sits in.

The split tests generalisation twice: held-out prompts of the two training voices
(`allison`, en_US, female; `carlo`, it_IT, male), and a voice never heard in training
(`ivrvoiceru`, ru_RU, female). Noise comes in four kinds: white, pink (1/f power),
babble (four prompts of the training voices that no split uses as speech, summed) and
music (two instrumental excerpts, non-stationary); training and test noise come from
disjoint material (other babble prompts, other parts of the music).

See the page [Setting 1](../architectures/setting-1.md) and the corpus's attribution in
[About](../about.md#recorded-speech-and-music).
"""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import soundfile as sf

from ._validate import check_array, check_choice, check_length, check_real, describe
from .errors import ParameterError
from .signals import make_rng

__all__ = [
    "NOISES",
    "SR",
    "TEST_SNRS_DB",
    "TRAIN_SNR_RANGE_DB",
    "TRAIN_SPEAKERS",
    "UNSEEN_SPEAKER",
    "Utterance",
    "corpus_root",
    "fixed_mixture",
    "load",
    "make_noise",
    "mix",
    "utterances",
]

#: Sampling rate of every file, Hz.
SR = 16000
#: Noise kinds, in table order.
NOISES = ("white", "pink", "babble", "music")
#: SNRs of the test grid, dB.
TEST_SNRS_DB = (0.0, 5.0, 10.0)
#: Training SNRs are drawn uniformly from this range, dB.
TRAIN_SNR_RANGE_DB = (-5.0, 15.0)
#: Voices the models are trained on.
TRAIN_SPEAKERS = ("allison", "carlo")
#: The voice held out entirely (test only).
UNSEEN_SPEAKER = "ivrvoiceru"
#: Babble: prompts summed.
BABBLE_TALKERS = 4


@dataclass(frozen=True)
class Utterance:
    """One row of the manifest.

    Attributes
    ----------
    file : str
        Path relative to the corpus root.
    speaker, language, sex, licence, split : str
        As in the manifest (`split` is train, test, babble or noise).
    duration_s : float
        Length in seconds.
    sha256 : str
        Hex digest of the FLAC file.
    """

    file: str
    speaker: str
    language: str
    sex: str
    licence: str
    split: str
    duration_s: float
    sha256: str


def corpus_root(root: str | os.PathLike | None = None) -> Path:
    """The corpus folder: `root`, else `$AUDIOML_CORPUS`, else the checkout's `data/corpus`.

    Parameters
    ----------
    root : str or os.PathLike, optional
        A folder holding `manifest.csv` and the FLAC files it lists (`None`: the
        environment variable `AUDIOML_CORPUS`, else `data/corpus` of the source checkout;
        a path ending in `data` means its `corpus` subfolder).

    Returns
    -------
    pathlib.Path
        The folder.

    Raises
    ------
    ParameterError
        `root` is not a path, or the folder has no `manifest.csv`.
    """
    if root is not None and not isinstance(root, str | os.PathLike):
        raise ParameterError(
            f"root must be a path (str or os.PathLike) or None; got {describe(root)}"
        )
    if root is None:
        root = os.environ.get("AUDIOML_CORPUS") or Path(__file__).resolve().parents[2] / "data"
        root = Path(root) / "corpus" if Path(root).name == "data" else Path(root)
    path = Path(root)
    if not (path / "manifest.csv").is_file():
        raise ParameterError(
            f"root must be a corpus folder with a manifest.csv (built by "
            f"scripts/build_corpus.py); got {str(path)!r}"
        )
    return path


@lru_cache(maxsize=8)
def _manifest(path: Path) -> tuple[Utterance, ...]:
    with open(path / "manifest.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return tuple(
        Utterance(**{**row, "duration_s": float(row["duration_s"])})
        for row in rows  # type: ignore[arg-type]
    )


def utterances(
    *, split: str | None = None, speaker: str | None = None, root=None
) -> list[Utterance]:
    """The manifest's rows, optionally only one split and/or speaker, in manifest order.

    Parameters
    ----------
    split : str, optional
        Keep one split only: `"train"`, `"test"`, `"babble"` or `"noise"`.
    speaker : str, optional
        Keep one speaker only (e.g. `"allison"`).
    root : path, optional
        The corpus folder (see `corpus_root`).

    Examples
    --------
    >>> len(utterances(split="test", speaker=UNSEEN_SPEAKER))
    25
    """
    if split is not None:
        check_choice("split", split, ("train", "test", "babble", "noise"))
    rows = _manifest(corpus_root(root))
    if speaker is not None:
        check_choice("speaker", speaker, sorted({u.speaker for u in rows}))
    return [
        u
        for u in rows
        if (split is None or u.split == split) and (speaker is None or u.speaker == speaker)
    ]


@lru_cache(maxsize=512)
def _read(path: Path, sha256: str) -> np.ndarray:
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ParameterError(f"{path} does not match its manifest sha256; rebuild the corpus")
    y, sr = sf.read(path, dtype="float64")
    if sr != SR:
        raise ParameterError(f"{path} has sr={sr}, expected {SR}")
    y.setflags(write=False)
    return y


def load(utterance: Utterance, *, root=None) -> np.ndarray:
    """The samples of one manifest row (float64 in [-1, 1], 16 kHz), checked against its sha256.

    Parameters
    ----------
    utterance : Utterance
        A row of `utterances()`.
    root : path, optional
        The corpus folder (see `corpus_root`).

    Returns
    -------
    np.ndarray, shape (n,)
        The samples, `n = round(utterance.duration_s * SR)`.

    Raises
    ------
    ParameterError
        `utterance` is not an `Utterance`, or the file does not match its sha256 or is
        not at 16 kHz.

    Examples
    --------
    >>> u = utterances(split="test", speaker="carlo")[0]
    >>> y = load(u)
    >>> y.shape[0] == round(u.duration_s * SR)
    True
    """
    _check_utterance(utterance)
    return _read(corpus_root(root) / utterance.file, utterance.sha256).copy()


def _check_utterance(utterance) -> None:
    if not isinstance(utterance, Utterance):
        raise ParameterError(
            f"utterance must be an Utterance (a row of utterances()); got {describe(utterance)}"
        )


def _loop(y: np.ndarray, n: int, offset: int) -> np.ndarray:
    return np.resize(np.roll(y, -offset), n)


def make_noise(kind: str, n: int, *, part: str = "train", rng=None, root=None) -> np.ndarray:
    """`n` samples of one kind of noise at unit mean power.

    Parameters
    ----------
    kind : str
        `"white"`, `"pink"`, `"babble"` or `"music"`. White Gaussian; pink (power
        $\\propto 1/f$ above 20 Hz, shaped in the frequency
        domain); babble (`BABBLE_TALKERS` babble prompts, each looped from a random
        offset, summed); music (a random stretch of an instrumental excerpt).
    n : int
        Length in samples, in [1, 2**31].
    part : {"train", "test"}
        Which material babble and music come from: the first or second half of the
        babble prompts, the first two thirds or the last third of each music excerpt.
    rng : np.random.Generator or int, optional
        Seeds the draw (`None`: seed 0).
    root : path, optional
        The corpus folder.

    Examples
    --------
    >>> x = make_noise("pink", 16000, rng=1)
    >>> round(float(np.mean(x**2)), 6)
    1.0
    """
    check_choice("kind", kind, NOISES)
    check_choice("part", part, ("train", "test"))
    n = check_length("n", n)
    rng = make_rng(rng)
    if kind == "white":
        x = rng.standard_normal(n)
    elif kind == "pink":
        spectrum = np.fft.rfft(rng.standard_normal(n))
        f = np.fft.rfftfreq(n, 1 / SR)
        spectrum /= np.sqrt(np.maximum(f, 20.0))
        x = np.fft.irfft(spectrum, n)
    elif kind == "babble":
        pool = utterances(split="babble", root=root)
        half = [u for i, u in enumerate(pool) if (i % 2 == 0) == (part == "train")]
        picks = rng.choice(len(half), size=BABBLE_TALKERS, replace=False)
        x = np.zeros(n)
        for i in picks:
            y = load(half[i], root=root)
            y = y / np.sqrt(np.mean(y**2))
            x += _loop(y, n, int(rng.integers(y.size)))
    else:
        pool = utterances(split="noise", root=root)
        y = load(pool[int(rng.integers(len(pool)))], root=root)
        cut = 2 * y.size // 3
        y = y[:cut] if part == "train" else y[cut:]
        x = _loop(y, n, int(rng.integers(y.size)))
    power = float(np.mean(x**2))
    return x / np.sqrt(power) if power > 0 else x


def mix(clean: np.ndarray, noise: np.ndarray, *, snr_db: float) -> np.ndarray:
    """`clean + g * noise` with `g` set so that the SNR over the whole signal is `snr_db`.

    Parameters
    ----------
    clean, noise : np.ndarray, shape (n,)
        Same length; neither silent.
    snr_db : float
        $10 \\log_{10}(\\sum s^2 / \\sum (g v)^2)$ in dB, in [-30, 60].

    Examples
    --------
    >>> s = np.sin(np.arange(1000.0))
    >>> x = mix(s, np.cos(0.3 * np.arange(1000.0)), snr_db=5.0)
    >>> round(float(10 * np.log10(np.sum(s**2) / np.sum((x - s) ** 2))), 6)
    5.0
    """
    clean = check_array("clean", clean, ndim=1, min_size=2)
    noise = check_array("noise", noise, ndim=1, min_size=2)
    if noise.shape != clean.shape:
        raise ParameterError(f"noise must have the shape of clean {clean.shape}; got {noise.shape}")
    snr_db = check_real("snr_db", snr_db, low=-30.0, high=60.0)
    ps, pn = float(np.sum(clean**2)), float(np.sum(noise**2))
    if ps == 0 or pn == 0:
        raise ParameterError("clean and noise must not be silent")
    return clean + noise * np.sqrt(ps / pn / 10 ** (snr_db / 10))


def fixed_mixture(
    utterance: Utterance, *, noise: str, snr_db: float, root=None
) -> tuple[np.ndarray, np.ndarray]:
    """The fixed test pair `(clean, noisy)` of one utterance, noise kind and SNR.

    The noise is seeded from the utterance's sha256, the noise kind and the SNR, and
    drawn from the test material (`part="test"`): the same arguments always give the
    same samples.

    Parameters
    ----------
    utterance : Utterance
        A row of `utterances()` (the clean speech).
    noise : str
        One of `NOISES`: `"white"`, `"pink"`, `"babble"` or `"music"`.
    snr_db : float
        Signal-to-noise ratio of the mixture in dB, in [-30, 60] (see `mix`).
    root : path, optional
        The corpus folder (see `corpus_root`).

    Returns
    -------
    clean, noisy : np.ndarray, shape (n,)
        The utterance's samples and the mixture, 16 kHz, float64.

    Examples
    --------
    >>> u = utterances(split="test", speaker=UNSEEN_SPEAKER)[0]
    >>> clean, noisy = fixed_mixture(u, noise="babble", snr_db=5.0)
    >>> round(float(10 * np.log10(np.sum(clean**2) / np.sum((noisy - clean) ** 2))), 6)
    5.0
    """
    check_choice("noise", noise, NOISES)
    _check_utterance(utterance)
    snr_db = check_real("snr_db", snr_db, low=-30.0, high=60.0)
    clean = load(utterance, root=root)
    seed = int(utterance.sha256[:8], 16) + 1000 * NOISES.index(noise) + int(10 * snr_db)
    v = make_noise(noise, clean.size, part="test", rng=seed, root=root)
    return clean, mix(clean, v, snr_db=snr_db)
