"""Slugs: ASCII pinyin, corrected place readings, safe in paths, unique without depending on order."""

from __future__ import annotations

import re

import pytest

from generator.enrich.slugs import MAX_LENGTH, parse_place_readings, slugify, unique_slugs

SAFE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def test_chinese_becomes_hyphenated_toneless_pinyin():
    assert slugify("志愿服务") == "zhi-yuan-fu-wu"
    assert slugify("绿色") == "lv-se"


@pytest.mark.parametrize(("name", "slug"), [
    ("朝阳里", "chao-yang-li"),
    ("朝阳里社区", "chao-yang-li-she-qu"),
    ("重庆", "chong-qing"),
    ("长沙", "chang-sha"),
    ("长治市", "chang-zhi-shi"),
    ("厦门", "xia-men"),
    ("蚌埠", "beng-bu"),
    ("六安", "lu-an"),
    ("亳州", "bo-zhou"),
    ("鄄城", "juan-cheng"),
    ("涡阳县", "guo-yang-xian"),
    ("单县", "shan-xian"),
    ("洪洞", "hong-tong"),
    ("丰都", "feng-du"),
])
def test_place_names_use_their_local_reading(name, slug):
    assert slugify(name) == slug


def test_common_words_keep_their_everyday_reading():
    assert slugify("朝阳产业") == "zhao-yang-chan-ye"
    assert slugify("长大") == "zhang-da"


def test_latin_letters_and_digits_are_kept_and_lowercased():
    assert slugify("“3·18志愿服务活动周”") == "3-18-zhi-yuan-fu-wu-huo-dong"
    assert slugify("ＡＰＰ上线") == "app-shang-xian"
    assert slugify("Café Über") == "cafe-uber"


@pytest.mark.parametrize("text", [
    "../../etc/passwd", "a/b\\c", "..", "<script>alert(1)</script>", "名字 / 标题", "  --x--  ", "a\x00b", "ÿ%20",
])
def test_slugs_are_safe_path_components(text):
    slug = slugify(text)
    assert SAFE.fullmatch(slug), slug
    assert "/" not in slug and ".." not in slug


@pytest.mark.parametrize("text", ["", "   ", "！！！", "——", "■◎", "Ελλάδα"])
def test_text_without_letters_gives_the_fallback(text):
    assert slugify(text) == "item"
    assert slugify(text, fallback="photo 3") == "photo-3"
    assert slugify(text, fallback="？") == "item"


def test_slugs_are_capped_in_words_and_length():
    assert slugify("天津市和平区朝阳里社区志愿服务事业五年工作实录") == "tian-jin-shi-he-ping-qu-chao-yang"
    assert slugify("一二三四", max_words=2) == "yi-er"
    long = slugify("x" * 500 + " " + "y" * 10)
    assert len(long) <= MAX_LENGTH and SAFE.fullmatch(long)


def test_windows_device_names_are_avoided():
    assert slugify("CON") == "con-1"
    assert slugify("nul") == "nul-1"


def test_collisions_get_numbered_in_sorted_name_order():
    assert unique_slugs(["理", "李", "里"]) == {"李": "li", "理": "li-2", "里": "li-3"}


def test_unique_slugs_do_not_depend_on_input_order():
    names = ["礼", "li-2", "里", "理", "李", "志愿服务"]
    first = unique_slugs(names)
    assert first == unique_slugs(list(reversed(names))) == unique_slugs(sorted(names))
    assert first["li-2"] == "li-2"  # a name's own slug is never given away as a suffix
    assert len(set(first.values())) == len(first)


def test_unique_slugs_of_names_without_letters_are_numbered_fallbacks():
    assert unique_slugs(["", "！"]) == {"": "item", "！": "item-2"}


def test_place_readings_file_lines_are_checked():
    assert parse_place_readings("# c\n朝阳 chao2 yang2\n") == {"朝阳": [["cháo"], ["yáng"]]}
    with pytest.raises(ValueError, match=r"places.txt:1: expected one pinyin syllable per character"):
        parse_place_readings("朝阳 chao2\n", path="places.txt")
