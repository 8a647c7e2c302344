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
