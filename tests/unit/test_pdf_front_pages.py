"""PDF front pages as Founder-style typesetting prints them (tests/data/pdf/front_page.py), read back.

Two front pages, printed by Chromium once per session and built by build.py once: what a reader
sees of them (articles.json, pages.json) is checked against what was laid out, never against the
splitter's output. See the fixture's docstring for the quirks each page holds.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "data" / "pdf"
sys.path.insert(0, str(FIXTURES))

import front_page  # noqa: E402

from generator import evaluate  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
GOLDS = [json.loads((FIXTURES / name).read_text(encoding="utf-8"))
         for name in ("front-page.gold.json", "front-page-2.gold.json")]


@pytest.fixture(scope="session")
def front_pages(tmp_path_factory) -> Path:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is needed to print the PDF fixtures: apt-get install -y chromium fonts-wqy-microhei")
    out = tmp_path_factory.mktemp("front-pages")
    front_page.make(out)
    return out


@pytest.fixture(scope="session")
def site(front_pages: Path) -> tuple[list[dict], list[dict]]:
    """The articles and page records build.py makes of both front pages."""
    return evaluate.build_and_read(GOLDS, front_pages, REPO, timeout=600)


def _article(articles: list[dict], text: str) -> dict:
    """The one article whose paragraphs hold `text`."""
    found = [a for a in articles if any(text in b["text"].replace(" ", "") for b in a["blocks"])]
    assert len(found) == 1, [a["title"] for a in found]
    return found[0]


def _body(article: dict) -> str:
    return "".join(b["text"] for b in article["blocks"]).replace(" ", "")


def test_front_pages_score_every_point_but_the_headline_printed_as_a_picture(front_pages, site):
    articles, pages = site
    passed, total, rows = evaluate.score(GOLDS, front_pages, articles, pages)
    missing = [row for row in rows if "missing" in row or "unmatched" in row and not row.endswith(" 0")]
    assert missing == ["front-page-2.pdf #4 老旧小区加装电梯提速: 13/14  missing: title"], "\n".join(rows)
    assert passed == total - 1


def test_a_stacked_headline_owns_the_lead_set_beside_it_character_by_character(site):
    articles, _ = site
    spread = _article(articles, "这个时节的忙碌都写在街头巷尾")
    assert (spread["title"], spread["authors"], spread["needs_review"]) == ("腊月里“年味儿”上新了", ["韩雪"], False)
    # one paragraph, its justification gaps closed, its ASCII comma kept as printed
    assert [b["text"] for b in spread["blocks"]] == [
        "这个时节的忙碌都写在街头巷尾：老街的屋檐下挂起了红灯笼，写春联的摊位前排起长队，年货市场里人声鼎沸。"
        "不觉中,新年的脚步越来越近了。"]


def test_a_vertical_headline_owns_the_text_beside_it_and_the_byline_under_it(site):
    articles, _ = site
    comment = _article(articles, "灯笼、春联、年货，这些看得见的年味")
    assert comment["title"] == "年味里的烟火气"
    assert _body(comment).endswith("这份烟火气才会越来越浓。")
    story = _article(articles, "三十年前，老周第一次走进城北的沙窝子")
    assert (story["title"], story["authors"], len(story["blocks"])) == ("治沙人的三十个春天", ["周航"], 3)
    # the text under the vertical headline is the next article's, not the commentary's
    top = _article(articles, "按照计划，三座新桥将在三年内全部建成通车")
    assert top["title"] == "黄河北岸三座新桥年内开工"


def test_masthead_weather_ads_pointers_and_labels_are_the_pages_never_an_articles(site):
    articles, pages = site
    text = "".join((a["title"] or "") + _body(a) for a in articles)
    for word in ("河谷晚报", "西岭都市报", "主管主办", "邮发代号", "今日天气", "西北风", "广告", "河谷家电", "补贴八百元",
                 "导读", ">>>", "详见", "下转", "总值班", "本报常年法律顾问"):
        assert word not in text, word
    furniture = {p["id"]: "".join(p["furniture"]).replace(" ", "") for p in pages}
    assert "河谷家电新春焕新季" in furniture["front-page-p01"] and "导读" in furniture["front-page-p01"]
    assert "（下转02版）" in furniture["front-page-2-p01"] and "详见09版" in furniture["front-page-2-p01"]
    facts = sorted((p["id"], p["paper"], p["date"], p["page_no"]) for p in pages)
    assert facts == [("front-page-2-p01", "西岭都市报", "2025-03-06", 1), ("front-page-p01", "河谷晚报", "2024-02-01", 1)]


def test_a_headline_printed_as_a_picture_leaves_its_text_flagged_with_no_other_headline(site):
    articles, _ = site
    lifts = _article(articles, "记者从市住房和城乡建设局了解到")
    assert (lifts["title"], lifts["authors"], lifts["needs_review"]) == (None, ["孙蕾"], True)
    assert _body(lifts).endswith("让居民用得上、用得好。") and len(lifts["blocks"]) == 3
    # the photo above it, whose headline is on the photo, keeps to its caption
    photo = _article(articles, "3月5日，志愿者在城郊治沙基地种植梭梭苗。")
    assert (photo["kind"], photo["title"], photo["authors"]) == ("photo", "沙海绿洲春意浓", ["李响"])
    assert photo["blocks"] == [{"type": "p", "text": "3月5日，志愿者在城郊治沙基地种植梭梭苗。 西岭日报社记者李响摄"}]


def test_captions_beside_under_and_in_the_bodys_size_are_photos_with_their_printed_credit(site):
    articles, _ = site
    photos = sorted((_body(a), tuple(a["authors"])) for a in articles
                    if a["kind"] == "photo" and a["source"]["seed"] == "front-page.pdf")
    assert photos == sorted([
        ("1月31日，河谷东部市场的灯笼摊位前，市民正在挑选新春饰品。河谷日报社全媒体记者赵文摄", ("赵文",)),
        ("老街的屋檐下挂起一排排红灯笼。河谷日报社全媒体记者马骏摄", ("马骏",)),  # credit wrapped beside the photo
        ("写春联的摊位前，市民排队求取“福”字。河谷日报社全媒体记者谭雨摄", ("谭雨",)),  # in the body's size
    ])


def test_text_continued_below_an_advertisement_joins_its_article_in_order(site):
    articles, _ = site
    museum = _article(articles, "寒假以来，市博物馆的参观人数明显增加")
    assert museum["title"] == "寒假博物馆研学游升温" and len(museum["blocks"]) == 4
    assert "博物馆将寒假期间的开放时间延长至晚上七点，并增加了线上预约名额。" in _body(museum)
    assert _body(museum).endswith("了解活动详情并预约参观。")


def test_teasers_are_articles_whose_text_stops_before_their_pointer(site):
    articles, _ = site
    teasers = {a["title"]: _body(a) for a in articles if a["title"] in {
        "城区新增八处便民停车场", "春运首日河谷站发送旅客四万人次", "西岭至敦煌旅游专列开行", "全市中小学开展春季研学"}}
    assert teasers == {
        "城区新增八处便民停车场": "记者从市交通运输部门获悉，春节前城区将新增八处便民停车场，共提供车位两千余个，方便市民购物出行。",
        "春运首日河谷站发送旅客四万人次": "1月26日，春运正式拉开帷幕。当天河谷火车站共发送旅客四万余人次，铁路部门加开临客列车十二趟。",
        "全市中小学开展春季研学": "本周起，全市中小学陆续开展春季研学活动，学生们走进田间、工厂和博物馆。",
        "西岭至敦煌旅游专列开行": "首趟旅游专列本月中旬开行，沿途设六个停靠站，可满足游客多样需求。",
    }


def _two_open_articles_and_a_jump() -> str:
    """Two articles side by side, each stopping mid-sentence at the foot of its column, and a box
    between them below, opening mid-paragraph: the text runs on there, but from which article?"""
    def box(x, y, w, style, inner):
        return f'<div style="position:absolute;left:{x}px;top:{y}px;width:{w}px;{style}">{inner}</div>'

    body = "font-size:14px;line-height:22px;text-align:justify"
    head = "font-size:26px;line-height:34px;font-weight:bold;text-align:center"
    parts = [
        box(40, 40, 300, head, "东湖公园樱花进入盛花期"),
        box(40, 84, 300, body, '<p style="margin:0;text-indent:2em">连日来，东湖公园的两千余株樱花陆续绽放，吸引了'
            '大批市民前来踏青赏花。公园管理处介绍，今年樱花的盛花期预计持续到本月下旬，为方便游客，公园延长了开放'),
        box(380, 40, 300, head, "西山隧道主体工程完工"),
        box(380, 84, 300, body, '<p style="margin:0;text-indent:2em">记者从市重点工程建设指挥部获悉，西山隧道主体工程'
            '日前全部完工，隧道全长三点六公里，双向四车道设计，建成后从城西到新区的车程将缩短二十分钟，工程下一步'),
        box(210, 200, 300, body, '<p style="margin:0">时间并增加了保洁和安保人员，确保游园安全有序。</p>'),
    ]
    return ('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><style>@page { size: 720px 400px; margin: 0 }'
            'body { margin: 0; font-family: "WenQuanYi Micro Hei", sans-serif }</style><body>'
            + "".join(parts) + "</body></html>")


def test_a_jump_two_open_articles_could_take_is_flagged_for_review(tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("Chromium is needed to print the PDF fixtures")
    from make_fixtures import print_pdfs

    from generator.ingest.printed_page import split_and_check
    from generator.ingest.seeds import read_pdf_seed
    from generator.models import PageInfo

    print_pdfs([(_two_open_articles_and_a_jump(), tmp_path / "jump.pdf", None)])
    [(_, text, info)] = read_pdf_seed(tmp_path / "jump.pdf", PageInfo(id="jump", seed="jump.pdf"))
    articles = split_and_check((text, info)).articles
    taker = _article([{"title": a.title, "blocks": [{"text": b.text} for b in a.blocks], "a": a} for a in articles],
                     "确保游园安全有序")["a"]
    assert taker.needs_review and "another article could continue" in taker.review
    other = next(a for a in articles if a is not taker)
    assert not other.needs_review


def test_a_masthead_with_no_gap_under_it_is_still_the_pages(tmp_path):
    """The masthead band ends where a gap does; with the news set right under it, the paper's name
    over its Latin name, the weather box and the date are still told apart from the news."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is needed to print the PDF fixtures")
    from make_fixtures import print_pdfs

    print_pdfs([(front_page.front_page_html(tight=True), tmp_path / "front-page.pdf", None)])
    articles, pages = evaluate.build_and_read(GOLDS[:1], tmp_path, REPO, timeout=600)
    passed, total, rows = evaluate.score(GOLDS[:1], tmp_path, articles, pages)
    assert passed == total, "\n".join(rows)
    assert (pages[0]["paper"], pages[0]["date"]) == ("河谷晚报", "2024-02-01")


def _read_page_printed(html: str, tmp_path: Path):
    """The articles ingest makes of a one-page PDF printed from `html`."""
    from make_fixtures import print_pdfs

    from generator.ingest.printed_page import split_and_check
    from generator.ingest.seeds import read_pdf_seed
    from generator.models import PageInfo

    print_pdfs([(html, tmp_path / "page.pdf", None)])
    [(_, text, info)] = read_pdf_seed(tmp_path / "page.pdf", PageInfo(id="page", seed="page.pdf"))
    return split_and_check((text, info)).articles


@pytest.mark.parametrize("photo", [True, False], ids=["on-its-picture", "no-picture-near"])
def test_a_headline_over_a_credited_caption_titles_the_photo_flagged_unless_at_its_picture(tmp_path, photo):
    if not CHROMIUM.exists():
        pytest.skip("Chromium is needed to print the PDF fixtures")
    picture = '<div style="position:absolute;left:40px;top:40px;width:400px;height:240px;background:#8a8f94"></div>'
    html = ('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><style>@page { size: 600px 460px; margin: 0 }'
            'body { margin: 0; font-family: "WenQuanYi Micro Hei", sans-serif }</style><body>'
            + (picture if photo else "")
            + '<div style="position:absolute;left:60px;top:60px;width:360px;font-size:30px;line-height:40px;'
              'font-weight:bold;color:#333">湖畔春色醉游人</div>'
              '<div style="position:absolute;left:40px;top:290px;width:400px;font-size:12px;line-height:18px">'
              '3月16日，游客在湖畔赏花拍照。 本报记者 林风 摄</div>'
              '<div style="position:absolute;left:40px;top:330px;width:400px;font-size:24px;line-height:32px;'
              'font-weight:bold">城西新建三座口袋公园</div>'
              '<div style="position:absolute;left:40px;top:370px;width:400px;font-size:14px;line-height:22px">'
              '本报讯 记者从市园林部门获悉，城西今年将利用边角空地新建三座口袋公园，让市民出门就能见到绿色，'
              '预计年底前全部建成开放。</div>'
              '</body></html>')
    articles = _read_page_printed(html, tmp_path)
    photos = [a for a in articles if a.kind == "photo"]
    assert [(a.title, a.authors) for a in photos] == [("湖畔春色醉游人", ("林风",))]
    assert photos[0].needs_review is not photo
    if not photo:
        assert "no picture near it" in photos[0].review
