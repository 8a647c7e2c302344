"""Numbers stated by the corrections of issue 15, each checked where it is computed."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.signal

from audioml.loudness import a_weighting
from audioml.prefilters import a_weighting_taps


@pytest.mark.parametrize(("sr", "expected"), [(22050, -31.1), (48000, -18.6)])
def test_a_weighting_fir_is_far_above_the_standard_at_20_hz(sr, expected):
    """Correction 12: the 101-tap FIR is -31.1 dB at 20 Hz (22.05 kHz), not -50.4 dB."""
    _, h = scipy.signal.freqz(a_weighting_taps(sr=sr), worN=[20.0], fs=sr)
    assert 20 * np.log10(abs(h[0])) == pytest.approx(expected, abs=0.05)
    assert a_weighting(20.0) == pytest.approx(-50.4, abs=0.05)


def test_neighbouring_magnitudes_resolve_sub_bin_frequency():
    """Correction 7: magnitudes alone place a partial to a fraction of a 21.5 Hz bin."""
    from audioml.signals import tone
    from audioml.spectral import stft

    sr, n_fft = 22050, 1024
    f = 1000.0 + 0.3 * sr / n_fft  # 0.3 bin off a bin centre
    S = np.abs(stft(tone(f, sr=sr, duration=0.5), n_fft=n_fft, hop_length=256))[:, 10]
    k = int(S.argmax())
    a, b, c = np.log(S[k - 1 : k + 2])
    estimate = (k + 0.5 * (a - c) / (a - 2 * b + c)) * sr / n_fft
    assert abs(estimate - f) < 0.05 * sr / n_fft  # within 5 % of a bin (measured: 1.6 %)
    assert abs(k * sr / n_fft - f) > 0.25 * sr / n_fft  # the peak bin alone is 0.3 bin off


def test_mel_is_not_a_musical_pitch_scale():
    """Correction 5: one octave spans 133 HTK mel at 100-200 Hz and 521 at 1-2 kHz."""
    from audioml.scales import hz_to_mel

    low = hz_to_mel(200.0, htk=True) - hz_to_mel(100.0, htk=True)
    high = hz_to_mel(2000.0, htk=True) - hz_to_mel(1000.0, htk=True)
    assert (round(low), round(high)) == (133, 521)


def test_slaney_1_khz_ulp_comes_from_the_linear_division():
    """Correction 6: 1000 / (200 / 3) is already one ulp below 15; no log is involved."""
    import librosa

    assert 1000.0 / (200.0 / 3.0) == 14.999999999999998
    assert librosa.hz_to_mel(1000.0) == 1000.0 / (200.0 / 3.0)
