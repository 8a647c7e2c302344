"""Every public function keeps its contract under bad input (issue 14).

The functions are discovered, not listed: every plain function named in the `__all__` of an
`audioml` submodule (walked recursively) is checked, so a new module or function is covered
without editing this file. `EXCLUDED` names the few modules that are not about numbers
(plotting, the figure and clip registries and their CLIs) or that run whole experiments.

Each parameter gets values by its kind (read from its name, annotation and default): an
array, a size (int), a real number, a sampling rate, a flag, a name (str), a window, a
seed. Hypothesis draws
calls that are all-valid, that have one adversarial argument (NaN, inf, empty, the wrong
dtype, ndim or shape, zero/negative/huge sizes, None, strings, ...), or a mix. A call keeps
the contract when it

- returns, and the result holds no NaN or inf unless a warning said so (the documented
  escape: "warn and return a documented value", e.g. `snr(..., eps=0)` of a perfect
  estimate), or
- raises `ParameterError` or `TypeError` whose message is one line that names one of the
  function's parameters (the design's "naming the parameter, the value and the range"),
  as a word (`y` inside "array" does not count); when only one argument was bad, the
  message names *that* parameter, unless the same call with a valid value in its place
  fails too (then the valid values drawn for the others clash, e.g. `hop_length > n_fft`),

and finishes within `TIME_LIMIT` seconds. A size, real number or rate that is no number
at all (NaN, an infinity, a string) must be refused: returning for it is a violation.
Anything else -- another exception (an `IndexError` or `ZeroDivisionError` from inside
numpy, a `MemoryError` for a huge size), a silent NaN, a hang -- is a violation; the test
lists every violation of a function at once.

Deterministic (`derandomize=True`, no example database) and fast (`EXAMPLES` per
function).
"""

from __future__ import annotations

import importlib
import inspect
import math
import os
import pkgutil
import re
import signal
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import audioml
from audioml.errors import ParameterError

#: Modules not walked, with why: plotting and the figure/clip registries (their CLIs are
#: tested in test_cli.py), `settings` (each call trains small models; its own tests check
#: its arguments), the registry helpers.
EXCLUDED = (
    "audioml.figures",  # registry of figures, matplotlib
    "audioml.media",  # registry of clips, writes files
    "audioml.plotting",  # matplotlib helpers
    "audioml.settings",  # whole experiments (seconds per valid call)
    "audioml._registry",
    "audioml.models.bench",  # CLI: a benchmark of minutes (needs pystoi); run by make bench
    "audioml.models.train",  # CLI: trains with torch (make models); tested in crosscheck
)

#: Seconds one call may take before it counts as a hang.
TIME_LIMIT = 3.0
#: `make test` walks each function with 80 examples; `make check`, the inner loop, with
#: fewer (AUDIOML_CONTRACT_EXAMPLES=20), so a change is checked in seconds and gated in full.
EXAMPLES = int(os.environ.get("AUDIOML_CONTRACT_EXAMPLES", "80"))


def _excluded(name: str) -> bool:
    return any(name == e or name.startswith(e + ".") for e in EXCLUDED) or any(
        part.startswith("_") for part in name.split(".")[1:]
    )


def public_functions() -> list[tuple[str, Callable[..., Any]]]:
    """(qualified name, function) for every function in an `__all__`, defined in that module."""
    found: dict[str, Callable[..., Any]] = {}
    for info in pkgutil.walk_packages(audioml.__path__, "audioml."):
        if _excluded(info.name):
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.isfunction(obj) and obj.__module__ == module.__name__:
                found[f"{info.name}.{name}"] = obj
    return sorted(found.items())


FUNCTIONS = [(n, f) for n, f in public_functions() if inspect.signature(f).parameters]


def test_discovery_covers_the_numeric_modules():
    modules = {name.rsplit(".", 1)[0] for name, _ in FUNCTIONS}
    expected = {
        "audioml.scales",
        "audioml.filterbanks",
        "audioml.loudness",
        "audioml.spectral",
        "audioml.phase",
        "audioml.losses.waveform",
        "audioml.losses.ratios",
        "audioml.losses.spectral",
        "audioml.inverse",
        "audioml.prefilters",
        "audioml.signals",
    }
    expected |= {"audioml.features", "audioml.level", "audioml.sampling"}  # issue 15's
    expected |= {"audioml.pitch", "audioml.corpus", "audioml.models"}  # joined later
    assert expected <= modules, sorted(expected - modules)
    names = {name for name, _ in FUNCTIONS}
    assert {
        "audioml.spectral.n_frames",
        "audioml.signals.fade",
        "audioml.features.kaldi_fbank",
        "audioml.features.whisper_log_mel",
        "audioml.level.peak_dbfs",
        "audioml.level.block_loudness",
        "audioml.sampling.resample",
        "audioml.sampling.alias_frequency",
    } <= names
    assert not any(n.startswith(("audioml.figures", "audioml.media")) for n in names)
    assert len(FUNCTIONS) >= 100


# ------------------------------------------------------------------------------------------
# values by kind
# ------------------------------------------------------------------------------------------

_RNG = np.random.default_rng(20261202)
_SIGNAL = 0.1 * _RNG.standard_normal(4096)
_SPECTROGRAM = np.abs(_RNG.standard_normal((1025, 9)))  # n_fft = 2048 bins

# Valid numbers stay modest: a valid duration of 1e4 s is legal but takes seconds (and
# gigabytes) to synthesise, which is not what this test is about.
finite = st.floats(-100.0, 100.0, allow_nan=False, allow_infinity=False)
positive = st.floats(1e-3, 100.0, allow_nan=False, allow_infinity=False)


def _arrays(elements: st.SearchStrategy, max_dims: int = 2) -> st.SearchStrategy:
    from hypothesis.extra import numpy as hnp

    shapes = hnp.array_shapes(min_dims=1, max_dims=max_dims, min_side=1, max_side=24)
    return hnp.arrays(np.float64, shapes, elements=elements)


GOOD = {
    "array": st.one_of(
        _arrays(finite),
        _arrays(positive),
        st.sampled_from([_SIGNAL, _SPECTROGRAM, np.zeros(8), np.ones((4, 4)), 440.0, 1000.0]),
        st.lists(positive, min_size=1, max_size=8),
    ),
    "int": st.one_of(st.integers(1, 64), st.sampled_from([256, 512, 1024, 2048])),
    "float": st.one_of(finite, positive, st.sampled_from([1e-8, 0.5, 1.0, 50.0])),
    # the rates audio comes at (the loudness functions need >= 8000 Hz), and odd ones
    "rate": st.one_of(st.sampled_from([8000, 16000, 22050, 44100, 48000, 16000.0]), positive),
    "bool": st.booleans(),
    "str": st.nothing(),  # only the default is known to be valid
    "window": st.sampled_from(["hann", "hamming", "blackman", "boxcar", ("kaiser", 8.0)]),
    "rng": st.one_of(st.none(), st.integers(0, 2**32), st.just(np.random.default_rng(0))),
    "other": st.nothing(),
}

_HUGE_INT = 2**62
BAD = {
    "array": st.sampled_from(
        [
            np.nan,
            np.inf,
            -np.inf,
            [1.0, np.nan],
            np.array([[np.inf, 1.0], [1.0, 1.0]]),
            [],
            np.zeros(0),
            np.zeros((3, 0)),
            np.zeros((2, 2, 2)),
            np.zeros((1, 1, 1, 1)),
            np.array([1e300, -1e300]),
            np.array([5e-324, 1.0]),
            np.array([1 + 1j, 2.0]),
            np.array([1, 2, 3], dtype=np.int16),
            np.array([True, False]),
            np.array(["a", "b"]),
            np.array([None, 1.0], dtype=object),
            [[1.0, 2.0], [3.0]],
            "signal",
            None,
            {"a": 1},
            -1.0,
        ]
    ),
    "int": st.sampled_from(
        [0, -1, -(2**31), _HUGE_INT, 10**18, 2.5, math.nan, math.inf, "8", None, True, [8]]
    ),
    "float": st.sampled_from(
        [
            math.nan,
            math.inf,
            -math.inf,
            0.0,
            -1.0,
            1e300,
            -1e300,
            5e-324,
            "1.0",
            None,
            True,
            [1.0, 2.0],
            np.float64(np.nan),
        ]
    ),
    "bool": st.sampled_from(["yes", None, 2, math.nan, "False"]),
    "str": st.sampled_from(["", "nonsense", " hann", None, 3, b"hann", ["hann"], math.nan]),
    "window": st.sampled_from(
        [
            "nonsense",
            "",
            None,
            3,
            math.nan,
            np.full(4, np.nan),
            np.zeros(0),
            np.zeros((2, 2)),
            ("kaiser",),
            ("kaiser", math.nan),
            {"hann": 1},
        ]
    ),
    "rng": st.sampled_from([-1, 2.5, "seed", math.nan, [1, 2], 2**200]),
    "other": st.sampled_from([None, "nonsense", math.nan, -1, [], {}, math.inf]),
}

BAD["rate"] = BAD["float"]

_ARRAY_NAMES = {"y", "estimate", "target", "frames", "reference_magnitude", "estimate_magnitude"}
_RATE_NAMES = {"sr", "orig_sr", "target_sr"}


def kind_of(parameter: inspect.Parameter) -> str:
    """The kind of values a parameter takes, from its name, annotation and default."""
    name, annotation = parameter.name, parameter.annotation
    if not isinstance(annotation, str):  # a module without `from __future__ import annotations`
        annotation = inspect.formatannotation(annotation)
    if name == "window":
        return "window"
    if name == "rng":
        return "rng"
    if name in _RATE_NAMES:
        return "rate"
    first = annotation.split("|")[0].strip()  # e.g. "float | Callable[[np.ndarray], Any]"
    if first in ("int", "float", "bool", "str") and name not in _ARRAY_NAMES:
        return first
    if name in _ARRAY_NAMES or "ndarray" in annotation or "ArrayLike" in annotation:
        return "array"
    return "other"


def _strategy(parameter: inspect.Parameter, *, bad: bool) -> st.SearchStrategy:
    kind = kind_of(parameter)
    if bad:
        return BAD[kind]
    has_default = parameter.default is not inspect.Parameter.empty
    good = GOOD[kind]
    if has_default:
        good = st.one_of(st.just(parameter.default), st.just(parameter.default), good)
    if "None" in str(parameter.annotation):
        good = st.one_of(good, st.none())
    if good.is_empty:  # a required name or option whose valid values are unknown
        return BAD[kind]
    return good


def _no_number(value: Any) -> bool:
    """NaN, an infinity or a string: never a valid size, real number or rate."""
    if isinstance(value, str | bytes):
        return True
    return isinstance(value, float) and not math.isfinite(value)


class Call(NamedTuple):
    """One drawn call: its arguments and, if exactly one is bad, which one."""

    args: list[Any]
    kwargs: dict[str, Any]
    bad: str | None = None  # the parameter given the one bad value
    control: Any = None  # a valid value for it (its default, or a drawn good value)
    never_valid: bool = False  # the bad value is no number at all: the call must raise

    def with_control(self, func: Callable[..., Any]) -> tuple[list[Any], dict[str, Any]]:
        """The same call with the bad value replaced by `control`."""
        if self.bad in self.kwargs:
            return self.args, {**self.kwargs, self.bad: self.control}
        position = list(inspect.signature(func).parameters).index(self.bad)
        args = list(self.args)
        args[position] = self.control
        return args, self.kwargs


@st.composite
def calls(draw, func: Callable[..., Any]) -> Call:
    """Arguments for one call of `func`."""
    parameters = [
        p
        for p in inspect.signature(func).parameters.values()
        if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    mode = draw(st.sampled_from(["valid", "one bad", "one bad", "mixed"]))
    target = draw(st.integers(0, len(parameters) - 1))
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    bad_name, control, never_valid = None, None, False
    for i, p in enumerate(parameters):
        bad = (mode == "one bad" and i == target) or (mode == "mixed" and draw(st.booleans()))
        optional = p.default is not inspect.Parameter.empty
        if optional and not bad and p.kind is p.KEYWORD_ONLY and draw(st.booleans()):
            continue  # leave the default
        value = draw(_strategy(p, bad=bad))
        if mode == "one bad" and bad:
            bad_name = p.name
            control = p.default if optional else draw(_strategy(p, bad=False))
            never_valid = kind_of(p) in ("int", "float", "rate") and _no_number(value)
        if p.kind is p.KEYWORD_ONLY:
            kwargs[p.name] = value
        else:
            args.append(value)
    return Call(args, kwargs, bad_name, control, never_valid)


# ------------------------------------------------------------------------------------------
# one call
# ------------------------------------------------------------------------------------------


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang


def _values(result: Any) -> Iterator[np.ndarray]:
    """Every numeric array in a result (tuples, lists and dicts are walked)."""
    if isinstance(result, dict):
        for v in result.values():
            yield from _values(v)
    elif isinstance(result, tuple | list):
        for v in result:
            yield from _values(v)
    elif isinstance(result, np.ndarray | float | int | np.number) and not isinstance(result, bool):
        array = np.asarray(result)
        if np.issubdtype(array.dtype, np.number):
            yield array


def _short(value: Any) -> str:
    if isinstance(value, np.ndarray):
        if value.size <= 4:
            return f"array({value.tolist()!r}, dtype={value.dtype})"
        return f"array(shape={value.shape}, dtype={value.dtype})"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def describe_call(name: str, args: list[Any], kwargs: dict[str, Any]) -> str:
    shown = [_short(a) for a in args] + [f"{k}={_short(v)}" for k, v in kwargs.items()]
    return f"{name.rsplit('.', 1)[1]}({', '.join(shown)})"


def names(message: str, parameter: str) -> bool:
    """Whether `message` names `parameter` as a word (`y` in "array" does not count)."""
    return (
        re.search(rf"(?<![A-Za-z0-9_]){re.escape(parameter)}(?![A-Za-z0-9_])", message) is not None
    )


#: How `check_call` starts its answer when the one bad argument goes unnamed.
UNNAMED_BAD = "does not name the bad parameter"


def check_call(
    func: Callable[..., Any],
    args: list[Any],
    kwargs: dict[str, Any],
    *,
    limit: float = TIME_LIMIT,
    bad: str | None = None,
) -> str | None:
    """None if the call keeps the contract, else what went wrong (one line).

    `bad` names the parameter that got the one bad value, if so: the error must name it.
    """
    parameters = list(inspect.signature(func).parameters)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
            warnings.simplefilter("always")
            result = func(*args, **kwargs)
    except Hang:
        return f"no answer within {limit:g} s"
    except (ParameterError, TypeError) as exc:
        message = str(exc)
        if not message or "\n" in message or len(message) > 400:
            return f"{type(exc).__name__} without a one-line message: {message!r}"
        if not any(names(message, n) for n in parameters):
            return f"{type(exc).__name__} that names no parameter: {message}"
        if bad is not None and not names(message, bad):
            return f"{type(exc).__name__} that {UNNAMED_BAD} {bad}: {message}"
        return None
    except Exception as exc:  # any other exception is the finding
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    # a warning of the package's own (not numpy's floating-point notices) documents the value
    said = [w for w in caught if "encountered in" not in str(w.message)]
    for array in _values(result):
        if not np.all(np.isfinite(array)) and not said:
            return "non-finite result without a warning"
    return None


def _value_of(func: Callable[..., Any], call: Call) -> Any:
    if call.bad in call.kwargs:
        return call.kwargs[call.bad]
    return call.args[list(inspect.signature(func).parameters).index(call.bad)]


def _raises(func: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]) -> bool:
    """Whether a call (already known to keep the contract) raises."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            func(*args, **kwargs)
    except (ParameterError, TypeError):
        return True
    return False


def find_violations(name: str, func: Callable[..., Any], examples: int = EXAMPLES) -> list[str]:
    """Every violating call among `examples` deterministic hypothesis draws."""
    found: list[str] = []

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(call=calls(func))
    def run(call):
        problem = check_call(func, call.args, call.kwargs, bad=call.bad)
        if problem is None and call.never_valid and not _raises(func, call.args, call.kwargs):
            problem = f"accepted {call.bad}={_short(_value_of(func, call))} silently"
        if problem is not None and UNNAMED_BAD in problem:
            args, kwargs = call.with_control(func)
            if check_call(func, args, kwargs, bad=None) is None and _raises(func, args, kwargs):
                problem = None  # fails with a valid value too: the others clash
        if problem is not None:
            found.append(f"{describe_call(name, call.args, call.kwargs)} -> {problem}")

    run()
    return found


@pytest.mark.parametrize(("name", "func"), FUNCTIONS, ids=[n for n, _ in FUNCTIONS])
def test_public_function_keeps_its_contract(name, func):
    violations = find_violations(name, func)
    assert not violations, f"{len(violations)} violation(s):\n" + "\n".join(violations)


# ------------------------------------------------------------------------------------------
# the checker itself catches what it should
# ------------------------------------------------------------------------------------------


def _silent_nan(x):
    return np.asarray(x, dtype=float) * np.nan


def _index_error(x):
    return np.asarray(x)[5]


def _unnamed(x):
    raise ParameterError("bad value")


def _documented_inf(x):
    warnings.warn("the ratio is +inf dB", RuntimeWarning, stacklevel=2)
    return math.inf


def _sleeps(x):
    time.sleep(1.0)


@pytest.mark.parametrize(
    ("func", "expected"),
    [
        (_silent_nan, "non-finite result without a warning"),
        (_index_error, "IndexError"),
        (_unnamed, "names no parameter"),
        (_documented_inf, None),
        (np.sqrt, None),
        (_sleeps, "no answer"),
    ],
)
def test_the_checker_tells_violations_from_the_contract(func, expected):
    problem = check_call(func, [np.ones(2)], {}, limit=0.2)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None
        assert expected in problem


def test_kinds_are_read_from_the_signature():
    from audioml import phase, spectral

    kinds = {p.name: kind_of(p) for p in inspect.signature(spectral.stft).parameters.values()}
    assert kinds == {
        "y": "array",
        "n_fft": "int",
        "hop_length": "int",
        "win_length": "int",
        "window": "window",
        "center": "bool",
        "pad_mode": "str",
    }
    rng = inspect.signature(phase.griffin_lim).parameters["rng"]
    assert kind_of(rng) == "rng"
    from audioml import level, sampling

    assert kind_of(inspect.signature(level.block_loudness).parameters["sr"]) == "rate"
    assert kind_of(inspect.signature(sampling.resample).parameters["target_sr"]) == "rate"


def test_message_names_a_parameter_as_a_word():
    assert names("y must be real; got a complex array", "y")
    assert not names("an array is too big", "y")  # the "y" of "array" is no name
    assert names("(1 + n_fft // 2) * n_mels must be <= 2**31", "n_mels")
    assert not names("n_fft_max must be > 0", "n_fft")


def _blames_the_other(x: np.ndarray, *, n: int = 4):
    """A bad `x` reported as if `n` were wrong: the walker must see through it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            array = np.asarray(x, dtype=float)
        except (TypeError, ValueError):
            array = np.array([np.nan])
    if array.size == 0 or not np.all(np.isfinite(array)):
        raise ParameterError(f"n must be at most the number of samples; got n={n}")
    return 0.0


def _clash(x: np.ndarray, *, a: int = 1, b: int = 1):
    """`a <= b` is required: a bad `x` is never the cause, valid `a` and `b` can clash."""
    from audioml._validate import check_int

    a, b = check_int("a", a, low=1), check_int("b", b, low=1)
    if a > b:
        raise ParameterError(f"a must be <= b = {b}; got {a}")
    return 0.0


def _ignores(x: np.ndarray, *, scale: float = 1.0):
    """Takes any `scale` at all, NaN and "1.0" included: a number that is no number."""
    return 0.0


def test_a_bad_argument_must_be_the_one_named():
    found = find_violations("test._blames_the_other", _blames_the_other, examples=60)
    assert found
    assert all(f"{UNNAMED_BAD} x" in v for v in found), found
    # `_clash` fails only when the valid a and b clash: the same call with a valid x in
    # place of the bad one fails as well, so no violation
    assert find_violations("test._clash", _clash, examples=60) == []


def test_no_number_must_not_pass_silently():
    found = find_violations("test._ignores", _ignores, examples=60)
    assert found
    assert all("accepted scale=" in v and "silently" in v for v in found), found


# ------------------------------------------------------------------------------------------
# the named cases
# ------------------------------------------------------------------------------------------

#: The low-level helpers the issue names: (function, its positional parameters). librosa
#: takes the same ones positionally (`librosa.filters.get_window(window, Nx, *, fftbins)`).
LOW_LEVEL = {
    "n_frames": ("n_samples",),
    "window_sumsquare": ("window",),
    "overlap_add": ("frames",),
    "nola_holds": ("window",),
    "get_window": ("window", "win_length"),
}


@pytest.mark.parametrize(("name", "positional"), LOW_LEVEL.items())
def test_low_level_helpers_take_their_options_keyword_only(name, positional):
    from audioml import spectral

    func = getattr(spectral, name)
    assert f"audioml.spectral.{name}" in dict(FUNCTIONS)  # and so the walker checks them
    parameters = inspect.signature(func).parameters.values()
    assert tuple(p.name for p in parameters if p.kind is not p.KEYWORD_ONLY) == positional
    assert all(p.kind is not p.VAR_POSITIONAL for p in parameters)


def _spectral(name: str) -> Callable[..., Any]:
    from audioml import spectral

    return getattr(spectral, name)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (
            lambda: _spectral("n_frames")(4096, n_fft=512, hop_length=0),
            r"^hop_length must be an integer >= 1",
        ),
        (
            lambda: _spectral("n_frames")(math.nan, n_fft=512, hop_length=128),
            r"^n_samples must be an integer",
        ),
        (
            lambda: _spectral("window_sumsquare")(np.ones(4), n_frames=3, hop_length=0),
            r"^hop_length must be",
        ),
        (
            lambda: _spectral("window_sumsquare")(1.0, n_frames=3, hop_length=2),
            r"^window must have 1 dim",
        ),
        (lambda: _spectral("nola_holds")(1.0, hop_length=2), r"^window must have 1 dim"),
        (
            lambda: _spectral("nola_holds")("hann", hop_length=2),
            r"^window must be an array of samples",
        ),
        (lambda: _spectral("overlap_add")(np.ones(4), hop_length=2), r"^frames must have"),
        (
            lambda: _spectral("overlap_add")(np.ones((3, 4)), hop_length=2**62),
            r"^hop_length must be <= MAX_LENGTH",
        ),
        (lambda: _spectral("get_window")("hann", 0), r"^win_length must be an integer >= 1"),
        (
            lambda: _spectral("get_window")(("kaiser", math.nan), 16),
            r"^window must give finite samples",
        ),
        (
            lambda: _spectral("n_frames")(4096, 512, 128),
            r"takes 1 positional argument but 3 were given",
        ),
    ],
)
def test_low_level_helpers_validate_like_the_rest(call, match):
    with pytest.raises((ParameterError, TypeError), match=match):
        call()


@pytest.mark.parametrize("edition", [2003, 2023])
@pytest.mark.parametrize("name", ["iso226_spl", "iso226_phon"])
def test_iso226_out_of_range_raises_or_warns_never_a_silent_nan(name, edition):
    """Levels from -1000 to 1e6 at 20 Hz to 12.5 kHz: a ParameterError naming the level, or
    finite values, with the documented warning whenever a level is outside ISO 226's range."""
    from audioml import loudness

    func = getattr(loudness, name)
    level = "phon" if name == "iso226_spl" else "spl"
    outcomes = {"raised": 0, "warned": 0, "silent": 0}
    for value in (-1000.0, -100.0, -20.0, 0.0, 10.0, 50.0, 95.0, 150.0, 1000.0, 1e6):
        for frequency in (20.0, 100.0, 1000.0, 4000.0, 6300.0, 12500.0):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    result = func(value, frequency, edition=edition)
                except ParameterError as exc:
                    result = str(exc)
            if isinstance(result, str):
                assert names(result, level), result
                outcomes["raised"] += 1
                continue
            assert np.isfinite(result), (value, frequency)
            said = [w for w in caught if "outside the validity range of ISO 226" in str(w.message)]
            phon = value if name == "iso226_spl" else result
            valid = 20 - 1e-9 <= phon <= (90 if frequency <= 4000 else 80) + 1e-9
            assert bool(said) != valid, (value, frequency, phon)  # warned iff outside
            outcomes["warned" if said else "silent"] += 1
    assert min(outcomes.values()) > 0, outcomes  # each outcome happens on this grid


#: A parameter description that sends the reader elsewhere instead of saying what the
#: parameter is ("As for `n_fft`.", "See `get_window`.", "As given to `stft`.").
_REFERS_ELSEWHERE = re.compile(r"^(As (for|in|with|given to)|See|Same as|Like)\b", re.IGNORECASE)


def _parameter_docs(obj: Any) -> Iterator[tuple[str, str]]:
    doc = inspect.getdoc(obj) or ""
    if "Parameters\n----------" not in doc:
        return
    section = doc.split("Parameters\n----------", 1)[1]
    section = re.split(r"\n[A-Z][a-z]+( [A-Z][a-z]+)?\n-{3,}", section)[0]
    for entry in re.split(r"\n(?=\S)", section.strip()):
        head, _, body = entry.partition("\n")
        yield head.split(":")[0].strip(), " ".join(body.split())


def test_every_parameter_doc_says_what_the_parameter_is():
    """The developers' guide: never "As for `n_fft`"; each parameter's own words."""
    found, checked = [], 0
    for info in pkgutil.walk_packages(audioml.__path__, "audioml."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if getattr(obj, "__module__", None) != module.__name__:
                continue
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            for parameter, body in _parameter_docs(obj):
                checked += 1
                if not body or _REFERS_ELSEWHERE.match(body):
                    found.append(f"{info.name}.{name}({parameter}): {body!r}")
    assert checked > 300  # the parser read the docstrings
    assert not found, "\n".join(found)
