"""Page furniture is told from article text by the shape of a line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.furniture import furniture_kind

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("line", "kind"), [
    ("第 3 版", "running"),
    ("第03版：要闻", "running"),
    ("第 12 页", "running"),
    ("- 7 -", "running"),
    ("责编：王五  美编：李四", "credits"),
    ("总值班:张三 责编:李四 美编:王五 校对:赵六", "credits"),
    ("本版邮箱：news@example.cn", "credits"),
    ("中共某某市委主管主办 某某日报社出版 总第14967期", "masthead"),
    ("新闻热线:4286666 邮发代号:53-10 国内统一连续出版物号 CN 62-0002", "masthead"),
    ("扫码下载", "masthead"),
    (">>>02", "pointer"),
    ("下转第2版", "pointer"),
    ("（上接第一版）", "pointer"),
    ("广告", "ad"),
    ("【广告】", "ad"),
])
def test_furniture_lines_are_recognised(line, kind):
    assert furniture_kind(line) == kind


@pytest.mark.parametrize("line", [
    "近年来，浙江省杭州市桐庐县发挥党建引领作用",
    "“福”字送市民",
    "要闻",
    "第一书记的一天",
    "市民可拨打新闻热线反映问题，记者将跟进报道，热线开通以来已收到上千条线索，涉及交通、教育等方面。",
    "编辑部的故事",
])
def test_article_lines_are_not_furniture(line):
    assert furniture_kind(line) is None


def test_no_line_of_the_example_pages_is_furniture():
    pages = [*sorted((REPO / "seeds").glob("*.txt")), *sorted((REPO / "tests" / "data" / "pages").glob("*.txt"))]
    hits = [(p.name, line) for p in pages for line in p.read_text(encoding="utf-8").splitlines() if furniture_kind(line)]
    assert hits == []
