"""What every command line of the package shares: usage errors in one readable line."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

__all__ = ["OneLineParser"]


class OneLineParser(argparse.ArgumentParser):
    """An `argparse.ArgumentParser` whose usage errors are one line, exit status 2.

    argparse prints the whole usage block before the error; a script or a Makefile log
    then shows several lines for one mistake. This prints
    `prog: error: <message> (see --help)` on stderr and exits with 2, like argparse.
    """

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: error: {message} (see --help)", file=sys.stderr)
        raise SystemExit(2)
