"""`audioml.level` against pyloudnorm 0.2.0 itself (collected only under AUDIOML_CROSSCHECK=1).

Run with `make crosscheck` (it installs the `crosscheck` dependency group). pyloudnorm
takes `(samples, channels)`; audioml takes librosa's `(channels, samples)`.

Two of pyloudnorm's filter classes are compared:

- `"DeMan"`: the same analog prototypes as `audioml.level.k_weighting` (which reproduce
  BS.1770-4's 48 kHz tables), the same gating. Agreement: within 1e-9 LU (measured:
  about 3e-12 LU; the prototype constants differ in the 12th digit).
- `"K-weighting"` (pyloudnorm's default): RBJ-cookbook biquads from round values (a 4 dB
  shelf at 1500 Hz with Q 0.707, a 38 Hz high-pass with Q 0.5), not the Recommendation's
  coefficients. Agreement: within 0.1 LU (measured: pyloudnorm reads 0.043 LU lower on
  white noise at 48 kHz and 0.089 LU lower on the shipped speech at 22.05 kHz).

Block counts agree for these lengths (pyloudnorm rounds the block count; audioml counts
whole blocks only), which is why the signals are whole multiples of 100 ms or checked.
"""

from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest

from audioml.level import integrated_loudness, normalize_loudness
from audioml.signals import chirp, load_speech, white_noise

DEMAN_ATOL = 1e-9
DEFAULT_ATOL = 0.1


def _signals() -> dict[str, tuple[np.ndarray, int]]:
    rng = np.random.default_rng(3)
    out = {name: load_speech(name) for name in ("fox_male", "fox_female", "hearing")}
    out["noise_48k"] = (white_noise(sr=48000, duration=3.0, amplitude=0.1, rng=0), 48000)
    out["chirp_44k1"] = (chirp(fmin=20, fmax=20000, sr=44100, duration=3.0, amplitude=0.5), 44100)
    out["stereo_48k"] = (0.1 * rng.standard_normal((2, 4 * 48000)), 48000)
    gains = np.array([[1.0], [0.5], [0.3], [0.8], [0.2]])  # L R C Ls Rs
    out["five_48k"] = (0.1 * gains * rng.standard_normal((5, 3 * 48000)), 48000)
    sequence = np.concatenate(
        [
            10 ** (db / 20) * np.sin(2 * np.pi * 1000 * np.arange(seconds * 48000) / 48000)
            for seconds, db in ((10, -72.0), (10, -36.0), (60, -23.0), (10, -36.0), (10, -72.0))
        ]
    )
    out["tech3341_case4_mono"] = (sequence, 48000)  # both gates drop blocks
    return out


SIGNALS = _signals()


def _theirs(y: np.ndarray, sr: int, filter_class: str) -> float:
    data = y.T if y.ndim == 2 else y
    return pyloudnorm.Meter(sr, filter_class=filter_class).integrated_loudness(data)


@pytest.mark.parametrize("name", sorted(SIGNALS))
def test_integrated_loudness_equals_pyloudnorm_deman(name):
    y, sr = SIGNALS[name]
    assert integrated_loudness(y, sr=sr) == pytest.approx(_theirs(y, sr, "DeMan"), abs=DEMAN_ATOL)


@pytest.mark.parametrize("name", sorted(SIGNALS))
def test_integrated_loudness_near_pyloudnorm_default(name):
    y, sr = SIGNALS[name]
    ours, theirs = integrated_loudness(y, sr=sr), _theirs(y, sr, "K-weighting")
    assert theirs == pytest.approx(ours, abs=DEFAULT_ATOL)
    assert theirs < ours  # the round-valued shelf is slightly lower; not a coincidence


def test_normalize_loudness_equals_pyloudnorm_normalize():
    y, sr = SIGNALS["fox_male"]
    meter = pyloudnorm.Meter(sr, filter_class="DeMan")
    theirs = pyloudnorm.normalize.loudness(y, meter.integrated_loudness(y), -26.0)
    np.testing.assert_allclose(
        normalize_loudness(y, sr=sr, target_lufs=-26.0), theirs, rtol=1e-10, atol=0
    )


def test_report_differences(capsys):
    with capsys.disabled():
        print("\naudioml.level vs pyloudnorm 0.2.0 (LU, theirs - ours):")
        for name, (y, sr) in sorted(SIGNALS.items()):
            ours = integrated_loudness(y, sr=sr)
            deman = _theirs(y, sr, "DeMan") - ours
            default = _theirs(y, sr, "K-weighting") - ours
            print(f"  {name:15s} {ours:8.3f} LUFS  DeMan {deman:+.1e}  default {default:+.3f}")
