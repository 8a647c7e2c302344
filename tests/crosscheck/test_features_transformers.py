"""`audioml.features` against transformers 5.23.0 itself (only under AUDIOML_CROSSCHECK=1).

Run with `make crosscheck`. transformers' audio feature extractors run on numpy; with torch
installed (as here) `WhisperFeatureExtractor.__call__` takes its float32 torch path, so
Whisper is compared with both paths. Tolerances (measured maxima in brackets, on speech,
white noise and a 32 s input):

- Whisper log-mel: numpy path atol 5e-7 (1.2e-7: one float32 step near 1, since
  transformers rounds the log to float32 before clamping and scaling); torch path
  atol 1e-4 (2.8e-5: a float32 STFT);
- Wav2Vec2 normalisation: atol 2e-6 (4.8e-7);
- AST Kaldi fbank (numpy path; torchaudio is not installed): atol 5e-6 (9.5e-7);
- SeamlessM4T Kaldi fbank (Povey window, samples times 2**15): atol 1e-5 (1.9e-6,
  on values near 20; transformers rounds the spectrum to complex64);
- the mel filter banks: exactly equal (0.0);
- HiFi-GAN log-mel: the reference code's `mel_spectrogram` arithmetic in float64 torch
  with librosa's mel basis, atol 1e-9.

`test_report_max_differences` prints every measured maximum (`pytest -s` shows it).
"""

from __future__ import annotations

import librosa
import numpy as np
import pytest
import scipy.signal
import torch
from transformers import (
    ASTFeatureExtractor,
    SeamlessM4TFeatureExtractor,
    Wav2Vec2FeatureExtractor,
    WhisperFeatureExtractor,
)
from transformers.audio_utils import mel_filter_bank

from audioml import features
from audioml.filterbanks import mel_filterbank
from audioml.signals import load_speech, white_noise

TOL = {
    "whisper (numpy path)": 5e-7,
    "whisper (torch path)": 1e-4,
    "wav2vec2": 2e-6,
    "ast": 5e-6,
    "seamless_m4t": 1e-5,
    "hifigan": 1e-9,
}


def _speech16() -> np.ndarray:
    y, _ = load_speech("fox_male")
    return scipy.signal.resample_poly(y, 320, 441)


SIGNALS = {
    "speech": _speech16(),
    "noise": white_noise(duration=2.0, sr=16000, amplitude=0.1, rng=1),
    "32 s": np.tile(white_noise(duration=2.0, sr=16000, amplitude=0.3, rng=4), 16),
}


def _whisper(y: np.ndarray, n_mels: int) -> dict[str, np.ndarray]:
    fe = WhisperFeatureExtractor(feature_size=n_mels)
    torch_path = fe(y, sampling_rate=16000, return_tensors="np").input_features[0]
    padded = fe.pad(
        {"input_features": [np.asarray(y, np.float32)[:, None]]},
        padding="max_length",
        max_length=fe.n_samples,
        truncation=True,
    )["input_features"].transpose(2, 0, 1)[0]
    numpy_path = fe._np_extract_fbank_features(padded, "cpu")[0]
    return {"whisper (numpy path)": numpy_path, "whisper (torch path)": torch_path}


def _differences() -> dict[str, float]:
    worst: dict[str, float] = dict.fromkeys(TOL, 0.0)

    def note(key: str, ours: np.ndarray, theirs: np.ndarray) -> None:
        assert ours.shape == theirs.shape, key
        worst[key] = max(worst[key], float(np.abs(ours - theirs).max()))

    for y in SIGNALS.values():
        for n_mels in (80, 128):
            ours = features.whisper_log_mel(y, n_mels=n_mels)
            for key, theirs in _whisper(y, n_mels).items():
                note(key, ours, theirs)
        w2v = Wav2Vec2FeatureExtractor()(y, sampling_rate=16000, return_tensors="np")
        note("wav2vec2", features.wav2vec2_normalize(y), w2v.input_values[0])
        with pytest.warns(UserWarning, match="all zero values"):  # AST's empty band 3
            ast = ASTFeatureExtractor(do_normalize=False)
        n_frames = 1 + (y.size - 400) // 160
        theirs = ast._extract_fbank_features(np.asarray(y, np.float32), max_length=n_frames)
        note("ast", features.kaldi_fbank(y), theirs)
        seamless = SeamlessM4TFeatureExtractor()._extract_fbank_features(np.asarray(y, np.float32))
        y15 = np.asarray(y, np.float32) * 2**15
        note("seamless_m4t", features.kaldi_fbank(y15, n_mels=80, window="povey"), seamless)
    y22, _ = load_speech("fox_male")
    note("hifigan", features.hifigan_log_mel(y22), _hifigan_reference(y22))
    return worst


def _hifigan_reference(y: np.ndarray) -> np.ndarray:
    """HiFi-GAN's `meldataset.mel_spectrogram` (V1 settings), its arithmetic in float64 torch."""
    n_fft, hop, win, sr = 1024, 256, 1024, 22050
    basis = torch.from_numpy(
        librosa.filters.mel(sr=sr, n_fft=n_fft, n_mels=80, fmin=0, fmax=8000, dtype=np.float64)
    )
    x = torch.from_numpy(y).view(1, 1, -1)
    pad = int((n_fft - hop) / 2)
    x = torch.nn.functional.pad(x, (pad, pad), mode="reflect").squeeze(1)
    spec = torch.stft(
        x,
        n_fft,
        hop_length=hop,
        win_length=win,
        window=torch.hann_window(win, dtype=torch.float64),
        center=False,
        normalized=False,
        onesided=True,
        return_complex=True,
    )
    spec = torch.sqrt(spec.real**2 + spec.imag**2 + 1e-9)
    return torch.log(torch.clamp(basis @ spec, min=1e-5))[0].numpy()


@pytest.fixture(scope="module")
def differences() -> dict[str, float]:
    return _differences()


@pytest.mark.parametrize("key", list(TOL))
def test_front_end_equals_transformers(differences, key):
    assert differences[key] <= TOL[key], f"{key}: max abs difference {differences[key]:.3g}"


def test_report_max_differences(differences):
    for key, value in differences.items():
        print(f"{key:24s} max abs difference {value:.3g} (tolerance {TOL[key]:g})")
    assert all(np.isfinite(v) for v in differences.values())


@pytest.mark.parametrize("htk", [False, True])
@pytest.mark.parametrize("norm", [None, "slaney"])
@pytest.mark.parametrize(
    ("sr", "n_fft", "n_mels", "fmax"), [(16000, 400, 80, 8000), (22050, 1024, 128, 11025)]
)
def test_mel_filterbank_equals_transformers_exactly(htk, norm, sr, n_fft, n_mels, fmax):
    ours = mel_filterbank(sr=sr, n_fft=n_fft, n_mels=n_mels, fmax=fmax, htk=htk, norm=norm)
    theirs = mel_filter_bank(
        num_frequency_bins=1 + n_fft // 2,
        num_mel_filters=n_mels,
        min_frequency=0.0,
        max_frequency=fmax,
        sampling_rate=sr,
        norm=norm,
        mel_scale="htk" if htk else "slaney",
    ).T
    assert float(np.abs(ours - theirs).max()) == 0.0


@pytest.mark.parametrize("n_mels", [80, 128])
def test_kaldi_mel_filterbank_equals_transformers_exactly(n_mels, recwarn):
    theirs = mel_filter_bank(
        num_frequency_bins=257,
        num_mel_filters=n_mels,
        min_frequency=20,
        max_frequency=8000,
        sampling_rate=16000,
        norm=None,
        mel_scale="kaldi",
        triangularize_in_mel_space=True,
    )
    assert float(np.abs(features.kaldi_mel_filterbank(n_mels=n_mels) - theirs).max()) == 0.0
    # transformers warns about AST's empty band; we document it (band 3 of 128)
    assert (len(recwarn) == 1) == (n_mels == 128)
