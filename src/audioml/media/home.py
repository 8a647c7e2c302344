"""Clips on the home page."""

from __future__ import annotations

from ..signals import load_speech
from . import clip


@clip(
    "speech_fox_male",
    title="Speech: 'The quick brown fox…' (synthetic male voice)",
    caption="The shipped clip fox_male as it is: espeak-ng speech at 22.05 kHz, "
    "peak normalised to -1 dBFS, no other processing.",
)
def speech_fox_male():
    return load_speech("fox_male")
