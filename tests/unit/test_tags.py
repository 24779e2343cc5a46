"""Tags over the example page: vocabulary first, jieba keywords after, no filler words, no places."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.enrich.tags import extract_tags, load_tag_model, parse_dictionary, parse_vocabulary
from tests.reference.enrich import corpus_idf

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_f19c2ac29f8dcdb3.txt"
BANNED = {"活动", "群众", "工作", "开展", "进行", "推进", "提升", "本报讯"}

# (key, kicker, title, subtitle, body_start, body_end, region names with their short forms)
ITEMS = [
    ("jinchuan", "甘肃省金昌市金川区", "“四位一体”聚合力城乡融合促文明", None,
     "今年以来，甘肃省金昌市金川区以党的二十大精神为指引", "由“被动参与”向“主动参与”转变。",
     ("甘肃省", "甘肃", "金昌市", "金昌", "金川区", "金川")),
    ("chaoyangli", None, "牢记嘱托 踔厉笃行", "天津市和平区朝阳里社区志愿服务事业五年工作实录",
     "天津市和平区朝阳里社区是全国首个社区志愿者组织的发祥地。", "将关爱服务与社区治理相互促进、合二为一。",
     ("天津市", "天津", "和平区", "和平")),
    ("tonglu", None, None, None,
     "近年来，浙江省杭州市桐庐县发挥党建引领作用", "为迎接春节市场订单作准备。",
     ("浙江省", "浙江", "杭州市", "杭州", "桐庐县", "桐庐")),
    ("zhaohua", "四川广元市昭化区", "书写“文明答卷” 厚植“幸福底色”", None,
     "近年来，四川省广元市昭化区不断加强精神文明建设", "社会风尚的引领者。",
     ("四川省", "四川", "广元市", "广元", "昭化区", "昭化")),
    ("bazhou", "四川巴中市巴州区", "持之以恒 让文明之花绚烂芬芳", None,
     "“捡拾绿化带垃圾，宣传创建相关知识，发放宣传资料", "进一步丰富和活跃基层群众文化生活。",
     ("四川省", "四川", "巴中市", "巴中", "巴州区", "巴州")),
    ("huangling", "陕煤黄陵矿业一号煤矿", "全力推进 矿井安全生产标准化", None,
     "标准化建设是安全管理的基石。", "实现管理达标。",
     ("陕西省", "陕西", "延安市", "延安", "黄陵县", "黄陵")),
    ("songjianghe", "吉林抚松县松江河镇", "推动社区“适老化”建设", None,
     "为进一步完善社区养老体系", "以更优质的服务擦亮社区幸福养老底色。",
     ("吉林省", "吉林", "白山市", "白山", "抚松县", "抚松", "松江河镇", "松江河")),
    ("mengyan", "贵州黎平县孟彦镇", "“小医保”推进“大民生”", None,
     "为扎实推进2024年度城乡居民基本医疗保险收缴工作", "目前合作医疗缴纳进度超过70%。",
     ("贵州省", "贵州", "黔东南苗族侗族自治州", "黔东南", "黎平县", "黎平", "孟彦镇", "孟彦")),
    ("qiaocheng", "安徽亳州市谯城区", "“老破旧”改出新气象", None,
     "“出行方便环境好，‘老破旧’改成了新街巷。”近日", "不断增强群众幸福感。",
     ("安徽省", "安徽", "亳州市", "亳州", "谯城区", "谯城")),
]


def _page_items() -> dict[str, dict]:
    """Cut the seed page into its nine items, anchored on the first and last words of each body."""
    flat = re.sub(r"\s+", "", SEED.read_text(encoding="utf-8"))
    items = {}
    for key, kicker, title, subtitle, start, end, places in ITEMS:
        begin = flat.index(re.sub(r"\s+", "", start))
        stop = flat.index(end, begin) + len(end)
        items[key] = dict(kicker=kicker, title=title, subtitle=subtitle, body=flat[begin:stop], exclude=places)
    return items


@pytest.fixture(scope="module")
def model():
    return load_tag_model()


@pytest.fixture(scope="module")
def page_tags(model) -> dict[str, tuple[str, ...]]:
    items = _page_items()
    documents = ["\n".join(filter(None, (i["kicker"], i["title"], i["subtitle"], i["body"]))) for i in items.values()]
    idf = corpus_idf(model, documents)
    return {
        key: extract_tags(model, title=i["title"], kicker=i["kicker"], subtitle=i["subtitle"], body=i["body"],
                          idf=idf, exclude=i["exclude"])
        for key, i in items.items()
    }


@pytest.mark.parametrize(("key", "wanted"), [
    ("chaoyangli", {"志愿服务"}),
    ("huangling", {"安全生产"}),
    ("songjianghe", {"养老", "养老服务"}),
    ("mengyan", {"医疗保障", "医保"}),
    ("qiaocheng", {"老旧小区改造"}),
])
def test_example_page_articles_get_the_editors_tag(page_tags, key, wanted):
    assert wanted & set(page_tags[key]), page_tags[key]


def test_every_item_gets_three_to_eight_tags_without_filler_words(page_tags):
    for key, tags in page_tags.items():
        assert 3 <= len(tags) <= 8, (key, tags)
        assert len(set(tags)) == len(tags), (key, tags)
        assert not BANNED & set(tags), (key, tags)


def test_tags_have_no_places_numbers_or_single_characters(model, page_tags):
    places = {name for item in ITEMS for name in item[-1]}
    for key, tags in page_tags.items():
        for tag in tags:
            assert len(tag) >= 2 and not re.search(r"\d", tag), (key, tag)
            assert not any(p in tag for p in places), (key, tag)
            if tag not in model.vocabulary:  # 文明城市 is a topic, not a place
                assert not re.search(r"(省|市|县|区|镇|乡|村|街道)$", tag), (key, tag)


def test_vocabulary_tags_come_before_keywords(page_tags):
    assert page_tags["chaoyangli"][0] == "志愿服务"
    assert page_tags["mengyan"][0] == "医疗保障"
    assert page_tags["qiaocheng"][0] == "老旧小区改造"


def test_tags_are_deterministic(model, page_tags):
    items = _page_items()
    documents = ["\n".join(filter(None, (i["kicker"], i["title"], i["subtitle"], i["body"]))) for i in items.values()]
    idf = corpus_idf(model, list(reversed(documents)))
    i = items["huangling"]
    again = extract_tags(model, title=i["title"], kicker=i["kicker"], subtitle=i["subtitle"], body=i["body"],
                         idf=idf, exclude=i["exclude"])
    assert again == page_tags["huangling"]


def test_synonyms_are_shown_as_their_vocabulary_tag(model):
    tags = extract_tags(model, title="“小医保”办成大实事", kicker=None,
                        body="镇里组织干部入户讲解医保政策，帮助村民缴纳合作医疗费用，医保参保率稳步提高。", idf={})
    assert tags[0] == "医疗保障"
    assert "医保" not in tags and "合作医疗" not in tags


def test_caller_excluded_region_names_are_never_tags(model):
    body = "柳湖社区位于谯城区。谯城区组织志愿者清扫街巷，谯城区志愿服务队伍不断壮大，谯城志愿者服务居民。"
    tags = extract_tags(model, title="谯城区志愿者清扫街巷", kicker=None, body=body, idf={},
                        exclude={"谯城区", "谯城", "亳州市", "亳州"})
    assert "志愿服务" in tags
    assert not any("谯城" in t for t in tags)


def test_empty_text_gives_no_tags(model):
    assert extract_tags(model, title=None, kicker=None, body="", idf={}) == ()


def test_corpus_idf_ranks_words_in_every_document_below_rare_ones(model):
    docs = ["志愿服务队伍服务居民。", "志愿服务走进学校。", "志愿服务与高粱酒。"]
    idf = corpus_idf(model, docs)
    assert idf["志愿服务"] < idf["高粱酒"]
    assert all(v > 0 for v in idf.values())


def test_model_is_loaded_once(model):
    assert load_tag_model() is model


def test_dictionary_lines_are_checked():
    assert parse_dictionary("# note\n志愿服务 nz\n安全生产 100 nz\n养老\n") == [
        ("志愿服务", None, "nz"), ("安全生产", 100, "nz"), ("养老", None, None)]
    with pytest.raises(ValueError, match=r"dictionary.txt:2: expected"):
        parse_dictionary("志愿服务\n安全 生产 nz\n")


def test_vocabulary_rejects_a_term_under_two_tags():
    with pytest.raises(ValueError, match="'医保' is listed under both"):
        parse_vocabulary({"医疗保障": ["医保"], "社会保障": ["医保"]})
    with pytest.raises(ValueError, match="must be a list"):
        parse_vocabulary({"医疗保障": "医保"})
