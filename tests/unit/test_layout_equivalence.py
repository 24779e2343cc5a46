"""Fast paths of layout: display widths, the prefilters in front of the patterns, head-like lines, runs without a mark: each gives exactly what the plain code it replaced gives.

Each test compares a fast path with its plain reference (here or in `tests/reference/`) on random
input made of what the rule cares about (hypothesis), and on the seed and dev pages.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from example_pages import random_texts
from generator.ingest import layout

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def reference_is_head_like(text: str) -> bool:
    if not text or layout._lead(text) or layout._byline(text) or layout.is_kicker(text):
        return False
    words = layout.ENUMERATOR.sub("", text, count=1)
    if not words or any(ch in layout.BODY_PUNCT for ch in words) or text[-1] in "：:":
        return False
    return layout.display_width(text) <= 32


LINE_ALPHABET = [*"一二三十、（）()1.．，。；！？,;!?:：◎★—－- 文明城市a", "——", "－－", "--", "本报讯", "(二)", "3. "]


line_texts = st.lists(st.sampled_from(LINE_ALPHABET), max_size=20).map("".join)


def reference_closing(texts: list[str]) -> list[int]:
    return [i for i, t in enumerate(texts)
            if (t[:1] in layout._BYLINE_MARKS or t.startswith(layout._DASHES))
            and layout.header_part(t) in ("byline", "subtitle")]


LAYOUT_ALPHABET = [*"本报讯电（）()◎○●■□◆◇☆★——－-:：，。；！？、,;!?“”’…摄 \t\n", "——", "－－", "--", "本报",
                   "四川广元市", "记者", "张三", "a", "1", "\u3000", "\u2028"]


@SETTINGS
@given(line_texts)
def test_head_like_lines_are_as_before(text):
    assert layout.is_head_like(text) == reference_is_head_like(text)


@SETTINGS
@given(st.lists(line_texts.filter(bool), min_size=1, max_size=6))
def test_runs_without_a_mark_at_a_line_start_have_no_byline_or_subtitle(texts):
    if layout._CLOSING_FIRSTS.isdisjoint(t[:1] for t in texts):
        assert reference_closing(texts) == []


def test_display_width_is_the_sum_of_half_and_full_columns():
    for text in random_texts([*LAYOUT_ALPHABET, "Ab", "ｂ", "\x7f", "\x80", "é", "𠀀"]):
        assert layout.display_width(text) == sum(0.5 if ord(ch) < 128 else 1.0 for ch in text), repr(text)


def test_prefilters_match_exactly_where_the_patterns_do():
    for text in random_texts(LAYOUT_ALPHABET, n=20_000):
        for fast, pattern in ((layout._lead, layout.LEAD), (layout._byline, layout.BYLINE),
                              (layout._subtitle, layout.SUBTITLE)):
            got, want = fast(text), pattern.match(text)
            assert (got and got.group(0, *range(1, pattern.groups + 1))) == (
                want and want.group(0, *range(1, pattern.groups + 1))), (pattern.pattern, text)
        assert layout.is_kicker(text) == bool(layout.KICKER.match(text)), repr(text)
        if layout.header_part(text) in ("byline", "subtitle") and not layout.role_byline(text):
            # `_header_lines` looks only at lines so marked (role bylines it looks for apart)
            assert text[:1] in layout._BYLINE_MARKS or text.startswith(layout._DASHES)
