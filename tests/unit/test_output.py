"""output: the site folder is replaced all at once, and the zip depends only on the files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from generator.errors import BuildError, BuildErrors
from generator.infra.output import OldSites, SiteZip, commit_site, stage_site, write_zip
from generator.models import OutputFile
from tests.reference.output import read_dir, write_site

REPO = Path(__file__).resolve().parents[2]
FILES = [
    OutputFile("index.html", "<h1>读报</h1>".encode()),
    OutputFile("articles/p1-01.html", b"<p>one</p>"),
    OutputFile("static/style.css", b"body{}"),
    OutputFile("data/articles.json", b"[]"),
]


def tree(root: Path) -> dict[str, bytes]:
    return {f.path: f.data for f in read_dir(root)}


def problems(files: list[OutputFile], tmp_path: Path) -> list[str]:
    with pytest.raises(BuildErrors) as info:
        write_site(files, tmp_path / "site")
    assert not (tmp_path / "site").exists()
    assert list(tmp_path.iterdir()) == []
    return [str(p) for p in info.value.problems]


def test_write_site_writes_every_file(tmp_path):
    write_site(FILES, tmp_path / "site")
    assert tree(tmp_path / "site") == {f.path: f.data for f in FILES}


def test_write_site_replaces_the_previous_site_and_leaves_no_temp_folders(tmp_path):
    write_site([OutputFile("old.html", b"old")], tmp_path / "site")
    write_site(FILES, tmp_path / "site")
    assert sorted(tree(tmp_path / "site")) == sorted(f.path for f in FILES)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_staged_site_can_be_extended_before_commit(tmp_path):
    staged = stage_site(FILES, tmp_path / "site")
    assert staged.parent == tmp_path and staged.name.startswith(".site-tmp-")
    (staged / "pagefind").mkdir()
    (staged / "pagefind" / "pagefind.js").write_bytes(b"//")
    commit_site(staged, tmp_path / "site")
    assert (tmp_path / "site" / "pagefind" / "pagefind.js").read_bytes() == b"//"
    assert not staged.exists()


def test_an_old_site_deleted_in_the_background_is_gone_once_waited_for(tmp_path):
    write_site([OutputFile("old.html", b"old"), OutputFile("a/b/c.html", b"deep")], tmp_path / "site")
    old_sites = OldSites()
    commit_site(stage_site(FILES, tmp_path / "site"), tmp_path / "site", old_sites=old_sites)
    assert tree(tmp_path / "site") == {f.path: f.data for f in FILES}  # the new site is in place at once
    old_sites.wait()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_an_old_site_is_deleted_at_once_where_there_is_no_rm(tmp_path, monkeypatch):
    import generator.infra.output

    monkeypatch.setattr(generator.infra.output.shutil, "which", lambda name: None)
    write_site([OutputFile("old.html", b"old")], tmp_path / "site")
    commit_site(stage_site(FILES, tmp_path / "site"), tmp_path / "site", old_sites=OldSites())
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_failed_stage_removes_its_temp_folder(tmp_path, monkeypatch):
    import generator.infra.output

    def fail(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(generator.infra.output, "_write_file", fail)
    with pytest.raises(OSError):
        stage_site(FILES, tmp_path / "site")
    assert list(tmp_path.iterdir()) == []


def test_duplicate_path_is_refused_and_nothing_is_written(tmp_path):
    files = [*FILES, OutputFile("index.html", b"again")]
    assert problems(files, tmp_path) == [
        "index.html: the build writes this file twice (two pages got the same output path; make their slugs differ)"
    ]


def test_paths_equal_ignoring_case_are_refused(tmp_path):
    files = [OutputFile("tags/Abc.html", b""), OutputFile("tags/abc.html", b"")]
    assert problems(files, tmp_path) == [
        'tags/abc.html: the build writes this file twice, ignoring case ("tags/Abc.html") '
        "(two pages got the same output path; make their slugs differ)"
    ]


def test_a_file_cannot_also_be_a_folder(tmp_path):
    files = [OutputFile("tags", b""), OutputFile("tags/a.html", b"")]
    assert problems(files, tmp_path) == [
        'tags/a.html: "tags" is a file, so it cannot be a folder (two pages got clashing output paths)'
    ]


def test_unsafe_paths_are_all_reported(tmp_path):
    hint = "(output paths are relative POSIX paths made of ASCII characters)"
    files = [
        OutputFile("/etc/passwd", b""),
        OutputFile("../escape.html", b""),
        OutputFile("tags/标签.html", b""),
        OutputFile("a//b.html", b""),
        OutputFile("C:\\x.html", b""),
        OutputFile("", b""),
        OutputFile("ok.html", b""),
    ]
    assert problems(files, tmp_path) == [
        f'"": empty output path {hint}',
        f"../escape.html: output path leaves the site folder (..) {hint}",
        f"/etc/passwd: absolute or non-POSIX output path {hint}",
        f"C:\\x.html: absolute or non-POSIX output path {hint}",
        f"a//b.html: malformed output path (empty, '.' or unprintable part) {hint}",
        f"tags/标签.html: output path is not ASCII {hint}",
    ]


def test_a_folder_that_is_not_a_site_is_never_replaced(tmp_path):
    (tmp_path / "project" / ".git").mkdir(parents=True)
    with pytest.raises(BuildError) as info:
        write_site(FILES, tmp_path / "project")
    assert info.value.problem.message == "refusing to replace this folder: it holds .git"
    assert (tmp_path / "project" / ".git").is_dir()
    assert [p.name for p in tmp_path.iterdir()] == ["project"]


def test_leftovers_of_a_killed_build_are_removed_by_the_next(tmp_path):
    (tmp_path / ".site-tmp-dead").mkdir()
    (tmp_path / ".site-old-dead").mkdir()
    write_site(FILES, tmp_path / "site")
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


KILLED_BUILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import generator.infra.output as output
    from generator.models import OutputFile

    real_write, written = output._write_file, 0

    def slow_write(path, data):
        global written
        real_write(path, data)
        written += 1
        if written == 200:
            print("mid-write", flush=True)
            time.sleep(60)

    output._write_file = slow_write
    files = [OutputFile(f"articles/{i // 100:02d}/{i:05d}.html", b"x" * 4096) for i in range(2000)]
    from tests.reference.output import write_site
    write_site(files, Path(sys.argv[1]))
    """
)


def test_sigkill_mid_write_leaves_the_previous_site_intact(tmp_path):
    site = tmp_path / "site"
    write_site(FILES, site)
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_BUILD, str(site)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline() == "mid-write\n"
        staged = [p for p in tmp_path.iterdir() if p.name.startswith(".site-tmp-")]
        assert len(staged) == 1 and any(staged[0].rglob("*.html"))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    assert tree(site) == {f.path: f.data for f in FILES}
    write_site(FILES, site)  # the next build recovers
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_read_dir_returns_sorted_posix_paths(tmp_path):
    write_site(FILES, tmp_path / "site")
    assert [f.path for f in read_dir(tmp_path / "site")] == sorted(f.path for f in FILES)


def test_same_files_give_a_byte_identical_zip(tmp_path):
    write_zip(FILES, tmp_path / "a.zip")
    time.sleep(0.01)
    write_zip(list(reversed(FILES)), tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()


def test_zip_of_a_folder_ignores_file_dates(tmp_path):
    write_site(FILES, tmp_path / "site")
    write_zip(tmp_path / "site", tmp_path / "a.zip")
    os.utime(tmp_path / "site" / "index.html", (1_000_000_000, 1_000_000_000))
    write_zip(tmp_path / "site", tmp_path / "b.zip")
    write_zip(FILES, tmp_path / "c.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes() == (tmp_path / "c.zip").read_bytes()


def test_zip_entries_are_sorted_under_one_top_folder_with_fixed_date_and_modes(tmp_path):
    write_zip(FILES, tmp_path / "site.zip")
    with zipfile.ZipFile(tmp_path / "site.zip") as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == [
            "site/",
            "site/articles/",
            "site/articles/p1-01.html",
            "site/data/",
            "site/data/articles.json",
            "site/index.html",
            "site/static/",
            "site/static/style.css",
        ]
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {i.filename: i.external_attr >> 16 for i in infos}["site/index.html"] == 0o100644
        assert {i.filename: i.external_attr >> 16 for i in infos}["site/data/"] == 0o040755
        assert archive.read("site/index.html") == "<h1>读报</h1>".encode()
        assert archive.testzip() is None


def test_zip_replaces_the_old_zip_and_leaves_no_temp_file(tmp_path):
    write_zip(FILES[:1], tmp_path / "site.zip")
    write_zip(FILES, tmp_path / "site.zip", top="paper")
    assert zipfile.ZipFile(tmp_path / "site.zip").namelist()[0] == "paper/"
    assert [p.name for p in tmp_path.iterdir()] == ["site.zip"]


@pytest.mark.parametrize("old", [b"old", b"PK\x05\x06" + bytes(18)])  # not a zip; an empty zip of someone else's
def test_zip_never_replaces_a_file_it_did_not_write(tmp_path, old):
    (tmp_path / "site.zip").write_bytes(old)
    with pytest.raises(BuildError) as info:
        write_zip(FILES, tmp_path / "site.zip")
    assert info.value.problem.message == "refusing to replace this file: it is not a zip this tool wrote"
    assert (tmp_path / "site.zip").read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["site.zip"]


def test_a_staged_site_carries_the_marker_and_the_zip_does_not(tmp_path):
    from generator.infra.guard import MARKER, MARKER_TEXT

    write_site(FILES, tmp_path / "site")
    assert (tmp_path / "site" / MARKER).read_bytes() == MARKER_TEXT
    write_zip(tmp_path / "site", tmp_path / "a.zip")
    write_zip(FILES, tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    assert not any(MARKER in name for name in zipfile.ZipFile(tmp_path / "a.zip").namelist())


def _site_without_its_search_folder(tmp_path: Path) -> Path:
    write_site(FILES + [OutputFile("search.html", b"<p>search</p>")], tmp_path / "site")
    return tmp_path / "site"


def _add_search_folder(site: Path) -> None:
    (site / "pagefind" / "fragment").mkdir(parents=True)
    (site / "pagefind" / "pagefind.js").write_bytes(b"export{}")
    (site / "pagefind" / "fragment" / "a.pf_fragment").write_bytes(bytes(range(256)))


@pytest.mark.parametrize("with_old_zip", [False, True])
def test_a_zip_begun_before_the_search_folder_is_made_has_the_bytes_of_one_written_after(tmp_path, with_old_zip):
    site = _site_without_its_search_folder(tmp_path)
    if with_old_zip:  # the previous build's zip, whose unchanged entries are copied
        write_zip(site, tmp_path / "site.zip")
    with SiteZip(site, tmp_path / "site.zip", later="pagefind") as site_zip:
        site_zip.write_first()
        _add_search_folder(site)  # what Pagefind writes meanwhile
        site_zip.finish()
    write_zip(site, tmp_path / "whole.zip")
    assert (tmp_path / "site.zip").read_bytes() == (tmp_path / "whole.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "site.zip") as archive:
        assert "site/pagefind/fragment/a.pf_fragment" in archive.namelist()
        assert archive.namelist().index("site/pagefind/") < archive.namelist().index("site/search.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site.zip", "whole.zip"]


@pytest.mark.parametrize("added", ["articles/p1-02.html", "static/print.css"])  # before and after pagefind/
def test_a_file_added_to_the_zipped_part_meanwhile_fails_the_build_and_keeps_the_old_zip(tmp_path, added):
    site = _site_without_its_search_folder(tmp_path)
    write_zip(site, tmp_path / "site.zip")
    old = (tmp_path / "site.zip").read_bytes()
    with pytest.raises(BuildError) as info, SiteZip(site, tmp_path / "site.zip", later="pagefind") as site_zip:
        site_zip.write_first()
        (site / added).write_bytes(b"<p>two</p>")
        site_zip.finish()
    assert info.value.problem.message == "the site changed while its zip was being written"
    assert (tmp_path / "site.zip").read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site.zip"]


def test_a_build_that_fails_between_the_two_parts_leaves_the_old_zip_and_no_half_zip(tmp_path):
    site = _site_without_its_search_folder(tmp_path)
    write_zip(site, tmp_path / "site.zip")
    old = (tmp_path / "site.zip").read_bytes()
    (site / "index.html").write_bytes(b"<h1>changed</h1>")
    with pytest.raises(RuntimeError), SiteZip(site, tmp_path / "site.zip", later="pagefind") as site_zip:
        site_zip.write_first()
        assert any(p.name.endswith(".zip.tmp") for p in tmp_path.iterdir())  # the first part is on disk
        raise RuntimeError("Pagefind failed")
    assert (tmp_path / "site.zip").read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site.zip"]


def test_a_zip_begun_in_two_parts_never_replaces_a_file_it_did_not_write(tmp_path):
    site = _site_without_its_search_folder(tmp_path)
    (tmp_path / "site.zip").write_bytes(b"old")
    with pytest.raises(BuildError) as info, SiteZip(site, tmp_path / "site.zip", later="pagefind") as site_zip:
        site_zip.write_first()
    assert info.value.problem.message == "refusing to replace this file: it is not a zip this tool wrote"
    assert (tmp_path / "site.zip").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site.zip"]


def test_zip_refuses_unsafe_paths(tmp_path):
    with pytest.raises(BuildErrors):
        write_zip([OutputFile("../x", b"")], tmp_path / "site.zip")
    assert list(tmp_path.iterdir()) == []


def test_a_zip_this_tool_wrote_is_listed_as_zipfile_lists_it_and_any_other_is_left_to_zipfile(tmp_path):
    from generator.infra.output import _ZipListing

    write_site(FILES, tmp_path / "site")
    write_zip(tmp_path / "site", tmp_path / "site.zip")
    fields = ("filename", "header_offset", "compress_size", "compress_type", "CRC", "file_size", "date_time")
    listing = _ZipListing.read(tmp_path / "site.zip")
    with zipfile.ZipFile(tmp_path / "site.zip") as archive:
        assert [[getattr(i, f) for f in fields] for i in listing.infolist()] == \
               [[getattr(i, f) for f in fields] for i in archive.infolist()]
    listing.close()
    with zipfile.ZipFile(tmp_path / "comment.zip", "w") as other:  # shapes this tool never writes
        other.writestr("a.txt", b"a")
        other.comment = b"a comment"
    with zipfile.ZipFile(tmp_path / "extra.zip", "w") as other:
        info = zipfile.ZipInfo("a.txt")
        info.extra = b"\x99\x99\x02\x00ab"
        other.writestr(info, b"a")
    (tmp_path / "prefixed.zip").write_bytes(b"#!/bin/sh\n" + (tmp_path / "site.zip").read_bytes())
    (tmp_path / "short.zip").write_bytes(b"PK\x05\x06")
    for name in ("comment.zip", "extra.zip", "prefixed.zip", "short.zip"):
        assert _ZipListing.read(tmp_path / name) is None, name


def test_a_search_file_that_clashes_with_a_zipped_one_but_for_case_fails_the_zip(tmp_path):
    site = _site_without_its_search_folder(tmp_path)
    (site / "Pagefind").mkdir()
    (site / "Pagefind" / "pagefind.js").write_bytes(b"x")  # zipped in the first part
    with pytest.raises(BuildErrors) as info, SiteZip(site, tmp_path / "site.zip", later="pagefind") as site_zip:
        site_zip.write_first()
        _add_search_folder(site)
        site_zip.finish()
    assert [p.message for p in info.value.problems] == ['the build writes this file twice, ignoring case ("Pagefind/pagefind.js")']
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
