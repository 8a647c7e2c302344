"""Figures for the setting pages: spectrograms of the three settings' outputs and their scores.

Every number comes from one `audioml.settings.run_settings(**DEFAULTS)` run, cached for
the process, the same run that writes `docs/generated/settings_table.md`.
"""

from __future__ import annotations

import numpy as np

from ..plotting import PALETTE, new_figure
from ..settings import default_results, render_table
from ..spectral import amplitude_to_db, stft
from . import figure

__all__ = ["SPECTROGRAM_PANELS", "committed_rows", "results"]

#: The panels of `settings_spectrograms`: (output key, title).
SPECTROGRAM_PANELS = (
    ("clean", "clean speech (target)"),
    ("noisy", "noisy input"),
    ("s1_linear", "setting 1: mask, noisy phase"),
    ("s2_linear_pghi-gl", "setting 2: same magnitude, PGHI + GL phase"),
    ("s3_fir", "setting 3: FIR filter on the waveform"),
)


#: The settings run at `DEFAULTS`, computed once per process and shared by the figures,
#: the clips and their alt texts (`audioml.settings.default_results`).
results = default_results


def _rows():
    return {row.key: row for row in results().rows}


def committed_rows() -> list[list[str]]:
    """The cells of the results table (`render_table` of `results()`), as printed.

    The alt texts quote these numbers, so they agree with the site's table to the digit;
    they are computed when a text is first read (a few seconds, once per process), not at
    import. `tests/package/test_settings.py` checks that the committed table equals a
    fresh run and that the alt texts quote it.
    """
    lines = [line for line in render_table(results().rows).splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[1:]]


def _alt_spectrograms() -> str:
    cells = {(c[0], c[1], c[2]): c for c in committed_rows()}

    def score(setting: str, magnitude: str, phase: str) -> str:
        row = cells.get((setting, magnitude, phase))
        return f", SI-SDR {row[3]} dB" if row else ""

    return (
        "Five magnitude spectrograms in dB on one colour scale, 0 to 8 kHz, of the test "
        "sentence 'The quick brown fox jumps over the lazy dog': clean speech; the noisy input "
        "(white noise at 5 dB SNR fills every bin"
        f"{score('input', 'noisy input', 'noisy input')}); setting 1 (the noise floor is pushed "
        "down, most between the harmonics"
        f"{score('1', 'linear mask model', 'noisy input')}); setting 2 (almost the same picture: "
        "it has the same magnitude"
        f"{score('2', 'linear mask model', 'PGHI + fast Griffin-Lim')}); setting 3 (noise "
        "reduced mostly at high frequencies"
        f"{score('3', 'FIR Wiener filter (waveform)', 'the model (implicit)')})."
    )


def _table_gain(reference: float | str, value: float | str) -> float:
    """`reference - value` of two table cells, each rounded to 0.1 dB first.

    The spectral-convergence gains of `settings_scores` are computed the way a reader
    computes them from the table, so the bars, their labels and the alt text agree with
    the committed table to the last digit.
    """
    return round(float(f"{float(reference):.1f}") - float(f"{float(value):.1f}"), 1)


def _alt_scores() -> str:
    rows = committed_rows()
    if not rows:
        return "Two horizontal bar charts of the settings' scores (results table missing)."
    noisy_sc = rows[0][5]
    parts = [
        f"{'oracle' if c[0] == 'oracle' else 'setting ' + c[0]}, {c[1]}, phase from {c[2]}: "
        f"SI-SDR {c[3]} dB ({c[4]} dB), "
        f"spectral convergence {c[5]} dB ({_table_gain(noisy_sc, c[5]):+.1f} dB)"
        for c in rows[1:]
    ]
    return (
        "Two horizontal bar charts, one bar per row of the results table; in both a longer "
        "bar is better. Left: SI-SDR improvement over the noisy input (SI-SDR "
        f"{rows[0][3]} dB), bars starting at the left edge of the axis. Right: how much lower "
        f"the spectral convergence is than the noisy input's ({noisy_sc} dB). Per row, "
        "SI-SDR (improvement) and spectral convergence (gain): " + "; ".join(parts) + "."
    )


def _caption_scores() -> str:
    rows = committed_rows()
    noisy = f" (SI-SDR {rows[0][3]} dB, spectral convergence {rows[0][5]} dB)" if rows else ""
    return (
        "Both panels: longer bar = better, and 0 is the noisy input" + noisy + ". Left: SI-SDR "
        "improvement, which compares waveforms. Right: spectral convergence gain, which "
        "compares STFT magnitudes only. Hatched bars are oracles that use the clean magnitude. "
        "Every output whose phase was rebuilt falls far below the input on the left, even "
        "the clean magnitude, while on the right a linear magnitude with a rebuilt phase keeps "
        "about the gain it has with the noisy phase (the mel rows lose theirs in the mel "
        "inversion): SI-SDR compares waveforms, and a rebuilt phase is not the original one."
    )


@figure(
    "settings_spectrograms",
    title="The three settings on noisy speech",
    alt=_alt_spectrograms,
    caption=(
        "Magnitude spectrograms (dB, one colour scale) of the test clip, its noisy version at "
        "5 dB SNR, and the outputs of settings 1, 2 and 3 (n_fft 1024, hop 256). Settings 1 and "
        "2 have the same magnitude and look alike; their waveforms, and what you hear, differ."
    ),
)
def settings_spectrograms():
    res = results()
    n_fft, hop = res.params["n_fft"], res.params["hop_length"]
    sr = res.task.sr
    signals = dict(res.outputs, clean=res.task.clean)
    ref = np.abs(stft(res.task.clean, n_fft=n_fft, hop_length=hop)).max()
    fig, axes = new_figure(len(SPECTROGRAM_PANELS), 1, height=8.4, sharex=True, sharey=True)
    mesh = None
    for ax, (key, title) in zip(axes, SPECTROGRAM_PANELS, strict=True):
        S = np.abs(stft(signals[key], n_fft=n_fft, hop_length=hop))
        S_db = amplitude_to_db(S, ref=ref, top_db=None)
        times = np.arange(S.shape[1]) * hop / sr
        freqs = np.arange(S.shape[0]) * sr / n_fft
        mesh = ax.pcolormesh(times, freqs / 1000, S_db, vmin=-80, vmax=0, rasterized=True)
        score = "" if key == "clean" else f"   (SI-SDR {_rows()[key].si_sdr_db:.1f} dB)"
        ax.set_title(title + score, loc="left", fontsize=9)
        ax.set_ylim(0, 8)
        ax.set_ylabel("kHz")
        ax.grid(False)
    axes[-1].set_xlabel("time (s)")
    fig.colorbar(mesh, ax=axes, label="dB re clean peak", shrink=0.5, aspect=30)
    return fig


@figure(
    "settings_scores",
    format="svg",
    title="SI-SDR improvement and spectral convergence gain of every setting",
    alt=_alt_scores,
    caption=_caption_scores,
)
def settings_scores():
    all_rows = results().rows
    noisy_sc, rows = all_rows[0].spectral_convergence_db, all_rows[1:]
    colours = {"1": PALETTE["blue"], "2": PALETTE["orange"], "3": PALETTE["green"]}
    colours["oracle"] = PALETTE["grey"]
    fig, (ax, ax_sc) = new_figure(
        1, 2, height=4.8, sharey=True, gridspec_kw={"width_ratios": [1.45, 1.0]}
    )
    si = [row.improvement_db for row in rows]
    sc = [_table_gain(noisy_sc, row.spectral_convergence_db) for row in rows]
    # Left: bars grow from the axis's left edge, so a longer bar is a higher SI-SDR even
    # where the improvement is negative; 0 dB (the noisy input) is marked by a line.
    floor = 10 * np.floor(min(si) / 10) - 5
    y = np.arange(len(rows))[::-1]
    for yi, row, si_gain, sc_gain in zip(y, rows, si, sc, strict=True):
        oracle = row.setting == "oracle"
        style = {
            "color": "white" if oracle else colours[row.setting],
            "edgecolor": colours[row.setting],
            "hatch": "///" if oracle else None,
            "linewidth": 1.2,
        }
        ax.barh(yi, si_gain - floor, left=floor, **style)
        ax_sc.barh(yi, sc_gain, **style)
        for axis, value in ((ax, si_gain), (ax_sc, sc_gain)):
            axis.text(value + 0.6, yi, f"{value:+.1f}", va="center", ha="left", fontsize=7.5)
    labels = [_LABELS.get(r.key, r.key) for r in rows]
    ax.set_yticks(y, labels, fontsize=7.5)
    for axis in (ax, ax_sc):
        axis.axvline(0, color="#333333", linewidth=0.9, linestyle="--")
        axis.grid(axis="y", visible=False)
    ax.text(0.4, y[0] + 0.75, "noisy input", fontsize=7.5, color="#333333")
    ax.set_xlim(floor, max(si) + 6)
    ax.set_ylim(-0.7, len(rows) + 0.1)
    ax_sc.set_xlim(0, max(sc) + 8)
    ax.set_xlabel("SI-SDR improvement\nover the input (dB)\nlonger bar = better")
    ax_sc.set_xlabel("spectral convergence gain\nover the input (dB)\nlonger bar = better")
    ax.set_title("waveform: phase-sensitive", loc="left", fontsize=9)
    ax_sc.set_title("magnitude: phase-blind", loc="left", fontsize=9)
    return fig


#: Short y-axis labels of `settings_scores`, by row key.
_LABELS = {
    "s1_linear": "1: linear mask + noisy phase",
    "s1_mel": "1: mel mask + noisy phase",
    "s2_linear_gla": "2: linear + Griffin-Lim",
    "s2_linear_fgla": "2: linear + fast Griffin-Lim",
    "s2_linear_pghi-gl": "2: linear + PGHI + fast GL",
    "s2_mel_pghi-gl": "2: mel + NNLS + PGHI + fast GL",
    "s3_fir": "3: FIR filter on the waveform",
    "oracle_noisy_phase": "oracle: clean mag. + noisy phase",
    "oracle_fgla": "oracle: clean mag. + fast GL",
    "oracle_pghi-gl": "oracle: clean mag. + PGHI + fast GL",
    "oracle_mel_pghi-gl": "oracle: clean mel + NNLS + PGHI + GL",
}
