"""The setting-1 model figures and the model clips: registered, true to their data, on the page.

Freshness of figs/ and the clips' format and determinism are checked for every entry by
test_figures.py and test_media.py; here: what these figures and clips show is what the
weights, the corpus and the committed benchmark say.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from audioml import corpus
from audioml.figures import REGISTRY as FIGURES
from audioml.figures import models as F
from audioml.losses import si_sdr
from audioml.media import REGISTRY as CLIPS
from audioml.media import models as M
from audioml.models import MODELS, SR, available, load_weights, nn
from audioml.models.bench import oracle
from audioml.spectral import istft, stft

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "architectures" / "setting-1.md"
TABLE = ROOT / "docs" / "generated" / "models_table.md"
FIGURE_NAMES = ["gru_architecture", "gru_training_curves", "s1_masks"]


def _table_rows() -> list[list[str]]:
    return [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for line in TABLE.read_text(encoding="utf-8").splitlines()
        if line.startswith("| ")
    ]


def _section(title: str) -> dict[tuple[str, str], dict[str, str]]:
    """One per-condition table of the benchmark: (noise, snr) -> {column label: cell}."""
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"**{title}"))
    header = [c.strip() for c in lines[start + 2].strip().strip("|").split("|")]
    cells = {}
    for line in lines[start + 4 :]:
        if not line.startswith("| "):
            break
        row = [c.strip() for c in line.strip().strip("|").split("|")]
        cells[(row[0], row[1])] = dict(zip(header, row, strict=True))
    return cells


def _mean(cell: str) -> float:
    return float(cell.split("±")[0].split("(")[0])


# --- figures ------------------------------------------------------------------------


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_figures_are_registered_with_numbers_in_their_alt_text(name):
    entry = FIGURES.get(name)
    assert entry.module == "audioml.figures.models"
    assert len(entry.alt) > 300
    assert re.search(r"\d", entry.alt)
    assert len(entry.caption) > 150


def test_architecture_counts_every_trainable_weight_once():
    blocks = F.block_parameters()
    weights, _ = load_weights("gru")
    assert list(blocks) == ["inp", "gru0", "gru1", "out"]
    assert sum(blocks.values()) == nn.n_parameters(weights) == 264_321
    n_bins, hidden = weights["out.weight"].shape
    assert blocks["inp"] == n_bins * hidden + hidden
    assert blocks["gru0"] == blocks["gru1"] == 2 * 3 * hidden * (hidden + 1)
    # ...and the count on the figure is the benchmark's.
    row = next(r for r in _table_rows() if r[0] == MODELS["gru"].label)
    assert row[2] == f"{sum(blocks.values()):,}"
    alt = FIGURES.get("gru_architecture").alt
    for value in blocks.values():
        assert f"{value:,}" in alt


def test_numpy_gru_reproduces_the_training_runs_last_validation_score():
    """The validation set is rebuilt in numpy; the numpy network scores what torch recorded."""
    _, meta = load_weights("gru")
    last = meta["val_sisdri"][-1][2]
    assert F.validation_sisdri("gru") == pytest.approx(last, abs=0.01)
    ridge = F.validation_sisdri("ridge")
    assert 0.0 < ridge < last - 3.0
    alt = FIGURES.get("gru_training_curves").alt
    assert f"{ridge:+.1f} dB" in alt
    assert f"{last:+.1f} dB" in alt
    assert f"{meta['steps']:,}" in alt


def test_oracle_masks_are_the_benchmarks_oracles():
    clean, noisy = M.example(F.MASK_SPEAKER, F.MASK_NOISE)
    masks = F.oracle_masks(clean, noisy)
    X = stft(noisy, n_fft=nn.N_FFT, hop_length=nn.HOP_LENGTH)
    for kind in ("irm", "psm"):
        m = masks[kind]
        assert m.shape == X.shape
        assert m.min() >= 0.0
        assert m.max() <= 1.0
        mine = istft(m * X, hop_length=nn.HOP_LENGTH, length=noisy.size)
        np.testing.assert_allclose(mine, oracle(clean, noisy, kind), atol=1e-12)


def test_mask_panels_rank_as_the_page_says():
    panels = F.mask_panels()
    gains = {k: v[1] for k, v in panels.items()}
    assert set(gains) == {"irm", "psm", "ridge", "gru"}
    for m, _ in panels.values():
        assert m.shape[0] == nn.N_FFT // 2 + 1
        assert m.min() >= 0.0
        assert m.max() <= 1.0
    assert gains["psm"] > gains["irm"] > gains["gru"] > gains["ridge"] + 1.5
    clean, noisy = M.example(F.MASK_SPEAKER, F.MASK_NOISE)
    clean_mag = si_sdr(oracle(clean, noisy, "clean_mag"), clean) - si_sdr(noisy, clean)
    assert gains["psm"] > clean_mag  # the clean magnitude is not the ceiling
    # The alt text's medians: the ridge mask is grey almost everywhere, the GRU's is dark.
    assert np.median(panels["ridge"][0]) > 0.2 > 0.05 > np.median(panels["gru"][0])
    alt = FIGURES.get("s1_masks").alt
    for gain in gains.values():
        assert f"{gain:+.1f} dB" in alt
    assert corpus.UNSEEN_SPEAKER in alt


# --- clips --------------------------------------------------------------------------


def test_example_prompts_follow_the_rule_and_are_test_prompts():
    for speaker, file in M.EXAMPLE_FILES.items():
        first = next(
            u
            for u in corpus.utterances(split="test", speaker=speaker)
            if u.duration_s >= M.MIN_SECONDS
        )
        assert first.file == file
        assert M.example_utterance(speaker) == first
    assert corpus.UNSEEN_SPEAKER in M.EXAMPLE_FILES
    assert set(M.EXAMPLE_FILES) - {corpus.UNSEEN_SPEAKER} <= set(corpus.TRAIN_SPEAKERS)


def test_every_model_has_a_clip_per_speaker_and_noise():
    names = {n for n in CLIPS.names() if CLIPS.get(n).module == "audioml.media.models"}
    expected = set()
    for speaker in M.SPEAKERS:
        expected.add(M.clip_name(speaker, None, "clean"))
        for noise in M.CLIP_NOISES:
            for what in ("noisy", *available()):
                expected.add(M.clip_name(speaker, noise, what))
    assert names == expected
    assert len(names) == 2 + 2 * 2 * (1 + len(available()))
    for name in names:
        assert "5 dB" in CLIPS.get(name).title or name.endswith("_clean")


def test_clips_are_the_benchmark_mixtures_at_minus_3_dbfs():
    speaker, noise = corpus.UNSEEN_SPEAKER, "white"
    clean, noisy = corpus.fixed_mixture(
        M.example_utterance(speaker), noise=noise, snr_db=M.CLIP_SNR_DB
    )
    y, sr = CLIPS.get(M.clip_name(speaker, noise, "noisy")).func()
    assert sr == SR
    assert y.size == noisy.size
    assert 20 * np.log10(np.abs(y).max()) == pytest.approx(M.PEAK_DBFS, abs=1e-9)
    # the clip is the mixture up to gain, mean and 10 ms fades
    core = slice(int(0.02 * SR), -int(0.02 * SR))
    assert si_sdr(y[core], noisy[core]) > 60
    base = si_sdr(noisy, clean)
    gains = {}
    for what in available():
        out, _ = CLIPS.get(M.clip_name(speaker, noise, what)).func()
        gains[what] = si_sdr(out, clean) - base
    assert gains["gru"] > gains["ridge"] + 1.5
    assert min(gains.values()) > 2.0


# --- the page -----------------------------------------------------------------------


def test_page_shows_the_figures_and_every_model_clip():
    text = PAGE.read_text(encoding="utf-8")
    for name in FIGURE_NAMES:
        assert f'{{{{ figure("{name}") }}}}' in text
    for name in CLIPS.names():
        if CLIPS.get(name).module == "audioml.media.models":
            assert f'{{{{ clip("{name}") }}}}' in text, name


def test_page_includes_the_benchmark_tables_it_names():
    text = PAGE.read_text(encoding="utf-8")
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    includes = re.findall(r'--8<-- "docs/generated/models_table\.md:(\d+):(\d+)"', text)
    assert len(includes) == 5
    selected = [lines[int(a) - 1 : int(b)] for a, b in includes]
    summary = selected[0]
    assert summary[0].startswith("| model |")
    assert len(summary) == 2 + len(available())
    titles = [
        "Held-out prompts: SI-SDR",
        "Unseen voice: SI-SDR",
        "Held-out prompts: STOI",
        "Unseen voice: STOI",
    ]
    for part, (first, _), before in zip(selected[1:], includes[1:], titles, strict=True):
        assert lines[int(first) - 3].startswith(f"**{before}"), before
        assert part[0].startswith("| noise |")
        assert len(part) == 2 + len(corpus.NOISES) * len(corpus.TEST_SNRS_DB)
        assert all(line.startswith("|") for line in part)


def test_page_numbers_are_the_benchmarks():
    """The targets and the corrections the page states, read from the committed benchmark."""
    text = PAGE.read_text(encoding="utf-8")
    held = _section("Held-out prompts: SI-SDR")
    unseen = _section("Unseen voice: SI-SDR")
    labels = {n: MODELS[n].label for n in available()}
    white = held[("white", "5")]
    gru, ridge = _mean(white[labels["gru"]]), _mean(white[labels["ridge"]])
    assert gru - ridge >= 1.5  # the target
    psm = _mean(white["PSM, clipped to [0, 1] (oracle)"])
    clean_mag = _mean(white["clean magnitude + noisy phase (oracle)"])
    assert psm > clean_mag  # the correction
    for value in (gru, ridge, psm, clean_mag):
        assert f"+{value:.1f}" in text
    assert f"{white[labels['gru']]} dB, the ridge mask {white[labels['ridge']]} dB" in text
    uw = unseen[("white", "5")]
    assert f"{uw[labels['gru']]} against {uw[labels['ridge']]}" in text
    summary = {r[0]: r for r in _table_rows() if r[0] in labels.values()}
    assert f"{summary[labels['gru']][5]} dB on held-out" in text
    assert f"{summary[labels['gru']][6]} dB on the voice" in text


def test_page_states_the_training_record_and_the_corpus():
    from audioml.models.train import RECIPES

    text = " ".join(PAGE.read_text(encoding="utf-8").split())
    _, meta = load_weights("gru")
    recipe = RECIPES["gru"]
    assert meta["steps"] == recipe["steps"]
    assert f"{meta['steps']:,} steps of {recipe['batch']} crops of {recipe['seconds']:g} s" in text
    assert f"{meta['train_seconds'] / 60:.1f} minutes on two CPU cores" in text
    assert f"at {meta['val_sisdri'][-1][2]:+.1f} dB on its 16 crops" in text
    assert f"{F.validation_sisdri('ridge'):+.1f} dB for the ridge baseline" in text
    speech = sum(
        u.duration_s for u in corpus.utterances(split="train") if u.speaker in corpus.TRAIN_SPEAKERS
    )
    assert f"{speech / 60:.1f} minutes of speech" in text
    # The masks' means on the figure's example: the GRU turns bins down like the PSM.
    clean, noisy = M.example(F.MASK_SPEAKER, F.MASK_NOISE)
    S = stft(clean, n_fft=nn.N_FFT, hop_length=nn.HOP_LENGTH)
    X = stft(noisy, n_fft=nn.N_FFT, hop_length=nn.HOP_LENGTH)
    ratio = np.minimum(np.abs(S) / np.abs(X), 1.0).mean()
    gru, psm = F.mask_panels()["gru"][0].mean(), F.mask_panels()["psm"][0].mean()
    assert gru < psm < ratio
    assert f"averages {gru:.2f}, the PSM's {psm:.2f}" in text
    assert f"(clipped to 1) {ratio:.2f}" in text
