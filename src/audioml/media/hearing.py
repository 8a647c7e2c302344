"""Clips for the chapter "Human hearing": equal-amplitude vs equal-loudness tones, pitch pairs.

All clips are at 44.1 kHz (the 10.1 kHz and 12 kHz tones need more than 22.05 kHz).
"""

from __future__ import annotations

import numpy as np

from ..loudness import iso226_spl
from ..scales import hz_to_mel
from ..signals import tone
from . import clip

__all__ = [
    "EXPLORER_TONES_HZ",
    "SR",
    "equal_loudness_gains_db",
    "tone_sequence",
]

#: Sampling rate of every clip in this chapter.
SR = 44100
#: The tone frequencies of the loudness explorer (Hz).
EXPLORER_TONES_HZ = (50, 100, 250, 500, 1000, 4000, 8000, 12000)
#: Peak level of each tone in the equal-amplitude clip (dBFS).
EQUAL_AMPLITUDE_DBFS = -12.0
#: Peak level of the loudest tone in the equal-loudness clips (dBFS).
LOUDEST_DBFS = -3.0

_TONE_S, _FADE_S, _GAP_S = 0.4, 0.02, 0.15


def _mel_gap(low: float, high: float) -> str:
    htk = hz_to_mel(high, htk=True) - hz_to_mel(low, htk=True)
    slaney = hz_to_mel(high) - hz_to_mel(low)
    return f"{htk:.1f} HTK mel, {slaney:.3g} Slaney mel"  # as in the pitch_distance figure


def _db_to_amplitude(db: np.ndarray | float) -> np.ndarray:
    return 10.0 ** (np.asarray(db, dtype=np.float64) / 20.0)


def tone_sequence(
    frequencies, amplitudes, *, duration: float, gap: float, fade: float = _FADE_S
) -> np.ndarray:
    """Sine tones one after another, each with raised-cosine fades, separated by silence."""
    parts = []
    silence = np.zeros(round(gap * SR))
    for i, (f, a) in enumerate(zip(frequencies, amplitudes, strict=True)):
        if i:
            parts.append(silence)
        parts.append(tone(f, sr=SR, duration=duration, amplitude=float(a), fade_seconds=fade))
    return np.concatenate([silence, *parts, silence])


def equal_loudness_gains_db(phon: float) -> np.ndarray:
    """ISO 226:2023 SPL of each explorer tone at `phon`, relative to the 1 kHz tone (dB)."""
    spl = iso226_spl(phon, np.array(EXPLORER_TONES_HZ, dtype=float))
    return spl - iso226_spl(phon, 1000.0)


@clip(
    "tones_equal_amplitude",
    title="Eight tones at the same amplitude (50 Hz … 12 kHz)",
    caption=(
        "Sine tones at 50, 100, 250, 500, 1000, 4000, 8000 and 12000 Hz, 0.4 s each with "
        "20 ms raised-cosine fades and 0.15 s gaps, all at the same peak level of -12 dBFS "
        "(44.1 kHz). Equal on the meter, not to the ear: the lowest and highest usually "
        "sound much quieter (and small speakers may not play 50 Hz at all)."
    ),
)
def tones_equal_amplitude():
    amplitude = _db_to_amplitude(EQUAL_AMPLITUDE_DBFS)
    n = len(EXPLORER_TONES_HZ)
    return tone_sequence(EXPLORER_TONES_HZ, [amplitude] * n, duration=_TONE_S, gap=_GAP_S), SR


def _equal_loudness_clip(phon: int):
    gains = equal_loudness_gains_db(phon)
    peaks_db = gains - gains.max() + LOUDEST_DBFS  # loudest tone at -3 dBFS
    y = tone_sequence(EXPLORER_TONES_HZ, _db_to_amplitude(peaks_db), duration=_TONE_S, gap=_GAP_S)
    return y, SR


def _one_khz_dbfs(phon: int) -> float:
    gains = equal_loudness_gains_db(phon)
    return float(gains[EXPLORER_TONES_HZ.index(1000)] - gains.max() + LOUDEST_DBFS)


def _equal_loudness_caption(phon: int) -> str:
    gains = equal_loudness_gains_db(phon)
    return (
        f"The same eight tones (50 Hz … 12 kHz, 0.4 s, 20 ms fades) with levels from the "
        f"ISO 226:2023 {phon}-phon contour: each tone is set {gains.min():.1f} to "
        f"+{gains.max():.1f} dB relative to the 1 kHz tone, and the set is scaled so the "
        f"loudest tone peaks at {LOUDEST_DBFS:g} dBFS; the 1 kHz tone peaks at "
        f"{_one_khz_dbfs(phon):.1f} dBFS. They sound equally loud only if your playback "
        f"puts the 1 kHz tone at about {phon} dB SPL and your speakers or headphones are "
        "flat from 50 Hz to 12 kHz; your playback level and speaker response decide "
        "what you actually hear."
    )


def _register_equal_loudness(phon: int) -> None:
    def make():
        return _equal_loudness_clip(phon)

    make.__name__ = f"tones_equal_loudness_{phon}phon"
    make.__qualname__ = make.__name__
    clip(
        make.__name__,
        title=f"Eight tones on the {phon}-phon equal-loudness contour",
        caption=_equal_loudness_caption(phon),
    )(make)
    globals()[make.__name__] = make


for _phon in (20, 40, 60, 80):
    _register_equal_loudness(_phon)


def _pitch_pair(low: float, high: float):
    amplitude = _db_to_amplitude(EQUAL_AMPLITUDE_DBFS)
    return tone_sequence([low, high], [amplitude, amplitude], duration=0.8, gap=0.3), SR


@clip(
    "pitch_pair_100_200",
    title="100 Hz then 200 Hz",
    caption=(
        "Two sine tones, 100 Hz then 200 Hz, 0.8 s each with 20 ms fades and a 0.3 s gap, "
        "both at -12 dBFS peak (44.1 kHz). 100 Hz apart, and an octave: a large step in "
        f"pitch ({_mel_gap(100, 200)})."
    ),
)
def pitch_pair_100_200():
    return _pitch_pair(100.0, 200.0)


@clip(
    "pitch_pair_10000_10100",
    title="10,000 Hz then 10,100 Hz",
    caption=(
        "Two sine tones, 10,000 Hz then 10,100 Hz, 0.8 s each with 20 ms fades and a 0.3 s "
        "gap, both at -12 dBFS peak (44.1 kHz). Also 100 Hz apart, but barely different in "
        f"pitch ({_mel_gap(10000, 10100)}). Some listeners and many laptop speakers hear little at "
        "10 kHz: turn up carefully."
    ),
)
def pitch_pair_10000_10100():
    return _pitch_pair(10000.0, 10100.0)
