"""A reader searches a site whose Pagefind index is in shards: one query finds articles of every shard.

The site is the dated sample of tests/site/search_shard_sample.py, rendered with the default theme
and indexed with two articles a shard (bundles 2023, 2024-01, 2024-02, 2025, undated). Over http
the search page merges the shards with Pagefind's `mergeIndex`; from the unzipped copy over file://
it uses the offline index.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from generator.search.pagefind import run_pagefind
from search_shard_sample import ARTICLES, url_for, write_dated_site

ALL_TITLES = sorted(a.title for a in ARTICLES)
ZHEJIANG = sorted(a.title for a in ARTICLES if a.region and a.region.province == "浙江省")


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory) -> Path:
    site = write_dated_site(tmp_path_factory.mktemp("shards") / "site")
    run_pagefind(site, articles=ARTICLES, url_for=url_for, shard_articles=2)
    assert len(list((site / "pagefind" / "shards").iterdir())) == 4
    return site


@pytest.fixture(scope="module")
def unzipped_shards(sharded_site, unzip_copy) -> Path:
    return unzip_copy(sharded_site)


def search(page, url: str) -> dict:
    page.goto(url)
    page.wait_for_selector("html[data-search-state=done]", timeout=15_000)
    facet = page.locator('[data-filter=province] a[data-value="浙江省"]')
    return {
        "engine": page.get_attribute("html", "data-search-engine"),
        "titles": sorted(page.locator(".search-result h2").all_inner_texts()),
        "status": page.inner_text("#search-status"),
        "zhejiang": (facet.locator("xpath=following-sibling::span[@class='count']").inner_text()
                     if facet.count() else None),
    }


def test_http_query_finds_articles_of_every_shard(page, serve, sharded_site):
    got = search(page, serve(sharded_site) + "search.html?q=" + quote("志愿服务"))
    assert got["engine"] == "pagefind"
    assert got["titles"] == ALL_TITLES
    assert got["status"] == f"共 {len(ARTICLES)} 条结果"
    assert got["zhejiang"] == str(len(ZHEJIANG))  # facet counts add up over the shards
    assert page.console_errors == [] and page.http_errors == []


def test_http_filter_keeps_matches_from_several_shards(page, serve, sharded_site):
    got = search(page, serve(sharded_site) + "search.html?q=" + quote("志愿服务"))
    page.click('[data-filter=province] a[data-value="浙江省"]')
    page.wait_for_selector("html[data-search-state=done]")
    assert "province=" in page.url
    titles = sorted(page.locator(".search-result h2").all_inner_texts())
    assert titles == ZHEJIANG  # from the 2023, 2024-02 and 2025 shards
    assert got["engine"] == "pagefind"
    assert page.console_errors == []


def test_http_result_links_open_the_article(page, serve, sharded_site):
    base = serve(sharded_site)
    search(page, base + "search.html?q=" + quote("写春联") + "&kind=" + quote("文章"))
    link = page.locator(".search-result h2 a", has_text="桐庐县新春送福")
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith("/articles/d2025-01.html")
    assert page.locator("h1").inner_text() == "桐庐县新春送福"


def test_file_query_with_a_filter_finds_the_same_articles_offline(page, unzipped_shards):
    url = (unzipped_shards / "search.html").as_uri() + "?q=" + quote("志愿服务") + "&province=" + quote("浙江省")
    got = search(page, url)
    assert got["engine"] == "offline"
    assert got["titles"] == ZHEJIANG
    assert page.console_errors == []


def test_file_query_without_a_filter_finds_every_article(page, unzipped_shards):
    got = search(page, (unzipped_shards / "search.html").as_uri() + "?q=" + quote("志愿服务"))
    assert got["engine"] == "offline"
    assert got["titles"] == ALL_TITLES
    assert got["zhejiang"] == str(len(ZHEJIANG))
