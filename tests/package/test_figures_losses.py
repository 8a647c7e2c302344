"""The loss atlas (`audioml.losses.atlas`): the numbers the losses pages quote are computed.

docs/losses/index.md, atlas.md, catalogue.md, choosing.md and the 1 ms clip state, from
`atlas_table`, that the spectral losses are blind to a polarity flip and give at most 0.06
for a 1 ms delay or a 90-degree phase rotation, that the waveform losses and SNR give 0.69
to 2 on those changes, that SI-SDR is blind to gain and polarity, the family ranges of the
index's summary table, points of the delay curve, and a few single cells. If the package changes,
these tests fail before the pages go stale.
"""

from __future__ import annotations

import numpy as np
import pytest

from audioml import losses
from audioml.losses import atlas

ROWS = [label for label, _, _ in atlas.LOSSES]
COLUMNS = [label.split("\n")[0] for label, _, _ in atlas.ATLAS_COLUMNS]
WAVEFORM = ["L1", "MSE", "ESR", "log-cosh"]
SPECTRAL = ["spectral conv.", "log STFT mag.", "STFT", "mel STFT", "multi-res. STFT"]


def _cells(table, rows, columns):
    return table[np.ix_([ROWS.index(r) for r in rows], [COLUMNS.index(c) for c in columns])]


@pytest.fixture(scope="module")
def speech():
    return atlas.atlas_table("speech")


@pytest.fixture(scope="module")
def tone():
    return atlas.atlas_table("tone")


def test_layout_matches_the_page_row_blocks(speech):
    # atlas.md indexes rows 0-4 (waveform + SNR), 5 (SI-SDR) and 7: (spectral)
    assert speech.shape == (12, 6)
    assert ROWS[:4] == WAVEFORM
    assert ROWS[4:7] == ["SNR", "SI-SDR", "SD-SDR"]
    assert ROWS[7:] == SPECTRAL
    assert COLUMNS == ["gain", "delay", "polarity", "phase", "noise", "low-pass"]


def test_spectral_losses_blind_to_polarity_nearly_to_delay_and_phase(speech, tone):
    for table in (speech, tone):
        assert np.all(_cells(table, SPECTRAL, ["polarity"]) < 1e-9)
        assert np.all(_cells(table, SPECTRAL, ["delay", "phase"]) <= 0.06)
    assert _cells(speech, SPECTRAL, ["delay", "phase"]).max() > 0.05  # 0.06 is the max


def test_waveform_losses_and_snr_punish_inaudible_changes(speech, tone):
    for table in (speech, tone):
        cells = _cells(table, [*WAVEFORM, "SNR"], ["delay", "polarity", "phase"])
        assert cells.min() >= 0.685
        assert cells.max() <= 2.01
    assert round(float(_cells(speech, WAVEFORM, ["phase"]).min()), 2) == 0.69


def test_si_sdr_blind_to_gain_and_polarity(speech, tone):
    for table in (speech, tone):
        assert np.all(_cells(table, ["SI-SDR"], ["gain", "polarity"]) == 0.0)
        assert _cells(table, ["SD-SDR"], ["gain"])[0, 0] > 0.99


def test_single_cells_quoted_on_the_atlas_page(speech, tone):
    low = _cells(speech, WAVEFORM, ["low-pass"])
    assert low.min() >= 0.025
    assert low.max() < 0.115
    assert round(float(_cells(speech, ["log STFT mag."], ["low-pass"])[0, 0]), 2) == 1.13
    assert round(float(_cells(speech, ["spectral conv."], ["gain"])[0, 0]), 2) == 0.40
    tone_low = _cells(tone, SPECTRAL[1:], ["low-pass"])
    assert tone_low.min() >= 0.005
    assert tone_low.max() < 0.035
    tone_noise = _cells(tone, SPECTRAL[1:], ["noise"])
    assert tone_noise.min() >= 0.595
    assert tone_noise.max() < 0.755


def test_normalisation_definition():
    y = atlas.reference("speech")
    flipped = atlas.perturb(y, atlas.SR, "polarity", 0.0)
    # a loss: divided by its value for the white-noise estimate; ESR(flip) = 4, ESR(noise) ~ 2
    value = atlas.normalised_response("ESR", "speech", flipped)
    assert value == pytest.approx(4.0 / losses.esr_loss(atlas.useless_estimate("speech"), y))
    assert 1.9 < value < 2.1
    # a ratio: (30 - R) / 30 floored at 0
    noisy = atlas.perturb(y, atlas.SR, "noise", 20.0)
    assert atlas.normalised_response("SNR", "speech", noisy) == pytest.approx(
        (30 - losses.snr(noisy, y)) / 30
    )
    assert atlas.normalised_response("SNR", "speech", y) == 0.0


def test_curves_shape_and_si_sdr_flat_under_gain():
    table = atlas.curve_table("speech", "gain")
    assert table.shape == (len(atlas.CURVE_LOSSES), 21)
    assert np.all(table[atlas.CURVE_LOSSES.index("SI-SDR")] == 0.0)
    centre = table[:, 10]  # 0 dB gain: the reference itself
    assert np.all(np.abs(centre) < 1e-9)


def test_penalty_figure_data():
    curves = atlas.penalty_curves()
    e = atlas.PENALTY_ERRORS
    np.testing.assert_allclose(curves["L1  |e|"], np.abs(e), rtol=1e-12)
    np.testing.assert_allclose(curves["MSE  e²"], e**2, rtol=1e-12)
    np.testing.assert_allclose(curves["log-cosh, a = 1"], np.log(np.cosh(e)), rtol=1e-9, atol=1e-15)
    ratios = atlas.ratio_gain_curves()
    assert np.ptp(ratios["SI-SDR"]) < 1e-6  # flat under gain
    mid = atlas.RATIO_GAINS_DB.size // 2
    assert ratios["SNR"][mid] == pytest.approx(20.0, abs=0.01)  # 20 dB SNR (means removed)
    assert ratios["SNR"].argmax() == mid


def _range(values: np.ndarray) -> str:
    low, high = f"{values.min():.2f}", f"{values.max():.2f}"
    return low if low == high else f"{low}–{high}"


def test_index_summary_table_is_the_atlas_grid(speech):
    """docs/losses/index.md sums the atlas up by family: each cell is the family's range."""
    from pathlib import Path

    page = Path(__file__).resolve().parents[2] / "docs" / "losses" / "index.md"
    families = {
        "L1, MSE, ESR, log-cosh": WAVEFORM,
        "SNR, SD-SDR": ["SNR", "SD-SDR"],
        "SI-SDR": ["SI-SDR"],
        "five spectral losses": SPECTRAL,
    }
    lines = page.read_text(encoding="utf-8").splitlines()
    for family, rows in families.items():
        [line] = [row for row in lines if row.startswith(f"| {family} |")]
        cells = [c.strip() for c in line.strip("|").split("|")][1:]
        expected = [_range(_cells(speech, rows, [c])) for c in COLUMNS]
        assert cells == expected, family


def test_delay_curve_numbers_quoted_on_the_atlas_page():
    table = atlas.curve_table("speech", "shift")
    delays = {k: s for _, k, s, _ in atlas.CURVES}["shift"]
    row = {label: table[i] for i, label in enumerate(atlas.CURVE_LOSSES)}
    at = {int(d): j for j, d in enumerate(delays)}
    assert round(float(row["SNR"][at[1]]), 2) == 0.69
    assert row["SNR"][at[4]] < 1 < row["SNR"][at[8]]
    assert row["ESR"][at[8]] < 1 < row["ESR"][at[16]]
    late = row["L1"][delays >= 16]  # L1 levels off below its noise level
    assert late.min() >= 0.705
    assert late.max() < 0.755
    assert round(float(row["L1"][at[256]]), 2) == 0.72
    assert np.all(row["ESR"][delays >= 16] > 0.9)  # the error energy of a noise estimate


def test_clip_and_catalogue_statements(speech):
    # the 1 ms clip's caption: waveform losses 0.75 to 1.28, spectral losses <= 0.06
    delay = _cells(speech, WAVEFORM, ["delay"])
    assert f"{delay.min():.2f}" == "0.75"
    assert f"{delay.max():.2f}" == "1.28"
    # catalogue: the log STFT magnitude loss reacts to the low-pass more than to any change
    log_mag = _cells(speech, ["log STFT mag."], COLUMNS)[0]
    assert log_mag.argmax() == COLUMNS.index("low-pass")


def test_curve_numbers_in_the_curves_figure_text():
    delay = atlas.curve_table("speech", "shift")
    curve_losses = atlas.CURVE_LOSSES
    spectral = [curve_losses.index(label) for label in SPECTRAL if label in curve_losses]
    assert np.all(delay[spectral, -1] < 0.3)  # 256 samples
    phase = atlas.curve_table("speech", "phase")
    angles = {k: s for _, k, s, _ in atlas.CURVES}["phase"]
    esr = phase[atlas.CURVE_LOSSES.index("ESR")]
    assert round(float(esr[list(angles).index(90.0)]), 2) == 1.0
