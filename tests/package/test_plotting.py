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


def _line_figure():
    with plotting.style():
        fig, ax = plotting.new_figure(height=2.0)
        ax.plot([0, 1, 2], [0, 1, 0], label="a line")
        ax.set_title("Title")
        ax.legend()
        return fig


def test_save_svg_is_byte_stable_and_carries_no_date_or_software(tmp_path):
    a = plotting.save_svg(_line_figure(), tmp_path / "a.svg").read_bytes()
    b = plotting.save_svg(_line_figure(), tmp_path / "b.svg").read_bytes()
    assert a == b
    assert a.startswith(b"<?xml")
    assert b"<metadata" not in a
    assert b"Matplotlib" not in a
    assert b"dc:date" not in a


def test_save_svg_ids_do_not_depend_on_the_callers_salt(tmp_path):
    fig = _line_figure()
    with mpl.rc_context({"svg.hashsalt": "something else"}):
        a = plotting.save_svg(fig, tmp_path / "a.svg").read_bytes()
    assert a == plotting.save_svg(_line_figure(), tmp_path / "b.svg").read_bytes()


def test_save_svg_draws_text_as_paths_on_white_and_closes_the_figure(tmp_path):
    import matplotlib.pyplot as plt

    fig = _line_figure()
    number = fig.number
    svg = plotting.save_svg(fig, tmp_path / "a.svg").read_text()
    assert not plt.fignum_exists(number)
    assert "<text" not in svg  # glyphs are outlines: no webfont needed
    assert 'id="DejaVuSans-' in svg  # ... defined once, reused with <use>
    assert "<image" not in svg
    background = svg.split('<g id="patch_1">', 1)[1].split("</g>", 1)[0]
    assert "fill: #ffffff" in background


def test_save_svg_is_shown_at_the_size_of_the_png(tmp_path):
    from PIL import Image

    svg = plotting.save_svg(_line_figure(), tmp_path / "a.svg").read_text()
    png = plotting.save_png(_line_figure(), tmp_path / "a.png")
    with Image.open(png) as image:
        width, height = image.size
    # the PNG is 2x: 1400 x 400 px shown at 700 x 200 CSS px; the SVG says so itself
    assert (width, height) == (1400, 400)
    assert 'width="700px" height="200px" viewBox="0 0 504 144"' in svg
