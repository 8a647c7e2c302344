"""Every figure: registered with alt text and caption, fresh in figs/, and its CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from audioml._registry import Entry
from audioml.figures import REGISTRY, images_match, main, render

ROOT = Path(__file__).resolve().parents[1]
FIGS = ROOT / "figs"
NAMES = REGISTRY.names()
# The seed document links these two by name; they must always exist.
SEED_FIGURES = ["equal_loudness_contours", "mel_filter_bank"]


@pytest.mark.parametrize("name", NAMES)
def test_figure_is_fresh(name, tmp_path):
    """Re-render each figure and compare it with the committed PNG (stale -> named)."""
    committed = FIGS / f"{name}.png"
    assert committed.exists(), f"figs/{name}.png is missing: run `make figures` and commit it"
    (fresh,) = render(REGISTRY.get(name), tmp_path)
    assert images_match(fresh, committed), (
        f"figs/{name}.png is stale: its code changed; run `make figures` and commit it"
    )


@pytest.mark.parametrize("name", NAMES)
def test_figure_has_real_alt_text_and_caption(name):
    entry = REGISTRY.get(name)
    assert len(entry.alt.split()) >= 12, f"{name}: alt text must describe the figure"
    assert len(entry.caption.split()) >= 8, f"{name}: caption must say what it shows"
    assert entry.alt != entry.caption


@pytest.mark.parametrize("name", SEED_FIGURES)
def test_seed_figures_exist(name):
    assert name in NAMES
    assert (FIGS / f"{name}.png").exists()


def test_every_committed_png_has_a_figure_function():
    orphans = sorted(p.stem for p in FIGS.glob("*.png") if p.stem not in NAMES)
    assert not orphans, f"figs/ holds PNGs no function draws: {orphans}"


def test_committed_figures_are_sized_for_the_page():
    for path in FIGS.glob("*.png"):
        with Image.open(path) as image:
            width, height = image.size
        assert width <= 1400, f"{path.name} is {width} px wide; figures are drawn at 1400 px"
        assert height <= 1800, f"{path.name} is {height} px high"


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


def test_rendering_twice_gives_identical_bytes(tmp_path):
    entry = REGISTRY.get(NAMES[0])
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (a,) = render(entry, tmp_path / "one")
    (b,) = render(entry, tmp_path / "two")
    assert a.read_bytes() == b.read_bytes()


# --- the command line -------------------------------------------------------------


def test_list_prints_every_name(capsys):
    assert main(["--list"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == NAMES


def test_only_writes_one_figure_with_a_progress_line(tmp_path, capsys):
    name = NAMES[0]
    assert main(["--only", name, "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"[1/1] {name} -> {tmp_path / (name + '.png')} (")
    assert [p.name for p in tmp_path.iterdir()] == [f"{name}.png"]


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


def test_check_reports_a_stale_figure_by_name(tmp_path, capsys):
    name = NAMES[0]
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
