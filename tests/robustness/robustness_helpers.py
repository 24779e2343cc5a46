"""Helpers for the robustness suite (imported by its tests; conftest.py puts this folder on sys.path): run `build.py` as a reader would, and fingerprint its output.

Every end-to-end test runs `python build.py` in a subprocess inside a tmp folder. A failing build
must leave an earlier site and zip exactly as they were, so tests that expect a failure first copy
a previously built site (built once per session) next to their inputs and compare manifests.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_f19c2ac29f8dcdb3.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return f"exit {self.code}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


def run_build(*args: str | os.PathLike, cwd: Path | None = None, env: dict[str, str] | None = None,
              timeout: float = 300, script: Path | None = None) -> Result:
    """`python build.py ARGS`; returns exit code and output (never raises on a failed build)."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    proc = subprocess.run([sys.executable, str(script or REPO / "build.py"), *map(str, args)], cwd=cwd or REPO,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout, env=full_env)
    return Result(proc.returncode, proc.stdout, proc.stderr)


def manifest(*roots: Path) -> dict[str, str]:
    """sha256 of every file (and the list of folders) under each root; a missing root maps to None."""
    out: dict[str, str] = {}
    for root in roots:
        if not root.exists():
            out[str(root)] = "<missing>"
        elif root.is_file():
            out[str(root)] = hashlib.sha256(root.read_bytes()).hexdigest()
        else:
            for path in sorted(root.rglob("*")):
                key = f"{root.name}/{path.relative_to(root).as_posix()}"
                out[key] = "<dir>" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def leftovers(folder: Path) -> list[str]:
    """Temp files and folders a build leaves beside its output: `.site-tmp-*`, `.site-old-*`, `.site-*.zip.tmp`."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.name != ".cache")  # the cache (its lock) stays


def assert_failed_cleanly(result: Result, *needles: str) -> None:
    """Exit 1, no traceback, and each needle (file name, line, words of the message) on stderr."""
    assert result.code == 1, str(result)
    assert "Traceback" not in result.stderr, str(result)
    for needle in needles:
        assert needle in result.stderr, f"{needle!r} not in stderr\n{result}"


def assert_succeeded(result: Result) -> None:
    assert result.code == 0, str(result)
    assert "Traceback" not in result.stderr, str(result)


@dataclass(frozen=True)
class Workspace:
    """A tmp project: seeds/, content/, and a previously built site/ and site.zip to protect."""

    root: Path
    seeds: Path
    content: Path
    site: Path
    zip: Path

    def build(self, *extra: str | os.PathLike, search: bool = False, **kwargs) -> Result:
        args = ["--seeds", self.seeds, "--content", self.content, "--out", self.site, "--zip", self.zip]
        return run_build(*args, *extra, *([] if search else ["--no-search"]), **kwargs)

    def output_manifest(self) -> dict[str, str]:
        return manifest(self.site, self.zip)
