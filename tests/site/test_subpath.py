"""The site works under a sub-path, as GitHub Pages serves a project site.

The one build of the run (`built_site`) is made for `SITE_URL`
(`http://127.0.0.1/hf_audio_tutorial/`) and served under that sub-path, so the browser pass
(tests/browser/test_browser.py) already fails on any page that asks the server's root for
something. What is left to check here: the build really was made for the sub-path (the
canonical URLs say so), and the 404 page -- the one page whose links are root-absolute,
since it is served for any missing URL -- loads everything it needs from the sub-path.
"""

from __future__ import annotations

from conftest import PREFIX, SITE_URL


def test_the_build_is_made_for_the_sub_path(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}">' in home
    not_found = (built_site / "404.html").read_text(encoding="utf-8")
    assert f'href="{PREFIX}assets/' in not_found, "the 404 page links its assets root-absolute"


def test_the_404_page_loads_everything_from_the_sub_path(server, browser):
    problems: list[str] = []
    context = browser.new_context()
    page = context.new_page()
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    try:
        page.goto(f"{server}/404.html", wait_until="load")
        styled = page.evaluate("() => document.styleSheets.length")
        links = page.eval_on_selector_all("a.md-nav__link[href]", "(a) => a.map((x) => x.href)")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    assert styled > 0, "the 404 page loaded no stylesheet"
    outside = [url for url in links if not url.startswith(f"{server}/")]
    assert links, "the 404 page has no navigation links"
    assert not outside, f"404 page links outside {PREFIX}: {outside[:5]}"
