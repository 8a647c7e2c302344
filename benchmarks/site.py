"""Build-time and size benchmark of the site (part of `make bench`).

Measures, in one run on this machine: a clean strict build, a `--dirty` rebuild after
editing one page (what `make serve` needs to feel live), the total size of the built
site, and its heaviest pages. Prints one Markdown table; writes nothing in the project.

Run from the project root: `.venv/bin/python benchmarks/site.py`.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build(site: Path, *extra: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site), *extra],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def page_weights(site: Path) -> list[tuple[int, str]]:
    """HTML size plus the images it references directly, per page (bytes)."""
    weights = []
    for html in site.rglob("index.html"):
        total = html.stat().st_size
        text = html.read_text(encoding="utf-8")
        for image in {part.split('"')[0] for part in text.split('<img src="')[1:]}:
            path = (html.parent / image).resolve()
            if path.is_file():
                total += path.stat().st_size
        weights.append((total, html.parent.relative_to(site).as_posix() or "/"))
    return sorted(weights, reverse=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        clean = build(site)
        page = ROOT / "docs" / "about.md"
        original = page.read_text(encoding="utf-8")
        try:
            page.write_text(original + "\n<!-- benchmark edit -->\n", encoding="utf-8")
            dirty = build(site, "--dirty")
        finally:
            page.write_text(original, encoding="utf-8")
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        media = sum(p.stat().st_size for p in (site / "media").glob("*") if p.is_file())
        heaviest = page_weights(site)[:5]
        shutil.rmtree(site, ignore_errors=True)

    print(
        f"Site build on {platform.machine()} ({os.cpu_count()} CPUs), Python "
        f"{platform.python_version()}\n"
    )
    print("| measurement | value | target |")
    print("|---|---:|---|")
    print(f"| clean `mkdocs build --strict` (notebooks executed) | {clean:.1f} s | < 90 s |")
    print(f"| rebuild after editing one page (`--dirty`) | {dirty:.1f} s | < 10 s |")
    print(f"| built site, total | {size / 1e6:.1f} MB | |")
    print(f"| of which audio clips | {media / 1e6:.1f} MB | |")
    for weight, name in heaviest:
        print(f"| page `{name}`: HTML + its images | {weight / 1e6:.2f} MB | |")


if __name__ == "__main__":
    main()
