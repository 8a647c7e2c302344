"""Tests for audioml.corpus: the committed recorded corpus, its split and its mixtures.

What is checked against what:

- the files against `data/corpus/manifest.csv` (sha256, 16 kHz mono FLAC, duration) and
  the licences and speakers against `data/corpus/LICENSE.md` and the module's constants;
- the split's hygiene: no file and no (speaker, prompt) pair in two splits, the unseen
  voice only in `test`, one language per voice (so a second language of a training voice,
  e.g. Allison's es_MX, cannot slip in as "another speaker");
- the noise material: babble is built from `babble`-split prompts only (never a training
  or test target), and test noise (babble and music) from material training never draws
  (checked on the real corpus by spying on `load`, and on a synthetic corpus of tones
  whose frequencies tell which file and which part a noise came from);
- `mix` against the SNR it is asked for (measured, within 0.01 dB; it is exact to ~1e-12);
- `fixed_mixture` against itself (same bytes twice) and across utterances, kinds, SNRs.

Prompt names recur *across* voices (the Asterisk prompt set is translated: 33 names are
train prompts of one voice and test prompts of another, in another language and voice);
that is not a leak of an utterance, and the test says so explicitly.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from audioml import corpus
from audioml.errors import ParameterError

ROOT = corpus.corpus_root()
ROWS = corpus.utterances()
SPEECH_SPLITS = ("train", "test", "babble")


def _prompt(u: corpus.Utterance) -> str:
    return Path(u.file).stem


def _snr_db(clean: np.ndarray, noisy: np.ndarray) -> float:
    return float(10 * np.log10(np.sum(clean**2) / np.sum((noisy - clean) ** 2)))


# ---------------------------------------------------------------- the files


def test_the_manifest_lists_every_file_and_nothing_else():
    listed = {u.file for u in ROWS}
    on_disk = {str(p.relative_to(ROOT)) for p in ROOT.rglob("*.flac")}
    assert listed == on_disk
    assert len(ROWS) == len(listed) == 261
    with open(ROOT / "manifest.csv", encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header == ["file", "speaker", "language", "sex", "licence", "split", "duration_s",
                      "sha256"]  # fmt: skip


def test_every_file_matches_its_sha256_rate_channels_and_duration():
    for u in ROWS:
        path = ROOT / u.file
        assert hashlib.sha256(path.read_bytes()).hexdigest() == u.sha256, u.file
        info = sf.info(path)
        assert (info.format, info.subtype) == ("FLAC", "PCM_16"), u.file
        assert info.samplerate == corpus.SR == 16000, u.file
        assert info.channels == 1, u.file
        # the manifest rounds to 0.1 ms (1.6 samples)
        assert abs(info.frames / corpus.SR - u.duration_s) <= 5e-5 + 1e-9, u.file


def test_load_returns_the_file_and_refuses_a_changed_one(tmp_path):
    u = corpus.utterances(split="test", speaker="carlo")[0]
    y = corpus.load(u)
    reference, sr = sf.read(ROOT / u.file, dtype="float64")
    assert sr == corpus.SR
    np.testing.assert_array_equal(y, reference)
    assert y.dtype == np.float64
    assert y.ndim == 1
    assert np.abs(y).max() <= 1.0
    y[:] = 0.0  # a copy: the cache is not changed through it
    assert np.abs(corpus.load(u)).max() > 0.01
    # a corpus whose file was changed after its manifest was written
    (tmp_path / Path(u.file).parent).mkdir(parents=True)
    sf.write(tmp_path / u.file, 0.5 * reference, corpus.SR, subtype="PCM_16", format="FLAC")
    (tmp_path / "manifest.csv").write_text((ROOT / "manifest.csv").read_text(encoding="utf-8"))
    with pytest.raises(ParameterError, match="does not match its manifest sha256"):
        corpus.load(u, root=tmp_path)


def test_speech_and_music_are_not_silent_or_clipped():
    for u in ROWS:
        y = corpus.load(u)
        rms_db = 10 * np.log10(np.mean(y**2))
        assert -45.0 < rms_db < -6.0, (u.file, rms_db)
        assert np.mean(np.abs(y) >= 32767 / 32768) < 1e-3, u.file


# ---------------------------------------------------------------- speakers and licences

VOICES = {  # as the module's docstring and data/corpus/LICENSE.md say
    "allison": ("en_US", "female", "CC-BY-SA-3.0"),
    "carlo": ("it_IT", "male", "CC-BY-3.0"),
    "ivrvoiceru": ("ru_RU", "female", "CC-BY-3.0"),
}


def _licence_table() -> dict[str, str]:
    """{folder or file: licence} from the table of data/corpus/LICENSE.md."""
    table = {}
    for line in (ROOT / "LICENSE.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`"):
            licence = re.fullmatch(r"\[(CC-[A-Z-]+-\d\.\d)\]\(.*\)", cells[3])
            assert licence, line
            table[cells[0].strip("`")] = licence.group(1)
    return table


def test_licences_are_those_of_the_licence_note():
    table = _licence_table()
    assert table == {
        "speech/allison/": "CC-BY-SA-3.0",
        "speech/carlo/": "CC-BY-3.0",
        "speech/ivrvoiceru/": "CC-BY-3.0",
        "music/macroform-the_simplicity.flac": "CC-BY-SA-3.0",
        "music/manolo_camp-morning_coffee.flac": "CC-BY-SA-3.0",
    }
    for u in ROWS:
        entry = next(k for k in table if u.file == k or u.file.startswith(k))
        assert u.licence == table[entry], u.file
    text = (ROOT / "LICENSE.md").read_text(encoding="utf-8")
    assert "MIT" in text
    assert "scripts/build_corpus.py" in text


def test_speakers_languages_and_sexes_are_as_documented():
    speech = [u for u in ROWS if u.split in SPEECH_SPLITS]
    for u in speech:
        assert u.file.startswith(f"speech/{u.speaker}/"), u.file
        assert (u.language, u.sex, u.licence) == VOICES[u.speaker], u.file
    assert {u.speaker for u in speech} == set(VOICES)
    assert set(corpus.TRAIN_SPEAKERS) | {corpus.UNSEEN_SPEAKER} == set(VOICES)
    languages = defaultdict(set)
    for u in speech:
        languages[u.speaker].add(u.language)
    assert all(len(v) == 1 for v in languages.values())  # one language per voice
    assert len({next(iter(v)) for v in languages.values()}) == len(VOICES)
    music = [u for u in ROWS if u.split == "noise"]
    assert [u.file for u in music] == [
        "music/macroform-the_simplicity.flac",
        "music/manolo_camp-morning_coffee.flac",
    ]
    assert all(u.duration_s == 24.0 and u.language == u.sex == "" for u in music)


# ---------------------------------------------------------------- the split


def test_split_sizes():
    count = defaultdict(int)
    for u in ROWS:
        count[u.speaker, u.split] += 1
    assert dict(count) == {
        ("allison", "train"): 80,
        ("allison", "test"): 25,
        ("allison", "babble"): 12,
        ("carlo", "train"): 80,
        ("carlo", "test"): 25,
        ("carlo", "babble"): 12,
        ("ivrvoiceru", "test"): 25,
        ("macroform", "noise"): 1,
        ("manolo_camp", "noise"): 1,
    }
    assert len(corpus.utterances(split="test", speaker=corpus.UNSEEN_SPEAKER)) == 25


def test_no_utterance_is_in_two_splits():
    files = defaultdict(set)
    prompts = defaultdict(set)
    for u in ROWS:
        files[u.split].add(u.file)
        prompts[u.split].add((u.speaker, _prompt(u)))
    for i, a in enumerate(SPEECH_SPLITS):
        for b in SPEECH_SPLITS[i + 1 :]:
            assert not files[a] & files[b], (a, b)
            assert not prompts[a] & prompts[b], (a, b)  # same voice, same prompt


def test_a_prompt_name_shared_by_train_and_test_is_another_voice_in_another_language():
    """The translated prompt set repeats names across voices: that is not a repeated utterance."""
    train = {(_prompt(u), u.speaker, u.language) for u in corpus.utterances(split="train")}
    test = {(_prompt(u), u.speaker, u.language) for u in corpus.utterances(split="test")}
    shared = set()
    for name, speaker, language in test:
        for other_name, other_speaker, other_language in train:
            if name == other_name:
                shared.add(name)
                assert speaker != other_speaker
                assert language != other_language
    assert len(shared) == 33  # as measured (37 pairs of rows)


def test_the_unseen_voice_never_appears_outside_the_test_split():
    assert {u.split for u in ROWS if u.speaker == corpus.UNSEEN_SPEAKER} == {"test"}
    assert corpus.UNSEEN_SPEAKER not in corpus.TRAIN_SPEAKERS
    assert {u.speaker for u in corpus.utterances(split="train")} == set(corpus.TRAIN_SPEAKERS)
    assert {u.speaker for u in corpus.utterances(split="babble")} == set(corpus.TRAIN_SPEAKERS)


def test_utterances_filters_and_keeps_manifest_order():
    test = corpus.utterances(split="test")
    assert [u.file for u in test] == [u.file for u in ROWS if u.split == "test"]
    carlo = corpus.utterances(split="train", speaker="carlo")
    assert len(carlo) == 80
    assert all(u.speaker == "carlo" and u.split == "train" for u in carlo)
    assert [u.file for u in ROWS] == sorted(u.file for u in ROWS)


# ---------------------------------------------------------------- noise


@pytest.mark.parametrize("kind", corpus.NOISES)
@pytest.mark.parametrize("part", ["train", "test"])
def test_make_noise_is_unit_power_finite_and_seeded(kind, part):
    x = corpus.make_noise(kind, 12000, part=part, rng=3)
    assert x.shape == (12000,)
    assert x.dtype == np.float64
    assert np.isfinite(x).all()
    assert np.mean(x**2) == pytest.approx(1.0, rel=1e-12)
    np.testing.assert_array_equal(x, corpus.make_noise(kind, 12000, part=part, rng=3))
    other = corpus.make_noise(kind, 12000, part=part, rng=4)
    assert abs(np.corrcoef(x, other)[0, 1]) < 0.5


def test_pink_noise_falls_by_3_db_per_octave_and_white_is_flat():
    n = 2**16
    for kind, slope in (("white", 0.0), ("pink", -3.01)):
        x = corpus.make_noise(kind, n, rng=0)
        power = np.abs(np.fft.rfft(x)) ** 2
        f = np.fft.rfftfreq(n, 1 / corpus.SR)
        octaves = [(125 * 2**k, 250 * 2**k) for k in range(6)]  # 125 Hz .. 8 kHz
        band_db = [10 * np.log10(np.mean(power[(f >= a) & (f < b)])) for a, b in octaves]
        measured = np.polyfit(np.arange(6), band_db, 1)[0]
        assert measured == pytest.approx(slope, abs=0.3), kind


def test_babble_is_built_only_from_babble_prompts_and_test_babble_from_its_own_half(
    monkeypatch,
):
    loaded: dict[str, set[str]] = {"train": set(), "test": set()}
    real_load = corpus.load
    part = "train"

    def spy(utterance, *, root=None):
        loaded[part].add(utterance.file)
        return real_load(utterance, root=root)

    monkeypatch.setattr(corpus, "load", spy)
    for part in ("train", "test"):
        for seed in range(40):
            corpus.make_noise("babble", 4000, part=part, rng=seed)
    babble = [u.file for u in corpus.utterances(split="babble")]
    targets = {u.file for u in ROWS if u.split in ("train", "test")}
    assert loaded["train"] | loaded["test"] <= set(babble)
    assert not (loaded["train"] | loaded["test"]) & targets
    assert not loaded["train"] & loaded["test"]
    # 40 draws of 4 talkers reach each half's 12 prompts; the halves alternate in manifest order
    assert loaded["train"] == set(babble[0::2])
    assert loaded["test"] == set(babble[1::2])
    # both voices talk in each half
    for files in loaded.values():
        assert {f.split("/")[1] for f in files} == set(corpus.TRAIN_SPEAKERS)


def _write_corpus(folder: Path, files: dict[str, tuple[np.ndarray, str]]) -> None:
    """A corpus of synthetic files: {path: (samples, split)} with a real manifest."""
    rows = []
    for rel, (y, split) in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        sf.write(folder / rel, y, corpus.SR, subtype="PCM_16", format="FLAC")
        digest = hashlib.sha256((folder / rel).read_bytes()).hexdigest()
        rows.append([rel, rel.split("/")[1], "xx", "female", "CC0", split,
                     f"{y.size / corpus.SR:.4f}", digest])  # fmt: skip
    with open(folder / "manifest.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["file", "speaker", "language", "sex", "licence", "split",
                         "duration_s", "sha256"])  # fmt: skip
        writer.writerows(sorted(rows))


def _tone(hz: float, seconds: float) -> np.ndarray:
    return 0.3 * np.sin(2 * np.pi * hz * np.arange(int(seconds * corpus.SR)) / corpus.SR)


def _band_power(x: np.ndarray, hz: float) -> float:
    spectrum = np.abs(np.fft.rfft(x * np.hanning(x.size))) ** 2
    f = np.fft.rfftfreq(x.size, 1 / corpus.SR)
    return float(spectrum[np.abs(f - hz) < 40].sum() / spectrum.sum())


def test_train_and_test_noise_come_from_disjoint_material(tmp_path):
    """Tones mark the material: babble prompt k is a tone at 500 + 250 k Hz; the music
    excerpt is 1 kHz in its first two thirds and 3 kHz in its last third."""
    babble_hz = [500 + 250 * k for k in range(8)]
    files = {f"speech/v/b{k}.flac": (_tone(hz, 1.0), "babble") for k, hz in enumerate(babble_hz)}
    files["music/m.flac"] = (np.concatenate([_tone(1000, 2.0), _tone(3000, 1.0)]), "noise")
    _write_corpus(tmp_path, files)
    n = 8000
    for seed in range(6):
        for part, own, other in (("train", 0, 1), ("test", 1, 0)):
            x = corpus.make_noise("babble", n, part=part, rng=seed, root=tmp_path)
            assert sum(_band_power(x, hz) for hz in babble_hz[own::2]) > 0.99
            assert sum(_band_power(x, hz) for hz in babble_hz[other::2]) < 1e-3
        train = corpus.make_noise("music", n, part="train", rng=seed, root=tmp_path)
        test = corpus.make_noise("music", n, part="test", rng=seed, root=tmp_path)
        # a crop may loop once (a click at the seam): allow a little spread, not the other tone
        assert _band_power(train, 1000) > 0.95
        assert _band_power(train, 3000) < 1e-3
        assert _band_power(test, 3000) > 0.95
        assert _band_power(test, 1000) < 1e-3


def test_make_noise_rejects_bad_input():
    with pytest.raises(ParameterError, match=r"kind must be one of 'white'.*got 'brown'"):
        corpus.make_noise("brown", 100)
    for n in (0, -1, 2.5, float("nan"), None, True, 2**40):
        with pytest.raises(ParameterError, match=r"^n must be"):
            corpus.make_noise("white", n)
    with pytest.raises(ParameterError, match="part must be one of 'train', 'test'"):
        corpus.make_noise("white", 100, part="validation")
    with pytest.raises(ParameterError, match="rng"):
        corpus.make_noise("white", 100, rng=-1)


# ---------------------------------------------------------------- mix and the fixed mixtures


@pytest.mark.parametrize("kind", corpus.NOISES)
def test_mix_hits_the_requested_snr(kind):
    clean = corpus.load(corpus.utterances(split="test", speaker="allison")[3])
    v = corpus.make_noise(kind, clean.size, part="test", rng=7)
    for snr in (-30.0, -5.0, 0.0, 5.0, 10.0, 12.34, 60.0):
        noisy = corpus.mix(clean, v, snr_db=snr)
        assert abs(_snr_db(clean, noisy) - snr) < 0.01
        assert abs(_snr_db(clean, noisy) - snr) < 1e-9  # in fact exact to rounding
        # the noise is scaled, not changed
        residual = noisy - clean
        assert abs(np.corrcoef(residual, v)[0, 1] - 1.0) < 1e-12


def test_mix_rejects_bad_input():
    s, v = np.sin(np.arange(100.0)), np.cos(np.arange(100.0))
    with pytest.raises(ParameterError, match="noise must have the shape of clean"):
        corpus.mix(s, v[:50], snr_db=0.0)
    with pytest.raises(ParameterError, match="snr_db must be in"):
        corpus.mix(s, v, snr_db=90.0)
    with pytest.raises(ParameterError, match="snr_db must be finite"):
        corpus.mix(s, v, snr_db=float("nan"))
    with pytest.raises(ParameterError, match="must not be silent"):
        corpus.mix(s, np.zeros(100), snr_db=0.0)
    with pytest.raises(ParameterError, match="clean must contain only finite"):
        corpus.mix(np.full(100, np.nan), v, snr_db=0.0)


def test_fixed_mixture_is_deterministic_and_at_its_snr():
    u = corpus.utterances(split="test", speaker=corpus.UNSEEN_SPEAKER)[2]
    for noise in corpus.NOISES:
        for snr in corpus.TEST_SNRS_DB:
            clean, noisy = corpus.fixed_mixture(u, noise=noise, snr_db=snr)
            again_clean, again = corpus.fixed_mixture(u, noise=noise, snr_db=snr)
            assert noisy.tobytes() == again.tobytes()
            assert clean.tobytes() == again_clean.tobytes() == corpus.load(u).tobytes()
            assert abs(_snr_db(clean, noisy) - snr) < 0.01


def test_fixed_mixture_differs_across_utterances_kinds_and_snrs():
    a, b = corpus.utterances(split="test", speaker="allison")[:2]
    clean_a, noisy_a = corpus.fixed_mixture(a, noise="white", snr_db=5.0)
    clean_b, noisy_b = corpus.fixed_mixture(b, noise="white", snr_db=5.0)
    n = min(clean_a.size, clean_b.size)
    va, vb = (noisy_a - clean_a)[:n], (noisy_b - clean_b)[:n]
    assert abs(np.corrcoef(va, vb)[0, 1]) < 0.05  # another noise draw, not a rescaled copy
    _, other_kind = corpus.fixed_mixture(a, noise="pink", snr_db=5.0)
    _, other_snr = corpus.fixed_mixture(a, noise="white", snr_db=10.0)
    for other in (other_kind, other_snr):
        assert abs(np.corrcoef(noisy_a - clean_a, other - clean_a)[0, 1]) < 0.5


def test_fixed_mixture_rejects_bad_input():
    u = corpus.utterances(split="test")[0]
    with pytest.raises(ParameterError, match="noise must be one of"):
        corpus.fixed_mixture(u, noise="traffic", snr_db=5.0)
    with pytest.raises(ParameterError, match="snr_db must be finite"):
        corpus.fixed_mixture(u, noise="white", snr_db=float("nan"))
    with pytest.raises(ParameterError, match="utterance must be an Utterance"):
        corpus.fixed_mixture(u.file, noise="white", snr_db=5.0)


# ---------------------------------------------------------------- the corpus folder


def test_corpus_root_rejects_bad_roots(tmp_path):
    with pytest.raises(ParameterError, match="root must be a corpus folder with a manifest"):
        corpus.corpus_root(tmp_path)
    with pytest.raises(ParameterError, match="root must be a corpus folder"):
        corpus.utterances(root=tmp_path / "missing")
    for bad in (3, b"data/corpus", ["data"], float("nan")):
        with pytest.raises(ParameterError, match="root must be a path"):
            corpus.corpus_root(bad)
    with pytest.raises(ParameterError, match="root must be"):
        corpus.make_noise("babble", 100, root=tmp_path)


def test_corpus_root_reads_the_environment(tmp_path, monkeypatch):
    _write_corpus(tmp_path / "data" / "corpus", {"speech/v/a.flac": (_tone(440, 0.5), "test")})
    monkeypatch.setenv("AUDIOML_CORPUS", str(tmp_path / "data"))
    assert corpus.corpus_root() == tmp_path / "data" / "corpus"
    monkeypatch.setenv("AUDIOML_CORPUS", str(tmp_path / "data" / "corpus"))
    assert [u.file for u in corpus.utterances()] == ["speech/v/a.flac"]
    monkeypatch.delenv("AUDIOML_CORPUS")
    checkout = Path(__file__).resolve().parents[2] / "data" / "corpus"
    assert corpus.corpus_root() == checkout


def test_utterances_and_load_reject_bad_input():
    with pytest.raises(ParameterError, match="split must be one of 'train', 'test'"):
        corpus.utterances(split="dev")
    with pytest.raises(ParameterError, match="speaker must be one of 'allison'"):
        corpus.utterances(speaker="nobody")
    for bad in ("speech/carlo/x.flac", None, 3):
        with pytest.raises(ParameterError, match="utterance must be an Utterance"):
            corpus.load(bad)
