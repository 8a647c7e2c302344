"""Tables wrapped to scroll sideways at build time (docs/hooks/tables.py).

Unit tests of the wrapping and of the rewritten selector, then the built site: no table is
left for Material to wrap at start-up, and Material's stylesheet differs from Material's
own copy only in that selector. That
such a table looks exactly like the one Material would have wrapped, and that Material
leaves it alone, is asserted in a real browser by test_browser.py.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from conftest import site_pages

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("tables_hook", ROOT / "docs/hooks/tables.py")
hook = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hook)

WRAPPED = (
    '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
    '<table class="data-table"{attrs}>{body}</table></div></div>'
)


def test_a_table_without_class_is_wrapped_as_material_would():
    article = '<p>a</p><table data-below-fold="phone"><tr><td>1</td></tr></table><p>b</p>'
    out = hook.wrap_tables(article)
    body = "<tr><td>1</td></tr>"
    assert (
        out == "<p>a</p>" + WRAPPED.format(attrs=' data-below-fold="phone"', body=body) + "<p>b</p>"
    )


def test_tables_with_a_class_are_left_alone_and_wrapping_is_idempotent():
    article = (
        '<table class="dataframe"><tr><td>1</td></tr></table><table><tr><td>2</td></tr></table>'
    )
    once = hook.wrap_tables(article)
    assert once.startswith('<table class="dataframe">'), "a pandas table is not Material's to wrap"
    assert once.count("md-typeset__scrollwrap") == 1
    assert hook.wrap_tables(once) == once


def test_nested_tables_are_each_wrapped():
    article = "<table><tr><td><table><tr><td>in</td></tr></table></td></tr></table>"
    out = hook.wrap_tables(article)
    assert out.count('<table class="data-table">') == 2
    assert out.count("md-typeset__scrollwrap") == 2
    inner = WRAPPED.format(attrs="", body="<tr><td>in</td></tr>")
    assert out == WRAPPED.format(attrs="", body=f"<tr><td>{inner}</td></tr>")


@pytest.mark.parametrize("broken", ["<table><tr><td>1</td></tr>", "<p>a</p></table>"])
def test_unbalanced_tables_are_refused(broken):
    with pytest.raises(ValueError, match="table"):
        hook.wrap_tables(broken)


def test_materials_table_rules_apply_to_the_class_instead():
    css = ".md-typeset table:not([class]) td{a:b}.md-typeset p{c:d}"
    assert hook.for_wrapped_tables(css) == ".md-typeset table.data-table td{a:b}.md-typeset p{c:d}"
    with pytest.raises(ValueError, match="has Material changed"):
        hook.for_wrapped_tables(".md-typeset p{c:d}")


def test_the_sites_material_stylesheet_differs_only_in_the_table_selector(built_site):
    (ours,) = (built_site / "assets" / "stylesheets").glob("main.*.min.css")
    material = (hook.MATERIAL_STYLESHEETS / ours.name).read_text(encoding="utf-8")
    rewritten = ours.read_text(encoding="utf-8")
    assert material.count("table:not([class])") >= 12
    # the selector that made a write of the root's class attribute restyle the whole page
    assert ":not([class])" not in rewritten
    assert rewritten.replace("table.data-table", "table:not([class])") == material


def test_no_table_is_left_for_material_to_wrap(built_site):
    wrapped_pages = 0
    for page in site_pages(built_site):
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        article = html[html.index("<article") : html.index("</article>")]
        classless = [tag for tag in re.findall(r"<table\b[^>]*>", article) if "class=" not in tag]
        assert not classless, f"/{page}: {classless[:3]}"
        tables = article.count('<table class="data-table"')
        wraps = article.count('<div class="md-typeset__scrollwrap"><div class="md-typeset__table">')
        assert tables == wraps, f"/{page}: {tables} tables, {wraps} wrappers"
        wrapped_pages += tables > 0
    assert wrapped_pages >= 10, "the API pages and the result tables are wrapped"


# Each element of the first tables' wrappers: tag, every computed property, and its box.
STYLES = """
(count) => [...document.querySelectorAll("article .md-typeset__scrollwrap")].slice(0, count)
  .map((wrap) => [wrap, ...wrap.querySelectorAll("*")].map((element) => {
    const style = getComputedStyle(element), box = element.getBoundingClientRect()
    return [
      element.tagName,
      [...style].map((name) => `${name}: ${style.getPropertyValue(name)}`).sort().join("; "),
      [box.x, box.y, box.width, box.height].map(Math.round).join(" "),
    ]
  }))
"""
WRAPPERS = "() => document.querySelectorAll('article .md-typeset__scrollwrap').length"


def as_material_had_it(html: str) -> str:
    """A built page as it was before this hook: its tables without wrapper or class."""
    opening = hook.WRAP_OPEN + '<table class="data-table"'
    tables = html.count(opening)
    html = html.replace(opening, "<table")
    assert html.count("</table></div></div>") == tables, "a page with tables of other kinds"
    return html.replace("</table></div></div>", "</table>")


@pytest.mark.parametrize("path", ["reference/losses-spectral/", "architectures/setting-1/"])
def test_wrapped_tables_look_as_material_left_them(built_site, server, browser, path):
    """The page as built against the same page as Material had it: classless tables,
    Material's own stylesheet and the site's rules for `table:not([class])`, the tables
    wrapped by Material's bundle as it starts. Every computed style and every box of the
    first three tables' wrappers and their contents must agree (an API page, with math in
    its tables; a page of compact result tables), and Material must not wrap the built
    tables again."""
    html = (built_site / path / "index.html").read_text(encoding="utf-8")
    tables = html.count('<table class="data-table"')
    (stylesheet,) = (built_site / "assets" / "stylesheets").glob("main.*.min.css")
    material_css = (hook.MATERIAL_STYLESHEETS / stylesheet.name).read_text(encoding="utf-8")
    site_css = (built_site / "assets" / "css" / "site.css").read_text(encoding="utf-8")
    old_rules = site_css.replace("table.data-table", "table:not([class])")
    measured = {}
    for version in ("built", "material"):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        if version == "material":
            page.route(
                f"{server}/{path}",
                lambda r: r.fulfill(body=as_material_had_it(html), content_type="text/html"),
            )
            page.route(
                "**/assets/stylesheets/main.*.min.css",
                lambda r: r.fulfill(body=material_css, content_type="text/css"),
            )
            page.route(
                "**/assets/css/site.css",
                lambda r: r.fulfill(body=old_rules, content_type="text/css"),
            )
        try:
            page.goto(f"{server}/{path}", wait_until="load")
            page.wait_for_function("() => window.document$ !== undefined", timeout=5000)
            page.wait_for_function(f"() => ({WRAPPERS})() === {tables}", timeout=5000)
            page.wait_for_timeout(300)  # Material done mounting: no second wrap appears
            assert page.evaluate(WRAPPERS) == tables, f"{version}: tables wrapped twice"
            measured[version] = page.evaluate(STYLES, 3)
        finally:
            context.close()
    assert tables >= 2
    built, material = measured["built"], measured["material"]
    assert [len(t) for t in built] == [len(t) for t in material]
    for number, (ours, theirs) in enumerate(zip(built, material, strict=True)):
        for (tag, style, box), (_, their_style, their_box) in zip(ours, theirs, strict=True):
            if style != their_style:
                differ = set(style.split("; ")) ^ set(their_style.split("; "))
                pytest.fail(
                    f"/{path} table {number}: {tag} styled differently: {sorted(differ)[:6]}"
                )
            assert box == their_box, f"/{path} table {number}: {tag} at {box}, not {their_box}"
