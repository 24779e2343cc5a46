"""Fast paths of the conservation check: the characters left out, counted without cutting the page: each gives exactly what the plain code it replaced gives.

Each test compares a fast path with its plain reference (here or in `tests/reference/`) on random
input made of what the rule cares about (hypothesis), and on the seed and dev pages.
"""

from __future__ import annotations

import collections
import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from example_pages import split_example_pages
from generator.ingest import clean, conservation
from generator.ingest.clean import clean_page
from generator.ingest.conservation import HAN, han_conservation
from generator.models import Article, Block, Source

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


SOURCE = Source(seed="p.txt", page_id="p", line_start=1, line_end=9, order=1, date="2023-05-01")


@pytest.fixture(scope="module")
def page_articles() -> list[tuple[str, list[Article]]]:
    return split_example_pages(date="2023-05-01")


HAN_CHECK_ALPHABET = ["本报讯", "本报", "本", "报", "讯", "摄", "摄", " ", "  ", "\t", "\u3000", "\n", "\n", "甲",
                      "a", "\U00020000", "\u2028", "\x1c", "\x85"]


check_texts = st.lists(st.sampled_from(HAN_CHECK_ALPHABET), max_size=40).map("".join)


def han_counts(text: str) -> Counter[str]:
    return Counter(HAN.findall(text))


def plain_han_conservation(text: str, articles) -> int:
    """The check as first written: the lead word and credits cut out, Han characters counted."""
    cleaned = "\n".join(line.text for line in clean.clean_page(text))
    want = han_counts(re.sub(r"本报讯|\s摄\s*$", "", cleaned, flags=re.M))
    got: Counter[str] = Counter()
    for a in articles:
        for part in (a.kicker, a.title, a.subtitle, *a.authors, *(b.text for b in a.blocks)):
            got.update(han_counts(part or ""))
    return sum((want - got).values())


def reference_han_conservation(text: str, articles) -> int:
    cleaned = "\n".join(line.text for line in clean_page(text))
    raw = re.sub(r"本报讯|\s摄\s*$", "", cleaned, flags=re.M)
    want = collections.Counter(HAN.findall(raw))
    got: collections.Counter[str] = collections.Counter()
    for a in articles:
        for part in (a.kicker, a.title, a.subtitle, *a.authors, *(b.text for b in a.blocks)):
            got.update(HAN.findall(part or ""))
    return sum((want - got).values())


@SETTINGS
@given(check_texts)
@example("甲 摄\n\n摄")
@example(" 摄")
@example("\n摄\n")
@example("摄 摄\n 摄 \n本报讯本报讯讯")
def test_left_out_characters_are_those_the_regex_cuts(cleaned):
    cut = re.sub(r"本报讯|\s摄\s*$", "", cleaned, flags=re.M)
    left_out = {char: n for char, n in conservation._left_out(cleaned).items() if n}
    assert left_out == dict(han_counts(cleaned) - han_counts(cut))


@SETTINGS
@given(check_texts, st.lists(check_texts, max_size=5))
@example("本报讯 甲乙\n丙 摄\n", ["甲乙"])
def test_han_conservation_is_the_regex_and_counter_check(page, parts):
    articles = [Article(id="p-01", kind="article", title=parts[0] if parts else None, kicker=None, subtitle=None,
                        authors=tuple(parts[1:2]), blocks=tuple(Block("paragraph", p, (1, 1)) for p in parts[2:]),
                        source=SOURCE)]
    assert han_conservation(page, articles) == plain_han_conservation(page, articles)


def test_han_conservation_of_the_seed_and_dev_pages(page_articles):
    for text, articles in page_articles:
        for kept in (articles, articles[::2], []):
            assert han_conservation(text, kept) == plain_han_conservation(text, kept)


def test_han_conservation_counts_as_findall_does(page_articles):
    for text, articles in page_articles:
        for dropped in (articles, articles[1:], articles[::2], []):
            lines = clean_page(text)
            assert han_conservation(text, dropped) == han_conservation(text, dropped, lines=lines) == \
                reference_han_conservation(text, dropped)
    odd = "本报讯 甲乙\n丙 摄\n\U00020000𪚥\uf900\n"
    assert han_conservation(odd, []) == reference_han_conservation(odd, []) > 0
