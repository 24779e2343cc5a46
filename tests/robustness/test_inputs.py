"""Inputs confined to their folders: a symbolic link out of seeds/ or content/ is refused naming link
and target; loops, dangling links and folders named like input files are messages, not tracebacks.
The previous site and zip are left as they were, and nothing the link points to is published."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from robustness_helpers import SEED, Workspace, assert_failed_cleanly, assert_succeeded


def refused(ws: Workspace, expected: str) -> None:
    before = ws.output_manifest()
    result = ws.build()
    assert_failed_cleanly(result, expected)
    assert ws.output_manifest() == before
    assert "root:x:0:0" not in result.stderr


def test_a_seed_linked_to_a_file_outside_seeds_is_refused(workspace: Workspace) -> None:
    link = workspace.seeds / "page.txt"
    link.symlink_to("/etc/passwd")
    refused(workspace, f"error: {link}: a symbolic link to /etc/passwd, outside the seeds folder, is not read "
                       "(copy the file into seeds/ instead of linking to it)")


def test_a_seed_folder_linked_outside_is_refused_too(workspace: Workspace, tmp_path: Path) -> None:
    (workspace.seeds / SEED.name).write_bytes(SEED.read_bytes())
    meta = workspace.seeds / (SEED.stem + ".toml")
    meta.symlink_to("/etc/hostname")
    refused(workspace, f"error: {meta}: a symbolic link to /etc/hostname, outside the seeds folder, is not read")


def test_a_symlink_loop_is_a_message(workspace: Workspace) -> None:
    a, b = workspace.seeds / "a.txt", workspace.seeds / "b.txt"
    a.symlink_to(b)
    b.symlink_to(a)
    refused(workspace, f"error: {a}: a symbolic link that loops (it points to {b}, which leads back to it) "
                       "(delete the link, or make it point to a file)")


def test_a_dangling_link_is_a_message(workspace: Workspace) -> None:
    link = workspace.seeds / "gone.txt"
    link.symlink_to(workspace.seeds / "never-there.txt")
    refused(workspace, f"error: {link}: a symbolic link to {workspace.seeds / 'never-there.txt'}, which does not exist "
                       "(delete the link, or restore the file it points to)")


@pytest.mark.parametrize("name", ["x.txt", "x.toml"])
def test_a_folder_named_like_a_seed_is_a_message(workspace: Workspace, name: str) -> None:
    (workspace.seeds / SEED.name).write_bytes(SEED.read_bytes())
    folder = workspace.seeds / name
    folder.mkdir()
    suffix = os.path.splitext(name)[1]
    refused(workspace, f"error: {folder}: a folder, not a file, although its name ends in {suffix} "
                       "(rename it, or move it out of seeds/)")


def test_a_content_file_turned_into_a_folder_is_a_message(workspace: Workspace, previous_build: Path) -> None:
    shutil.rmtree(workspace.content)
    shutil.copytree(previous_build / "content", workspace.content)
    first = sorted(workspace.content.glob("*/*.md"))[0]
    first.unlink()
    first.mkdir()
    refused(workspace, f"error: {first}: a folder, not a file, although its name ends in .md "
                       "(rename it, or move it out of content/)")


def test_a_content_file_linked_outside_content_is_refused(workspace: Workspace, previous_build: Path,
                                                          tmp_path: Path) -> None:
    shutil.rmtree(workspace.content)
    shutil.copytree(previous_build / "content", workspace.content)
    outside = tmp_path / "outside.md"
    first = sorted(workspace.content.glob("*/*.md"))[0]
    outside.write_bytes(first.read_bytes())
    link = first.with_name("99-linked.md")
    link.symlink_to(outside)
    refused(workspace, f"error: {link}: a symbolic link to {outside}, outside the content folder, is not read "
                       "(copy the file into content/ instead of linking to it)")


def test_a_page_folder_linked_outside_content_is_refused(workspace: Workspace, previous_build: Path,
                                                         tmp_path: Path) -> None:
    shutil.copytree(previous_build / "content", tmp_path / "elsewhere")
    page = next((tmp_path / "elsewhere").iterdir())
    link = workspace.content / "linked-page"
    link.symlink_to(page)
    refused(workspace, f"error: {link}: a symbolic link to {page}, outside the content folder, is not read")


def test_a_link_inside_its_folder_is_read(workspace: Workspace) -> None:
    (workspace.seeds / "real").mkdir()
    (workspace.seeds / "real" / "page.text").write_bytes(SEED.read_bytes())
    (workspace.seeds / SEED.name).symlink_to(workspace.seeds / "real" / "page.text")
    assert_succeeded(workspace.build())
