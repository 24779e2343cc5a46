"""breaks: a page whose blank lines say nothing (none at all, or one after every line) is split as
the same page with its blank lines in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.ingest.breaks import restore_runs
from generator.ingest.clean import clean_page
from generator.ingest.printed_page import ingest_page
from generator.models import PageInfo

REPO = Path(__file__).resolve().parents[2]
SEED = (REPO / "seeds" / "000_f19c2ac29f8dcdb3.txt").read_text(encoding="utf-8")
PAGES = REPO / "tests" / "data" / "pages"
INFO = PageInfo(id="p", seed="p.txt")


def without_blank_lines(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if line.strip())


def with_a_blank_after_every_line(text: str) -> str:
    return "\n\n".join(line for line in text.split("\n") if line.strip())


def paragraphs(article) -> list[str]:
    return [b.text for b in article.blocks if b.kind == "paragraph"]


def what_a_reader_sees(text: str) -> list[tuple]:
    return [(a.kicker, a.title, a.subtitle, a.authors, a.kind, [b.text[:8] for b in a.blocks], paragraphs(a)[-1][-12:])
            for a in ingest_page(text, INFO)]


@pytest.mark.parametrize("reshape", [without_blank_lines, with_a_blank_after_every_line])
@pytest.mark.parametrize("page", ["seed", "dev-04", "dev-09", "style-01", "evening-01"])
def test_a_page_without_its_blank_lines_gives_the_same_articles(page, reshape):
    text = SEED if page == "seed" else (PAGES / f"{page}.txt").read_text(encoding="utf-8")
    assert what_a_reader_sees(reshape(text)) == what_a_reader_sees(text)


def test_a_page_whose_blank_lines_mark_its_runs_is_left_as_it_is():
    lines = clean_page(SEED)
    assert restore_runs(lines) is lines


def test_text_with_one_paragraph_a_line_is_left_as_it_is():
    text = "\n\n".join(["标题一", *(f"第{n}段的文字，写满了一整段话，说完了一件事。" for n in range(14))])
    lines = clean_page(text)
    assert restore_runs(lines) is lines


BYLINE_THEN_TEXT = """\
社区食堂开进老街巷
◎ 李明
老街社区的第一家社区食堂开门迎客，附近
的老人走几步就能吃上热饭。食堂由社区牵
头，请来周边的餐饮企业经营，每餐三荤两
素，价格比外面便宜一半。
“饭菜软烂，适合我们老年人。”80岁的张
大爷说。社区还为行动不便的老人送餐上门，
每天送出四十多份。
社区负责人介绍，食堂开业一个月，每天接
待老人一百多人次，社区还将开设第二家。
"""


def test_a_flat_page_keeps_its_headline_byline_and_paragraphs():
    [article] = ingest_page(BYLINE_THEN_TEXT, INFO)
    assert (article.title, article.authors) == ("社区食堂开进老街巷", ("李明",))
    assert [p[:6] for p in paragraphs(article)] == ["老街社区的第", "“饭菜软烂，", "社区负责人介"]


SUBHEAD_THEN_TEXT = """\
老街社区的第一家社区食堂开门迎客，附近
的老人走几步就能吃上热饭。食堂由社区牵
头，请来周边的餐饮企业经营，每餐三荤两
素，价格比外面便宜一半。
送餐上门
照顾行动不便的老人
社区还为行动不便的老人送餐上门，每天送
出四十多份，志愿者每周上门看望独居老人
两次，把老人的冷暖记在心里。社区负责人
介绍，送餐的志愿者大多是社区的退休居民。
"""


def test_a_subhead_over_a_first_line_without_punctuation_stays_a_subhead():
    """`社区还为…每天送` has no comma: as wide as the column, under a heading, it is text."""
    [article] = ingest_page("社区食堂开进老街巷\n◎ 李明\n" + SUBHEAD_THEN_TEXT, INFO)
    assert [(b.kind, b.text[:8]) for b in article.blocks] == [
        ("paragraph", "老街社区的第一家"), ("subhead", "送餐上门 照顾行"), ("paragraph", "社区还为行动不便")]


CAPTIONS = """\
老街社区的第一家社区食堂开门迎客，附近
的老人走几步就能吃上热饭。食堂由社区牵
头，请来周边的餐饮企业经营，每餐三荤两
素，价格比外面便宜一半。（下转02版）
图为老人们在食堂用餐。 本报记者 王五 摄
灯笼挂满老街
全媒体记者 陈刚 摄
“福”字送市民
江城日报社全媒体记者 王晓 摄
"""


def test_captions_on_a_flat_page_are_photos_of_their_own():
    articles = ingest_page("社区食堂开进老街巷\n◎ 李明\n" + CAPTIONS + "\n".join(BYLINE_THEN_TEXT.split("\n")[2:]), INFO)
    photos = [(a.blocks[0].text.split()[0][:8], a.authors) for a in articles if a.kind == "photo"]
    assert photos == [("图为老人们在食堂", ("王五",)), ("灯笼挂满老街", ("陈刚",)), ("“福”字送市民", ("王晓",))]
    [story] = [a for a in articles if a.kind == "article"]
    assert (story.title, paragraphs(story)[0][-10:]) == ("社区食堂开进老街巷", "价格比外面便宜一半。")
