"""Fixtures for the robustness suite: a previously built site to protect, and a tmp workspace."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # `import robustness_helpers` (--import-mode=importlib)

from robustness_helpers import SEED, Workspace, assert_succeeded, run_build  # noqa: E402


@pytest.fixture(scope="session")
def previous_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site and zip built once from the example seed (no Pagefind): `site/`, `site.zip`, `content/`."""
    root = tmp_path_factory.mktemp("previous")
    (root / "seeds").mkdir()
    shutil.copy(SEED, root / "seeds" / SEED.name)
    result = run_build("--seeds", root / "seeds", "--content", root / "content", "--out", root / "site",
                       "--zip", root / "site.zip", "--no-search")
    assert_succeeded(result)
    return root


@pytest.fixture
def workspace(tmp_path: Path, previous_build: Path) -> Workspace:
    """Empty seeds/ and content/, with a copy of a previously built site/ and site.zip."""
    shutil.copytree(previous_build / "site", tmp_path / "site")
    shutil.copy2(previous_build / "site.zip", tmp_path / "site.zip")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "content").mkdir()
    return Workspace(tmp_path, tmp_path / "seeds", tmp_path / "content", tmp_path / "site", tmp_path / "site.zip")
