"""Tests for audioml.pitch: MIDI, cents, note names, CQT, chroma and MFCC, against librosa."""

from __future__ import annotations

import librosa
import numpy as np
import pytest
import scipy.fft
from hypothesis import given, settings
from hypothesis import strategies as st

from audioml.errors import ParameterError
from audioml.filterbanks import mel_filterbank
from audioml.pitch import (
    C1_HZ,
    cents,
    chroma_cqt,
    chroma_filterbank,
    chroma_stft,
    cqt,
    cqt_frequencies,
    cqt_lengths,
    cqt_to_chroma,
    dct_basis,
    hz_to_midi,
    mfcc,
    midi_to_hz,
    midi_to_note,
    note_to_midi,
)
from audioml.scales import hz_to_mel
from audioml.signals import harmonic_tone, load_speech, tone
from audioml.spectral import power_to_db, stft

SR = 22050


@pytest.fixture(scope="module")
def chord_signal() -> np.ndarray:
    """C4, E4, G4, C5 harmonic tones one after another, with a little seeded noise (2 s)."""
    notes = [harmonic_tone(midi_to_hz(m), sr=SR, duration=0.5) for m in (60, 64, 67, 72)]
    rng = np.random.default_rng(15)
    y = np.concatenate(notes)
    return y + 0.01 * rng.standard_normal(len(y))


# ------------------------------------------------------------------------------------------
# MIDI, cents, names
# ------------------------------------------------------------------------------------------


def test_reference_pitches():
    assert hz_to_midi(440.0) == 69.0
    assert midi_to_hz(69) == 440.0
    assert midi_to_hz(60) == pytest.approx(261.6255653005986, rel=1e-15)
    assert pytest.approx(librosa.note_to_hz("C1"), rel=1e-15) == C1_HZ
    assert cents(880.0) == 1200.0
    assert cents(440.0 * 2 ** (1 / 12)) == pytest.approx(100.0, abs=1e-9)
    assert cents(1.5, ref=1.0) == pytest.approx(701.955, abs=1e-3)  # just fifth


def test_hz_midi_equal_librosa_to_1e_12():
    f = np.geomspace(8.0, 20000.0, 2001)
    np.testing.assert_allclose(hz_to_midi(f), librosa.hz_to_midi(f), rtol=0, atol=1e-12)
    m = np.linspace(-20.0, 140.0, 2001)
    np.testing.assert_allclose(midi_to_hz(m), librosa.midi_to_hz(m), rtol=1e-12, atol=0)


@settings(max_examples=60, deadline=None)
@given(st.floats(1e-3, 1e6))
def test_midi_round_trip(f):
    assert midi_to_hz(hz_to_midi(f)) == pytest.approx(f, rel=1e-12)


def test_an_octave_is_1200_cents_everywhere_but_not_a_fixed_number_of_mel():
    low = np.array([55.0, 110.0, 1000.0, 4000.0])
    np.testing.assert_allclose(cents(2 * low, ref=1.0) - cents(low, ref=1.0), 1200.0)
    np.testing.assert_allclose(hz_to_midi(2 * low) - hz_to_midi(low), 12.0, atol=1e-12)
    mel_100 = hz_to_mel(200.0, htk=True) - hz_to_mel(100.0, htk=True)
    mel_1k = hz_to_mel(2000.0, htk=True) - hz_to_mel(1000.0, htk=True)
    assert round(mel_100) == 133  # numbers the page quotes
    assert round(mel_1k) == 521


@pytest.mark.parametrize("unicode", [True, False])
def test_note_names_equal_librosa_for_every_midi_note(unicode):
    midi = np.arange(128)
    ours = midi_to_note(midi, unicode=unicode)
    assert ours.tolist() == librosa.midi_to_note(midi, unicode=unicode).tolist()
    octave_free = midi_to_note(midi, octave=False, unicode=unicode)
    theirs = librosa.midi_to_note(midi, octave=False, unicode=unicode)
    assert octave_free.tolist() == theirs.tolist()


def test_note_names_with_cents_equal_librosa_where_librosa_does_not_truncate():
    midi = np.round(np.linspace(0, 127, 5001), 2)
    ours = midi_to_note(midi, cents=True)
    theirs = librosa.midi_to_note(midi, cents=True)
    differ = np.flatnonzero(ours != theirs)
    # librosa truncates the float 100 * around(x, 2): 60.29 gives 'C4+28'; we round to +29.
    assert 0 < len(differ) < 0.03 * len(midi)
    for i in differ:
        exact = round(100 * (midi[i] - np.round(midi[i])))
        assert ours[i].endswith(f"{exact:+d}")
        assert int(theirs[i][-3:]) == exact - np.sign(exact)
    assert midi_to_note(60.29, cents=True) == "C4+29"
    assert librosa.midi_to_note(60.29, cents=True) == "C4+28"


NAMES = ["A4", "C#5", "Db3", "B#3", "Cb4", "E♭2", "F𝄪4", "G𝄫4", "A4+12", "A4-5", "c", "Bb-1"]


@pytest.mark.parametrize("round_midi", [True, False])
def test_note_to_midi_equals_librosa(round_midi):
    ours = [note_to_midi(n, round_midi=round_midi) for n in NAMES]
    theirs = [librosa.note_to_midi(n, round_midi=round_midi) for n in NAMES]
    assert ours == theirs
    assert note_to_midi(NAMES, round_midi=round_midi).tolist() == theirs


def test_note_names_round_trip():
    midi = np.arange(128)
    assert note_to_midi(midi_to_note(midi, unicode=False)).tolist() == midi.tolist()
    assert note_to_midi(list(midi_to_note(midi))).tolist() == midi.tolist()


@pytest.mark.parametrize(
    ("call", "word"),
    [
        (lambda: hz_to_midi(0.0), "f"),
        (lambda: cents(440.0, ref=0.0), "ref"),
        (lambda: midi_to_hz(1e6), "midi"),
        (lambda: midi_to_note(-1), "midi"),
        (lambda: midi_to_note(60, octave=False, cents=True), "cents"),
        (lambda: midi_to_note(60, unicode="yes"), "unicode"),
        (lambda: note_to_midi("H4"), "note"),
        (lambda: note_to_midi(["A4", 3]), "note"),
        (lambda: note_to_midi([]), "note"),
        (lambda: note_to_midi(69), "note"),
    ],
)
def test_bad_input_names_the_parameter(call, word):
    with pytest.raises(ParameterError, match=word):
        call()


# ------------------------------------------------------------------------------------------
# CQT
# ------------------------------------------------------------------------------------------


def test_cqt_frequencies_and_lengths_equal_librosa():
    for kw in ({"fmin": C1_HZ}, {"fmin": 55.0, "bins_per_octave": 36, "tuning": 0.3}):
        n = 84 if len(kw) == 1 else 200
        freqs = cqt_frequencies(n, **kw)
        np.testing.assert_allclose(freqs, librosa.cqt_frequencies(n, **kw), rtol=1e-14)
        bpo = kw.get("bins_per_octave", 12)
        theirs, _ = librosa.filters.wavelet_lengths(freqs=freqs, sr=SR, filter_scale=1)
        np.testing.assert_allclose(cqt_lengths(freqs, sr=SR, bins_per_octave=bpo), theirs)
    q = cqt_lengths([1.0], sr=1.0)[0]
    assert q == pytest.approx(17.3316, abs=1e-4)  # librosa's Q at 12 bins per octave


def test_cqt_equals_librosa_without_resampling_or_sparsity(chord_signal):
    # An odd hop stops librosa's octave-by-octave downsampling; sparsity=0 keeps its kernels.
    ours = cqt(chord_signal, sr=SR, hop_length=511)
    theirs = librosa.cqt(chord_signal, sr=SR, hop_length=511, sparsity=0.0)
    assert ours.shape == theirs.shape == (84, 1 + len(chord_signal) // 511)
    error = np.abs(ours - theirs).max() / np.abs(theirs).max()
    assert error < 5e-5  # measured 2.6e-5: the negative-frequency half librosa drops


def test_cqt_with_librosa_defaults_same_peaks_magnitudes_within_one_percent(chord_signal):
    ours, theirs = np.abs(cqt(chord_signal, sr=SR)), np.abs(librosa.cqt(chord_signal, sr=SR))
    assert ours.shape == theirs.shape
    assert (ours.argmax(axis=0) == theirs.argmax(axis=0)).all()
    assert np.abs(ours - theirs).max() / theirs.max() < 1e-2  # measured 6.5e-3


def test_cqt_peaks_at_the_tone_and_is_level_invariant_in_q():
    for midi in (45, 69, 93):
        y = tone(midi_to_hz(midi), sr=SR, duration=1.0)
        C = np.abs(cqt(y, sr=SR))
        assert C[:, 20].argmax() == midi - 24  # bin 0 is C1 = MIDI 24
    # a tone at bin centre: the peak magnitude is sqrt(N_k) / 2 for unit amplitude
    f = cqt_frequencies(84)[40]
    C = np.abs(cqt(tone(f, sr=SR, duration=2.0), sr=SR))
    n_k = cqt_lengths([f], sr=SR)[0]
    assert C[40, 40] == pytest.approx(np.sqrt(n_k) / 2, rel=1e-3)


def test_cqt_rejects_bins_above_nyquist_and_bad_input():
    y = np.zeros(1000)
    with pytest.raises(ParameterError, match="Nyquist"):
        cqt(y, sr=8000)  # 84 bins from C1 reach 4 kHz
    with pytest.raises(ParameterError, match="y"):
        cqt(np.zeros((2, 100)))
    with pytest.raises(ParameterError, match="n_bins"):
        cqt(y, n_bins=5000)


# ------------------------------------------------------------------------------------------
# chroma
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kw",
    [
        {"sr": 22050, "n_fft": 2048},
        {"sr": 16000, "n_fft": 512, "n_chroma": 24, "tuning": 0.2, "norm": None, "octwidth": None},
        {"sr": 44100, "n_fft": 4096, "base_c": False, "norm": 1, "ctroct": 4.0},
    ],
)
def test_chroma_filterbank_equals_librosa(kw):
    ours = chroma_filterbank(**kw)
    theirs = librosa.filters.chroma(**kw, dtype=np.float64)
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-15)


def test_chroma_stft_equals_librosa(chord_signal):
    ours = chroma_stft(chord_signal, sr=SR)
    theirs = librosa.feature.chroma_stft(y=chord_signal, sr=SR, tuning=0.0)
    # librosa's chroma filter bank is float32: 6.6e-9 measured
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-7)
    assert (ours.argmax(axis=0)[2:-2] != 0).any()  # not all C: the notes are seen


@pytest.mark.parametrize(
    "kw",
    [
        {"n_input": 84},
        {"n_input": 252, "bins_per_octave": 36},
        {"n_input": 100, "bins_per_octave": 24, "fmin": 55.0, "base_c": False},
        {"n_input": 50, "n_chroma": 24, "bins_per_octave": 48, "fmin": 100.0},
    ],
)
def test_cqt_to_chroma_equals_librosa(kw):
    np.testing.assert_array_equal(cqt_to_chroma(**kw), librosa.filters.cq_to_chroma(**kw))


# librosa's own warning about its octave-downsampled signal, not about this input
@pytest.mark.filterwarnings("ignore:n_fft=.* is too large for input signal:UserWarning")
def test_chroma_cqt_finds_the_notes_like_librosa(chord_signal):
    ours = chroma_cqt(chord_signal, sr=SR)
    theirs = librosa.feature.chroma_cqt(y=chord_signal, sr=SR, tuning=0.0)
    assert ours.shape == theirs.shape
    assert (ours.argmax(axis=0) == theirs.argmax(axis=0)).all()
    assert np.abs(ours - theirs).max() < 2e-2  # measured 7.4e-3 (their CQT resamples)
    frames = np.array([10, 32, 53, 75])  # the middle of each 0.5 s note
    assert ours[:, frames].argmax(axis=0).tolist() == [0, 4, 7, 0]  # C, E, G, C


def test_chroma_is_octave_invariant():
    a = chroma_stft(harmonic_tone(midi_to_hz(57), sr=SR, duration=0.5), sr=SR)
    b = chroma_stft(harmonic_tone(midi_to_hz(69), sr=SR, duration=0.5), sr=SR)
    assert a[:, 10].argmax() == b[:, 10].argmax() == 9  # A3 and A4 are both class A


def test_chroma_of_silence_stays_zero():
    assert not chroma_stft(np.zeros(4096), sr=SR).any()


def test_chroma_bad_input():
    with pytest.raises(ParameterError, match="bins_per_octave"):
        cqt_to_chroma(84, bins_per_octave=30)
    with pytest.raises(ParameterError, match="norm"):
        chroma_filterbank(sr=SR, n_fft=512, norm="l2")
    with pytest.raises(ParameterError, match="n_octaves"):
        chroma_cqt(np.zeros(100), n_octaves=200)


# ------------------------------------------------------------------------------------------
# MFCC
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def log_mel() -> np.ndarray:
    y, sr = load_speech("hearing")
    power = np.abs(stft(y, n_fft=2048, hop_length=512)) ** 2
    return power_to_db(mel_filterbank(sr=sr, n_fft=2048, n_mels=128) @ power)


def test_dct_basis_is_scipys_orthonormal_dct_ii():
    x = np.random.default_rng(1).standard_normal((40, 5))
    D = dct_basis(40, 40)
    np.testing.assert_allclose(D @ x, scipy.fft.dct(x, type=2, norm="ortho", axis=0), atol=1e-12)
    np.testing.assert_allclose(D @ D.T, np.eye(40), atol=1e-12)


@pytest.mark.parametrize(("n_mfcc", "lifter"), [(20, 0.0), (13, 22.0), (40, 0.0)])
def test_mfcc_equals_librosa_to_1e_10(log_mel, n_mfcc, lifter):
    ours = mfcc(log_mel, n_mfcc=n_mfcc, lifter=lifter)
    theirs = librosa.feature.mfcc(S=log_mel, n_mfcc=n_mfcc, dct_type=2, norm="ortho", lifter=lifter)
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-10)


def test_mfcc_zero_carries_the_level_and_the_rest_the_shape(log_mel):
    quieter = log_mel - 30.0  # the same sound 30 dB down (ref=1.0 keeps the level)
    a, b = mfcc(log_mel), mfcc(quieter)
    assert b[0] - a[0] == pytest.approx(np.full(a.shape[1], -30.0 * np.sqrt(128)))
    np.testing.assert_allclose(a[1:], b[1:], atol=1e-9)


def test_mfcc_bad_input():
    with pytest.raises(ParameterError, match="n_mfcc"):
        mfcc(np.zeros((10, 3)), n_mfcc=11)
    with pytest.raises(ParameterError, match="lifter"):
        mfcc(np.zeros((30, 3)), lifter=-1.0)
    with pytest.raises(ParameterError, match="S"):
        mfcc(np.zeros(10))


# ------------------------------------------------------------------------------------------
# the page's clips and figures say what they show
# ------------------------------------------------------------------------------------------


def test_just_and_equal_scales_differ_by_the_cents_the_caption_gives():
    from audioml.media.pitch import c_major_frequencies

    equal, just = c_major_frequencies("equal"), c_major_frequencies("just")
    np.testing.assert_allclose(np.diff(cents(equal, ref=1.0)), [200, 200, 100, 200, 200, 200, 100])
    offsets = cents(just, ref=1.0) - cents(equal, ref=1.0)
    np.testing.assert_allclose(offsets[[0, -1]], 0.0, atol=1e-9)
    # D +3.9, E -13.7, F -2.0, G +2.0, A -15.6, B -11.7
    np.testing.assert_allclose(
        offsets[1:-1], [3.91, -13.69, -1.96, 1.96, -15.64, -11.73], atol=5e-3
    )


def _beat_depth(y: np.ndarray, sr: int) -> tuple[float, float]:
    """Rate (Hz) and depth of the envelope's modulation near 1.31 kHz in the clip's chord."""
    from scipy.signal import butter, hilbert, sosfiltfilt

    start = round((0.12 + 8 * 0.34 + 0.12 + 0.2) * sr)
    chord = y[start : start + round(0.9 * sr)]
    band = sosfiltfilt(butter(4, [1250, 1370], btype="band", fs=sr, output="sos"), chord)
    envelope = np.abs(hilbert(band))
    wiggle = envelope - envelope.mean()
    spectrum = np.abs(np.fft.rfft(wiggle * np.hanning(len(wiggle)), 8 * len(wiggle)))
    freqs = np.fft.rfftfreq(8 * len(wiggle), 1 / sr)
    keep = (freqs > 2) & (freqs < 30)
    return float(freqs[keep][spectrum[keep].argmax()]), float(wiggle.std() / envelope.mean())


def test_equal_tempered_third_beats_and_just_one_does_not():
    from audioml.media import REGISTRY as CLIPS

    rate, depth = _beat_depth(*CLIPS.get("c_major_equal_temperament").func())
    # 5 * C4 = 1308.1 Hz against 4 * E4 = 1318.5 Hz: 10.4 beats per second
    assert rate == pytest.approx(5 * midi_to_hz(60) - 4 * midi_to_hz(64), abs=0.3) or (
        rate == pytest.approx(4 * midi_to_hz(64) - 5 * midi_to_hz(60), abs=0.3)
    )
    assert depth > 0.3  # measured 0.45
    _, just_depth = _beat_depth(*CLIPS.get("c_major_just_intonation").func())
    assert just_depth < depth / 4  # measured 0.08


def test_shepard_tones_repeat_after_twelve_steps():
    from audioml.media import REGISTRY as CLIPS
    from audioml.media.pitch import SR as CLIP_SR
    from audioml.media.pitch import shepard_tone

    # twelve semitones up is the same partials, C0 * 2**k, but for the two at the bell's
    # far ends (weights 0.7 % and 1.8 %)
    a, b = shepard_tone(0.0, duration=0.3), shepard_tone(12.0, duration=0.3)
    assert np.abs(a - b).max() < 0.05
    y, sr = CLIPS.get("shepard_chromatic_octave").func()
    assert sr == CLIP_SR
    step, gap = round(0.3 * sr), round(0.02 * sr)
    first, last = y[gap : gap + step], y[gap + 12 * (step + gap) : gap + 12 * (step + gap) + step]
    np.testing.assert_array_equal(first, last)  # the clip ends on exactly its first tone


def test_chroma_figure_claims_hold_for_both_chromas():
    from audioml.figures.pitch import _TOP, top_classes
    from audioml.media.pitch import SR as CLIP_SR
    from audioml.media.pitch import c_major_equal_temperament

    y, _ = c_major_equal_temperament()
    assert _TOP == ["C", "D", "E", "F", "G", "A", "B", "C"]
    assert top_classes(chroma_cqt(y, sr=CLIP_SR, hop_length=512)) == _TOP


def test_ref_max_features_ignore_level_and_lift_silence():
    from audioml.figures.pitch import pitfall_features

    features = pitfall_features()
    assert np.abs(features["max"]["loud"] - features["max"]["quiet"]).max() < 1e-9
    assert features["max"]["silence"].max() == 0.0  # -80 dBFS noise reaches the top
    gap = features["one"]["loud"] - features["one"]["quiet"]
    above_floor = features["one"]["quiet"] > -99.0  # amin=1e-10 floors at -100 dB
    assert above_floor.mean() > 0.8
    np.testing.assert_allclose(gap[above_floor], 40.0, atol=1e-6)
    assert np.median(features["one"]["silence"]) < features["one"]["loud"].mean(axis=1).min()
