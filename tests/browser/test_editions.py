"""A reader browses by day and printed page: day → page → article → next page → previous day, the
page picture's linked areas, the archive's calendar, and the 404 page at any depth; on a phone and
a desktop, over http and from file://."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("playwright.sync_api")

from test_reader import ARTIFACTS, ROOT, VIEWPORTS, click_and_wait, open_page, problems  # noqa: E402

sys.path.insert(0, str(ROOT / "tests" / "site"))
from site_sample import ARTICLES, PICTURE_SIZE, write_site  # noqa: E402


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    return write_site(tmp_path_factory.mktemp("editions") / "site", per_page=4)


@pytest.fixture(scope="module", params=["http", "file"])
def base(request, serve, sample_site) -> str:
    return serve(sample_site) if request.param == "http" else sample_site.resolve().as_uri() + "/"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_day_to_page_to_article_to_next_page_to_previous_day(new_page, base, viewport):
    page = open_page(new_page, viewport)
    page.goto(base + "archive.html")
    click_and_wait(page, page.locator("main .month-list a").first)  # 2024 → 1月: the year's calendars
    assert page.url.split("#")[0].endswith("archive/2024.html")
    day = click_and_wait(page, page.locator("#m-01 td a").last)  # the newest day of the month
    assert day == "17" and page.url.endswith("days/2024-01-17.html")
    assert page.locator("h1").inner_text() == "中国社会报 2024年1月17日"
    labels = page.locator(".edition-page h2 a").all_inner_texts()
    assert labels == ["第01版 要闻", "第05版"]  # in printed order

    click_and_wait(page, page.locator(".edition-page h2 a").first)
    assert page.url.endswith("pages/p3.html")
    assert page.locator("h1").inner_text() == "中国社会报 2024年1月17日 第01版 要闻"
    title = click_and_wait(page, page.locator(".cards .card-title a").first)
    assert page.locator("h1").inner_text() == title
    dateline = page.locator(".story-header .dateline")
    assert dateline.inner_text().replace("\n", "") == "中国社会报 · 2024年1月17日 · 第01版 要闻"

    click_and_wait(page, dateline.locator("a").last)  # the article's page
    assert page.url.endswith("pages/p3.html")
    nxt = click_and_wait(page, page.locator(".edition-pager a[rel=next]").first)
    assert "下一版" in nxt and page.url.endswith("pages/p1.html")
    assert page.locator(".edition-pager a[rel=prev]").first.get_attribute("href") == "../pages/p3.html"
    click_and_wait(page, page.locator("main > .breadcrumb a").nth(1))  # the page's day
    assert page.url.endswith("days/2024-01-17.html")
    before = click_and_wait(page, page.locator(".day-pager a[rel=prev]"))
    assert "前一天" in before and page.url.endswith("days/2024-01-16.html")
    assert page.locator(".day-pager a[rel=next]").inner_text().replace("\n", " ") == "后一天 2024年1月17日"
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert not problems(page), problems(page)


def test_undated_pages_have_a_place_of_their_own(new_page, base):
    page = open_page(new_page)
    page.goto(base + "archive.html")
    click_and_wait(page, page.locator("main a", has_text="未注明日期"))
    assert page.url.endswith("days/undated.html") and page.locator("h1").inner_text() == "未注明日期"
    assert page.locator(".edition-page h2 a").all_inner_texts() == ["版面 000"]  # its file name, not its hash
    assert "f19c2ac29f8dcdb3" not in page.locator("body").inner_text()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_page_picture_areas_are_named_links_over_each_article(new_page, base, viewport):
    page = open_page(new_page, viewport)
    page.goto(base + "pages/p3.html")
    image = page.locator(".page-image img")
    assert image.get_attribute("loading") == "lazy"
    image.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('.page-image img').complete")
    assert page.evaluate("document.querySelector('.page-image img').naturalWidth") == PICTURE_SIZE[0]
    box = image.bounding_box()
    areas = page.locator(".page-image a.page-area")
    on_page = [a for a in ARTICLES if a.source.page_id == "p3"]
    assert areas.count() == len(on_page)
    names = [page.evaluate("(a) => a.getAttribute('aria-label')", areas.nth(i).element_handle())
             for i in range(areas.count())]
    assert names == [a.title for a in on_page]
    # The same links follow the picture, in the same order.
    listed = page.locator(".cards .card-title a")
    assert [listed.nth(i).get_attribute("href") for i in range(listed.count())] == \
        [areas.nth(i).get_attribute("href") for i in range(areas.count())]
    for i, article in enumerate(on_page):
        x0, y0, x1, y1 = article.source.bbox
        area = areas.nth(i).bounding_box()
        assert abs(area["x"] - (box["x"] + x0 * box["width"])) <= 2
        assert abs(area["y"] - (box["y"] + y0 * box["height"])) <= 2
        assert abs(area["width"] - (x1 - x0) * box["width"]) <= 2
        assert abs(area["height"] - (y1 - y0) * box["height"]) <= 2
    # A reader taps the middle of the second article's area on the picture.
    x0, y0, x1, y1 = on_page[1].source.bbox
    with page.expect_navigation():
        page.mouse.click(box["x"] + (x0 + x1) / 2 * box["width"], box["y"] + (y0 + y1) / 2 * box["height"])
    assert page.url.endswith(f"articles/{on_page[1].id}.html")
    # …and a keyboard user reaches the areas with Tab, each named by its headline.
    page.go_back()
    page.locator(".page-picture h2").scroll_into_view_if_needed()
    page.evaluate("document.querySelector('#picture-h').setAttribute('tabindex', '-1')")
    page.focus("#picture-h")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('aria-label')]")
    assert focused == ["page-area", on_page[0].title]
    outline = page.evaluate("getComputedStyle(document.activeElement).borderTopColor")
    assert outline != "rgba(0, 0, 0, 0)"  # the focused area is drawn
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"page-picture-{VIEWPORTS[viewport]['width']}.png"), full_page=True)


def test_furniture_is_set_apart_from_the_articles(new_page, base):
    page = open_page(new_page)
    page.goto(base + "pages/p3.html")
    furniture = page.locator("aside.furniture li").all_inner_texts()
    assert furniture == ["中国社会报", "2024年1月17日 星期三", "责编：王芳 美编：李强"]
    assert page.locator(".cards").inner_text().find("责编") < 0


class _NotFoundHandler(http.server.SimpleHTTPRequestHandler):
    """A host that serves 404.html, with status 404, for any missing path (as GitHub Pages does)."""

    def log_message(self, format, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def host(sample_site):
    """The sample site under /paper/ of a host that serves its 404 page for missing URLs."""
    root = sample_site.parent / "host"
    root.mkdir(exist_ok=True)
    if not (root / "paper").exists():
        (root / "paper").symlink_to(sample_site, target_is_directory=True)
    (root / "404.html").write_bytes((sample_site / "404.html").read_bytes())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_NotFoundHandler, directory=str(root)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("missing", ["paper/no-such-page.html", "paper/articles/gone.html", "paper/a/b/c/gone.html"])
def test_404_page_keeps_its_styles_and_links_at_any_depth(new_page, host, missing):
    page = open_page(new_page)
    response = page.goto(host + missing)
    assert response.status == 404
    assert page.locator("h1").inner_text() == "找不到这个页面"
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomStyle") == "double"
    page.wait_for_function("document.documentElement.getAttribute('data-site-root') !== null")
    home = page.locator("main a", has_text="首页")
    with page.expect_navigation():
        home.click()
    assert urlsplit(page.url).path == "/paper/index.html"
    assert page.locator(".site-nav").count() == 1


def test_quote_marks_are_drawn_full_width(new_page, base):
    """“”‘’ come from the Chinese font (first in the stack), as wide as a Han character."""
    page = open_page(new_page)
    page.goto(base + "articles/p3-02.html")  # 让“志愿红”成为城市底色
    widths = page.evaluate("""() => {
        const h1 = document.querySelector('h1'), text = h1.firstChild, range = document.createRange();
        const width = (i) => { range.setStart(text, i); range.setEnd(text, i + 1); return range.getBoundingClientRect().width; };
        const s = text.textContent;
        return {quote: width(s.indexOf('“')), close: width(s.indexOf('”')), han: width(s.indexOf('志'))};
    }""")
    assert widths["quote"] >= 0.9 * widths["han"] and widths["close"] >= 0.9 * widths["han"], widths
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "quotes-full-width-390.png"))


def test_kicker_sits_with_its_own_headline_on_lists(new_page, base):
    page = open_page(new_page)
    page.goto(base + "tags/wen-ming-shi-jian.html")
    gaps = page.evaluate("""() => [...document.querySelectorAll('.card')].filter(c => c.querySelector('.kicker')).map(c => {
        const k = c.querySelector('.kicker').getBoundingClientRect(), t = c.querySelector('.card-title').getBoundingClientRect();
        const above = c.previousElementSibling ? c.getBoundingClientRect().top - c.previousElementSibling.querySelector('.excerpt, .card-meta').getBoundingClientRect().bottom : 99;
        return {gap: t.top - k.bottom, above: above}; })""")
    assert gaps and all(g["gap"] <= 6 for g in gaps), gaps  # was 32 px: an h2's top margin
    assert all(g["gap"] < g["above"] for g in gaps), gaps  # nearer its headline than the card above


@pytest.mark.parametrize("path", ["days/2024-01-17.html", "days/undated.html", "pages/p3.html", "pages/p2.html",
                                  "archive.html", "archive/2024.html", "articles/p2-01.html", "regions.html", "tags.html"])
def test_nothing_scrolls_sideways_at_320px(new_page, base, path):
    page = new_page(viewport={"width": 320, "height": 700})
    page.goto(base + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways at 320px"
