"""Tests for audioml.loudness: ISO 226 (2023, 2003) and IEC 61672-1 A/C weighting."""

from __future__ import annotations

import warnings

import librosa
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audioml.errors import ParameterError
from audioml.loudness import (
    F1,
    F2,
    F3,
    F4,
    a_weighting,
    c_weighting,
    hearing_threshold,
    iso226_phon,
    iso226_spl,
    iso226_table,
    iso226_validity,
)

FAST = settings(max_examples=50, deadline=None)

# ISO 226:2023 Table 1 threshold of hearing T_f (dB SPL) at the 29 preferred frequencies,
# typed from the standard independently of the shipped CSV.
FREQS = [
    20,
    25,
    31.5,
    40,
    50,
    63,
    80,
    100,
    125,
    160,
    200,
    250,
    315,
    400,
    500,
    630,
    800,
    1000,
    1250,
    1600,
    2000,
    2500,
    3150,
    4000,
    5000,
    6300,
    8000,
    10000,
    12500,
]
T_F_2023 = [
    78.1,
    68.7,
    59.5,
    51.1,
    44.0,
    37.5,
    31.5,
    26.5,
    22.1,
    17.9,
    14.4,
    11.4,
    8.6,
    6.2,
    4.4,
    3.0,
    2.2,
    2.4,
    3.5,
    1.7,
    -1.3,
    -4.2,
    -6.0,
    -5.4,
    -1.5,
    6.0,
    12.6,
    13.9,
    12.3,
]

# IEC 61672-1:2013 Table 3 nominal A and C weightings (dB) at the nominal frequencies
# 10 Hz .. 20 kHz, i.e. at the exact base-10 frequencies 1000 * 10^(n/10), n = -20..13.
A_TABLE = [
    -70.4,
    -63.4,
    -56.7,
    -50.5,
    -44.7,
    -39.4,
    -34.6,
    -30.2,
    -26.2,
    -22.5,
    -19.1,
    -16.1,
    -13.4,
    -10.9,
    -8.6,
    -6.6,
    -4.8,
    -3.2,
    -1.9,
    -0.8,
    0.0,
    0.6,
    1.0,
    1.2,
    1.3,
    1.2,
    1.0,
    0.5,
    -0.1,
    -1.1,
    -2.5,
    -4.3,
    -6.6,
    -9.3,
]
C_TABLE = [
    -14.3,
    -11.2,
    -8.5,
    -6.2,
    -4.4,
    -3.0,
    -2.0,
    -1.3,
    -0.8,
    -0.5,
    -0.3,
    -0.2,
    -0.1,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    -0.1,
    -0.2,
    -0.3,
    -0.5,
    -0.8,
    -1.3,
    -2.0,
    -3.0,
    -4.4,
    -6.2,
    -8.5,
    -11.2,
]
BASE10 = 1000 * 10 ** (np.arange(-20, 14) / 10)


def formula_1_2023(ln, alpha, lu, tf):
    return (
        10
        / alpha
        * np.log10(
            (4e-10) ** (0.3 - alpha) * (10 ** (0.03 * ln) - 10**0.072)
            + 10 ** (alpha * (tf + lu) / 10)
        )
        - lu
    )


def formula_1_2003(ln, alpha, lu, tf):
    af = 4.47e-3 * (10 ** (0.025 * ln) - 1.15) + (0.4 * 10 ** ((tf + lu) / 10 - 9)) ** alpha
    return 10 / alpha * np.log10(af) - lu + 94


# --- ISO 226 at the table frequencies ------------------------------------------------


def test_tables_load_with_29_rows_and_2023_threshold_matches_the_standard():
    for edition in (2003, 2023):
        table = iso226_table(edition=edition)
        np.testing.assert_array_equal(table["frequency"], FREQS)
    np.testing.assert_array_equal(iso226_table()["T_f"], T_F_2023)
    np.testing.assert_array_equal(hearing_threshold(FREQS), T_F_2023)


@pytest.mark.parametrize(("edition", "formula"), [(2023, formula_1_2023), (2003, formula_1_2003)])
def test_spl_reproduces_formula_1_at_table_frequencies(edition, formula):
    t = iso226_table(edition=edition)
    phon = np.arange(20.0, 81.0, 10.0)[:, None]
    expected = formula(phon, t["alpha_f"], t["L_U"], t["T_f"])
    np.testing.assert_allclose(
        iso226_spl(phon, t["frequency"], edition=edition), expected, rtol=0, atol=1e-12
    )


def test_2023_is_identity_at_1khz_and_2003_is_not():
    phon = np.arange(20.0, 91.0, 5.0)
    np.testing.assert_allclose(iso226_spl(phon, 1000), phon, rtol=0, atol=1e-12)
    assert iso226_spl(40, 1000) == 40.0
    assert iso226_spl(40, 1000, edition=2003) == pytest.approx(40.0100, abs=5e-5)


def test_known_contour_points():
    # 2023: threshold = 2.4 phon at every table frequency (below the validity range)
    with pytest.warns(UserWarning, match="outside the validity range"):
        np.testing.assert_allclose(iso226_spl(2.4, FREQS), T_F_2023, atol=1e-12)
    # low frequencies need far more SPL for the same loudness; 3-4 kHz less
    assert iso226_spl(40, 50) > 60
    assert iso226_spl(40, 3150) < 40


def test_interpolation_is_smooth_between_table_points_and_within_neighbours():
    f = np.geomspace(20, 12500, 4000)
    spl = iso226_spl(60, f)
    t = iso226_table()
    at_table = iso226_spl(60, t["frequency"])
    idx = np.searchsorted(t["frequency"], f).clip(1, 28)
    lo = np.minimum(at_table[idx - 1], at_table[idx])
    hi = np.maximum(at_table[idx - 1], at_table[idx])
    # PCHIP of the parameters keeps the contour close to its neighbouring table values
    assert np.all(spl >= lo - 0.5)
    assert np.all(spl <= hi + 0.5)
    assert np.abs(np.diff(spl)).max() < 0.2  # no jumps on a 4000-point grid


def test_broadcasting_phon_against_frequency():
    out = iso226_spl(np.array([[20.0], [60.0]]), np.array([100.0, 1000.0, 4000.0]))
    assert out.shape == (2, 3)
    assert out[1, 1] == pytest.approx(60.0)
    with pytest.raises(ParameterError, match="must broadcast"):
        iso226_spl(np.ones(2) * 40, np.array([100.0, 200.0, 300.0]))


# --- inverse ---------------------------------------------------------------------------


@FAST
@given(phon=st.floats(20, 80), f=st.floats(20, 12500))
def test_2023_inverse_is_exact(phon, f):
    assert iso226_phon(iso226_spl(phon, f), f) == pytest.approx(phon, abs=1e-9)


def test_2003_inverse_drifts_by_at_most_006_phon():
    t = iso226_table(edition=2003)
    phon = np.arange(20.5, 80.0, 0.5)[:, None]  # inside validity, so no warning
    spl = iso226_spl(phon, t["frequency"], edition=2003)
    back = iso226_phon(spl, t["frequency"], edition=2003)
    drift = np.abs(back - phon).max()
    assert 0.01 < drift < 0.06  # documented: not exact, but close


@FAST
@given(a=st.floats(20, 80), b=st.floats(20, 80), f=st.floats(20, 12500))
def test_spl_increases_with_phon(a, b, f):
    if abs(a - b) < 1e-6:
        return
    lo, hi = sorted((a, b))
    assert iso226_spl(lo, f) < iso226_spl(hi, f)


# --- validity and bad input ---------------------------------------------------------


def test_validity_limits_and_the_4_to_5_khz_choice():
    assert iso226_validity(4000) == (20.0, 90.0)
    assert iso226_validity(4001) == (20.0, 80.0)
    assert iso226_validity(12500) == (20.0, 80.0)


@pytest.mark.parametrize(("phon", "f"), [(10, 1000), (95, 1000), (85, 8000), (85, 4500)])
def test_outside_validity_warns_but_computes(phon, f):
    with pytest.warns(UserWarning, match="outside the validity range"):
        value = iso226_spl(phon, f)
    assert np.isfinite(value)
    with pytest.warns(UserWarning, match="outside the validity range"):
        assert iso226_phon(value, f) == pytest.approx(phon, abs=1e-9)


def test_inside_validity_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        iso226_spl(85, 4000)
        iso226_spl(80, 12500)
        iso226_spl(20, 20)


@pytest.mark.parametrize("bad", [0.0, -10.0, np.nan, 19.9, 12600.0, [100.0, 13000.0]])
@pytest.mark.parametrize(
    "func",
    [
        lambda f: iso226_spl(40, f),
        lambda f: iso226_phon(40, f),
        hearing_threshold,
    ],
)
def test_bad_frequency_raises(func, bad):
    with pytest.raises(ParameterError, match=r"^frequency must"):
        func(bad)


@pytest.mark.parametrize("func", [iso226_spl, iso226_phon])
def test_bad_edition_raises(func):
    with pytest.raises(ParameterError, match=r"^edition must be one of 2003, 2023; got 1987"):
        func(40, 1000, edition=1987)


def test_nan_level_and_undefined_formula_raise_instead_of_nan():
    with pytest.raises(ParameterError, match=r"^phon must contain only finite"):
        iso226_spl(np.nan, 1000)
    with (
        pytest.raises(ParameterError, match=r"^phon is too low"),
        pytest.warns(UserWarning, match="validity"),
    ):
        iso226_spl(-20, 20)
    for edition in (2003, 2023):
        with pytest.raises(ParameterError, match=r"^spl is too far below"):
            iso226_phon(-200, 1100, edition=edition)


# --- A and C weighting --------------------------------------------------------------------


def test_pole_frequencies_from_the_standard():
    assert pytest.approx(20.598997, abs=1e-6) == F1
    assert pytest.approx(107.652649, abs=1e-6) == F2
    assert pytest.approx(737.862231, abs=1e-6) == F3
    assert pytest.approx(12194.217, abs=1e-3) == F4


def test_weightings_are_exactly_zero_at_1khz():
    assert a_weighting(1000) == 0.0
    assert c_weighting(1000.0) == 0.0


def test_weightings_match_iec_nominal_tables_within_005_db():
    np.testing.assert_allclose(a_weighting(BASE10), A_TABLE, rtol=0, atol=0.05)
    np.testing.assert_allclose(c_weighting(BASE10), C_TABLE, rtol=0, atol=0.05)
    assert a_weighting(100) == pytest.approx(-19.1, abs=0.05)
    assert a_weighting(10000) == pytest.approx(-2.5, abs=0.05)
    assert c_weighting(31.5) == pytest.approx(-3.0, abs=0.05)


def test_differ_from_librosa_by_a_constant_offset_and_its_clipping():
    f = np.geomspace(10, 20000, 2000)
    a_diff = librosa.A_weighting(f, min_db=None) - a_weighting(f)
    c_diff = librosa.C_weighting(f, min_db=None) - c_weighting(f)
    # librosa uses A1000 = -2.0 and C1000 = -0.062 (rounded) and rounded poles
    np.testing.assert_allclose(a_diff, 0.000344, atol=1e-6)
    np.testing.assert_allclose(c_diff, 0.000098, atol=1e-6)
    # and clips at min_db = -80 by default; we do not
    low = np.array([3.0, 5.0])
    assert np.all(librosa.A_weighting(low) == -80.0)
    assert np.all(a_weighting(low) < -80.0)


@pytest.mark.parametrize("func", [a_weighting, c_weighting])
@pytest.mark.parametrize("bad", [0.0, -1.0, np.nan, [1000.0, np.inf]])
def test_weightings_reject_bad_frequency(func, bad):
    with pytest.raises(ParameterError, match=r"^frequency must"):
        func(bad)


def test_scalar_in_float_out():
    assert isinstance(iso226_spl(40, 1000), float)
    assert isinstance(a_weighting(440.0), float)
    assert a_weighting(np.ones((2, 2)) * 1000).shape == (2, 2)
