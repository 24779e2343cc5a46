"""`build.py --serve` serves the built site on loopback and rebuilds when a content file changes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _read_line(proc: subprocess.Popen, pattern: str, timeout: float) -> re.Match:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            if proc.poll() is not None:
                raise AssertionError(f"build.py --serve exited with {proc.returncode}: {proc.stderr.read()}")
            continue
        match = re.search(pattern, line)
        if match:
            return match
    raise AssertionError(f"no line matching {pattern!r} within {timeout} s")


def test_serve_builds_serves_on_loopback_and_rebuilds_after_an_edit(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    content, out = tmp_path / "content", tmp_path / "site"
    proc = subprocess.Popen(
        [sys.executable, "build.py", "--seeds", str(seeds), "--content", str(content), "--out", str(out),
         "--no-zip", "--no-search", "--serve", "0"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
    )
    try:
        url = _read_line(proc, r"(http://127\.0\.0\.1:\d+/)", 120).group(1)
        home = urllib.request.urlopen(url + "index.html", timeout=10).read().decode("utf-8")
        assert "牢记嘱托 踔厉笃行" in home

        first = sorted(content.glob("*/02-*.md"))[0]
        first.write_text(first.read_text(encoding="utf-8").replace("title: 牢记嘱托 踔厉笃行", "title: 编辑改过的标题"),
                         encoding="utf-8")
        _read_line(proc, r"^rebuilt", 120)
        home = urllib.request.urlopen(url + "index.html", timeout=10).read().decode("utf-8")
        assert "编辑改过的标题" in home
        assert "编辑改过的标题" in first.read_text(encoding="utf-8")  # the edit was kept, not overwritten
    finally:
        proc.terminate()
        proc.wait(timeout=30)
