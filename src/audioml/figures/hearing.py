"""Figures for the chapter "Human hearing": loudness vs frequency, pitch vs frequency."""

from __future__ import annotations

import warnings

import numpy as np
from matplotlib.ticker import FuncFormatter, NullFormatter

from ..filterbanks import mel_filterbank
from ..loudness import (
    a_weighting,
    c_weighting,
    hearing_threshold,
    iso226_spl,
    iso226_validity,
)
from ..media.hearing import EXPLORER_TONES_HZ
from ..plotting import PALETTE, new_figure
from ..scales import hz_to_bark, hz_to_erb_rate, hz_to_mel, mel_frequencies
from ..signals import load_speech
from ..spectral import power_to_db, stft
from . import figure

F_GRID = np.geomspace(20.0, 12500.0, 600)
LEVELS = tuple(range(20, 100, 10))
_TICKS = (20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)


def _hz_label(f: float, _pos=None) -> str:
    return f"{f / 1000:g}k" if f >= 1000 else f"{f:g}"


def _log_freq_axis(ax, low: float = 20.0, high: float = 12500.0) -> None:
    ax.set_xscale("log")
    ax.set_xlim(low, high)
    ax.set_xticks([t for t in _TICKS if low <= t <= high])
    ax.xaxis.set_major_formatter(FuncFormatter(_hz_label))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("frequency (Hz)")


def _contour(phon: float, *, edition: int = 2023) -> tuple[np.ndarray, np.ndarray]:
    """SPL of one contour on F_GRID and a mask of where it is inside the validity range.

    Outside the range the standard still gives a formula; we draw it dashed, and
    silence the (expected) validity warning for exactly that part.
    """
    low, high = iso226_validity(F_GRID)
    valid = (phon >= low) & (phon <= high)
    spl = np.empty_like(F_GRID)
    spl[valid] = iso226_spl(phon, F_GRID[valid], edition=edition)
    if (~valid).any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            spl[~valid] = iso226_spl(phon, F_GRID[~valid], edition=edition)
    return spl, valid


def _draw_contour(ax, phon, *, color, lw=1.4, edition=2023, label=None, dashed_style="--"):
    spl, valid = _contour(phon, edition=edition)
    solid = np.where(valid, spl, np.nan)
    ax.plot(F_GRID, solid, color=color, lw=lw, label=label)
    if (~valid).any():
        # include the boundary point so the dashed part joins the solid part
        edge = np.flatnonzero(~valid)
        start = max(edge[0] - 1, 0)
        dashed = np.full_like(spl, np.nan)
        dashed[start:] = spl[start:]
        ax.plot(F_GRID, dashed, color=color, lw=lw, ls=dashed_style)
    return spl


def _label_on_line(ax, f: float, spl: float, text: str, *, color="#1a1a1a", size=7.5):
    ax.text(
        f,
        spl,
        text,
        color=color,
        fontsize=size,
        ha="center",
        va="center",
        bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none"},
    )


def _spl_at(phon: float, f: float) -> float:
    spl, _ = _contour(phon)
    return float(np.interp(np.log(f), np.log(F_GRID), spl))


def _contours_axes(ax, *, highlight: int | None = None, label_f: float = 1000.0) -> None:
    for phon in LEVELS:
        if highlight is None:
            color, lw = PALETTE["blue"], 1.3
        else:
            color, lw = (PALETTE["blue"], 2.4) if phon == highlight else ("#b3b3b3", 0.9)
        spl = _draw_contour(ax, phon, color=color, lw=lw)
        if highlight is None or phon == highlight:
            value = float(np.interp(np.log(label_f), np.log(F_GRID), spl))
            _label_on_line(
                ax,
                label_f,
                value,
                f"{phon} phon",
                color=color if highlight is not None else "#1a1a1a",
            )
    ax.plot(F_GRID, hearing_threshold(F_GRID), color=PALETTE["vermillion"], lw=1.6)
    _log_freq_axis(ax)
    ax.set_ylabel("sound pressure level (dB SPL)")


_SPL_100_40 = iso226_spl(40, 100)
_SPL_3150_40 = iso226_spl(40, 3150)


@figure(
    "equal_loudness_contours",
    format="svg",
    png_copy=True,  # the seed document links figs/equal_loudness_contours.png
    title="Equal-loudness contours (ISO 226:2023)",
    alt=(
        "Line chart, log frequency axis from 20 Hz to 12.5 kHz, sound pressure level from "
        "-10 to 130 dB SPL. Eight blue curves, the equal-loudness contours from 20 to 90 "
        "phon in 10-phon steps, and an orange curve, the threshold of hearing (78.1 dB at 20 Hz, "
        "2.4 dB at 1 kHz, lowest -6.0 dB at 3.15 kHz). Every contour passes through its own "
        "phon value at 1 kHz, dips near 3 to 4 kHz and rises steeply towards low "
        f"frequencies: 40 phon needs {_SPL_100_40:.1f} dB at 100 Hz but only "
        f"{_SPL_3150_40:.1f} dB at 3.15 kHz. The contours bunch together at low frequencies. "
        "The 90-phon contour is dashed above 4 kHz, where the standard is not valid."
    ),
    caption=(
        "Equal-loudness contours of ISO 226:2023: each curve joins the levels at which pure "
        "tones sound as loud as a 1 kHz tone of that many dB (phon). Notice how much more "
        "level low tones need, and the sensitive region around 3-4 kHz. Dashed: outside the "
        "standard's validity range (above 80 phon beyond 4 kHz)."
    ),
)
def equal_loudness_contours():
    fig, ax = new_figure(height=3.8)
    _contours_axes(ax)
    ax.text(
        42,
        hearing_threshold(42.0) - 5,
        "threshold of hearing",
        color=PALETTE["vermillion"],
        fontsize=8,
        ha="left",
        va="top",
        rotation=-32,
    )
    ax.set_ylim(-10, 130)
    ax.set_title("Equal-loudness contours, ISO 226:2023")
    return fig


_EDITION_LEVELS = (20, 40, 60, 80)


def _edition_difference(phon: int) -> np.ndarray:
    return _contour(phon, edition=2023)[0] - _contour(phon, edition=2003)[0]


_MAX_EDITION_DIFF = max(float(np.abs(_edition_difference(p)).max()) for p in _EDITION_LEVELS)


@figure(
    "iso226_editions",
    format="svg",
    title="ISO 226: 2003 vs 2023",
    alt=(
        "Two panels sharing a log frequency axis from 20 Hz to 12.5 kHz. Top: the 20, 40, 60 "
        "and 80 phon contours of ISO 226:2003 (dashed) and ISO 226:2023 (solid); they nearly "
        "overlap. Bottom: the difference 2023 minus 2003 in dB for each level; it wiggles "
        f"around zero and stays within {_MAX_EDITION_DIFF:.2f} dB everywhere, largest for "
        "20 phon below 500 Hz and near 10 kHz."
    ),
    caption=(
        "The 2023 revision of ISO 226 moved the pure-tone contours by at most "
        f"{_MAX_EDITION_DIFF:.2f} dB (bottom: 2023 minus 2003), far less than differences "
        "between listeners. For audio-for-ML purposes the editions are interchangeable; this "
        "package defaults to 2023."
    ),
)
def iso226_editions():
    fig, (top, bottom) = new_figure(
        2, 1, height=4.8, sharex=True, gridspec_kw={"height_ratios": [2.2, 1]}
    )
    colors = [PALETTE[c] for c in ("blue", "green", "orange", "purple")]
    for phon, color in zip(_EDITION_LEVELS, colors, strict=True):
        spl23, _ = _contour(phon, edition=2023)
        spl03, _ = _contour(phon, edition=2003)
        top.plot(F_GRID, spl23, color=color, lw=1.5)
        top.plot(F_GRID, spl03, color=color, lw=1.2, ls="--")
        _label_on_line(top, 1000, phon, f"{phon} phon", color=color)
        bottom.plot(F_GRID, spl23 - spl03, color=color, lw=1.3, label=f"{phon} phon")
    top.plot([], [], color="#333333", lw=1.5, label="ISO 226:2023")
    top.plot([], [], color="#333333", lw=1.2, ls="--", label="ISO 226:2003")
    top.legend(loc="upper right")
    top.set_ylabel("dB SPL")
    top.set_ylim(-10, 125)
    top.set_title("Equal-loudness contours: 2003 (dashed) vs 2023 (solid)")
    bottom.axhline(0, color="#333333", lw=0.8)
    bottom.set_ylabel("2023 − 2003 (dB)")
    bottom.set_ylim(-0.7, 0.45)
    bottom.legend(ncol=4, loc="lower center", fontsize=7.5)
    _log_freq_axis(bottom)
    return fig


# n_fft = 1024 as in every code example of the pitch page
_FB_SR, _FB_NFFT, _FB_NMELS = 22050, 1024, 40


_FB_EDGES = mel_frequencies(_FB_NMELS + 2, fmin=0.0, fmax=_FB_SR / 2)
_FB_PEAKS = mel_filterbank(sr=_FB_SR, n_fft=_FB_NFFT, n_mels=_FB_NMELS, norm=None).max(axis=1)


@figure(
    "mel_filter_bank",
    format="svg",
    png_copy=True,  # the seed document links figs/mel_filter_bank.png
    title="A mel filter bank",
    alt=(
        f"{_FB_NMELS} overlapping triangular filters drawn over frequency from 0 to "
        f"{_FB_SR // 2} Hz, each peaking at (or, sampled at the FFT bins, just below) 1: "
        f"sampled peaks are {_FB_PEAKS.min():.2f} to 1. Below 1 kHz the "
        f"{int((_FB_EDGES[1:-1] < 1000).sum())} filters are narrow and evenly spaced, "
        f"{_FB_EDGES[1] - _FB_EDGES[0]:.0f} Hz apart; above 1 kHz they get steadily wider, "
        f"the last one spanning {_FB_EDGES[-1] - _FB_EDGES[-3]:,.0f} Hz."
    ),
    caption=(
        f"A mel filter bank: {_FB_NMELS} triangles, Slaney mel scale (librosa's default), "
        f"sr = {_FB_SR} Hz, n_fft = {_FB_NFFT}, drawn unnormalised (norm=None) so every "
        "peak is 1. Equal steps in mel: narrow, dense filters at low frequencies, wide ones "
        "at high frequencies, as the ear resolves pitch. Sampled at the FFT bins "
        f"({_FB_SR / _FB_NFFT:.1f} Hz apart), the narrow triangles peak below 1 (down to "
        f"{_FB_PEAKS.min():.2f}) when no bin falls on their centre."
    ),
)
def mel_filter_bank():
    fig, ax = new_figure(height=3.0)
    M = mel_filterbank(sr=_FB_SR, n_fft=_FB_NFFT, n_mels=_FB_NMELS, norm=None)
    freqs = np.fft.rfftfreq(_FB_NFFT, 1 / _FB_SR)
    colors = (PALETTE["blue"], PALETTE["orange"])
    for i, row in enumerate(M):
        nz = np.flatnonzero(row)
        span = slice(max(nz[0] - 1, 0), min(nz[-1] + 2, len(row)))
        color = colors[i % 2]
        ax.fill_between(freqs[span], row[span], color=color, alpha=0.18, lw=0)
        ax.plot(freqs[span], row[span], color=color, lw=0.9)
    ax.axvline(1000, color="#333333", lw=0.8, ls=":")
    ax.text(1060, 1.04, "1 kHz: linear below, logarithmic above", fontsize=7.5, va="bottom")
    ax.set_xlim(0, _FB_SR / 2)
    ax.set_ylim(0, 1.15)
    ax.set_xlabel("frequency (Hz)")
    ax.set_ylabel("weight")
    ax.set_title(f"Mel filter bank: {_FB_NMELS} triangles (Slaney mel, norm=None)")
    return fig


_SCALE_TOP = 11025.0
_F_LIN = np.linspace(1.0, _SCALE_TOP, 800)
_SCALES = {
    "mel (HTK)": (lambda f: hz_to_mel(f, htk=True), PALETTE["blue"], "-"),
    "mel (Slaney)": (hz_to_mel, PALETTE["sky"], "--"),
    "Bark (Traunmüller)": (hz_to_bark, PALETTE["orange"], "-"),
    "ERB-rate": (hz_to_erb_rate, PALETTE["green"], "-."),
}


def _normalised_at_1khz(func) -> float:
    return float(func(1000.0) / func(_SCALE_TOP))


_AT_1K = {name: _normalised_at_1khz(spec[0]) for name, spec in _SCALES.items()}
# frequency at which each scale reaches half its value at 11,025 Hz (curves are increasing)
_HALF_HZ = [
    float(np.interp(0.5, func(_F_LIN) / func(_SCALE_TOP), _F_LIN))
    for func, _, _ in _SCALES.values()
]


@figure(
    "frequency_scales",
    format="svg",
    title="Mel, Bark and ERB-rate against Hz",
    alt=(
        "Line chart: frequency in Hz from 0 to 11,025 on the x axis, each perceptual scale "
        "divided by its value at 11,025 Hz on the y axis (0 to 1). A grey diagonal is Hz "
        "itself. All four scales rise steeply at first and flatten at high frequencies: at "
        "1 kHz (9 percent of the range in Hz) they have covered "
        + ", ".join(f"{name} {100 * v:.0f}%" for name, v in _AT_1K.items())
        + " of their range. ERB-rate and Bark are the most compressive, HTK mel the least."
    ),
    caption=(
        "Four perceptual frequency scales, each normalised to 1 at 11,025 Hz so their shapes "
        f"compare: each reaches half its range between {min(_HALF_HZ):,.0f} and "
        f"{max(_HALF_HZ):,.0f} Hz, spending it where the ear resolves pitch finely, and "
        "compresses the highs."
    ),
)
def frequency_scales():
    fig, ax = new_figure(height=3.4)
    ax.plot([0, _SCALE_TOP], [0, 1], color=PALETTE["grey"], lw=1.0, ls=":", label="Hz (linear)")
    for name, (func, color, ls) in _SCALES.items():
        ax.plot(_F_LIN, func(_F_LIN) / func(_SCALE_TOP), color=color, ls=ls, label=name)
    ax.axvline(1000, color="#333333", lw=0.7, ls=":")
    ax.set_xlim(0, _SCALE_TOP)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("frequency (Hz)")
    ax.set_ylabel("scale value / value at 11,025 Hz")
    ax.legend(loc="lower right")
    ax.set_title("Perceptual frequency scales, normalised at 11,025 Hz")
    return fig


_VAR_NMELS = 16
_ZOOM_HZ = 1500.0
_VAR_EDGES = {
    htk: mel_frequencies(_VAR_NMELS + 2, fmax=_FB_SR / 2, htk=htk) for htk in (True, False)
}
# bands centred below the zoom limit, and the width of the lowest band, per scale
_VAR_LOW = {htk: int((e[1:-1] < _ZOOM_HZ).sum()) for htk, e in _VAR_EDGES.items()}
_VAR_FIRST = {htk: float(e[2] - e[0]) for htk, e in _VAR_EDGES.items()}
_VAR_STYLE = {
    True: (PALETTE["blue"], "-", "HTK mel"),
    False: (PALETTE["vermillion"], "--", "Slaney mel"),
}


@figure(
    "mel_filterbank_variants",
    format="svg",
    title="Mel filter bank variants: HTK vs Slaney, area vs peak normalisation",
    alt=(
        f"Four panels of {_VAR_NMELS}-band mel filter banks (sr {_FB_SR} Hz, n_fft "
        f"{_FB_NFFT}), the HTK mel scale in solid blue overlaid on the Slaney mel scale in "
        "dashed orange. Left column: norm='slaney' (equal area, so tall narrow filters at "
        "low frequencies and low wide ones at high frequencies); right column: norm=None "
        "(every triangle peaks at 1). Top row: the whole range, 0 to 11,025 Hz, where the "
        "two scales look alike. Bottom row: a zoom on 0 to 1,500 Hz, where they differ: "
        f"the HTK bands are narrower near 0 Hz and get wider steadily ({_VAR_LOW[True]} "
        f"bands centred below 1,500 Hz, the lowest {_VAR_FIRST[True]:.0f} Hz wide), while "
        f"the Slaney bands are equally wide below 1 kHz ({_VAR_LOW[False]} bands below "
        f"1,500 Hz, each {_VAR_FIRST[False]:.0f} Hz wide); area-normalised, the lowest HTK "
        "filters are the tallest."
    ),
    caption=(
        "The same 16-band filter bank with the HTK (solid) and Slaney (dashed) mel scales. "
        "Columns: norm='slaney' (librosa's default: equal area, heights fall with "
        "bandwidth) vs norm=None (peaks at 1; torchaudio's default). Over the whole range "
        "the scales look alike; the zoom on 0–1.5 kHz (bottom) shows where they differ: "
        f"HTK's lowest band is {_VAR_FIRST[True]:.0f} Hz wide, Slaney's "
        f"{_VAR_FIRST[False]:.0f} Hz. Check which one a model was trained with."
    ),
)
def mel_filterbank_variants():
    fig, axes = new_figure(2, 2, height=4.8, gridspec_kw={"height_ratios": [1, 1.25]})
    freqs = np.fft.rfftfreq(_FB_NFFT, 1 / _FB_SR)
    for c, norm in enumerate(("slaney", None)):
        for htk in (False, True):
            color, ls, name = _VAR_STYLE[htk]
            M = mel_filterbank(sr=_FB_SR, n_fft=_FB_NFFT, n_mels=_VAR_NMELS, htk=htk, norm=norm)
            for r, top in ((0, _FB_SR / 2), (1, _ZOOM_HZ)):
                ax = axes[r, c]
                for i, row in enumerate(M):
                    nz = np.flatnonzero(row)
                    span = slice(max(nz[0] - 1, 0), min(nz[-1] + 2, len(row)))
                    ax.plot(
                        freqs[span],
                        row[span],
                        lw=1.0 if r == 0 else 1.4,
                        ls=ls,
                        color=color,
                        label=name if i == 0 else None,
                    )
                ax.set_xlim(0, top)
        for r in (0, 1):
            ax = axes[r, c]
            ax.set_ylim(0, None)
            ax.set_ylabel("weight" if norm is None else "weight (1/Hz)")
        axes[0, c].axvspan(0, _ZOOM_HZ, color="#333333", alpha=0.08, lw=0)
        axes[0, c].set_title(f"norm={norm!r}: 0–11,025 Hz", fontsize=9)
        axes[1, c].set_title(f"norm={norm!r}: zoom on 0–1,500 Hz", fontsize=9)
        axes[1, c].set_xlabel("frequency (Hz)")
    handles, labels = axes[1, 0].get_legend_handles_labels()
    order = [labels.index("HTK mel"), labels.index("Slaney mel")]
    axes[1, 0].legend(
        [handles[i] for i in order], [labels[i] for i in order], loc="upper right", fontsize=8
    )
    return fig


_PHON_A, _PHON_C = 40, 80
_F_W = np.geomspace(20.0, 12500.0, 600)


def _inverted_contour(phon: int) -> np.ndarray:
    spl, _ = _contour(phon)
    return -(spl - iso226_spl(phon, 1000.0))


_A_PEAK_F = float(_F_W[np.argmax(a_weighting(_F_W))])
# the inverted 40-phon contour at 3.15 kHz (ear-canal resonance) and 10 kHz
_INV40_3K, _INV40_10K = (float(-(iso226_spl(_PHON_A, f) - _PHON_A)) for f in (3150.0, 10000.0))


@figure(
    "weighting_vs_contours",
    format="svg",
    title="A and C weighting vs inverted equal-loudness contours",
    alt=(
        "Line chart, log frequency 20 Hz to 12.5 kHz, gain relative to 1 kHz in dB. "
        f"A-weighting (solid blue: {a_weighting(20.0):.1f} dB at 20 Hz, "
        f"{a_weighting(100.0):.1f} dB at 100 Hz, 0 at 1 kHz, "
        f"{a_weighting(_A_PEAK_F):+.1f} dB at its maximum near {_A_PEAK_F / 1000:.1f} kHz) "
        f"lies a few dB above the inverted {_PHON_A}-phon contour (dashed blue, "
        f"{_inverted_contour(_PHON_A)[0]:.1f} dB at 20 Hz) and has the same shape below "
        f"1 kHz. C-weighting (solid orange: {c_weighting(20.0):.1f} dB at 20 Hz, within 1 dB "
        "from 50 Hz to 5 kHz) is much flatter than even the inverted "
        f"{_PHON_C}-phon contour (dashed orange, {_inverted_contour(_PHON_C)[0]:.1f} dB at "
        "20 Hz). Both inverted contours show a bump near 3 kHz and a dip near 10 kHz that "
        f"neither weighting has: the inverted {_PHON_A}-phon contour is {_INV40_3K:+.1f} dB "
        f"at 3.15 kHz and {_INV40_10K:+.1f} dB at 10 kHz, A-weighting "
        f"{a_weighting(3150.0):+.1f} and {a_weighting(10000.0):+.1f} dB."
    ),
    caption=(
        f"A-weighting, meant for quiet sounds, is roughly the {_PHON_A}-phon contour turned "
        f"upside down; C-weighting, meant for loud ones, is much flatter even than the "
        f"{_PHON_C}-phon contour. Neither follows the ear's extra sensitivity near 3 kHz "
        "or its loss of sensitivity near 10 kHz. Contours (dashed) are ISO 226:2023, "
        "inverted and shifted to 0 dB at 1 kHz; weightings from IEC 61672-1."
    ),
)
def weighting_vs_contours():
    fig, ax = new_figure(height=3.4)
    ax.plot(_F_W, a_weighting(_F_W), color=PALETTE["blue"], lw=1.8, label="A-weighting")
    ax.plot(
        _F_W,
        _inverted_contour(_PHON_A),
        color=PALETTE["blue"],
        lw=1.3,
        ls="--",
        label=f"inverted {_PHON_A}-phon contour",
    )
    ax.plot(_F_W, c_weighting(_F_W), color=PALETTE["vermillion"], lw=1.8, label="C-weighting")
    ax.plot(
        _F_W,
        _inverted_contour(_PHON_C),
        color=PALETTE["vermillion"],
        lw=1.3,
        ls="--",
        label=f"inverted {_PHON_C}-phon contour",
    )
    ax.axhline(0, color="#333333", lw=0.7)
    _log_freq_axis(ax)
    ax.set_ylabel("gain relative to 1 kHz (dB)")
    ax.set_ylim(-75, 12)
    ax.legend(loc="lower right", ncol=2)
    ax.set_title("Frequency weightings vs inverted equal-loudness contours")
    return fig


_PAIRS = ((100.0, 200.0), (10000.0, 10100.0))


def _mel_gaps(htk: bool) -> list[float]:
    return [float(hz_to_mel(b, htk=htk) - hz_to_mel(a, htk=htk)) for a, b in _PAIRS]


_GAPS_HTK, _GAPS_SLANEY = _mel_gaps(True), _mel_gaps(False)
_MEL_TOP_HTK = float(hz_to_mel(_SCALE_TOP, htk=True))
_MEL_TOP_SLANEY = float(hz_to_mel(_SCALE_TOP))
_RATIO_HTK = _GAPS_HTK[0] / _GAPS_HTK[1]
_RATIO_SLANEY = _GAPS_SLANEY[0] / _GAPS_SLANEY[1]


def _gap_text(gap: float, *, htk: bool) -> str:
    """One rounding for every mel step printed (figure, caption, page, clips)."""
    return f"{gap:.1f}" if htk else f"{gap:.3g}"


@figure(
    "pitch_distance",
    format="svg",
    title="Same distance in Hz, very different distance in pitch",
    alt=(
        "Left: the HTK mel scale as a curve against frequency from 0 to 11,025 Hz, steep "
        "at low frequencies and flat at high ones. Two 100 Hz wide intervals are marked on "
        f"it: 100 to 200 Hz spans {_gap_text(_GAPS_HTK[0], htk=True)} mel, 10,000 to "
        f"10,100 Hz spans only {_gap_text(_GAPS_HTK[1], htk=True)} mel. Right: bars of "
        "each interval's size as a percentage of the whole 0 to 11,025 Hz range: in Hz both "
        f"are 0.9 percent; in HTK mel {100 * _GAPS_HTK[0] / _MEL_TOP_HTK:.1f} vs "
        f"{100 * _GAPS_HTK[1] / _MEL_TOP_HTK:.2f} percent; in Slaney mel "
        f"{_gap_text(_GAPS_SLANEY[0], htk=False)} vs {_gap_text(_GAPS_SLANEY[1], htk=False)} "
        f"mel ({100 * _GAPS_SLANEY[0] / _MEL_TOP_SLANEY:.1f} vs "
        f"{100 * _GAPS_SLANEY[1] / _MEL_TOP_SLANEY:.2f} percent)."
    ),
    caption=(
        "A 100 Hz and a 200 Hz sine sound much further apart than 10,000 Hz and 10,100 Hz, "
        "although both pairs are 100 Hz apart. In mel the first step is about "
        f"{_RATIO_HTK:.0f} times larger on the HTK scale ({_gap_text(_GAPS_HTK[0], htk=True)} "
        f"vs {_gap_text(_GAPS_HTK[1], htk=True)} mel) and about {_RATIO_SLANEY:.0f} times "
        f"larger on the Slaney scale ({_gap_text(_GAPS_SLANEY[0], htk=False)} vs "
        f"{_gap_text(_GAPS_SLANEY[1], htk=False)} mel)."
    ),
)
def pitch_distance():
    fig, (left, right) = new_figure(1, 2, height=3.3, gridspec_kw={"width_ratios": [1.3, 1]})
    f = np.linspace(0.0, _SCALE_TOP, 800)
    left.plot(f, hz_to_mel(f, htk=True), color="#333333", lw=1.4)
    colors = (PALETTE["blue"], PALETTE["vermillion"])
    for (a, b), gap, color in zip(_PAIRS, _GAPS_HTK, colors, strict=True):
        ma, mb = hz_to_mel(a, htk=True), hz_to_mel(b, htk=True)
        left.axhspan(ma, mb, color=color, alpha=0.35, lw=0)
        left.axvspan(a, b, color=color, alpha=0.35, lw=0)
        left.plot([a, b], [ma, mb], "o", color=color, ms=3.5)
        text = f"{a:,.0f} → {b:,.0f} Hz\nΔ = 100 Hz = {_gap_text(gap, htk=True)} mel"
        if a < 1000:
            left.annotate(
                text,
                (b, mb),
                xytext=(1500, 900),
                fontsize=8,
                color=color,
                arrowprops={"arrowstyle": "-", "color": color, "lw": 0.8},
            )
        else:
            left.annotate(
                text,
                (a, ma),
                xytext=(7600, 1500),
                fontsize=8,
                color=color,
                ha="center",
                arrowprops={"arrowstyle": "-", "color": color, "lw": 0.8},
            )
    left.set_xlim(0, _SCALE_TOP)
    left.set_ylim(0, _MEL_TOP_HTK * 1.05)
    left.set_xlabel("frequency (Hz)")
    left.set_ylabel("HTK mel")
    left.set_title("Two 100 Hz steps on the mel scale", fontsize=9)

    units = ("Hz", "HTK mel", "Slaney mel")
    tops = (_SCALE_TOP, _MEL_TOP_HTK, _MEL_TOP_SLANEY)
    gaps = ((100.0, 100.0), tuple(_GAPS_HTK), tuple(_GAPS_SLANEY))
    x = np.arange(len(units))
    width = 0.38
    for k, (color, name) in enumerate(
        zip(colors, ("100 → 200 Hz", "10,000 → 10,100 Hz"), strict=True)
    ):
        shares = [100 * g[k] / top for g, top in zip(gaps, tops, strict=True)]
        bars = right.bar(x + (k - 0.5) * width, shares, width, color=color, label=name)
        for bar, g, unit in zip(bars, gaps, units, strict=True):
            value = f"{g[k]:.0f}" if unit == "Hz" else _gap_text(g[k], htk=unit == "HTK mel")
            right.text(
                bar.get_x() + bar.get_width() / 2,
                bar.get_height() + 0.08,
                f"{value}\n{unit.split()[-1]}",
                ha="center",
                va="bottom",
                fontsize=7,
            )
    right.set_xticks(x, units)
    right.set_ylabel("% of the 0–11,025 Hz range")
    right.set_ylim(0, 5.6)
    right.legend(loc="upper right")
    right.set_title("Size of each step", fontsize=9)
    return fig


def _explorer(phon: int):
    fig, ax = new_figure(height=2.8)
    _contours_axes(ax, highlight=phon, label_f=1600.0)
    tones = np.array(EXPLORER_TONES_HZ, dtype=float)
    spl = iso226_spl(phon, tones)
    ax.plot(tones, spl, "o", color="#1a1a1a", ms=5.5, mec="white", mew=0.8, zorder=5)
    for f, s in zip(tones, spl, strict=True):
        ax.annotate(
            f"{s:.0f} dB",
            (f, s),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            fontsize=7,
            zorder=6,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none"},
        )
    ax.set_ylim(-10, 130)
    ax.set_title(f"The {phon}-phon contour and the eight explorer tones", fontsize=9)
    return fig


def _explorer_alt(phon: int) -> str:
    spl = iso226_spl(phon, np.array(EXPLORER_TONES_HZ, dtype=float))
    points = ", ".join(f"{f:g} Hz {s:.0f} dB" for f, s in zip(EXPLORER_TONES_HZ, spl, strict=True))
    return (
        "The equal-loudness contours of ISO 226:2023 (20 to 90 phon) in grey with the "
        f"{phon}-phon contour highlighted in blue and the threshold of hearing in orange; "
        f"eight black dots mark the explorer's tones on the {phon}-phon contour, labelled "
        f"with their sound pressure levels: {points}."
    )


def _register_explorer(phon: int) -> None:
    def make():
        return _explorer(phon)

    make.__name__ = f"loudness_explorer_{phon}phon"
    make.__qualname__ = make.__name__
    figure(
        make.__name__,
        format="svg",
        title=f"Loudness explorer: {phon} phon",
        alt=_explorer_alt(phon),
        caption=(
            f"The {phon}-phon contour (ISO 226:2023) with the eight tones of the explorer: "
            "each dot is the level at which that tone sounds as loud as a 1 kHz tone at "
            f"{phon} dB SPL."
        ),
    )(make)
    globals()[make.__name__] = make


for _phon in (20, 40, 60, 80):
    _register_explorer(_phon)


_LM_NFFT, _LM_HOP, _LM_NMELS = 1024, 256, 80


def _log_mel_speech() -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Power spectrogram (dB) and 80-band log-mel of the shipped 'hearing' clip."""
    y, sr = load_speech("hearing")
    power = np.abs(stft(y, n_fft=_LM_NFFT, hop_length=_LM_HOP)) ** 2
    mel = mel_filterbank(sr=sr, n_fft=_LM_NFFT, n_mels=_LM_NMELS) @ power
    return power_to_db(power, ref=np.max), power_to_db(mel, ref=np.max), y, sr


_LM_EDGES = mel_frequencies(_LM_NMELS + 2, fmax=11025.0)
_LM_BELOW_1K = int((_LM_EDGES[1:-1] < 1000).sum())
_LM_BELOW_4K = int((_LM_EDGES[1:-1] < 4000).sum())


def _centre_label(f: float) -> str:
    return f"{f / 1000:.1f} kHz" if f >= 1000 else f"{f:.0f} Hz"


@figure(
    "log_mel_speech",
    title="A spectrogram and its log-mel version",
    alt=(
        "Two stacked heat maps of the same 3.6-second synthetic speech clip, 'Every figure "
        "and every sound on this site is computed.', time on the x axis. Top: the power "
        f"spectrogram in dB, {_LM_NFFT // 2 + 1} frequency bins from 0 to 11,025 Hz on a "
        "linear axis, where 0 to 1 kHz, home of the voice's lowest harmonics, is only "
        f"{100 * 1000 / 11025:.0f} percent of the height. Bottom: the same spectrogram through "
        f"a {_LM_NMELS}-band Slaney mel filter bank, in dB, one row per band: "
        f"{_LM_BELOW_1K} of the {_LM_NMELS} rows ({100 * _LM_BELOW_1K / _LM_NMELS:.0f} percent) "
        "lie below 1 kHz, so the harmonics spread over the lower third, and the "
        f"{_LM_NMELS - _LM_BELOW_4K} bands above 4 kHz fill the top rows. Band centres run "
        f"from {_LM_EDGES[1]:.0f} Hz to {_LM_EDGES[-2]:,.0f} Hz."
    ),
    caption=(
        f"Top: power spectrogram (Hann, n_fft = {_LM_NFFT}, hop = {_LM_HOP}, 22.05 kHz) in dB "
        f"re max. Bottom: the same frames through {_LM_NMELS} mel filters (Slaney mel and "
        "area normalisation, librosa's defaults), in dB re max: "
        f"{_LM_NFFT // 2 + 1} numbers per frame become {_LM_NMELS}, and the rows follow "
        "pitch, not Hz."
    ),
)
def log_mel_speech():
    spec_db, mel_db, y, sr = _log_mel_speech()
    fig, (ax_lin, ax_mel) = new_figure(2, 1, height=4.6, sharex=True)
    times = (np.arange(spec_db.shape[1] + 1) - 0.5) * _LM_HOP / sr
    freqs = np.arange(spec_db.shape[0] + 1) * sr / _LM_NFFT
    mesh = ax_lin.pcolormesh(times, freqs / 1000, spec_db, vmin=-80, vmax=0, rasterized=True)
    ax_lin.set_ylabel("frequency (kHz)")
    ax_lin.set_title("Power spectrogram, linear frequency", loc="left")
    bands = np.arange(_LM_NMELS + 1) - 0.5
    ax_mel.pcolormesh(times, bands, mel_db, vmin=-80, vmax=0, rasterized=True)
    ticks = [0, 20, 40, 60, 79]
    ax_mel.set_yticks(ticks, [f"{i}\n{_centre_label(_LM_EDGES[i + 1])}" for i in ticks])
    ax_mel.tick_params(axis="y", labelsize=7)
    ax_mel.set_ylabel("mel band (centre)")
    ax_mel.set_title(f"Log-mel spectrogram, {_LM_NMELS} bands", loc="left")
    ax_mel.set_xlabel("time (s)")
    ax_mel.set_xlim(0, len(y) / sr)
    for ax in (ax_lin, ax_mel):
        ax.grid(False)
    fig.colorbar(mesh, ax=[ax_lin, ax_mel], label="dB re max", pad=0.01, aspect=35)
    return fig
