"""Clips for the page "Setting 3": the trained waveform models on music noise at 0 dB SNR.

Two fixed test mixtures of the recorded corpus (`audioml.corpus.fixed_mixture`, test
noise material): a held-out prompt of a training voice (`carlo`, it_IT, male) and a prompt
of the voice no model heard in training (`ivrvoiceru`, ru_RU, female), each with music
at 0 dB SNR -- the condition where the small Conv-TasNet does best against the setting-1
GRU on held-out prompts (`docs/generated/models_table.md`). For each: the noisy input,
the FIR baseline, the small Conv-TasNet, the GRU mask for comparison, and the clean
prompt. Every clip is normalised to a -3 dBFS peak with 10 ms fades, so the level does not
bias the comparison. The figures of the page (`audioml.figures.waveform_models`) draw
the same mixtures.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import corpus
from ..models import SR, enhance
from ..models.bench import groups
from ..signals import fade
from . import clip

__all__ = ["CLIP_MODELS", "MIXTURES", "PEAK_DBFS", "mixture", "output", "pause_attenuation_db"]

#: Peak level of every clip on the page (dBFS).
PEAK_DBFS = -3.0
#: The two mixtures: key -> (test group of `audioml.models.bench.groups`, index in it,
#: noise kind, SNR in dB, how the page names it).
MIXTURES = {
    "heldout": ("held-out prompts", 1, "music", 0.0, "held-out prompt, training voice carlo"),
    "unseen": ("unseen voice", 9, "music", 0.0, "unseen voice ivrvoiceru"),
}
#: The outputs each mixture gets a player for, in page order.
CLIP_MODELS = ("noisy", "fir", "tasnet", "gru", "clean")

_WHAT = {
    "noisy": "the noisy input, unprocessed",
    "fir": (
        "the noisy input through the 401-tap least-squares FIR (Wiener) filter, the linear "
        "setting-3 baseline (audioml.models.enhance, model='fir')"
    ),
    "tasnet": (
        "the noisy input through the small Conv-TasNet (153,361 parameters: learned encoder, "
        "8 dilated conv blocks, sigmoid mask, learned decoder), waveform in, waveform out "
        "(model='tasnet')"
    ),
    "gru": (
        "for comparison, the setting-1 GRU mask on the noisy log-magnitude STFT (512-point "
        "Hann, hop 128), noisy phase kept (model='gru')"
    ),
    "clean": "the clean recorded prompt alone, before the music was added: the target",
}
_TITLES = {
    "noisy": "Noisy input",
    "fir": "FIR Wiener filter (linear baseline)",
    "tasnet": "Small Conv-TasNet",
    "gru": "GRU mask, setting 1 (comparison)",
    "clean": "Clean prompt (target)",
}


@functools.cache
def mixture(key: str) -> tuple[np.ndarray, np.ndarray, corpus.Utterance]:
    """`(clean, noisy, utterance)` of one of `MIXTURES` (16 kHz, fixed test noise)."""
    group, index, noise, snr_db, _ = MIXTURES[key]
    utterance = groups()[group][index]
    clean, noisy = corpus.fixed_mixture(utterance, noise=noise, snr_db=snr_db)
    return clean, noisy, utterance


@functools.cache
def output(key: str, model: str) -> np.ndarray:
    """One player's waveform before normalisation: clean, noisy, or a model's output."""
    clean, noisy, _ = mixture(key)
    if model == "clean":
        return clean
    if model == "noisy":
        return noisy
    return enhance(noisy, sr=SR, model=model)


def pause_attenuation_db(key: str, model: str, *, floor_db: float = -40.0) -> float:
    """How much quieter an output is than the noisy input in the pauses of the speech, dB.

    Pauses: the 20 ms frames (hop 10 ms) whose clean-speech power is more than `floor_db`
    below the loudest frame's. Returns 10 log10 of the output's mean power over those
    frames divided by the noisy input's (0 for the noisy input, negative when quieter).
    """
    clean, noisy, _ = mixture(key)

    def power(y: np.ndarray) -> np.ndarray:
        frames = np.lib.stride_tricks.sliding_window_view(y, SR // 50)[:: SR // 100]
        return np.mean(frames**2, axis=1)

    quiet = power(clean) < power(clean).max() * 10 ** (floor_db / 10)
    return float(
        10 * np.log10(power(output(key, model))[quiet].mean() / power(noisy)[quiet].mean())
    )


def _render(key: str, model: str) -> tuple[np.ndarray, int]:
    y = output(key, model)
    y = fade(y - y.mean(), sr=SR, seconds=0.01)
    return y * (10 ** (PEAK_DBFS / 20) / np.abs(y).max()), SR


def _register(key: str, model: str) -> None:
    group, index, noise, snr_db, label = MIXTURES[key]
    source = (
        f"Test mixture: {label} (corpus test split, {group} item {index}) plus {noise} from "
        f"the test part (last third) of the music excerpts at {snr_db:g} dB SNR, 16 kHz."
    )
    clip(
        f"s3_{key}_{model}",
        title=f"{_TITLES[model]}: {label}, {noise} {snr_db:g} dB",
        caption=f"{source} This clip: {_WHAT[model]}. Normalised to a -3 dBFS peak, 10 ms fades.",
    )(functools.partial(_render, key, model))


for _key in MIXTURES:
    for _model in CLIP_MODELS:
        _register(_key, _model)
