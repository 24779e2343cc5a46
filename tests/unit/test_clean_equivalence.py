"""Fast paths of clean and decode: the page-wide rules, the one translation table, the folded spaces and the control-byte count: each gives exactly what the plain code it replaced gives.

Each test compares a fast path with its plain reference (here or in `tests/reference/`) on random
input made of what the rule cares about (hypothesis), and on the seed and dev pages.
"""

from __future__ import annotations

import random
import re

from hypothesis import HealthCheck, given, settings, strategies as st

from example_pages import PAGES
from generator.ingest import clean
from generator.models import Line

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def page_texts() -> list[str]:
    assert PAGES
    return [path.read_text(encoding="utf-8") for path in PAGES]


def every_character() -> str:
    return "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


CLEAN_ALPHABET = [*"2019年月日号 1１２０ｂＢ，。中文\t\n\r", "\u3000", "\u00a0", "\u2028", "\u2029", "\u1680", "\u200b",
                  "\ufeff", "\x00", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\u2003", "\u202f", "\u205f", " \n ",
                  "  ", "\r\n", "2019 年 1 月", "3 日", "１月 ", "\u0663", "\u00ad", "ｚ", "Ａ"]


clean_texts = st.lists(st.sampled_from(CLEAN_ALPHABET), max_size=40).map("".join)


def reference_clean_page(text: str) -> tuple[Line, ...]:
    """`clean_page` as it was: every rule over the whole page."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = clean._CONTROL.sub("", clean._INVISIBLE.sub("", clean.normalize_newlines(text)))
    text = re.sub(f"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a{''.join(clean._VERTICAL_FORMS)}]+",
                  lambda m: m.group().translate(clean._COMPAT), text)
    indented = [bool(re.match(r"(?:[\u3000\t]|[ \u00a0]{2})[ \u3000\t\u00a0]*\S", line)) for line in text.split("\n")]
    text = clean._SPACES.sub(" ", text)
    text = "\n".join([line.strip() for line in text.split("\n")])
    spaced = text.split("\n")
    text = clean._SPACED_RUN.sub(clean._unspace, text)  # justification spaces
    justified = [a != b for a, b in zip(spaced, text.split("\n"))]
    if clean._DATE_SPACE.search(text):
        text = clean._PAGE_DATE_GAP.sub(r"\1", text)
        text = clean._PAGE_NUM_UNIT_GAP.sub(r"\1", text)
        text = clean._PAGE_DATE_JOIN.sub(r"\1\2", text)
    return tuple(Line(n, line, was, set_in)
                 for n, (line, was, set_in) in enumerate(zip(text.split("\n"), justified, indented), 1))


def test_one_table_drops_and_makes_ascii_every_character_as_the_two_rules_do():
    text = every_character()
    assert clean._DROP_OR_ASCII_RUN.sub(clean._drop_or_ascii, text) == clean.normalize_compat(
        clean.strip_invisible(text))
    changed = {ch for ch in text if clean.normalize_compat(clean.strip_invisible(ch)) != ch}
    assert changed == set("".join(clean._DROP_OR_ASCII_RUN.findall(text)))  # the runs hold just those


def test_spaces_fold_the_same_characters_as_before_they_were_listed_for_the_page_check():
    text = every_character()
    assert clean._SPACES.findall(text) == re.findall("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+", text)


def test_only_the_unfolded_spaces_are_whitespace_after_folding():
    """What `_changed_by_stripping` and `_has_date_space` rely on."""
    for ch in every_character():
        if ch.isspace() or re.fullmatch(r"\s", ch):
            left = clean._SPACES.sub(" ", clean._DROP_OR_ASCII_RUN.sub(clean._drop_or_ascii,
                                                                        clean.normalize_newlines(ch)))
            assert left in ("", " ", "\n") or left in clean._UNFOLDED_SPACES, hex(ord(ch))


@SETTINGS
@given(clean_texts)
def test_folding_and_stripping_are_skipped_only_when_they_change_nothing(text):
    text = clean._DROP_OR_ASCII_RUN.sub(clean._drop_or_ascii, clean.normalize_newlines(text))
    assert clean._changed_by_folding(text) == (clean._SPACES.sub(" ", text) != text)
    folded = clean._SPACES.sub(" ", text)
    stripped = "\n".join(line.strip() for line in folded.split("\n"))
    if stripped != folded:
        assert clean._changed_by_stripping(folded)


@SETTINGS
@given(clean_texts)
def test_date_space_is_found_around_spaces_as_the_pattern_finds_it(text):
    folded = clean._SPACES.sub(" ", clean._DROP_OR_ASCII_RUN.sub(clean._drop_or_ascii, clean.normalize_newlines(text)))
    for cleaned in (folded, "\n".join(line.strip() for line in folded.split("\n"))):
        assert clean._has_date_space(cleaned) == bool(clean._DATE_SPACE.search(cleaned)), repr(cleaned)


@SETTINGS
@given(clean_texts)
def test_clean_page_is_the_page_wide_rules_as_they_were(text):
    assert clean.clean_page(text) == reference_clean_page(text)


def test_clean_page_is_the_page_wide_rules_as_they_were_on_the_pages():
    for text in page_texts():
        assert clean.clean_page(text) == reference_clean_page(text)


def test_control_bytes_are_counted_as_the_pattern_finds_them():
    from generator.ingest import decode

    rng = random.Random(8)
    for _ in range(20_000):
        data = bytes(rng.randrange(256) if rng.random() < 0.3 else rng.choice(b"ab\n\r\t\x07\x1b\x7f\x0e\x1a")
                     for _ in range(rng.randint(1, 40)))
        assert len(data) - len(data.translate(None, decode._CONTROL_BYTES)) == len(decode._CONTROL.findall(data))
