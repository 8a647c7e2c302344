"""Figures for the chapter "Model architectures": the STFT, its phase, and rebuilding a phase.

The speech clip is the shipped `fox_male`; the STFT settings (Hann, n_fft = 1024,
hop = 256 at 22.05 kHz) and the Griffin-Lim explorer's signals come from
`audioml.media.architectures`, so a figure and the clip beside it show the same thing.
"""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter

from ..media.architectures import (
    CLICK_SR,
    CLICK_TIMES_S,
    EXPLORER_ITERATIONS,
    HOP,
    N_FFT,
    SEED,
    click_train,
    click_train_griffin_lim,
    explorer_convergence_db,
    explorer_signals,
    spectrogram,
)
from ..phase import griffin_lim, pghi, spectral_convergence_db
from ..plotting import PALETTE, new_figure
from ..signals import harmonic_tone, load_speech
from ..spectral import amplitude_to_db, get_window, istft, stft
from . import figure

SR = 22050
#: Excerpt of fox_male drawn in `stft_anatomy`, seconds.
EXCERPT_S = (0.22, 0.52)
#: Frames whose windows `stft_anatomy` draws.
ANATOMY_FRAMES = (27, 28, 29, 30)
#: Iterations of the convergence figure.
CONVERGENCE_ITERATIONS = 128
#: The harmonic tone of `phase_is_not_noise`.
TONE_F0 = 220.0
TONE_HARMONICS = (1, 2, 3)

_FRAME_COLOURS = (PALETTE["blue"], PALETTE["vermillion"], PALETTE["green"], PALETTE["purple"])


def _spectrogram_mesh(ax, S_db, *, sr, hop, n_fft, khz=True, vmin=-80.0, vmax=0.0):
    """pcolormesh of a dB spectrogram with columns centred on frame times (center=True)."""
    times = (np.arange(S_db.shape[1] + 1) - 0.5) * hop / sr
    freqs = np.arange(S_db.shape[0] + 1) * sr / n_fft
    scale = 1000.0 if khz else 1.0
    mesh = ax.pcolormesh(times, freqs / scale, S_db, vmin=vmin, vmax=vmax, rasterized=True)
    ax.grid(False)
    return mesh


# --- the STFT --------------------------------------------------------------------------


@figure(
    "stft_anatomy",
    title="Anatomy of the STFT",
    alt="Two stacked plots sharing a time axis from 0.22 to 0.52 s of the speech clip "
    "fox_male. Top: the waveform in grey with four Hann windows drawn over it, each "
    "46.4 ms (1024 samples) wide and starting 11.6 ms (256 samples) after the previous "
    "one, so they overlap by three quarters. Bottom: the magnitude spectrogram in dB, "
    "0 to 5 kHz, one column per frame; the four columns computed from the four drawn "
    "windows are outlined in the same colours.",
    caption="Frame $m$ of the STFT is the Hann-windowed stretch of signal centred on sample "
    "$mH$ (`center=True`); its FFT is one column of the spectrogram. Here n_fft = 1024 "
    "samples (46.4 ms), hop $H$ = 256 samples (11.6 ms, 75 % overlap) at 22.05 kHz; "
    "frequency shown to 5 kHz of the 11.025 kHz available.",
)
def stft_anatomy():
    y, sr = load_speech("fox_male")
    S_db = amplitude_to_db(spectrogram(y), ref=np.max)
    t0, t1 = EXCERPT_S
    fig, (ax_wave, ax_spec) = new_figure(
        2, 1, height=4.8, sharex=True, gridspec_kw={"height_ratios": [1.1, 1.6]}
    )
    t = np.arange(len(y)) / sr
    region = (t >= t0) & (t <= t1)
    ax_wave.plot(t[region], y[region], color=PALETTE["grey"], lw=0.6)
    peak = np.abs(y[region]).max()
    window = get_window("hann", N_FFT)
    for m, colour in zip(ANATOMY_FRAMES, _FRAME_COLOURS, strict=True):
        start = (m * HOP - N_FFT // 2) / sr  # center=True: frame m is centred on m * HOP
        tw = start + np.arange(N_FFT) / sr
        ax_wave.plot(tw, peak * window, color=colour, lw=1.3)
        ax_wave.plot(tw, -peak * window, color=colour, lw=0.6, ls=":")
    first = (ANATOMY_FRAMES[0] * HOP - N_FFT // 2) / sr
    y_bar = -1.25 * peak
    ax_wave.annotate(
        "",
        xy=(first, y_bar),
        xytext=(first + N_FFT / sr, y_bar),
        arrowprops={"arrowstyle": "<->", "color": "#1a1a1a", "lw": 0.9},
    )
    ax_wave.text(
        first + N_FFT / sr / 2,
        y_bar * 1.08,
        f"n_fft = {N_FFT} samples = {1000 * N_FFT / sr:.1f} ms",
        ha="center",
        va="top",
        fontsize=8,
    )
    centres = [m * HOP / sr for m in ANATOMY_FRAMES[:2]]
    y_hop = 1.2 * peak
    ax_wave.annotate(
        "",
        xy=(centres[0], y_hop),
        xytext=(centres[1], y_hop),
        arrowprops={"arrowstyle": "<->", "color": "#1a1a1a", "lw": 0.9},
    )
    ax_wave.text(
        centres[1] + 0.002,
        y_hop,
        f"hop = {HOP} samples = {1000 * HOP / sr:.1f} ms",
        ha="left",
        va="center",
        fontsize=8,
    )
    ax_wave.set_ylim(-1.65 * peak, 1.45 * peak)
    ax_wave.set_ylabel("amplitude")
    ax_wave.set_title("Signal and four Hann analysis windows", loc="left")

    mesh = _spectrogram_mesh(ax_spec, S_db, sr=sr, hop=HOP, n_fft=N_FFT, khz=False)
    for m, colour in zip(ANATOMY_FRAMES, _FRAME_COLOURS, strict=True):
        ax_spec.add_patch(
            Rectangle(((m - 0.5) * HOP / sr, 0), HOP / sr, 5000, fill=False, ec=colour, lw=1.4)
        )
    ax_spec.set_ylim(0, 5000)
    ax_spec.set_xlim(t0, t1)
    ax_spec.set_xlabel("time (s)")
    ax_spec.set_ylabel("frequency (Hz)")
    ax_spec.set_title("Magnitude spectrogram: one column per frame", loc="left")
    # an inset colour bar keeps both panels the same width, so their time axes line up
    cax = ax_spec.inset_axes((1.015, 0.0, 0.018, 1.0))
    fig.colorbar(mesh, cax=cax, label="dB re max")
    return fig


def _wrap(phase):
    return np.angle(np.exp(1j * phase))


@functools.cache
def _tone_stft():
    y = harmonic_tone(TONE_F0, sr=SR, duration=1.0)
    return stft(y, n_fft=N_FFT, hop_length=HOP)


def expected_phase_advance(f: float) -> float:
    """$2\\pi f H / f_s$ wrapped to $(-\\pi, \\pi]$ (radians per hop)."""
    return float(_wrap(2 * np.pi * f * HOP / SR))


def measured_phase_advance(harmonic: int) -> np.ndarray:
    """Frame-to-frame phase advance of the tone's STFT at the bin nearest a harmonic."""
    D = _tone_stft()
    k = round(harmonic * TONE_F0 * N_FFT / SR)
    return _wrap(np.diff(np.angle(D[k])))


@figure(
    "phase_is_not_noise",
    title="Phase looks like noise but is not",
    alt="Three panels for a 220 Hz harmonic tone (1 s, 22.05 kHz, Hann, n_fft 1024, hop "
    "256). Left: the magnitude in dB, 0 to 2 kHz, with horizontal lines at the harmonics. "
    "Middle: the wrapped phase of the same STFT, a seemingly random pattern of colours. "
    "Right: the phase advance from one frame to the next at the bins of the first three "
    "harmonics (220, 440 and 660 Hz), as dots for the measured values and dashed lines "
    "for 2 pi f H / sr wrapped to minus pi..pi; the dots sit on the lines in every frame.",
    caption="The magnitude (left) shows the harmonics; the wrapped phase of the same STFT "
    "(middle) looks random. But from frame to frame, the phase at a harmonic advances by "
    "exactly $2\\pi f H / f_s$ radians (right: dots measured, dashed lines the formula, "
    "wrapped to $(-\\pi, \\pi]$; frames touching the 20 ms fades left out): phase encodes "
    "precise frequency and timing. Harmonic tone, $f_0$ = 220 Hz, Hann window, "
    "n_fft = 1024, hop $H$ = 256, $f_s$ = 22.05 kHz.",
)
def phase_is_not_noise():
    D = _tone_stft()
    fig, axes = new_figure(1, 3, height=3.2)
    ax_mag, ax_phase, ax_adv = axes
    S_db = amplitude_to_db(np.abs(D), ref=np.max)
    mesh = _spectrogram_mesh(ax_mag, S_db, sr=SR, hop=HOP, n_fft=N_FFT, khz=False)
    ax_mag.set_ylim(0, 2000)
    ax_mag.set_xlim(0, 1.0)
    ax_mag.set_title("Magnitude (dB re max)", loc="left")
    ax_mag.set_xlabel("time (s)")
    ax_mag.set_ylabel("frequency (Hz)")
    fig.colorbar(mesh, ax=ax_mag, pad=0.01, aspect=25, location="bottom", shrink=0.8)

    times = (np.arange(D.shape[1] + 1) - 0.5) * HOP / SR
    freqs = np.arange(D.shape[0] + 1) * SR / N_FFT
    pm = ax_phase.pcolormesh(
        times, freqs, np.angle(D), cmap="twilight", vmin=-np.pi, vmax=np.pi, rasterized=True
    )
    ax_phase.grid(False)
    ax_phase.set_ylim(0, 2000)
    ax_phase.set_xlim(0, 1.0)
    ax_phase.set_title("Wrapped phase (rad)", loc="left")
    ax_phase.set_xlabel("time (s)")
    ax_phase.tick_params(labelleft=False)
    bar = fig.colorbar(pm, ax=ax_phase, pad=0.01, aspect=25, location="bottom", shrink=0.8)
    bar.set_ticks([-np.pi, 0, np.pi], labels=["-π", "0", "π"])

    frame_t = (np.arange(D.shape[1] - 1) + 0.5) * HOP / SR
    # frames whose window lies inside the tone and past its 20 ms fades
    inside = (frame_t > 0.05) & (frame_t < 0.95)
    markers = ("o", "s", "^")
    for h, colour, marker in zip(TONE_HARMONICS, _FRAME_COLOURS, markers, strict=False):
        f = h * TONE_F0
        measured = measured_phase_advance(h)
        ax_adv.plot(frame_t[inside][::3], measured[inside][::3], marker, color=colour, ms=3.2)
        expected = expected_phase_advance(f)
        ax_adv.axhline(expected, color=colour, ls="--", lw=1.0)
        ax_adv.text(
            0.5,
            expected + 0.12,
            f"{f:.0f} Hz",
            color=colour,
            fontsize=8,
            ha="center",
            va="bottom",
            fontweight="bold",
        )
    ax_adv.set_ylim(-np.pi, np.pi)
    ax_adv.set_yticks([-np.pi, -np.pi / 2, 0, np.pi / 2, np.pi], ["-π", "-π/2", "0", "π/2", "π"])
    ax_adv.set_xlim(0, 1.0)
    ax_adv.set_xlabel("time (s)")
    ax_adv.set_ylabel("radians per hop")
    ax_adv.set_title("Phase advance per hop", loc="left")
    return fig


# --- windows and leakage ----------------------------------------------------------------

#: Windows compared in `window_spectra`, their length and the zero-padding factor of their
#: spectra (64: the side-lobe peaks are located to 1/64 bin).
LEAKAGE_WINDOWS = ("rectangular", "hann", "hamming")
LEAKAGE_LENGTH, LEAKAGE_PAD = 1024, 64
#: Bins drawn on one side of the main lobe in `window_spectra`.
WINDOW_SPECTRA_BINS = 10


@functools.cache
def window_spectrum_db(name: str) -> tuple[np.ndarray, np.ndarray]:
    """(offset in bins, magnitude in dB re the main-lobe peak) of a window's spectrum, >= 0."""
    w = get_window(name, LEAKAGE_LENGTH)
    W = np.abs(np.fft.rfft(w, LEAKAGE_PAD * LEAKAGE_LENGTH))
    W_db = 20 * np.log10(np.maximum(W / W.max(), 1e-300))
    return np.arange(W.size) / LEAKAGE_PAD, W_db


def window_sidelobes(name: str) -> tuple[float, float]:
    """(highest side-lobe level in dB re main lobe, main-lobe half-width in bins)."""
    bins, W_db = window_spectrum_db(name)
    first_minimum = int(np.flatnonzero(np.diff(W_db) > 0)[0])
    return float(W_db[first_minimum:].max()), float(bins[first_minimum])


_SIDELOBES = {name: window_sidelobes(name) for name in LEAKAGE_WINDOWS}
_WINDOW_LABELS = {"rectangular": "Rectangular", "hann": "Hann", "hamming": "Hamming"}
_WINDOW_COLOURS = {
    "rectangular": PALETTE["grey"],
    "hann": PALETTE["blue"],
    "hamming": PALETTE["vermillion"],
}


@figure(
    "window_spectra",
    format="svg",
    title="Window spectra: main lobe and side lobes",
    alt="Magnitude spectra in dB of three 1024-sample windows against the distance from "
    "the main-lobe peak in bins, 0 to 10 bins, 0 to -100 dB. "
    + ". ".join(
        f"{_WINDOW_LABELS[n]}: main lobe {_SIDELOBES[n][1]:.0f} bin"
        f"{'s' if _SIDELOBES[n][1] != 1 else ''} wide on each side, highest side lobe "
        f"{_SIDELOBES[n][0]:.1f} dB"
        for n in LEAKAGE_WINDOWS
    )
    + ". The rectangular window's side lobes stay high and fall slowly; Hann's start "
    "lower and fall fast; Hamming's first side lobe is lowest but the far ones fall "
    "slowly, so beyond a few bins Hann's are lower.",
    caption="How far a pure tone leaks into the bins around it. Each curve is a window's "
    "spectrum (1024 samples, zero-padded 64 times so the lobes show), in dB re its peak; "
    "dashed lines mark the highest side lobe: "
    + ", ".join(f"{_WINDOW_LABELS[n]} {_SIDELOBES[n][0]:.1f} dB" for n in LEAKAGE_WINDOWS)
    + ". The tapered windows pay with a main lobe twice as wide "
    f"({_SIDELOBES['hann'][1]:.0f} bins on each side instead of "
    f"{_SIDELOBES['rectangular'][1]:.0f}).",
)
def window_spectra():
    fig, ax = new_figure(height=3.4)
    for name in LEAKAGE_WINDOWS:
        bins, W_db = window_spectrum_db(name)
        keep = bins <= WINDOW_SPECTRA_BINS
        colour = _WINDOW_COLOURS[name]
        level, half_width = _SIDELOBES[name]
        label = f"{_WINDOW_LABELS[name]}: {level:.1f} dB"
        ax.plot(bins[keep], W_db[keep], color=colour, lw=1.3, label=label)
        ax.axhline(level, xmin=half_width / WINDOW_SPECTRA_BINS, color=colour, ls="--", lw=0.9)
    ax.set_xlim(0, WINDOW_SPECTRA_BINS)
    ax.set_ylim(-100, 3)
    ax.set_xticks(range(WINDOW_SPECTRA_BINS + 1))
    ax.set_xlabel("distance from the main-lobe peak (bins)")
    ax.set_ylabel("magnitude (dB re peak)")
    fig.legend(
        loc="outside lower center",
        fontsize=8,
        ncols=3,
        title="highest side lobe (dashed lines)",
        title_fontsize=8,
    )
    return fig


# --- phase reconstruction ---------------------------------------------------------------


def _sc_curve(S, y_len, *, momentum, init):
    values = []

    def record(i, estimate):
        if i > 0:
            y_i = istft(estimate, hop_length=HOP, length=y_len)
            values.append(spectral_convergence_db(S, spectrogram(y_i)))

    griffin_lim(
        S,
        n_iter=CONVERGENCE_ITERATIONS,
        n_fft=N_FFT,
        hop_length=HOP,
        momentum=momentum,
        init=init,
        rng=SEED,
        length=y_len,
        callback=record,
    )
    return np.array(values)


@functools.cache
def convergence_curves() -> dict[str, np.ndarray]:
    """Spectral convergence (dB) after 1..128 iterations, and PGHI alone, on fox_male."""
    y, _ = load_speech("fox_male")
    S = spectrogram(y)
    alone = istft(pghi(S, n_fft=N_FFT, hop_length=HOP), hop_length=HOP, length=len(y))
    return {
        "classic": _sc_curve(S, len(y), momentum=0.0, init="random"),
        "fast": _sc_curve(S, len(y), momentum=0.99, init="random"),
        "pghi_fast": _sc_curve(S, len(y), momentum=0.99, init="pghi"),
        "pghi_alone": np.array([spectral_convergence_db(S, spectrogram(alone))]),
    }


@figure(
    "griffin_lim_convergence",
    format="svg",
    title="Griffin-Lim convergence on speech",
    alt="Spectral convergence in dB (lower is better) against the number of iterations, "
    "1 to 128 on a logarithmic axis, for the speech clip fox_male. Three curves fall "
    "as iterations increase: classic Griffin-Lim (momentum 0) falls slowest; fast "
    "Griffin-Lim (momentum 0.99) from the same random phase falls faster; fast "
    "Griffin-Lim started from the PGHI phase is lowest throughout. A horizontal dotted "
    "line marks PGHI alone, with no iterations. The values at 32 and 128 iterations are "
    "printed in the legend.",
    caption="Spectral convergence $20\\log_{10}(\\|\\,|S|-|\\hat S|\\,\\|_F / \\|S\\|_F)$ of the "
    "rebuilt signal after each iteration (lower is better), on fox_male (Hann, n_fft = "
    "1024, hop = 256). Random starts use seed 0. Fast Griffin-Lim here equals "
    "`librosa.griffinlim` given the same initial phase.",
)
def griffin_lim_convergence():
    curves = convergence_curves()
    it = np.arange(1, CONVERGENCE_ITERATIONS + 1)
    fig, ax = new_figure(height=4.4)
    series = (
        ("classic", "classic GL (momentum 0), random start", PALETTE["grey"], "-"),
        ("fast", "fast GL (momentum 0.99), random start", PALETTE["blue"], "-"),
        ("pghi_fast", "fast GL started from PGHI", PALETTE["vermillion"], "-"),
    )
    for key, label, colour, ls in series:
        c = curves[key]
        ax.plot(
            it,
            c,
            color=colour,
            ls=ls,
            label=f"{label}: {c[31]:.1f} dB at 32, {c[-1]:.1f} dB at 128",
        )
    alone = float(curves["pghi_alone"][0])
    ax.axhline(
        alone,
        color=PALETTE["green"],
        ls=":",
        lw=1.4,
        label=f"PGHI alone, no iterations: {alone:.1f} dB",
    )
    ax.axvline(32, color="#999999", lw=0.8, ls="--")
    ax.text(
        32 * 1.04,
        0.97,
        "32 iterations\n(librosa's default)",
        fontsize=7.5,
        va="top",
        color="#444444",
        transform=ax.get_xaxis_transform(),
    )
    ax.set_xscale("log", base=2)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:g}"))
    ax.set_xticks([1, 2, 4, 8, 16, 32, 64, 128])
    ax.set_xlim(1, CONVERGENCE_ITERATIONS)
    ax.set_ylim(top=-2)
    ax.set_xlabel("iterations")
    ax.set_ylabel("spectral convergence (dB)")
    fig.legend(loc="outside lower center", fontsize=7.5, ncols=1)
    return fig


def _register_explorer(k: int) -> None:
    def make():
        y, sr = load_speech("fox_male")
        ref = spectrogram(y).max()
        S_db = amplitude_to_db(spectrogram(explorer_signals()[k]), ref=ref, top_db=None)
        fig, ax = new_figure(height=2.4)
        mesh = _spectrogram_mesh(ax, S_db, sr=sr, hop=HOP, n_fft=N_FFT, vmin=-80, vmax=0)
        ax.set_ylim(0, sr / 2000)
        ax.set_xlim(0, len(y) / sr)
        ax.set_xlabel("time (s)")
        ax.set_ylabel("frequency (kHz)")
        label = "random-phase start" if k == 0 else f"{k} iteration{'s' if k != 1 else ''}"
        ax.set_title(
            f"Fast Griffin-Lim, {label}: spectral convergence {explorer_convergence_db(k):.1f} dB",
            loc="left",
        )
        fig.colorbar(mesh, ax=ax, label="dB re original max", pad=0.01, aspect=15)
        return fig

    name = f"gl_explorer_{k:02d}"
    make.__name__ = make.__qualname__ = name
    what = "the random-phase start" if k == 0 else f"{k} iteration{'s' if k != 1 else ''}"
    # The texts state the result: explorer_convergence_db runs ~1.5 s once (cached), when
    # a page or a test first reads them.
    figure(
        name,
        title=f"Griffin-Lim explorer: {what}",
        alt=lambda: (
            f"Magnitude spectrogram in dB (0 to 11 kHz, 0 to 3 s) of fox_male rebuilt by "
            f"fast Griffin-Lim after {what}, spectral convergence "
            f"{explorer_convergence_db(k):.1f} dB against the original. Fewer iterations "
            "look blurrier and noisier between the harmonics; more iterations look closer "
            "to the original's sharp harmonic stripes."
        ),
        caption=lambda: (
            f"After {what}: spectral convergence {explorer_convergence_db(k):.1f} dB. STFT "
            "magnitude of the reconstruction (fast Griffin-Lim, momentum 0.99, random start "
            "with seed 0; Hann, n_fft = 1024, hop = 256) in dB relative to the original's "
            "loudest bin, on the same colour scale at every step."
        ),
    )(make)
    globals()[name] = make


for _k in EXPLORER_ITERATIONS:
    _register_explorer(_k)


#: Length of the moving RMS that gives `pre_echo_clicks` its envelope, seconds.
ENVELOPE_S = 0.001
#: The click drawn in `pre_echo_clicks` (index into CLICK_TIMES_S).
PRE_ECHO_CLICK = 1


def level_envelope_db(y: np.ndarray) -> np.ndarray:
    """Moving RMS level over ENVELOPE_S in dB (floor -200 dB), same length as `y`."""
    width = int(ENVELOPE_S * CLICK_SR)
    power = np.convolve(y**2, np.ones(width) / width, mode="same")
    return 10 * np.log10(np.maximum(power, 1e-20))


#: Bottom of the `pre_echo_clicks` axis, dB re the click's peak.
PRE_ECHO_FLOOR_DB = -90.0


@functools.cache
def pre_echo_levels_db() -> dict[str, float]:
    """Loudest envelope level in the window length before the drawn click, dB re its peak.

    Also `<key>_start_ms`: how long before the onset the envelope first rises above
    PRE_ECHO_FLOOR_DB. The last ENVELOPE_S before the onset is left out (the moving RMS
    reaches back there).
    """
    onset = int(CLICK_TIMES_S[PRE_ECHO_CLICK] * CLICK_SR)
    width = int(ENVELOPE_S * CLICK_SR)
    levels = {}
    for key, sig in (("original", click_train()), ("griffin_lim", click_train_griffin_lim())):
        env = level_envelope_db(sig)
        before = env[onset - N_FFT : onset - width] - env[onset : onset + N_FFT].max()
        levels[key] = float(before.max())
        audible = np.flatnonzero(before > PRE_ECHO_FLOOR_DB)
        start = N_FFT - audible[0] if audible.size else 0
        levels[f"{key}_start_ms"] = float(1000 * start / CLICK_SR)
    return levels


_PRE = pre_echo_levels_db()


@figure(
    "pre_echo_clicks",
    format="svg",
    title="Pre-echo: Griffin-Lim smears an onset",
    alt="Level envelope in dB (1 ms moving RMS, relative to the click's peak) of one click, "
    "60 ms before to 60 ms after its onset, original and Griffin-Lim reconstruction "
    "overlaid, on an axis from -90 to 0 dB. The original is digital silence before the "
    "onset (drawn at the bottom of the axis) and decays after it. The reconstruction "
    f"rises above -90 dB {_PRE['griffin_lim_start_ms']:.0f} ms before the onset, inside a "
    "shaded band one window length (46 ms) wide, and climbs to "
    f"{_PRE['griffin_lim']:.1f} dB re the click's peak just before it.",
    caption="One click of the click-train clips, original and after 32 iterations of fast "
    "Griffin-Lim, as a level envelope (1 ms moving RMS, dB re the click's peak). The shaded "
    "band is one analysis window (46.4 ms) before the onset: every frame that overlaps the "
    "click contains its energy, and a phase that does not cancel it leaves sound there. "
    "The original is silent before the onset; the reconstruction rises above -90 dB "
    f"{_PRE['griffin_lim_start_ms']:.0f} ms ahead and reaches {_PRE['griffin_lim']:.1f} dB "
    "re the click's peak just before it.",
)
def pre_echo_clicks():
    y, g = click_train(), click_train_griffin_lim()
    onset = int(CLICK_TIMES_S[PRE_ECHO_CLICK] * CLICK_SR)
    span = int(0.06 * CLICK_SR)
    t = (np.arange(-span, span)) / CLICK_SR * 1000
    floor = PRE_ECHO_FLOOR_DB
    fig, ax = new_figure(height=3.2)
    ax.axvspan(-1000 * N_FFT / CLICK_SR, 0, color="#eeeeee", zorder=0)
    ax.text(
        -1000 * N_FFT / CLICK_SR + 1,
        -2,
        f"one window ({1000 * N_FFT / CLICK_SR:.1f} ms)\nbefore the onset",
        ha="left",
        va="top",
        fontsize=8,
        color="#444444",
    )
    for sig, label, colour, lw in (
        (y, "original (silent before the onset)", PALETTE["blue"], 1.6),
        (g, "fast Griffin-Lim, 32 iterations", PALETTE["vermillion"], 1.1),
    ):
        env = level_envelope_db(sig)
        peak = env[onset : onset + N_FFT].max()
        segment = np.maximum(env[onset - span : onset + span] - peak, floor)
        ax.plot(t, segment, color=colour, lw=lw, label=label)
    ax.axvline(0, color="#333333", lw=0.8, ls="--")
    level = _PRE["griffin_lim"]
    ax.annotate(
        f"pre-echo up to {level:.1f} dB",
        xy=(-3, level),
        xytext=(-20, -17),
        fontsize=8,
        color=PALETTE["vermillion"],
        fontweight="bold",
        ha="center",
        arrowprops={"arrowstyle": "->", "color": PALETTE["vermillion"], "lw": 0.8},
    )
    ax.set_xlim(t[0], t[-1])
    ax.set_ylim(floor, 5)
    ax.set_xlabel("time relative to the onset (ms)")
    ax.set_ylabel("level (dB re click peak)")
    ax.legend(loc="upper right", fontsize=8, frameon=True, framealpha=0.95, edgecolor="none")
    return fig
