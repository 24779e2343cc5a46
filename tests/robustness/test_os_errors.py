"""Every OS error is a message `path: what happened (what to do)`, exit 1, the previous site and zip
intact: permission denied, a read-only file system, a full disk, is-a-directory, not-a-directory.

Permissions are real: as root (who may read anything) the build runs in a user namespace
(`unshare --user`) as an unprivileged user. The read-only and the full disk are real tmpfs mounts;
they need root (or a user namespace with mount rights) and are skipped otherwise, saying why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from robustness_helpers import REPO, SEED, Result, assert_failed_cleanly, assert_succeeded, manifest

CONFIG = 'title = "读报"\n'


def project(root: Path) -> Path:
    """A project of its own (site.toml, themes, seeds; its cache beside it), built once."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "themes", root / "themes")
    (root / "seeds").mkdir()
    shutil.copy(SEED, root / "seeds" / SEED.name)
    (root / "site.toml").write_text(CONFIG, encoding="utf-8")
    assert_succeeded(build(root))
    return root


def build(root: Path, *extra: str, unprivileged: bool = False) -> Result:
    command = [sys.executable, str(REPO / "build.py"), "--config", str(root / "site.toml"), "--no-search", *extra]
    if unprivileged and os.geteuid() == 0:
        command = ["unshare", "--user", *command]  # uid 65534 inside: file permissions apply
    proc = subprocess.run(command, cwd=REPO, capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=600)
    return Result(proc.returncode, proc.stdout, proc.stderr)


def outputs(root: Path) -> dict[str, str]:
    return manifest(root / "site", root / "site.zip", root / "content")


def open_to_all(root: Path) -> None:
    """Let the unprivileged user of `unshare --user` write everywhere in the project but where denied."""
    for folder, dirs, files in os.walk(root):
        os.chmod(folder, 0o777)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o666)


@pytest.mark.parametrize("denied", ["seeds/" + SEED.name, "content", "themes/default/templates/article.html"])
def test_permission_denied_is_a_message(tmp_path: Path, denied: str) -> None:
    root = project(tmp_path / "p")
    (root / "seeds" / SEED.name).write_text(SEED.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # ingest again
    open_to_all(root)
    before = outputs(root)
    target = root / denied
    os.chmod(target, 0)
    try:
        result = build(root, unprivileged=True)
    finally:
        os.chmod(target, 0o777 if target.is_dir() else 0o666)
    assert_failed_cleanly(result, f"error: {target}: permission denied (check the permissions: the build must be "
                                  "able to read (and, for outputs, write) it)")
    assert outputs(root) == before


def mounted(root: Path, size: str) -> None:
    root.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(root)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()}); run as root")


def test_a_read_only_file_system_is_a_message(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    mounted(disk, "64m")
    try:
        root = project(disk / "p")
        (root / "seeds" / SEED.name).write_text(SEED.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        before = outputs(root)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = build(root)
        assert result.code == 1 and "Traceback" not in result.stderr, str(result)
        assert "read-only file system (the file system is read-only: choose a folder on a writable disk)" in result.stderr
        assert result.stderr.startswith(f"error: {root}/"), str(result)
        assert outputs(root) == before
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_disk_is_a_message_and_the_previous_site_stays(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    root = project(tmp_path / "p")
    mounted(disk, "2m")  # the site takes ~1.3 MB: the previous one fits, a second copy staged beside it does not
    try:
        out, zip_path = disk / "site", disk / "site.zip"
        assert_succeeded(build(root, "--out", str(out), "--no-zip"))
        before = manifest(out)
        free = os.statvfs(disk)
        (disk / "filler").write_bytes(b"x" * (free.f_bavail * free.f_frsize - 64 * 1024))  # 64 KB left: no zip fits
        (root / "seeds" / SEED.name).write_text(SEED.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        result = build(root, "--out", str(out), "--zip", str(zip_path))
        assert_failed_cleanly(result, "no space left on device (the disk is full: free some space and build again)")
        assert result.stderr.startswith(f"error: {disk}/"), str(result)
        assert manifest(out) == before
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "site"]  # no half zip, no staging folder
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_folder_where_the_zip_goes_is_a_message(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    before = outputs(root)
    shutil.move(root / "site.zip", tmp_path / "old.zip")
    (root / "site.zip").mkdir()
    result = build(root)
    assert_failed_cleanly(result, f'error: {root / "site.toml"}: zip_path = "site.zip" is a folder (name a file, e.g. site.zip)')
    assert manifest(root / "site") == {k: v for k, v in before.items() if k.startswith("site/")}


def test_a_file_where_a_folder_should_be_is_a_message(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    before = outputs(root)
    (tmp_path / "a-file").write_text("x")
    out = tmp_path / "a-file" / "site"
    result = build(root, "--out", str(out))
    assert_failed_cleanly(result, f"error: {tmp_path / 'a-file'}", "(a file is where a folder should be: rename or "
                          "remove the file)")
    assert outputs(root) == before
    assert (tmp_path / "a-file").read_text() == "x"
