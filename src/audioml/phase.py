"""Phase reconstruction from a magnitude spectrogram: Griffin-Lim (plain and fast) and PGHI.

A magnitude spectrogram $|S|$ has lost its phase; a system that models only the
magnitude (setting 2 on the site) must invent one. Two classic answers:

- **Griffin-Lim** (Griffin & Lim 1984) alternates two projections: onto the
  *consistent* spectrograms (the STFT of the ISTFT) and onto the set with the
  target magnitude. The fast variant (Perraudin, Balazs & Sondergaard 2013) adds an
  inertial step with `momentum` 0.99 and converges much faster.
- **PGHI**, Phase Gradient Heap Integration (Prusa, Balazs & Sondergaard 2017;
  LTFAT `pghi.m`):
  no iterations at all; the phase derivatives of a Gaussian-like window's STFT
  follow from the derivatives of the log-magnitude, and integrating them gives a
  phase. It is also an excellent starting point for Griffin-Lim.

Quality is measured by spectral convergence, `spectral_convergence_db`.

The spectrogram conventions (frame phase referenced to the frame start, window
centred in the frame, zero padding when `center=True`) are those of
`audioml.spectral`, i.e. librosa's. `griffin_lim` and `pghi` take one spectrogram,
shape `(1 + n_fft // 2, n_frames)` (no batch axes).

See the page [Phase reconstruction](../architectures/phase-reconstruction.md).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.fft
import scipy.sparse
import scipy.sparse.csgraph

from ._validate import (
    MAX_ITERATIONS,
    check_array,
    check_choice,
    check_int,
    check_real,
    check_same_shape,
    is_complex,
)
from .errors import ParameterError
from .signals import make_rng
from .spectral import get_window, n_frames, nola_holds, window_sumsquare

__all__ = ["PGHI_WINDOW_CONSTANTS", "griffin_lim", "pghi", "spectral_convergence_db"]

#: $C_g$ in $\gamma = C_g\, g_l^2$, the Gaussian that best fits each window of length
#: $g_l$ (Prusa, Balazs & Sondergaard 2017, Table I).
PGHI_WINDOW_CONSTANTS = {"hann": 0.25645, "hamming": 0.29794, "blackman": 0.17954}

_INITS = ("random", "zeros", "pghi")


def spectral_convergence_db(
    reference_magnitude: np.ndarray, estimate_magnitude: np.ndarray
) -> float:
    """Spectral convergence of an estimate against a reference magnitude, in dB.

    Parameters
    ----------
    reference_magnitude, estimate_magnitude : np.ndarray, same shape
        Magnitude spectrograms (absolute values are used), finite.

    Returns
    -------
    float
        $20 \\log_{10} \\left( \\| |S| - |\\hat S| \\|_F / \\| |S| \\|_F \\right)$ dB; lower
        is better, 0 dB means an error as large as the signal.

    Raises
    ------
    ParameterError
        Shapes differ, non-finite values, or an all-zero reference.

    Warns
    -----
    UserWarning
        Identical magnitudes: the result is `-inf` dB.

    Notes
    -----
    The standard quality figure of phase retrieval (e.g. Perraudin et al. 2013;
    also the spectral convergence loss of Parallel WaveGAN, Yamamoto et al. 2020).

    Examples
    --------
    >>> S = np.array([[1.0, 2.0], [2.0, 4.0]])
    >>> round(spectral_convergence_db(S, 1.1 * S), 6)
    -20.0
    """
    ref = np.abs(check_array("reference_magnitude", reference_magnitude, dtype=None))
    est = np.abs(check_array("estimate_magnitude", estimate_magnitude, dtype=None))
    check_same_shape("reference_magnitude", ref, "estimate_magnitude", est)
    norm = np.linalg.norm(ref.ravel())
    if norm == 0:
        raise ParameterError("reference_magnitude must not be all zeros (its norm divides)")
    error = np.linalg.norm((ref - est).ravel())
    if error == 0:
        warnings.warn("estimate equals reference: spectral convergence is -inf dB", stacklevel=2)
        return float("-inf")
    return float(20.0 * np.log10(error / norm))


def _check_magnitude(S: Any) -> np.ndarray:
    if is_complex(S):
        raise ParameterError("S must be a real magnitude spectrogram; got a complex array")
    return check_array("S", S, ndim=2, low=0.0)


def _check_geometry(
    S: np.ndarray, n_fft: int | None, hop_length: int | None, win_length: int | None
) -> tuple[int, int, int]:
    if n_fft is None:
        n_fft = 2 * (S.shape[0] - 1)
        if n_fft < 1:
            raise ParameterError(f"S must have at least 2 frequency bins; got shape {S.shape}")
    n_fft = check_int("n_fft", n_fft, low=1)
    if S.shape[0] != 1 + n_fft // 2:
        raise ParameterError(
            f"S must have 1 + n_fft // 2 = {1 + n_fft // 2} rows for n_fft={n_fft}; "
            f"got shape {S.shape}"
        )
    win_length = n_fft if win_length is None else check_int("win_length", win_length, low=1)
    if win_length > n_fft:
        raise ParameterError(f"win_length must be <= n_fft={n_fft}; got {win_length}")
    hop_length = max(win_length // 4, 1) if hop_length is None else hop_length
    hop_length = check_int("hop_length", hop_length, low=1)
    return n_fft, hop_length, win_length


def pghi(
    S: np.ndarray,
    *,
    n_fft: int,
    hop_length: int,
    win_length: int | None = None,
    window: str = "hann",
    tol: float = 1e-3,
    rng: np.random.Generator | int | None = None,
) -> np.ndarray:
    """Phase Gradient Heap Integration: a phase for a magnitude spectrogram, no iterations.

    Parameters
    ----------
    S : np.ndarray, shape (1 + n_fft // 2, n_frames)
        Magnitude spectrogram (>= 0), as from `abs(audioml.spectral.stft(...))`.
    n_fft : int
        FFT length of the STFT that produced `S`, `>= 2` (`S` has `1 + n_fft // 2` rows).
    hop_length : int
        Samples between the frames of that STFT, `>= 1`.
    win_length : int or None
        Window length of that STFT in samples, `<= n_fft`; `None` means `n_fft`.
    window : str
        Window of that STFT: one of `PGHI_WINDOW_CONSTANTS` ("hann", "hamming",
        "blackman"), since PGHI needs the window's Gaussian fit.
    tol : float
        Coefficients below `tol * max(S)` get a random phase (in (0, 1)).
    rng : np.random.Generator or int, optional
        Seeds those random phases (`None`: seed 0).

    Returns
    -------
    np.ndarray, shape of `S`, complex128
        `S * exp(1j * phase)`, an STFT estimate for `audioml.spectral.istft`.

    Raises
    ------
    ParameterError
        Unknown window, inconsistent sizes, negative or non-finite `S`, all-zero `S`.

    Notes
    -----
    With $s = \\log|S|$, $a$ the hop, $M$ = `n_fft`, $k$ the bin, $n$ the frame and
    $\\gamma = C_g\\, g_l^2$ ($g_l$ = `win_length`), the phase steps for librosa's STFT
    convention (frame phase referenced to the frame start, window centred in the
    frame) are, with centred differences $\\partial_k, \\partial_n$:

    $$\\Delta_n \\phi = \\frac{aM}{\\gamma}\\,\\partial_k s + \\frac{2\\pi a k}{M}, \\qquad
      \\Delta_k \\phi = -\\frac{\\gamma}{aM}\\,\\partial_n s + \\pi,$$

    integrated with the trapezoidal rule between neighbours. Prusa, Balazs &
    Sondergaard, "A noniterative method for reconstruction of phase from STFT
    magnitude", IEEE/ACM TASLP 25(5):1154-1164, 2017.

    **Integration order.** The paper integrates with a max-heap: the largest
    coefficient first, then always outward from the largest coefficient reached so
    far, so that phase travels along high-magnitude (reliable) paths. Here the same
    "largest first" idea is computed without a Python loop: each significant
    coefficient is a node, each time/frequency neighbour pair an edge weighted by the
    sum of their log-magnitudes, and a *maximum spanning tree* (scipy.sparse.csgraph,
    Kruskal) keeps for every coefficient the path whose coefficients are as large as
    possible (a maximum spanning tree maximises the smallest edge on every path).
    Each connected island of significant coefficients hangs from its largest
    coefficient (phase 0). The phase is then the sum of the steps along the tree
    from that root, computed by pointer doubling in $O(N \\log \\text{depth})$ numpy
    operations. The tree can differ from the heap's in where paths branch, not in
    which coefficients lead; on speech the result is as good (see the benchmark).

    See the page [Phase reconstruction](../architectures/phase-reconstruction.md).

    Examples
    --------
    >>> from audioml.signals import chirp
    >>> from audioml.spectral import stft, istft
    >>> y = chirp(fmin=200, fmax=2000, sr=8000, duration=1.0)
    >>> S = np.abs(stft(y, n_fft=512, hop_length=128))
    >>> D = pghi(S, n_fft=512, hop_length=128)
    >>> S_hat = np.abs(stft(istft(D, hop_length=128, length=len(y)), n_fft=512, hop_length=128))
    >>> spectral_convergence_db(S, S_hat) < -25
    True
    """
    S = _check_magnitude(S)
    n_fft, hop_length, win_length = _check_geometry(S, n_fft, hop_length, win_length)
    check_choice("window", window, tuple(PGHI_WINDOW_CONSTANTS))
    tol = check_real("tol", tol, low=0, high=1, low_open=True, high_open=True)
    rng = make_rng(rng)
    peak = S.max()
    if peak == 0:
        raise ParameterError("S must not be all zeros (PGHI integrates log-magnitudes)")

    # --8<-- [start:pghi_steps]
    n_bins, count = S.shape
    a, M = float(hop_length), float(n_fft)
    gamma = PGHI_WINDOW_CONSTANTS[window] * win_length**2

    log_s = np.log(np.maximum(S, peak * 1e-10))  # floor 200 dB down: keeps gradients finite
    d_k = np.gradient(log_s, axis=0) if n_bins > 1 else np.zeros_like(log_s)
    d_n = np.gradient(log_s, axis=1) if count > 1 else np.zeros_like(log_s)
    k = np.arange(n_bins, dtype=np.float64)[:, None]
    time_step = (a * M / gamma) * d_k + 2 * np.pi * a * k / M
    freq_step = -(gamma / (a * M)) * d_n + np.pi
    # --8<-- [end:pghi_steps]

    significant = S > tol * peak  # noqa: SIM300 (S is an array, not a constant)
    phase = 2 * np.pi * rng.random(S.shape)
    phase[significant] = _integrate(log_s, significant, time_step, freq_step)
    return S * np.exp(1j * phase)


def _integrate(
    log_s: np.ndarray, significant: np.ndarray, time_step: np.ndarray, freq_step: np.ndarray
) -> np.ndarray:
    """Integrate the phase steps over a maximum spanning forest of the significant bins."""
    count = log_s.shape[1]
    index = np.full(log_s.shape, -1, dtype=np.int64)
    nodes = np.flatnonzero(significant)
    n_nodes = nodes.size
    index.flat[nodes] = np.arange(n_nodes)
    values = log_s.ravel()[nodes]
    spread = float(values.max() - values.min())

    # Edges between significant neighbours: (u, v, kind), kind 0 = time (+1 frame), 1 = frequency.
    both_t = significant[:, :-1] & significant[:, 1:]
    both_f = significant[:-1, :] & significant[1:, :]
    u_t, v_t = index[:, :-1][both_t], index[:, 1:][both_t]
    u_f, v_f = index[:-1, :][both_f], index[1:, :][both_f]
    u = np.concatenate([u_t, u_f])
    v = np.concatenate([v_t, v_f])
    # Maximum spanning tree == minimum spanning tree of (const - weight); weights > 0 as
    # csgraph treats 0 as "no edge". A virtual root (node n_nodes) joins every island
    # through its largest coefficient: its edges cost more than any real edge, so Kruskal
    # adds exactly one per island, the cheapest, i.e. the largest coefficient.
    weight = (2 * spread + 1.0) - (values[u] - values.min()) - (values[v] - values.min())
    root = n_nodes
    root_weight = (2 * spread + 2.0) + (values.max() - values)
    graph = scipy.sparse.coo_matrix(
        (
            np.concatenate([weight, root_weight]),
            (np.concatenate([u, np.full(n_nodes, root)]), np.concatenate([v, np.arange(n_nodes)])),
        ),
        shape=(n_nodes + 1, n_nodes + 1),
    ).tocsr()
    tree = scipy.sparse.csgraph.minimum_spanning_tree(graph)
    _, parent = scipy.sparse.csgraph.breadth_first_order(
        tree, root, directed=False, return_predecessors=True
    )
    parent[root] = root

    # Phase step from parent to child, from their grid positions (+-1: time, +-count: freq).
    par = parent[:n_nodes]
    child_pos, parent_pos = nodes, nodes[np.minimum(par, n_nodes - 1)]
    diff = child_pos - parent_pos
    t_step = time_step.ravel()
    f_step = freq_step.ravel()
    along_time = 0.5 * (t_step[child_pos] + t_step[parent_pos])
    along_freq = 0.5 * (f_step[child_pos] + f_step[parent_pos])
    increment = np.zeros(n_nodes + 1)
    increment[:n_nodes] = np.select(
        [par == root, diff == count, diff == -count, diff == 1, diff == -1],
        [0.0, along_freq, -along_freq, along_time, -along_time],
        default=np.nan,
    )

    # Pointer doubling: total[v] = sum of the increments from the root down to v.
    total = increment
    hop = parent
    while (hop != root).any():
        total += total[hop]
        hop = hop[hop]
    return total[:n_nodes]


def griffin_lim(
    S: np.ndarray,
    *,
    n_iter: int = 32,
    hop_length: int | None = None,
    win_length: int | None = None,
    n_fft: int | None = None,
    window: Any = "hann",
    center: bool = True,
    momentum: float = 0.99,
    init: str = "random",
    rng: np.random.Generator | int | None = None,
    length: int | None = None,
    callback: Callable[[int, np.ndarray], Any] | None = None,
) -> np.ndarray:
    """A signal whose STFT magnitude approximates `S`: (fast) Griffin-Lim.

    Parameters
    ----------
    S : np.ndarray, shape (1 + n_fft // 2, n_frames)
        Target magnitude spectrogram, >= 0.
    n_iter : int
        Number of iterations, in `[0, MAX_ITERATIONS]` (100,000; 0 returns the ISTFT
        of the initial estimate).
    hop_length : int, optional
        Samples between the STFT frames of `S`, >= 1; defaults to `win_length // 4`.
    win_length : int, optional
        Window length in samples, `<= n_fft`, zero-padded to the centre of each frame;
        defaults to `n_fft`.
    n_fft : int, optional
        Frame length (FFT size) in samples; defaults to `2 * (S.shape[0] - 1)` (give it
        for an odd `n_fft`).
    window : str, tuple or np.ndarray
        The analysis window: a `scipy.signal.get_window` name or `(name, parameter)`
        tuple (periodic: "hann", "hamming", "blackman", "boxcar", `("kaiser", 8.0)`,
        ...), or an array of `win_length` samples (`get_window` builds it).
    center : bool
        Whether the frames of `S` are centred: `n_fft // 2` samples of zero padding on
        both sides, so that frame $m$ is centred on sample $mH$ (as in `stft`).
    momentum : float
        Inertia $\\alpha \\ge 0$: 0 is the classic algorithm (Griffin & Lim 1984),
        0.99 (default) the fast Griffin-Lim of Perraudin et al. (2013). Above 1 warns.
    init : {"random", "zeros", "pghi"}
        Initial phase: uniform random $e^{2\\pi i U}$, $U \\sim U[0, 1)$ from `rng`;
        all zero; or the `pghi` estimate (needs a Hann, Hamming or Blackman window).
    rng : np.random.Generator or int, optional
        Seeds the random initial phase (`None`: seed 0, so the result is reproducible).
    length : int, optional
        Length of the output in samples (cut or zero-padded to it); with the geometry
        above it must give the `n_frames` frames of `S`.
    callback : callable, optional
        Called as `callback(i, c_i)` with the initial estimate (`i = 0`) and after every
        iteration `i = 1, ..., n_iter`; `c_i` is a copy of the current complex estimate,
        shape of `S`, so `istft(c_i, ...)` is the signal `griffin_lim(..., n_iter=i)`
        returns. Its return value is ignored. For convergence plots and explorers;
        librosa has no equivalent.

    Returns
    -------
    y : np.ndarray, shape (n,), float64

    Raises
    ------
    ParameterError
        Bad sizes, `momentum < 0`, unknown `init`, `length` inconsistent with `S`,
        `callback` not callable.

    Warns
    -----
    UserWarning
        `momentum > 1` (may diverge, as librosa warns); a window/hop breaking NOLA.

    Notes
    -----
    `S` is a magnitude, as in librosa; torchaudio's `GriffinLim` defaults to
    `power=2.0` and expects a power spectrogram (it takes the square root first).

    With $c_t$ the current complex estimate, $P$ the projection $X \\mapsto
    \\mathrm{STFT}(\\mathrm{ISTFT}(X))$ and $\\alpha$ = `momentum`, each iteration does
    (librosa's exact update, also torchaudio's)

    $$t_n = P(c_{n-1}), \\quad c_n = |S| \\frac{t_n - \\frac{\\alpha}{1+\\alpha} t_{n-1}}
      {\\left|t_n - \\frac{\\alpha}{1+\\alpha} t_{n-1}\\right| + \\epsilon}$$

    (no inertia in the first iteration), then returns $\\mathrm{ISTFT}(c_N)$.
    Given the same initial phases it equals `librosa.griffinlim` (tests: to 1e-8). It
    is faster because the window and the inverse sum-square envelope are computed
    once per call, not once per iteration.

    Griffin & Lim, IEEE Trans. ASSP 32(2):236-243, 1984; Perraudin, Balazs &
    Sondergaard, "A fast Griffin-Lim algorithm", WASPAA 2013.

    See the page [Phase reconstruction](../architectures/phase-reconstruction.md).

    Examples
    --------
    >>> from audioml.signals import harmonic_tone
    >>> from audioml.spectral import stft
    >>> y = harmonic_tone(220, duration=0.5)
    >>> S = np.abs(stft(y, n_fft=1024, hop_length=256))
    >>> y_hat = griffin_lim(S, n_fft=1024, hop_length=256, length=len(y), rng=0)
    >>> S_hat = np.abs(stft(y_hat, n_fft=1024, hop_length=256))
    >>> spectral_convergence_db(S, S_hat) < -20
    True
    """
    S = _check_magnitude(S)
    n_fft, hop_length, win_length = _check_geometry(S, n_fft, hop_length, win_length)
    n_iter = check_int("n_iter", n_iter, low=0, high=MAX_ITERATIONS)
    momentum = check_real("momentum", momentum, low=0)
    if momentum > 1:
        warnings.warn(f"momentum={momentum:g} > 1 can make Griffin-Lim unstable", stacklevel=2)
    check_choice("init", init, _INITS)
    if callback is not None and not callable(callback):
        raise ParameterError(f"callback must be callable or None; got {type(callback).__name__}")
    count = S.shape[1]
    if length is not None:
        length = check_int("length", length, low=1)
        expected = n_frames(length, n_fft=n_fft, hop_length=hop_length, center=center)
        if expected != count:
            raise ParameterError(
                f"length={length} gives {expected} frames with n_fft={n_fft}, "
                f"hop_length={hop_length}, center={center}; S has {count}"
            )
    fft_window = get_window(window, win_length, n_fft=n_fft)
    if not nola_holds(fft_window, hop_length=hop_length):
        warnings.warn(
            f"window with hop_length={hop_length} breaks the NOLA condition: "
            "some samples cannot be reconstructed",
            stacklevel=2,
        )

    if init == "random":
        # Same draw, same shape order as librosa: exp(2 pi i U), U ~ U[0, 1) of shape S.shape.
        angles = np.exp(2j * np.pi * make_rng(rng).random(S.shape)) * S
    elif init == "zeros":
        angles = S.astype(np.complex128)
    else:
        angles = pghi(
            S, n_fft=n_fft, hop_length=hop_length, win_length=win_length, window=window, rng=rng
        )
    loop = _GriffinLimLoop(S, fft_window, hop_length, center, length)
    return loop.run(np.ascontiguousarray(angles.T), n_iter, momentum, callback)


class _GriffinLimLoop:
    """Griffin-Lim iterations on spectra laid out (n_frames, n_bins).

    Everything that does not change between iterations is computed once: the window,
    the inverse sum-square envelope, and every buffer (frames, spectra, signal), so an
    iteration is two FFTs plus a few in-place array operations and allocates nothing.
    """

    def __init__(
        self,
        S: np.ndarray,
        window: np.ndarray,
        hop_length: int,
        center: bool,
        length: int | None,
    ):
        self.magnitude = np.ascontiguousarray(S.T)
        self.window = window
        self.n_fft = n_fft = window.shape[0]
        self.hop = hop_length
        self.count = count = S.shape[1]
        envelope = window_sumsquare(window, n_frames=count, hop_length=hop_length)
        nonzero = envelope > np.finfo(np.float64).tiny
        self.inverse_envelope = np.where(nonzero, 1.0 / np.where(nonzero, envelope, 1.0), 1.0)
        self.buffer_length = envelope.shape[0]
        self.start = n_fft // 2 if center else 0
        natural = self.buffer_length - 2 * self.start
        self.length = natural if length is None else length
        self.padded_length = self.length + 2 * self.start
        self.keep = min(self.length, self.buffer_length - self.start)
        self.full = np.zeros(self.buffer_length)
        self.padded = (
            self.full if self.padded_length == self.buffer_length else np.zeros(self.padded_length)
        )
        self.frames = np.empty((count, n_fft))
        self.spectra_shape = self.magnitude.shape
        # Overlap-add as ceil(n_fft / hop) strided block additions (no copies, any hop).
        step = self.full.strides[0]
        self.blocks = []
        for j in range(-(-n_fft // hop_length)):
            width = min(hop_length, n_fft - j * hop_length)
            target = np.lib.stride_tricks.as_strided(
                self.full[j * hop_length :], shape=(count, width), strides=(hop_length * step, step)
            )
            self.blocks.append((target, slice(j * hop_length, j * hop_length + width)))
        self.frame_view = np.lib.stride_tricks.as_strided(
            self.padded, shape=(count, n_fft), strides=(hop_length * step, step), writeable=False
        )

    def signal(self, spectra: np.ndarray) -> np.ndarray:
        """The ISTFT, zero-padded like the STFT's input (length `padded_length`)."""
        np.fft.irfft(spectra, n=self.n_fft, axis=-1, out=self.frames)
        self.frames *= self.window
        self.full.fill(0.0)
        for target, columns in self.blocks:
            target += self.frames[:, columns]
        self.full *= self.inverse_envelope
        if self.padded is not self.full:
            self.padded.fill(0.0)
            region = slice(self.start, self.start + self.keep)
            self.padded[region] = self.full[region]
        self.padded[: self.start] = 0.0  # the STFT of the trimmed signal sees zero padding here
        self.padded[self.start + self.keep :] = 0.0
        return self.padded

    def spectra(self, out: np.ndarray) -> np.ndarray:
        """STFT of the current padded signal into `out`."""
        np.multiply(self.frame_view, self.window, out=self.frames)
        return np.fft.rfft(self.frames, axis=-1, out=out)

    # --8<-- [start:griffin_lim_loop]
    def run(
        self,
        angles: np.ndarray,
        n_iter: int,
        momentum: float,
        callback: Callable[[int, np.ndarray], Any] | None = None,
    ) -> np.ndarray:
        eps = np.finfo(np.float64).tiny
        inertia = momentum / (1 + momentum)
        rebuilt = np.empty(self.spectra_shape, dtype=np.complex128)
        previous = np.empty_like(rebuilt)
        scale = np.empty(self.spectra_shape)
        pairs = angles.view(np.float64).reshape(*self.spectra_shape, 2)
        if callback is not None:
            callback(0, angles.T.copy())
        for iteration in range(n_iter):
            self.signal(angles)
            self.spectra(out=rebuilt)
            if iteration == 0 or inertia == 0:
                angles[...] = rebuilt
            else:
                np.multiply(previous, -inertia, out=angles)
                angles += rebuilt
            np.abs(angles, out=scale)
            scale += eps
            np.divide(self.magnitude, scale, out=scale)
            pairs *= scale[..., None]
            rebuilt, previous = previous, rebuilt
            if callback is not None:
                callback(iteration + 1, angles.T.copy())
        self.signal(angles)
        return self.padded[self.start : self.start + self.length].copy()
        # --8<-- [end:griffin_lim_loop]
