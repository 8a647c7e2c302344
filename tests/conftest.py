"""Shared pytest configuration.

`tests/crosscheck/` compares `audioml.losses` with auraloss itself, which needs torch; it
runs only under `make crosscheck` (which installs torch and sets AUDIOML_CROSSCHECK=1),
so `make test` needs no torch. It is not collected otherwise (not skipped: absent).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

collect_ignore = [] if os.environ.get("AUDIOML_CROSSCHECK") == "1" else ["crosscheck"]

ROOT = Path(__file__).resolve().parents[1]


def build_site(site_dir: Path, *extra: str, **environ: str) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` from the project root into `site_dir`.

    Keyword arguments become environment variables of the build (e.g. `SITE_URL`).
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **environ}
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


# --- the built site served on 127.0.0.1, and headless Chromium ----------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test output readable
        pass


@pytest.fixture(scope="session")
def server(built_site) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    assert Path(CHROMIUM).exists(), (
        "Chromium is required for the browser check: apt-get install chromium"
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
