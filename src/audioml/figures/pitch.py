"""Figures for the page "Musical pitch": pitch vs mel, CQT vs STFT, chroma, MFCC, ref=np.max."""

from __future__ import annotations

import numpy as np

from .. import corpus
from ..filterbanks import mel_filterbank
from ..media.pitch import SR as CLIP_SR
from ..media.pitch import c_major_equal_temperament
from ..pitch import (
    chroma_cqt,
    chroma_stft,
    cqt,
    cqt_frequencies,
    dct_basis,
    hz_to_midi,
    mfcc,
    midi_to_hz,
    midi_to_note,
)
from ..plotting import PALETTE, new_figure
from ..scales import hz_to_mel
from ..signals import load_speech, white_noise
from ..spectral import power_to_db, stft
from . import figure

# ------------------------------------------------------------------------------------------
# pitch vs mel
# ------------------------------------------------------------------------------------------

_C_OCTAVES = np.arange(2, 9)  # C2 ... C8
_C_HZ = midi_to_hz(12 * (_C_OCTAVES + 1.0))
_F_AXIS = np.geomspace(_C_HZ[0], _C_HZ[-1], 400)


def _octave_sizes(htk: bool) -> np.ndarray:
    return np.diff(hz_to_mel(_C_HZ, htk=htk))


_HTK_OCT = _octave_sizes(True)
_SLANEY_OCT = _octave_sizes(False)
_MEL_100_200 = float(hz_to_mel(200.0, htk=True) - hz_to_mel(100.0, htk=True))
_MEL_1K_2K = float(hz_to_mel(2000.0, htk=True) - hz_to_mel(1000.0, htk=True))


def _share(values: np.ndarray) -> np.ndarray:
    return (values - values[0]) / (values[-1] - values[0])


@figure(
    "pitch_vs_mel",
    format="svg",
    title="Musical pitch is a straight line on a log-frequency axis; mel is not",
    alt=(
        "Two panels. Left: frequency on a logarithmic axis from C2 (65.4 Hz) to C8 "
        "(4186 Hz), labelled with the notes C2 to C8; three curves show how far each "
        "scale has come, from 0 at C2 to 1 at C8. MIDI note number (musical pitch) is a "
        "straight diagonal: every octave is the same step. HTK and Slaney mel bend upwards: "
        "they cover little of their range in the low octaves and most in the high ones. "
        "Right: bars of the size of each octave from C2-C3 to C7-C8. In semitones every "
        "octave is 12. In HTK mel the octaves grow from "
        f"{_HTK_OCT[0]:.0f} to {_HTK_OCT[-1]:.0f} mel; in Slaney mel from "
        f"{_SLANEY_OCT[0]:.2f} to {_SLANEY_OCT[-1]:.2f} mel."
    ),
    caption=(
        "Octave equivalence in numbers: every octave is 12 semitones (1200 cents) at any "
        "height, while the mel scales give the C7-C8 octave "
        f"{_HTK_OCT[-1] / _HTK_OCT[0]:.1f} (HTK) and {_SLANEY_OCT[-1] / _SLANEY_OCT[0]:.1f} "
        "(Slaney) times the size of the C2-C3 octave. For comparison, "
        f"100 to 200 Hz spans {_MEL_100_200:.0f} HTK mel, 1 to 2 kHz spans "
        f"{_MEL_1K_2K:.0f}, both one octave."
    ),
)
def pitch_vs_mel():
    fig, (left, right) = new_figure(1, 2, height=3.2, gridspec_kw={"width_ratios": [1.25, 1]})
    left.plot(_F_AXIS, _share(hz_to_midi(_F_AXIS)), color=PALETTE["black"], label="MIDI (pitch)")
    left.plot(_F_AXIS, _share(hz_to_mel(_F_AXIS, htk=True)), color=PALETTE["blue"], label="HTK mel")
    left.plot(
        _F_AXIS,
        _share(hz_to_mel(_F_AXIS)),
        color=PALETTE["vermillion"],
        ls="--",
        label="Slaney mel",
    )
    left.set_xscale("log")
    left.set_xticks(_C_HZ, [f"C{o}\n{f:.0f}" for o, f in zip(_C_OCTAVES, _C_HZ, strict=True)])
    left.minorticks_off()
    left.set_xlim(_C_HZ[0], _C_HZ[-1])
    left.set_ylim(0, 1.02)
    left.set_xlabel("note and frequency (Hz), log axis")
    left.set_ylabel("share of the C2-C8 range")
    left.legend(loc="upper left")
    left.set_title("Each scale from C2 to C8", fontsize=9)

    x = np.arange(len(_HTK_OCT))
    width = 0.4
    right.bar(
        x - width / 2,
        100 * _HTK_OCT / _HTK_OCT.sum(),
        width,
        color=PALETTE["blue"],
        label="HTK mel (top number)",
    )
    right.bar(
        x + width / 2,
        100 * _SLANEY_OCT / _SLANEY_OCT.sum(),
        width,
        color=PALETTE["vermillion"],
        label="Slaney mel (bottom number)",
    )
    right.axhline(
        100 / len(x), color=PALETTE["black"], lw=1.2, label="semitones: 12 in every octave"
    )
    for i, (h, s) in enumerate(zip(_HTK_OCT, _SLANEY_OCT, strict=True)):
        top = 100 * max(h / _HTK_OCT.sum(), s / _SLANEY_OCT.sum())
        right.text(
            i,
            top + 0.8,
            f"{h:.0f}\n{s:.1f}",
            ha="center",
            va="bottom",
            fontsize=6.5,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none"},
        )
    right.set_xticks(x, [f"C{o}-{o + 1}" for o in _C_OCTAVES[:-1]], fontsize=7)
    right.set_ylabel("% of the C2-C8 range")
    right.set_ylim(0, 46)
    right.legend(loc="upper left", fontsize=7.5)
    right.set_title("Size of each octave", fontsize=9)
    return fig


# ------------------------------------------------------------------------------------------
# CQT vs STFT on recorded music
# ------------------------------------------------------------------------------------------

_MUSIC_FILE = "music/manolo_camp-morning_coffee.flac"
_MUSIC_START_S, _MUSIC_SECONDS = 2.0, 6.0
_CQT_HOP, _CQT_BINS, _STFT_NFFT = 256, 84, 2048


def _music_excerpt() -> tuple[np.ndarray, int]:
    (row,) = [u for u in corpus.utterances(split="noise") if u.file == _MUSIC_FILE]
    y = corpus.load(row)
    start = round(_MUSIC_START_S * corpus.SR)
    return y[start : start + round(_MUSIC_SECONDS * corpus.SR)], corpus.SR


def _db(x: np.ndarray) -> np.ndarray:
    """Display only: dB re the excerpt's largest value, floored at -80 dB."""
    return power_to_db(np.abs(x) ** 2, ref=np.max, top_db=80.0)


_CQT_FREQS = cqt_frequencies(_CQT_BINS)


@figure(
    "cqt_vs_stft_music",
    title="The same music as an STFT and as a constant-Q transform",
    alt=(
        "Two stacked heat maps of the same 6-second excerpt of recorded instrumental music "
        "(Manolo Camp, 'Morning coffee', 16 kHz), time on the x axis. Top: the STFT "
        f"magnitude in dB, n_fft {_STFT_NFFT}, on a linear frequency axis from 0 to 4 kHz: "
        "the notes and their harmonics are thin lines crowded into the bottom fifth, evenly "
        f"spaced harmonics. Bottom: the constant-Q transform, {_CQT_BINS} bins from C1 "
        f"({_CQT_FREQS[0]:.1f} Hz) to B7 ({_CQT_FREQS[-1]:.0f} Hz), one bin per semitone, "
        "rows labelled with the C of each octave: the bass notes are resolved semitone by "
        "semitone, each note's harmonics form the same stacked pattern whatever its pitch, "
        "and the high bins are sharp in time but smeared in frequency."
    ),
    caption=(
        f"Top: STFT (Hann, n_fft = {_STFT_NFFT}, 7.8 Hz per bin), linear axis, 0-4 kHz. "
        f"Bottom: `cqt` with {_CQT_BINS} bins, 12 per octave from C1, hop {_CQT_HOP}: "
        "every octave gets the same height, so a melody moves by the same distance "
        "wherever it is and a chord keeps its shape. Both in dB re their largest value "
        "(for display only: see the ref=np.max pitfall below)."
    ),
)
def cqt_vs_stft_music():
    y, sr = _music_excerpt()
    S = _db(stft(y, n_fft=_STFT_NFFT, hop_length=_CQT_HOP))
    C = _db(cqt(y, sr=sr, hop_length=_CQT_HOP, n_bins=_CQT_BINS))
    fig, (top, bottom) = new_figure(2, 1, height=5.0, sharex=True)
    times = (np.arange(S.shape[1] + 1) - 0.5) * _CQT_HOP / sr
    freqs = (np.arange(S.shape[0] + 1) - 0.5) * sr / _STFT_NFFT
    keep = freqs <= 4000.0
    top.pcolormesh(
        times, freqs[keep] / 1000, S[: keep.sum() - 1], vmin=-80, vmax=0, rasterized=True
    )
    top.set_ylabel("frequency (kHz)")
    top.set_title("STFT, linear frequency (0-4 kHz)", loc="left")
    bins = np.arange(_CQT_BINS + 1) - 0.5
    mesh = bottom.pcolormesh(times, bins, C, vmin=-80, vmax=0, rasterized=True)
    octaves = np.arange(0, _CQT_BINS, 12)
    bottom.set_yticks(
        octaves,
        [f"{midi_to_note(24 + b)} {_CQT_FREQS[b]:.0f} Hz" for b in octaves],
        fontsize=7,
    )
    bottom.set_ylabel("CQT bin (semitones from C1)")
    bottom.set_title(f"Constant-Q transform, {_CQT_BINS} bins, 12 per octave", loc="left")
    bottom.set_xlabel("time (s)")
    bottom.set_xlim(0, len(y) / sr)
    for ax in (top, bottom):
        ax.grid(False)
    fig.colorbar(mesh, ax=[top, bottom], label="dB re max (display)", pad=0.01, aspect=35)
    return fig


# ------------------------------------------------------------------------------------------
# chroma of a scale
# ------------------------------------------------------------------------------------------

_CHROMA_HOP = 512
_CLASSES = [midi_to_note(m, octave=False) for m in range(12)]


def _scale_chromas() -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    y, sr = c_major_equal_temperament()
    return (
        chroma_stft(y, sr=sr, hop_length=_CHROMA_HOP),
        chroma_cqt(y, sr=sr, hop_length=_CHROMA_HOP),
        y,
        sr,
    )


def note_frames(sr: int = CLIP_SR) -> list[int]:
    """The chroma frame in the middle of each of the clip's 8 notes (0.12 s lead-in, 0.34 s)."""
    return [round((0.12 + 0.34 * i + 0.17) * sr / _CHROMA_HOP) for i in range(8)]


def top_classes(chroma: np.ndarray) -> list[str]:
    """The brightest pitch class of each note of the scale clip."""
    return [_CLASSES[c] for c in chroma[:, note_frames()].argmax(axis=0)]


# the STFT chroma only: the CQT one takes a second, too long for import time (a test
# checks that the CQT chroma names the same classes, as the alt text says)
_TOP = top_classes(chroma_stft(c_major_equal_temperament()[0], sr=CLIP_SR, hop_length=_CHROMA_HOP))


@figure(
    "chroma_c_major",
    title="Chroma of a C major scale and triad",
    alt=(
        "Two heat maps of 12 rows, the pitch classes C to B from bottom to top, against time "
        "for the equal-tempered clip: the notes C4 D4 E4 F4 G4 A4 B4 C5, 0.34 s each, then "
        "the triad C-E-G for 1.3 s. Top: chroma from the STFT; bottom: chroma from the "
        "constant-Q transform. Both show a staircase climbing C, D, E, F, G, A, B and back "
        "to C (C4 and C5 land in the same row), then three bright rows, C, E and G, for "
        "the chord. The brightest class of each note is, in both, "
        f"{' '.join(_TOP)}; the STFT version has more energy in neighbouring classes (its low "
        "bins are wider than a semitone) and in the fifths of each note (the 3rd harmonic)."
    ),
    caption=(
        "Chroma folds every octave onto 12 pitch classes: C4 and C5 fall in the same row, "
        "and the chord lights C, E and G. Top: `chroma_stft` (n_fft 2048); bottom: "
        "`chroma_cqt` (36 bins per octave from C1); each frame scaled to a maximum of 1. "
        "The bright slivers between notes and at the very end are frames holding only the "
        "tail of a fade, scaled up to 1 like the rest: per-frame normalisation amplifies "
        "near-silence, as ref=np.max does below."
    ),
)
def chroma_c_major():
    stft_chroma, cqt_chroma, y, sr = _scale_chromas()
    fig, axes = new_figure(2, 1, height=4.4, sharex=True)
    times = (np.arange(stft_chroma.shape[1] + 1) - 0.5) * _CHROMA_HOP / sr
    rows = np.arange(13) - 0.5
    for ax, chroma, title in (
        (axes[0], stft_chroma, "chroma_stft"),
        (axes[1], cqt_chroma, "chroma_cqt"),
    ):
        mesh = ax.pcolormesh(times, rows, chroma, vmin=0, vmax=1, cmap="magma", rasterized=True)
        ax.set_yticks(np.arange(12), _CLASSES, fontsize=7)
        ax.set_ylabel("pitch class")
        ax.set_title(title, loc="left", pad=13)
        ax.grid(False)
    for i, name in enumerate(("C4", "D4", "E4", "F4", "G4", "A4", "B4", "C5")):
        axes[0].text((0.12 + 0.34 * i + 0.17), 12.0, name, ha="center", va="bottom", fontsize=7)
    axes[0].text(0.12 + 8 * 0.34 + 0.12 + 0.65, 12.0, "C-E-G", ha="center", va="bottom", fontsize=7)
    axes[1].set_xlabel("time (s)")
    axes[1].set_xlim(0, len(y) / sr)
    fig.colorbar(mesh, ax=list(axes), label="chroma (max 1 per frame)", pad=0.01, aspect=30)
    return fig


# ------------------------------------------------------------------------------------------
# MFCC
# ------------------------------------------------------------------------------------------

_MF_NFFT, _MF_HOP, _MF_MELS, _MF_N = 1024, 256, 80, 20


def _mfcc_parts() -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    y, sr = load_speech("hearing")
    power = np.abs(stft(y, n_fft=_MF_NFFT, hop_length=_MF_HOP)) ** 2
    log_mel = power_to_db(mel_filterbank(sr=sr, n_fft=_MF_NFFT, n_mels=_MF_MELS) @ power)
    coefficients = mfcc(log_mel, n_mfcc=_MF_N)
    rebuilt = dct_basis(_MF_N, _MF_MELS).T @ coefficients  # the orthonormal inverse
    return log_mel, coefficients, rebuilt, sr


def _rebuild_error() -> float:
    log_mel, _, rebuilt, _ = _mfcc_parts()
    return float(np.sqrt(np.mean((log_mel - rebuilt) ** 2)))


_MF_ERROR = _rebuild_error()
_MF_LIMIT = float(np.abs(_mfcc_parts()[1][1:]).max())


@figure(
    "mfcc_speech",
    title="A log-mel spectrogram, its 20 MFCCs, and what 20 MFCCs keep",
    alt=(
        "Three stacked heat maps of the same 3.6-second synthetic speech clip against time. "
        f"Top: the {_MF_MELS}-band log-mel spectrogram in dB (ref = 1.0), showing the voice's "
        "harmonics as fine horizontal ridges in the low bands and the formants as broad "
        f"bright regions. Middle: its first {_MF_N} MFCCs, one row per coefficient, in a "
        f"red-blue colour scale from {-_MF_LIMIT:.0f} to {_MF_LIMIT:.0f}: coefficient 0 (the "
        "overall level) lies far below that range and is drawn as a dark band; the others "
        "swing in both directions, largest in the low coefficients, and are all 0 in the "
        "pause near 0.9 s, where the spectrum is flat at the floor. Bottom: the log-mel "
        f"rebuilt from those {_MF_N} coefficients "
        "by the inverse DCT: the broad envelope and the pauses survive, the harmonic ridges "
        f"are gone; the rebuilt spectrogram differs from the original by {_MF_ERROR:.1f} dB "
        "RMS."
    ),
    caption=(
        f"MFCCs keep the spectral envelope and drop the fine structure: {_MF_N} orthonormal "
        f"DCT-II coefficients of {_MF_MELS} log-mel bands (n_fft {_MF_NFFT}, hop {_MF_HOP}, "
        "22.05 kHz), and the log-mel they imply (bottom), "
        f"{_MF_ERROR:.1f} dB RMS from the original: the pitch harmonics are smoothed away."
    ),
)
def mfcc_speech():
    log_mel, coefficients, rebuilt, sr = _mfcc_parts()
    fig, axes = new_figure(3, 1, height=5.6, sharex=True)
    times = (np.arange(log_mel.shape[1] + 1) - 0.5) * _MF_HOP / sr
    vmax = float(log_mel.max())
    bands = np.arange(_MF_MELS + 1) - 0.5
    mesh = axes[0].pcolormesh(times, bands, log_mel, vmin=vmax - 80, vmax=vmax, rasterized=True)
    axes[0].set_title(f"Log-mel spectrogram, {_MF_MELS} bands (dB, ref = 1.0)", loc="left")
    axes[0].set_ylabel("mel band")
    fig.colorbar(mesh, ax=axes[0], label="dB", pad=0.01)
    limit = float(np.abs(coefficients[1:]).max())
    mesh = axes[1].pcolormesh(
        times,
        np.arange(_MF_N + 1) - 0.5,
        np.clip(coefficients, -limit, limit),
        cmap="RdBu_r",
        vmin=-limit,
        vmax=limit,
        rasterized=True,
    )
    axes[1].set_title(
        f"{_MF_N} MFCCs (coefficient 0, the level, clipped to the colour range)", loc="left"
    )
    axes[1].set_ylabel("coefficient")
    fig.colorbar(mesh, ax=axes[1], label="value", pad=0.01)
    mesh = axes[2].pcolormesh(times, bands, rebuilt, vmin=vmax - 80, vmax=vmax, rasterized=True)
    axes[2].set_title(f"Log-mel rebuilt from the {_MF_N} MFCCs", loc="left")
    axes[2].set_ylabel("mel band")
    axes[2].set_xlabel("time (s)")
    fig.colorbar(mesh, ax=axes[2], label="dB", pad=0.01)
    for ax in axes:
        ax.grid(False)
    return fig


# ------------------------------------------------------------------------------------------
# the ref=np.max pitfall
# ------------------------------------------------------------------------------------------

_PF_NFFT, _PF_HOP, _PF_MELS, _PF_QUIET_DB = 1024, 256, 80, -40.0


def pitfall_features() -> dict[str, dict[str, np.ndarray]]:
    """Log-mel features of one speech clip at two levels and of near-silence, two ways.

    Returns `{"max": {...}, "one": {...}}`: `ref=np.max` (top_db 80, per clip) and
    `ref=1.0` (top_db None), each with the keys `"loud"`, `"quiet"` (the same clip
    40 dB down) and `"silence"` (seeded white noise at 1e-4 RMS, -80 dBFS).
    """
    y, sr = load_speech("hearing")
    clips = {
        "loud": y,
        "quiet": y * 10 ** (_PF_QUIET_DB / 20),
        "silence": white_noise(sr=sr, duration=len(y) / sr, amplitude=1e-4, rng=15),
    }
    bank = mel_filterbank(sr=sr, n_fft=_PF_NFFT, n_mels=_PF_MELS)
    mels = {
        k: bank @ np.abs(stft(v, n_fft=_PF_NFFT, hop_length=_PF_HOP)) ** 2 for k, v in clips.items()
    }
    return {
        "max": {k: power_to_db(m, ref=np.max) for k, m in mels.items()},
        "one": {k: power_to_db(m, ref=1.0, top_db=None) for k, m in mels.items()},
    }


def _pitfall_numbers() -> tuple[float, float, float, float]:
    features = pitfall_features()
    same = float(np.abs(features["max"]["loud"] - features["max"]["quiet"]).max())
    gap = float(np.median(features["one"]["loud"] - features["one"]["quiet"]))
    silence_top = float(features["max"]["silence"].max())
    silence_abs = float(np.median(features["one"]["silence"]))
    return same, gap, silence_top, silence_abs


_PF_SAME, _PF_GAP, _PF_SIL_TOP, _PF_SIL_ABS = _pitfall_numbers()


@figure(
    "ref_max_pitfall",
    format="svg",
    title="ref=np.max throws the level away",
    alt=(
        "Two line charts of the time-averaged log-mel spectrum (dB) against mel band 0 to 79 "
        "for three clips: a speech clip (solid blue), the same clip 40 dB quieter (dashed "
        "orange) and near-silence, white noise at -80 dBFS (dotted grey). Left, features "
        "in dB re each clip's own maximum (ref=np.max): the loud and quiet curves lie "
        f"exactly on top of each other (largest difference {_PF_SAME:.0e} dB) and the "
        "near-silence curve is a flat line near the top of the chart, as high as loud "
        f"speech (its maximum is {_PF_SIL_TOP:.0f} dB). Right, in dB re 1.0 (ref=1.0): the "
        f"quiet curve is about {_PF_GAP:.0f} dB below the loud one in every band and the noise "
        f"is a flat line at its own level, about {_PF_SIL_ABS:.0f} dB, below the loud speech "
        "in every band."
    ),
    caption=(
        "The same speech at two levels and near-silence, as 80-band log-mel features. "
        "With ref=np.max (left) each clip is measured against its own loudest bin: the "
        f"two levels give identical features (to {_PF_SAME:.0e} dB) and -80 dBFS noise "
        "reaches 0 dB like speech. With a fixed reference (right, ref=1.0) the level "
        f"survives: the two levels are {_PF_GAP:.0f} dB apart and the noise sits at its "
        f"true level (median {_PF_SIL_ABS:.0f} dB)."
    ),
)
def ref_max_pitfall():
    features = pitfall_features()
    fig, axes = new_figure(1, 2, height=3.2, sharex=True)
    styles = {
        "loud": (PALETTE["blue"], "-", "speech"),
        "quiet": (PALETTE["orange"], "--", "speech, 40 dB quieter"),
        "silence": (PALETTE["grey"], ":", "white noise, -80 dBFS"),
    }
    bands = np.arange(_PF_MELS)
    for ax, key, title in (
        (axes[0], "max", "ref=np.max (per clip)"),
        (axes[1], "one", "ref=1.0 (fixed)"),
    ):
        for name, (color, ls, label) in styles.items():
            ax.plot(bands, features[key][name].mean(axis=1), color=color, ls=ls, label=label)
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("mel band")
        ax.set_xlim(0, _PF_MELS - 1)
    axes[0].set_ylabel("mean log-mel (dB)")
    axes[0].legend(loc="lower left", fontsize=7.5)
    return fig
