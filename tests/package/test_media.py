"""Every clip: registered with a label, short, mono, unclipped, deterministic; and the CLI."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from audioml._registry import Entry
from audioml.errors import ParameterError
from audioml.media import MAX_SECONDS, REGISTRY, clips_match, main, write_clip

NAMES = REGISTRY.names()


@pytest.mark.parametrize("name", NAMES)
def test_clip_is_short_mono_unclipped_and_labelled(name, tmp_path):
    entry = REGISTRY.get(name)
    assert len(entry.caption.split()) >= 8, f"{name}: the label must say what was done"
    (path,) = write_clip(entry, tmp_path)
    info = sf.info(path)
    assert info.channels == 1
    assert info.format == "FLAC"
    assert info.subtype == "PCM_16"
    assert 0 < info.duration <= MAX_SECONDS
    y, _ = sf.read(path)
    assert 0.01 < np.abs(y).max() <= 1.0, f"{name}: silent or clipping"


@pytest.mark.parametrize("name", NAMES)
def test_clip_is_deterministic(name, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (a,) = write_clip(REGISTRY.get(name), tmp_path / "a")
    (b,) = write_clip(REGISTRY.get(name), tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()


def _entry(func):
    return Entry("zz_test", func, "title", "alt", "caption", __name__)


@pytest.mark.parametrize(
    ("func", "match"),
    [
        (lambda: (np.full(100, 1.5), 8000), r"would clip: peak 1\.500 > 1\.0"),
        (lambda: (np.zeros((2, 100)), 8000), "must be mono and non-empty"),
        (lambda: (np.array([]), 8000), "must be mono and non-empty"),
        (lambda: (np.array([0.0, np.nan]), 8000), "NaN or infinite"),
        (lambda: (np.zeros(8000 * 6), 8000), r"is 6\.00 s long; at most 5\.0 s"),
    ],
)
def test_writer_refuses_bad_clips(func, match, tmp_path):
    with pytest.raises(ParameterError, match=match):
        write_clip(_entry(func), tmp_path)
    assert not list(tmp_path.iterdir())


def test_clips_match_compares_samples(tmp_path):
    y = 0.5 * np.sin(np.linspace(0, 100, 4000))
    sf.write(tmp_path / "a.flac", y, 8000, subtype="PCM_16")
    sf.write(tmp_path / "b.flac", y, 8000, subtype="PCM_16")
    sf.write(tmp_path / "c.flac", y * 0.9, 8000, subtype="PCM_16")
    sf.write(tmp_path / "d.flac", y, 16000, subtype="PCM_16")
    assert clips_match(tmp_path / "a.flac", tmp_path / "b.flac")
    assert not clips_match(tmp_path / "a.flac", tmp_path / "c.flac")
    assert not clips_match(tmp_path / "a.flac", tmp_path / "d.flac")


def test_cli_writes_checks_and_rejects_unknown_names(tmp_path, capsys):
    name = NAMES[0]
    assert main(["--only", name, "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith(f"[1/1] {name} -> ")
    assert main(["--only", name, "--check", "--out", str(tmp_path)]) == 0
    assert main(["--only", "nosuchclip", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("python -m audioml.media: error: unknown clip 'nosuchclip'; valid names:")
