"""Clips for the page "Musical pitch": equal temperament vs just intonation, Shepard tones.

All clips are at 22.05 kHz, made of harmonic tones (`audioml.signals.harmonic_tone`) so
that intervals beat the way instrument notes do.
"""

from __future__ import annotations

import numpy as np

from ..pitch import cents, midi_to_hz
from ..signals import fade, harmonic_tone
from . import clip

__all__ = [
    "C_MAJOR_MIDI",
    "JUST_RATIOS",
    "SR",
    "c_major_frequencies",
    "shepard_tone",
]

#: Sampling rate of every clip on the page.
SR = 22050
#: C4 D4 E4 F4 G4 A4 B4 C5 as MIDI numbers.
C_MAJOR_MIDI = (60, 62, 64, 65, 67, 69, 71, 72)
#: Just-intonation ratios of the C major scale to its tonic (Ptolemy's intense diatonic).
JUST_RATIOS = (1.0, 9 / 8, 5 / 4, 4 / 3, 3 / 2, 5 / 3, 15 / 8, 2.0)

_NOTE_S, _CHORD_S, _GAP_S = 0.34, 1.3, 0.12
_PEAK = 10 ** (-6 / 20)  # every clip peaks at -6 dBFS


def c_major_frequencies(tuning: str) -> np.ndarray:
    """The eight notes C4 ... C5 in Hz, `"equal"` (12-tone equal temperament) or `"just"`.

    Both start at the equal-tempered C4 (261.63 Hz), so only the other notes differ.
    """
    if tuning == "equal":
        return np.asarray(midi_to_hz(np.array(C_MAJOR_MIDI, dtype=float)))
    if tuning == "just":
        return midi_to_hz(60.0) * np.array(JUST_RATIOS)
    raise ValueError(f"tuning must be 'equal' or 'just'; got {tuning!r}")


def _scale_then_chord(tuning: str) -> np.ndarray:
    freqs = c_major_frequencies(tuning)
    gap = np.zeros(round(_GAP_S * SR))
    notes = [harmonic_tone(f, sr=SR, duration=_NOTE_S, n_harmonics=8) for f in freqs]
    # the C major triad C4 E4 G4, sustained: its thirds beat in equal temperament
    chord = sum(
        harmonic_tone(freqs[i], sr=SR, duration=_CHORD_S, n_harmonics=8, fade_seconds=0.05)
        for i in (0, 2, 4)
    )
    y = np.concatenate([gap, *notes, gap, chord, gap])
    return _PEAK * y / np.abs(y).max()


def _offsets_text() -> str:
    offsets = cents(c_major_frequencies("just"), ref=1.0) - cents(
        c_major_frequencies("equal"), ref=1.0
    )
    names = ("D", "E", "F", "G", "A", "B")
    return ", ".join(f"{n} {o:+.1f}" for n, o in zip(names, offsets[1:-1], strict=True))


@clip(
    "c_major_equal_temperament",
    title="C major scale and triad, equal temperament",
    caption=(
        "C4 to C5 in 12-tone equal temperament (every semitone 100 cents, C4 = 261.63 Hz), "
        f"harmonic tones of 8 harmonics, {_NOTE_S} s each with 20 ms fades, then the triad "
        f"C4-E4-G4 for {_CHORD_S} s; 22.05 kHz, peak -6 dBFS. Listen to the chord: its "
        "major third is 13.7 cents wider than the just 5:4, and the 5th harmonic of C4 "
        "and the 4th of E4 beat about 10 times a second."
    ),
)
def c_major_equal_temperament():
    return _scale_then_chord("equal"), SR


@clip(
    "c_major_just_intonation",
    title="C major scale and triad, just intonation",
    caption=(
        "The same scale and triad tuned to whole-number ratios of C4 (9/8, 5/4, 4/3, 3/2, "
        f"5/3, 15/8, 2): in cents against equal temperament {_offsets_text()}; otherwise "
        "made exactly as the equal-tempered clip. The triad C-E-G (4:5:6) does not beat."
    ),
)
def c_major_just_intonation():
    return _scale_then_chord("just"), SR


#: Shepard tones: octave-spaced partials under a fixed bell on log frequency.
_SHEPARD_CENTRE_HZ, _SHEPARD_OCTAVES = 440.0, 8


def shepard_tone(pitch_class: float, *, duration: float, sr: int = SR) -> np.ndarray:
    """A Shepard tone: sine partials one octave apart under a Gaussian bell in log frequency.

    `pitch_class` is in semitones above C (0 to 12; 12 sounds the same as 0). The bell
    (centre 440 Hz, standard deviation 1.5 octaves) is fixed, so the tone has a pitch
    class but no definite octave. Peak normalised to 1.
    """
    t = np.arange(round(duration * sr)) / sr
    base = midi_to_hz(12.0 + pitch_class)  # C0 + pitch class
    y = np.zeros_like(t)
    for octave in range(_SHEPARD_OCTAVES + 1):
        f = base * 2.0**octave
        if f >= sr / 2:
            break
        distance = np.log2(f / _SHEPARD_CENTRE_HZ)
        y += np.exp(-0.5 * (distance / 1.5) ** 2) * np.sin(2 * np.pi * f * t)
    y = fade(y, sr=sr, seconds=0.02)
    return y / np.abs(y).max()


@clip(
    "shepard_chromatic_octave",
    title="Shepard tones: twelve semitone steps up that end where they began",
    caption=(
        "Thirteen Shepard tones, C up to the next C in 12 semitone steps, 0.3 s each with "
        "20 ms fades and 20 ms gaps: each is 9 sine partials an octave apart under a fixed "
        "bell centred on 440 Hz (1.5 octaves wide), so every step sounds like a rise, yet "
        "the last tone is the same sound as the first; 22.05 kHz, peak -6 dBFS."
    ),
)
def shepard_chromatic_octave():
    gap = np.zeros(round(0.02 * SR))
    parts = [gap]
    for step in range(13):
        parts += [shepard_tone(float(step % 12), duration=0.3), gap]
    y = np.concatenate(parts)
    return _PEAK * y / np.abs(y).max(), SR
