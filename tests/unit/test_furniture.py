"""Page furniture is told from article text by the shape of a line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.ingest.furniture import furniture_kind, section_of, trailing_pointer

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("line", "kind"), [
    ("第 3 版", "running"),
    ("第03版：要闻", "running"),
    ("第 12 页", "running"),
    ("- 7 -", "running"),
    ("责编：王五  美编：李四", "credits"),
    ("总值班:张三 责编:李四 美编:王五 校对:赵六", "credits"),
    ("总值班:张三 值班主任:李四 王五 首席编辑:赵六 美编:钱七 本报常年法律顾问:孙八 周九", "credits"),
    ("本版邮箱：news@example.cn", "credits"),
    ("中共某某市委主管主办 某某日报社出版 总第14967期", "masthead"),
    ("新闻热线:4286666 邮发代号:53-10 国内统一连续出版物号 CN 62-0002", "masthead"),
    ("扫码下载", "masthead"),
    (">>>02", "pointer"),
    ("下转第2版", "pointer"),
    ("（上接第一版）", "pointer"),
    ("广告", "ad"),
    ("【广告】", "ad"),
    ("=" * 60, "rule"),
    ("＊ ＊ ＊ ＊ ＊ ＊", "rule"),
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
    "时间:1月5日 地点:江城体育馆",  # a notice's colons, with no office before them
    "辛勤耕耘",
])
def test_article_lines_are_not_furniture(line):
    assert furniture_kind(line) is None


def test_no_line_of_the_example_pages_is_furniture():
    data = REPO / "tests" / "data" / "pages"
    pages = [*sorted((REPO / "seeds").glob("*.txt")), *sorted(data.glob("dev-*.txt")), *sorted(data.glob("style-*.txt"))]
    hits = [(p.name, line) for p in pages for line in p.read_text(encoding="utf-8").splitlines() if furniture_kind(line)]
    assert hits == []


@pytest.mark.parametrize(("line", "kind"), [
    ("2023", "date"),
    ("12·28", "date"),
    ("2023年12月28日 星期四", "date"),
    ("星期四", "date"),
    ("12月28日 星期四", "date"),
    ("农历癸卯年十一月十六", "masthead"),
    ("农历腊月初五", "date"),
    ("癸卯年十二月廿二", "date"),  # a sexagenary year's date needs no 农历
    ("甲辰年正月初五 星期一", "date"),
    ("今日12版", "masthead"),
    ("扫码下载江城+客户端", "masthead"),
    ("晴转多云 -3℃~6℃ 西北风3级", "weather"),
    ("2024年1月15日 星期一 要闻 03", "running"),
])
def test_masthead_dates_weather_and_dated_running_heads_are_furniture(line, kind):
    assert furniture_kind(line) == kind


@pytest.mark.parametrize("line", [
    "最低气温降至-5℃左右",  # a wrapped line of a weather story: no weather words around the number
    "今天白天晴，最高气温5℃。",
    "12月28日",  # a day alone may end a paragraph's last line
    "江城晚报",  # a paper's name is furniture only beside the masthead (see test_layout)
])
def test_weather_story_lines_and_bare_names_are_not_furniture(line):
    assert furniture_kind(line) is None


@pytest.mark.parametrize(("line", "section"), [
    ("第02版 要闻", "要闻"),
    ("要闻 第 2 版", "要闻"),
    ("第03版：城事", "城事"),
    ("2024年1月15日 星期一 民生 03", "民生"),
    ("第 3 版", None),
    ("近年来，某地不断加强精神文明建设", None),
])
def test_section_of_a_running_head_is_its_page_name(line, section):
    assert section_of(line) == section


@pytest.mark.parametrize(("line", "at"), [
    ("保障道路畅通和群众出行安全。>>>03", 14),
    ("引进老字号和文创店铺80余家。（下转02版）", 15),
    (">>>03", None),  # a whole line is furniture_kind's
    ("详见第2版", None),
])
def test_a_pointer_ending_a_line_of_text_is_found(line, at):
    assert trailing_pointer(line) == at
