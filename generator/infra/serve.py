"""`build.py --serve`: serve the built site on 127.0.0.1 and rebuild when its inputs change."""

from __future__ import annotations

import errno
import functools
import html
import http.server
import io
import logging
import os
import threading
import time
from pathlib import Path

from generator.errors import BuildError

log = logging.getLogger("generator")


def input_stamp(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of every file under the watched paths."""
    stamp = []
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
        for f in files:
            try:
                st = f.stat()
            except OSError:  # gone, a dangling link: the rebuild says what is wrong
                stamp.append((str(f), -1, -1))
                continue
            stamp.append((str(f), st.st_size, st.st_mtime_ns))
    return tuple(stamp)


def serve(options, *, port: int) -> int:
    """Serve `options.out` (loopback only) and rebuild on changes until interrupted."""
    from generator.config import load_config
    from generator.pipeline import paths_of, run

    config = load_config(options.config)
    paths = paths_of(options, config)
    out = paths.out
    watched = [paths.seeds, paths.content, paths.base / config.themes_dir / config.theme, options.config]
    from generator.infra.files import os_error_message

    handler = functools.partial(_QuietHandler, directory=str(out))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"error: 127.0.0.1:{port}: the port is in use by another program "
                  f"(stop it, or choose another port: --serve {port + 1 if port < 65535 else 8000})", flush=True)
        else:
            print(f"error: 127.0.0.1:{port}: cannot serve there: {exc.strerror} (choose another port)", flush=True)
        return 1
    server.build_error = None  # the last rebuild's error, shown on every page until a rebuild succeeds
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving {out} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)", flush=True)
    stamp = input_stamp(watched)
    try:
        while True:
            time.sleep(1.0)
            now = input_stamp(watched)
            if now != stamp:
                try:
                    run(options)
                    server.build_error = None
                    print("rebuilt", flush=True)
                except BuildError as exc:  # the last good site stays served, with the error on its pages
                    server.build_error = str(exc)
                    print(f"error: {exc}", flush=True)
                except OSError as exc:
                    server.build_error = os_error_message(exc)
                    print(f"error: {server.build_error}", flush=True)
                stamp = input_stamp(watched)  # the build itself rewrites content/
    except KeyboardInterrupt:
        server.shutdown()
    return 0


ERROR_BANNER = ('<div role="alert" style="background:#fee;color:#900;border:2px solid #900;padding:1em;'
                'white-space:pre-wrap;font:1rem monospace">The last rebuild failed; this is the last good site.\n{}</div>')


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def send_head(self):
        error = getattr(self.server, "build_error", None)
        if error:
            path = self.translate_path(self.path)
            if self.path.split("?", 1)[0].endswith("/"):
                path = os.path.join(path, "index.html")
            if path.endswith(".html") and os.path.isfile(path):
                return self._with_banner(path, error)
        return super().send_head()

    def _with_banner(self, path: str, error: str):
        with open(path, "rb") as f:
            page = f.read()
        banner = ERROR_BANNER.format(html.escape(error)).encode("utf-8")
        at = page.find(b">", page.find(b"<body")) + 1 if b"<body" in page else 0
        body = page[:at] + banner + page[at:]
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        log.debug("serve: " + format, *args)
