"""A build killed half-way leaves the previous site and zip as they were, and the next build works;
two builds in different folders under different hash seeds are byte-identical, Pagefind included."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from generator.content.files import is_unedited
from robustness_helpers import REPO, SEED, SEED_TEXT, Workspace, assert_succeeded, leftovers, manifest, run_build

# Runs build.py with a hook that, at the chosen moment, touches a marker file and sleeps, so the
# test can SIGKILL the build at a known point instead of guessing a delay.
HOOKED_BUILD = r"""
import os, pathlib, runpy, sys, time
sys.path.insert(0, os.environ["REPO"])
marker, point = pathlib.Path(os.environ["KILL_MARKER"]), os.environ["KILL_AT"]

def stop():
    marker.write_text(point)
    time.sleep(600)

def after(n, fn):
    count = [0]
    def hooked(*args, **kwargs):
        result = fn(*args, **kwargs)
        count[0] += 1
        if count[0] == n:
            stop()
        return result
    return hooked

if point == "content":  # half a content file written, then killed
    real_write = os.write
    def write(fd, data):
        target = os.readlink(f"/proc/self/fd/{fd}")  # the file this descriptor writes
        if "/content/" in target and target.endswith((".md", ".md.tmp")):
            real_write(fd, bytes(data[: len(data) // 2]))
            stop()
        return real_write(fd, data)
    os.write = write
elif point == "stage":  # some files of the new site staged
    from generator.infra import output
    output._write_file = after(25, output._write_file)
elif point == "zip":  # some entries of the new zip written (each compressed entry goes through _append_entry)
    from generator.infra import output
    output._append_entry = after(25, output._append_entry)
elif point == "commit":  # the new site swapped in, the old one not yet deleted
    from generator.infra import output
    output._exchange = after(1, output._exchange)

sys.argv = ["build.py", *sys.argv[1:]]
runpy.run_path(os.path.join(os.environ["REPO"], "build.py"), run_name="__main__")
"""


def add_pages(ws: Workspace, n: int) -> None:
    """n copies of the example page under other names: more files than the previous site had."""
    for i in range(n):
        (ws.seeds / f"p{i:02d}.txt").write_text(SEED_TEXT, encoding="utf-8")


def start_build(ws: Workspace, env: dict[str, str]) -> subprocess.Popen:
    args = ["--seeds", ws.seeds, "--content", ws.content, "--out", ws.site, "--zip", ws.zip, "--no-search"]
    return subprocess.Popen([sys.executable, "-c", HOOKED_BUILD, *map(str, args)], cwd=REPO,
                            env={**os.environ, "REPO": str(REPO), **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


@pytest.mark.parametrize("point", ["content", "stage", "zip", "commit"])
def test_build_killed_half_way_leaves_a_whole_site_and_the_next_build_works(workspace: Workspace,
                                                                             point: str) -> None:
    ws = workspace
    add_pages(ws, 2)
    before = ws.output_manifest()
    marker = ws.root / "killed-here"
    proc = start_build(ws, {"KILL_AT": point, "KILL_MARKER": str(marker)})
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, f"the build ended (exit {proc.returncode}) before reaching {point}"
            assert time.monotonic() < deadline, f"the build never reached {point}"
            time.sleep(0.02)
    finally:
        kill(proc)
    killed = ws.output_manifest()

    result = ws.build()
    assert_succeeded(result)
    assert "kept your edit" not in result.stderr, "a half-written content file was taken for an edit"
    after = ws.output_manifest()
    if point == "commit":
        # The swap had happened: the site is the new one, whole; only the old copy was left over.
        assert {k: v for k, v in killed.items() if k.startswith("site/")} == \
               {k: v for k, v in after.items() if k.startswith("site/")}
    else:
        assert killed == before, "the killed build changed the previous site or zip"
    assert after != before
    assert leftovers(ws.root) == [], "temp files or folders left beside site/ and site.zip"
    assert not [p for p in ws.content.rglob("*") if p.name.startswith(".")], "temp files left in content/"
    # Nobody edited content/: a half-written file would look like an editor's cut and be kept for good.
    edited = [p.name for p in ws.content.rglob("*.md") if not is_unedited(p.read_text(encoding="utf-8"))]
    assert edited == [], "content files cut short by the killed build"


def test_build_killed_after_a_delay_leaves_old_or_new_site_never_a_mix(workspace: Workspace) -> None:
    """The literal case: kill after a short delay, wherever the build then is."""
    ws = workspace
    add_pages(ws, 2)
    before = ws.output_manifest()
    proc = start_build(ws, {"KILL_AT": "none", "KILL_MARKER": str(ws.root / "unused")})
    time.sleep(2.0)
    kill(proc)
    killed = ws.output_manifest()
    result = ws.build()
    assert_succeeded(result)
    after = ws.output_manifest()
    site = lambda m: {k: v for k, v in m.items() if k.startswith("site/")}  # noqa: E731
    assert site(killed) in (site(before), site(after))
    assert killed[str(ws.zip)] in (before[str(ws.zip)], after[str(ws.zip)])
    assert leftovers(ws.root) == []


def test_two_builds_in_different_folders_and_hash_seeds_are_byte_identical(tmp_path: Path) -> None:
    """With Pagefind: its index, fragments and filters too."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    # A second, different page so that Pagefind has several pages, filters and index chunks.
    other = SEED_TEXT.split("\n")
    (seeds / "p2.txt").write_text("\n".join(other[200:] + other[:200]), encoding="utf-8")
    outs = []
    for n, (folder, hash_seed, cwd) in enumerate([("a", "1", REPO), ("b/deeper/still", "4242", tmp_path)]):
        root = tmp_path / folder
        result = run_build("--seeds", seeds, "--content", root / "content", "--out", root / "site",
                           "--zip", root / "site.zip", cwd=cwd, env={"PYTHONHASHSEED": hash_seed})
        assert_succeeded(result)
        outs.append(root)
    a, b = outs
    assert (a / "site" / "pagefind" / "pagefind-entry.json").is_file()
    ma, mb = manifest(a / "site"), manifest(b / "site")
    differ = sorted(k for k in ma.keys() | mb.keys() if ma.get(k) != mb.get(k))
    assert differ == [], f"files that differ between the two builds: {differ}"
    assert (a / "site.zip").read_bytes() == (b / "site.zip").read_bytes()
    assert manifest(a / "content") == manifest(b / "content")
