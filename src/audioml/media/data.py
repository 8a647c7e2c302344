"""Clips for the chapter "Audio as data": aliasing, bit depth, dither, clipping, loudness."""

from __future__ import annotations

import numpy as np

from ..figures.data import CHIRP_SR, CHIRP_TARGET, chirp_48k
from ..level import normalize_loudness
from ..sampling import quantize, resample
from ..signals import fade, load_speech, tone
from . import clip

__all__ = ["CLIP_GAIN_DB", "QUIET_TONE_BITS", "QUIET_TONE_DBFS", "SPEECH_TARGET_LUFS"]

#: The quiet tone of the dither clips: 440 Hz at -40 dBFS, 8 bits (about 1.3 LSB peak).
QUIET_TONE_HZ, QUIET_TONE_DBFS, QUIET_TONE_BITS = 440.0, -40.0, 8
#: Loudness target of the normalised speech clips (LUFS).
SPEECH_TARGET_LUFS = -23.0
#: Gain before hard clipping in the clipping clip (dB).
CLIP_GAIN_DB = 18.0


@clip(
    "chirp_48k",
    title="Chirp 20 Hz to 12 kHz at 48 kHz (the original)",
    caption="A linear sine chirp from 20 Hz to 12 kHz over 2.5 s, amplitude 0.5, sampled "
    "at 48 kHz: a steadily rising whistle (the top may be inaudible to older ears).",
)
def chirp_original():
    return chirp_48k(), CHIRP_SR


@clip(
    "chirp_16k_aliased",
    title="The same chirp at 16 kHz, every third sample kept (aliased)",
    caption="The 48 kHz chirp taken to 16 kHz by keeping every third sample, with no "
    "low-pass filter. Up to 1.67 s it rises to 8 kHz (the new Nyquist frequency); then "
    "the pitch falls: the components above 8 kHz fold back, 12 kHz ending at 4 kHz.",
)
def chirp_aliased():
    return chirp_48k()[:: CHIRP_SR // CHIRP_TARGET], CHIRP_TARGET


@clip(
    "chirp_16k_resampled",
    title="The same chirp at 16 kHz, band-limited resampling",
    caption="The 48 kHz chirp resampled to 16 kHz by `audioml.sampling.resample` (Kaiser "
    "windowed sinc, passband to 7.2 kHz, 100 dB stopband from 8 kHz). It rises to about "
    "8 kHz at 1.67 s and then fades out: what 16 kHz cannot hold is removed, not folded.",
)
def chirp_resampled():
    return resample(chirp_48k(), orig_sr=CHIRP_SR, target_sr=CHIRP_TARGET), CHIRP_TARGET


#: The folding tones: each sampled at 8 kHz, each heard at its alias.
FOLDING_TONES_HZ, FOLDING_SR = (1000.0, 7000.0, 9000.0, 15000.0), 8000


def folding_tones() -> np.ndarray:
    """Sine tones of FOLDING_TONES_HZ sampled at 8 kHz, 0.6 s each, 0.2 s gaps, amplitude 0.5.

    The samples are computed directly (`sin(2 pi f n / sr)`), since a tone above the
    Nyquist frequency is exactly what `audioml.signals.tone` refuses to make.
    """
    n = np.arange(round(0.6 * FOLDING_SR))
    gap = np.zeros(round(0.2 * FOLDING_SR))
    parts = [gap]
    for f in FOLDING_TONES_HZ:
        y = 0.5 * np.sin(2 * np.pi * f * n / FOLDING_SR)
        parts += [fade(y, sr=FOLDING_SR, seconds=0.02), gap]
    return np.concatenate(parts)


@clip(
    "tones_folding_8k",
    title="Tones of 1, 7, 9 and 15 kHz sampled at 8 kHz: all heard at 1 kHz",
    caption="Four sine tones, 0.6 s each with 20 ms fades and 0.2 s gaps, amplitude 0.5, "
    "computed directly at 8 kHz (Nyquist 4 kHz): 1 kHz, then 7, 9 and 15 kHz. The last "
    "three alias to |f - 8000 round(f / 8000)| = 1 kHz, so all four sound the same pitch "
    "(7 and 15 kHz come out phase-inverted, which the ear does not hear).",
)
def tones_folding_8k():
    return folding_tones(), FOLDING_SR


def _speech():
    return load_speech("fox_male")


def _bits_clip(bits: int):
    y, sr = _speech()
    return quantize(y, bits=bits), sr


@clip(
    "speech_16bit",
    title="Speech, 16 bits (the shipped file)",
    caption="The shipped clip `fox_male` (espeak-ng, 22.05 kHz) as stored: 16-bit PCM, "
    "65,536 levels, quantisation noise about 98 dB below a full-scale sine.",
)
def speech_16bit():
    return _bits_clip(16)


@clip(
    "speech_8bit",
    title="Speech requantised to 8 bits, no dither",
    caption="`fox_male` rounded to 8 bits (256 levels, step 2^-7) by "
    "`quantize(y, bits=8)`, no dither: a faint hiss and roughness on quiet sounds.",
)
def speech_8bit():
    return _bits_clip(8)


@clip(
    "speech_4bit",
    title="Speech requantised to 4 bits, no dither",
    caption="`fox_male` rounded to 4 bits (16 levels, step 1/8) by "
    "`quantize(y, bits=4)`, no dither: harsh, gritty distortion that follows the voice, "
    "and quiet parts cut to silence.",
)
def speech_4bit():
    return _bits_clip(4)


@clip(
    "speech_4bit_tpdf",
    title="Speech requantised to 4 bits with TPDF dither",
    caption='`fox_male` at 4 bits with TPDF dither (`quantize(y, bits=4, dither="tpdf", '
    "rng=0)`): the distortion becomes a steady hiss that does not follow the voice, and "
    "quiet parts stay audible under it.",
)
def speech_4bit_tpdf():
    y, sr = _speech()
    return quantize(y, bits=4, dither="tpdf", rng=0), sr


def _quiet_tone(dither: str):
    sr = 22050
    y = tone(
        QUIET_TONE_HZ,
        sr=sr,
        duration=2.0,
        amplitude=10 ** (QUIET_TONE_DBFS / 20),
        fade_seconds=0.05,
    )
    q = quantize(y, bits=QUIET_TONE_BITS, dither=dither, rng=0)
    return q * 10 ** (-QUIET_TONE_DBFS / 20) / 4, sr  # made audible: +40 dB, then -12 dB


@clip(
    "quiet_tone_8bit",
    title="A quiet 440 Hz tone at 8 bits, no dither (raised by 28 dB)",
    caption="A 440 Hz sine at -40 dBFS (amplitude 1.3 LSB at 8 bits), 2 s, rounded to 8 bits "
    "without dither, then raised by 28 dB so you can hear it: the pure tone has become a "
    "buzzy, square-ish wave (odd harmonics), the sound of quantisation distortion.",
)
def quiet_tone_8bit():
    return _quiet_tone("none")


@clip(
    "quiet_tone_8bit_tpdf",
    title="The same quiet tone at 8 bits with TPDF dither (raised by 28 dB)",
    caption="The same -40 dBFS 440 Hz tone rounded to 8 bits with TPDF dither (`rng=0`), "
    "then raised by 28 dB: a clean tone under steady hiss. The error is now noise, "
    "unrelated to the tone, and the tone is intact.",
)
def quiet_tone_8bit_tpdf():
    return _quiet_tone("tpdf")


@clip(
    "speech_clipped",
    title="Speech driven 18 dB into hard clipping",
    caption="`fox_male` multiplied by 18 dB (x 7.94), clipped to [-1, 1], then scaled back "
    "by -18 dB so its level is comparable: every part of the waveform above -18 dBFS "
    "(0.126) is flattened at -18 dBFS, and the voice crackles and buzzes on every vowel.",
)
def speech_clipped():
    y, sr = _speech()
    g = 10 ** (CLIP_GAIN_DB / 20)
    return np.clip(g * y, -1.0, 1.0) / g, sr


def _normalised(name: str):
    y, sr = load_speech(name)
    return normalize_loudness(y, sr=sr, target_lufs=SPEECH_TARGET_LUFS), sr


@clip(
    "fox_male_minus23lufs",
    title="Male voice normalised to -23 LUFS",
    caption="The shipped clip `fox_male` scaled by one gain to an integrated loudness of "
    "-23 LUFS (ITU-R BS.1770-4, `normalize_loudness`).",
)
def fox_male_minus23lufs():
    return _normalised("fox_male")


@clip(
    "fox_female_minus23lufs",
    title="Female voice normalised to -23 LUFS",
    caption="The shipped clip `fox_female` scaled by one gain to an integrated loudness of "
    "-23 LUFS, like the male voice above: the two should sound about equally loud.",
)
def fox_female_minus23lufs():
    return _normalised("fox_female")
