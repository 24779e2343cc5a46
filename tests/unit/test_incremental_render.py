"""Incremental builds render only the pages whose inputs changed, and still equal a clean build.

Each test works on a copy of the committed content, site.toml and theme, so it can edit all three.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from generator.site import assemble
from generator import pipeline
from generator.models import KeptFile
from generator.pipeline import BuildOptions

REPO = Path(__file__).resolve().parents[2]
HOUR_AGO = time.time() - 3600


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path, monkeypatch):
    """content/, site.toml and themes/ copied into tmp_path; `build()` builds incrementally and
    records which files were rendered (`build.rendered`) and which kept from the previous build."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "themes", tmp_path / "themes")
    shutil.copy(REPO / "site.toml", tmp_path / "site.toml")
    for p in (tmp_path / "content").rglob("*"):
        os.utime(p, (HOUR_AGO, HOUR_AGO))  # older than the parse cache's two-second "racy" window
    (tmp_path / "seeds").mkdir()
    staged: list[list] = []
    real_render = assemble.render_and_index

    def recording_render(*args, **kwargs):
        staged.append(real_render(*args, **kwargs))
        return staged[-1]

    monkeypatch.setattr(assemble, "render_and_index", recording_render)

    def build(out: Path = tmp_path / "site", cache: Path = tmp_path / "cache") -> Path:
        pipeline.run(BuildOptions(config=tmp_path / "site.toml", seeds=tmp_path / "seeds", content=tmp_path / "content",
                                  out=out, no_zip=True, search=False, jobs=1, cache=cache))
        files = staged[-1]
        build.rendered = {f.path for f in files if not isinstance(f, KeptFile)}
        build.kept = {f.path for f in files if isinstance(f, KeptFile)}
        return out

    def clean_build() -> dict[str, bytes]:
        """A build with no cache and no previous site: what every incremental build must equal."""
        for leftover in ("clean-site", "clean-cache"):
            shutil.rmtree(tmp_path / leftover, ignore_errors=True)
        return _tree(build(tmp_path / "clean-site", tmp_path / "clean-cache"))

    build.root, build.clean = tmp_path, clean_build
    return build


def _article_file(project, n: int) -> Path:
    return sorted((project.root / "content").glob("*/*.md"))[n]


def _article_id(path: Path) -> str:
    return re.search(r"^id: (\S+)$", path.read_text(encoding="utf-8"), flags=re.M).group(1)


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    new = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert new != text, f"{pattern!r} not found in {path}"
    path.write_text(new, encoding="utf-8")


def test_a_corrected_paragraph_re_renders_the_article_and_the_lists_that_show_it(project):
    project()
    edited = _article_file(project, 4)
    article_id = _article_id(edited)
    edited.write_text(edited.read_text(encoding="utf-8") + "\n编者补记：这是一处更正。\n", encoding="utf-8")
    site = project()
    page = (site / "articles" / f"{article_id}.html").read_text(encoding="utf-8")
    assert "编者补记" in page
    # What shows this article, read from its own page: its printed page, tags and region chain.
    shown_on = {f"{folder}/{name}.html" for folder, name in
                re.findall(r'href="\.\./(pages|tags|regions)/([^"/]+)\.html"', page)}
    assert any(p.startswith("tags/") for p in shown_on) and any(p.startswith("regions/") for p in shown_on)
    expected = {f"articles/{article_id}.html", "index.html", *shown_on, "404.html", "search.html"}
    assert {p for p in project.rendered if p.endswith(".html")} == expected
    # Its neighbours on the printed page list its title, which did not change: they are kept.
    assert len([p for p in project.kept if p.startswith("articles/")]) == 8
    assert {"tags.html", "regions.html"} <= project.kept


def test_nothing_changed_renders_no_page(project):
    project()
    project()
    assert not {p for p in project.rendered if p.startswith(("articles/", "tags/", "regions/", "pages/"))}


EDITS = {
    "a paragraph": lambda p: _article_file(p, 0).write_text(
        _article_file(p, 0).read_text(encoding="utf-8") + "\n补充一段。\n", encoding="utf-8"),
    "a title": lambda p: _edit(_article_file(p, 1), r"^title: .*$", "title: 改过的标题"),
    "the tags": lambda p: _edit(_article_file(p, 2), r"^tags:\n(?:- .*\n)+", "tags:\n- 新标签\n- 志愿服务\n"),
    "the region": lambda p: _edit(_article_file(p, 3), r"^region:\n(?:  .*\n)+", "region: null\n"),
    "a deleted article": lambda p: _article_file(p, 5).unlink(),
    "a new article": lambda p: (p.root / "content" / "added").mkdir() or (p.root / "content" / "added" / "01-x.md")
    .write_text(re.sub(r"^id: .*$", "id: added-01", _article_file(p, 6).read_text(encoding="utf-8"), flags=re.M),
                encoding="utf-8"),
    "a template": lambda p: (p.root / "themes/default/templates/article.html").write_text(
        (p.root / "themes/default/templates/article.html").read_text(encoding="utf-8") + "{# changed #}\n<!-- x -->\n",
        encoding="utf-8"),
    "a static file": lambda p: (p.root / "themes/default/static/style.css").write_text(
        (p.root / "themes/default/static/style.css").read_text(encoding="utf-8") + "\n/* changed */\n",
        encoding="utf-8"),
    "the config": lambda p: _edit(p.root / "site.toml", r"^title = .*$", 'title = "另一个站名"'),
}


def test_after_each_kind_of_edit_the_incremental_site_equals_a_clean_build(project):
    site = project()
    assert _tree(site) == project.clean()
    for name, edit in EDITS.items():
        edit(project)
        site = project()
        assert _tree(site) == project.clean(), f"after editing {name}"


@pytest.mark.parametrize("name", ["a template", "a static file", "the config"])
def test_a_changed_theme_or_config_renders_every_page_again(project, name):
    project()
    EDITS[name](project)
    project()
    assert project.kept == set()


def test_a_page_changed_by_hand_in_the_site_is_rendered_again(project):
    site = project()
    victim = next(p for p in sorted((site / "articles").glob("*.html")))
    victim.write_text("<p>hand-edited</p>", encoding="utf-8")
    project()
    assert victim.relative_to(site).as_posix() in project.rendered
    assert "hand-edited" not in victim.read_text(encoding="utf-8")


def test_a_deleted_site_is_rendered_whole(project):
    site = project()
    shutil.rmtree(site)
    project()
    assert project.kept == set()
    assert _tree(site) == project.clean()
