"""A plain static file server for the built site, compressing text as GitHub Pages does.

Python's `http.server` sends every file uncompressed; a real host (GitHub Pages, Netlify,
any nginx) gzips HTML, CSS, JavaScript, JSON and SVG. The browser check and Lighthouse
measure page weight and load time, so they are served the way users receive them: text
types are gzipped when the client asks for it (`Accept-Encoding: gzip`), binary types
(PNG, audio, fonts) are sent as they are. Compression is deterministic (`mtime=0`) and
cached per file.

`serve(directory, prefix="/hf_audio_tutorial/")` serves the folder under a sub-path, as
GitHub Pages serves a project site: a URL outside the prefix is a 404, so a page that
links to the server's root instead of its own base fails the browser check.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

COMPRESSED_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "application/xml",
)


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory`; gzips text types for clients that accept it; logs nothing."""

    _cache: ClassVar[dict[tuple[str, float], bytes]] = {}
    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix) and path != self.prefix.rstrip("/"):
            return str(Path(self.directory) / ".outside-the-prefix")  # never exists: 404
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, *args) -> None:  # keep the test output readable
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the base class redirects to "dir/"
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.is_file() and ctype.startswith(COMPRESSED_TYPES)):
            return super().send_head()
        key = (str(path), path.stat().st_mtime)
        if key not in self._cache:
            self._cache[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        body = self._cache[key]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(directory: Path, prefix: str = "/") -> Iterator[str]:
    """Serve `directory` at `prefix` on 127.0.0.1 (a free port); yield its base URL,
    `http://127.0.0.1:N` followed by the prefix without its final slash."""
    if not (prefix.startswith("/") and prefix.endswith("/")):
        raise ValueError(f"prefix must start and end with '/', got {prefix!r}")
    handler_class = type("PrefixedHandler", (SiteHandler,), {"prefix": prefix})
    handler = functools.partial(handler_class, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix.rstrip('/')}"
    finally:
        httpd.shutdown()
        httpd.server_close()
