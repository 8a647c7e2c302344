"""The README's first command, `make serve`, serves the site: home and every page of the nav.

`make serve` is started as a reader starts it (on a free port, `ADDR=127.0.0.1:<port>`),
with one difference: the notebooks are not executed (`AUDIOML_EXECUTE_NOTEBOOKS=false`,
half the build), as the strict build of `built_site` executes them already. The test waits
for the first build, then fetches every page of mkdocs.yml's nav and asserts that each
answers 200 with an HTML page, and that live reload is on. Nothing it does depends on the
other site tests, so pytest-xdist runs it beside the strict build.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, nav_pages, page_url

FIRST_BUILD_TIMEOUT = 300  # s: a full build takes about 40 s on 2 idle cores


def test_nav_pages_and_their_urls():
    nav = [{"Home": "index.md"}, {"Part": ["p/index.md", {"A": "p/a.md"}, "p/n.ipynb"]}]
    assert [page_url(p) for p in nav_pages(nav)] == ["", "p/", "p/a/", "p/n/"]
    assert "index.md" in nav_pages(), "the real nav starts at the home page"
    assert len(nav_pages()) > 30, "the real nav"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


@pytest.mark.slow
def test_make_serve_serves_every_page_of_the_nav(tmp_path: Path):
    pages = nav_pages()
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "AUDIOML_EXECUTE_NOTEBOOKS": "false"}
    env.pop("MAKEFLAGS", None)  # a make of its own, as a reader's shell starts it
    with open(log, "w") as out:
        serve = subprocess.Popen(
            ["make", "--no-print-directory", "serve", f"ADDR=127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # make and mkdocs in one process group, stopped together
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + FIRST_BUILD_TIMEOUT
        while True:
            assert serve.poll() is None, f"make serve exited:\n{log.read_text()[-3000:]}"
            try:
                status, home = fetch(base)
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, f"nothing served:\n{log.read_text()[-3000:]}"
                time.sleep(0.5)
        assert status == 200
        assert "livereload" in home, "make serve must reload the page on edits"
        failures = []
        for path in pages:
            status, html = fetch(base + page_url(path))
            if status != 200 or "<title>" not in html:
                failures.append(f"{page_url(path) or '/'} ({path}): {status}")
        assert not failures, "\n".join(failures)
        assert "Aborted" not in log.read_text()
    finally:
        os.killpg(serve.pid, signal.SIGINT)
        try:
            serve.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()
