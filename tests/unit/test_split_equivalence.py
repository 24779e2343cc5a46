"""Fast paths of split: bigram sets and codes, page weights by count (numpy), exact similarity and coverage, whole pages: each gives exactly what the plain code it replaced gives.

Each test compares a fast path with its plain reference (here or in `tests/reference/`) on random
input made of what the rule cares about (hypothesis), and on the seed and dev pages.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from example_pages import PAGES, split_example_pages
from generator.ingest import clean, layout, split
from generator.ingest.clean import clean_page
from generator.models import Article, Block, Source
from tests.reference import split as reference_split

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# Han characters at both ends of HAN_RUN's range and just outside it, an astral one, breaks.
EDGE_HAN = [*"文明城市创建", "\u3400", "\u9fff", "\u33ff", "\ua000", "\U00020000", "\uf900"]


texts = st.lists(st.sampled_from([*EDGE_HAN, *EDGE_HAN, "，", " ", "a", "\n"]), max_size=30).map("".join)


def plain_draft_frequencies(texts: list[str]) -> Counter[str]:
    """In how many texts each bigram occurs, as `_weights_of` counted them before numpy."""
    df: Counter[str] = Counter()
    for text in texts:
        df.update(split.bigram_set(text))
    return df


def decoded(codes) -> list[str]:
    mask = (1 << split._CODE_BITS) - 1
    return [chr(code >> split._CODE_BITS) + chr(code & mask) for code in codes.tolist()]


def math_weight(n: int, count: int) -> float:
    import math

    return math.log((n + 1) / (count + 0.5))


SOURCE = Source(seed="p.txt", page_id="p", line_start=0, line_end=0, order=0)


def page_texts() -> list[str]:
    assert PAGES
    return [path.read_text(encoding="utf-8") for path in PAGES]


HAN = [*"文明城市创建志愿服务社区乡村", "\u3400", "\u9fff"]


block_texts = st.lists(st.sampled_from([*HAN, *HAN, "，", "。", " ", "a", "1", "\n"]), max_size=40).map("".join)


def blocks_of(texts: list[str], kinds: list[str]) -> list[Block]:
    return [Block(kind, text, (n, n)) for n, (kind, text) in enumerate(zip(kinds, texts), 1)]


bodies = st.lists(st.tuples(st.sampled_from(["paragraph", "paragraph", "subhead"]), block_texts), max_size=6).map(
    lambda pairs: blocks_of([t for _, t in pairs], [k for k, _ in pairs]))


def drafts_of(page: list[list[Block]]) -> list[split._Draft]:
    return [split._Draft(body=list(body)) for body in page]


def reference_coverage(grams: set[str], text: str, weights: dict[str, float]) -> float:
    if not grams:
        return 0.0
    found = split.bigram_set(text) & grams
    total = math.fsum(weights.get(g, 1.0) for g in grams)
    return math.fsum(weights.get(g, 1.0) for g in found) / total if total else 0.0


def reference_split_at_headings(drafts):
    weights = reference_split.page_weights(drafts)
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
                if reference_split.similarity(above, below, weights) < split.NEW_ARTICLE_BELOW:
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
        drafts = split._give_body(headers[hi], bodies[bi], drafts)  # no fast path of its own
    weights = reference_split.page_weights(drafts)
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


@pytest.fixture(scope="module")
def page_articles() -> list[tuple[str, list[Article]]]:
    return split_example_pages()


def random_texts(alphabet: list[str], n: int = 5000, longest: int = 20, seed: int = 8) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))) for _ in range(n)]


def reference_bigrams(text: str) -> Counter[str]:
    out: Counter[str] = Counter()
    for run in re.findall(r"[\u3400-\u9fff]+", text):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


@SETTINGS
@given(st.lists(texts, max_size=8))
@example(["文明\n城市", "明城", "文明"])
@example([])
def test_draft_frequencies_count_each_texts_bigrams_once(texts):
    codes, counts = split._draft_frequencies(texts)
    assert dict(zip(decoded(codes), counts.tolist())) == plain_draft_frequencies(texts)
    assert codes.tolist() == sorted(set(codes.tolist()))  # sorted and distinct: searchsorted finds them


@SETTINGS
@given(st.lists(st.lists(texts, max_size=4), max_size=5), st.lists(texts, max_size=6))
def test_page_weights_of_any_bigrams_are_the_plain_weights(page, asked):
    drafts = [split._Draft(body=[Block("paragraph", t, (1, 1)) for t in body]) for body in page]
    df = Counter()
    for d in drafts:  # the plain code: each draft's blocks' bigram sets, joined
        df.update(frozenset().union(*(split.bigram_set(b.text) for b in d.body)))
    n = max(len(drafts), 1)
    grams = [*df, *(g for t in asked for g in split.bigrams(t)), "aa", "文\U00020000"]
    weights = split._weights_of(drafts)
    plain = [math_weight(n, df[g]) if g in df else 1.0 for g in grams]
    assert list(weights.of(grams)) == plain
    assert list(weights.squared(grams)) == [w**2 for w in plain]
    assert reference_split.page_weights(drafts) == {g: math_weight(n, c) for g, c in df.items()}


def test_bigram_codes_are_for_two_characters_only():
    with pytest.raises(ValueError):
        split._bigram_codes(["文明", "城"])


@SETTINGS
@given(st.lists(st.integers(0, 2**64 - 1), max_size=60), st.sampled_from([np.uint64, np.uint32, np.int64]))
@example([], np.uint64)
@example([5, 5, 5], np.uint32)
def test_sorted_counts_are_numpys_unique_with_counts(values, dtype):
    array = np.array(values, dtype=np.uint64).astype(dtype)
    fast_values, fast_counts = split.sorted_counts(array)
    plain_values, plain_counts = np.unique(array, return_counts=True)
    assert fast_values.dtype == plain_values.dtype
    assert fast_values.tolist() == plain_values.tolist() and fast_counts.tolist() == plain_counts.tolist()


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
    weights, page_weights = reference_split.page_weights(drafts), split._weights_of(drafts)
    on_page = [b for d in drafts for b in d.body]
    for a, b in ((blocks_of(above, ["paragraph"] * 4), blocks_of(below, ["paragraph"] * 4)),
                 (on_page[: len(on_page) // 2], on_page[len(on_page) // 2 :])):
        joined_a, joined_b = " ".join(x.text for x in a), " ".join(x.text for x in b)
        assert split._grams_of_joined(a) == set(split.bigrams(joined_a))
        assert split._blocks_similarity(a, b, page_weights) == reference_split.similarity(joined_a, joined_b, weights)


@SETTINGS
@given(st.lists(bodies, min_size=1, max_size=4), block_texts, block_texts)
def test_coverage_by_count_is_the_coverage_by_weight(page, header, text):
    drafts = drafts_of(page)
    grams = set(split.bigrams(header))
    assert split._coverage(grams, text, split._weights_of(drafts)) == reference_coverage(
        grams, text, reference_split.page_weights(drafts))


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


def test_bigrams_are_those_of_each_han_run_in_order():
    for text in random_texts([*"文明城市创建，。 a1\n", "𠀀", "\u3400", "\u9fff"], longest=30):
        assert list(split.bigrams(text).items()) == list(reference_bigrams(text).items())
        assert split.bigram_set(text) == frozenset(reference_bigrams(text))


def test_page_weights_are_one_logarithm_per_bigram(page_articles):
    for text, _ in page_articles:
        drafts = split._assemble(layout.layout_page(clean_page(text)))
        df: Counter[str] = Counter()
        for d in drafts:
            df.update(frozenset().union(*(split.bigram_set(b.text) for b in d.body)))
        n = max(len(drafts), 1)
        assert reference_split.page_weights(drafts) == {g: math.log((n + 1) / (c + 0.5)) for g, c in df.items()}
