"""Invariants every built site keeps, whatever the content."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest


class Page(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))

    def urls(self) -> list[str]:
        return [v for _, a in self.starts for k, v in a.items() if k in ("href", "src") and v is not None]

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.starts if t == tag)


def html_files(site: Path) -> list[Path]:
    files = sorted(site.rglob("*.html"))
    assert files, f"no .html under {site}"
    return files


def is_external(url: str) -> bool:
    return bool(urlsplit(url).scheme) or url.startswith("//")


def test_every_internal_link_resolves_to_a_file(site_dir: Path):
    missing = []
    for page in html_files(site_dir):
        for url in Page(page.read_text(encoding="utf-8")).urls():
            if is_external(url) or url.startswith("#") or url == "":
                continue
            target = (page.parent / unquote(urlsplit(url).path)).resolve()
            if not target.is_file() or site_dir.resolve() not in target.parents:
                missing.append(f"{page.relative_to(site_dir)} → {url}")
    assert not missing, "\n".join(missing[:20])


def test_no_absolute_or_external_urls(site_dir: Path):
    bad = []
    for page in html_files(site_dir):
        for url in Page(page.read_text(encoding="utf-8")).urls():
            if url.startswith("/") or is_external(url) and not url.startswith(("mailto:",)):
                bad.append(f"{page.relative_to(site_dir)} → {url}")
    assert not bad, "\n".join(bad[:20])


def test_links_point_at_files_not_folders(site_dir: Path):
    bad = [f"{p.relative_to(site_dir)} → {u}" for p in html_files(site_dir)
           for u in Page(p.read_text(encoding="utf-8")).urls()
           if not is_external(u) and urlsplit(u).path.endswith("/")]
    assert not bad, "\n".join(bad[:20])


def test_stylesheets_load_nothing_from_elsewhere(site_dir: Path):
    for css in sorted(site_dir.rglob("*.css")):
        text = css.read_text(encoding="utf-8")
        assert "@import" not in text, css
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
            assert not is_external(url) or url.startswith("data:"), (css, url)


def test_every_page_is_utf8_chinese_with_one_h1(site_dir: Path):
    for page in html_files(site_dir):
        raw = page.read_bytes()
        text = raw.decode("utf-8")  # raises on anything else
        parsed = Page(text)
        name = page.relative_to(site_dir)
        assert ("html", {"lang": "zh-CN"}) in parsed.starts, name
        assert re.search(r'<meta charset="utf-8">', text, re.I), name
        assert parsed.count("h1") == 1, f"{name}: {parsed.count('h1')} h1"
        assert parsed.count("main") == 1, name


def test_output_paths_are_ascii(site_dir: Path):
    names = [p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*")]
    assert all(n.isascii() for n in names), [n for n in names if not n.isascii()][:10]


def test_only_article_pages_are_indexed_by_pagefind(site_dir: Path):
    for page in html_files(site_dir):
        rel = page.relative_to(site_dir).as_posix()
        text = page.read_text(encoding="utf-8")
        if rel.startswith("articles/"):
            assert text.count("data-pagefind-body") == 1, rel
        elif not rel.startswith(("pagefind/",)):
            assert "data-pagefind-body" not in text, rel


@pytest.mark.parametrize("name", ["index.html", "tags.html", "regions.html", "404.html", "feed.xml",
                                  "robots.txt", "static/style.css", "static/print.css"])
def test_site_has_its_fixed_files(site_dir: Path, name: str):
    assert (site_dir / name).is_file()


def test_every_article_is_reachable_from_the_home_pages(site_dir: Path):
    homes = [site_dir / "index.html", *sorted((site_dir / "page").glob("*.html"))]
    linked = set()
    for home in homes:
        for url in Page(home.read_text(encoding="utf-8")).urls():
            target = (home.parent / url).resolve()
            if target.parent == (site_dir / "articles").resolve():
                linked.add(target.name)
    articles = {p.name for p in (site_dir / "articles").glob("*.html")}
    assert articles and linked == articles


def test_the_feeds_relative_links_resolve(site_dir: Path):
    """Without base_url, feed.xml links its site and itself by relative paths: both must be files."""
    feed = (site_dir / "feed.xml").read_text(encoding="utf-8")
    hrefs = re.findall(r'<link rel="(?:alternate|self)"[^>]*href="([^"]+)"', feed)
    assert hrefs, feed[:300]
    for href in hrefs:
        if not is_external(href):
            assert (site_dir / href).is_file(), href


@pytest.mark.parametrize("name, current", [("index.html", "首页"), ("tags.html", "标签"), ("regions.html", "地区"),
                                           ("archive.html", "往期")])
def test_each_section_page_marks_itself_current_in_the_nav(site_dir: Path, name: str, current: str):
    text = (site_dir / name).read_text(encoding="utf-8")
    marked = re.findall(r'<a href="[^"]*" aria-current="page">([^<]+)</a>', text)
    assert marked[:1] == [current], marked
