"""Round 3 of ingest's fast paths gives exactly what the code it replaced gave.

Each test keeps the plain code a fast path replaced and compares the two on random input made of
the characters the rule cares about (hypothesis), and on the seed and dev pages: split's page
weights counted with numpy, the Han check without cutting the page, enrich's shared body text,
the content writer's system calls, rjieba without its default tokenizer, the cached cuts' shared
words, and what ingest loads once before forking its workers.
"""

from __future__ import annotations

import gc
import os
import re
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from example_pages import PAGES, split_example_pages
from generator.ingest import clean
from generator.ingest import workers
from generator.ingest import conservation
from generator.content import files as content
from generator.enrich import article as enrich
from generator import pipeline
from generator.enrich import regions
from generator.ingest import split
from generator.enrich import tags
from generator.enrich.article import article_text, place_names
from generator.models import Article, Block, PageInfo, Source
from generator.ingest.conservation import HAN, han_conservation
from generator.enrich.regions import resolve_region
from generator.enrich.slugs import slugify
from generator.enrich.tags import extract_tags, load_tag_model

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOURCE = Source(seed="p.txt", page_id="p", line_start=1, line_end=9, order=1, date="2023-05-01")


@pytest.fixture(scope="module")
def page_articles() -> list[tuple[str, list[Article]]]:
    return split_example_pages(date="2023-05-01")


# --- split: the page weights, counted with numpy -------------------------------------------------

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
    assert split._page_weights(drafts) == {g: math_weight(n, c) for g, c in df.items()}


def math_weight(n: int, count: int) -> float:
    import math

    return math.log((n + 1) / (count + 0.5))


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


# --- the Han check -------------------------------------------------------------------------------

HAN_CHECK_ALPHABET = ["本报讯", "本报", "本", "报", "讯", "摄", "摄", " ", "  ", "\t", "\u3000", "\n", "\n", "甲",
                      "a", "\U00020000", "\u2028", "\x1c", "\x85"]
check_texts = st.lists(st.sampled_from(HAN_CHECK_ALPHABET), max_size=40).map("".join)


def han_counts(text: str) -> Counter[str]:
    return Counter(HAN.findall(text))


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


def plain_han_conservation(text: str, articles) -> int:
    """The check as first written: the lead word and credits cut out, Han characters counted."""
    cleaned = "\n".join(line.text for line in clean.clean_page(text))
    want = han_counts(re.sub(r"本报讯|\s摄\s*$", "", cleaned, flags=re.M))
    got: Counter[str] = Counter()
    for a in articles:
        for part in (a.kicker, a.title, a.subtitle, *a.authors, *(b.text for b in a.blocks)):
            got.update(han_counts(part or ""))
    return sum((want - got).values())


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


# --- enrich: the body joined once ----------------------------------------------------------------


def plain_enrich_article(a: Article, *, model, idf, words) -> Article:
    """`enrich_article` as it was: the paragraphs joined again for the regions."""
    paragraphs = [b.text for b in a.blocks if b.kind == "paragraph"]
    year = int(a.source.date[:4]) if a.source.date else None
    heading = " ".join(t for t in (a.title, a.subtitle) if t)
    region, places = resolve_region(a.kicker, heading, paragraphs[0] if paragraphs else "",
                                    "\n".join(paragraphs), year=year)
    exclude = place_names((region, *places) if region else places)
    tags = extract_tags(model, title=a.title, kicker=a.kicker, subtitle=a.subtitle, body=article_text(a), idf=idf,
                        exclude=exclude, cache=words)
    slug = slugify(a.title or a.kicker or (paragraphs[0][:12] if paragraphs else ""), fallback="item")
    return replace(a, region=region, places=places, tags=tags, slug=slug)


def test_enrich_article_is_the_plain_enrich_with_and_without_subheads(page_articles):
    model = load_tag_model()
    articles = [a for _, page in page_articles for a in page]
    # The same articles with a place-naming subhead put first and in the middle: the regions read
    # the paragraphs alone, the tags the whole body.
    headed = [replace(a, blocks=(Block("subhead", "四川广元市昭化区", (1, 1)), *a.blocks[:1],
                                 Block("subhead", "北京朝阳", (2, 2)), *a.blocks[1:])) for a in articles]
    assert any(b.kind == "subhead" for a in articles for b in a.blocks)
    every = [*articles, *headed]
    words: dict = {}
    idf = enrich.corpus_idf(model, [article_text(a) for a in every], cache=words)
    for a in every:
        assert enrich.enrich_article(a, model=model, idf=idf, words=words) == \
            plain_enrich_article(a, model=model, idf=idf, words=words)


# --- content: the writer's system calls ----------------------------------------------------------


@SETTINGS
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=200))
@example("---\nid: a\n---\n\n甲\r\n乙\r\n")
def test_write_atomically_writes_the_bytes_write_text_writes(text):
    with tempfile.TemporaryDirectory() as folder:
        fast, plain = Path(folder) / "01-a.md", Path(folder) / "plain.md"
        content.write_atomically(fast, text)
        plain.write_text(text, encoding="utf-8")
        assert fast.read_bytes() == plain.read_bytes()
        assert sorted(os.listdir(folder)) == ["01-a.md", "plain.md"]  # no temp file left


def test_newlines_are_written_as_the_systems_line_ends_as_text_mode_writes_them(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "linesep", "\r\n")  # as on Windows, where write_text writes CRLF
    content.write_atomically(tmp_path / "01-a.md", "---\nid: a\n---\n\n甲\n")
    assert (tmp_path / "01-a.md").read_bytes() == "---\r\nid: a\r\n---\r\n\r\n甲\r\n".encode()


def test_a_short_write_is_continued(tmp_path, monkeypatch):
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:7])))
    text = "---\nid: p-01\n---\n\n" + "文明城市创建" * 50 + "\n"
    content.write_atomically(tmp_path / "01-a.md", text)
    assert (tmp_path / "01-a.md").read_text(encoding="utf-8") == text


def test_a_write_killed_halfway_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "01-a.md"
    path.write_text("old\n", encoding="utf-8")
    real_write = os.write

    def half_then_die(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "write", half_then_die)
    with pytest.raises(KeyboardInterrupt):
        content.write_atomically(path, "new text, long enough to be cut in half\n")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["01-a.md"]


def article(order: int, slug: str, text: str = "正文。") -> Article:
    return Article(id=f"p-{order:02d}", kind="article", title="标题", kicker=None, subtitle=None, authors=(),
                   blocks=(Block("paragraph", text, (2, 2)),),
                   source=Source(seed="p.txt", page_id="p", line_start=1, line_end=2, order=order), slug=slug)


@pytest.mark.parametrize("root", ["content", "./content/", "content/../content"])
def test_a_page_written_again_keeps_unchanged_files_and_moves_renamed_ones(tmp_path, monkeypatch, root):
    monkeypatch.chdir(tmp_path)
    content_dir = Path(root)
    assert content.write_page(content_dir, "p", [article(1, "a"), article(2, "b")], seed=Path("p.txt")) == []
    written, removed = [], []
    real_write, real_unlink = content.write_atomically, Path.unlink
    monkeypatch.setattr(content, "write_atomically", lambda path, text: written.append(os.path.basename(path))
                        or real_write(path, text))
    monkeypatch.setattr(Path, "unlink", lambda self, *a, **k: removed.append(self.name) or real_unlink(self, *a, **k))
    content.write_page(content_dir, "p", [article(1, "a"), article(2, "c")], seed=Path("p.txt"))
    assert written == ["02-c.md"] and removed == ["02-b.md"]  # the same text is not written again
    assert sorted(os.listdir(tmp_path / "content" / "p")) == ["01-a.md", "02-c.md"]
    assert (tmp_path / "content" / "p" / "02-c.md").read_text(encoding="utf-8") == \
        content.article_to_markdown(article(2, "c"))


# --- tags: one string for each distinct word of the cached cuts ----------------------------------


@pytest.mark.parametrize("kept", [1_000_000, 3])
def test_cached_cuts_are_the_cuts_with_one_string_for_each_word(page_articles, monkeypatch, kept):
    monkeypatch.setattr(tags, "ONE_OF_EACH_KEPT", kept)  # 3: forgotten again and again, never wrong
    monkeypatch.setattr(tags, "_ONE_OF_EACH", {})
    model = load_tag_model()
    cache: dict = {}
    bodies = [article_text(a) for _, page in page_articles for a in page][:60]
    for body in bodies:
        assert tags._words(model, body, cache) == tuple(model.segmenter(body))
        assert tags._words(model, body, cache) is cache[body]  # cut once
    if kept > len(bodies):
        first: dict[str, str] = {}
        for words in cache.values():
            for word in words:
                assert first.setdefault(word, word) is word  # the same word is the same object


# --- pipeline: what is loaded once, before forking -----------------------------------------------


def test_only_years_of_several_shares_are_loaded_before_forking():
    pages = [(Path(f"{n}.txt"), "", PageInfo(id=str(n), seed=f"{n}.txt", date=date))
             for n, date in enumerate(["2019-01-01", "2023-01-01", None, "2023-02-01", None, "2024-01-01"])]
    assert workers.years_of_several(pages, [range(0, 3), range(3, 6)]) == [2023, None]
    assert workers.years_of_several(pages, [range(0, 6)]) == []


def test_prepare_builds_the_region_table_of_each_year_asked_for():
    regions._table.cache_clear()
    enrich.prepare([2001, None])
    assert regions._table.cache_info().currsize == 2
    assert resolve_region("四川广元市：", "", "", "", year=2001)[0] is not None


def test_steps_run_in_this_process_freeze_nothing(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in PAGES[:2]:
        (seeds / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    frozen = gc.get_freeze_count()
    pipeline.ingest(seeds, tmp_path / "content", pipeline.Report(), jobs=1)
    assert gc.get_freeze_count() == frozen
    assert len(list((tmp_path / "content").glob("*/*.md"))) > 2
