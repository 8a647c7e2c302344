"""Lighthouse on every page of the built site (issue #7).

`tests/lighthouse.mjs` runs Lighthouse 12.8.2 (npm, pinned) with its mobile preset and
simulated throttling on every page, served on 127.0.0.1 by the gzip-compressing static
server the browser check uses (`static_server.py`, as GitHub Pages serves the site), in two
passes (conftest's `lighthouse_passes`): performance first, alone, then accessibility,
best practices and SEO in the background while the rest of the suite runs. The reports stay in
`test-reports/lighthouse/{audits,performance}/` (one HTML report per page and
`summary.json`) for a person to read. Asserted on every page:

- accessibility, best practices and SEO: 100;
- page weight on first load, audio excluded: at most 1 MB transferred on a page without
  diagrams;
- performance: the budget is 95, or 90 on a page with diagrams. A page's score moves by
  up to 8 points between identical runs on this 2-core VM, so a page under budget in its
  first run is measured again and scored by the median of its runs: of 3, then, if still
  under, of 5 (conftest's `measure_performance`). The scores also follow the host's
  speed: Lighthouse scales the CPU time it observes by a fixed 4x, and this VM's
  benchmark index (Lighthouse's measure of the host CPU, in each report) has ranged from
  1,136 to 2,300 between runs. The report (`test-reports/lighthouse/performance-budget.md`)
  gives each run's index and the CPU multiplier Lighthouse's own calibration would pick
  for the run's host (`calibrated_multiplier`): its fixed 4x matches a host index of about
  1,530, so on this VM when idle the preset emulates a faster phone than Lighthouse's
  reference device (it would use about 7x), and on a slower host a slower one.
- no layout shift worth the name (CLS at most 0.02): the blocks that skip rendering until
  scrolled near (docs/hooks/offscreen.py) must never be on the first screen.
"""

from __future__ import annotations

import pytest

import conftest
from conftest import LIGHTHOUSE_REPORTS, has_diagrams, performance_budget, site_pages

MAX_CLS = 0.02
MAX_BYTES = 1_000_000  # first load, audio excluded, as transferred
AUDIO = "Media"  # players fetch clips only when played: not page weight


def calibrated_multiplier(benchmark_index: float) -> float:
    """The CPU slowdown Lighthouse's throttling calculator advises for a host of this
    benchmark index, to emulate its reference mid-tier phone (the calculator linked from
    Lighthouse's docs/throttling.md, patrickhulce/lighthouse-cpu-throttling-calculator:
    piecewise linear through 150 -> 1x, 800 -> 2x, 1300 -> 3x, then 1x per 233 more)."""
    if benchmark_index >= 1300:
        return 3 + (benchmark_index - 1300) / 233
    if benchmark_index >= 800:
        return 2 + (benchmark_index - 800) / 500
    return 1 + (benchmark_index - 150) / 650


def test_calibrated_multiplier_follows_lighthouse_calculator():
    assert calibrated_multiplier(1533) == pytest.approx(4.0, abs=0.01)  # the fixed preset
    assert calibrated_multiplier(2000) == pytest.approx(6.0, abs=0.01)
    assert calibrated_multiplier(1300) == pytest.approx(3.0)
    assert calibrated_multiplier(800) == pytest.approx(2.0)
    assert calibrated_multiplier(150) == pytest.approx(1.0)


def test_a_page_under_budget_is_scored_by_the_median_of_3_then_5_runs(monkeypatch, tmp_path):
    """conftest's measure_performance: a page meeting its budget at once keeps its one run;
    one under it is measured twice more, and, still under by the median of 3, twice
    more again; its score is the median of all its runs."""
    scores = {"fast/": [99], "slow/": [90, 91, 96, 96, 97], "hopeless/": [50, 60, 70, 80, 85]}
    calls, taken = [], dict.fromkeys(scores, 0)

    def start(categories, origin, pages, *, name=None, runs=1):
        calls.append((name, sorted(pages), runs))
        return pages, runs

    def finish(process, name):  # as tests/lighthouse.mjs: the first run, and every run
        pages, runs = process
        summary = {}
        for page in pages:
            done = [{"scores": {"performance": score}} for score in scores[page][taken[page] :]]
            taken[page] += runs
            summary[page] = {**done[0], "runs": done[:runs]}
        return summary

    for page in scores:
        (tmp_path / page).mkdir()
        (tmp_path / page / "index.html").write_text("<p>no diagrams</p>")
    monkeypatch.setattr(conftest, "start_lighthouse", start)
    monkeypatch.setattr(conftest, "finish_lighthouse", finish)
    measured = conftest.measure_performance(tmp_path, "http://127.0.0.1")
    assert calls == [
        (None, ["fast/", "hopeless/", "slow/"], 1),
        ("performance-3-runs", ["hopeless/", "slow/"], 2),
        ("performance-5-runs", ["hopeless/", "slow/"], 2),
    ]
    assert {page: m["scores"]["performance"] for page, m in measured.items()} == {
        "fast/": 99,
        "slow/": 96,
        "hopeless/": 70,
    }
    assert [len(measured[page]["runs"]) for page in ("fast/", "slow/", "hopeless/")] == [1, 5, 5]


@pytest.fixture
def lighthouse_performance(lighthouse_passes) -> dict:
    return lighthouse_passes["performance"]


def test_pages_with_diagrams_are_recognised(built_site):
    """The looser budget applies to exactly the pages that show diagrams (whatever other
    classes their figures carry)."""
    with_diagrams = {page for page in site_pages(built_site) if has_diagrams(built_site, page)}
    assert with_diagrams == {
        "architectures/",
        "architectures/setting-1/",
        "architectures/setting-2/",
        "architectures/setting-3/",
    }


def test_every_page_was_measured(built_site, lighthouse_audits, lighthouse_passes):
    pages = sorted(site_pages(built_site))
    for summary in (lighthouse_audits, lighthouse_passes["performance"]):
        assert sorted(summary) == pages
        errors = {page: s["runtime_error"] for page, s in summary.items() if s["runtime_error"]}
        assert not errors, errors
    for page, s in lighthouse_passes["performance"].items():
        assert s["bytes"].get("Document", 0) > 1000, f"/{page}: no document was loaded"


@pytest.mark.parametrize("category", ["accessibility", "best-practices", "seo"])
def test_category_scores_100_on_every_page(lighthouse_audits, category):
    failures = [
        f"/{page}: {s['scores'][category]} -- {', '.join(s['lost'][category])}"
        for page, s in lighthouse_audits.items()
        if s["scores"][category] != 100
    ]
    reports = LIGHTHOUSE_REPORTS / "audits"
    assert not failures, f"{category} below 100 (reports in {reports}):\n" + "\n".join(failures)


def test_page_weight_budget(built_site, lighthouse_performance):
    failures = []
    for page, s in lighthouse_performance.items():
        weight = sum(size for kind, size in s["bytes"].items() if kind != AUDIO)
        if weight > MAX_BYTES and not has_diagrams(built_site, page):
            kinds = ", ".join(f"{k} {v / 1e3:.0f} kB" for k, v in sorted(s["bytes"].items()))
            failures.append(f"/{page}: {weight / 1e6:.2f} MB ({kinds})")
    assert not failures, "pages over 1 MB on first load:\n" + "\n".join(failures)


def test_performance_budget(built_site, lighthouse_performance):
    rows, missed = [], []
    ranked = sorted(lighthouse_performance.items(), key=lambda i: i[1]["scores"]["performance"])
    for page, s in ranked:
        score = s["scores"]["performance"]
        budget = performance_budget(built_site, page)
        runs = " ".join(str(run["scores"]["performance"]) for run in s["runs"])
        hosts = " ".join(f"{run['benchmark_index']:.0f}" for run in s["runs"])
        m = s["metrics"]
        rows.append(
            f"| /{page} | {score} | {runs} | {budget} | "
            f"{'met' if score >= budget else '**missed**'} | "
            f"{m['largest-contentful-paint']:.0f} | {m['total-blocking-time']:.0f} | "
            f"{m['cumulative-layout-shift']:.3f} | {s['dom_size']:.0f} | {hosts} |"
        )
        if score < budget:
            missed.append(f"/{page}: {score} < {budget} (runs {runs}; host index {hosts})")
    indices = sorted(run["benchmark_index"] for s in ranked for run in s[1]["runs"])
    host = indices[len(indices) // 2]
    report = LIGHTHOUSE_REPORTS / "performance-budget.md"
    report.write_text(
        f"Lighthouse performance (mobile), {len(rows) - len(missed)} of {len(rows)} pages "
        "within budget. Score: the median of the runs (one run when the first met the "
        "budget, else 3, else 5). Host: Lighthouse's benchmark index of each run (this VM: "
        f"about 2,250 when idle); median this run {host:.0f}, for which Lighthouse's "
        f"calibration would slow the CPU {calibrated_multiplier(host):.1f}x instead of the "
        "preset's fixed 4x.\n\n"
        "| page | score | runs | budget | | LCP ms | TBT ms | CLS | DOM nodes | host |\n"
        "|---|---:|---|---:|---|---:|---:|---:|---:|---|\n" + "\n".join(rows) + "\n"
    )
    assert not missed, (
        f"performance under budget (table in {report}, reports in "
        f"{LIGHTHOUSE_REPORTS / 'performance'}*):\n" + "\n".join(missed)
    )


def test_no_layout_shift(lighthouse_performance):
    shifts = {
        f"/{page}": round(s["metrics"]["cumulative-layout-shift"], 3)
        for page, s in lighthouse_performance.items()
        if s["metrics"]["cumulative-layout-shift"] > MAX_CLS
    }
    assert not shifts, f"cumulative layout shift above {MAX_CLS}: {shifts}"
