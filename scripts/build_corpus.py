"""Rebuild the recorded-speech corpus in data/corpus/ from Debian's asterisk sound packages.

    python scripts/build_corpus.py [--out data/corpus] [--work /tmp/audioml-corpus]

Four packages, three voices, all Creative Commons (see data/corpus/LICENSE.md):

- asterisk-core-sounds-en-g722 1.6.1-1: Allison Smith, en_US, female, CC-BY-SA-3.0
- asterisk-core-sounds-it-g722 1.6.1-1: Carlo Flora, it_IT, male, CC-BY-3.0
- asterisk-core-sounds-ru-g722 1.6.1-1: IvrvoiceRU (Maxim Topal), ru_RU, female, CC-BY-3.0
- asterisk-moh-opsound-g722 2.03-1.1: music by Macroform and Manolo Camp, CC-BY-SA-3.0

Steps: `apt-get download` each package, `dpkg-deb -x` it, decode every G.722 prompt with
`ffmpeg -nostdin -f g722 -i x.g722 -ar 16000` (Debian's ffmpeg), keep the prompts whose
length lies in [1.5, 4.5] s, pick a seeded selection from the *sorted* names, and write
16-bit mono FLAC at 16 kHz plus `manifest.csv` (file, speaker, language, sex, licence,
split, duration_s, sha256). The same packages give the same bytes.

Splits: `train` and `test` prompts of the two training voices (en_US, it_IT; disjoint
prompts), `test` prompts of the unseen voice ru_RU (never used in training), `babble`
prompts of the two training voices (disjoint from the others, only mixed into babble
noise), and two music excerpts (`noise` split).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf

SR = 16000
SEED = 20261202
#: package -> (folder in the package, speaker id, language, sex, licence, credit)
VOICES = {
    "asterisk-core-sounds-en-g722": (
        "usr/share/asterisk/sounds/en_US_f_Allison",
        "allison",
        "en_US",
        "female",
        "CC-BY-SA-3.0",
        "Allison Smith (http://www.theivrvoice.com)",
    ),
    "asterisk-core-sounds-it-g722": (
        "usr/share/asterisk/sounds/it_IT_m_Carlo",
        "carlo",
        "it_IT",
        "male",
        "CC-BY-3.0",
        "Carlo Flora (http://www.carloflora.com)",
    ),
    "asterisk-core-sounds-ru-g722": (
        "usr/share/asterisk/sounds/ru_RU_f_IvrvoiceRU",
        "ivrvoiceru",
        "ru_RU",
        "female",
        "CC-BY-3.0",
        "Maxim Topal, IvrvoiceRU (http://www.ivrvoice.ru)",
    ),
}
MUSIC_PACKAGE = "asterisk-moh-opsound-g722"
#: music track -> (start s, length s) of the excerpt kept
MUSIC = {"macroform-the_simplicity": (40.0, 24.0), "manolo_camp-morning_coffee": (20.0, 24.0)}
#: prompts per split: speaker -> {split: count}
COUNTS = {
    "allison": {"train": 80, "test": 25, "babble": 12},
    "carlo": {"train": 80, "test": 25, "babble": 12},
    "ivrvoiceru": {"test": 25},
}
MIN_S, MAX_S = 1.5, 4.5


def run(*cmd: str, cwd: Path | None = None) -> None:
    subprocess.run(cmd, check=True, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def fetch(package: str, work: Path) -> Path:
    """Download and unpack one package; return the unpacked root."""
    root = work / package
    if not root.exists():
        debs = sorted(work.glob(f"{package}_*.deb"))
        if not debs:
            run("apt-get", "download", package, cwd=work)
            debs = sorted(work.glob(f"{package}_*.deb"))
        run("dpkg-deb", "-x", str(debs[-1]), str(root))
    return root


def decode(path: Path) -> np.ndarray:
    """G.722 file -> float64 samples at 16 kHz (Debian's ffmpeg)."""
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "x.wav"
        run("ffmpeg", "-nostdin", "-v", "error", "-f", "g722", "-i", str(path), "-ar", str(SR),
            "-ac", "1", "-c:a", "pcm_s16le", str(wav))  # fmt: skip
        y, sr = sf.read(wav, dtype="float64")
    assert sr == SR
    return y


def write_flac(path: Path, y: np.ndarray) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(path, np.clip(y, -1.0, 1.0), SR, subtype="PCM_16", format="FLAC")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("data/corpus"))
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "audioml-corpus")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    rows = []
    for package, (folder, speaker, language, sex, licence, _credit) in VOICES.items():
        root = fetch(package, args.work) / folder
        # Top-level prompts only (digits/ and letters/ are single words), sorted by name.
        names = sorted(p.name for p in root.glob("*.g722"))
        sizes = {n: (root / n).stat().st_size / 8000.0 for n in names}  # 64 kbit/s
        names = [n for n in names if MIN_S <= sizes[n] <= MAX_S]
        order = rng.permutation(len(names))
        start = 0
        for split, count in COUNTS[speaker].items():
            for i in sorted(order[start : start + count]):
                name = names[i]
                y = decode(root / name)
                rel = f"speech/{speaker}/{name.removesuffix('.g722')}.flac"
                digest = write_flac(args.out / rel, y)
                rows.append([rel, speaker, language, sex, licence, split, f"{y.size / SR:.4f}",
                             digest])  # fmt: skip
            start += count
        print(f"{speaker}: {start} prompts of {len(names)} in [{MIN_S}, {MAX_S}] s")
    music_root = fetch(MUSIC_PACKAGE, args.work) / "usr/share/asterisk/moh"
    for track, (start_s, length_s) in MUSIC.items():
        y = decode(music_root / f"{track}.g722")
        y = y[int(start_s * SR) : int((start_s + length_s) * SR)]
        rel = f"music/{track}.flac"
        digest = write_flac(args.out / rel, y)
        artist = track.split("-")[0]
        rows.append([rel, artist, "", "", "CC-BY-SA-3.0", "noise", f"{y.size / SR:.4f}", digest])
    rows.sort(key=lambda r: r[0])
    with open(args.out / "manifest.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(
            ["file", "speaker", "language", "sex", "licence", "split", "duration_s", "sha256"]
        )
        writer.writerows(rows)
    total = sum(float(r[6]) for r in rows)
    size = sum((args.out / r[0]).stat().st_size for r in rows)
    print(f"wrote {len(rows)} files, {total:.1f} s, {size / 1e6:.1f} MB, to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
