"""Tests for audioml.settings: the three architecture settings on a denoising task."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audioml import settings as S
from audioml.errors import ParameterError
from audioml.losses import si_sdr
from audioml.signals import load_speech

#: The site's committed results table (written by `python -m audioml.settings --out`).
TABLE = Path(__file__).resolve().parents[2] / "docs" / "generated" / "settings_table.md"


@pytest.fixture(scope="module")
def results() -> S.Results:
    return S.default_results()  # the run the figures' alt texts quote, shared with them


@pytest.fixture(scope="module")
def by_key(results) -> dict[str, S.Row]:
    return {row.key: row for row in results.rows}


# ---------------------------------------------------------------- the committed table


def test_committed_table_equals_a_fresh_run(results):
    """docs/generated/settings_table.md is what `python -m audioml.settings --out` writes."""
    assert TABLE.read_text(encoding="utf-8") == S._document(results)


def test_main_writes_the_document(tmp_path, monkeypatch, results, capsys):
    monkeypatch.setattr(S, "run_settings", lambda **kwargs: results)
    assert S.main(["--out", str(tmp_path / "t.md")]) == 0
    text = (tmp_path / "t.md").read_text(encoding="utf-8")
    assert text == S._document(results)
    assert "5 dB SNR (seed 0)" in text
    assert "n_fft=1024, hop_length=256" in text
    assert S.main([]) == 0
    assert capsys.readouterr().out.endswith(S.render_table(results.rows) + "\n")


# ---------------------------------------------------------------- shapes and bookkeeping


def test_outputs_and_rows_line_up(results):
    n = results.task.clean.size
    keys = [row.key for row in results.rows]
    assert keys == list(results.outputs)
    assert len(keys) == 12
    for key, y in results.outputs.items():
        assert y.shape == (n,), key
        assert np.isfinite(y).all(), key
    assert {row.setting for row in results.rows} == set(S.SETTINGS)
    assert results.models["linear"].weights.shape == (513, 16)
    assert results.models["mel"].weights.shape == (S.N_MELS, 16)
    assert results.models["fir"].taps.shape == (S.N_TAPS,)


def test_rows_are_scored_against_the_clean_clip(results, by_key):
    clean = results.task.clean
    noisy_score = si_sdr(results.task.noisy, clean)
    assert by_key["noisy"].si_sdr_db == pytest.approx(noisy_score)
    # At 5 dB SNR of white noise the noisy input's SI-SDR is the SNR itself (to 0.1 dB).
    assert noisy_score == pytest.approx(5.0, abs=0.1)
    for row in results.rows:
        assert row.si_sdr_db == pytest.approx(si_sdr(results.outputs[row.key], clean))
        assert row.improvement_db == pytest.approx(row.si_sdr_db - noisy_score)


def test_train_and_test_material_differ(results):
    task = results.task
    assert task.test_name == "fox_male"
    assert task.test_name not in task.train_names
    test_clean, _ = load_speech("fox_male")
    np.testing.assert_array_equal(task.clean, test_clean)
    for y in task.train_clean:
        assert y.shape != test_clean.shape or not np.array_equal(y, test_clean)


# ---------------------------------------------------------------- what the numbers must show


def test_setting_1_improves_by_a_margin(by_key):
    # Measured +7.1 dB (linear) and +7.1 dB (mel) at the defaults; assert 6 dB.
    assert by_key["s1_linear"].improvement_db > 6.0
    assert by_key["s1_mel"].improvement_db > 6.0


def test_setting_3_improves_but_less_than_setting_1(by_key):
    # Measured +4.9 dB: a time-invariant filter cannot follow the speech frame by frame.
    assert 3.5 < by_key["s3_fir"].improvement_db < by_key["s1_linear"].improvement_db


def test_oracle_with_noisy_phase_beats_the_model_with_noisy_phase(by_key):
    oracle = by_key["oracle_noisy_phase"]
    for key in ("s1_linear", "s1_mel"):
        assert oracle.si_sdr_db > by_key[key].si_sdr_db + 3.0
        assert oracle.spectral_convergence_db < by_key[key].spectral_convergence_db
    # ...yet the noisy phase alone caps it: far below a perfect estimate.
    assert oracle.si_sdr_db < 20.0


def test_rebuilt_phase_scores_lower_si_sdr_than_the_input_phase(by_key):
    """SI-SDR is phase-sensitive: the same magnitude with an invented phase scores far lower."""
    for method in S.PHASE_METHODS:
        assert by_key[f"s2_linear_{method}"].si_sdr_db < by_key["s1_linear"].si_sdr_db - 10
    assert by_key["s2_mel_pghi-gl"].si_sdr_db < by_key["s1_mel"].si_sdr_db - 10
    for key in ("oracle_fgla", "oracle_pghi-gl"):
        assert by_key[key].si_sdr_db < by_key["oracle_noisy_phase"].si_sdr_db - 10


def test_rebuilt_phase_keeps_the_magnitude(by_key):
    """Spectral convergence is phase-blind: Griffin-Lim's magnitudes stay close to the target."""
    for method in S.PHASE_METHODS:
        assert (
            abs(
                by_key[f"s2_linear_{method}"].spectral_convergence_db
                - by_key["s1_linear"].spectral_convergence_db
            )
            < 1.5
        )
    # With the clean magnitude as target, a rebuilt phase fits the magnitude *better* than the
    # noisy phase, whose STFT after overlap-add is no longer the clean magnitude.
    assert by_key["oracle_pghi-gl"].spectral_convergence_db < -30
    assert (
        by_key["oracle_pghi-gl"].spectral_convergence_db
        < by_key["oracle_fgla"].spectral_convergence_db
        < by_key["oracle_noisy_phase"].spectral_convergence_db
    )


def test_mel_inversion_loses_what_the_linear_path_keeps(by_key):
    # The clean mel spectrogram inverted and phase-rebuilt is far from the clean magnitude
    # (measured -7.6 dB), while the clean linear magnitude rebuilt reaches -35 dB.
    mel = by_key["oracle_mel_pghi-gl"].spectral_convergence_db
    assert -12.0 < mel < -5.0
    assert mel > by_key["oracle_pghi-gl"].spectral_convergence_db + 20


def test_momentum_and_pghi_help_griffin_lim(by_key):
    """Judged by the magnitude fit: below 0 dB, SI-SDR differences between phases are noise."""
    gla, fgla, pghi = (
        by_key[f"s2_linear_{m}"].spectral_convergence_db for m in ("gla", "fgla", "pghi-gl")
    )
    assert pghi < fgla < gla


# ---------------------------------------------------------------- the pieces


@settings(max_examples=25, deadline=None)
@given(snr_db=st.floats(-20, 40), seed=st.integers(0, 2**16))
def test_add_noise_hits_the_snr_exactly(snr_db, seed):
    s = np.sin(np.linspace(0, 50, 500)) + 0.1
    x = S.add_noise(s, snr_db=snr_db, rng=seed)
    measured = 10 * np.log10(np.mean(s**2) / np.mean((x - s) ** 2))
    assert measured == pytest.approx(snr_db, abs=1e-9)


def test_make_task_is_deterministic_and_seeded():
    a, b, c = (
        S.make_task(seed=3, draws=1),
        S.make_task(seed=3, draws=1),
        S.make_task(seed=4, draws=1),
    )
    np.testing.assert_array_equal(a.noisy, b.noisy)
    for x, y in zip(a.train_noisy, b.train_noisy, strict=True):
        np.testing.assert_array_equal(x, y)
    assert not np.array_equal(a.noisy, c.noisy)
    # Training noise and test noise are different draws.
    n = min(a.noisy.size, a.train_noisy[0].size)
    noise_test = (a.noisy - a.clean)[:n]
    noise_train = (a.train_noisy[0] - a.train_clean[0])[:n]
    assert abs(np.corrcoef(noise_test, noise_train)[0, 1]) < 0.05


def test_mask_model_is_deterministic_and_learns_identity():
    task = S.make_task(draws=1)
    m1 = S.fit_mask_model(task.train_noisy, task.train_clean, sr=task.sr)
    m2 = S.fit_mask_model(task.train_noisy, task.train_clean, sr=task.sr)
    np.testing.assert_array_equal(m1.weights, m2.weights)
    # Trained on clean -> clean, the mask is 1 everywhere speech has energy.
    ident = S.fit_mask_model(
        task.train_clean, task.train_clean, sr=task.sr, domain="mel", ridge=1e-6
    )
    from audioml.spectral import stft

    mag = np.abs(stft(task.clean, n_fft=1024, hop_length=256))
    mask = ident.predict_mask(mag)
    assert mask.shape == (S.N_MELS, mag.shape[1])
    assert np.percentile(mask, 5) > 0.99
    # The default ridge penalty shrinks the weights: the mask drops below 1 (measured 0.88).
    shrunk = S.fit_mask_model(task.train_clean, task.train_clean, sr=task.sr, domain="mel")
    assert np.percentile(shrunk.predict_mask(mag), 5) < 0.95


def test_spread_maps_a_constant_mel_mask_to_the_same_constant():
    task = S.make_task(draws=1)
    model = S.fit_mask_model(task.train_noisy[:1], task.train_clean[:1], sr=task.sr, domain="mel")
    spread = model.spread(np.full((S.N_MELS, 4), 0.3))
    covered = model.filterbank.sum(axis=0) > 0
    np.testing.assert_allclose(spread[covered], 0.3, rtol=1e-12)
    np.testing.assert_array_equal(spread[~covered], 0.0)
    assert covered.sum() >= 511  # only 0 Hz and the Nyquist bin are uncovered


def test_fir_fit_recovers_a_known_filter():
    rng = np.random.default_rng(1)
    x = rng.standard_normal(20000)
    h = np.zeros(9)
    h[[2, 4, 7]] = [0.25, 1.0, -0.5]
    y = np.convolve(x, h, mode="same")
    model = S.fit_fir_filter([x], [y], n_taps=9)
    np.testing.assert_allclose(model.taps, h, atol=0.02)
    np.testing.assert_allclose(model(x), y, atol=0.1)


def test_reconstruct_phase_is_deterministic():
    y, _ = load_speech("fox_male")
    y = y[:11025]
    from audioml.spectral import stft

    mag = np.abs(stft(y, n_fft=512, hop_length=128))
    a = S.reconstruct_phase(mag, method="fgla", n_fft=512, hop_length=128, length=y.size, rng=2)
    b = S.reconstruct_phase(mag, method="fgla", n_fft=512, hop_length=128, length=y.size, rng=2)
    np.testing.assert_array_equal(a, b)


def test_render_table_formats_rows(results):
    text = S.render_table(results.rows)
    lines = text.splitlines()
    assert len(lines) == 2 + len(results.rows)
    assert lines[0].startswith("| setting | magnitude from | phase from | SI-SDR")
    assert all(line.count("|") == 7 for line in lines)
    assert "| 1 | linear mask model | noisy input |" in text


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"snr_db": 100.0}, "snr_db"),
        ({"snr_db": float("nan")}, "snr_db"),
        ({"seed": -1}, "seed"),
        ({"n_fft": 32}, "n_fft"),
        ({"hop_length": 1000}, "hop_length"),
    ],
)
def test_run_settings_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        S.run_all(**kwargs)


def test_bad_task_and_model_arguments():
    with pytest.raises(ParameterError, match="test='fox_male' must not be one of train"):
        S.make_task(train=("fox_male",))
    with pytest.raises(ParameterError, match="train must be one of"):
        S.make_task(train=("nobody",))
    with pytest.raises(ParameterError, match="train must name at least one clip"):
        S.make_task(train=())
    with pytest.raises(ParameterError, match="clean must not be silent"):
        S.add_noise(np.zeros(100), snr_db=5.0)
    with pytest.raises(ParameterError, match="domain must be one of"):
        S.fit_mask_model([np.ones(4096)], [np.ones(4096)], sr=22050, domain="bark")
    with pytest.raises(ParameterError, match="same length"):
        S.fit_mask_model([np.ones(4096)], [], sr=22050)
    with pytest.raises(ParameterError, match="noisy\\[0\\] and clean\\[0\\] must have the same"):
        S.fit_fir_filter([np.ones(4096)], [np.ones(4000)])
    with pytest.raises(ParameterError, match="n_taps must be odd"):
        S.fit_fir_filter([np.ones(4096)], [np.ones(4096)], n_taps=400)
    with pytest.raises(ParameterError, match="method must be one of"):
        S.reconstruct_phase(
            np.ones((257, 4)), method="vocoder", n_fft=512, hop_length=128, length=384
        )
    with pytest.raises(ParameterError, match="rows must be a non-empty list"):
        S.render_table([])


def test_figure_alt_texts_quote_the_committed_numbers(results):
    from audioml.figures import REGISTRY

    alt = REGISTRY.get("settings_scores").alt
    for row in results.rows[1:]:
        assert f"{row.improvement_db:+.1f} dB" in alt, row.key
        assert f"spectral convergence {row.spectral_convergence_db:.1f} dB" in alt, row.key
    spectrograms = REGISTRY.get("settings_spectrograms").alt
    for key in ("noisy", "s1_linear", "s2_linear_pghi-gl", "s3_fir"):
        row = next(r for r in results.rows if r.key == key)
        assert f"SI-SDR {row.si_sdr_db:.1f} dB" in spectrograms, key
    # The spectral-convergence panel shows the gain over the noisy input, as read off the table.
    noisy_sc = results.rows[0].spectral_convergence_db
    for row in results.rows[1:]:
        gain = float(f"{noisy_sc:.1f}") - float(f"{row.spectral_convergence_db:.1f}")
        assert f"spectral convergence {row.spectral_convergence_db:.1f} dB ({gain:+.1f} dB)" in alt


#: The rows each setting page shows above its folded full table, by `Row.key`.
PAGE_ROWS = {
    "setting-2.md": [
        "noisy",
        "s1_linear",
        "s2_linear_gla",
        "s2_linear_fgla",
        "s2_linear_pghi-gl",
        "s2_mel_pghi-gl",
        "oracle_noisy_phase",
        "oracle_fgla",
        "oracle_pghi-gl",
        "oracle_mel_pghi-gl",
    ],
    "setting-3.md": ["noisy", "s1_linear", "s3_fir", "oracle_noisy_phase"],
}


@pytest.mark.parametrize("page", sorted(PAGE_ROWS))
def test_page_summary_tables_select_the_rows_they_discuss(page, results, by_key):
    """Each page includes line ranges of the committed table: they must still be its rows."""
    import re

    text = (TABLE.parents[1] / "architectures" / page).read_text("utf-8")
    includes = re.findall(r'--8<-- "docs/generated/settings_table\.md:([0-9:,]+)"', text)
    assert len(includes) == 1, page
    table = TABLE.read_text(encoding="utf-8").splitlines()
    selected = []
    for part in includes[0].split(","):
        start, end = (int(v) for v in part.split(":"))
        selected += table[start - 1 : end]
    expected = S.render_table([by_key[key] for key in PAGE_ROWS[page]]).splitlines()
    assert selected == expected
    # ...and the full table is still on the page, folded.
    assert '--8<-- "docs/generated/settings_table.md"' in text
