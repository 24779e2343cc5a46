"""Honesty: the articles the splitter is unsure of are flagged, with the reason where an editor looks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.ingest import review
from generator.ingest.clean import clean_page
from generator.ingest.layout import layout_page
from generator.models import Article, Block, PageInfo, Source
from generator.ingest.printed_page import ingest_page, split_printed_page

REPO = Path(__file__).resolve().parents[2]
SOURCE = Source(seed="p.txt", page_id="p", line_start=3, line_end=9, order=1)
BODY = (Block("paragraph", "近年来，当地引导农户建设高效节水灌溉设施，果品产量和品质明显提升。", (5, 9)),)


def article(title: str | None, blocks=BODY, **kw) -> Article:
    return Article(id="p-01", kind="article", title=title, kicker=None, subtitle=None, authors=(), blocks=blocks,
                   source=SOURCE, **kw)


@pytest.mark.parametrize(("title", "looks_like"), [
    ("《人民日报》（2025年10月20日 第 02 版）", "source line"),
    ("第 12 页", "running head or footer"),
    ("本版责编：张三 李四", "furniture"),
    ("2025年10月20日 星期一", "date"),
    ("张建国", "person's name"),
    ("本报记者 王五", "byline"),
    ("新华社记者 李四 摄", "photo credit"),
])
def test_a_title_that_is_not_a_headline_is_flagged_with_its_reason(title, looks_like):
    [flagged] = review.review_articles([article(title)])
    assert flagged.needs_review and looks_like in flagged.review
    assert flagged.warnings[-1].line == 3 and flagged.warnings[-1].message.startswith("its title looks like")
    assert flagged.warnings[-1].hint  # the fix


@pytest.mark.parametrize("title", ["山区果园用上智能灌溉", "春节", "高温天气", "张家界迎来旅游旺季", "加油！"])
def test_a_headline_is_not_flagged(title):
    [kept] = review.review_articles([article(title)])
    assert not kept.needs_review and kept.review is None and kept.warnings == ()


def test_a_headline_that_runs_on_into_its_text_is_flagged():
    """`节置办年` / `货、在黄河…`: 年货 is a word of the page, cut where the headline was taken to end."""
    body = (Block("paragraph", "货、在黄河岸边领取春联，不知不觉中，年货节到了，年货摆满了街。", (5, 9)),)
    [flagged] = review.review_articles([article("节置办年", blocks=body)])
    assert flagged.needs_review and flagged.review.startswith("its headline runs on into its text")
    assert review.severity(flagged.review) == review.TITLE  # listed with the wrong titles, first
    [kept] = review.review_articles([article("山区果园用上智能灌溉", blocks=body)])
    assert not kept.needs_review


def test_a_name_that_the_body_uses_as_a_word_is_not_taken_for_a_name():
    body = (Block("paragraph", "高峰时段，地铁站的客流明显增加，高峰持续到九点。", (5, 5)),)
    assert not review.review_articles([article("高峰", blocks=body)])[0].needs_review


def test_an_empty_body_and_a_body_shorter_than_its_headline_are_flagged():
    [empty] = review.review_articles([article("山区果园用上智能灌溉", blocks=())])
    assert empty.needs_review and empty.review == "its body is empty"
    short = (Block("paragraph", "见下文。", (5, 5)),)
    [shorter] = review.review_articles([article("山区果园用上智能灌溉", blocks=short)])
    assert shorter.review == "its body is shorter than its headline"


def test_reasons_are_listed_worst_first():
    [flagged] = review.review_articles([article("第 3 页", blocks=())])
    assert flagged.review.split("; ") == ["its title looks like a page's running head or footer, not a headline",
                                          "its body is empty"]
    assert review.severity(flagged.review) < review.severity("its body is empty")


# A header far from its body (another article between), whose words the body does not bear.
FAR = """
山村小学的新操场
◎ 王芳

秋收时节稻谷飘香
◎ 李强

金黄的稻田里，收割机来回穿梭，农民们忙着把新收的稻谷装袋运回家。
今年风调雨顺，稻谷亩产比去年提高了一成。

县城体育馆向市民开放
◎ 赵敏

县城新建的体育馆本月向市民开放，馆内设有篮球场、羽毛球场和游泳池，
每天接待市民上千人次。体育馆负责人介绍，周末还将举办全民健身公益培训。

这所小学的孩子们在塑胶跑道上奔跑，脸上洋溢着笑容。校长说，操场铺上塑胶后，
体育课再也不怕下雨天了，学校还组建了田径队。
"""


def test_a_headline_matched_to_a_body_far_from_it_on_thin_evidence_is_flagged():
    lines = clean_page(FAR)
    split = split_printed_page(FAR, PageInfo(id="p", seed="p.txt"), lines=lines)
    unreviewed = ingest_page(FAR, PageInfo(id="p", seed="p.txt"))
    matched = {a.title: a for a in split.articles}
    far = [a for a in split.articles if a.review and "far from it" in a.review]
    # split gives the header the last text of the page, two articles below it
    assert any(a.blocks and a.title == "山村小学的新操场" and "塑胶跑道" in a.blocks[0].text for a in unreviewed)
    assert [a.title for a in far] == ["山村小学的新操场"]
    assert not matched["秋收时节稻谷飘香"].needs_review


def test_the_example_and_dev_pages_get_no_flag_from_review():
    """Their splits are right (the gold says so): review must not cry wolf there."""
    pages = [*sorted((REPO / "seeds").glob("*.txt")), *sorted((REPO / "tests" / "data" / "pages").glob("dev-*.txt"))]
    for path in pages:
        text = path.read_text(encoding="utf-8")
        plain = ingest_page(text, PageInfo(id="p", seed=path.name))
        reviewed = review.review_articles(plain, layout_page(clean_page(text)))
        assert [a.needs_review for a in reviewed] == [a.needs_review for a in plain], path.name


def test_build_review_lists_flagged_articles_worst_first_and_writes_review_md(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    page = (REPO / "tests" / "data" / "editions" / "digest-a.txt").read_text(encoding="utf-8")
    # one wrong headline (not in the contents) and a text with no header at all
    (seeds / "day.txt").write_text(page.replace("\n乡村少年足球赛开赛\n", "\n乡村少年足球联赛开赛\n"), encoding="utf-8")
    (seeds / "loose.txt").write_text("只有正文没有标题的一段文字，记者从有关部门获悉了这一消息。\n", encoding="utf-8")
    command = [sys.executable, str(REPO / "build.py"), "--seeds", str(seeds), "--content", str(tmp_path / "content"),
               "--out", str(tmp_path / "site"), "--no-zip", "--no-search", "--review"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    listed = [line for line in run.stdout.splitlines() if ".md:" in line]
    assert len(listed) == 2
    assert "day-p04" in listed[0] and "is not in the table of contents" in listed[0]  # a wrong title: worst
    assert "loose" in listed[1] and "no headline" in listed[1]
    assert "2 article(s) to review" in run.stdout
    first = listed[0].split(":")
    text = Path(first[0]).read_text(encoding="utf-8").split("\n")
    assert text[int(first[1]) - 1].startswith(("review:", "needs_review:"))
    assert "needs_review: true" in text and any(t.startswith("review: ") for t in text)
    review_md = (tmp_path / "content" / "REVIEW.md").read_text(encoding="utf-8")
    assert review_md.startswith("<!-- Generated by build.py")
    assert review_md.index("day-p04") < review_md.index("loose")
    assert "day.txt:" in run.stderr and "is not in the table of contents" in run.stderr  # the warning
