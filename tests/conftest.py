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
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.utils.yaml import yaml_load

from static_server import serve

collect_ignore = [] if os.environ.get("AUDIOML_CROSSCHECK") == "1" else ["crosscheck"]

ROOT = Path(__file__).resolve().parents[1]


def build_command(site_dir: Path, *extra: str) -> list[str]:
    """`mkdocs build --strict` into `site_dir`, as a command run from the project root."""
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    return [*mkdocs, "--site-dir", str(site_dir), *extra]


def build_env(**environ: str) -> dict[str, str]:
    """The environment of a build: this one, quiet, plus `environ` (e.g. `SITE_URL`)."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **environ}


def build_site(site_dir: Path, *extra: str, **environ: str) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` from the project root into `site_dir`.

    Keyword arguments become environment variables of the build (e.g. `SITE_URL`).
    """
    return subprocess.run(
        build_command(site_dir, *extra),
        cwd=ROOT,
        env=build_env(**environ),
        capture_output=True,
        text=True,
        check=False,
    )


# GitHub Pages serves a project site under a sub-path: the site is built and served there,
# so a URL the theme or a hook writes relative to the server's root fails the browser pass.
PREFIX = "/hf_audio_tutorial/"
SITE_URL = f"http://127.0.0.1{PREFIX}"
BUILD_TIMEOUT = 1200  # s: the build with executed notebooks takes about 45 s on 2 idle cores


def _shared(tmp_path_factory, worker_id: str) -> Path:
    """A folder every pytest-xdist worker of the run sees: the workers' common parent."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


@pytest.fixture(scope="session", autouse=True)
def site_build(request, tmp_path_factory, worker_id) -> Iterator[None]:
    """Start the run's one strict build in the background as the run starts, when a test
    of the run needs the built site: the first worker to get here starts it, and every
    worker goes on with the tests that need no build meanwhile (`built_site` waits).

    The build runs in a thread of that worker; its exit status is written next to the
    site as soon as it ends (`site.status`), and the worker waits for it before it ends.
    """
    wanted = any("built_site" in item.fixturenames for item in request.session.items)
    if not wanted or os.environ.get("AUDIOML_BUILT_SITE"):
        yield
        return
    shared = _shared(tmp_path_factory, worker_id)
    try:  # whoever creates the marker starts the build; os.O_EXCL makes that one worker
        os.close(os.open(shared / "site.started", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        yield
        return
    log = open(shared / "site.log", "w", encoding="utf-8")  # noqa: SIM115 (closed below)
    build = subprocess.Popen(
        build_command(shared / "site"),
        cwd=ROOT,
        env=build_env(SITE_URL=SITE_URL),
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def record() -> None:
        status = build.wait()
        (shared / "site.status.tmp").write_text(str(status))
        (shared / "site.status.tmp").replace(shared / "site.status")

    recorder = threading.Thread(target=record, daemon=True)
    recorder.start()
    yield
    recorder.join()
    log.close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id) -> Path:
    """The site, built once per test run with `mkdocs build --strict` for `SITE_URL`.

    The build executes every notebook (mkdocs-jupyter, allow_errors: false) and checks
    every snippet include and every Markdown link and anchor. It starts with the run
    (`site_build`); this waits for it to end, and a failed build fails every test that
    needs it, with the build's output. While iterating on tests,
    `AUDIOML_BUILT_SITE=<folder>` reuses a site built by hand (`make test` never sets it).
    """
    if os.environ.get("AUDIOML_BUILT_SITE"):  # reuse a site built by hand while iterating
        return Path(os.environ["AUDIOML_BUILT_SITE"])
    shared = _shared(tmp_path_factory, worker_id)
    status, deadline = shared / "site.status", time.monotonic() + BUILD_TIMEOUT
    while not status.exists():
        if time.monotonic() > deadline:
            pytest.fail(f"the site's build did not end in {BUILD_TIMEOUT} s")
        time.sleep(0.2)
    if status.read_text() != "0":
        output = (shared / "site.log").read_text(encoding="utf-8")
        pytest.fail(f"mkdocs build --strict failed:\n{output}")
    return shared / "site"


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

    Tests that need no built site run first, while the site builds in the background
    (`site_build`); in each group the `slow` ones run first, so that the short ones fill
    the end and both pytest-xdist workers finish together (`--dist load`)."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))  # the whole fixture closure
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
        if "built_site" in names or "site" in item.path.parts or "browser" in item.path.parts:
            item.add_marker(pytest.mark.site)
    items.sort(
        key=lambda item: (
            "built_site" in getattr(item, "fixturenames", ()),
            item.get_closest_marker("slow") is None,
        )
    )


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
