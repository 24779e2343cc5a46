"""A reader searches: over http with Pagefind, and from the unzipped site over file:// with the offline index."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

import pytest

pytest.importorskip("playwright.sync_api")

from generator.config import SiteConfig  # noqa: E402
from generator.models import Article, Block, Region, Source  # noqa: E402
from generator.site.views import Meta, base_context  # noqa: E402
from generator.site.theme import render as _render, load_theme  # noqa: E402
from generator.search.offline import build_offline_index  # noqa: E402
from generator.search.pagefind import run_pagefind  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "themes" / "default"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MAX_QUERY_BYTES = 500_000


def art(n: int, title: str | None, text: str, region: Region, tags: tuple[str, ...], kind: str = "article") -> Article:
    return Article(id=f"p1-{n:02d}", kind=kind, title=title, kicker=None, subtitle=None, authors=("和文",),  # type: ignore[arg-type]
                   blocks=(Block("paragraph", text, (1, 1)),),
                   source=Source(seed="p1.txt", page_id="p1", line_start=1, line_end=1, order=n),
                   region=region, tags=tags)


ARTICLES = [
    art(1, "牢记嘱托 踔厉笃行", "天津市和平区朝阳里社区是全国首个社区志愿者组织的发祥地，志愿服务小组为居民提供帮助。",
        Region("天津市", None, "和平区", "120101"), ("志愿服务",)),
    art(2, "“小医保”推进“大民生”", "孟彦镇推进城乡居民基本医疗保险收缴工作，医保专干走村入户，帮助老年人参保。",
        Region("贵州省", "黔东南苗族侗族自治州", "黎平县", "522631"), ("医保",)),
    art(3, None, "近年来，浙江省杭州市桐庐县发挥党建引领作用，党员志愿服务队帮助村民酿制高粱酒。",
        Region("浙江省", "杭州市", "桐庐县", "330122"), ("志愿服务",), kind="photo"),
    art(4, "<img src=x onerror=\"window.__xss=1\">标题", "这篇稿件的标题含有尖括号，志愿服务也在正文里。",
        Region("四川省", "广元市", "昭化区", "510811"), ("文明",)),
    # 志愿 and 服务 both, but never side by side: a phrase search must not count it for 志愿服务.
    art(5, "社区新风", "志愿者走进社区，为老人提供上门服务。", Region("天津市", None, "和平区", "120101"), ("社区",)),
]
KIND = {"article": "文章", "photo": "图片"}


def article_page(a: Article) -> str:
    """An article page marked up as the theme's article.html does for Pagefind."""
    from html import escape as e

    region = a.region
    filters = [("tag", t) for t in a.tags] + [(k, v) for k, v in (("province", region.province), ("city", region.city),
                                                                    ("county", region.county)) if v]
    filters.append(("kind", KIND[a.kind]))
    spans = "".join(f'<span data-pagefind-filter="{k}">{e(v)}</span>' for k, v in filters)
    title = a.title or a.blocks[0].text[:20]
    return ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title></head><body>'
            f'<article data-pagefind-body><h1 data-pagefind-meta="title">{e(title)}</h1>'
            f"<p>{e(a.blocks[0].text)}</p></article><div hidden>{spans}</div></body></html>")


@pytest.fixture(scope="module")
def search_site(tmp_path_factory) -> Path:
    """Article pages, search.html from the theme, the offline index and Pagefind's bundle."""
    site = tmp_path_factory.mktemp("search") / "site"
    (site / "articles").mkdir(parents=True)
    for a in ARTICLES:
        (site / f"articles/{a.id}.html").write_text(article_page(a), encoding="utf-8")
    theme = load_theme(THEME)
    config = SiteConfig()
    context = base_context(config, root="", current="search.html",
                           meta=Meta(title="搜索", description="检索", og_title="搜索"))
    (site / "search.html").write_text(_render(theme, "search.html", context), encoding="utf-8")
    for rel, data in theme.static:
        (site / "static" / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / "static" / rel).write_bytes(data)
    for f in build_offline_index(ARTICLES, url_for=lambda a: f"articles/{a.id}.html"):
        (site / f.path).parent.mkdir(parents=True, exist_ok=True)
        (site / f.path).write_bytes(f.data)
    run_pagefind(site)
    return site


@pytest.fixture(scope="module")
def unzipped(search_site, unzip_copy) -> Path:
    """The site zipped and unzipped again, as a reader would open it."""
    return unzip_copy(search_site)


@pytest.fixture(scope="module")
def base_url(search_site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(search_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed at /usr/bin/chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def run_search(page, url: str) -> dict:
    page.goto(url)
    page.wait_for_selector("html[data-search-state=done]", timeout=15_000)
    return {
        "engine": page.get_attribute("html", "data-search-engine"),
        "titles": page.locator(".search-result h2").all_inner_texts(),
        "hrefs": [a.get_attribute("href") for a in page.locator(".search-result h2 a").all()],
        "marks": page.locator(".search-result mark").all_inner_texts(),
        "status": page.inner_text("#search-status"),
    }


def test_http_query_uses_pagefind_and_finds_the_article(page, base_url):
    sizes: list[int] = []
    page.on("response", lambda r: sizes.append(len(r.body())) if r.ok else None)
    got = run_search(page, base_url + "search.html?q=" + quote("志愿服务"))
    assert got["engine"] == "pagefind"
    assert "牢记嘱托 踔厉笃行" in got["titles"]
    assert got["marks"] and all(m in "志愿服务" for m in got["marks"])  # Pagefind marks 志愿|服务
    assert page.errors == []
    assert sum(sizes) < MAX_QUERY_BYTES, sum(sizes)


def test_http_filter_link_narrows_the_results(page, base_url):
    got = run_search(page, base_url + "search.html?q=" + quote("志愿服务"))
    assert len(got["titles"]) >= 3
    page.click('[data-filter=province] a[data-value="浙江省"]')
    page.wait_for_selector("html[data-search-state=done]")
    assert "province=" in page.url
    titles = page.locator(".search-result h2").all_inner_texts()
    assert len(titles) == 1 and titles[0].startswith("近年来")


def test_offline_from_unzipped_copy_over_file_finds_the_same_article(page, unzipped):
    url = (unzipped / "search.html").as_uri() + "?q=" + quote("志愿服务")
    got = run_search(page, url)
    assert got["engine"] == "offline"
    assert "牢记嘱托 踔厉笃行" in got["titles"]
    assert any("志愿服务" in m for m in got["marks"])
    assert page.errors == []
    # Bytes of every index script this query loaded (file:// has no resource timing: ask the loader).
    loaded = page.evaluate("window.__SEARCH__.loaded")
    index_files = [Path(unquote(urlparse(u).path)) for u in loaded]
    assert index_files and all(p.is_file() for p in index_files)
    assert sum(p.stat().st_size for p in index_files) < MAX_QUERY_BYTES
    # The link of a result opens the article from disk.
    href = page.locator(".search-result h2 a", has_text="牢记嘱托").get_attribute("href")
    assert (unzipped / href).is_file()


def test_offline_filter_narrows_results_over_file(page, unzipped):
    url = (unzipped / "search.html").as_uri() + "?q=" + quote("志愿服务") + "&kind=" + quote("图片")
    got = run_search(page, url)
    assert len(got["titles"]) == 1 and got["titles"][0].startswith("近年来")


def test_http_falls_back_to_the_offline_index_when_pagefind_fails_to_load(page, base_url):
    page.route("**/pagefind/**", lambda route: route.abort())
    got = run_search(page, base_url + "search.html?q=" + quote("医保"))
    assert got["engine"] == "offline"
    assert got["titles"] == ["“小医保”推进“大民生”"]


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_markup_in_a_title_is_shown_as_text(page, base_url, unzipped, scheme):
    base = base_url if scheme == "http" else (unzipped.as_uri() + "/")
    got = run_search(page, base + "search.html?q=" + quote("尖括号"))
    assert any(t.startswith("<img") for t in got["titles"])
    assert page.evaluate("window.__xss") is None
    assert page.locator(".search-result img").count() == 0


def test_empty_query_asks_for_words(page, unzipped):
    got = run_search(page, (unzipped / "search.html").as_uri())
    assert got["titles"] == [] and "请输入" in got["status"]


def test_search_page_is_not_indexed_by_pagefind(search_site):
    assert "data-pagefind-body" not in (search_site / "search.html").read_text(encoding="utf-8")


def test_pagefind_results_link_into_the_site(page, base_url, search_site):
    got = run_search(page, base_url + "search.html?q=" + quote("高粱酒"))
    assert got["hrefs"] and all((search_site / h.lstrip("/")).is_file() for h in got["hrefs"])
    shutil.rmtree(search_site / "nonexistent", ignore_errors=True)


# --- one meaning, the same counts; the filter bar on a phone ---------------------------------------

COUNT_QUERIES = ["志愿服务", "服务", "括号", "志愿 服务", "社区服务", "志愿服务 天津", "“医保”"]


def _count(status: str) -> tuple[str, int]:
    import re

    m = re.search(r"(共|约) (\d+) 条结果", status)
    return (m[1], int(m[2])) if m else ("共", 0)


@pytest.mark.parametrize("query", COUNT_QUERIES)
def test_online_and_offline_count_the_same_results(page, base_url, unzipped, query):
    online = run_search(page, base_url + "search.html?q=" + quote(query))
    offline = run_search(page, (unzipped / "search.html").as_uri() + "?q=" + quote(query))
    assert (online["engine"], offline["engine"]) == ("pagefind", "offline")
    assert _count(online["status"]) == _count(offline["status"]), (online["status"], offline["status"])
    assert _count(online["status"])[0] == "共"  # exact, so never "约"
    assert sorted(online["titles"]) == sorted(t.rstrip("…") for t in offline["titles"]) or \
        len(online["titles"]) == len(offline["titles"])
    if query == "志愿服务":  # the words apart (社区新风) are not the phrase
        assert _count(online["status"])[1] == 3 and "社区新风" not in online["titles"]
    if query == "括号":  # inside the word 尖括号, which Pagefind's own segmentation keeps whole
        assert _count(online["status"])[1] == 1


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_zero_results_name_the_active_filters(page, base_url, unzipped, scheme):
    base = base_url if scheme == "http" else unzipped.as_uri() + "/"
    got = run_search(page, base + "search.html?q=" + quote("高粱酒") + "&province=" + quote("天津市"))
    assert got["titles"] == []
    assert "没有找到" in got["status"] and "省份：天津市" in got["status"]
    chip = page.locator("#search-chips a", has_text="省份：天津市")
    assert chip.get_attribute("aria-label") == "去掉筛选 省份：天津市"
    with page.expect_navigation():
        chip.click()
    page.wait_for_selector("html[data-search-state=done]")
    assert page.locator(".search-result h2").all_inner_texts() == ["近年来，浙江省杭州市桐庐县发挥党建引领作" +
                                                                   ("…" if scheme == "file" else "")]


def _focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName, id: e.id, text: e.textContent.trim(), value: e.getAttribute('data-value'),
                label: e.getAttribute('aria-label')}; }""")


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_phone_filter_bar_sits_above_the_results_and_works_with_the_keyboard(chromium, base_url, unzipped, scheme):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    try:
        base = base_url if scheme == "http" else unzipped.as_uri() + "/"
        run_search(page, base + "search.html?q=" + quote("志愿服务"))
        bar = page.locator("#search-filter-bar")
        assert bar.is_visible() and bar.get_attribute("open") is None  # folded on a phone
        order = page.evaluate("""() => ['search-q', 'search-status', 'search-filter-bar', 'search-results'].map(id => {
            const e = document.getElementById(id); return [e.getBoundingClientRect().top,
              [...document.querySelectorAll('*')].indexOf(e)]; })""")
        assert [y for y, _ in order] == sorted(y for y, _ in order)  # drawn in the order of the DOM
        assert [i for _, i in order] == sorted(i for _, i in order)

        page.focus("#search-q")
        page.keyboard.press("Tab")
        assert _focused(page)["tag"] == "BUTTON"
        page.keyboard.press("Tab")
        assert _focused(page)["tag"] == "SUMMARY"  # the filters come next, before any result
        page.keyboard.press("Enter")
        assert bar.get_attribute("open") is not None
        for _ in range(30):
            page.keyboard.press("Tab")
            if _focused(page)["value"] == "浙江省":
                break
        assert _focused(page)["value"] == "浙江省"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_selector("html[data-search-state=done]")
        assert page.locator(".search-result h2").count() == 1
        assert page.locator("#search-filter-note").inner_text() == "（已选 1 项）"
        page.focus("#search-q")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert _focused(page)["label"] == "去掉筛选 省份：浙江省"  # the chip, right above the results
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_selector("html[data-search-state=done]")
        assert page.locator(".search-result h2").count() == 3
        ARTIFACTS = ROOT / "test-artifacts"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"search-filters-390-{scheme}.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("query", ["志愿服务", "社区", "文明实践 志愿者", "“最后一公里”"])
def test_the_built_site_counts_the_same_online_and_offline(page, site_url, unzipped_site, query):
    """The real build of the seed: Pagefind over http and the offline index from the unzipped zip."""
    online = run_search(page, site_url + "search.html?q=" + quote(query))
    offline = run_search(page, (unzipped_site / "search.html").as_uri() + "?q=" + quote(query))
    assert (online["engine"], offline["engine"]) == ("pagefind", "offline")
    assert _count(online["status"])[1] > 0
    assert _count(online["status"]) == _count(offline["status"]), (online["status"], offline["status"])
