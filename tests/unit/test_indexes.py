"""indexes: tag index, region tree, printed pages, slugs and collision checks."""

from __future__ import annotations

import pytest

from generator.errors import BuildError
from generator.site.indexes import (
    build_index,
    printed_pages,
    region_chain,
    region_tree,
    tag_index,
    walk_regions,
)
from generator.models import Article, Block, PageInfo, Region, Source

GANSU = Region("甘肃省", "金昌市", "金川区", "620302")
YONGCHANG = Region("甘肃省", "金昌市", "永昌县", "620321")
LANZHOU = Region("甘肃省", "兰州市", None, "620100")
TIANJIN = Region("天津市", None, "和平区", "120101")
TIANJIN_WITH_CITY = Region("天津市", "天津市", "河西区", "120103")
XIANTAO = Region("湖北省", None, "仙桃市", "429004")  # 省直辖县级行政区


def art(id: str, *, page: str = "p1", order: int = 1, tags: tuple[str, ...] = (), region: Region | None = None,
        title: str | None = "标题") -> Article:
    return Article(
        id=id, kind="article", title=title, kicker=None, subtitle=None, authors=(),
        blocks=(Block("paragraph", "正文。", (1, 1)),),
        source=Source(seed=f"{page}.txt", page_id=page, line_start=order * 10, line_end=order * 10 + 5, order=order),
        region=region, tags=tags,
    )


def test_tags_most_used_first_then_by_tag():
    articles = [art("a", tags=("乙", "甲")), art("b", tags=("乙", "丙")), art("c", tags=("丙",)), art("d", tags=("丁",))]
    entries = tag_index(articles)
    assert [(e.tag, e.count) for e in entries] == [("丙", 2), ("乙", 2), ("丁", 1), ("甲", 1)]
    assert [a.id for a in entries[0].articles] == ["b", "c"]


def test_tag_repeated_on_one_article_counts_once():
    (entry,) = tag_index([art("a", tags=("志愿服务", "志愿服务"))])
    assert entry.count == 1


def test_tag_slugs_are_ascii_pinyin():
    (entry,) = tag_index([art("a", tags=("志愿服务",))])
    assert entry.slug == "zhi-yuan-fu-wu"


def test_tags_that_spell_alike_get_distinct_slugs():
    entries = tag_index([art("a", tags=("市场", "试场", "<script>"))])
    slugs = [e.slug for e in entries]
    assert len(set(slugs)) == 3
    assert all(s.isascii() and "/" not in s and "<" not in s for s in slugs)


def test_region_tree_counts_whole_subtree():
    articles = [art("a", region=GANSU), art("b", region=YONGCHANG), art("c", region=GANSU), art("d")]
    (gansu,) = region_tree(articles)
    assert (gansu.code, gansu.name, gansu.level, gansu.count) == ("620000", "甘肃省", "province", 3)
    (jinchang,) = gansu.children
    assert (jinchang.code, jinchang.name, jinchang.count) == ("620300", "金昌市", 3)
    assert [(c.code, c.name, c.count) for c in jinchang.children] == [("620302", "金川区", 2), ("620321", "永昌县", 1)]
    assert [a.id for a in jinchang.children[0].articles] == ["a", "c"]


def test_municipality_has_no_city_level():
    (tianjin,) = region_tree([art("a", region=TIANJIN), art("b", region=TIANJIN_WITH_CITY)])
    assert (tianjin.code, tianjin.name) == ("120000", "天津市")
    assert [(c.code, c.name, c.level) for c in tianjin.children] == [("120101", "和平区", "county"),
                                                                      ("120103", "河西区", "county")]


def test_county_without_city_hangs_on_province():
    (hubei,) = region_tree([art("a", region=XIANTAO)])
    assert [(c.code, c.level) for c in hubei.children] == [("429004", "county")]


def test_city_level_region_is_a_leaf_city():
    assert region_chain(LANZHOU) == (("620000", "甘肃省", "province"), ("620100", "兰州市", "city"))


def test_every_node_listed_once_parents_first():
    codes = [n.code for n in walk_regions(region_tree([art("a", region=GANSU), art("b", region=TIANJIN)]))]
    assert codes == ["120000", "120101", "620000", "620300", "620302"]


def test_printed_page_lists_items_in_layout_order():
    pages = [PageInfo(id="p1", seed="p1.txt")]
    (page,) = printed_pages([art("c", order=3), art("a", order=1), art("b", order=2)], pages)
    assert [a.id for a in page.articles] == ["a", "b", "c"]


def test_printed_pages_newest_first_undated_last_then_by_id():
    pages = [PageInfo(id="old", seed="old.txt", date="2023-12-01"), PageInfo(id="b", seed="b.txt"),
             PageInfo(id="new", seed="new.txt", date="2024-01-17"), PageInfo(id="a", seed="a.txt")]
    articles = [art(f"{p.id}-1", page=p.id) for p in pages]
    assert [p.info.id for p in printed_pages(articles, pages)] == ["new", "old", "a", "b"]


def test_article_of_an_unknown_page_is_not_dropped():
    (page,) = printed_pages([art("x", page="lost")], [])
    assert page.info.id == "lost" and page.info.seed == "lost.txt"


def test_duplicate_article_ids_are_reported_with_both_places():
    with pytest.raises(BuildError) as err:
        build_index([art("same", order=1), art("same", order=2)], [])
    assert "'same' is used twice" in str(err.value)
    assert "p1.txt:20" in str(err.value) and "p1.txt:10" in str(err.value)


def test_unsafe_article_id_is_an_error():
    with pytest.raises(BuildError, match="not a safe ASCII file name"):
        build_index([art("../文章")], [])


def test_bad_region_code_is_an_error():
    with pytest.raises(BuildError, match="not 6 digits"):
        build_index([art("a", region=Region("甘肃省", None, None, "62"))], [])


def test_site_index_reading_order_follows_pages():
    pages = [PageInfo(id="p1", seed="p1.txt", date="2024-01-01"), PageInfo(id="p2", seed="p2.txt", date="2024-02-01")]
    index = build_index([art("p1-1", page="p1"), art("p2-2", page="p2", order=2), art("p2-1", page="p2")], pages)
    assert [a.id for a in index.articles] == ["p2-1", "p2-2", "p1-1"]
