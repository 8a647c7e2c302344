"""Train the shipped models: `python -m audioml.models.train [--only NAME] [--steps N]`.

`make models` runs this (it needs the `train` dependency group: `torch==2.13.0`, `tqdm`).
PyTorch is imported here only, never by `audioml.models` itself: the site and the tests
run the exported weights in numpy (`audioml.models.nn`).

Every model learns from the same stream of examples: a random crop of a training
prompt (voices `allison` and `carlo`), plus one of four noise kinds from the training
noise material at an SNR drawn uniformly from [-5, 15] dB, scaled to RMS 0.1 (as
`enhance` scales its input). Everything is seeded: `torch.manual_seed`,
`torch.use_deterministic_algorithms(True)`, two threads (`--threads`), numpy generators
per step.
The linear baselines are fitted in closed form (numpy) on 320 such examples of the
whole prompts.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from .. import corpus
from .._cli import OneLineParser
from ..errors import ParameterError
from ..settings import fit_fir_filter, fit_mask_model
from . import INPUT_RMS, SR, WEIGHTS, nn, save_weights

#: Training recipe per neural model: steps, batch, crop (s), learning rate.
RECIPES = {
    "gru": {"steps": 2000, "batch": 8, "seconds": 1.5, "lr": 2e-3},
    "tasnet": {"steps": 1600, "batch": 8, "seconds": 1.0, "lr": 2e-3},
}
SEED = 0
EVAL_EVERY = 50


# --8<-- [start:data]
class Examples:
    """Seeded training examples: (noisy, clean) crops at RMS `INPUT_RMS`, numpy float32."""

    def __init__(self, root=None, seed: int = SEED):
        self.root = root
        self.clean = [
            corpus.load(u, root=root)
            for u in corpus.utterances(split="train", root=root)
            if u.speaker in corpus.TRAIN_SPEAKERS
        ]
        self.seed = seed

    def pair(self, rng: np.random.Generator, n: int | None, part: str = "train"):
        """One example; `n` samples (a crop with speech in it) or the whole prompt."""
        s = self.clean[int(rng.integers(len(self.clean)))]
        if n is not None:
            s = np.pad(s, (0, max(0, n - s.size)))
            for _ in range(10):  # prefer a crop that is not mostly silence
                start = int(rng.integers(s.size - n + 1))
                crop = s[start : start + n]
                if np.mean(crop**2) > 0.3 * np.mean(s**2):
                    break
            s = crop
        kind = corpus.NOISES[int(rng.integers(len(corpus.NOISES)))]
        v = corpus.make_noise(kind, s.size, part=part, rng=rng, root=self.root)
        low, high = corpus.TRAIN_SNR_RANGE_DB
        x = corpus.mix(s, v, snr_db=float(rng.uniform(low, high)))
        g = INPUT_RMS / np.sqrt(np.mean(x**2))
        return (g * x).astype(np.float32), (g * s).astype(np.float32)

    def batch(self, step: int, size: int, n: int):
        """The batch of a training step: `size` pairs of `n` samples, seeded by the step."""
        rng = np.random.default_rng([self.seed, step])
        pairs = [self.pair(rng, n) for _ in range(size)]
        return np.stack([p[0] for p in pairs]), np.stack([p[1] for p in pairs])


# --8<-- [end:data]


def fit_baselines(root=None) -> dict[str, tuple[dict, dict]]:
    """The linear baselines, fitted in closed form on 320 whole-prompt examples."""
    data = Examples(root)
    rng = np.random.default_rng([SEED, 10**6])
    pairs = [data.pair(rng, None) for _ in range(2 * len(data.clean))]
    noisy = [p[0].astype(np.float64) for p in pairs]
    clean = [p[1].astype(np.float64) for p in pairs]
    t0 = time.perf_counter()
    ridge = fit_mask_model(noisy, clean, sr=SR, n_fft=nn.N_FFT, hop_length=nn.HOP_LENGTH)
    t1 = time.perf_counter()
    fir = fit_fir_filter(noisy, clean)
    t2 = time.perf_counter()
    meta = {"sr": SR, "examples": len(pairs), "seed": SEED}
    return {
        "ridge": ({"weights": ridge.weights}, {**meta, "train_seconds": round(t1 - t0, 1)}),
        "fir": ({"taps": fir.taps}, {**meta, "train_seconds": round(t2 - t1, 1)}),
    }


def build(name: str):
    """The PyTorch module of a neural model (torch imported here, lazily)."""
    import torch
    from torch import nn as tnn

    # --8<-- [start:torch_gru]
    class GRUMask(tnn.Module):
        """log|X| (B, T, 257) -> mask (B, T, 257): linear+tanh, 2 GRU layers, linear+sigmoid."""

        def __init__(self, n_bins: int = 257, hidden: int = 128, layers: int = 2):
            super().__init__()
            self.register_buffer("feature_mean", torch.zeros(n_bins))
            self.register_buffer("feature_std", torch.ones(n_bins))
            self.inp = tnn.Linear(n_bins, hidden)
            for i in range(layers):  # one module per layer: the export names stay simple
                self.add_module(f"gru{i}", tnn.GRU(hidden, hidden, batch_first=True))
            self.layers = layers
            self.out = tnn.Linear(hidden, n_bins)

        def forward(self, log_magnitude):
            h = torch.tanh(self.inp((log_magnitude - self.feature_mean) / self.feature_std))
            for i in range(self.layers):
                h, _ = getattr(self, f"gru{i}")(h)
            return torch.sigmoid(self.out(h))

    # --8<-- [end:torch_gru]

    # --8<-- [start:torch_tasnet]
    class Block(tnn.Module):
        """1x1 conv, PReLU, gLN, dilated depthwise conv, PReLU, gLN, 1x1 conv; residual."""

        def __init__(self, channels: int, hidden: int, dilation: int):
            super().__init__()
            self.inp = tnn.Conv1d(channels, hidden, 1)
            self.act1, self.norm1 = tnn.PReLU(), tnn.GroupNorm(1, hidden)
            self.depth = tnn.Conv1d(
                hidden, hidden, 3, dilation=dilation, padding=dilation, groups=hidden
            )
            self.act2, self.norm2 = tnn.PReLU(), tnn.GroupNorm(1, hidden)
            self.out = tnn.Conv1d(hidden, channels, 1)

        def forward(self, x):
            y = self.norm1(self.act1(self.inp(x)))
            y = self.norm2(self.act2(self.depth(y)))
            return x + self.out(y)

    class TasNet(tnn.Module):
        """waveform (B, n) -> waveform (B, n): encoder, masked separator, decoder."""

        def __init__(self, n_filters: int = 64, hidden: int = 128, n_blocks: int = 8):
            super().__init__()
            self.encoder = tnn.Conv1d(1, n_filters, nn.KERNEL, stride=nn.STRIDE, bias=False)
            self.norm = tnn.GroupNorm(1, n_filters)
            self.bottleneck = tnn.Conv1d(n_filters, n_filters, 1)
            self.blocks = tnn.ModuleList(Block(n_filters, hidden, 2**i) for i in range(n_blocks))
            self.mask_act = tnn.PReLU()
            self.mask = tnn.Conv1d(n_filters, n_filters, 1)
            self.decoder = tnn.ConvTranspose1d(
                n_filters, 1, nn.KERNEL, stride=nn.STRIDE, bias=False
            )

        def forward(self, x):
            n = x.shape[-1]
            pad = nn.KERNEL - nn.STRIDE
            n_frames = -(-(n + pad) // nn.STRIDE)
            right = (n_frames - 1) * nn.STRIDE + nn.KERNEL - n - pad
            enc = torch.relu(self.encoder(tnn.functional.pad(x, (pad, right))[:, None]))
            h = self.bottleneck(self.norm(enc))
            for block in self.blocks:
                h = block(h)
            m = torch.sigmoid(self.mask(self.mask_act(h)))
            return self.decoder(m * enc)[:, 0, pad : pad + n]

    # --8<-- [end:torch_tasnet]

    return {"gru": GRUMask, "tasnet": TasNet}[name]()


# --8<-- [start:loss]
def si_sdr_loss(estimate, target, eps: float = 1e-8):
    """Negative SI-SDR in dB, averaged over the batch (zero-mean, as audioml.losses.si_sdr)."""
    import torch

    estimate = estimate - estimate.mean(-1, keepdim=True)
    target = target - target.mean(-1, keepdim=True)
    alpha = (estimate * target).sum(-1, keepdim=True) / (target.pow(2).sum(-1, keepdim=True) + eps)
    s = alpha * target
    ratio = s.pow(2).sum(-1) / ((s - estimate).pow(2).sum(-1) + eps)
    return -(10 * torch.log10(ratio + eps)).mean()


def forward(name: str, net, noisy):
    """A batch of noisy waveforms -> enhanced waveforms (what the loss sees)."""
    import torch

    if name == "tasnet":
        return net(noisy)
    window = torch.hann_window(nn.N_FFT, dtype=noisy.dtype)
    geometry = {"n_fft": nn.N_FFT, "hop_length": nn.HOP_LENGTH, "window": window}
    spec = torch.stft(noisy, **geometry, center=True, pad_mode="constant", return_complex=True)
    m = net(torch.log(spec.abs() + nn.LOG_FLOOR).transpose(1, 2)).transpose(1, 2)
    return torch.istft(m * spec, **geometry, center=True, length=noisy.shape[-1])


# --8<-- [end:loss]


def setup(threads: int = 2) -> None:
    """Seed torch, make it deterministic and set its thread count (results depend on it)."""
    import torch

    torch.manual_seed(SEED)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(threads)


# --8<-- [start:train]
def train(
    name: str, *, steps: int, root=None, progress: bool = True, threads: int = 2
) -> tuple[dict, dict]:
    """Train one neural model; return its weights (numpy, by PyTorch name) and record.

    `threads` is torch's intra-op thread count: the results depend on it (summation
    order), the shipped weights used 2.
    """
    import torch
    from tqdm import tqdm

    setup(threads)
    recipe = RECIPES[name]
    data = Examples(root)
    net = build(name)
    n = int(recipe["seconds"] * SR)
    if name == "gru":  # fixed input statistics from 64 training examples
        x, _ = data.batch(10**6, 64, n)
        spec = torch.stft(torch.from_numpy(x), nn.N_FFT, nn.HOP_LENGTH,
                          window=torch.hann_window(nn.N_FFT), pad_mode="constant",
                          return_complex=True)  # fmt: skip
        logmag = torch.log(spec.abs() + nn.LOG_FLOOR)
        net.feature_mean.copy_(logmag.mean(dim=(0, 2)))
        net.feature_std.copy_(logmag.std(dim=(0, 2)))
    # A fixed validation set: crops of training prompts mixed with the *test* part of the
    # noise material, at SNRs drawn from the training range (it tracks learning, not
    # generalisation to new prompts or voices: that is what `audioml.models.bench` measures).
    val_rng = np.random.default_rng([SEED, 2])
    val = [data.pair(val_rng, 2 * SR, part="test") for _ in range(16)]
    val_noisy = torch.from_numpy(np.stack([v[0] for v in val]))
    val_clean = torch.from_numpy(np.stack([v[1] for v in val]))
    val_input = -si_sdr_loss(val_noisy, val_clean).item()
    optimiser = torch.optim.Adam(net.parameters(), lr=recipe["lr"])
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=recipe["lr"], total_steps=steps, pct_start=0.1
    )
    losses, curve = [], []
    start = time.perf_counter()
    bar = tqdm(range(steps), desc=name, disable=not progress, mininterval=2, file=sys.stdout)
    for step in bar:
        x, s = (torch.from_numpy(a) for a in data.batch(step, recipe["batch"], n))
        loss = si_sdr_loss(forward(name, net, x), s)
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        optimiser.step()
        schedule.step()
        losses.append(loss.item())
        if (step + 1) % EVAL_EVERY == 0 or step == steps - 1:
            with torch.no_grad():
                gain = -si_sdr_loss(forward(name, net, val_noisy), val_clean).item() - val_input
            curve.append([step + 1, round(time.perf_counter() - start, 2), round(gain, 3)])
            bar.set_postfix(loss=f"{np.mean(losses[-EVAL_EVERY:]):.2f}", val_sisdri=f"{gain:.2f}")
    seconds = time.perf_counter() - start
    weights = {k: v.detach().numpy().copy() for k, v in net.state_dict().items()}
    record = {
        "sr": SR,
        "seed": SEED,
        **recipe,
        "steps": steps,
        "train_seconds": round(seconds, 1),
        "threads": threads,
        "loss": [round(v, 3) for v in losses],
        "val_sisdri": curve,
        "torch": torch.__version__,
    }
    return weights, record


# --8<-- [end:train]


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1; got {text!r}")
    return value


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m audioml.models.train`: fit or train, then write the weights."""
    parser = OneLineParser(
        prog="python -m audioml.models.train",
        description="Retrain the shipped models on the recorded corpus (needs torch).",
    )
    parser.add_argument("--only", choices=["ridge", "fir", "gru", "tasnet"], action="append")
    parser.add_argument("--steps", type=_positive, default=None, help="override recipe's steps")
    parser.add_argument("--out", type=Path, default=WEIGHTS, help="folder for the .npz files")
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder")
    parser.add_argument(
        "--threads", type=_positive, default=2, help="torch threads (the shipped weights: 2)"
    )
    args = parser.parse_args(argv)
    names = args.only or ["ridge", "fir", "gru", "tasnet"]
    try:  # every mistake is reported before the minutes of training
        corpus.corpus_root(args.corpus)
    except ParameterError:
        parser.error(f"--corpus {args.corpus} is not a corpus folder (no manifest.csv)")
    if any(n in RECIPES for n in names):
        try:
            import torch  # noqa: F401
            import tqdm  # noqa: F401
        except ImportError as exc:
            print(
                f"{parser.prog}: error: {exc.name} is not installed; install the train "
                "group: pip install -c constraints.txt --group train",
                file=sys.stderr,
            )
            return 1
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        probe = args.out / ".write-test"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        print(f"{parser.prog}: error: cannot write to {args.out}: {exc.strerror or exc}",
              file=sys.stderr)  # fmt: skip
        return 1
    if {"ridge", "fir"} & set(names):
        for name, (weights, meta) in fit_baselines(args.corpus).items():
            if name in names:
                save_weights(args.out / f"{name}.npz", weights, meta)
                print(f"{name}: fitted in {meta['train_seconds']} s")
    for name in [n for n in names if n in RECIPES]:
        steps = args.steps or RECIPES[name]["steps"]
        weights, record = train(name, steps=steps, root=args.corpus, threads=args.threads)
        save_weights(args.out / f"{name}.npz", weights, record)
        params = sum(v.size for k, v in weights.items() if not k.startswith("feature_"))
        print(
            f"{name}: {params:,} parameters, {steps} steps in {record['train_seconds']} s, "
            f"validation SI-SDRi {record['val_sisdri'][-1][2]:.2f} dB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
