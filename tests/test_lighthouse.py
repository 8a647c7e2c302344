"""Lighthouse budgets on every page of the built site (issue #7).

`tests/lighthouse.mjs` runs Lighthouse 12.8.2 (npm, pinned) with its mobile preset and
simulated throttling on every page, served on 127.0.0.1 by the gzip-compressing static
server the browser check uses (`static_server.py`, as GitHub Pages serves the site). The
reports stay in `test-reports/lighthouse/` (one HTML report per page, and `summary.json`)
for a person to read. Budgets, on every page:

- accessibility, best practices and SEO: 100;
- performance: at least 95, or at least 90 on a page with diagrams;
- page weight on first load, audio excluded: at most 1 MB transferred on a page without
  diagrams.

Lighthouse's performance score comes from a simulation fed by what the page really did,
so a machine busy with other work scores lower; the runner loads one page at a time in
one Chromium, and nothing else in the test session runs meanwhile.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from test_browser import site_pages

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "test-reports" / "lighthouse"
RUNNER = ROOT / "tests" / "lighthouse.mjs"

PERFORMANCE = 95
PERFORMANCE_WITH_DIAGRAMS = 90
MAX_BYTES = 1_000_000  # first load, audio excluded, as transferred
UNSCORED_MEDIA = {"Media"}  # audio players fetch clips on demand: not page weight


def has_diagrams(site: Path, page: str) -> bool:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return 'class="diagram"' in html or 'class="mermaid"' in html


@pytest.fixture(scope="module")
def lighthouse(built_site, server) -> dict:
    node = shutil.which("node")
    assert node, "node is required for Lighthouse: `make install` runs npm ci"
    assert (ROOT / "node_modules" / "lighthouse").is_dir(), "run `make install` (npm ci)"
    shutil.rmtree(REPORTS, ignore_errors=True)
    pages = site_pages(built_site)
    result = subprocess.run(
        [node, str(RUNNER), "--out", str(REPORTS), f"{server}/", *pages],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60 * len(pages),
        check=False,
    )
    summary_file = REPORTS / "summary.json"
    if result.returncode != 0 or not summary_file.exists():
        pytest.fail(f"Lighthouse failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return {"site": built_site, "pages": pages, "summary": json.loads(summary_file.read_text())}


def test_every_page_was_measured(lighthouse):
    summary = lighthouse["summary"]
    assert sorted(summary) == sorted(lighthouse["pages"])
    errors = {page: s["runtime_error"] for page, s in summary.items() if s["runtime_error"]}
    assert not errors, errors
    for page, s in summary.items():
        assert s["bytes"].get("Document", 0) > 1000, f"/{page}: no document was loaded"


@pytest.mark.parametrize("category", ["accessibility", "best-practices", "seo"])
def test_category_scores_100_on_every_page(lighthouse, category):
    failures = [
        f"/{page}: {s['scores'][category]} -- {', '.join(s['lost'][category])}"
        for page, s in lighthouse["summary"].items()
        if s["scores"][category] != 100
    ]
    assert not failures, f"{category} below 100 (reports in {REPORTS}):\n" + "\n".join(failures)


def test_performance_budget_on_every_page(lighthouse):
    failures = []
    for page, s in lighthouse["summary"].items():
        budget = (
            PERFORMANCE_WITH_DIAGRAMS if has_diagrams(lighthouse["site"], page) else PERFORMANCE
        )
        if s["scores"]["performance"] < budget:
            metrics = ", ".join(f"{k} {v:.0f}" for k, v in s["metrics"].items())
            failures.append(f"/{page}: {s['scores']['performance']} < {budget} ({metrics})")
    assert not failures, f"performance (reports in {REPORTS}):\n" + "\n".join(failures)


def test_page_weight_budget(lighthouse):
    failures = []
    for page, s in lighthouse["summary"].items():
        weight = sum(size for kind, size in s["bytes"].items() if kind not in UNSCORED_MEDIA)
        if weight > MAX_BYTES and not has_diagrams(lighthouse["site"], page):
            kinds = ", ".join(f"{k} {v / 1e3:.0f} kB" for k, v in sorted(s["bytes"].items()))
            failures.append(f"/{page}: {weight / 1e6:.2f} MB ({kinds})")
    assert not failures, "pages over 1 MB on first load:\n" + "\n".join(failures)
