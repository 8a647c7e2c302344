"""Search works offline: Material loads its index once and finds pages.

Typing in the search field (Material's `/` shortcut) finds the phase-reconstruction page,
with the index requested once and from the site itself.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def home(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{server}/", wait_until="networkidle")
    yield page, requested
    context.close()


def index_requests(requested: list[str]) -> int:
    return sum(url.endswith("search/search_index.json") for url in requested)


def test_search_finds_pages(home):
    page, requested = home
    page.keyboard.press("/")  # Material's shortcut: focus the search field
    page.keyboard.type("griffin")
    first = page.locator(".md-search-result__item").first
    first.wait_for(timeout=15000)
    assert index_requests(requested) == 1, "Material loads the index once"
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    assert any("Phase reconstruction" in title for title in titles), titles
