"""A registry of named generators and the command line shared by figures and media.

`audioml.figures` and `audioml.media` each hold a `Registry`: chapter modules register
one function per figure or clip with a decorator, and `run_cli` gives both packages the
same command line (`--list`, `--only NAME ...`, `--check`, `--out DIR`). Errors on the
command line are one readable line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._cli import OneLineParser
from .errors import ParameterError

__all__ = ["Entry", "Registry", "run_cli"]


#: A description, or a function that computes it (alt texts and captions that quote
#: measured numbers): called once, when a page or a test first reads it, so that importing
#: the registry -- every CLI call, `--list` -- computes nothing.
Text = str | Callable[[], str]


@dataclass(frozen=True)
class Entry:
    """One registered generator: its name, what it makes and how to describe it.

    `alt_source` and `caption_source` are strings or functions returning one; read
    `alt` and `caption`, which compute a function's text once and strip it.
    """

    name: str
    func: Callable[[], Any]
    title: str
    alt_source: Text
    caption_source: Text
    module: str
    extra: dict[str, Any] = field(default_factory=dict)

    @functools.cached_property
    def alt(self) -> str:
        """The text alternative a screen reader reads."""
        return _text(self.alt_source)

    @functools.cached_property
    def caption(self) -> str:
        """The sentence printed under the figure or beside the player."""
        return _text(self.caption_source)


def _text(source: Text) -> str:
    return (source() if callable(source) else source).strip()


class Registry:
    """Named generators, discovered from the submodules of one package.

    Parameters
    ----------
    kind
        What an entry is, for messages ("figure", "clip").
    package
        The dotted name of the package whose submodules register entries.
    """

    def __init__(self, kind: str, package: str) -> None:
        self.kind = kind
        self.package = package
        self._entries: dict[str, Entry] = {}
        self._loaded = False

    def register(
        self, name: str, *, title: str, alt: Text, caption: Text, **extra: Any
    ) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
        """Decorator that registers a function under `name`.

        `title` is a short label, `alt` the text alternative a screen reader reads,
        `caption` the sentence printed under the figure or beside the player; each
        may be a function returning the text, computed when first read.
        """
        if not name.replace("_", "").isalnum() or not name.islower():
            raise ParameterError(f"{self.kind} name must be lower_snake_case; got {name!r}")

        def decorate(func: Callable[[], Any]) -> Callable[[], Any]:
            if name in self._entries and self._entries[name].func is not func:
                raise ParameterError(f"{self.kind} {name!r} is registered twice")
            self._entries[name] = Entry(name, func, title, alt, caption, func.__module__, extra)
            return func

        return decorate

    def load(self) -> None:
        """Import every submodule of the package so their decorators run."""
        if self._loaded:
            return
        package = importlib.import_module(self.package)
        for info in pkgutil.iter_modules(package.__path__):
            if not info.name.startswith("_"):
                importlib.import_module(f"{self.package}.{info.name}")
        self._loaded = True

    def names(self) -> list[str]:
        """All registered names, sorted."""
        self.load()
        return sorted(self._entries)

    def get(self, name: str) -> Entry:
        """The entry called `name`; `ParameterError` listing the valid names otherwise."""
        self.load()
        try:
            return self._entries[name]
        except KeyError:
            valid = ", ".join(self.names())
            raise ParameterError(f"unknown {self.kind} {name!r}; valid names: {valid}") from None

    def select(self, only: Iterable[str] | None = None) -> list[Entry]:
        """The entries named in `only` (all of them when `only` is empty or None)."""
        names = list(only) if only else self.names()
        return [self.get(name) for name in names]


def run_cli(
    argv: Sequence[str] | None,
    *,
    registry: Registry,
    write: Callable[[Entry, Path], list[Path]],
    same: Callable[[Path, Path], bool],
    description: str,
) -> int:
    """The command line shared by `python -m audioml.figures` and `python -m audioml.media`.

    Parameters
    ----------
    write
        Writes one entry into a folder and returns the files it wrote.
    same
        Compares a freshly written file with the existing one (True when equal
        within the kind's tolerance).

    Returns
    -------
    int
        The exit status: 0 on success, 1 when `--check` finds stale or missing
        files or a generator fails, 2 on a usage error.
    """
    prog = f"python -m {registry.package}"
    parser = OneLineParser(prog=prog, description=description)
    parser.add_argument("--only", nargs="+", metavar="NAME", help=f"only these {registry.kind}s")
    parser.add_argument(
        "--check",
        action="store_true",
        help="regenerate into a temporary folder and compare with --out; write nothing",
    )
    parser.add_argument("--list", action="store_true", help=f"list the {registry.kind}s and exit")
    parser.add_argument(
        "--out", type=Path, default=None, help=f"folder the {registry.kind}s go into (required)"
    )
    args = parser.parse_args(argv)

    def fail(message: str, status: int) -> int:
        print(f"{prog}: error: {message}", file=sys.stderr)
        return status

    try:
        entries = registry.select(args.only)
    except ParameterError as exc:
        return fail(str(exc), 2)
    if args.list:
        for entry in entries:
            print(f"{entry.name:34s} {entry.title}")
        return 0
    if args.out is None:
        return fail("the argument --out FOLDER is required (the Makefile passes it)", 2)

    if args.check:
        return _check(entries, args.out, write=write, same=same, prog=prog)

    try:
        args.out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=args.out, prefix=".write-test-"):
            pass
    except OSError as exc:
        return fail(f"cannot write to {args.out}: {exc.strerror or exc}", 1)

    for index, entry in enumerate(entries, start=1):
        start = time.perf_counter()
        try:
            written = write(entry, args.out)
        except Exception as exc:  # report which generator failed, in one line
            return fail(f"{registry.kind} {entry.name!r} failed: {type(exc).__name__}: {exc}", 1)
        names = ", ".join(str(path) for path in written)
        seconds = time.perf_counter() - start
        print(f"[{index}/{len(entries)}] {entry.name} -> {names} ({seconds:.1f} s)", flush=True)
    return 0


def _check(
    entries: list[Entry],
    out: Path,
    *,
    write: Callable[[Entry, Path], list[Path]],
    same: Callable[[Path, Path], bool],
    prog: str,
) -> int:
    stale: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for index, entry in enumerate(entries, start=1):
            try:
                fresh = write(entry, Path(tmp))
            except Exception as exc:
                print(
                    f"{prog}: error: {entry.name!r} failed: {type(exc).__name__}: {exc}",
                    file=sys.stderr,
                )
                return 1
            problems = []
            for path in fresh:
                existing = out / path.name
                if not existing.exists():
                    problems.append(f"{existing} is missing")
                elif not same(path, existing):
                    problems.append(f"{existing} differs from a fresh rendering")
            status = "ok" if not problems else "; ".join(problems)
            print(f"[{index}/{len(entries)}] {entry.name}: {status}", flush=True)
            if problems:
                stale.append(entry.name)
    if stale:
        print(
            f"{prog}: error: stale or missing: {', '.join(stale)}; regenerate them "
            f"(make figures / make media)",
            file=sys.stderr,
        )
        return 1
    return 0
