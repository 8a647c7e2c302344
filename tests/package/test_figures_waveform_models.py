"""The setting-3 figures and clips (`audioml.figures/media.waveform_models`): their numbers.

docs/architectures/setting-3.md states, from these functions, that the FIR baseline is
essentially zero-phase, that the learned encoder's filters spread like a mel scale, where
the extrapolated training curves cross, and what the players play. If the weights or
the code change, these tests fail before the page goes stale.
"""

from __future__ import annotations

import numpy as np
import pytest

from audioml import corpus
from audioml.figures import REGISTRY as FIGURES
from audioml.figures import waveform_models as fw
from audioml.losses import si_sdr
from audioml.media import REGISTRY as CLIPS
from audioml.media import waveform_models as mw
from audioml.models import INPUT_RMS, enhance, nn
from audioml.scales import mel_frequencies

FIGURE_NAMES = [
    "tasnet_architecture",
    "waveform_training_curves",
    "tasnet_encoder_filters",
    "fir_zero_phase",
]


def test_figures_and_clips_are_registered():
    assert set(FIGURE_NAMES) <= set(FIGURES.names())
    names = {f"s3_{k}_{m}" for k in mw.MIXTURES for m in mw.CLIP_MODELS}
    assert names <= set(CLIPS.names())
    assert len(names) == 10


def test_stages_reproduce_the_shipped_forward_pass():
    """`tasnet_stages` re-does `nn.tasnet` step by step: the figure shows the real model."""
    _, noisy, _ = mw.mixture("heldout")
    x = noisy * INPUT_RMS / np.sqrt(np.mean(noisy**2))
    stages = fw.tasnet_stages(x)
    weights, _ = fw.load_weights("tasnet")
    np.testing.assert_allclose(stages["output"], nn.tasnet(x, weights), rtol=0, atol=1e-12)
    assert stages["encoded"].shape == stages["mask"].shape == (64, -(-(x.size + 16) // 16))
    assert stages["encoded"].min() >= 0.0  # after the ReLU
    assert stages["mask"].min() > 0.0
    assert stages["mask"].max() < 1.0


def test_receptive_field_of_eight_dilated_blocks():
    frames, seconds = fw.receptive_field()
    assert frames == 1 + 2 * (2**8 - 1) == 511
    assert seconds == pytest.approx((510 * 16 + 32) / 16000)  # 0.512 s


def test_fir_baseline_is_essentially_zero_phase():
    """The issue's correction: the FIR keeps the noisy phase (symmetric taps, phase ~ 0)."""
    r = fw.fir_phase()
    assert r["taps"].size == 401
    assert int(np.argmax(np.abs(r["taps"]))) == 200  # the centre tap is the largest
    assert r["asymmetry"] < 0.01
    assert r["max_phase_deg"] < 2.0
    # a filter that delays by one sample is not zero-phase: the measure would see it
    delayed = np.roll(r["taps"], 1)
    assert np.linalg.norm(delayed - delayed[::-1]) / np.linalg.norm(delayed) > 0.5


def test_encoder_filters_cluster_low_like_a_mel_scale():
    r = fw.encoder_responses()
    peaks = r["peak_hz"]
    assert np.all(np.diff(peaks) >= 0)  # sorted
    assert peaks.size == 64
    assert r["impulse"].shape == (64, nn.KERNEL)
    assert np.sum(peaks < 3000) == 50  # the alt text quotes 50 of 64
    mel = mel_frequencies(64, fmax=8000.0)
    uniform = np.linspace(0, 8000, 64)
    assert np.mean(np.abs(peaks - mel)) < 0.4 * np.mean(np.abs(peaks - uniform))
    # broad filters: median level about -11 dB, far above a Hann atom's -53 dB
    median = float(np.median(np.median(r["magnitude_db"], axis=1)))
    assert -14 < median < -8
    assert fw.hann_atom_median_db() < -45


@pytest.mark.slow
def test_validation_baselines_match_the_training_record():
    """The numpy models on the rebuilt validation set give the recorded final points
    (float32 training vs float64 inference: 0.01 dB), and the quoted baselines hold."""
    scores = fw.validation_baselines()
    for model in ("gru", "tasnet"):
        assert scores[model] == pytest.approx(fw.curve(model)[-1, 2], abs=0.01)
    for model, quoted in fw.VALIDATION_BASELINES_DB.items():
        assert scores[model] == pytest.approx(quoted, abs=0.01)


def test_extrapolated_crossing():
    """Both fitted trends rise; the Conv-TasNet's faster, so they cross, far beyond the
    recorded training (the page quotes about 5,400 s, 3,300 to 5,400 s across fits)."""
    for x in ("steps", "seconds"):
        slope_gru, _ = fw.trend("gru", x=x)
        slope_tasnet, _ = fw.trend("tasnet", x=x)
        assert 0 < slope_gru < slope_tasnet
    seconds, db = fw.crossing(x="seconds")
    assert round(seconds, -2) == 5400
    assert round(db, 1) == 9.1
    assert seconds > 10 * fw.curve("tasnet")[-1, 1]
    ends = sorted(round(fw.crossing(x="seconds", fraction=f)[0], -2) for f in (0.25, 0.5, 0.75))
    assert ends == [3300, 5100, 5400]
    steps, _ = fw.crossing(x="steps")
    assert round(steps, -3) == 15000
    # the page's cost of the run that would settle it: 20,000 steps at the recorded pace
    pace = {m: fw.curve(m)[-1, 1] / fw.curve(m)[-1, 0] for m in ("gru", "tasnet")}
    assert round(20000 * pace["tasnet"] / 3600, 1) == 1.5
    assert round(20000 * pace["gru"] / 60, -1) == 50


def test_clips_are_the_stated_mixtures():
    for key, (_group, _index, noise, snr_db, _) in mw.MIXTURES.items():
        clean, noisy, utterance = mw.mixture(key)
        assert utterance.split == "test"
        assert (utterance.speaker == corpus.UNSEEN_SPEAKER) == (key == "unseen")
        assert (noise, snr_db) == ("music", 0.0)
        noise_part = noisy - clean
        snr = 10 * np.log10(np.sum(clean**2) / np.sum(noise_part**2))
        assert snr == pytest.approx(0.0, abs=1e-9)


def test_clip_scores_the_page_describes():
    """On both clips: every model improves SI-SDR, the Conv-TasNet by more than 5 dB and
    far more than the FIR, and the GRU is still ahead of the Conv-TasNet (as the page says)."""
    for key in mw.MIXTURES:
        clean, noisy, _ = mw.mixture(key)
        score = {m: si_sdr(mw.output(key, m), clean) for m in ("noisy", "fir", "tasnet", "gru")}
        assert score["fir"] > score["noisy"]
        assert score["tasnet"] - score["noisy"] > 5.0
        assert score["tasnet"] - score["fir"] > 4.0
        assert score["gru"] > score["tasnet"]
        np.testing.assert_array_equal(
            mw.output(key, "tasnet"), enhance(noisy, sr=16000, model="tasnet")
        )


def test_clip_measurements_the_page_quotes():
    """The 'what to listen for' paragraph and the SI-SDR pitfall quote these numbers."""
    pauses = {
        (k, m): round(mw.pause_attenuation_db(k, m), 1)
        for k in mw.MIXTURES
        for m in ("noisy", "fir", "tasnet", "gru")
    }
    assert pauses[("heldout", "noisy")] == pauses[("unseen", "noisy")] == 0.0
    assert (pauses[("heldout", "fir")], pauses[("unseen", "fir")]) == (-3.7, -4.4)
    assert (round(pauses[("heldout", "tasnet")]), round(pauses[("unseen", "tasnet")])) == (-12, -16)
    assert (round(pauses[("heldout", "gru")]), round(pauses[("unseen", "gru")])) == (-16, -14)
    gaps = []
    for key in mw.MIXTURES:
        clean, _, _ = mw.mixture(key)
        out = mw.output(key, "tasnet")
        assert round(float(np.sqrt(np.mean(out**2) / np.mean(clean**2))), 2) in (0.75, 0.76)
        gaps.append(round(si_sdr(mw.output(key, "gru"), clean) - si_sdr(out, clean), 1))
    assert gaps == [0.8, 1.7]


def _table(title: str) -> dict[tuple[str, str], dict[str, tuple[float, float]]]:
    """One per-condition table of docs/generated/models_table.md: (noise, snr) -> column ->
    (mean, std)."""
    from pathlib import Path

    lines = (Path(__file__).resolve().parents[2] / "docs/generated/models_table.md").read_text(
        encoding="utf-8"
    )
    block = lines.split(f"**{title}")[1].split("\n\n")[1].splitlines()
    header = [c.strip() for c in block[0].strip("|").split("|")]
    rows = {}
    for line in block[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        values = {}
        for name, cell in zip(header[2:], cells[2:], strict=True):
            mean, _, std = cell.replace(" (SI-SDR)", "").partition(" ± ")
            values[name] = (float(mean), float(std or "nan"))
        rows[(cells[0], cells[1])] = values
    return rows


TASNET, GRU, FIR = (
    "small Conv-TasNet",
    "GRU mask on log-magnitude",
    "FIR Wiener filter (linear baseline)",
)
IRM, PSM = "IRM (oracle)", "PSM, clipped to [0, 1] (oracle)"


def test_table_claims_on_the_page():
    held = _table("Held-out prompts: SI-SDR improvement")
    unseen = _table("Unseen voice: SI-SDR improvement")
    assert len(held) == len(unseen) == 12
    ahead = {c for c, v in held.items() if v[TASNET][0] > v[GRU][0]}
    assert ahead == {("babble", "0"), ("babble", "5"), ("music", "0"), ("music", "5")}
    margins = [held[c][TASNET][0] - held[c][GRU][0] for c in ahead]
    assert round(min(margins), 1) == 0.1
    assert round(max(margins), 1) == 0.4
    spreads = [held[c][m][1] for c in ahead for m in (TASNET, GRU)]
    assert (min(spreads), max(spreads)) == (0.6, 1.1)
    behind = [held[c][GRU][0] - held[c][TASNET][0] for c in held if c not in ahead]
    assert (round(min(behind), 1), round(max(behind), 1)) == (0.5, 1.6)
    gaps = {c: unseen[c][GRU][0] - unseen[c][TASNET][0] for c in unseen}
    assert min(gaps.values()) > 0
    assert min(gaps, key=gaps.get) == ("babble", "0")
    assert round(gaps[("babble", "0")], 1) == 0.8
    assert max(gaps, key=gaps.get) == ("pink", "10")
    assert round(gaps[("pink", "10")], 1) == 4.3
    below = {c: held[c][IRM][0] - max(held[c][TASNET][0], held[c][GRU][0]) for c in held}
    below_all = [held[c][IRM][0] - held[c][m][0] for c in held for m in (TASNET, GRU)]
    assert (round(min(below_all), 1), round(max(below_all), 1)) == (0.8, 5.8)
    assert max(below, key=below.get) == ("babble", "0")
    assert all(1.9 <= held[c][PSM][0] - held[c][IRM][0] <= 2.3 for c in held)
    fir = {c: held[c][FIR][0] for c in held}
    stationary = [v for (noise, _), v in fir.items() if noise in ("white", "pink")]
    assert (min(stationary), max(stationary)) == (2.0, 6.0)
    assert all(v < 0 for (noise, _), v in fir.items() if noise == "babble")


def test_page_includes_whole_tables_of_the_committed_benchmark():
    """setting-3.md includes line ranges of models_table.md: each must be one whole table
    (header, rule, 12 rows; the summary: header, rule, 4 rows) of the group it names."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    page = (root / "docs/architectures/setting-3.md").read_text(encoding="utf-8")
    table = (root / "docs/generated/models_table.md").read_text(encoding="utf-8").splitlines()
    ranges = re.findall(r'--8<-- "docs/generated/models_table\.md:(\d+):(\d+)"', page)
    titles = [
        None,
        "Held-out prompts: SI-SDR",
        "Unseen voice: SI-SDR",
        "Held-out prompts: STOI",
        "Unseen voice: STOI",
    ]
    assert len(ranges) == len(titles)
    for (start, end), title in zip(ranges, titles, strict=True):
        lines = table[int(start) - 1 : int(end)]
        assert lines[0].startswith("| ")
        assert set(lines[1]) <= set("|-:")
        assert all(line.startswith("|") for line in lines)
        rows = len(lines) - 2
        if title is None:
            assert lines[0].startswith("| model |")
            assert rows == 4
        else:
            assert lines[0].startswith("| noise | SNR (dB) |")
            assert rows == 12
            assert table[int(start) - 3].startswith(f"**{title}")
        after = int(end)
        assert after == len(table) or not table[after].startswith("| ")


@pytest.mark.slow
def test_learned_transform_round_trip_and_oracle_mask():
    """The page: the encoder/decoder round trip of clean prompts gives 13.2 ± 1.1 dB
    (held-out) and 11.8 ± 1.3 dB (unseen), far from an STFT's; an oracle ratio mask in
    the encoder domain reaches 7.2 and 8.2 dB on the two clips, the model 6.9 and 6.7."""
    from audioml.spectral import istft, stft

    for group, (mean, std) in {
        "held-out prompts": (13.2, 1.1),
        "unseen voice": (11.8, 1.3),
    }.items():
        scores = fw.round_trip_scores(group)
        assert len(scores) == 10
        assert (round(float(np.mean(scores)), 1), round(float(np.std(scores)), 1)) == (mean, std)
    limits = {key: fw.representation_limits(key) for key in mw.MIXTURES}
    assert [round(limits[k]["ratio_mask"], 1) for k in mw.MIXTURES] == [7.2, 8.2]
    assert [round(limits[k]["model"], 1) for k in mw.MIXTURES] == [6.9, 6.7]
    for key in mw.MIXTURES:
        assert limits[key]["model"] < limits[key]["ratio_mask"] < limits[key]["round_trip"]
        clean, _, _ = mw.mixture(key)
        stft_trip = istft(stft(clean, n_fft=512, hop_length=128), hop_length=128, length=clean.size)
        assert si_sdr(stft_trip, clean) > 100.0
    # decode() is the decoder nn.tasnet runs: on the masked encoding it gives the output
    _, noisy, _ = mw.mixture("heldout")
    x = noisy * INPUT_RMS / np.sqrt(np.mean(noisy**2))
    stages = fw.tasnet_stages(x)
    np.testing.assert_allclose(
        fw.decode(stages["mask"] * stages["encoded"], x.size), stages["output"], atol=1e-12
    )
