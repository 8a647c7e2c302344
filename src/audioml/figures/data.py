"""Figures for the chapter "Audio as data": aliasing, resampling, quantisation, loudness."""

from __future__ import annotations

import numpy as np

from ..level import (
    ABSOLUTE_GATE_LUFS,
    AMIN,
    OFFSET_DB,
    RELATIVE_GATE_LU,
    block_loudness,
    integrated_loudness,
)
from ..plotting import PALETTE, new_figure
from ..sampling import alias_frequency, quantize, resample
from ..signals import chirp, load_speech
from ..spectral import amplitude_to_db, stft
from . import figure

#: The folding example: a 7 kHz tone sampled at 8 kHz.
TONE_HZ, TONE_SR = 7000.0, 8000
#: The chirp example: 0 -> 12 kHz at 48 kHz, then to 16 kHz by dropping samples or resampling.
CHIRP_SR, CHIRP_TARGET, CHIRP_TOP_HZ, CHIRP_SECONDS = 48000, 16000, 12000.0, 2.5


def chirp_48k() -> np.ndarray:
    """The linear chirp of the aliasing figure and clips (48 kHz, amplitude 0.5)."""
    return chirp(
        fmin=20.0,
        fmax=CHIRP_TOP_HZ,
        sr=CHIRP_SR,
        duration=CHIRP_SECONDS,
        linear=True,
        amplitude=0.5,
    )


@figure(
    "aliasing_tone",
    title="A 7 kHz tone sampled at 8 kHz looks like 1 kHz",
    alt="A fast grey sine of 7 kHz drawn over 2 milliseconds, with dots where it is sampled "
    "8000 times a second. The dots lie exactly on a slow orange sine of 1 kHz, drawn through "
    "them: from the samples alone the two tones cannot be told apart.",
    caption="A 7 kHz sine (grey) sampled at 8 kHz (dots). The Nyquist frequency is 4 kHz; "
    "the samples are also those of a 1 kHz sine (orange, with its phase inverted): "
    "`alias_frequency(7000, sr=8000)` is 1000 Hz. Any playback of these samples plays "
    "1 kHz.",
    format="svg",
)
def aliasing_tone():
    alias = alias_frequency(TONE_HZ, sr=TONE_SR)
    t_fine = np.linspace(0, 0.002, 2000)
    n = np.arange(int(0.002 * TONE_SR) + 1)
    t_n = n / TONE_SR
    fig, ax = new_figure(height=2.6)
    ax.plot(
        t_fine * 1000,
        np.sin(2 * np.pi * TONE_HZ * t_fine),
        color="#9a9a9a",
        lw=0.9,
        label=f"{TONE_HZ / 1000:g} kHz tone",
    )
    ax.plot(
        t_fine * 1000,
        -np.sin(2 * np.pi * alias * t_fine),
        color=PALETTE["orange"],
        label=f"{alias / 1000:g} kHz tone (phase inverted)",
    )
    ax.plot(
        t_n * 1000,
        np.sin(2 * np.pi * TONE_HZ * t_n),
        "o",
        color=PALETTE["blue"],
        label=f"samples at {TONE_SR / 1000:g} kHz",
    )
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("amplitude")
    ax.set_xlim(0, 2)
    ax.legend(loc="upper right", ncols=3, fontsize=7.5)
    ax.set_ylim(-1.25, 1.5)
    return fig


def _spectrogram(ax, y, sr, title):
    n_fft, hop = 512, 128
    S_db = amplitude_to_db(np.abs(stft(y, n_fft=n_fft, hop_length=hop)), ref=np.max)
    times = (np.arange(S_db.shape[1] + 1) - 0.5) * hop / sr
    freqs = np.arange(S_db.shape[0] + 1) * sr / n_fft
    mesh = ax.pcolormesh(times, freqs / 1000, S_db, vmin=-100, vmax=0, rasterized=True)
    ax.grid(False)
    ax.set_xlim(0, len(y) / sr)
    ax.set_ylim(0, sr / 2000)
    ax.set_title(title, loc="left")
    ax.set_ylabel("frequency (kHz)")
    return mesh


@figure(
    "aliasing_chirp",
    title="A rising chirp, downsampled with and without a low-pass",
    alt="Three spectrograms over 2.5 seconds. Top: at 48 kHz, a straight line rising from "
    "0 to 12 kHz. Middle: after keeping every third sample (16 kHz), the line rises to "
    "8 kHz and then folds back down, reaching 4 kHz at the end. Bottom: after band-limited "
    "resampling to 16 kHz, the line rises to 8 kHz and then stops: nothing folds back.",
    caption="A linear chirp from 20 Hz to 12 kHz over 2.5 s at 48 kHz (top), taken to "
    "16 kHz (Nyquist 8 kHz) by keeping every third sample (middle) and by "
    "`audioml.sampling.resample` (bottom). Without the low-pass, every frequency above "
    "8 kHz folds back: 12 kHz becomes 4 kHz. Spectrograms: Hann, 512 samples, hop 128, "
    "dB re max, floored at -100 dB.",
)
def aliasing_chirp():
    y = chirp_48k()
    naive = y[:: CHIRP_SR // CHIRP_TARGET]
    proper = resample(y, orig_sr=CHIRP_SR, target_sr=CHIRP_TARGET)
    fig, axes = new_figure(
        3, 1, height=5.6, sharex=True, gridspec_kw={"height_ratios": [1.5, 1, 1]}
    )
    mesh = _spectrogram(axes[0], y, CHIRP_SR, "48 kHz original")
    _spectrogram(axes[1], naive, CHIRP_TARGET, "16 kHz, every third sample (no low-pass)")
    _spectrogram(axes[2], proper, CHIRP_TARGET, "16 kHz, band-limited resampling")
    axes[2].set_xlabel("time (s)")
    fig.colorbar(mesh, ax=axes, label="dB re max", pad=0.01, aspect=30)
    return fig


@figure(
    "quantization_dither",
    title="Quantisation error with and without dither",
    alt="Two rows. Left column: a quiet 440 Hz sine of 3 LSB amplitude quantised to 8 bits, "
    "as a staircase without dither and as a noisy staircase with TPDF dither. Right "
    "column: the spectra of the two errors. Without dither the error is a comb of "
    "harmonics of 440 Hz; with dither it is a flat noise floor with no harmonics.",
    caption="A 440 Hz sine of amplitude 3 LSB (about -33 dBFS at 8 bits, where 1 LSB is "
    "2^-7) quantised to 8 bits by `quantize`, without dither (top) and with TPDF dither "
    "(bottom; `rng=0`). Left: 5 ms of the input (grey) and the output. Right: the "
    "spectrum of the error (output minus input), 1 s at 16 kHz, Hann window, dB re full "
    "scale. Without dither the error is periodic, so its spectrum is a comb of lines: "
    "harmonics of 440 Hz, most folded back from above 8 kHz (distortion). With dither it "
    "is a steady, flat noise floor, 4.8 dB more powerful but unrelated to the signal.",
)
def quantization_dither():
    sr, bits = 16000, 8
    lsb = 2.0 ** (1 - bits)
    t = np.arange(sr) / sr
    x = 3 * lsb * np.sin(2 * np.pi * 440 * t)
    rows = [
        ("no dither", quantize(x, bits=bits)),
        ("TPDF dither", quantize(x, bits=bits, dither="tpdf", rng=0)),
    ]
    fig, axes = new_figure(2, 2, height=4.2, gridspec_kw={"width_ratios": [1, 1.4]})
    window = np.hanning(sr)
    freqs = np.fft.rfftfreq(sr, 1 / sr)
    for (label, q), (ax_t, ax_f) in zip(rows, axes, strict=True):
        keep = t < 0.005
        ax_t.plot(t[keep] * 1000, x[keep] / lsb, color="#9a9a9a", lw=1.0)
        ax_t.step(t[keep] * 1000, q[keep] / lsb, where="mid", color=PALETTE["blue"], lw=1.0)
        ax_t.set_ylabel("LSB")
        ax_t.set_title(label, loc="left")
        spec = np.abs(np.fft.rfft((q - x) * window)) * 2 / window.sum()
        ax_f.plot(freqs / 1000, 20 * np.log10(spec + 1e-12), color=PALETTE["vermillion"], lw=0.6)
        ax_f.set_ylim(-130, -40)
        ax_f.set_xlim(0, 8)
        ax_f.set_ylabel("error (dBFS)")
    axes[1, 0].set_xlabel("time (ms)")
    axes[1, 1].set_xlabel("frequency (kHz)")
    return fig


@figure(
    "loudness_gating",
    title="BS.1770 block loudness and gates on a speech clip",
    alt="The block loudness of a 3-second speech clip, one point per 400 ms block every "
    "100 ms, between about -40 and -15 LUFS, with a horizontal dashed line for the "
    "relative gate about 10 LU below the programme loudness and a solid line for the "
    "integrated loudness. Blocks below the relative gate, in pauses, are drawn hollow.",
    caption="`block_loudness` of the shipped clip `fox_male`, padded with 1 s of silence "
    "on both sides (22.05 kHz): one value per 400 ms block, every 100 ms, drawn at the "
    "block's centre. Blocks of pure silence read the function's floor (-200.7 LUFS, not "
    "drawn) and fall below the absolute gate (-70 LUFS). The relative gate is 10 LU below "
    "the loudness of the blocks above the absolute gate; only filled blocks count in the "
    "integrated loudness (solid line).",
    format="svg",
)
def loudness_gating():
    speech, sr = load_speech("fox_male")
    y = np.concatenate([np.zeros(sr), speech, np.zeros(sr)])
    blocks = block_loudness(y, sr=sr, amin=AMIN)
    audible = blocks > OFFSET_DB + 20 * np.log10(AMIN)  # not digital silence
    centres = 0.2 + 0.1 * np.arange(len(blocks))
    above = blocks > ABSOLUTE_GATE_LUFS
    power = np.mean(10 ** ((blocks[above] + 0.691) / 10))
    relative = -0.691 + 10 * np.log10(power) + RELATIVE_GATE_LU
    integrated = integrated_loudness(y, sr=sr)
    kept = above & (blocks > relative)
    fig, ax = new_figure(height=2.8)
    shown = np.where(audible, blocks, np.nan)
    ax.plot(centres, shown, color="#9a9a9a", lw=0.8)
    ax.plot(centres[kept], blocks[kept], "o", ms=4, color=PALETTE["blue"], label="counted")
    dropped = ~kept & audible
    ax.plot(
        centres[dropped],
        blocks[dropped],
        "o",
        ms=4,
        mfc="white",
        color=PALETTE["blue"],
        label="gated out",
    )
    ax.axhline(
        relative, ls="--", color=PALETTE["vermillion"], label=f"relative gate {relative:.1f} LUFS"
    )
    ax.axhline(
        integrated, color=PALETTE["green"], label=f"integrated loudness {integrated:.1f} LUFS"
    )
    ax.set_xlim(0, len(y) / sr)
    ax.set_ylim(-60, -5)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("block loudness (LUFS)")
    ax.legend(loc="upper right", ncols=2, fontsize=7.5)
    return fig


@figure(
    "k_weighting_response",
    title="The K-weighting filter of BS.1770 at three sampling rates",
    alt="Top: gain in dB against frequency from 10 Hz to 24 kHz on a log axis for the "
    "K-weighting filter at 48, 44.1 and 16 kHz; the curves lie on top of each other, rising "
    "from about -13 dB at 20 Hz through 0.7 dB at 1 kHz to a shelf near +4 dB above 3 kHz. "
    "Bottom: the difference from the 48 kHz filter: below a hundredth of a dB for 44.1 kHz; "
    "for 16 kHz a constant offset of just under a tenth of a dB at low frequencies, a dip "
    "near 1 kHz and a bump of about 0.15 dB around 2.5 kHz.",
    caption="Top: magnitude response of `k_weighting(sr=...)`, both stages (shelf and RLB "
    "high-pass), at 48 kHz (the Recommendation's own coefficients), 44.1 kHz and 16 kHz "
    "(re-derived by the bilinear transform); the dot marks +0.691 dB at 997 Hz, which the "
    "loudness formula's -0.691 cancels. Bottom: each rate's response minus the 48 kHz "
    "one. The prototypes are prewarped at their own corner frequencies only, so at 16 kHz "
    "the bilinear transform bends the rest of the curve by up to 0.15 dB; at 44.1 kHz the "
    "two filters are practically the same.",
    format="svg",
)
def k_weighting_response():
    import scipy.signal

    from ..level import k_weighting

    def response(rate, f):
        _, h = scipy.signal.sosfreqz(k_weighting(sr=rate), worN=f, fs=rate)
        return 20 * np.log10(np.abs(h))

    fig, (ax, ax_diff) = new_figure(
        2, 1, height=4.2, sharex=True, gridspec_kw={"height_ratios": [2, 1]}
    )
    colors = {48000: PALETTE["blue"], 44100: PALETTE["orange"], 16000: PALETTE["vermillion"]}
    for rate, color in colors.items():
        f = np.geomspace(10, rate / 2 * 0.999, 400)
        gain = response(rate, f)
        ax.plot(f, gain, color=color, label=f"{rate / 1000:g} kHz")
        if rate != 48000:
            ax_diff.plot(f, gain - response(48000, f), color=color, label=f"{rate / 1000:g} kHz")
    ax.plot(
        [997.0],
        response(48000, [997.0]),
        "o",
        color=PALETTE["black"],
        ms=4,
        label="997 Hz, +0.691 dB",
    )
    ax.set_xscale("log")
    ax.set_xlim(10, 24000)
    ax.set_ylim(-20, 6)
    ax.set_ylabel("gain (dB)")
    ax.legend(loc="lower right")
    ax_diff.axhline(0.0, color="#9a9a9a", lw=0.8)
    ax_diff.set_ylabel("minus 48 kHz (dB)")
    ax_diff.set_xlabel("frequency (Hz)")
    ax_diff.legend(loc="upper left")
    return fig
