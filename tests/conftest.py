"""Shared fixtures: `--update-golden`, and one real build of the seed pages per test session."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ instead of comparing against them",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run should rewrite golden files (review the result as a git diff)."""
    return bool(request.config.getoption("--update-golden"))


@dataclass(frozen=True)
class BuiltSite:
    """Where one `python build.py` run put its output."""

    content: Path  # the content/ folder ingest wrote
    site: Path  # the built site folder
    zip: Path  # site.zip
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """Build the repository's seeds once per session into a temp folder; the repo is not touched.

    The committed content/ (editors' corrections) is copied first, so the site is the one
    `python build.py` publishes.
    """
    tmp = tmp_path_factory.mktemp("build")
    content = tmp / "content"
    if (REPO / "content").is_dir():
        shutil.copytree(REPO / "content", content)
    site, zip_path = tmp / "site", tmp / "site.zip"
    command = [
        sys.executable, "build.py",
        "--seeds", "seeds", "--content", str(content), "--out", str(site), "--zip", str(zip_path),
    ]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        pytest.fail(
            f"build.py exited with {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}",
            pytrace=False,
        )
    return BuiltSite(content=content, site=site, zip=zip_path, stdout=result.stdout, stderr=result.stderr)


@pytest.fixture(scope="session")
def unzipped_site(built_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zip extracted as a reader would: returns the folder holding index.html (for file:// tests)."""
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(built_site.zip) as archive:
        archive.extractall(target)
    tops = [p for p in target.iterdir() if p.is_dir()]
    assert len(tops) == 1, f"the zip should hold one top folder, not {sorted(p.name for p in tops)}"
    return tops[0]
