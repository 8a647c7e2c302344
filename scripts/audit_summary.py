"""Print the `make audit` table: Lighthouse CI's runs in `.lighthouseci/`, per page.

For each audited URL: the median of its runs' category scores (performance,
accessibility, best practices, SEO, 0-100), total blocking time, largest contentful
paint and the transferred bytes, and the run count. Lighthouse CI's own assertions
(lighthouserc.json) still decide the exit status of `lhci autorun`; this only reports.
Run from the project root: `.venv/bin/python scripts/audit_summary.py [folder]`.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def runs(folder: Path) -> dict[str, list[dict]]:
    """URL path -> the Lighthouse results (lhr) of its runs."""
    found: dict[str, list[dict]] = defaultdict(list)
    for path in sorted(folder.glob("lhr-*.json")):
        lhr = json.loads(path.read_text(encoding="utf-8"))
        page = urlsplit(lhr["requestedUrl"]).path.removesuffix("index.html") or "/"
        found[page].append(lhr)
    return dict(found)


def row(page: str, lhrs: list[dict]) -> str:
    def median(values) -> float:
        return statistics.median(values)

    scores = [median(100 * lhr["categories"][c]["score"] for lhr in lhrs) for c in CATEGORIES]
    audits = [lhr["audits"] for lhr in lhrs]
    tbt = median(a["total-blocking-time"]["numericValue"] for a in audits)
    lcp = median(a["largest-contentful-paint"]["numericValue"] for a in audits) / 1000
    size = median(a["total-byte-weight"]["numericValue"] for a in audits) / 1024
    cells = " | ".join(f"{s:.0f}" for s in scores)
    return f"| `{page}` | {cells} | {tbt:.0f} ms | {lcp:.2f} s | {size:.0f} KiB | {len(lhrs)} |"


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else ".lighthouseci")
    found = runs(folder)
    if not found:
        print(f"audit_summary.py: error: no lhr-*.json in {folder}", file=sys.stderr)
        return 1
    print("| page | performance | accessibility | best practices | SEO | TBT | LCP "
          "| transferred | runs |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for page, lhrs in found.items():
        print(row(page, lhrs))
    print("\nMedians of the runs (Lighthouse mobile preset, simulated throttling).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
