"""The build says what it did: one closing line; bars on a terminal only; a line per stage with -v."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_f19c2ac29f8dcdb3.txt"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


def _args(tmp_path: Path, seeds: Path, *extra: str) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "--seeds", str(seeds), "--content", str(tmp_path / "content"),
            "--out", str(tmp_path / "site"), "--zip", str(tmp_path / "site.zip"), "--no-search", *extra]


def test_a_build_ends_with_one_summary_line_and_no_bars_off_a_terminal(tmp_path, seeds):
    run = subprocess.run(_args(tmp_path, seeds), cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert re.fullmatch(r"built 9 articles from 1 page \(0 need review, 0 warnings\) → site/ and site\.zip "
                        r"in \d+\.\d s\n", run.stdout), run.stdout


def test_quiet_prints_nothing_and_verbose_names_each_stage(tmp_path, seeds):
    quiet = subprocess.run(_args(tmp_path, seeds, "-q"), cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    shutil.rmtree(tmp_path / "content")
    loud = subprocess.run(_args(tmp_path, seeds, "-v"), cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert loud.returncode == 0
    assert re.search(r"^INFO: ingest: \d+\.\d s$", loud.stderr, flags=re.M), loud.stderr
    assert re.search(r"^INFO: zip: \d+\.\d s$", loud.stderr, flags=re.M), loud.stderr
    assert loud.stdout.startswith("built 9 articles")


def test_a_terminal_sees_a_bar_for_each_long_stage(tmp_path, seeds):
    pid, fd = pty.fork()
    if pid == 0:  # the child: build.py with its stdout and stderr on the terminal
        os.chdir(tmp_path)
        os.execv(sys.executable, _args(tmp_path, seeds))
    shown = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the terminal closed: the build ended
            break
        if not chunk:
            break
        shown += chunk
    _, status = os.waitpid(pid, 0)
    text = shown.decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 0, text
    for stage in ("ingest", "render", "zip"):
        assert re.search(rf"\r{stage}\s", text), (stage, text)
    assert "built 9 articles from 1 page" in text
