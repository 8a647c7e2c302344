"""Every figure: registered with alt text and caption, fresh in figs/, and its CLI."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image

from audioml._registry import Entry
from audioml.errors import ParameterError
from audioml.figures import (
    REGISTRY,
    figure,
    figure_files,
    figure_format,
    images_match,
    main,
    render,
)
from audioml.plotting import new_figure, save_png, save_svg, style

ROOT = Path(__file__).resolve().parents[2]
FIGS = ROOT / "figs"
NAMES = REGISTRY.names()
FORMAT = {name: figure_format(REGISTRY.get(name)) for name in NAMES}
SVG_NAMES = [name for name in NAMES if FORMAT[name] == "svg"]
PNG_NAMES = [name for name in NAMES if FORMAT[name] == "png"]
# The seed document links these two by name; they must always exist.
SEED_FIGURES = ["equal_loudness_contours", "mel_filter_bank"]


def committed(name: str) -> Path:
    return FIGS / f"{name}.{FORMAT[name]}"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """`fresh(name)`: the figure drawn once, saved as `render` does (and, for an SVG
    figure, also as the PNG it would otherwise be); cached, since some take seconds."""
    cache: dict[str, dict[str, Path]] = {}

    def get(name: str) -> dict[str, Path]:
        if name not in cache:
            out = tmp_path_factory.mktemp(name)
            with style():
                fig = REGISTRY.get(name).func()
                paths = {"png": out / f"{name}.png"}
                if FORMAT[name] == "svg":
                    paths["svg"] = save_svg(fig, out / f"{name}.svg")
                save_png(fig, paths["png"])  # also after save_svg closed the figure
            cache[name] = paths
        return cache[name]

    return get


@pytest.mark.artefacts
@pytest.mark.parametrize("name", NAMES)
def test_figure_is_fresh(name, fresh):
    """Re-render each figure and compare it with the committed file (stale -> named)."""
    path = committed(name)
    assert path.exists(), f"figs/{path.name} is missing: run `make figures` and commit it"
    assert images_match(fresh(name)[FORMAT[name]], path), (
        f"figs/{path.name} is stale: its code changed; run `make figures` and commit it"
    )


@pytest.mark.artefacts
@pytest.mark.parametrize("name", SVG_NAMES)
def test_svg_figure_is_a_line_plot_smaller_than_its_png(name, fresh):
    """An SVG figure has no raster image in it, and gzipped (as a web server sends
    it) it is smaller than the PNG the same figure makes; otherwise it must be a PNG."""
    svg = committed(name).read_bytes()
    assert b"<image" not in svg, f"{name}: raster content; keep it a PNG"
    png = fresh(name)["png"].stat().st_size
    gzipped = len(gzip.compress(svg, 6))
    assert gzipped < png, f"{name}: SVG {gzipped} B gzipped >= PNG {png} B; keep it a PNG"


def test_some_figures_are_svg_and_the_raster_ones_are_not():
    assert len(SVG_NAMES) >= 10
    for name in ("speech_waveform_spectrogram", "log_mel_speech", "loss_atlas", "stft_anatomy"):
        assert FORMAT[name] == "png", f"{name} shows an image or spectrogram"


@pytest.mark.parametrize("name", NAMES)
def test_figure_has_real_alt_text_and_caption(name):
    entry = REGISTRY.get(name)
    assert len(entry.alt.split()) >= 12, f"{name}: alt text must describe the figure"
    assert len(entry.caption.split()) >= 8, f"{name}: caption must say what it shows"
    assert entry.alt != entry.caption


@pytest.mark.parametrize("name", SEED_FIGURES)
def test_seed_figures_exist(name):
    """The seed links figs/<name>.png: the SVG the site shows and that PNG both exist."""
    assert name in NAMES
    assert committed(name).exists()
    assert (FIGS / f"{name}.png").exists()
    assert REGISTRY.get(name).extra.get("png_copy")


@pytest.mark.artefacts
@pytest.mark.parametrize(
    "name", [n for n in SVG_NAMES if REGISTRY.get(n).extra.get("png_copy")] or ["(none)"]
)
def test_png_copy_is_fresh(name, fresh):
    """An SVG figure's PNG copy is checked like any PNG figure (stale -> named)."""
    path = FIGS / f"{name}.png"
    assert path.exists(), f"figs/{name}.png is missing: run `make figures` and commit it"
    assert images_match(fresh(name)["png"], path), f"figs/{name}.png is stale: make figures"


def test_png_copy_only_for_svg_figures():
    with pytest.raises(ParameterError, match="png_copy is for SVG figures"):
        figure("x_png_copy", title="t", alt="a", caption="c", png_copy=True)


def test_figs_holds_exactly_one_file_per_figure():
    """One file per registered figure, in its format: no orphan, no stale PNG beside an SVG."""
    files = sorted(p.name for p in FIGS.iterdir() if not p.name.startswith("."))
    assert files == sorted(f for name in NAMES for f in figure_files(REGISTRY.get(name)))


def test_committed_figures_are_sized_for_the_page():
    for path in FIGS.glob("*.png"):
        with Image.open(path) as image:
            width, height = image.size
        assert width <= 1400, f"{path.name} is {width} px wide; figures are drawn at 1400 px"
        assert height <= 1800, f"{path.name} is {height} px high"
    for path in FIGS.glob("*.svg"):
        head = path.read_text()[:1000]
        width, height = map(
            float, re.search(r'width="([\d.]+)px" height="([\d.]+)px"', head).groups()
        )
        assert width <= 700, f"{path.name} is {width} CSS px wide; figures are shown at 700"
        assert height <= 900, f"{path.name} is {height} CSS px high"


def test_images_match_tolerates_nothing_visible(tmp_path):
    base = np.full((100, 200, 3), 255, np.uint8)
    Image.fromarray(base).save(tmp_path / "a.png")
    nudged = base.copy()
    nudged[50, 100] = 250  # one pixel, barely: same figure
    Image.fromarray(nudged).save(tmp_path / "b.png")
    moved = base.copy()
    moved[:, 90:110] = 0  # a visible bar: a different figure
    Image.fromarray(moved).save(tmp_path / "c.png")
    Image.fromarray(base[:, :150]).save(tmp_path / "d.png")
    assert images_match(tmp_path / "a.png", tmp_path / "b.png")
    assert not images_match(tmp_path / "a.png", tmp_path / "c.png")
    assert not images_match(tmp_path / "a.png", tmp_path / "d.png")


def test_svg_match_tolerates_invisible_changes_only(tmp_path):
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text)
        return path

    line = '<svg><defs><path id="{id}" d="M 0 0 L 10 {y}"/></defs><use xlink:href="#{id}"/></svg>'
    base = write("a.svg", line.format(id="p1f3a", y="5"))
    assert images_match(base, write("b.svg", line.format(id="p1f3a", y="5.01")))
    assert images_match(base, write("c.svg", line.format(id="p9e2c", y="5")))  # new hash
    assert not images_match(base, write("d.svg", line.format(id="p1f3a", y="6")))
    assert not images_match(base, write("e.svg", line.format(id="p1f3a", y="5").replace("L", "M")))
    assert not images_match(base, write("f.svg", line.format(id="p1f3a", y="5") + "<g/>"))
    Image.fromarray(np.full((10, 10, 3), 255, np.uint8)).save(tmp_path / "a.png")
    assert not images_match(base, tmp_path / "a.png")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["frequency_scales", "speech_waveform_spectrogram"])
def test_rendering_twice_gives_identical_bytes(name, tmp_path):
    entry = REGISTRY.get(name)
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (a,) = render(entry, tmp_path / "one")
    (b,) = render(entry, tmp_path / "two")
    assert a.name == f"{name}.{FORMAT[name]}"
    assert a.read_bytes() == b.read_bytes()


# --- formats: registration, rendering, stale files ----------------------------------


def _tiny_line_plot():
    fig, ax = new_figure(height=1.5)
    ax.plot([0, 1, 2, 3], [0, 1, 0, 1])
    return fig


@pytest.fixture
def tiny(monkeypatch):
    """Two cheap registered figures, `zz_tiny_svg` and `zz_tiny_png`, drawing the same plot."""
    for fmt in ("svg", "png"):
        name = f"zz_tiny_{fmt}"
        entry = Entry(name, _tiny_line_plot, "t", "alt", "caption", __name__, {"format": fmt})
        monkeypatch.setitem(REGISTRY._entries, name, entry)
    return REGISTRY


def test_figure_registers_its_format_and_refuses_others(monkeypatch):
    monkeypatch.setattr(REGISTRY, "_entries", dict(REGISTRY._entries))
    figure("zz_as_svg", title="t", alt="a", caption="c", format="svg")(_tiny_line_plot)
    figure("zz_as_png", title="t", alt="a", caption="c")(_tiny_line_plot)
    assert figure_format(REGISTRY.get("zz_as_svg")) == "svg"
    assert figure_format(REGISTRY.get("zz_as_png")) == "png"
    with pytest.raises(ParameterError, match="format must be one of 'png', 'svg'; got 'jpg'"):
        figure("zz_as_jpg", title="t", alt="a", caption="c", format="jpg")


def test_render_writes_the_figures_format_and_removes_the_other(tiny, tmp_path):
    (tmp_path / "zz_tiny_svg.png").write_bytes(b"stale")  # the figure was a PNG before
    (tmp_path / "zz_tiny_png.svg").write_bytes(b"stale")
    (svg,) = render(tiny.get("zz_tiny_svg"), tmp_path)
    (png,) = render(tiny.get("zz_tiny_png"), tmp_path)
    assert svg == tmp_path / "zz_tiny_svg.svg"
    assert png == tmp_path / "zz_tiny_png.png"
    assert svg.read_bytes().startswith(b"<?xml")
    assert png.read_bytes().startswith(b"\x89PNG")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["zz_tiny_png.png", "zz_tiny_svg.svg"]


def test_check_reports_a_stale_svg_figure(tiny, tmp_path, capsys):
    assert main(["--only", "zz_tiny_svg", "--out", str(tmp_path)]) == 0
    path = tmp_path / "zz_tiny_svg.svg"
    assert path.exists()
    assert not (tmp_path / "zz_tiny_svg.png").exists()
    assert main(["--only", "zz_tiny_svg", "--check", "--out", str(tmp_path)]) == 0
    text = path.read_text()
    # move the line's first point 3 pt down: a visible change
    moved = re.sub(
        r'(<g id="line2d_\d+">\s*<path d="M )([\d.]+) ([\d.]+)',
        lambda m: f"{m[1]}{m[2]} {float(m[3]) + 3:g}",
        text,
        count=1,
    )
    assert moved != text
    path.write_text(moved)
    capsys.readouterr()
    assert main(["--only", "zz_tiny_svg", "--check", "--out", str(tmp_path)]) == 1
    assert f"zz_tiny_svg: {path} differs from a fresh rendering" in capsys.readouterr().out


# --- the shortcode that puts a figure on a page -------------------------------------


PAGE = SimpleNamespace(url="hearing/loudness/", file=SimpleNamespace(src_uri="hearing/loudness.md"))


@pytest.mark.parametrize(
    ("name", "size"),
    # 7.0 in wide, shown at 100 CSS px per inch whatever the format
    [("equal_loudness_contours", (700, 380)), ("speech_waveform_spectrogram", None)],
)
def test_shortcode_emits_src_and_css_size_of_the_figures_file(name, size):
    from hooks import shortcodes as hook

    html = hook._figure_html(name, PAGE)
    fmt = FORMAT[name]
    assert f'src="../../figs/{name}.{fmt}"' in html
    if size is None:  # a PNG: half its pixel size
        with Image.open(committed(name)) as image:
            size = (image.size[0] // 2, image.size[1] // 2)
    assert f'width="{size[0]}" height="{size[1]}" loading="lazy" decoding="async"' in html
    assert f'id="figure-{name.replace("_", "-")}"' in html
    entry = REGISTRY.get(name)
    assert f'alt="{hook.html.escape(entry.alt)}"' in html
    assert f"<figcaption markdown>{entry.caption}</figcaption>" in html


def test_shortcode_reads_svg_sizes_in_any_unit(tmp_path):
    from hooks import shortcodes as hook

    cases = {
        '<svg width="504pt" height="273.6pt" viewBox="0 0 504 273.6">': (672, 365),
        '<svg xmlns="http://www.w3.org/2000/svg" width="700px" height="380px">': (700, 380),
        '<svg viewBox="0 0 640 320" xmlns="http://www.w3.org/2000/svg">': (640, 320),
        '<svg width="100%" height="100%" viewBox="0 0 300 150">': (300, 150),
    }
    for index, (root, size) in enumerate(cases.items()):
        path = tmp_path / f"{index}.svg"
        path.write_text(f'<?xml version="1.0"?>\n{root}</svg>')
        assert hook._svg_size(path) == size, root


# --- the command line -------------------------------------------------------------


def test_list_prints_every_name(capsys):
    assert main(["--list"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == NAMES


def test_only_writes_one_figure_with_a_progress_line(tmp_path, capsys):
    name = next(n for n in NAMES if len(figure_files(REGISTRY.get(n))) == 1)
    filename = f"{name}.{FORMAT[name]}"
    assert main(["--only", name, "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"[1/1] {name} -> {tmp_path / filename} (")
    assert [p.name for p in tmp_path.iterdir()] == [filename]


def test_unknown_name_lists_the_valid_ones(capsys):
    assert main(["--only", "nosuchfigure"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    assert err.startswith("python -m audioml.figures: error: unknown figure 'nosuchfigure'")
    assert all(name in err for name in NAMES)


def test_unwritable_output_folder_is_one_line_and_exit_1(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["--only", NAMES[0], "--out", str(blocker / "sub")]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    assert err.startswith("python -m audioml.figures: error: cannot write to")


@pytest.mark.slow
def test_check_reports_a_stale_figure_by_name(tmp_path, capsys):
    name = "speech_waveform_spectrogram"  # a PNG figure that draws in about a second
    (fresh,) = render(REGISTRY.get(name), tmp_path)
    assert main(["--only", name, "--check", "--out", str(tmp_path)]) == 0
    with Image.open(fresh) as image:
        pixels = np.asarray(image.convert("RGB")).copy()
    pixels[:, : pixels.shape[1] // 3] = 0  # a third of the figure turned black
    Image.fromarray(pixels).save(fresh)
    assert main(["--only", name, "--check", "--out", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert f"{name}: {fresh} differs from a fresh rendering" in captured.out
    assert f"stale or missing: {name}" in captured.err
    fresh.unlink()
    assert main(["--only", name, "--check", "--out", str(tmp_path)]) == 1
    assert "is missing" in capsys.readouterr().out


def test_a_failing_figure_function_is_one_line_and_exit_1(tmp_path, capsys, monkeypatch):
    def broken():
        raise RuntimeError("boom")

    entry = Entry("zz_broken", broken, "title", "alt", "caption", __name__)
    monkeypatch.setitem(REGISTRY._entries, "zz_broken", entry)
    assert main(["--only", "zz_broken", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "python -m audioml.figures: error: figure 'zz_broken' failed: RuntimeError: boom"


@pytest.mark.slow
def test_module_entry_point_exits_non_zero_without_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "audioml.figures", "--only", "nosuchfigure"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
