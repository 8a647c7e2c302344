"""Render every mermaid fence in docs/ to a committed SVG: `make diagrams`.

For each ```mermaid fence in `docs/**/*.md` whose `docs/diagrams/<key>.svg` does not exist
yet (key: `docs/hooks/diagrams.py`, `diagram_key`), render it once in headless Chromium
(Playwright) with the project's own mermaid (`node_modules/mermaid`, installed by
`make install`; never a CDN) and write the SVG. SVGs that no fence uses any more are deleted.
The build (`docs/hooks/diagrams.py`) inlines the SVGs, so pages ship no mermaid JavaScript.

How it matches the site:

- mermaid is initialised exactly as Material for MkDocs does it in the browser: its
  `themeCSS` is read from the installed Material bundle, so the SVG's `<style>` colours
  nodes, edges and labels with Material's `--md-mermaid-*` custom properties and one SVG
  follows both the light and the dark scheme.
- The diagram is rendered inside a page that loads Material's stylesheets and the site's
  own `site.css`, in a `figure.diagram` inside `.md-typeset`, i.e. where the SVG will be
  shown. Text is measured with the site's fonts (`theme.font: false`: the system stack).

Deterministic: the SVG id is `diagram-<key>-svg`, mermaid's `deterministicIds` is on, every
diagram is rendered in a fresh page, and the SVG is serialised by the browser's
XMLSerializer; the same source gives the same bytes on the same machine.

Usage: `.venv/bin/python scripts/render_diagrams.py [--force] [--out DIR] [--only KEY ...]`
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
OUT = DOCS / "diagrams"
MERMAID_JS = ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
MATERIAL = ROOT / ".venv" / "lib" / "python3.11" / "site-packages" / "material" / "templates"
SITE_CSS = DOCS / "assets" / "css" / "site.css"
CHROMIUM = "/usr/bin/chromium"


def _load_hook():
    """The build hook owns the key and id rules; import it by path (docs/ is no package)."""
    spec = importlib.util.spec_from_file_location("diagrams_hook", DOCS / "hooks" / "diagrams.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook = _load_hook()


@dataclass(frozen=True)
class Fence:
    page: str  # path relative to docs/
    line: int  # 1-based line of the opening fence
    source: str

    @property
    def key(self) -> str:
        return hook.diagram_key(self.source)


OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*mermaid\s*$")


def find_fences(docs: Path = DOCS) -> list[Fence]:
    """Every ```mermaid fence in docs/**/*.md, in file and line order (indentation removed)."""
    fences = []
    for path in sorted(docs.rglob("*.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        index = 0
        while index < len(lines):
            match = OPEN.match(lines[index])
            index += 1
            if not match:
                continue
            start, indent, fence = index, match["indent"], match["fence"]
            body = []
            while index < len(lines) and lines[index].strip() != fence:
                line = lines[index]
                body.append(line[len(indent) :] if line.startswith(indent) else line.lstrip())
                index += 1
            index += 1
            fences.append(Fence(str(path.relative_to(docs)), start, "\n".join(body)))
    return fences


def material_config() -> dict:
    """Material's `mermaid.initialize` options, with its themeCSS read from its bundle."""
    bundles = sorted((MATERIAL / "assets" / "javascripts").glob("bundle.*.min.js"))
    if not bundles:
        sys.exit(f"Material's JavaScript bundle not found in {MATERIAL}; run `make install`")
    text = bundles[0].read_text(encoding="utf-8")
    name = re.search(r"mermaid\.initialize\(\{startOnLoad:!1,themeCSS:(\w+)", text)
    literal = name and re.search(rf'\b{re.escape(name[1])}=("(?:[^"\\]|\\.)*")', text)
    if not literal:
        sys.exit(f"themeCSS not found in {bundles[0].name}: Material changed; update this script")
    return {
        "startOnLoad": False,
        "themeCSS": json.loads(literal[1]),
        # As Material sets them (bundle: `sequence:{actorFontSize:"16px",...}`).
        "sequence": {"actorFontSize": "16px", "messageFontSize": "16px", "noteFontSize": "16px"},
        # Ours: stable ids, so the same source gives the same bytes.
        "deterministicIds": True,
    }


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>render</title></head>
<body dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo">
<div class="md-container"><main class="md-main"><div class="md-main__inner md-grid">
<div class="md-content"><article class="md-content__inner md-typeset">
<figure class="diagram" id="host"></figure>
</article></div></div></main></div>
</body></html>"""

RENDER = """
async ([id, source, config]) => {
  await document.fonts.ready
  mermaid.initialize({ ...config, deterministicIDSeed: id })
  const host = document.getElementById("host")
  const { svg } = await mermaid.render(id, source, host)
  host.innerHTML = svg
  return new XMLSerializer().serializeToString(host.querySelector("svg"))
}
"""


def render(fences: list[Fence], out: Path) -> list[Path]:
    """Render each fence to out/<key>.svg in a fresh page; return the files written."""
    from playwright.sync_api import sync_playwright

    if not MERMAID_JS.exists():
        sys.exit(f"{MERMAID_JS.relative_to(ROOT)} not found; run `make install`")
    config = material_config()
    styles = [*sorted((MATERIAL / "assets" / "stylesheets").glob("*.min.css")), SITE_CSS]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox"]
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", lambda route: route.abort())  # offline: nothing is fetched
        try:
            for fence in fences:
                page = context.new_page()
                page.set_content(PAGE)
                for style in styles:
                    page.add_style_tag(path=style)
                page.add_script_tag(path=MERMAID_JS)
                svg = page.evaluate(RENDER, [hook.svg_id(fence.key), fence.source, config])
                page.close()
                path = out / f"{fence.key}.svg"
                path.write_text(svg + "\n", encoding="utf-8")
                written.append(path)
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="re-render every diagram")
    parser.add_argument(
        "--out", type=Path, default=OUT, help="output folder (default: %(default)s)"
    )
    parser.add_argument("--only", nargs="+", metavar="KEY", help="render only these keys")
    args = parser.parse_args(argv)

    unique: dict[str, Fence] = {}
    for fence in find_fences():
        unique.setdefault(fence.key, fence)
    todo = [
        fence
        for key, fence in unique.items()
        if (args.only is None or key in args.only)
        and (args.force or args.only or not (args.out / f"{key}.svg").exists())
    ]
    started = time.perf_counter()
    for path in render(todo, args.out) if todo else []:
        fence = unique[path.stem]
        print(f"rendered {fence.page}:{fence.line} -> {path}")
    if args.only is None:
        for orphan in sorted(set(args.out.glob("*.svg")) - {args.out / f"{k}.svg" for k in unique}):
            orphan.unlink()
            print(f"deleted {orphan.name} (no fence uses it)")
    print(f"{len(unique)} diagrams, {len(todo)} rendered in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
