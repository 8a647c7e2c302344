"""Check every URL in docs/data/links.yml over the network (maintainers only).

Run with `make linkcheck-external`. It needs internet access, so CI and `make test` never
run it; its parsing and reporting logic is tested offline with a fake fetch function.

For each entry it sends a HEAD request, and falls back to GET when HEAD fails or is refused
(many servers answer 403/405 to HEAD). Requests to the same host are spaced at least
`--min-interval` seconds apart (default 1 s), each has a timeout, and redirects are
followed. It prints one table row per URL (status, entry id, URL, final URL after
redirects) and exits with status 1 if any URL failed (network error or HTTP status >= 400).
The data file is only ever opened for reading.
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

DATA = Path(__file__).resolve().parents[1] / "docs" / "data" / "links.yml"
USER_AGENT = "hf_audio_tutorial-linkcheck/1.0 (+maintainers; polite, one request per host per s)"
# HEAD answers after which GET is tried: the server may not support HEAD for this URL.
RETRY_WITH_GET = {400, 403, 404, 405, 429, 500, 501, 503}


@dataclass(frozen=True)
class Result:
    """The outcome of checking one URL."""

    id: str
    url: str
    status: int | None  # HTTP status, None when no response came back
    final_url: str | None  # address after redirects
    method: str  # the request that produced this result: HEAD or GET
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400


def read_entries(path: Path) -> list[tuple[str, str]]:
    """(id, url) for every entry of the data file, in file order (read-only)."""
    with Path(path).open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    links = data.get("links") if isinstance(data, dict) else None
    if not isinstance(links, list):
        raise ValueError(f"{path}: expected a mapping with a 'links' list")
    entries = []
    for index, entry in enumerate(links):
        if not isinstance(entry, dict) or "id" not in entry or "url" not in entry:
            raise ValueError(f"{path}: entry #{index + 1} has no id or url")
        entries.append((str(entry["id"]), str(entry["url"])))
    return entries


def _request(url: str, method: str, timeout: float) -> tuple[int, str]:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.geturl()
    except urllib.error.HTTPError as exc:  # a response with an error status
        return exc.code, exc.geturl() or url


def fetch(
    url: str,
    *,
    timeout: float = 20.0,
    request: Callable[[str, str, float], tuple[int, str]] = _request,
) -> tuple[int | None, str | None, str, str]:
    """HEAD, then GET if HEAD failed: (status, final_url, method, error)."""
    try:
        status, final = request(url, "HEAD", timeout)
        if status not in RETRY_WITH_GET:
            return status, final, "HEAD", ""
    except Exception as exc:
        head_error = f"HEAD: {type(exc).__name__}: {exc}"
    else:
        head_error = f"HEAD: {status}"
    try:
        status, final = request(url, "GET", timeout)
        return status, final, "GET", "" if status < 400 else head_error
    except Exception as exc:
        return None, None, "GET", f"{head_error}; GET: {type(exc).__name__}: {exc}"


def check_all(
    entries: Iterable[tuple[str, str]],
    *,
    fetch: Callable[[str], tuple[int | None, str | None, str, str]] = fetch,
    min_interval: float = 1.0,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> list[Result]:
    """Check each URL, waiting so two requests to one host are >= min_interval apart.

    One fetch may send two requests (HEAD then GET); the spacing is between fetches.
    """
    last_seen: dict[str, float] = {}
    results = []
    for entry_id, url in entries:
        host = (urlsplit(url).hostname or "").lower()
        if host in last_seen:
            wait = last_seen[host] + min_interval - clock()
            if wait > 0:
                sleep(wait)
        last_seen[host] = clock()
        status, final, method, error = fetch(url)
        results.append(Result(entry_id, url, status, final, method, error))
        last_seen[host] = clock()
    return results


def format_table(results: list[Result]) -> str:
    """A plain-text table: status, id, URL, final URL (or the error) for each result."""
    rows = [("status", "id", "url", "final url / error")]
    for r in results:
        status = str(r.status) if r.status is not None else "ERR"
        flag = "ok " if r.ok else "FAIL"
        detail = r.error if not r.ok else (r.final_url if r.final_url != r.url else "(same)")
        rows.append((f"{flag} {status} {r.method}", r.id, r.url, detail or ""))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True))
        + "  "
        + row[3]
        for row in rows
    ]
    failed = sum(not r.ok for r in results)
    lines.append(f"\n{len(results)} URLs checked, {failed} failed.")
    return "\n".join(lines)


def main(
    argv: list[str] | None = None,
    *,
    fetch_fn: Callable[[str], tuple[int | None, str | None, str, str]] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the links data file")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per request")
    parser.add_argument(
        "--min-interval", type=float, default=1.0, help="seconds between requests to one host"
    )
    args = parser.parse_args(argv)
    if args.min_interval < 1.0:
        parser.error("--min-interval must be at least 1 second (be polite)")
    if args.timeout <= 0:
        parser.error("--timeout must be positive")
    entries = read_entries(args.data)
    if fetch_fn is None:

        def fetch_fn(url: str) -> tuple[int | None, str | None, str, str]:
            return fetch(url, timeout=args.timeout)

    results = check_all(entries, fetch=fetch_fn, min_interval=args.min_interval, sleep=sleep)
    print(format_table(results))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
