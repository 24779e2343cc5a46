"""render: what a reader sees on each page, escaping, links, feed, and template errors."""

from __future__ import annotations

import builtins
import posixpath
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.config import SiteConfig
from generator.errors import BuildError
from generator.models import Article, Block, PageInfo, Region, Source
from generator.site.theme import load_theme
from generator.site.render import render_site

THEME = Path(__file__).resolve().parents[2] / "themes" / "default"
SCRIPT = "<script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(1)>'

PAGES = (PageInfo(id="p1", seed="p1.txt", paper="中国社会报", date="2024-01-17", page_no=5),)


def src(order: int, page: str = "p1") -> Source:
    return Source(seed=f"{page}.txt", page_id=page, line_start=order * 10, line_end=order * 10 + 4, order=order)


GANSU = Article(
    id="p1-01", kind="article", title="“四位一体”聚合力城乡融合促文明", kicker="甘肃省金昌市金川区", subtitle=None,
    authors=("祁加鲲",),
    blocks=(Block("paragraph", "今年以来，金川区以党的二十大精神为指引。", (11, 11)),
            Block("subhead", "三项保障确保工作实效", (12, 12)),
            Block("paragraph", "金川区通过强化组织领导。", (13, 13))),
    source=src(1), region=Region("甘肃省", "金昌市", "金川区", "620302"), tags=("志愿服务", "文明实践"))
TIANJIN = Article(
    id="p1-02", kind="article", title="牢记嘱托 踔厉笃行", kicker=None, subtitle="朝阳里社区志愿服务事业五年工作实录",
    authors=("和文",), blocks=(Block("paragraph", "朝阳里社区是全国首个社区志愿者组织的发祥地。", (21, 21)),),
    source=src(2), region=Region("天津市", None, "和平区", "120101"), tags=("志愿服务",))
PHOTO = Article(
    id="p1-03", kind="photo", title=None, kicker=None, subtitle=None, authors=("徐军勇", "江凌浩"),
    blocks=(Block("paragraph", "近年来，浙江省杭州市桐庐县发挥党建引领作用，打造“共富工坊”。图为村民酿酒。", (31, 32)),),
    source=src(3), region=Region("浙江省", "杭州市", "桐庐县", "330122"))
HOSTILE = Article(
    id="p1-04", kind="article", title=f"标题{SCRIPT}", kicker=ATTR, subtitle=SCRIPT, authors=(ATTR,),
    blocks=(Block("paragraph", f"正文{SCRIPT}{ATTR}", (41, 41)), Block("subhead", SCRIPT, (42, 42)),
            Block("paragraph", "# 井号开头\n[点我](javascript:alert(1)) ![x](http://evil.example/x.png)", (43, 43))),
    source=src(4), tags=(SCRIPT, ATTR), needs_review=True)
ARTICLES = (GANSU, TIANJIN, PHOTO, HOSTILE)


@pytest.fixture(scope="module")
def theme():
    return load_theme(THEME)


def render(theme, articles=ARTICLES, pages=PAGES, **config) -> dict[str, str]:
    files = render_site(articles, pages, config=SiteConfig(**config), theme=theme)
    return {f.path: f.data.decode("utf-8") for f in files}


@pytest.fixture(scope="module")
def site(theme) -> dict[str, str]:
    return render(theme)


class Tags(HTMLParser):
    """Collect (tag, attrs, text-inside) for every start tag."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[list] = []
        self.texts: dict[int, str] = {}
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.open.append([len(self.tags) - 1, tag, ""])

    def handle_endtag(self, tag):
        while self.open:
            i, t, text = self.open.pop()
            self.texts[i] = text
            if self.open:
                self.open[-1][2] += text
            if t == tag:
                break

    def handle_data(self, data):
        if self.open:
            self.open[-1][2] += data

    def find(self, tag: str, **attrs) -> list[tuple[dict, str]]:
        return [(a, self.texts.get(i, "")) for i, (t, a) in enumerate(self.tags)
                if t == tag and all(a.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())]


def text_of(html: str) -> str:
    parser = Tags(html)
    return parser.texts.get(0, "")


# ------------------------------------------------------------------------------------ escaping


@pytest.mark.parametrize("path", ["articles/p1-04.html", "index.html", "pages/p1.html"])
def test_hostile_text_is_shown_as_text_never_markup(site, path):
    page = site[path]
    assert "<script>alert" not in page and "<img" not in page
    tags = Tags(page)
    assert not tags.find("script") and not tags.find("img")
    assert SCRIPT in text_of(page)  # visible to the reader, as text


def test_hostile_tag_page_is_escaped(site):
    tag_pages = [p for p in site if p.startswith("tags/")]
    assert len(tag_pages) == 4
    for path in tag_pages:
        assert "<script>alert" not in site[path] and "<img" not in site[path]
        assert not Tags(site[path]).find("img")
    assert any(SCRIPT in text_of(site[p]) for p in tag_pages)
    assert any(ATTR in text_of(site[p]) for p in tag_pages)


def test_hostile_text_in_attributes_stays_inside_the_attribute(site):
    tags = Tags(site["articles/p1-04.html"])
    (description,) = tags.find("meta", name="description")
    assert description[0]["content"] == SCRIPT
    assert all("onerror" not in attrs for _, attrs in tags.tags)


def test_feed_escapes_text_and_stays_well_formed(site):
    feed = site["feed.xml"]
    assert "<script>" not in feed and "<img" not in feed
    root = ET.fromstring(feed)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entry = next(e for e in root.findall("a:entry", ns) if e.find("a:title", ns).text == f"标题{SCRIPT}")
    assert [c.get("term") for c in entry.findall("a:category", ns)] == [SCRIPT, ATTR]
    content = entry.find("a:content", ns).text  # HTML, as text: a reader escapes nothing twice
    assert "&lt;script&gt;" in content and "<script>" not in content


def test_markdown_sees_escaped_text_only_inline_syntax(site):
    body = Tags(site["articles/p1-04.html"])
    assert [t for _, t in body.find("h2") if SCRIPT in t]
    assert not body.find("a", href="javascript:alert(1)")
    assert "# 井号开头" in text_of(site["articles/p1-04.html"])  # a paragraph, not a heading
    assert "evil.example" not in "".join(str(a) for _, a in body.tags)


# ------------------------------------------------------------------------------------ article page


def test_article_shows_header_body_and_subheads(site):
    tags = Tags(site["articles/p1-01.html"])
    (h1,) = tags.find("h1")
    assert h1 == (dict({"data-pagefind-meta": "title"}), "“四位一体”聚合力城乡融合促文明")
    assert [t for _, t in tags.find("h2") if t == "三项保障确保工作实效"]
    assert [t for a, t in tags.find("p") if a.get("class") == "kicker"] == ["甘肃省金昌市金川区"]
    assert any("祁加鲲" in t for a, t in tags.find("p") if a.get("class") == "byline")
    body = next(t for a, t in tags.find("div") if a.get("class") == "story-body")
    assert body.index("今年以来") < body.index("三项保障") < body.index("强化组织领导")


def test_region_breadcrumb_links_province_city_county(site):
    tags = Tags(site["articles/p1-01.html"])
    crumbs = [(a["href"], t) for a, t in tags.find("a") if a["href"].startswith("../regions/")]
    assert crumbs == [("../regions/620000.html", "甘肃省"), ("../regions/620300.html", "金昌市"),
                      ("../regions/620302.html", "金川区")]
    assert "regions/620300.html" in site and "regions/620302.html" in site


def test_municipality_breadcrumb_skips_city(site):
    tags = Tags(site["articles/p1-02.html"])
    crumbs = [t for a, t in tags.find("a") if a["href"].startswith("../regions/")]
    assert crumbs == ["天津市", "和平区"]


def test_tags_link_to_tag_pages(site):
    tags = Tags(site["articles/p1-01.html"])
    links = {t: a["href"] for a, t in tags.find("a", rel="tag")}
    assert links == {"志愿服务": "../tags/zhi-yuan-fu-wu.html", "文明实践": "../tags/wen-ming-shi-jian.html"}


def test_photo_shows_credit_and_made_up_title(site):
    page = site["articles/p1-03.html"]
    tags = Tags(page)
    assert [t for a, t in tags.find("p") if a.get("class") == "credit"] == ["徐军勇 江凌浩 摄"]
    (h1,) = tags.find("h1")
    assert h1[1] == "近年来，浙江省杭州市桐庐县发挥党建引领作…"
    assert '<span data-pagefind-filter="kind">图片</span>' in page


def test_needs_review_shows_a_visible_note(site):
    assert "尚待编辑校对" in text_of(site["articles/p1-04.html"])
    assert "尚待编辑校对" not in text_of(site["articles/p1-01.html"])


def test_same_page_items_and_prev_next(site):
    tags = Tags(site["articles/p1-02.html"])
    (prev,) = tags.find("a", rel="prev")
    (nxt,) = tags.find("a", rel="next")
    assert prev[0]["href"] == "../articles/p1-01.html" and nxt[0]["href"] == "../articles/p1-03.html"
    same_page = [a["href"] for a, _ in tags.find("a") if a["href"].startswith("../articles/")]
    assert {"../articles/p1-01.html", "../articles/p1-03.html", "../articles/p1-04.html"} <= set(same_page)
    assert not Tags(site["articles/p1-01.html"]).find("a", rel="prev")


def test_citation_names_paper_date_and_page_never_the_seed_file_or_its_lines(site):
    text = text_of(site["articles/p1-01.html"])
    for part in ("中国社会报", "2024年1月17日", "第05版"):
        assert part in text
    for machine in ("p1.txt", "第10–14行", "来源文件"):
        assert machine not in text


def test_dateline_under_the_headline_links_the_day_and_the_page(site):
    tags = Tags(site["articles/p1-01.html"])
    (dateline,) = [(a, t) for a, t in tags.find("p") if a.get("class") == "dateline"]
    assert dateline[1].replace(" · ", "|") == "中国社会报|2024年1月17日|第05版"
    links = [(a["href"], t) for a, t in tags.find("a")]
    i = links.index(("../days/2024-01-17.html", "中国社会报"))
    assert links[i:i + 3] == [("../days/2024-01-17.html", "中国社会报"), ("../days/2024-01-17.html", "2024年1月17日"),
                              ("../pages/p1.html", "第05版")]
    assert site["articles/p1-01.html"].index('class="dateline"') < site["articles/p1-01.html"].index("story-body")


def test_cards_show_date_and_page(site):
    tags = Tags(site["tags/zhi-yuan-fu-wu.html"])
    assert [t for a, t in tags.find("span") if a.get("class") == "where"][:1] == ["2024年1月17日 · 第05版"]


def test_a_page_without_paper_date_or_number_is_named_by_its_file_without_the_hash(theme):
    from generator.site.views import page_label, seed_name

    assert seed_name("000_f19c2ac29f8dcdb3.txt") == "000"
    assert seed_name("2024-01-15-p05.txt") == "2024-01-15-p05"
    assert seed_name("deadbeef.txt") == "deadbeef"  # letters only: a word, not a hash
    assert page_label(PageInfo(id="x", seed="市场周刊 a1b2c3d4e5f6.txt")) == "版面 市场周刊"
    site = render(theme, articles=(replace(GANSU, source=replace(GANSU.source, page_id="000-f19c2ac29f8dcdb3",
                                                                  seed="000_f19c2ac29f8dcdb3.txt")),),
                  pages=(PageInfo(id="000-f19c2ac29f8dcdb3", seed="000_f19c2ac29f8dcdb3.txt"),))
    text = text_of(site["articles/p1-01.html"])
    assert "版面 000" in text and "f19c2ac29f8dcdb3" not in text
    assert "f19c2ac29f8dcdb3" not in text_of(site["pages/000-f19c2ac29f8dcdb3.html"])


def test_open_graph_and_description(site):
    tags = Tags(site["articles/p1-02.html"])
    og = {a["property"]: a["content"] for a, _ in tags.find("meta") if a.get("property", "").startswith("og:")}
    assert og["og:type"] == "article" and og["og:title"] == "牢记嘱托 踔厉笃行"
    assert "og:url" not in og  # no base_url: no absolute URL anywhere
    (description,) = tags.find("meta", name="description")
    assert description[0]["content"] == "朝阳里社区志愿服务事业五年工作实录"


def test_pagefind_body_and_filters_only_on_articles(site):
    article = site["articles/p1-01.html"]
    assert article.count("data-pagefind-body") == 1
    for value in ('"tag">志愿服务<', '"tag">文明实践<', '"province">甘肃省<', '"city">金昌市<', '"county">金川区<',
                  '"kind">文章<'):
        assert f"<span data-pagefind-filter={value}/span>" in article
    for path, page in site.items():
        if path.endswith(".html") and not path.startswith("articles/"):
            assert "data-pagefind-body" not in page, path


# ------------------------------------------------------------------------------------ every page


def test_every_page_has_one_h1_lang_and_relative_links(site):
    html_pages = [p for p in site if p.endswith(".html")]
    assert len(html_pages) > 10
    for path in html_pages:
        page = site[path]
        tags = Tags(page)
        assert len(tags.find("h1")) == 1, path
        assert tags.find("html", lang="zh-CN"), path
        for _, attrs in tags.tags:
            for key in ("href", "src"):
                url = attrs.get(key)
                if url is None:
                    continue
                assert not url.startswith(("/", "http:", "https:", "//")), (path, url)
                assert "://" not in url, (path, url)
                assert url.split("#")[0].endswith((".html", ".css", ".js", ".xml", ".svg", ".png", ".webp")) \
                    or url.startswith("#"), (path, url)


def test_output_paths_are_ascii_and_flat_html(site):
    assert all(p.isascii() for p in site)
    assert {"index.html", "tags.html", "regions.html", "404.html", "feed.xml", "robots.txt",
            "static/style.css", "pages/p1.html"} <= set(site)


def test_home_paginates_by_per_page(theme):
    site = render(theme, per_page=3)
    assert "index.html" in site and "page/2.html" in site and "page/3.html" not in site
    assert 'href="../index.html"' in site["page/2.html"]
    home = Tags(site["index.html"])
    assert len([a for a, _ in home.find("a") if a["href"].startswith("articles/")]) == 3


def test_tag_index_most_used_first(site):
    tags = Tags(site["tags.html"])
    main_links = [t for a, t in tags.find("a") if a["href"].startswith("tags/")]
    assert main_links[0] == "志愿服务"


def test_region_page_lists_whole_subtree(site):
    tags = Tags(site["regions/620000.html"])
    assert [a["href"] for a, _ in tags.find("a") if a["href"].startswith("../articles/")] == ["../articles/p1-01.html"]
    assert tags.find("h1")[0][1] == "甘肃省"


def test_printed_page_lists_items_in_layout_order_with_excerpts(site):
    tags = Tags(site["pages/p1.html"])
    hrefs = [a["href"] for a, _ in tags.find("a") if a["href"].startswith("../articles/")]
    assert hrefs == [f"../articles/p1-0{i}.html" for i in range(1, 5)]
    assert any("朝阳里社区是全国首个" in t for a, t in tags.find("p") if a.get("class") == "excerpt")


def test_output_is_deterministic(theme):
    assert render(theme) == render(theme)


def test_sitemap_only_with_base_url(theme, site):
    assert "sitemap.xml" not in site
    assert "Sitemap" not in site["robots.txt"]
    with_base = render(theme, base_url="https://example.org/paper/")
    urls = [loc.text for loc in ET.fromstring(with_base["sitemap.xml"]).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.org/paper/articles/p1-01.html" in urls
    assert all(u.startswith("https://example.org/paper/") for u in urls)
    assert "Sitemap: https://example.org/paper/sitemap.xml" in with_base["robots.txt"]


def test_feed_dates_come_from_pages_never_now(theme):
    undated = render(theme, pages=(PageInfo(id="p1", seed="p1.txt"),))
    root = ET.fromstring(undated["feed.xml"])
    assert {e.text for e in root.iter("{http://www.w3.org/2005/Atom}updated")} == {"1970-01-01T00:00:00Z"}


def test_render_site_never_opens_a_file(theme, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"render_site opened {args[:1]}")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(Path, "read_bytes", refuse)
    monkeypatch.setattr(Path, "read_text", refuse)
    assert render_site(ARTICLES, PAGES, config=SiteConfig(), theme=theme)


# ------------------------------------------------------------------------------------ template errors


def broken_theme(tmp_path: Path, template: str, text: str) -> Path:
    copy = tmp_path / "theme"
    shutil.copytree(THEME, copy)
    (copy / "templates" / template).write_text(text, encoding="utf-8")
    return copy


def test_undefined_variable_error_names_template_and_line(tmp_path):
    text = '{% extends "base.html" %}\n{% block main %}\n<h1>x</h1>\n{{ article.no_such_field }}\n{% endblock %}\n'
    theme = load_theme(broken_theme(tmp_path, "tag.html", text))
    with pytest.raises(BuildError) as err:
        render_site(ARTICLES, PAGES, config=SiteConfig(), theme=theme)
    assert err.value.problem.path.endswith("templates/tag.html")
    assert err.value.problem.line == 4
    assert str(err.value).startswith(f"{tmp_path / 'theme' / 'templates' / 'tag.html'}:4: template error")


def test_syntax_error_is_reported_when_loading_the_theme(tmp_path):
    text = '{% extends "base.html" %}\n{% block main %}\n{% for x in %}\n{% endblock %}\n'
    with pytest.raises(BuildError) as err:
        load_theme(broken_theme(tmp_path, "region.html", text))
    assert err.value.problem.path.endswith("templates/region.html")
    assert err.value.problem.line == 3


# --- list pages: paginated like the home page ------------------------------------------------------

MANY = tuple(replace(GANSU, id=f"p1-{n:02d}", source=src(n)) for n in range(1, 26))  # one tag, one region, 25 articles


def _article_links(html: str, prefix: str) -> list[str]:
    return [a["href"] for a, _ in Tags(html).find("a") if a["href"].startswith(prefix)]


@pytest.mark.parametrize("first, later", [("tags/zhi-yuan-fu-wu.html", "tags/zhi-yuan-fu-wu/{n}.html"),
                                          ("regions/620000.html", "regions/620000/{n}.html")])
def test_tag_and_region_lists_are_cut_into_pages_of_per_page(theme, first, later):
    site = render(theme, MANY, per_page=10)
    paths = [first, later.format(n=2), later.format(n=3)]
    assert later.format(n=4) not in site
    shown = [_article_links(site[paths[0]], "../articles/"),
             *(_article_links(site[p], "../../articles/") for p in paths[1:])]
    assert [len(s) for s in shown] == [10, 10, 5]
    assert [h.rsplit("/", 1)[1] for s in shown for h in s] == [f"{a.id}.html" for a in MANY]  # each once, in order
    page_2 = Tags(site[paths[1]])
    assert len(page_2.find("h1")) == 1 and "第2页" in site[paths[1]]
    assert [a["href"] for a, _ in page_2.find("a") if a.get("rel") in ("prev", "next")] == \
        ["../../" + first, "../../" + later.format(n=3)]
    assert [t for a, t in page_2.find("span") if a.get("aria-current") == "page"] == ["2"]


def test_every_link_of_a_paginated_list_page_resolves(theme):
    site = render(theme, MANY, per_page=10)
    lists = [p for p in site if p.startswith(("tags/", "regions/", "page/")) or p == "index.html"]
    assert any(p.count("/") == 2 for p in lists)  # later pages sit one folder deeper
    for path in lists:
        for attrs, _ in Tags(site[path]).find("a") + Tags(site[path]).find("link"):
            href = attrs.get("href") or ""
            if href and not href.startswith(("#", "http", "mailto:")):
                target = posixpath.normpath(posixpath.join(posixpath.dirname(path), href.split("#")[0]))
                assert target in site, f"{path}: {href}"


def test_a_regions_later_pages_leave_its_subregions_to_the_first(theme):
    site = render(theme, MANY, per_page=10)
    assert "下级地区" in site["regions/620000.html"] and "下级地区" not in site["regions/620000/2.html"]


def test_pager_shows_the_ends_and_the_neighbours_of_the_current_page():
    from generator.site.views import page_window
    assert page_window(1, 1) == [1]
    assert page_window(1, 10) == [1, 2, 3, None, 10]
    assert page_window(4, 10) == [1, 2, 3, 4, 5, 6, None, 10]  # 1 … 2: no gap of one page
    assert page_window(250, 500) == [1, None, 248, 249, 250, 251, 252, None, 500]
    for total in range(1, 40):
        for n in range(1, total + 1):
            window = page_window(n, total)
            numbers = [i for i in window if i is not None]
            assert numbers == sorted(set(numbers)) and {1, n, total} <= set(numbers) and len(window) <= 9
            for a, b in zip(window, window[1:]):  # a gap stands for two pages or more, never beside another
                assert (a is None) != (b is None) or b == a + 1
            for i, item in enumerate(window):
                if item is None:
                    assert window[i + 1] - window[i - 1] > 2
