"""Rebuilds touch only what changed: unchanged files keep their date, parsed content is remembered."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from generator.infra import cache
from generator.infra import cache as cache_mod
from generator.content import files as content_io
from generator import pipeline
from generator.models import OutputFile
from generator.infra.output import commit_site, stage_site, write_zip
from generator.pipeline import BuildOptions

REPO = Path(__file__).resolve().parents[2]
HOUR_AGO = time.time() - 3600


def _stamps(root: Path) -> dict[str, tuple[int, int]]:
    """Every file's (inode, mtime_ns)."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            st = p.stat()
            out[p.relative_to(root).as_posix()] = (st.st_ino, st.st_mtime_ns)
    return out


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _age(root: Path) -> None:
    """Date every file an hour back, so a rewrite is visible in its mtime at any clock resolution."""
    for p in root.rglob("*"):
        os.utime(p, (HOUR_AGO, HOUR_AGO), follow_symlinks=False)


@pytest.fixture
def project(tmp_path: Path):
    """A copy of the committed content, an empty seeds folder, and a build function."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    _age(content)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    out, zip_path, cache = tmp_path / "site", tmp_path / "site.zip", tmp_path / "cache"

    def build(**extra):
        options = dict(config=REPO / "site.toml", seeds=seeds, content=content, out=out, zip_path=zip_path,
                       search=False, jobs=1, cache=cache)
        options.update(extra)
        pipeline.run(BuildOptions(**options))
        return out

    build.content, build.out, build.zip, build.cache = content, out, zip_path, cache
    return build


def test_rebuild_without_changes_keeps_every_file_and_its_date(project):
    site = project()
    _age(site)
    os.utime(project.zip, (HOUR_AGO, HOUR_AGO))
    before, zip_before = _stamps(site), project.zip.stat()
    project()
    assert _stamps(site) == before
    assert (project.zip.stat().st_ino, project.zip.stat().st_mtime_ns) == (zip_before.st_ino, zip_before.st_mtime_ns)


def test_changing_one_article_rewrites_only_the_files_whose_bytes_change(project):
    site = project()
    _age(site)
    old_bytes, before = _tree(site), _stamps(site)
    old_zip = project.zip.read_bytes()
    edited = sorted(project.content.glob("*/*.md"))[3]
    text = edited.read_text(encoding="utf-8")
    article_id = next(line[4:] for line in text.splitlines() if line.startswith("id: "))
    edited.write_text(text.rstrip("\n") + "\n\n编者补记：这是一处更正。\n", encoding="utf-8")
    project()
    new_bytes, after = _tree(site), _stamps(site)
    assert new_bytes.keys() == old_bytes.keys()
    changed = {path for path in new_bytes if new_bytes[path] != old_bytes[path]}
    touched = {path for path in after if after[path] != before[path]}
    assert f"articles/{article_id}.html" in changed
    assert "data/articles.json" in changed
    assert touched == changed
    assert len(touched) < len(after) / 2  # the other articles' pages, the theme files… stay as they were
    assert project.zip.read_bytes() != old_zip


def test_incremental_rebuild_is_byte_identical_to_a_clean_build(project, tmp_path):
    project()
    edited = sorted(project.content.glob("*/*.md"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n补充一段。\n", encoding="utf-8")
    project()
    clean = project(out=tmp_path / "clean", zip_path=tmp_path / "clean.zip", cache=tmp_path / "no-cache")
    assert _tree(project.out) == _tree(clean)
    assert project.zip.read_bytes() == (tmp_path / "clean.zip").read_bytes()


def test_staging_links_identical_files_and_writes_changed_ones(tmp_path):
    out = tmp_path / "site"
    commit_site(stage_site([OutputFile("a.html", b"same"), OutputFile("b.html", b"old")], out), out)
    same_ino, b_ino = (out / "a.html").stat().st_ino, (out / "b.html").stat().st_ino
    commit_site(stage_site([OutputFile("a.html", b"same"), OutputFile("b.html", b"new")], out), out)
    assert (out / "a.html").stat().st_ino == same_ino
    assert (out / "b.html").read_bytes() == b"new" and (out / "b.html").stat().st_ino != b_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temp or old folder left


def test_files_another_tool_added_to_the_stage_are_kept_when_identical(tmp_path):
    out = tmp_path / "site"
    staged = stage_site([OutputFile("a.html", b"x")], out)
    (staged / "pagefind").mkdir()
    (staged / "pagefind" / "index.js").write_bytes(b"idx")
    commit_site(staged, out)
    ino = (out / "pagefind" / "index.js").stat().st_ino
    staged = stage_site([OutputFile("a.html", b"x")], out)
    (staged / "pagefind").mkdir()
    (staged / "pagefind" / "index.js").write_bytes(b"idx")
    commit_site(staged, out)
    assert (out / "pagefind" / "index.js").stat().st_ino == ino
    assert not list((out / "pagefind").glob(".*"))


def test_an_identical_zip_is_not_replaced(tmp_path):
    zip_path = tmp_path / "site.zip"
    write_zip([OutputFile("a.html", b"x")], zip_path)
    ino = zip_path.stat().st_ino
    write_zip([OutputFile("a.html", b"x")], zip_path)
    assert zip_path.stat().st_ino == ino
    write_zip([OutputFile("a.html", b"y")], zip_path)
    assert zip_path.stat().st_ino != ino
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site.zip"]


def _count_parses(monkeypatch) -> list[Path]:
    parsed: list[Path] = []
    real = content_io.parse_content

    def counting(text, path):
        parsed.append(path)
        return real(text, path)

    monkeypatch.setattr(content_io, "parse_content", counting)
    return parsed


def test_unchanged_content_files_are_not_parsed_again(project, monkeypatch):
    parsed = _count_parses(monkeypatch)
    project()
    n_files = len(list(project.content.glob("*/*.md")))
    assert len(parsed) == n_files
    parsed.clear()
    project()
    assert parsed == []
    edited = sorted(project.content.glob("*/*.md"))[1]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n又一段。\n", encoding="utf-8")
    parsed.clear()
    project()
    assert parsed == [edited]


def test_a_changed_generator_invalidates_the_parse_cache(project, monkeypatch):
    project()
    parsed = _count_parses(monkeypatch)
    monkeypatch.setattr(cache_mod, "generator_hash", lambda: "another-generator")
    project()
    assert len(parsed) == len(list(project.content.glob("*/*.md")))


def test_a_file_changed_moments_ago_is_not_trusted_to_the_cache(project, monkeypatch):
    edited = sorted(project.content.glob("*/*.md"))[2]
    os.utime(edited)  # now: a second edit within the same clock tick would keep size and mtime
    project()
    parsed = _count_parses(monkeypatch)
    project()
    assert parsed == [edited]


def test_a_corrupt_cache_is_ignored(project):
    project()
    for f in project.cache.rglob("*.pickle"):
        f.write_bytes(b"not a pickle")
    clean = _tree(project.out)
    project()
    assert _tree(project.out) == clean


def test_generator_hash_is_stable_within_a_run():
    assert cache_mod.generator_hash() == cache_mod.generator_hash()
    assert len(cache_mod.generator_hash()) == 20


def test_caches_of_folders_unused_for_weeks_are_deleted(project):
    project()
    stale = project.cache / "content-0000000000000000.pickle"
    fresh = project.cache / "content-1111111111111111.pickle"
    for f in (stale, fresh):
        f.write_bytes(b"x")
    month_ago = time.time() - 30 * 86400
    os.utime(stale, (month_ago, month_ago))
    edited = sorted(project.content.glob("*/*.md"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n再补一段。\n", encoding="utf-8")
    project()
    assert not stale.exists() and fresh.exists()


def test_a_zip_rewritten_from_a_mostly_unchanged_site_equals_a_fresh_one(tmp_path, monkeypatch):
    from generator.infra import output

    before = tmp_path / "before"
    files = [OutputFile(f"articles/{n}.html", f"<p>第{n}篇 {'文字' * n}</p>".encode()) for n in range(30)]
    commit_site(stage_site(files, before), before)
    write_zip(before, tmp_path / "site.zip")
    changed = [*files[:29], OutputFile("articles/29.html", b"<p>changed</p>"), OutputFile("new.css", b"p{}")]
    staged = stage_site(changed, before)  # unchanged files are hard links of before/'s
    compressed = []
    real_compress = output._compressed
    monkeypatch.setattr(output, "_compressed", lambda data, *a: compressed.append(data) or real_compress(data, *a))

    def one_by_one(*args):
        raise AssertionError("unchanged neighbours are copied in one block, not one by one")

    monkeypatch.setattr(output, "_copy_compressed", one_by_one)
    write_zip(staged, tmp_path / "site.zip", reuse_from=before)
    assert sorted(compressed) == [b"<p>changed</p>", b"p{}"]  # the 29 others were copied still compressed
    monkeypatch.undo()
    write_zip(changed, tmp_path / "fresh.zip")
    assert (tmp_path / "site.zip").read_bytes() == (tmp_path / "fresh.zip").read_bytes()


def test_a_zip_of_an_unchanged_site_is_not_written_again_nor_a_changed_one_compared(tmp_path, monkeypatch):
    from generator.infra import output

    before = tmp_path / "before"
    files = [OutputFile(f"articles/{n}.html", f"<p>第{n}篇</p>".encode()) for n in range(5)]
    commit_site(stage_site(files, before), before)
    write_zip(before, tmp_path / "site.zip")
    zipped = (tmp_path / "site.zip").read_bytes()
    stamp = (tmp_path / "site.zip").stat().st_mtime_ns

    def fail(*args, **kwargs):
        raise AssertionError("not needed")

    monkeypatch.setattr(output.SiteZip, "_write", fail)  # every file is a link of the zip's source
    write_zip(stage_site(files, before), tmp_path / "site.zip", reuse_from=before)
    monkeypatch.undo()
    assert (tmp_path / "site.zip").read_bytes() == zipped
    assert (tmp_path / "site.zip").stat().st_mtime_ns == stamp
    monkeypatch.setattr(output, "_same_file_bytes", fail)  # an entry's CRC differs: no need to compare
    changed = [*files[:4], OutputFile("articles/4.html", b"<p>changed</p>")]
    write_zip(stage_site(changed, before), tmp_path / "site.zip", reuse_from=before)
    monkeypatch.undo()
    write_zip(changed, tmp_path / "fresh.zip")
    assert (tmp_path / "site.zip").read_bytes() == (tmp_path / "fresh.zip").read_bytes()


def test_after_a_build_without_zip_the_next_zip_still_equals_a_clean_one(project, tmp_path):
    project()
    for n, zip_too in ((0, False), (1, True)):
        edited = sorted(project.content.glob("*/*.md"))[n]
        edited.write_text(edited.read_text(encoding="utf-8") + f"\n第{n}处补充。\n", encoding="utf-8")
        project(no_zip=not zip_too)
    project(out=tmp_path / "clean", zip_path=tmp_path / "clean.zip", cache=tmp_path / "no-cache")
    assert project.zip.read_bytes() == (tmp_path / "clean.zip").read_bytes()


def test_the_old_zip_is_reused_only_when_it_was_written_from_the_site_in_place(project):
    def reuse_source():
        memory = cache.zip_memory_of(project.cache, project.out)
        return cache.zip_written_from(memory, project.zip, project.out)

    project()
    assert reuse_source() == project.out
    project(no_zip=True)  # the site may change while the zip stays as it was
    assert reuse_source() is None
    project()
    assert reuse_source() == project.out
    project.zip.write_bytes(project.zip.read_bytes() + b"\0")  # replaced by someone else
    assert reuse_source() is None


def test_a_damaged_entry_in_a_readable_cache_is_a_miss(tmp_path):
    source = tmp_path / "content"
    memory = cache_mod.FileCache(tmp_path / "cache", "content", source)
    memory.put("a.md", (1, 2), {"parsed": True})
    memory.entries["b.md"] = ((1, 2), b"not a pickle")
    assert memory.get("a.md", (1, 2)) == {"parsed": True}
    assert memory.get("b.md", (1, 2)) is None
