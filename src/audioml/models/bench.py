"""Benchmark the shipped models on the test grid: `python -m audioml.models.bench --out FILE`.

For two test groups -- held-out prompts of the training voices and the unseen voice --
every noise kind of `audioml.corpus.NOISES` at every SNR of `audioml.corpus.TEST_SNRS_DB`
(the fixed mixtures of `audioml.corpus.fixed_mixture`), it scores the noisy input, each
model of `audioml.models.available()` and four oracles that know the clean speech:

- IRM, the ideal ratio mask $\\sqrt{|S|^2 / (|S|^2 + |N|^2)}$ (Wang et al. 2014);
- PSM, the phase-sensitive mask $|S|/|X| \\cos(\\theta_S - \\theta_X)$ clipped to [0, 1]
  (Erdogan et al. 2015), which still keeps the noisy phase;
- cRM, the complex ratio mask $S / X$, which restores the clean STFT exactly;
- the clean magnitude with the noisy phase, $|S| e^{i \\theta_X}$.

Scores: SI-SDR, its improvement over the noisy input (SI-SDRi) and STOI (`pystoi`,
Taal et al. 2011), mean and standard deviation over the utterances. The Markdown written
to `--out` also lists each model's parameters, training time and real-time factor (the
inference time over the audio's duration, numpy, on this machine). It runs for several
minutes: it is a benchmark, not a test.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

from .. import corpus
from .._cli import OneLineParser
from .._validate import check_array, check_choice, check_same_shape
from ..errors import ParameterError
from ..losses import si_sdr
from ..spectral import istft, stft
from . import MODELS, SR, available, enhance, load_weights, nn

#: Test utterances per group (the first ones of the test split in manifest order).
N_UTTERANCES = 25
ORACLES = {
    "irm": "IRM (oracle)",
    "psm": "PSM, clipped to [0, 1] (oracle)",
    "crm": "cRM (oracle)",
    "clean_mag": "clean magnitude + noisy phase (oracle)",
}


def groups(root=None) -> dict[str, list[corpus.Utterance]]:
    """The two test groups: held-out prompts (both training voices) and the unseen voice."""
    held = [u for u in corpus.utterances(split="test", root=root) if u.speaker != "ivrvoiceru"]
    by_speaker = [[u for u in held if u.speaker == s] for s in corpus.TRAIN_SPEAKERS]
    mixed = [u for pair in zip(*by_speaker, strict=False) for u in pair][:N_UTTERANCES]
    unseen = corpus.utterances(split="test", speaker=corpus.UNSEEN_SPEAKER, root=root)
    return {"held-out prompts": mixed, "unseen voice": unseen[:N_UTTERANCES]}


# --8<-- [start:oracles]
def oracle(clean: np.ndarray, noisy: np.ndarray, kind: str) -> np.ndarray:
    """An oracle estimate from the clean and noisy waveforms (16 kHz, the models' STFT).

    Parameters
    ----------
    clean, noisy : np.ndarray, shape (n,)
        The clean speech and the mixture, same length.
    kind : str
        One of `ORACLES`: `"irm"`, `"psm"`, `"crm"` or `"clean_mag"`.

    Returns
    -------
    np.ndarray, shape (n,)
        The masked noisy STFT, inverted.
    """
    check_choice("kind", kind, tuple(ORACLES))
    clean = check_array("clean", clean, ndim=1)
    noisy = check_array("noisy", noisy, ndim=1)
    check_same_shape("clean", clean, "noisy", noisy)
    geometry = {"n_fft": nn.N_FFT, "hop_length": nn.HOP_LENGTH}
    S, X = stft(clean, **geometry), stft(noisy, **geometry)
    N = X - S
    tiny = 1e-12
    if kind == "irm":
        M = np.sqrt(np.abs(S) ** 2 / (np.abs(S) ** 2 + np.abs(N) ** 2 + tiny))
    elif kind == "psm":
        M = np.clip(np.real(S * np.conj(X)) / (np.abs(X) ** 2 + tiny), 0.0, 1.0)
    elif kind == "crm":
        M = S / np.where(np.abs(X) > tiny, X, tiny)
    else:
        M = np.abs(S) / (np.abs(X) + tiny)
    return istft(M * X, hop_length=nn.HOP_LENGTH, length=clean.size)


# --8<-- [end:oracles]


def run(root=None, *, progress: bool = True) -> dict:
    """All scores: {group: {noise: {snr: {row: {"si_sdr": [...], "stoi": [...]}}}}} + timings."""
    from pystoi import stoi

    rows = ["noisy", *available(), *ORACLES]
    scores: dict = {}
    seconds = dict.fromkeys(available(), 0.0)
    audio_seconds = 0.0
    for group, utts in groups(root).items():
        scores[group] = {}
        for noise in corpus.NOISES:
            scores[group][noise] = {}
            for snr in corpus.TEST_SNRS_DB:
                cell = {r: {"si_sdr": [], "stoi": []} for r in rows}
                for u in utts:
                    clean, noisy = corpus.fixed_mixture(u, noise=noise, snr_db=snr, root=root)
                    audio_seconds += clean.size / SR
                    outputs = {"noisy": noisy}
                    for name in available():
                        t0 = time.perf_counter()
                        outputs[name] = enhance(noisy, sr=SR, model=name)
                        seconds[name] += time.perf_counter() - t0
                    for kind in ORACLES:
                        outputs[kind] = oracle(clean, noisy, kind)
                    for r in rows:
                        cell[r]["si_sdr"].append(si_sdr(outputs[r], clean))
                        cell[r]["stoi"].append(float(stoi(clean, outputs[r], SR)))
                scores[group][noise][f"{snr:g}"] = cell
                if progress:
                    gains = {
                        r: np.mean(cell[r]["si_sdr"]) - np.mean(cell["noisy"]["si_sdr"])
                        for r in available()
                    }
                    text = ", ".join(f"{r} {g:+.1f}" for r, g in gains.items())
                    print(f"{group} / {noise} / {snr:g} dB: {text}", flush=True)
    rtf = {name: seconds[name] / audio_seconds for name in available()}
    return {"scores": scores, "rtf": rtf, "n_utterances": N_UTTERANCES}


def _cell(values: list[float], *, fmt: str = "+.1f") -> str:
    return f"{np.mean(values):{fmt}} ± {np.std(values):.1f}"


def render(results: dict) -> str:
    """The benchmark as Markdown: a summary table, then one SI-SDRi and STOI table per group."""
    scores = results["scores"]
    lines = [
        "<!-- Generated by `python -m audioml.models.bench --out ...`; do not edit. -->",
        "",
        "| model | setting | parameters | training (s, 2 cores) | real-time factor "
        "| SI-SDRi, held-out (dB) | SI-SDRi, unseen voice (dB) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name in available():
        weights, meta = load_weights(name)
        params = nn.n_parameters(weights)
        mean = {}
        for group, cells in scores.items():
            gains = [
                np.mean(np.subtract(c[name]["si_sdr"], c["noisy"]["si_sdr"]))
                for noise in cells.values()
                for c in noise.values()
            ]
            mean[group] = np.mean(gains)
        held, unseen = mean.values()
        lines.append(
            f"| {MODELS[name].label} | {MODELS[name].setting} | {params:,} "
            f"| {meta['train_seconds']:.0f} | {results['rtf'][name]:.3f} "
            f"| {held:+.1f} | {unseen:+.1f} |"
        )
    rows = list(available()) + list(ORACLES)
    labels = {**{n: MODELS[n].label for n in available()}, **ORACLES}
    for group, cells in scores.items():
        for metric in ("si_sdr", "stoi"):
            title = "SI-SDR improvement (dB)" if metric == "si_sdr" else "STOI (0-1)"
            lines += ["", f"**{group.capitalize()}: {title}, mean ± std over "
                      f"{results['n_utterances']} utterances.**", ""]  # fmt: skip
            header = "| noise | SNR (dB) | noisy input | " + " | ".join(labels[r] for r in rows)
            lines += [header + " |", "|---|---:|" + "---:|" * (len(rows) + 1)]
            for noise, by_snr in cells.items():
                for snr, c in by_snr.items():
                    if metric == "si_sdr":
                        base = c["noisy"]["si_sdr"]
                        first = _cell(base, fmt=".1f") + " (SI-SDR)"
                        rest = [_cell(np.subtract(c[r]["si_sdr"], base).tolist()) for r in rows]
                    else:
                        first = f"{np.mean(c['noisy']['stoi']):.2f}"
                        rest = [
                            f"{np.mean(c[r]['stoi']):.2f} ± {np.std(c[r]['stoi']):.2f}"
                            for r in rows
                        ]
                    lines.append(f"| {noise} | {snr} | {first} | " + " | ".join(rest) + " |")
    return "\n".join(lines) + "\n"


def _writable(path: Path) -> str | None:
    """None if `path` can be written (its folder is made), else why not; creates no file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists()
        with open(path, "a", encoding="utf-8"):
            pass
        if not existed:
            path.unlink()
    except OSError as exc:
        return f"cannot write {path}: {exc.strerror or exc}"
    return None


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m audioml.models.bench`: score the models, write the tables."""
    parser = OneLineParser(
        prog="python -m audioml.models.bench",
        description="Benchmark the shipped models on the test grid of the recorded corpus.",
    )
    parser.add_argument("--out", type=Path, default=None, help="Markdown file to write")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw scores")
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder")
    args = parser.parse_args(argv)
    if args.out is None:  # checked here, so that an unknown option is reported first
        parser.error("--out FILE is required (the Markdown table to write)")
    try:  # every mistake is reported before the minutes of running
        corpus.corpus_root(args.corpus)
    except ParameterError:
        parser.error(f"--corpus {args.corpus} is not a corpus folder (no manifest.csv)")
    for path in (args.out, args.json):
        problem = None if path is None else _writable(path)
        if problem is not None:
            print(f"{parser.prog}: error: {problem}", file=sys.stderr)
            return 1
    try:
        import pystoi  # noqa: F401
    except ImportError:
        print(
            f"{parser.prog}: error: pystoi is not installed; "
            "install the bench group: pip install -c constraints.txt --group bench",
            file=sys.stderr,
        )
        return 1
    try:
        results = run(args.corpus)
    except (OSError, ValueError) as error:
        print(f"{parser.prog}: error: {str(error).splitlines()[0]}", file=sys.stderr)
        return 1
    args.out.write_text(render(results), encoding="utf-8")
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=0), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
