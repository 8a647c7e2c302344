"""The built site: strict build, and every href/src and #fragment in its HTML resolves."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import PREFIX, nav_pages, page_url

# Attributes that load a resource (must be same-origin) or navigate (may be external).
RESOURCE_ATTRS = {
    ("img", "src"),
    ("script", "src"),
    ("audio", "src"),
    ("source", "src"),
    ("video", "src"),
    ("iframe", "src"),
    ("link", "href"),
    ("track", "src"),
}
NAVIGATION_ATTRS = {("a", "href"), ("area", "href")}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in {"id", "name"} and (name == "id" or tag == "a"):
                self.ids.add(value)
            if tag == "link" and name == "href" and dict(attrs).get("rel") == "canonical":
                self.links.append(("a", name, value))  # names the page's URL, loads nothing
            elif (tag, name) in RESOURCE_ATTRS or (tag, name) in NAVIGATION_ATTRS:
                self.links.append((tag, name, value))


def parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def target_file(site: Path, page: Path, url_path: str, prefix: str = "/") -> Path:
    """The file a link's path names; a root-absolute path (the 404 page's) must start with
    `prefix`, the sub-path the site is served at (else it names a file that is not there)."""
    if url_path.startswith("/"):
        if not url_path.startswith(prefix):
            return site / ".outside-the-site" / url_path.lstrip("/")
        target = (site / unquote(url_path[len(prefix) :])).resolve()
    else:
        target = (page.parent / unquote(url_path)).resolve() if url_path else page
    if target.is_dir():
        target = target / "index.html"
    return target


def broken_links(site: Path, prefix: str = "/") -> list[str]:
    """Every href/src and fragment in the built HTML that does not resolve, for the site
    served at the sub-path `prefix`."""
    pages = {path: parse(path) for path in site.rglob("*.html")}
    problems = []
    for page, collected in pages.items():
        where = page.relative_to(site)
        for tag, attr, value in collected.links:
            parts = urlsplit(value)
            if parts.scheme in {"mailto", "tel", "data", "javascript"}:
                continue
            if parts.scheme or parts.netloc:
                if (tag, attr) in RESOURCE_ATTRS:
                    problems.append(f"{where}: <{tag} {attr}> loads from another origin: {value}")
                continue
            target = target_file(site, page, parts.path, prefix)
            if not target.exists():
                problems.append(f"{where}: <{tag} {attr}={value!r}> -> missing {target}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(
                        f"{where}: <{tag} {attr}={value!r}> -> no id {parts.fragment!r}"
                    )
    return problems


def test_every_link_and_fragment_resolves(built_site):
    problems = broken_links(built_site, PREFIX)
    assert not problems, "\n".join(problems[:50])


def test_the_link_checker_catches_each_kind_of_breakage(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<a id="top" href="sub/">ok</a><a href="sub/#here">ok</a><a href="#top">ok</a>'
        '<a href="https://example.org/">external link is fine</a>'
        '<a href="missing/">broken</a><a href="sub/#nowhere">bad fragment</a>'
        '<img src="https://cdn.example.org/x.png"><audio src="media/none.flac"></audio>'
        '<script src="app.js"></script><a href="/base/sub/">ok</a><a href="/sub/">outside</a>'
        '<link rel="canonical" href="https://example.org/base/">',
        encoding="utf-8",
    )
    (tmp_path / "app.js").write_text("", encoding="utf-8")
    (tmp_path / "sub" / "index.html").write_text('<h1 id="here">x</h1>', encoding="utf-8")
    problems = broken_links(tmp_path, "/base/")
    assert len(problems) == 5, problems
    assert any("'/sub/'" in p for p in problems), "a root-absolute link outside the base"
    assert any("missing" in p and "missing/" in p for p in problems)
    assert any("no id 'nowhere'" in p for p in problems)
    assert any("another origin: https://cdn.example.org/x.png" in p for p in problems)
    assert any("media/none.flac" in p for p in problems)


def test_built_site_has_every_nav_page_and_the_notebook_download(built_site):
    missing = [p for p in nav_pages() if not (built_site / page_url(p) / "index.html").exists()]
    assert not missing, f"nav pages not built: {missing}"
    assert (built_site / "404.html").exists()
    assert (built_site / "notebooks/quickstart/quickstart.ipynb").exists()
    html = (built_site / "notebooks/quickstart/index.html").read_text(encoding="utf-8")
    assert 'href="quickstart.ipynb" download' in html
    assert 'src=""' not in html, "nbconvert's empty MathJax script must be stripped"
    assert "cdnjs" not in html, "nbconvert's CDN scripts must be stripped"


def test_executed_notebook_shows_fresh_outputs(built_site):
    html = (built_site / "notebooks/quickstart/index.html").read_text(encoding="utf-8")
    assert "same seed, same samples: True" in html
    # three plots and one regenerated figure, moved out of the HTML by docs/hooks/notebooks.py
    images = [name for name in html.split('<img src="')[1:] if name.startswith("cell-")]
    assert len(images) == 4
    for image in images:
        assert (built_site / "notebooks/quickstart" / image.split('"')[0]).is_file()


def test_vendor_assets_load_only_where_needed(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    arch = (built_site / "architectures/index.html").read_text(encoding="utf-8")
    notebook = (built_site / "notebooks/quickstart/index.html").read_text(encoding="utf-8")
    # Math is typeset at build time, notebooks' too: pages with math load KaTeX's CSS, none
    # its script, and a notebook without math not even the CSS.
    assert "katex.min.css" in arch
    assert "katex.min.js" not in arch
    assert "katex.min.js" not in notebook
    assert "katex.min.css" not in notebook
    # Diagrams are inline SVG (docs/hooks/diagrams.py): no page loads mermaid.js.
    assert not [p for p in built_site.rglob("*.html") if "mermaid.min.js" in p.read_text("utf-8")]
    assert "katex.min.js" not in home
    assert "fonts.googleapis" not in home


@pytest.mark.parametrize("page", ["index.html", "architectures/index.html"])
def test_pages_have_a_meta_description(built_site, page):
    html = (built_site / page).read_text(encoding="utf-8")
    assert '<meta name="description" content="' in html
