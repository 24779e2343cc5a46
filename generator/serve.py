"""`build.py --serve`: serve the built site on 127.0.0.1 and rebuild when its inputs change."""

from __future__ import annotations

import functools
import http.server
import logging
import threading
import time
from pathlib import Path

from .errors import BuildError

log = logging.getLogger("generator")


def input_stamp(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of every file under the watched paths."""
    stamp = []
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
        for f in files:
            st = f.stat()
            stamp.append((str(f), st.st_size, st.st_mtime_ns))
    return tuple(stamp)


def serve(options, *, port: int) -> int:
    """Serve `options.out` (loopback only) and rebuild on changes until interrupted."""
    from .config import load_config
    from .pipeline import run

    config = load_config(options.config)
    base = options.config.parent
    out = options.out or base / config.out_dir
    watched = [options.seeds or base / config.seeds_dir, options.content or base / config.content_dir,
               base / config.themes_dir / config.theme, options.config]
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
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
                    print("rebuilt", flush=True)
                except BuildError as exc:
                    print(f"error: {exc}", flush=True)
                stamp = input_stamp(watched)  # the build itself rewrites content/
    except KeyboardInterrupt:
        server.shutdown()
    return 0


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002
        log.debug("serve: " + format, *args)
