"""`--serve` survives a failed rebuild (serving the last good site, the error in the terminal and on
the page), and a port in use or out of range is a message, not a traceback."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from robustness_helpers import REPO, SEED, Workspace, run_build


def read_line(proc: subprocess.Popen, pattern: str, timeout: float = 300) -> re.Match:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            if proc.poll() is not None:
                raise AssertionError(f"build.py --serve exited with {proc.returncode}: {proc.stderr.read()}")
            continue
        assert "Traceback" not in line
        match = re.search(pattern, line)
        if match:
            return match
    raise AssertionError(f"no line matching {pattern!r} within {timeout} s")


def test_a_failed_rebuild_keeps_the_last_good_site_served_with_the_error_on_the_page(tmp_path: Path) -> None:
    seeds, content, out = tmp_path / "seeds", tmp_path / "content", tmp_path / "site"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    proc = subprocess.Popen(
        [sys.executable, "build.py", "--seeds", str(seeds), "--content", str(content), "--out", str(out),
         "--no-zip", "--no-search", "--serve", "0"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
    try:
        url = read_line(proc, r"(http://127\.0\.0\.1:\d+/)").group(1)
        good = urllib.request.urlopen(url + "index.html", timeout=30).read().decode("utf-8")
        first = sorted(content.glob("*/*.md"))[0]
        first.write_text(first.read_text(encoding="utf-8").replace("needs_review: false", "needs_review: 'no'"),
                         encoding="utf-8")
        line = first.read_text(encoding="utf-8").split("\n").index("needs_review: 'no'") + 1
        error = read_line(proc, r"^error: .*").group(0)
        assert error == (f"error: {first}:{line}: `needs_review` must be true or false, not the text 'no' "
                         "(write needs_review: true or needs_review: false, without quotes)")
        page = urllib.request.urlopen(url, timeout=30).read().decode("utf-8")
        assert "The last rebuild failed; this is the last good site." in page
        assert "must be true or false, not the text &#x27;no&#x27;" in page
        assert page.replace(page[page.index('<div role="alert"'):page.index("</div>") + 6], "") == good
        assert urllib.request.urlopen(url + "static/style.css", timeout=30).read()  # the rest is served as it is

        first.write_text(first.read_text(encoding="utf-8").replace("needs_review: 'no'", "needs_review: false"),
                         encoding="utf-8")
        read_line(proc, r"^rebuilt")
        assert urllib.request.urlopen(url, timeout=30).read().decode("utf-8") == good  # the banner is gone
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_port_in_use_is_a_message(workspace: Workspace) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = workspace.build("--serve", str(port))
    assert result.code == 1, str(result)
    assert "Traceback" not in result.stderr
    assert (f"error: 127.0.0.1:{port}: the port is in use by another program (stop it, or choose another port: "
            f"--serve {port + 1})") in result.stdout


def test_a_port_out_of_range_is_a_usage_message() -> None:
    result = run_build("--serve", "70000")
    assert result.code == 2 and "Traceback" not in result.stderr
    assert ("build.py: error: argument --serve: a port is a number from 1 to 65535 (0: any free port), not 70000"
            in result.stderr)
