"""A bad line in a data file editors edit (generator/data/tags/*) is `path:line: message (hint)`,
exit 1, and the previous site stays as it was."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from robustness_helpers import REPO, SEED, manifest

DATA = Path("generator") / "data" / "tags"


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project (code, data, theme, settings, the example seed) with its site built."""
    root = tmp_path_factory.mktemp("project") / "project"
    root.mkdir()
    for name in ("generator", "themes"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("build.py", "site.toml"):
        shutil.copy(REPO / name, root / name)
    (root / "seeds").mkdir()
    shutil.copy(SEED, root / "seeds" / SEED.name)
    run = _build(root)
    assert run.returncode == 0, run.stderr
    return root


def _build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "build.py", "--no-search"], cwd=root, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


@pytest.mark.parametrize(("name", "append", "expected"), [
    ("vocabulary.toml", '\n"书法" = "书画"\n', "'书法' must be a list of words (e.g. \"书法\" = [\"同义词\"])"),
    ("vocabulary.toml", '\n"书法" = ["书画", "书"]\n', "'书' (under '书法') is shorter than two characters"),
    ("vocabulary.toml", '\n"书法 = ["书画"]\n', "not valid TOML"),
    ("dictionary.txt", "\n志愿 服务 nz\n", "expected 'word [frequency] [part of speech]', got '志愿 服务 nz'"),
    ("stop_words.txt", "\n工作，\n", "'工作，' is not a word: it holds punctuation or a symbol"),
    ("pinyin_places.txt", "\n朝阳 chao2\n", "expected one pinyin syllable per character of '朝阳', got 'chao2' "
                                           "(write e.g. '朝阳 chao2 yang2')"),
])
def test_a_bad_line_in_a_data_file_names_its_file_and_line(built_copy, tmp_path, name, append, expected):
    root = tmp_path / "project"
    shutil.copytree(built_copy, root, symlinks=True)
    path = root / DATA / name
    text = path.read_text(encoding="utf-8")
    path.write_text(text + append, encoding="utf-8")
    bad_line = (text + append).rstrip("\n").count("\n") + 1  # the appended entry is the file's last line
    before = manifest(root / "site", root / "site.zip", root / "content")

    run = _build(root)

    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert f"{path}:{bad_line}: {expected}" in run.stderr
    assert manifest(root / "site", root / "site.zip", root / "content") == before


def test_a_data_file_that_is_not_utf8_names_the_line(built_copy, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built_copy, root, symlinks=True)
    path = root / DATA / "stop_words.txt"
    lines = path.read_bytes().count(b"\n")
    path.write_bytes(path.read_bytes() + "工作\n".encode("gbk"))

    run = _build(root)

    assert run.returncode == 1
    assert f"{path}:{lines + 1}: the line is not UTF-8 text (save the file as UTF-8)" in run.stderr
