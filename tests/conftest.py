"""Shared pytest configuration.

Tiers, by folder: `package/` (the package's unit tests), `hooks/` (the build hooks' unit
tests), `site/` (the built site), `browser/` (headless Chromium on the built site),
`crosscheck/` (the reference libraries themselves). `make check` runs the first two
without the tests that need a build; `make test` runs everything but `crosscheck/`.

`tests/crosscheck/` compares with auraloss and torch themselves; it runs only under
`make crosscheck` (which installs torch and sets AUDIOML_CROSSCHECK=1), so `make test`
needs no torch. It is not collected otherwise (not skipped: absent).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from static_server import serve

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
    every snippet include and every Markdown link and anchor. While iterating on tests,
    `AUDIOML_BUILT_SITE=<folder>` reuses a site built by hand (`make test` never sets it).
    """
    if os.environ.get("AUDIOML_BUILT_SITE"):  # reuse a site built by hand while iterating
        return Path(os.environ["AUDIOML_BUILT_SITE"])
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


@pytest.fixture(scope="session")
def server(built_site) -> Iterator[str]:
    """The built site on 127.0.0.1, text gzipped as GitHub Pages serves it."""
    with serve(built_site) as origin:
        yield origin


def site_pages(site: Path) -> list[str]:
    """Every page of a built site as a URL path relative to the root ("" for the home page)."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return pages


def pytest_collection_modifyitems(config, items) -> None:
    """Tiers by fixture: a test that uses the built site is `site`, one that drives the
    browser is `browser` (`make check` deselects both; `make test` runs them after the
    package tier). A test needs no marker of its own to land in the right tier."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))  # the whole fixture closure
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
        if "built_site" in names or "site" in item.path.parts or "browser" in item.path.parts:
            item.add_marker(pytest.mark.site)


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
