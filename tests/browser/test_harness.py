"""The browser harness itself: Chromium starts, the server serves, Chinese text reads back."""

from __future__ import annotations

from pathlib import Path

import pytest

PAGE = """<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>读报</title></head>
<body>
<h1>天津市和平区朝阳里社区</h1>
<p id="lead">全国首个社区志愿者组织的发祥地。</p>
<a href="articles/p1-01.html">下一篇</a>
</body>
</html>
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "p1-01.html").write_text(
        '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><h1>城乡融合促文明</h1></html>', encoding="utf-8"
    )
    return tmp_path


def test_served_chinese_page_reads_back(page, serve, folder, artifacts_dir):
    base = serve(folder)
    assert base.startswith("http://127.0.0.1:") and base.endswith("/")
    page.goto(base)
    assert page.title() == "读报"
    assert page.locator("h1").inner_text() == "天津市和平区朝阳里社区"
    page.get_by_role("link", name="下一篇").click()
    assert page.url == base + "articles/p1-01.html"
    assert page.locator("h1").inner_text() == "城乡融合促文明"
    page.screenshot(path=str(artifacts_dir / "harness-chinese.png"))
    assert page.console_errors == page.failed_requests == page.http_errors == []


def test_missing_files_are_collected(page, serve, folder):
    page.goto(serve(folder) + "nothing-here.html")
    assert page.http_errors == [f"404 {serve(folder)}nothing-here.html"]


def test_same_folder_is_served_once(serve, folder):
    assert serve(folder) == serve(folder)


def test_file_url_works(page, folder):
    page.goto(folder.joinpath("index.html").as_uri())
    assert page.locator("#lead").inner_text() == "全国首个社区志愿者组织的发祥地。"


def test_chinese_glyphs_come_from_a_cjk_font(page, folder):
    """Without fonts-wqy-microhei every Chinese character is the same blank box."""
    page.goto(folder.joinpath("index.html").as_uri())
    widths = page.evaluate(
        """() => {
            const c = document.createElement("canvas").getContext("2d");
            c.font = "32px sans-serif";
            const ink = (ch) => { c.clearRect(0, 0, 64, 64); c.fillText(ch, 0, 40);
                const d = c.getImageData(0, 0, 64, 64).data; let n = 0;
                for (let i = 3; i < d.length; i += 4) n += d[i] > 0; return n; };
            return [ink("一"), ink("鑫")];
        }"""
    )
    assert widths[0] > 0 and widths[1] > widths[0], f"CJK glyphs look missing (ink per glyph: {widths})"


def test_console_errors_and_uncaught_exceptions_are_collected(page, folder):
    (folder / "bad.html").write_text(
        "<meta charset=utf-8><script>console.error('坏了'); throw new Error('boom')</script>", encoding="utf-8"
    )
    page.goto(folder.joinpath("bad.html").as_uri())
    assert page.console_errors == ["坏了", "uncaught: boom"]


def test_requests_off_this_machine_are_blocked(page, serve, folder):
    (folder / "cdn.html").write_text(
        '<meta charset="utf-8"><script src="https://cdn.example.com/x.js"></script><p>离线</p>', encoding="utf-8"
    )
    page.goto(serve(folder) + "cdn.html")
    assert page.locator("p").inner_text() == "离线"
    assert page.blocked_requests == ["https://cdn.example.com/x.js"]


def test_mobile_page_has_its_own_viewport(new_page, folder):
    phone = new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    phone.goto(folder.joinpath("index.html").as_uri())
    assert phone.evaluate("window.innerWidth") == 375
