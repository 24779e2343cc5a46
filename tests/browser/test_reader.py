"""What a reader does: home → article → tag → article → region → article, over http and file://."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
_BUILT: set[Path] = set()  # site folders that came from the real build
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


# ---------------------------------------------------------------------------------------- fixtures


def _site_path(value) -> Path:
    for name in ("site", "site_dir", "out", "out_dir"):
        if hasattr(value, name):
            return Path(getattr(value, name))
    return Path(value["site"] if isinstance(value, dict) else value)


@pytest.fixture(scope="module", params=["rendered", "built"])
def reader_site(request, tmp_path_factory) -> Path:
    """Each reader test runs twice: on render_site output of a small hand-made corpus ("rendered", so
    theme regressions show even while the pipeline is broken) and on the real build ("built")."""
    if request.param == "built":
        try:
            site = _site_path(request.getfixturevalue("built_site"))
        except pytest.FixtureLookupError:
            pytest.skip("tests/conftest.py has no built_site fixture")
        _BUILT.add(site)
        return site
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "site"))
    from site_sample import write_site

    return write_site(tmp_path_factory.mktemp("reader") / "site", per_page=4)


@pytest.fixture(scope="module")
def offline_site(request, reader_site) -> Path:
    """The folder a reader opens from disk: the unzipped site.zip for the real build."""
    if reader_site in _BUILT:
        return Path(request.getfixturevalue("unzipped_site"))
    return reader_site


@pytest.fixture(scope="module")
def http_root(serve, reader_site) -> str:
    """The site over http://127.0.0.1:PORT/ (the `serve` fixture of tests/browser/conftest.py)."""
    return serve(reader_site)


def open_page(new_page, viewport: str = "phone", scheme: str = "light"):
    """A fresh page (conftest's `new_page`: external requests blocked, console errors collected)."""
    page = new_page(viewport=VIEWPORTS[viewport], color_scheme=scheme)
    page.bad_responses = []
    page.on("response", lambda r: r.status >= 400 and page.bad_responses.append(f"{r.status} {r.url}"))
    return page


def problems(page) -> list[str]:
    return [*page.console_errors, *page.failed_requests, *page.blocked_requests, *page.bad_responses]


def click_and_wait(page, locator) -> str:
    """Click a link like a reader and return the text it showed."""
    text = locator.inner_text().strip()
    with page.expect_navigation():
        locator.click()
    return text


def read_the_site(page, base: str) -> list[str]:
    """home → article → tag → article → region → article; return the visited paths."""
    visited = []
    page.goto(base + "index.html")
    assert page.locator("h1").count() == 1

    title = click_and_wait(page, page.locator("main .card-title a").first)
    assert "/articles/" in page.url
    assert page.locator("h1").inner_text().strip() == title
    visited.append(page.url)

    tag = click_and_wait(page, page.locator("a[rel=tag]").first)
    assert "/tags/" in page.url and page.locator("h1").inner_text().strip() == tag
    visited.append(page.url)

    title = click_and_wait(page, page.locator("main .card-title a").first)
    assert "/articles/" in page.url and page.locator("h1").inner_text().strip() == title
    visited.append(page.url)

    region = click_and_wait(page, page.locator(".story-aside .breadcrumb a").last)
    assert "/regions/" in page.url and page.locator("h1").inner_text().strip() == region
    visited.append(page.url)

    title = click_and_wait(page, page.locator("main .card-title a").first)
    assert "/articles/" in page.url and page.locator("h1").inner_text().strip() == title
    visited.append(page.url)
    return visited


# ------------------------------------------------------------------------------------------- tests


def test_reader_clicks_through_over_http(new_page, http_root):
    page = open_page(new_page)
    visited = read_the_site(page, http_root)
    assert all(u.startswith(http_root) and u.endswith(".html") for u in visited)
    assert not problems(page), problems(page)


def test_reader_clicks_through_from_file_url(new_page, offline_site):
    base = offline_site.resolve().as_uri() + "/"
    page = open_page(new_page)
    visited = read_the_site(page, base)
    assert all(u.startswith(base) for u in visited)
    assert not problems(page), problems(page)


def test_printed_page_and_back(new_page, http_root):
    page = open_page(new_page, "desktop")
    page.goto(http_root + "index.html")
    heading = click_and_wait(page, page.locator("main .paper-page h2 a").first)
    assert "/pages/" in page.url and page.locator("h1").inner_text().strip() == heading
    click_and_wait(page, page.locator("main .card-title a").first)
    click_and_wait(page, page.locator(".citation a"))
    assert "/pages/" in page.url


def test_skip_link_is_first_and_moves_focus_to_main(new_page, http_root):
    page = open_page(new_page)
    page.goto(http_root + "index.html")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0  # visible when focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("width", [360, 390, 1280])
def test_no_sideways_scrolling(new_page, http_root, width):
    page = new_page(viewport={"width": width, "height": 800})
    for path in ("index.html", "tags.html", "regions.html"):
        page.goto(http_root + path)
        article = page.locator("main .card-title a, main .tag-cloud a, main .tree a").first.get_attribute("href")
        for target in (path, article):
            page.goto(http_root + (target if target == path else _resolve(path, target)))
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{target} scrolls sideways at {width}px"


def _resolve(base: str, href: str) -> str:
    from posixpath import dirname, normpath, join

    return normpath(join(dirname(base), href))


def test_article_text_measure_and_line_height(new_page, http_root, reader_site):
    article = sorted((reader_site / "articles").glob("*.html"))[0].name
    page = open_page(new_page, "desktop")
    page.goto(http_root + "articles/" + article)
    style = page.evaluate("""() => {
        const p = document.querySelector('.story-body p');
        const s = getComputedStyle(p);
        return {lh: parseFloat(s.lineHeight) / parseFloat(s.fontSize), width: p.getBoundingClientRect().width,
                size: parseFloat(s.fontSize), align: s.textAlign, lineBreak: s.lineBreak, lang: document.documentElement.lang};
    }""")
    assert style["lh"] >= 1.7
    assert style["width"] / style["size"] <= 40  # at most ~40 characters a line
    assert style["align"] == "justify" and style["lineBreak"] == "strict" and style["lang"] == "zh-CN"


def test_dark_scheme_changes_colours(new_page, http_root):
    colours = {}
    for scheme in ("light", "dark"):
        page = open_page(new_page, scheme=scheme)
        page.goto(http_root + "index.html")
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert colours["light"] != colours["dark"]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots(new_page, http_root, reader_site, viewport, scheme):
    ARTIFACTS.mkdir(exist_ok=True)
    label = "" if reader_site in _BUILT else "sample-"
    page = open_page(new_page, viewport, scheme)
    page.goto(http_root + "index.html")
    first = page.locator("main .card-title a").first.get_attribute("href")
    width = VIEWPORTS[viewport]["width"]
    suffix = "" if scheme == "light" else "-dark"
    shots = {"home": "index.html", "article": first, "tags": "tags.html", "regions": "regions.html"}
    for name, path in shots.items():
        page.goto(http_root + path)
        page.screenshot(path=str(ARTIFACTS / f"{label}{name}-{width}{suffix}.png"), full_page=True)
        assert (ARTIFACTS / f"{label}{name}-{width}{suffix}.png").stat().st_size > 1000


def test_print_stylesheet_hides_navigation(new_page, http_root):
    page = open_page(new_page, "desktop")
    page.goto(http_root + "index.html")
    page.goto(http_root + page.locator("main .card-title a").first.get_attribute("href"))
    page.emulate_media(media="print")
    assert page.locator(".site-nav").is_hidden()
    assert page.locator("h1").is_visible()
