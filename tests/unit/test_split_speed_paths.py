"""The faster clean, layout and split give exactly what the code they replaced gave.

Each test keeps the plain code a fast path replaced (issue 8: ingest at ≥ 200 pages/s) and compares
the two on random input made of the characters each rule cares about, and on the seed and dev
pages. Split's scores are compared as floats with `==`: both sum the same terms exactly
(`math.fsum`), so a score never moves across a threshold, whatever order a set gives them in.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.ingest import clean

from generator.ingest import layout

from generator.ingest import split
from example_pages import PAGES
from generator.models import Block, Line, Source

SOURCE = Source(seed="p.txt", page_id="p", line_start=0, line_end=0, order=0)
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def page_texts() -> list[str]:
    assert PAGES
    return [path.read_text(encoding="utf-8") for path in PAGES]


def every_character() -> str:
    return "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


# --- clean ---------------------------------------------------------------------------------------

CLEAN_ALPHABET = [*"2019年月日号 1１２０ｂＢ，。中文\t\n\r", "\u3000", "\u00a0", "\u2028", "\u2029", "\u1680", "\u200b",
                  "\ufeff", "\x00", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\u2003", "\u202f", "\u205f", " \n ",
                  "  ", "\r\n", "2019 年 1 月", "3 日", "１月 ", "\u0663", "\u00ad", "ｚ", "Ａ"]
clean_texts = st.lists(st.sampled_from(CLEAN_ALPHABET), max_size=40).map("".join)


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


def reference_clean_page(text: str) -> tuple[Line, ...]:
    """`clean_page` as it was: every rule over the whole page."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = clean._CONTROL.sub("", clean._INVISIBLE.sub("", clean.normalize_newlines(text)))
    text = re.sub(f"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a{''.join(clean._VERTICAL_FORMS)}]+",
                  lambda m: m.group().translate(clean._COMPAT), text)
    text = clean._SPACES.sub(" ", text)
    text = "\n".join([line.strip() for line in text.split("\n")])
    text = clean._SPACED_RUN.sub(clean._unspace, text)  # justification spaces
    if clean._DATE_SPACE.search(text):
        text = clean._PAGE_DATE_GAP.sub(r"\1", text)
        text = clean._PAGE_NUM_UNIT_GAP.sub(r"\1", text)
        text = clean._PAGE_DATE_JOIN.sub(r"\1\2", text)
    return tuple(Line(n, line) for n, line in enumerate(text.split("\n"), 1))


@SETTINGS
@given(clean_texts)
def test_clean_page_is_the_page_wide_rules_as_they_were(text):
    assert clean.clean_page(text) == reference_clean_page(text)


def test_clean_page_is_the_page_wide_rules_as_they_were_on_the_pages():
    for text in page_texts():
        assert clean.clean_page(text) == reference_clean_page(text)


# --- layout --------------------------------------------------------------------------------------

def reference_is_head_like(text: str) -> bool:
    if not text or layout._lead(text) or layout._byline(text) or layout.is_kicker(text):
        return False
    words = layout.ENUMERATOR.sub("", text, count=1)
    if not words or any(ch in layout.BODY_PUNCT for ch in words) or text[-1] in "：:":
        return False
    return layout.display_width(text) <= 32


LINE_ALPHABET = [*"一二三十、（）()1.．，。；！？,;!?:：◎★—－- 文明城市a", "——", "－－", "--", "本报讯", "(二)", "3. "]
line_texts = st.lists(st.sampled_from(LINE_ALPHABET), max_size=20).map("".join)


@SETTINGS
@given(line_texts)
def test_head_like_lines_are_as_before(text):
    assert layout.is_head_like(text) == reference_is_head_like(text)


def reference_closing(texts: list[str]) -> list[int]:
    return [i for i, t in enumerate(texts)
            if (t[:1] in layout._BYLINE_MARKS or t.startswith(layout._DASHES))
            and layout.header_part(t) in ("byline", "subtitle")]


@SETTINGS
@given(st.lists(line_texts.filter(bool), min_size=1, max_size=6))
def test_runs_without_a_mark_at_a_line_start_have_no_byline_or_subtitle(texts):
    if layout._CLOSING_FIRSTS.isdisjoint(t[:1] for t in texts):
        assert reference_closing(texts) == []


# --- split: the page weights and the similarity of a heading's text to the text above ------------

HAN = [*"文明城市创建志愿服务社区乡村", "\u3400", "\u9fff"]
block_texts = st.lists(st.sampled_from([*HAN, *HAN, "，", "。", " ", "a", "1", "\n"]), max_size=40).map("".join)


def blocks_of(texts: list[str], kinds: list[str]) -> list[Block]:
    return [Block(kind, text, (n, n)) for n, (kind, text) in enumerate(zip(kinds, texts), 1)]


bodies = st.lists(st.tuples(st.sampled_from(["paragraph", "paragraph", "subhead"]), block_texts), max_size=6).map(
    lambda pairs: blocks_of([t for _, t in pairs], [k for k, _ in pairs]))


def drafts_of(page: list[list[Block]]) -> list[split._Draft]:
    return [split._Draft(body=list(body)) for body in page]


@SETTINGS
@given(block_texts)
def test_bigram_set_is_the_set_of_the_bigrams(text):
    assert split.bigram_set(text) == frozenset(split.bigrams(text))
    assert split.bigram_set(text) == frozenset(split._iter_bigrams(text))


@SETTINGS
@given(st.lists(bodies, max_size=5))
def test_weights_by_count_are_the_weights_of_each_bigram(page):
    drafts = drafts_of(page)
    df: Counter[str] = Counter()
    for d in drafts:
        df.update(frozenset().union(*(split.bigram_set(b.text) for b in d.body)))
    n = max(len(drafts), 1)
    weights = {g: math.log((n + 1) / (c + 0.5)) for g, c in df.items()}
    page_weights = split._weights_of(drafts)
    grams = [*df, "文文", "乡乡", "aa"]  # and bigrams not on the page, which weigh 1
    assert list(page_weights.of(grams)) == [weights.get(g, 1.0) for g in grams]
    assert list(page_weights.squared(grams)) == [weights.get(g, 1.0) ** 2 for g in grams]


@SETTINGS
@given(st.lists(bodies, min_size=1, max_size=4), st.lists(block_texts, min_size=1, max_size=4),
       st.lists(block_texts, min_size=1, max_size=4))
def test_blocks_similarity_is_the_similarity_of_the_joined_texts(page, above, below):
    drafts = drafts_of(page)
    weights, page_weights = split._page_weights(drafts), split._weights_of(drafts)
    on_page = [b for d in drafts for b in d.body]
    for a, b in ((blocks_of(above, ["paragraph"] * 4), blocks_of(below, ["paragraph"] * 4)),
                 (on_page[: len(on_page) // 2], on_page[len(on_page) // 2 :])):
        joined_a, joined_b = " ".join(x.text for x in a), " ".join(x.text for x in b)
        assert split._grams_of_joined(a) == set(split.bigrams(joined_a))
        assert split._blocks_similarity(a, b, page_weights) == split.similarity(joined_a, joined_b, weights)


def reference_coverage(grams: set[str], text: str, weights: dict[str, float]) -> float:
    if not grams:
        return 0.0
    found = split.bigram_set(text) & grams
    total = math.fsum(weights.get(g, 1.0) for g in grams)
    return math.fsum(weights.get(g, 1.0) for g in found) / total if total else 0.0


@SETTINGS
@given(st.lists(bodies, min_size=1, max_size=4), block_texts, block_texts)
def test_coverage_by_count_is_the_coverage_by_weight(page, header, text):
    drafts = drafts_of(page)
    grams = set(split.bigrams(header))
    assert split._coverage(grams, text, split._weights_of(drafts)) == reference_coverage(
        grams, text, split._page_weights(drafts))


# --- split: a whole page, against split as it was --------------------------------------------------


def reference_split_at_headings(drafts):
    weights = split._page_weights(drafts)
    out = []
    for d in drafts:
        cur = d
        out.append(cur)
        body = list(d.body)
        cur.body = []
        for k, block in enumerate(body):
            if block.kind == "subhead" and cur.paragraphs:
                above = " ".join(b.text for b in cur.body)
                below = " ".join(b.text for b in split._section(body, k))
                if split.similarity(above, below, weights) < split.NEW_ARTICLE_BELOW:
                    cur = split._Draft(titles=[replace(block, kind="title")])
                    out.append(cur)
                    continue
            cur.body.append(block)
    return out


def reference_change_point(orphan, host, weights):
    mine = set(split.bigrams(split._header_words(orphan)))
    theirs = set(split.bigrams(split._header_words(host)))
    body = host.body
    per_block = [(reference_coverage(mine, b.text, weights) - reference_coverage(theirs, b.text, weights))
                 if b.kind == "paragraph" else 0.0 for b in body]
    best_k, best = 0, 0.0
    for k in range(1, len(body)):
        if body[k].kind != "paragraph" or body[k - 1].kind != "paragraph":
            continue
        score = sum(per_block[k:]) + split._evidence_kicker(orphan, body[k].text)
        if score > best:
            best_k, best = k, score
    return best_k, best


def reference_match_orphans(drafts):
    headers = [d for d in drafts if d.has_header and not d.paragraphs and not d.caption]
    bodies = [d for d in drafts if not d.has_header and d.paragraphs]
    pairs = sorted(((split._evidence(h, [b.text for b in body.paragraphs]), hi, bi)
                    for hi, h in enumerate(headers) for bi, body in enumerate(bodies)),
                   key=lambda t: (-t[0], t[1], t[2]))
    taken_h, taken_b = set(), set()
    for score, hi, bi in pairs:
        if score < split.MATCH_AT_LEAST or hi in taken_h or bi in taken_b:
            continue
        taken_h.add(hi)
        taken_b.add(bi)
        h, body = headers[hi], bodies[bi]
        h.body, h.lead = body.body, h.lead or body.lead
        drafts = [d for d in drafts if d is not body]
    weights = split._page_weights(drafts)
    for hi, h in enumerate(headers):
        if hi in taken_h:
            continue
        best = None
        for host in drafts:
            if host is h or not host.has_header or len(host.paragraphs) < 2:
                continue
            k, score = reference_change_point(h, host, weights)
            tail = [b.text for b in host.body[k:] if b.kind == "paragraph"]
            head = [b.text for b in host.body[:k] if b.kind == "paragraph"]
            gain = split._evidence(h, tail) - split._evidence(h, head)
            if k and gain >= split.MATCH_AT_LEAST and (best is None or score > best[0]):
                best = (score, host, k)
        if best:
            _, host, k = best
            h.body, host.body = host.body[k:], host.body[:k]
    return drafts


def reference_split_page(blocks):
    drafts = split._assemble([b for b in blocks if b.kind != "furniture"])
    drafts = reference_split_at_headings(drafts)
    drafts = split._split_stacked_headlines(drafts)  # the stages with no fast path of their own
    drafts = split._reclaim_bodies(drafts)
    drafts = reference_match_orphans(drafts)
    drafts = split._place_by_elimination(drafts)
    drafts = split._attach_continuations(drafts)
    drafts = [d for d in drafts if d.has_header or d.body or d.caption or d.byline or d.lead]
    drafts.sort(key=lambda d: d.first_line())
    return [split._finish(d, order, SOURCE) for order, d in enumerate(drafts, 1)]


@pytest.fixture(scope="module")
def page_chunks() -> list[str]:
    return [chunk for text in page_texts() for chunk in re.split(r"\n\s*\n", text) if chunk.strip()]


def test_split_page_is_split_as_it_was_on_the_pages():
    for text in page_texts():
        blocks = layout.layout_page(clean.clean_page(text))
        assert split.split_page(blocks, source=SOURCE) == reference_split_page(blocks)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.data())
def test_split_page_is_split_as_it_was_on_pages_made_of_shuffled_real_stretches(page_chunks, data):
    """Headers far from their bodies, subheads between other articles' text: the paths that need weights."""
    picks = data.draw(st.lists(st.integers(0, len(page_chunks) - 1), min_size=1, max_size=40))
    blocks = layout.layout_page(clean.clean_page("\n\n".join(page_chunks[i] for i in picks)))
    assert split.split_page(blocks, source=SOURCE) == reference_split_page(blocks)
