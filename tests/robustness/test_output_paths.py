"""No output path destroys anything: every folder and file of a project given as --out or --zip, on
the command line or in site.toml, is refused with a message naming it, and the project is left byte
for byte as it was. A copy of the project is used (with its own home folder), never the repository."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from robustness_helpers import REPO, Result, assert_succeeded, manifest, run_build

CONTENT_MD = "content/000-f19c2ac29f8dcdb3/01-si-wei-yi-ti-ju-he-li-cheng.md"
SEED_TXT = "seeds/000_f19c2ac29f8dcdb3.txt"
WHAT = {
    "content": "the content folder (the articles and the editors' corrections)",
    "seeds": "the seeds folder (the raw page text)",
    "theme": "the theme folder",
    "code": "the generator's code",
    "cache": "the build cache folder",
    "project": "the project folder",
    "home": "your home folder",
    "root": "the root of the file system",
}
OUT_CASES = [  # path in the project → what the message says it is
    ("content", "is", "content"),
    ("content/000-f19c2ac29f8dcdb3", "lies inside", "content"),
    ("content/new-folder", "lies inside", "content"),
    ("seeds", "is", "seeds"),
    ("themes", "contains", "theme"),
    ("themes/default", "is", "theme"),
    ("themes/default/static", "lies inside", "theme"),
    ("generator", "is", "code"),
    ("generator/data", "lies inside", "code"),
    (".cache/readpaper", "is", "cache"),
    (".cache", "contains", "cache"),
    (".", "is", "project"),
    ("..", "is", "home"),  # the project lies in its own home folder here
    ("build.py", "is", "code"),
]
ZIP_CASES = [
    ("content", "is the content folder (the articles and the editors' corrections) (put the zip beside the site, e.g. site.zip)"),
    (CONTENT_MD, "lies inside the content folder (the articles and the editors' corrections) (put the zip beside the site, e.g. site.zip)"),
    (SEED_TXT, "lies inside the seeds folder (the raw page text) (put the zip beside the site, e.g. site.zip)"),
    ("seeds/new.zip", "lies inside the seeds folder (the raw page text) (put the zip beside the site, e.g. site.zip)"),
    ("themes/default/x.zip", "lies inside the theme folder (put the zip beside the site, e.g. site.zip)"),
    ("generator/content/files.py", "lies inside the generator's code (put the zip beside the site, e.g. site.zip)"),
    ("build.py", "is the generator's code (put the zip beside the site, e.g. site.zip)"),
    (".cache/readpaper/x.zip", "lies inside the build cache folder (put the zip beside the site, e.g. site.zip)"),
    ("site/site.zip", "lies inside the output folder, which every build replaces (put the zip beside the site, e.g. site.zip)"),
    ("site.toml", "is a file this tool did not write (not one of its zips), so it is not replaced "
                  "(choose another path, or delete the file if it is not needed)"),
    ("README.md", "is a file this tool did not write (not one of its zips), so it is not replaced "
                  "(choose another path, or delete the file if it is not needed)"),
    ("tests", "is a folder (name a file, e.g. site.zip)"),
    (".", "is a folder (name a file, e.g. site.zip)"),
]


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """`home/project`: a copy of the repository's project (code, theme, seeds, content, settings)."""
    home = tmp_path_factory.mktemp("home")
    project = home / "project"
    project.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("build.py", "site.toml", "README.md"):
        shutil.copy(REPO / name, project / name)
    for name in ("generator", "themes", "seeds", "content", "docs"):
        shutil.copytree(REPO / name, project / name, ignore=ignore)
    (project / "tests").mkdir()
    (project / "tests" / "test_x.py").write_text("def test_x():\n    pass\n")
    result = build(project, home)  # a first build: the cache folder and a site to protect exist too
    assert_succeeded(result)
    return home


def build(project: Path, home: Path, *args: str) -> Result:
    return run_build(*args, "--no-search", cwd=project, env={"HOME": str(home)},
                     script=project / "build.py")


def refused(home: Path, *args: str) -> Result:
    project = home / "project"
    before = manifest(project)
    result = build(project, home, *args)
    assert result.code == 1, str(result)
    assert "Traceback" not in result.stderr, str(result)
    assert manifest(project) == before, "the build changed the project"
    return result


@pytest.mark.parametrize("given, relation, what", OUT_CASES)
def test_out_on_the_command_line(home: Path, given: str, relation: str, what: str) -> None:
    result = refused(home, "--out", given)
    assert result.stderr.startswith(f"error: {given}: --out {given} {relation} {WHAT[what]}, and every build "
                                    "replaces its output folder (use a folder only for the built site, e.g. --out site)\n")


@pytest.mark.parametrize("given, where", [("/", "root"), ("HOME", "home")])
def test_out_that_is_root_or_home(home: Path, given: str, where: str) -> None:
    given = str(home) if given == "HOME" else given
    result = refused(home, "--out", given)
    assert result.stderr.startswith(f"error: {given}: --out {given} is {WHAT[where]}, and every build replaces "
                                    "its output folder (use a folder only for the built site, e.g. --out site)\n")


@pytest.mark.parametrize("given", ["tests", "docs", "../elsewhere-with-a-file"])
def test_out_that_is_a_folder_not_built_by_this_tool(home: Path, given: str) -> None:
    folder = home / "project" / given
    folder.mkdir(exist_ok=True)
    (folder / "keep.txt").write_text("mine")
    result = refused(home, "--out", given)
    assert result.stderr == (f"error: {given}: --out {given} is a folder this tool did not build (it has no "
                             ".readpaper-site), and every build replaces its output folder (choose another folder; "
                             "if it is an old site of this tool, delete it first)\n")
    assert (folder / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize("given", ["site.toml", "README.md", SEED_TXT, CONTENT_MD])
def test_out_that_is_a_file(home: Path, given: str) -> None:
    result = refused(home, "--out", given)
    assert result.stderr.startswith(f"error: {given}: --out {given} ")
    assert "exists and is not a folder" in result.stderr or "lies inside" in result.stderr


@pytest.mark.parametrize("given, says", ZIP_CASES)
def test_zip_on_the_command_line(home: Path, given: str, says: str) -> None:
    result = refused(home, "--zip", given)
    assert result.stderr == f"error: {given}: --zip {given} {says}\n"


@pytest.mark.parametrize("value, relation, what", [
    ("content", "is", "content"), ("seeds", "is", "seeds"), ("themes/default", "is", "theme"),
    ("generator", "is", "code"), (".cache/readpaper", "is", "cache"), ("build.py", "is", "code"),
])
def test_out_dir_in_site_toml(home: Path, value: str, relation: str, what: str) -> None:
    project = home / "project"
    config = project / "site.toml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace('out_dir = "site"', f'out_dir = "{value}"'), encoding="utf-8")
    try:
        line = config.read_text(encoding="utf-8").split("\n").index(f'out_dir = "{value}"') + 1
        result = refused(home)
    finally:
        config.write_text(original, encoding="utf-8")
    if value in ("content", "seeds"):  # site.toml's own check (config.py) says it first
        key = f"{value}_dir"
        assert result.stderr == (f'error: {config}:{line}: "out_dir" must not contain {key} ("{value}") (each build '
                                 'replaces the whole out_dir; use e.g. out_dir = "site")\n')
        return
    assert result.stderr.startswith(f'error: {config}:{line}: out_dir = "{value}" {relation} {WHAT[what]}, and every '
                                    'build replaces its output folder (use a folder only for the built site, '
                                    'e.g. out_dir = "site")\n')


@pytest.mark.parametrize("value, says", [(CONTENT_MD, ZIP_CASES[1][1]), ("site.toml", ZIP_CASES[9][1]),
                                         ("build.py", ZIP_CASES[6][1]), ("site/site.zip", ZIP_CASES[8][1])])
def test_zip_path_in_site_toml(home: Path, value: str, says: str) -> None:
    project = home / "project"
    config = project / "site.toml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace('zip_path = "site.zip"', f'zip_path = "{value}"'), encoding="utf-8")
    try:
        line = config.read_text(encoding="utf-8").split("\n").index(f'zip_path = "{value}"') + 1
        result = refused(home)
    finally:
        config.write_text(original, encoding="utf-8")
    assert result.stderr == f'error: {config}:{line}: zip_path = "{value}" {says}\n'


@pytest.mark.parametrize("same_stamp", [False, True], ids=["new-stamp", "same-size-and-time"])
def test_a_file_put_where_the_zip_was_written_is_not_replaced(home: Path, tmp_path: Path, same_stamp: bool) -> None:
    """The build remembers the zip it wrote (path, size, time) and then does not open it in the guard;
    a file of the user's put there is still refused, even one forged to the zip's size and time."""
    project = home / "project"
    zip_path = tmp_path / "site.zip"
    assert_succeeded(build(project, home, "--zip", str(zip_path)))
    ours = zip_path.stat()
    mine = b"my own notes, not a zip\n".ljust(ours.st_size, b".")
    zip_path.write_bytes(mine)
    if same_stamp:
        os.utime(zip_path, ns=(ours.st_atime_ns, ours.st_mtime_ns))
    before = manifest(project)
    result = build(project, home, "--zip", str(zip_path))
    assert result.code == 1 and "Traceback" not in result.stderr, str(result)
    assert zip_path.read_bytes() == mine
    lock = "project/.cache/readpaper/build.lock"  # only the lock's note of who held it may differ
    assert {k: v for k, v in manifest(project).items() if k != lock} == {k: v for k, v in before.items() if k != lock}
    if same_stamp:  # the guard trusted the memory; the zip writer reads the listing and refuses
        assert result.stderr == (f"error: {zip_path}: refusing to replace this file: it is not a zip this tool "
                                 "wrote (choose another --zip path, or delete the file if it is not needed)\n")
    else:
        assert result.stderr == f"error: {zip_path}: --zip {zip_path} {ZIP_CASES[9][1]}\n"


def test_an_empty_folder_and_a_site_this_tool_built_are_replaced(home: Path, tmp_path: Path) -> None:
    project = home / "project"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_succeeded(build(project, home, "--out", str(empty), "--zip", str(tmp_path / "a.zip")))
    assert (empty / "index.html").is_file() and (empty / ".readpaper-site").is_file()
    assert_succeeded(build(project, home, "--out", str(empty), "--zip", str(tmp_path / "a.zip")))  # ours: replaced
