"""clean: raw page text → cleaned, numbered lines (line endings, invisible characters, spaces, dates)."""

from __future__ import annotations

import re

import pytest

from generator.ingest.clean import (clean_line, clean_page, close_date_gaps, close_justification_spaces, normalize_compat,
                                   normalize_newlines, normalize_spaces, strip_invisible)
from generator.models import Line


def texts(text: str) -> list[str]:
    return [line.text for line in clean_page(text)]


def test_windows_and_old_mac_line_endings_become_newlines():
    assert normalize_newlines("一\r\n二\r三\n四") == "一\n二\n三\n四"
    assert texts("一\r\n二\r三") == ["一", "二", "三"]


def test_byte_order_mark_at_the_start_is_dropped():
    assert clean_page("\ufeff甘肃省金昌市金川区：\n")[0] == Line(1, "甘肃省金昌市金川区：")


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_zero_width_characters_inside_a_line_are_dropped(invisible):
    assert clean_line(f"朝阳{invisible}里社区") == "朝阳里社区"


def test_control_characters_are_dropped():
    assert clean_line("朝阳\x00里\x07社\x1b区\x7f") == "朝阳里社区"


def test_leading_and_trailing_spaces_are_trimmed():
    assert clean_line(" 甘肃省金昌市金川区： ") == "甘肃省金昌市金川区："
    assert clean_line("\u3000\u3000近年来，四川省广元市昭化区") == "近年来，四川省广元市昭化区"


def test_real_space_between_chinese_words_is_kept():
    assert clean_line("牢记嘱托 踔厉笃行") == "牢记嘱托 踔厉笃行"
    assert clean_line("“文明城市 创建有我”") == "“文明城市 创建有我”"


def test_runs_of_ascii_no_break_and_full_width_spaces_fold_into_one_space():
    assert clean_line("牢记嘱托 \u3000\u00a0\t踔厉笃行") == "牢记嘱托 踔厉笃行"


@pytest.mark.parametrize(
    "raw",
    ["2019年 1月 17日", "2019 年 1 月 17 日", "2019年1月 17日", "2019年  1月  17日"],
)
def test_spaces_inside_a_date_are_closed(raw):
    assert close_date_gaps(raw) == "2019年1月17日"
    assert clean_line(f"{raw}，习近平总书记视察和") == "2019年1月17日，习近平总书记视察和"


def test_space_between_a_number_and_other_words_is_kept():
    assert clean_line("注册志愿者 3866 人") == "注册志愿者 3866 人"


def test_full_width_digits_and_letters_become_ascii_but_chinese_punctuation_stays():
    assert clean_line("２０２４年“ＡＰＰ”，（一）：") == "2024年“APP”，（一）："


def test_every_input_line_keeps_its_number_including_blank_and_trailing_lines():
    lines = clean_page("一\n\n 二 \n\n\n")
    assert lines == (Line(1, "一"), Line(2, ""), Line(3, "二"), Line(4, ""), Line(5, ""), Line(6, ""))


def test_line_with_only_spaces_and_zero_width_characters_is_blank():
    assert texts("一\n \u3000\u200b \n二") == ["一", "", "二"]


def _line_by_line(text: str) -> tuple[Line, ...]:
    """The definition `clean_page` implements page-wide: `clean_line` on every line, justified where
    closing the justification spaces changed it."""
    if text.startswith("\ufeff"):
        text = text[1:]
    out = []
    for n, raw in enumerate(normalize_newlines(text).split("\n"), 1):
        visible = normalize_compat(strip_invisible(raw))
        spaced = normalize_spaces(visible)
        indented = bool(re.match(r"(?:[\u3000\t]|[ \u00a0]{2})[ \u3000\t\u00a0]*\S", visible))
        out.append(Line(n, clean_line(raw), close_justification_spaces(spaced) != spaced, indented))
    return tuple(out)


def test_clean_page_gives_clean_line_of_every_line_on_random_text():
    import random

    alphabet = [*"2019年月日号 1１２０ｂＢ，。中文\t\n\r", "\u3000", "\u00a0", "\u2028", "\u2029", "\u1680",
                "\u200b", "\ufeff", "\x00", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\u2003", "\u202f", " \n ",
                "\r\n", "2019 年 1 月", "3 日", "１月 ", "\u0663"]
    rng = random.Random(8)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert clean_page(text) == _line_by_line(text), repr(text)


def test_clean_page_gives_clean_line_of_every_line_on_the_seeds():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    paths = [*sorted((root / "seeds").glob("*.txt")), *sorted((root / "tests" / "data" / "pages").glob("*.txt"))]
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert clean_page(text) == _line_by_line(text), path


@pytest.mark.parametrize(("raw", "clean"), [
    ("这 个 时 候", "这个时候"),
    ("不 觉 中 ,新 年 的 脚 步", "不觉中,新年的脚步"),
    ("景 观 灯 饰 1200 余 处 ，悬 挂", "景观灯饰1200余处，悬挂"),
    ("诉 求 3 6 5 0 件 ，办 结 率 达 87.7% 。", "诉求3650件，办结率达87.7%。"),
])
def test_justification_spaces_between_single_characters_are_closed(raw, clean):
    assert clean_line(raw) == clean


@pytest.mark.parametrize("line", ["牢记嘱托 踔厉笃行", "“文明城市 创建有我”", "注册志愿者 3866 人", "APP is good"])
def test_spaces_between_words_latin_words_and_beside_a_lone_number_are_kept(line):
    assert clean_line(line) == line


def test_vertical_form_punctuation_becomes_horizontal():
    assert clean_line("﹃氛围组﹄︵一︶︽书名︾﹁引语﹂︻注︼") == "“氛围组”（一）《书名》‘引语’【注】"


def test_clean_page_gives_clean_line_of_every_line_on_justified_and_vertical_text():
    import random

    alphabet = [*"这个时候，。,新年 12345.%﹃﹄︵︶中文", " ", "  ", "\n", "\u3000", "3 6", "年 1 月"]
    rng = random.Random(16)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert clean_page(text) == _line_by_line(text), repr(text)


def test_lines_whose_justification_spaces_were_closed_are_marked_justified():
    lines = clean_page("标题\n这 个 时\n节的街巷\n新华社记者 胡 璐 王 琦\n")
    assert [(line.text, line.justified) for line in lines[:4]] == [
        ("标题", False), ("这个时", True), ("节的街巷", False), ("新华社记者 胡 璐 王 琦", False)]
