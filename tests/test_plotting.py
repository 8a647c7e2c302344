"""The shared plotting style and helpers."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np

from audioml import plotting


def test_style_is_scoped_to_the_context():
    before = mpl.rcParams["axes.spines.top"]
    with plotting.style():
        assert mpl.rcParams["axes.spines.top"] is False
        assert mpl.rcParams["figure.facecolor"] == "white"
    assert mpl.rcParams["axes.spines.top"] == before


def test_new_figure_has_the_site_width():
    with plotting.style():
        fig, axes = plotting.new_figure(2, 1, height=3.0)
    assert tuple(fig.get_size_inches()) == (plotting.WIDTH_IN, 3.0)
    assert axes.shape == (2,)


def test_plot_waveform_draws_time_in_seconds():
    with plotting.style():
        _, ax = plotting.new_figure()
        line = plotting.plot_waveform(np.ones(500), 1000, ax=ax)
    x = line.get_xdata()
    assert x[0] == 0.0
    assert x[-1] == 0.499
    assert ax.get_xlim() == (0.0, 0.5)
    assert ax.get_xlabel() == "time (s)"


def test_plot_waveform_without_axes_makes_a_figure():
    line = plotting.plot_waveform(np.zeros(10), 10)
    assert line.axes is not None


def test_save_png_is_byte_stable(tmp_path):
    def draw():
        with plotting.style():
            fig, ax = plotting.new_figure(height=2.0)
            ax.plot([0, 1, 2], [0, 1, 0])
            return fig

    a = plotting.save_png(draw(), tmp_path / "a.png").read_bytes()
    b = plotting.save_png(draw(), tmp_path / "b.png").read_bytes()
    assert a == b
    assert a[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"Software" not in a
