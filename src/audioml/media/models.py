"""Clips of the shipped models on recorded speech: noisy, each model's output, clean.

Two speakers -- a held-out prompt of a training voice (`allison`, en_US) and a prompt of
the voice no model heard in training (`ivrvoiceru`, ru_RU) -- and two kinds of noise
(white and babble) at 5 dB SNR: the fixed test mixtures of the benchmark
(`audioml.corpus.fixed_mixture`, test noise material), enhanced by every model of
`audioml.models.available()`. Every clip is normalised to the same -3 dBFS peak, so
level does not decide which sounds better, and gets 10 ms fades.

The same examples feed the figures of `audioml.figures.models`.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import corpus
from ..models import MODELS, SR, available, enhance, load_weights, nn
from ..signals import fade
from . import clip

__all__ = [
    "CLIP_NOISES",
    "CLIP_SNR_DB",
    "EXAMPLE_FILES",
    "MIN_SECONDS",
    "PEAK_DBFS",
    "SPEAKERS",
    "clip_name",
    "example",
    "example_utterance",
    "outputs",
]

#: Peak level of every clip of this module, dBFS.
PEAK_DBFS = -3.0
#: SNR of every noisy example, dB.
CLIP_SNR_DB = 5.0
#: Noise kinds the clips use.
CLIP_NOISES = ("white", "babble")
#: speaker id -> (name in titles, what the speaker is to the models).
SPEAKERS = {
    "allison": ("Allison", "held-out prompt of a training voice, en_US"),
    corpus.UNSEEN_SPEAKER: ("IvrvoiceRU", "the unseen voice, ru_RU"),
}
#: The example of a speaker is its first test prompt at least this long, seconds.
MIN_SECONDS = 2.5
#: speaker id -> that example's file (named here so that registering the clips reads no
#: corpus; `tests/package/test_figures_models.py` checks it against the rule above).
EXAMPLE_FILES = {
    "allison": "speech/allison/conf-getchannel.flac",
    corpus.UNSEEN_SPEAKER: "speech/ivrvoiceru/conf-userswilljoin.flac",
}

_TITLES = {
    "ridge": "ridge mask (setting 1, linear baseline)",
    "gru": "GRU mask (setting 1)",
    "tasnet": "small Conv-TasNet (setting 3)",
    "fir": "FIR Wiener filter (setting 3, linear baseline)",
}


def _params(name: str) -> str:
    return f"{nn.n_parameters(load_weights(name)[0]):,}"


_STFT = f"{nn.N_FFT}-point Hann STFT, hop {nn.HOP_LENGTH}"
_WHAT = {
    "ridge": f"a ridge-regression mask per bin of the noisy {_STFT} (3 x 5 log-magnitude "
    "context), noisy phase kept, inverse STFT",
    "gru": f"the GRU mask estimator ({_params('gru')} parameters): a mask in (0, 1) per bin of "
    f"the noisy {_STFT}, noisy phase kept, inverse STFT",
    "tasnet": f"the small Conv-TasNet ({_params('tasnet')} parameters), waveform in, waveform out",
    "fir": f"the {load_weights('fir')[0]['taps'].size}-tap least-squares (Wiener) FIR filter, "
    "the same for every input",
}
_LEVEL = "Peak normalised to -3 dBFS, 10 ms fades."


def example_utterance(speaker: str) -> corpus.Utterance:
    """The test prompt a speaker's clips use (`EXAMPLE_FILES`), from the manifest."""
    return next(u for u in corpus.utterances(split="test") if u.file == EXAMPLE_FILES[speaker])


@functools.cache
def example(speaker: str, noise: str) -> tuple[np.ndarray, np.ndarray]:
    """`(clean, noisy)` of a speaker's example prompt: the benchmark's fixed 5 dB mixture."""
    return corpus.fixed_mixture(example_utterance(speaker), noise=noise, snr_db=CLIP_SNR_DB)


@functools.cache
def outputs(speaker: str, noise: str) -> dict[str, np.ndarray]:
    """Every shipped model's output on `example(speaker, noise)`, by model name."""
    _, noisy = example(speaker, noise)
    return {name: enhance(noisy, sr=SR, model=name) for name in available()}


def clip_name(speaker: str, noise: str | None, what: str) -> str:
    """The registered name of a clip, e.g. `models_allison_white_gru`, `models_allison_clean`."""
    return "_".join(["models", speaker, *([noise] if noise else []), what])


def _level(y: np.ndarray) -> tuple[np.ndarray, int]:
    y = fade(y - y.mean(), sr=SR, seconds=0.01)
    return y * (10 ** (PEAK_DBFS / 20) / np.abs(y).max()), SR


def _render(speaker: str, noise: str | None, what: str) -> tuple[np.ndarray, int]:
    if what == "clean":
        return _level(corpus.load(example_utterance(speaker)))
    if what == "noisy":
        return _level(example(speaker, noise)[1])
    return _level(outputs(speaker, noise)[what])


def _register(speaker: str, noise: str | None, what: str) -> None:
    name, role = SPEAKERS[speaker]
    prompt = f"{EXAMPLE_FILES[speaker]} ({role}, 16 kHz)"
    mixture = f"{prompt} + {noise} noise at {CLIP_SNR_DB:g} dB SNR (test noise material)"
    if what == "clean":
        title, caption = f"{name}: clean speech (the target)", f"{prompt}, unprocessed."
    elif what == "noisy":
        title = f"{name}, {noise} noise 5 dB: noisy input"
        caption = f"{mixture}: the input of every model."
    else:
        title = f"{name}, {noise} noise 5 dB: {_TITLES[what]}"
        caption = f"{mixture}, through {_WHAT[what]}."

    def render() -> tuple[np.ndarray, int]:
        return _render(speaker, noise, what)

    clip(clip_name(speaker, noise, what), title=title, caption=f"{caption} {_LEVEL}")(render)


for _speaker in SPEAKERS:
    _register(_speaker, None, "clean")
    for _noise in CLIP_NOISES:
        for _what in ("noisy", *(n for n in MODELS if n in available())):
            _register(_speaker, _noise, _what)
