"""Editions in the digest form: a day's paper in one seed becomes its printed pages and their articles.

The fixtures in tests/data/editions are made-up news written by hand (make_digests.py); what a
reader sees is asserted: page ids, titles, authors, paper, date and page of each article, text that
a footer cut in two, and the page's furniture.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.content import files as content

from generator.ingest import digest as edition
from generator.ingest.clean import clean_page
from generator.errors import BuildError
from generator.models import PageInfo
from generator.ingest.seeds import MAX_SEED_BYTES, read_seed
from generator.ingest.printed_page import split_printed_page

REPO = Path(__file__).resolve().parents[2]
EDITIONS = REPO / "tests" / "data" / "editions"
DIGEST_A = (EDITIONS / "digest-a.txt").read_text(encoding="utf-8")
DIGEST_B = (EDITIONS / "digest-b.txt").read_text(encoding="utf-8")


def pages_of(text: str, name: str = "digest-a.txt", page_id: str = "digest-a") -> list[edition.EditionPage]:
    return edition.split_edition(text, clean_page(text), seed=name, page_id=page_id)


def titles(pages) -> list[str]:
    return [a.title for p in pages for a in p.articles]


def test_a_digest_is_cut_into_its_printed_pages_by_its_source_lines():
    pages = pages_of(DIGEST_A)
    assert [p.page_no for p in pages] == [1, 2, 3, 4]
    assert [a.id for a in pages[1].articles] == ["digest-a-p02-01", "digest-a-p02-02", "digest-a-p02-03"]
    for page in pages:
        for a in page.articles:
            assert (a.source.paper, a.source.date, a.source.page_no) == ("人民日报", "2025-10-20", page.page_no)
            assert a.source.seed == "digest-a.txt" and a.source.page_id == f"digest-a-p{page.page_no:02d}"


def test_the_table_of_contents_checks_titles_and_is_never_an_article():
    pages = pages_of(DIGEST_A)
    assert len(titles(pages)) == 11
    assert not any(t.startswith(("1.", "目录")) or "本版责编" in t or t == "广告" for t in titles(pages))
    assert "1. 秋粮收获进度过七成" in pages[0].furniture
    assert not any(a.needs_review for p in pages for a in p.articles)


def test_headline_lines_kicker_and_subtitle_are_told_apart_by_the_contents():
    articles = {a.title: a for p in pages_of(DIGEST_A) for a in p.articles}
    rail = articles["全国铁路国庆中秋假期运送旅客再创新高"]  # printed over two lines
    assert rail.subtitle == "单日最高发送旅客超过2300万人次" and rail.kicker is None
    assert articles["新型储能装机规模持续扩大"].kicker == "坚持创新驱动 厚植发展优势"
    assert articles["以高水平保护支撑高质量发展"].subtitle == "访生态环境部有关负责人"


def test_names_printed_one_character_a_line_are_joined_and_role_words_dropped():
    articles = {a.title: a for p in pages_of(DIGEST_A) for a in p.articles}
    assert articles["新型储能装机规模持续扩大"].authors == ("丁怡婷",)  # 本报记者 / 第 1 页 / 丁 / 怡 / 婷
    assert articles["让更多老年人享受便捷助餐服务"].authors == ("李昂",)
    assert articles["全国铁路国庆中秋假期运送旅客再创新高"].authors == ("韩鑫",)  # 韩 鑫
    assert articles["山区果园用上智能灌溉"].authors == ("王汉超", "陈晨")


def test_byline_names_of_single_characters():
    assert edition.byline_names(["本报记者", "崔", "斌", "吕", "强"]) == (("崔斌", "吕强"), False)
    assert edition.byline_names(["新华社记者 胡 璐 王 琦"]) == (("胡璐", "王琦"), False)
    assert edition.byline_names(["本报记者", "吴", "储", "岐"]) == (("吴储岐",), False)
    # five characters: 3 + 2, as only that cut starts each name with a common surname
    assert edition.byline_names(["本报记者", "吴", "储", "岐", "崔", "斌"]) == (("吴储岐", "崔斌"), False)
    assert edition.byline_names(["本报记者", "甲", "乙", "丙", "丁", "戊"]) == (("甲乙丙丁戊",), True)  # a guess


def test_a_footer_between_two_halves_of_a_sentence_does_not_break_the_paragraph():
    lines = DIGEST_A.split("\n")
    cut = [n for n, line in enumerate(lines) if line.lstrip("\f").startswith("第 ") and line.endswith(" 页")
           and lines[n - 1] and not lines[n - 1].endswith("。") and len(lines[n - 1]) >= 20
           and lines[n + 1].lstrip("\f")]
    assert cut, "the fixture has a footer inside a sentence"
    paragraphs = [b.text for p in pages_of(DIGEST_A) for a in p.articles for b in a.blocks]
    for n in cut:
        before, after = lines[n - 1].strip(), lines[n + 1].lstrip("\f").strip()
        joined = next(t for t in paragraphs if before.replace("\u3000", " ").strip() in t)
        assert after in joined, (before, after)
    assert not any("第" in t and "页" in t and t.endswith("页") for t in paragraphs)


def test_footers_credits_and_ads_are_the_furniture_of_their_page():
    pages = {p.page_no: p for p in pages_of(DIGEST_A)}
    furniture = {n: {f.replace(" ", "") for f in p.furniture} for n, p in pages.items()}  # as cleaned
    assert "本版责编：赵晖孙小雨" in furniture[2]
    assert "广告" in furniture[3]
    assert "《人民日报》（2025年10月20日第03版）" in furniture[3]
    assert "第2页" in furniture[2]
    body = " ".join(b.text for p in pages.values() for a in p.articles for b in a.blocks)
    assert "本版责编" not in body and "《人民日报》" not in body


def test_no_han_character_of_the_edition_is_lost():
    for text, name in ((DIGEST_A, "digest-a.txt"), (DIGEST_B, "digest-b.txt")):
        info = PageInfo(id=name[:-4], seed=name)
        for page_no, paper, date in edition.page_numbers(clean_page(text)):
            split = split_printed_page(text, PageInfo(id=f"{info.id}-p{page_no:02d}", seed=name, page_no=page_no))
            assert split.lost == 0, (name, page_no)


def test_a_second_layout_without_contents_spaced_source_lines_and_xinhua_items():
    pages = pages_of(DIGEST_B, "digest-b.txt", "digest-b")
    assert [(p.page_no, p.paper, p.date) for p in pages] == [(1, "光明日报", "2025-03-05"), (3, "光明日报", "2025-03-05")]
    articles = {a.title: a for p in pages for a in p.articles}
    assert articles["全国两会新闻中心正式开放"].authors == ("胡璐", "王琦")
    assert articles["春耕备耕有序推进"].subtitle == "各地抓好农资供应和技术服务"
    assert [len(a.blocks) for a in articles.values()] == [2, 3, 3, 2]
    assert "本版编辑：李晓明 张 蕾" in pages[0].furniture


def test_a_title_not_in_the_contents_is_flagged_and_a_contents_entry_with_no_article_is_reported():
    text = DIGEST_A.replace("\n乡村少年足球赛开赛\n", "\n乡村少年足球联赛开赛\n")
    pages = pages_of(text)
    [flagged] = [a for p in pages for a in p.articles if a.needs_review]
    assert flagged.title == "乡村少年足球联赛开赛"
    assert "is not in the table of contents" in flagged.review
    assert any(w.line and "“乡村少年足球赛开赛”" in w.message for w in pages[0].warnings)


def test_an_item_without_a_source_line_is_found_by_its_contents_title_and_flagged():
    text = DIGEST_A.replace("李\n昂\n《人民日报》（2025年10月20日 第 02 版）\n", "李\n昂\n")
    articles = {a.title: a for p in pages_of(text) for a in p.articles}
    item = articles["让更多老年人享受便捷助餐服务"]
    assert item.authors == ("李昂",) and item.source.page_no == 2 and len(item.blocks) == 3
    assert item.needs_review and "no source line" in item.review
    assert len(articles["以高水平保护支撑高质量发展"].blocks) == 5  # the article above keeps only its own text


def test_an_edition_may_be_larger_than_a_page_but_not_any_of_its_pages(tmp_path):
    body = "　　" + "各地持续推进乡村振兴，农业生产保持稳定，农民收入稳步增长。" * 40 + "\n"
    parts = [f"第{n}篇报道\n本报记者 张明\n《人民日报》（2025年10月20日 第 {n:02d} 版）\n" + body * 6 for n in range(1, 31)]
    edition_seed = tmp_path / "day.txt"
    edition_seed.write_text("".join(parts), encoding="utf-8")
    assert edition_seed.stat().st_size > MAX_SEED_BYTES
    assert read_seed(edition_seed).startswith("第1篇报道")
    one_page = tmp_path / "huge-page.txt"
    one_page.write_text(parts[0].replace(body * 6, body * 300), encoding="utf-8")
    with pytest.raises(BuildError, match="512 KB a printed page can hold"):
        read_seed(one_page)


def test_masthead_lines_fill_what_no_toml_says():
    info = PageInfo(id="p", seed="p.txt", furniture=("2024年1月15日 星期一", "第03版：要闻", "《兰州晚报》"))
    filled = edition.fill_page_facts(info)
    assert (filled.date, filled.page_no, filled.section, filled.paper) == ("2024-01-15", 3, "要闻", "兰州晚报")
    said = PageInfo(id="p", seed="p.txt", paper="某报", date="2020-01-01", page_no=9, furniture=info.furniture)
    assert edition.fill_page_facts(said) == replace_section(said, "要闻")


def test_a_front_pages_masthead_tells_its_date_in_two_lines_its_paper_and_that_it_is_page_one():
    info = PageInfo(id="p", seed="p.txt", furniture=(
        "江城晚报", "中共江城市委主管主办 江城日报社出版 总第15000期", "2024", "2·1", "今日16版", "星期四"))
    filled = edition.fill_page_facts(info)
    assert (filled.date, filled.page_no, filled.paper) == ("2024-02-01", 1, "江城晚报")
    inner = PageInfo(id="p", seed="p.txt", furniture=("2024", "第05版：综合", "今日16版"))
    assert (edition.fill_page_facts(inner).date, edition.fill_page_facts(inner).page_no) == (None, 5)


def replace_section(info: PageInfo, section: str) -> PageInfo:
    from dataclasses import replace

    return replace(info, section=section)


@pytest.fixture(scope="module")
def built_edition(tmp_path_factory):
    """The two digests built by `build.py` as a user would."""
    root = tmp_path_factory.mktemp("edition")
    (root / "seeds").mkdir()
    for name in ("digest-a.txt", "digest-b.txt"):
        shutil.copy(EDITIONS / name, root / "seeds" / name)
    command = [sys.executable, str(REPO / "build.py"), "--seeds", str(root / "seeds"), "--content",
               str(root / "content"), "--out", str(root / "site"), "--no-zip", "--no-search"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return root, command


def test_each_printed_page_gets_a_page_record_and_a_line_in_pages_json(built_edition):
    root, _ = built_edition
    assert sorted(p.name for p in (root / "content").iterdir() if p.is_dir()) == [
        "digest-a-p01", "digest-a-p02", "digest-a-p03", "digest-a-p04", "digest-b-p01", "digest-b-p03"]
    record = content.read_page_record(root / "content" / "digest-a-p03" / "_page.yml")
    assert (record.paper, record.date, record.page_no, record.seed) == ("人民日报", "2025-10-20", 3, "digest-a.txt")
    assert "广告" in record.furniture
    pages = json.loads((root / "site" / "data" / "pages.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in pages] == sorted(p["id"] for p in pages) and len(pages) == 6
    assert pages[2]["furniture"] == list(record.furniture)
    articles = json.loads((root / "site" / "data" / "articles.json").read_text(encoding="utf-8"))
    assert {a["source"]["page_no"] for a in articles if a["source"]["seed"] == "digest-a.txt"} == {1, 2, 3, 4}
    assert all(a["source"]["date"] == "2025-10-20" for a in articles if a["source"]["seed"] == "digest-a.txt")


def test_an_edited_page_record_is_kept_and_read_back(built_edition):
    root, command = built_edition
    path = root / "content" / "digest-b-p03" / "_page.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("section: null", "section: 科技"), encoding="utf-8")
    (root / "seeds" / "digest-b.txt").write_text(DIGEST_B + "\n", encoding="utf-8")  # ingest runs again
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "section: 科技" in path.read_text(encoding="utf-8")
    pages = {p["id"]: p for p in json.loads((root / "site" / "data" / "pages.json").read_text(encoding="utf-8"))}
    assert pages["digest-b-p03"]["section"] == "科技"


def test_a_wrapped_contents_entry_a_photo_item_and_a_kicker_under_a_credit():
    """digest-c.txt: one page with a contents entry over two lines, a headline ending `？` printed
    over two lines, a commentary signed only `本报评论员`, a photo item whose credit stands on its own
    line, and a kicker right under that credit."""
    text = (EDITIONS / "digest-c.txt").read_text(encoding="utf-8")
    [page] = pages_of(text, "digest-c.txt", "digest-c")
    comment, photo, feature = page.articles
    assert comment.title == "数字经济为何能成为高质量发展的新引擎动力源？" and comment.authors == ()
    assert comment.blocks[-1].text.endswith("（作者为某大学教授）")
    assert photo.kind == "photo" and photo.authors == ("张三",) and len(photo.blocks) == 1
    assert (feature.kicker, feature.subtitle) == ("弘扬奋斗精神", "写在某某大会召开之际")
    assert feature.authors == ("王大明", "李小红", "赵刚")
    assert not any(a.needs_review for a in page.articles) and page.warnings == ()
    assert "本报评论员" in page.furniture and "新华社记者 张 三摄" in page.furniture
    split = split_printed_page(text, PageInfo(id="digest-c-p04", seed="digest-c.txt", page_no=4))
    assert split.lost == 0


def test_contents_grouped_by_page_with_numbering_starting_again():
    contents = "目录\n第01版：要闻\n1. 秋粮收获进度过七成\n2. 新型储能装机规模持续扩大\n要闻\n1. 全国铁路国庆中秋假期运送旅客再创新高\n"
    lines = clean_page(contents + DIGEST_A.split("\n\f", 1)[1])
    entries, start, end = edition._toc(lines, next(i for i, l in enumerate(lines) if edition.source_fact(l.text)))
    assert [title for _, title, _ in entries] == ["秋粮收获进度过七成", "新型储能装机规模持续扩大",
                                                  "全国铁路国庆中秋假期运送旅客再创新高"]
    assert (start, end) == (2, 6)


def test_a_byline_printed_under_the_source_line_is_still_the_byline():
    text = DIGEST_A.replace("本报记者 郁静娴\n《人民日报》（2025年10月20日 第 01 版）\n",
                            "《人民日报》（2025年10月20日 第 01 版）\n本报记者 郁静娴\n")
    first = pages_of(text)[0].articles[0]
    assert first.authors == ("郁静娴",) and len(first.blocks) == 3
    assert first.blocks[0].text.startswith("本报北京10月19日电")


def test_without_contents_no_wrong_headline_goes_unflagged():
    """Without a table of contents, kicker, wrapped headline and subtitle are told by widths alone:
    whatever the splitter is not sure of is flagged, so no wrong headline is shown as right."""
    gold = json.loads((EDITIONS / "digest-a.gold.json").read_text(encoding="utf-8"))["items"]
    text = DIGEST_A.split("\n\f", 1)[1]  # the same edition, its contents cut off
    articles = [a for p in pages_of(text) for a in p.articles]
    assert len(articles) == len(gold)
    for a, item in zip(articles, gold):
        right = (a.kicker, a.title, a.subtitle) == (item["kicker"] and " ".join(item["kicker"].split()),
                                                     item["title"], item["subtitle"])
        assert right or a.needs_review, (a.title, item["title"])
        assert a.authors == tuple(item["authors"])
    assert sum(a.needs_review for a in articles) <= 6
