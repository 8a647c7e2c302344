"""Search loads its index on demand and finds pages (docs/overrides/main.html).

The index (all pages' text, 650 kB) is not part of a page's first load: it is fetched
when the reader first focuses the search field, then search works as usual.
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


def test_index_is_not_loaded_with_the_page(home):
    page, requested = home
    page.wait_for_timeout(500)
    assert index_requests(requested) == 0


def test_focusing_search_loads_the_index_once_and_finds_pages(home):
    page, requested = home
    page.keyboard.press("/")  # Material's shortcut: focus the search field
    page.keyboard.type("griffin")
    first = page.locator(".md-search-result__item").first
    first.wait_for(timeout=15000)
    assert index_requests(requested) == 1
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    assert any("Phase reconstruction" in title for title in titles), titles
