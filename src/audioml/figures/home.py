"""Figures on the home page."""

from __future__ import annotations

import numpy as np

from ..plotting import new_figure, plot_waveform
from ..signals import load_speech
from ..spectral import amplitude_to_db, stft
from . import figure

N_FFT, HOP = 1024, 256


@figure(
    "speech_waveform_spectrogram",
    title="A speech clip as a waveform and as a spectrogram",
    alt="Two stacked plots of the same 3-second synthetic speech clip, 'The quick brown fox "
    "jumps over the lazy dog'. Top: the waveform, amplitude against time, in bursts for "
    "the syllables. Bottom: its magnitude spectrogram in decibels, frequency 0 to 11 kHz "
    "against time, showing horizontal harmonic stripes for voiced sounds below about "
    "4 kHz and broadband energy for the consonants.",
    caption="The shipped clip `fox_male` (espeak-ng, 22.05 kHz). Top: the waveform. "
    "Bottom: the magnitude of its STFT (Hann window, n_fft = 1024, hop = 256, i.e. "
    "46 ms frames every 11.6 ms) in dB relative to the loudest bin, floored at -80 dB. "
    "Harmonics of the voice are the stacked stripes; the phase, not drawn, is the other "
    "half of the STFT.",
)
def speech_waveform_spectrogram():
    y, sr = load_speech("fox_male")
    S_db = amplitude_to_db(np.abs(stft(y, n_fft=N_FFT, hop_length=HOP)), ref=np.max)
    fig, (ax_wave, ax_spec) = new_figure(
        2, 1, height=4.4, sharex=True, gridspec_kw={"height_ratios": [1, 2.2]}
    )
    plot_waveform(y, sr, ax=ax_wave)
    ax_wave.set_xlabel("")
    ax_wave.set_title("Waveform", loc="left")
    # center=True: frame m is centred on sample m * HOP; draw each column around it
    times = (np.arange(S_db.shape[1] + 1) - 0.5) * HOP / sr
    freqs = np.arange(S_db.shape[0] + 1) * sr / N_FFT
    mesh = ax_spec.pcolormesh(times, freqs / 1000, S_db, vmin=-80, vmax=0, rasterized=True)
    ax_spec.grid(False)
    ax_spec.set_ylim(0, sr / 2000)
    ax_spec.set_xlim(0, len(y) / sr)
    ax_spec.set_xlabel("time (s)")
    ax_spec.set_ylabel("frequency (kHz)")
    ax_spec.set_title("Magnitude spectrogram (STFT)", loc="left")
    fig.colorbar(mesh, ax=ax_spec, label="dB re max", pad=0.01, aspect=25)
    return fig
