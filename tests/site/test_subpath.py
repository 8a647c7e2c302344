"""The site works when served under a sub-path, as GitHub Pages serves a project site.

A second build with `SITE_URL=http://127.0.0.1:<port>/hf_audio_tutorial/` is served from a
folder one level up, so every page lives under `/hf_audio_tutorial/`. Chromium opens one
page of every kind (`PAGES`: each section's index, the explorers, diagrams, math and
clips, a notebook, an API page) and the 404 page, whose links are root-absolute, and
asserts that every request succeeds and nothing is logged as an error. Every page is not
needed: what a sub-path breaks is the URLs the theme and the hooks write, the same on
every page of a kind, and the strict build already fails on any absolute link in a page.
"""

from __future__ import annotations

import pytest

from conftest import build_site
from static_server import serve

PREFIX = "hf_audio_tutorial"
PAGES = [
    "",
    "notebooks/",
    "notebooks/quickstart/",  # a notebook: its .ipynb download, its build-time math
    "hearing/",
    "hearing/loudness/",  # the loudness explorer: its figures and clips
    "architectures/",  # inline diagrams
    "architectures/phase-reconstruction/",  # the Griffin-Lim explorer
    "losses/",
    "losses/catalogue/",  # build-time math, KaTeX's CSS and fonts, clips
    "learn-more/",
    "reference/",
    "reference/spectral/",  # an API page
    "about/",
]


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("subpath")
    with serve(root) as origin:
        # Notebooks are not executed here: their outputs hold no links, and the main
        # build (built_site) already executes them; this saves half the build time.
        site_url = f"{origin}/{PREFIX}/"
        result = build_site(root / PREFIX, SITE_URL=site_url, AUDIOML_EXECUTE_NOTEBOOKS="false")
        if result.returncode != 0:
            pytest.fail(f"sub-path build failed:\n{result.stdout}\n{result.stderr}")
        yield root / PREFIX, origin


def load_and_report(page, url: str) -> list[str]:
    """Open one page; return every failed request and console error."""
    found: list[str] = []

    def on_response(response) -> None:
        if response.status >= 400:
            found.append(f"{url}: {response.status} {response.url}")

    def on_console(message) -> None:
        if message.type == "error":
            found.append(f"{url}: console: {message.text}")

    page.on("response", on_response)
    page.on("console", on_console)
    # "load": every request a page makes on its own is done by then (search fetches its
    # index only on demand), so waiting for the network to idle would only add 0.5 s a page
    page.goto(url, wait_until="load")
    page.close()
    return found


def test_pages_work_under_a_sub_path(subpath_site, browser):
    site, origin = subpath_site
    missing = [page for page in PAGES if not (site / page / "index.html").exists()]
    assert not missing, f"pages gone from the site: {missing}"
    urls = [f"{origin}/{PREFIX}/{page}" for page in PAGES] + [f"{origin}/{PREFIX}/404.html"]
    context = browser.new_context()
    problems: list[str] = []
    try:
        for url in urls:
            problems += load_and_report(context.new_page(), url)
    finally:
        context.close()
    assert not problems, "\n".join(problems)
