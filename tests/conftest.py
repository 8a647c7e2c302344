"""Shared pytest configuration.

`tests/crosscheck/` compares `audioml.losses` with auraloss itself, which needs torch; it
runs only under `make crosscheck` (which installs torch and sets AUDIOML_CROSSCHECK=1),
so `make test` needs no torch. It is not collected otherwise (not skipped: absent).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

collect_ignore = [] if os.environ.get("AUDIOML_CROSSCHECK") == "1" else ["crosscheck"]

ROOT = Path(__file__).resolve().parents[1]


def build_site(site_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` from the project root into `site_dir`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir), *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site, built once per test session with `mkdocs build --strict`.

    The build executes every notebook (mkdocs-jupyter, allow_errors: false) and checks
    every snippet include and every Markdown link and anchor.
    """
    site = tmp_path_factory.mktemp("site")
    result = build_site(site)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return site
