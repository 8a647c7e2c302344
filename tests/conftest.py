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

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from mkdocs.utils.yaml import yaml_load

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


# GitHub Pages serves a project site under a sub-path: the site is built and served there,
# so a URL the theme or a hook writes relative to the server's root fails the browser pass.
PREFIX = "/hf_audio_tutorial/"
SITE_URL = f"http://127.0.0.1{PREFIX}"


@contextmanager
def shared_once(tmp_path_factory, worker_id: str, name: str) -> Iterator[tuple[Path, bool]]:
    """A folder shared by every pytest-xdist worker of the run, with a lock held while the
    caller fills it: yields (folder, done), `done` telling whether another worker did."""
    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent  # the workers' common parent
    folder = shared / name
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield folder, (shared / f"{name}.done").exists()
        (shared / f"{name}.done").touch()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id) -> Path:
    """The site, built once per test run with `mkdocs build --strict` for `SITE_URL`.

    The build executes every notebook (mkdocs-jupyter, allow_errors: false) and checks
    every snippet include and every Markdown link and anchor. Under pytest-xdist the first
    worker that needs it builds it and the others wait for it (a failed build fails them
    all with its output). While iterating on tests, `AUDIOML_BUILT_SITE=<folder>` reuses a
    site built by hand (`make test` never sets it).
    """
    if os.environ.get("AUDIOML_BUILT_SITE"):  # reuse a site built by hand while iterating
        return Path(os.environ["AUDIOML_BUILT_SITE"])
    with shared_once(tmp_path_factory, worker_id, "site") as (site, done):
        failure = site.with_name("site.failed")
        if not done:
            result = build_site(site, SITE_URL=SITE_URL)
            if result.returncode != 0:
                failure.write_text(f"{result.stdout}\n{result.stderr}", encoding="utf-8")
    if failure.exists():
        pytest.fail(f"mkdocs build --strict failed:\n{failure.read_text(encoding='utf-8')}")
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
    """The built site's base URL on 127.0.0.1 (`http://127.0.0.1:N/hf_audio_tutorial`, no
    final slash), text gzipped as GitHub Pages serves it."""
    with serve(built_site, PREFIX) as origin:
        yield origin


def nav_pages(nav=None) -> list[str]:
    """The Markdown and notebook files of a mkdocs nav (default: mkdocs.yml's), in order."""
    if nav is None:
        with open(ROOT / "mkdocs.yml", encoding="utf-8") as config:
            nav = yaml_load(config)["nav"]
    pages: list[str] = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        pages += nav_pages(value) if isinstance(value, list) else [value]
    return pages


def page_url(path: str) -> str:
    """The URL path mkdocs gives a page: `a/b.md` -> `a/b/`, `a/index.md` -> `a/`."""
    stem = path.rsplit(".", 1)[0]
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


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
    package tier). A test needs no marker of its own to land in the right tier.

    Tests that need no built site run first (a stable sort), so that under pytest-xdist
    one worker runs them while the other builds the site."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))  # the whole fixture closure
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
        if "built_site" in names or "site" in item.path.parts or "browser" in item.path.parts:
            item.add_marker(pytest.mark.site)
    items.sort(key=lambda item: "built_site" in getattr(item, "fixturenames", ()))


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
