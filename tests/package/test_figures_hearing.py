"""Tests for the "Human hearing" figures and clips: registered, described, and well-formed."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from audioml.figures import REGISTRY as FIGURES
from audioml.loudness import iso226_spl
from audioml.media import MAX_SECONDS
from audioml.media import REGISTRY as CLIPS
from audioml.media.hearing import EXPLORER_TONES_HZ, equal_loudness_gains_db
from audioml.plotting import style

FIGURE_NAMES = [
    "equal_loudness_contours",
    "iso226_editions",
    "mel_filter_bank",
    "frequency_scales",
    "mel_filterbank_variants",
    "weighting_vs_contours",
    "pitch_distance",
    "log_mel_speech",
    *(f"loudness_explorer_{p}phon" for p in (20, 40, 60, 80)),
]
CLIP_NAMES = [
    "tones_equal_amplitude",
    *(f"tones_equal_loudness_{p}phon" for p in (20, 40, 60, 80)),
    "pitch_pair_100_200",
    "pitch_pair_10000_10100",
]


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_figure_is_registered_with_alt_text_carrying_numbers(name):
    entry = FIGURES.get(name)
    assert entry.module == "audioml.figures.hearing"
    assert len(entry.alt) > 150
    assert re.search(r"\d", entry.alt)
    assert len(entry.caption) > 60


@pytest.mark.parametrize("name", ["equal_loudness_contours", "loudness_explorer_40phon"])
def test_contour_figures_render_with_small_explorer(name):
    with style():
        fig = FIGURES.get(name).func()
    assert isinstance(fig, Figure)
    width, height = fig.get_size_inches()
    assert width == pytest.approx(7.0)
    assert height == pytest.approx(2.8 if "explorer" in name else 3.8)
    plt.close(fig)


@pytest.mark.parametrize("name", CLIP_NAMES)
def test_clip_is_mono_short_unclipped_and_faded(name):
    y, sr = CLIPS.get(name).func()
    assert sr == 44100
    assert y.ndim == 1
    assert len(y) / sr <= MAX_SECONDS
    assert 0.1 < np.abs(y).max() <= 10 ** (-3 / 20) + 1e-12
    assert y[0] == 0.0
    assert y[-1] == 0.0


@pytest.mark.parametrize("phon", [20, 40, 60, 80])
def test_equal_loudness_clip_levels_follow_the_contour(phon):
    y, sr = CLIPS.get(f"tones_equal_loudness_{phon}phon").func()
    # measure each tone's peak in its 0.4 s slot (0.15 s silence before and between)
    slot = int(0.55 * sr)
    start = int(0.15 * sr)
    peaks = np.array(
        [
            np.abs(y[start + k * slot : start + k * slot + int(0.4 * sr)]).max()
            for k in range(len(EXPLORER_TONES_HZ))
        ]
    )
    measured = 20 * np.log10(peaks / peaks[EXPLORER_TONES_HZ.index(1000)])
    expected = iso226_spl(phon, np.array(EXPLORER_TONES_HZ, float)) - iso226_spl(phon, 1000.0)
    np.testing.assert_allclose(measured, expected, atol=0.05)  # sampled peaks of sines
    np.testing.assert_allclose(equal_loudness_gains_db(phon), expected, atol=1e-12)
    assert 20 * np.log10(peaks.max()) == pytest.approx(-3.0, abs=0.01)
