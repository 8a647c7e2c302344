"""Figures of the page "What the model sees": the front ends of real models, step by step."""

from __future__ import annotations

import functools

import numpy as np
import scipy.signal

from ..features import hifigan_log_mel, kaldi_fbank, whisper_stages
from ..plotting import PALETTE, new_figure
from ..signals import load_speech
from . import figure


@functools.cache
def _speech16() -> np.ndarray:
    y, _ = load_speech("fox_male")
    return scipy.signal.resample_poly(y, 320, 441)


@figure(
    "whisper_steps",
    title="Whisper's log-mel front end, step by step",
    alt=(
        "Four panels for the same 3 s speech clip padded to 30 s. Top left: log10 mel power "
        "of the first 4 s, from the 1e-10 floor (-10) in the padding up to about 1. Top "
        "right: after the clamp to the maximum minus 8, nothing lies more than 8 below the "
        "maximum. Bottom left: after (x + 4)/4 the features span exactly 2 units. Bottom "
        "right: the histogram of all 240,000 values, most of them at the clamp because "
        "27 of the 30 seconds are padding."
    ),
    caption=(
        "Whisper's steps on 3 s of speech (first 4 s shown): log10 of the mel power "
        "(floor 1e-10), clamp to the maximum minus 8, then (x + 4)/4; 90 % of the 3000 "
        "frames are padding, all at the clamp."
    ),
)
def whisper_steps():
    s = whisper_stages(_speech16())
    fig, axes = new_figure(2, 2, height=5.2)
    frames = slice(0, 400)
    t = np.arange(400) / 100
    for ax, key, label in (
        (axes[0, 0], "dropped", "log10 mel power"),
        (axes[0, 1], "clamped", "clamped to max - 8"),
        (axes[1, 0], "features", "features (x + 4) / 4"),
    ):
        img = s[key][:, frames]
        mesh = ax.pcolormesh(t, np.arange(img.shape[0]), img, rasterized=True, shading="auto")
        fig.colorbar(mesh, ax=ax)
        ax.set_title(label)
        ax.set_xlabel("time (s)")
        ax.set_ylabel("mel band")
    ax = axes[1, 1]
    ax.hist(s["features"].ravel(), bins=80, color=PALETTE["blue"], log=True)
    ax.set_title("all 80 x 3000 features")
    ax.set_xlabel("value")
    ax.set_ylabel("count (log)")
    return fig


@figure(
    "front_end_levels",
    title="How each front end responds to a 12 dB louder input",
    alt=(
        "Histograms of the change in every feature value when the same speech clip is "
        "played 12 dB louder: every Whisper feature moves by exactly +0.301 "
        "(log10(4)/2), the clamped ones too, because the clamp follows the maximum; "
        "most Kaldi filter-bank values of AST move by +2.77 (2 ln 4), a few hundred at "
        "the floor (the empty band) by 0; most HiFi-GAN log-mel values by +1.39 (ln 4), "
        "those near its floor by less."
    ),
    caption=(
        "Level is in the features of every spectral front end, each by its own amount: "
        "the same speech, 12 dB louder (x4)."
    ),
)
def front_end_levels():
    y = 0.2 * _speech16() / np.abs(_speech16()).max()
    y22, _ = load_speech("fox_male")
    y22 = 0.2 * y22 / np.abs(y22).max()
    pairs = [
        ("Whisper log-mel", whisper_stages(y)["features"], whisper_stages(4 * y)["features"]),
        ("Kaldi fbank (AST)", kaldi_fbank(y), kaldi_fbank(4 * y)),
        ("HiFi-GAN log-mel", hifigan_log_mel(y22), hifigan_log_mel(4 * y22)),
    ]
    fig, axes = new_figure(1, 3, height=2.8)
    for ax, (name, a, b), colour in zip(axes, pairs, ("blue", "orange", "green"), strict=True):
        ax.hist((b - a).ravel(), bins=np.linspace(-0.5, 3.5, 81), color=PALETTE[colour], log=True)
        ax.set_title(name)
        ax.set_xlabel("change of each value")
    axes[0].set_ylabel("count (log)")
    return fig
