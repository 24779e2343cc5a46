"""Whole-site helpers for the output tests: write a list of files as a site, read a site back."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from generator.infra.guard import MARKER
from generator.infra.output import commit_site, stage_site
from generator.models import OutputFile


def write_site(files: Sequence[OutputFile], out_dir: Path) -> None:
    """Write `files` as the new content of `out_dir`, all or nothing."""
    commit_site(stage_site(files, out_dir), out_dir)


def read_dir(root: Path) -> list[OutputFile]:
    """Read every file under `root` as `OutputFile`s with POSIX paths, sorted by path (the site's
    marker aside: it is not a file of the site)."""
    root = Path(root)
    found = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in names:
            if name == MARKER and folder == str(root):
                continue
            full = Path(folder, name)
            found.append(OutputFile(full.relative_to(root).as_posix(), full.read_bytes()))
    return sorted(found, key=lambda f: f.path)
