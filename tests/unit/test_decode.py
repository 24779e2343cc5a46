"""decode_seed: bytes of a seed → text, or a BuildError that names the line."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from generator.ingest.decode import decode_seed
from generator.errors import BuildError

TEXT = "甘肃省金昌市金川区：\n\n“四位一体”聚合力城乡融合促文明\n◎ 祁加鲲\n"
# Text as it appears in seeds: no control characters other than newline and tab.
seed_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff") | st.sampled_from("\n\t"),
    min_size=1,
)
chinese_text = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF) | st.sampled_from("，。：“”\n 0123456789abc"),
    min_size=1,
)


def decode_error(data: bytes) -> BuildError:
    with pytest.raises(BuildError) as info:
        decode_seed(data, path="seeds/p5.txt")
    return info.value


def test_utf8_without_bom_is_read():
    assert decode_seed(TEXT.encode("utf-8"), path="p.txt") == TEXT


def test_utf8_bom_is_removed():
    assert decode_seed(codecs.BOM_UTF8 + TEXT.encode("utf-8"), path="p.txt") == TEXT


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_bom_are_read(codec):
    data = "\ufeff".encode(codec) + TEXT.encode(codec)
    assert decode_seed(data, path="p.txt") == TEXT


@pytest.mark.parametrize("codec", ["gbk", "gb2312", "gb18030"])
def test_gb_family_without_bom_is_read_as_gb18030(codec):
    assert decode_seed(TEXT.encode(codec), path="p.txt") == TEXT


def test_gb18030_four_byte_characters_are_read():
    text = "㐀䶵𠀀 欧元€ 朝阳里社区\n"  # CJK extension A/B and euro sign: four-byte or GB18030-only codes
    assert decode_seed(text.encode("gb18030"), path="p.txt") == text


def test_line_endings_are_left_to_clean():
    assert decode_seed("一\r\n二\r三\n".encode(), path="p.txt") == "一\r\n二\r三\n"


def test_empty_file_is_an_error():
    error = decode_error(b"")
    assert str(error) == "seeds/p5.txt: the seed file is empty (put the page's text in it, or delete it)"


def test_file_with_only_a_bom_is_empty():
    error = decode_error(codecs.BOM_UTF8)
    assert str(error) == (
        "seeds/p5.txt: the seed file is empty (only a byte order mark) (put the page's text in it, or delete it)"
    )


def test_png_is_binary_on_line_1():
    error = decode_error(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert str(error) == (
        "seeds/p5.txt:1: binary file, not text (it looks like a PNG image) "
        "(a seed must be plain text: export the page as .txt (UTF-8 or GB18030))"
    )


def test_nul_byte_names_its_line():
    data = "第一行\n第二行\n第三".encode() + b"\x00" + "行\n".encode()
    error = decode_error(data)
    assert error.problem.line == 3
    assert error.problem.message == "binary file, not text (it contains a NUL byte)"
    assert error.problem.hint.endswith("UTF-16 text needs a byte order mark")


def test_utf16_without_bom_is_binary_with_a_hint():
    error = decode_error(TEXT.encode("utf-16-le"))
    assert "binary" in error.problem.message
    assert "byte order mark" in error.problem.hint


def test_many_control_characters_are_binary():
    data = b"header line\n" + bytes([1, 2, 3, 4, 5, 6, 7, 8, 0x10, 0x11]) * 20
    error = decode_error(data)
    assert error.problem.line == 2
    assert error.problem.message == "binary file, not text (200 of 212 bytes are control characters)"


def test_a_few_stray_control_characters_are_text():
    text = "标题\x0c\n正文第一段，" * 10 + "\x1a"  # form feed, DOS end-of-file mark
    assert decode_seed(text.encode("gb18030"), path="p.txt") == text


def test_nul_inside_utf16_text_is_binary():
    data = codecs.BOM_UTF16_LE + "一\n二\x00".encode("utf-16-le")
    error = decode_error(data)
    assert (error.problem.line, error.problem.message) == (2, "binary file, not text (it contains a NUL character)")


def test_broken_utf16_names_the_line():
    data = codecs.BOM_UTF16_LE + "一\n二\n".encode("utf-16-le") + b"\x00\xd8"  # lone high surrogate
    error = decode_error(data)
    assert error.problem.line == 3
    assert error.problem.message == "invalid UTF-16 although the file starts with a UTF-16 byte order mark"


def test_damaged_utf8_is_an_error_not_gb18030_mojibake():
    good = ("天津市和平区朝阳里社区是全国首个社区志愿者组织的发祥地。\n" * 5).encode()
    error = decode_error(good + "第六".encode() + b"\xff" + "行\n".encode())
    assert error.problem.line == 6
    assert error.problem.message == "invalid UTF-8 (byte 0xFF) in a file that is otherwise UTF-8"


def test_bytes_that_are_neither_utf8_nor_gb18030_name_the_line():
    data = "第一行\n".encode("gbk") + b"ok \x80\xff\n"
    error = decode_error(data)
    assert str(error) == (
        "seeds/p5.txt:2: neither UTF-8 nor GB18030 text (byte 0x80 cannot be decoded) "
        "(save the file as UTF-8; GB18030/GBK and Big5 without a byte order mark are also read)"
    )


def test_errors_count_lines_of_old_mac_files_by_cr():
    error = decode_error(b"one\rtwo\rthree\x00")
    assert error.problem.line == 3


@given(seed_text)
def test_any_utf8_text_round_trips(text):
    assert decode_seed(text.encode("utf-8"), path="p.txt") == text


@given(chinese_text)
def test_gb18030_text_round_trips_unless_it_is_also_valid_utf8(text):
    data = text.encode("gb18030")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        assume(False)  # ambiguous bytes: UTF-8 wins, by design
    try:
        data.decode("big5")
    except UnicodeDecodeError:
        assert decode_seed(data, path="p.txt") == text
        return
    try:  # also valid Big5: read right, or refused when too short to tell
        assert decode_seed(data, path="p.txt") == text
    except BuildError as error:
        assert error.problem.hint == 'say which it is in the seed\'s .toml: encoding = "big5" (or "gb18030"), or save it as UTF-8'


@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_text_or_a_build_error(data):
    try:
        result = decode_seed(data, path="p.txt")
    except BuildError as error:
        assert error.problem.path == "p.txt"
        assert error.problem.line is None or error.problem.line >= 1
    else:
        assert isinstance(result, str)
