"""One build at a time: real concurrent build.py processes on one project. A second build waits
(saying so) or, with --no-wait, fails at once; every build exits correctly and the site is always
whole. A staging folder is removed only when the process that made it is gone."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from robustness_helpers import REPO, SEED, Workspace, assert_succeeded, manifest

from generator.infra.output import open_stage

LOCK = REPO / ".cache" / "readpaper" / "build.lock"  # the builds use the repository's site.toml

# build.py, paused just before it swaps its new site in (so it holds the lock) until the file GO
# exists; it says "paused" on stdout first.
PAUSED_BUILD = r"""
import os, pathlib, runpy, sys, time
sys.path.insert(0, os.environ["REPO"])
from generator.infra import output
real, go = output.commit_site, pathlib.Path(os.environ["GO"])
def commit(*args, **kwargs):
    print("paused", flush=True)
    while not go.exists():
        time.sleep(0.05)
    return real(*args, **kwargs)
output.commit_site = commit
sys.argv = ["build.py", *sys.argv[1:]]
runpy.run_path(os.path.join(os.environ["REPO"], "build.py"), run_name="__main__")
"""


def args(ws: Workspace) -> list[str]:
    return [str(a) for a in ("--seeds", ws.seeds, "--content", ws.content, "--out", ws.site, "--zip", ws.zip,
                             "--no-search")]


def popen(command: list[str], **env: str) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=REPO, env={**os.environ, "REPO": str(REPO), "PYTHONIOENCODING": "utf-8", **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def test_a_second_build_waits_or_fails_at_once_and_both_give_the_whole_site(workspace: Workspace,
                                                                           previous_build: Path) -> None:
    (workspace.seeds / SEED.name).write_bytes(SEED.read_bytes())
    go = workspace.root / "go"
    first = popen([sys.executable, "-c", PAUSED_BUILD, *args(workspace)], GO=str(go))
    try:
        assert first.stdout.readline() == "paused\n"
        pid = first.pid

        hurried = subprocess.run([sys.executable, "build.py", *args(workspace), "--no-wait"], cwd=REPO,
                                 capture_output=True, text=True, encoding="utf-8")
        assert hurried.returncode == 1
        assert hurried.stderr == (f"error: {LOCK}: another build (process {pid}) is running in this project "
                                  "(wait for it to finish, or run without --no-wait to wait)\n")

        patient = popen([sys.executable, "build.py", *args(workspace)])
        assert patient.stderr.readline() == f"waiting for another build (process {pid}) to finish…\n"
        assert patient.poll() is None
        go.touch()
        assert first.wait(timeout=600) == 0
        assert patient.wait(timeout=600) == 0, patient.stderr.read()
    finally:
        go.touch()
        for proc in (first, *([patient] if "patient" in locals() else [])):
            proc.wait(timeout=600)
            proc.stdout.close()
            proc.stderr.close()
    assert manifest(workspace.site) == {k: v for k, v in manifest(previous_build / "site").items()}
    assert not [p.name for p in workspace.root.iterdir() if p.name.startswith(".site")]


def test_builds_started_together_all_succeed_and_leave_a_whole_site(workspace: Workspace,
                                                                   previous_build: Path) -> None:
    (workspace.seeds / SEED.name).write_bytes(SEED.read_bytes())
    whole = manifest(previous_build / "site")
    for _ in range(3):
        builds = [popen([sys.executable, "build.py", *args(workspace)]) for _ in range(2)]
        results = [(b.wait(timeout=600), b.stdout.read(), b.stderr.read()) for b in builds]
        for b in builds:
            b.stdout.close()
            b.stderr.close()
        assert [code for code, _, _ in results] == [0, 0], results
        assert all("Traceback" not in err for _, _, err in results)
        assert manifest(workspace.site) == whole


def test_a_staging_folder_is_removed_only_when_its_owner_is_gone(tmp_path: Path) -> None:
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        for name in (f".site-tmp-{alive.pid}-abcd", f".site-tmp-{dead.pid}-abcd", ".site-tmp-old-style",
                     f".site-old-{dead.pid}-1234"):
            (tmp_path / name).mkdir()
            (tmp_path / name / "index.html").write_text("x")
        staged = open_stage(tmp_path / "site")
        left = sorted(p.name for p in tmp_path.iterdir())
        assert left == sorted([f".site-tmp-{alive.pid}-abcd", staged.name])
        assert (tmp_path / f".site-tmp-{alive.pid}-abcd" / "index.html").read_text() == "x"
        assert staged.name.startswith(f".site-tmp-{os.getpid()}-")
    finally:
        alive.kill()
        alive.wait()
