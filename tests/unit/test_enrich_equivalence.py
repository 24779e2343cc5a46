"""Fast paths of enrich: tags (term finder, candidates by set operations, cached cuts, IDF), regions, slugs, and what ingest loads before forking: each gives exactly what the plain code it replaced gives.

Each test compares a fast path with its plain reference (here or in `tests/reference/`) on random
input made of what the rule cares about (hypothesis), and on the seed and dev pages.
"""

from __future__ import annotations

import csv
import gc
import importlib.util
import pickle
import random
import re
import sys
from collections import defaultdict
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from example_pages import PAGES, random_texts, split_example_pages
from generator import pipeline
from generator.enrich import article as enrich, regions, slugs, tags
from generator.enrich.article import article_text, place_names
from generator.enrich.regions import resolve_region
from generator.enrich.slugs import slugify
from generator.enrich.tags import extract_tags, load_tag_model
from generator.ingest import workers
from generator.ingest.printed_page import ingest_page
from generator.ingest.seeds import page_id_for, read_seed
from generator.models import Article, Block, PageInfo
from tests.reference import enrich as reference_enrich


@pytest.fixture(scope="module")
def page_articles() -> list[tuple[str, list[Article]]]:
    return split_example_pages(date="2023-05-01")


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


ROOT = Path(__file__).resolve().parents[2]


def _make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
    module = sys.modules.setdefault("make_corpus", importlib.util.module_from_spec(spec))
    spec.loader.exec_module(module)  # registered first: its dataclasses look their module up
    return module


def reference_corpus_idf(model, documents, *, cache=None):
    """The whole body cut in one piece, before corpus_idf cut it at the lead as extract_tags does."""
    df: dict[str, int] = defaultdict(int)
    for document in documents:
        for word in set(model.tokenizer.cut(document, HMM=False)):
            df[word] += 1
    return {word: tags._blended_idf(model, word, df[word], len(documents)) for word in sorted(df)}


@pytest.fixture(scope="module")
def drafted(tmp_path_factory) -> list[Article]:
    """The seed pages and 20 generated pages, split but not enriched."""
    seeds_dir = tmp_path_factory.mktemp("seeds") / "seeds"
    make_corpus = _make_corpus()
    assert make_corpus.main(["--pages", "20", "--out", str(seeds_dir)]) in (0, None)
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted(seeds_dir.glob("*.txt"))
    articles = []
    for path in paths:
        articles += ingest_page(read_seed(path), PageInfo(id=page_id_for(path.name), seed=path.name))
    assert len(articles) > 150
    return articles



SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    from tests.reference.enrich import enrich_articles

    return enrich_articles([a for _, page in split_example_pages() for a in page])


@pytest.fixture(scope="module")
def model() -> tags.TagModel:
    return tags.load_tag_model()


def body_of(article: Article) -> str:
    return "\n".join(b.text for b in article.blocks)


def plain_term_pattern(terms: Collection[str]) -> re.Pattern[str]:
    """The pattern `load_tag_model` builds as `term_pattern`: every term, longest first."""
    ordered = sorted(terms, key=lambda t: (-len(t), t))
    return re.compile("|".join(map(re.escape, ordered))) if ordered else re.compile(r"(?!)")


TERM_CHARS = "文明城市乡村振兴+.*?[]\\-^$|()"  # few characters, so terms overlap and nest; regex syntax too


def plain_names_place(word: str, exclude: Collection[str]) -> bool:
    """`_names_place` as it was: a name, a part of one (2+ characters), or a word holding one."""
    names = tuple(name for name in exclude if len(name) >= 2)
    return word in frozenset(exclude) or word in "\n".join(names) or any(map(word.__contains__, names))


PLACE_CHARS = "朝阳区北京市和平县乡镇\U00020000"


def plain_candidates(model, words: set[str], exclude: Collection[str]) -> dict[str, str]:
    """`_candidates` as it was: each word classed, then checked against the place names, one by one."""
    found = {}
    for word in words:
        kind = tags._word_class(model, word)
        if kind is not None and not (kind[1] and plain_names_place(word, exclude)):
            found[word] = kind[0]
    return found


@pytest.fixture(scope="module")
def word_pool(model, articles) -> list[str]:
    """Words of the pages, vocabulary terms and their neighbours, and region names."""
    words = {w for a in articles for w in tags._words(model, body_of(a))}
    words |= {*model.term_tags, *(t + "队伍" for t in model.term_tags), "朝阳区", "朝阳", "北京", "北京市民"}
    return sorted(words)


@pytest.fixture(scope="module")
def name_pool(articles) -> list[str]:
    from generator.enrich.article import place_names

    names = {n for a in articles for n in place_names((a.region, *a.places) if a.region else a.places)}
    return sorted(names | {"朝阳", "朝阳区", "北京", "区", "市", "服务"})


def scored_tags(model, *, title, kicker, body, idf, subtitle, k_min, k_max, tags_in) -> tuple[str, ...]:
    """The rules of `extract_tags`, written plainly, with `tags_in(text)` giving each word of a text
    that stands for a tag, with its tag, in order (the two references differ only there)."""
    headline = [(text, tags.HEADLINE_WEIGHT) for text in (kicker, title, subtitle) if text]
    mentions: dict[str, float] = defaultdict(float)
    for text, weight in [*headline, (body, 1.0)]:
        for match in model.term_pattern.finditer(text):
            mentions[model.term_tags[match.group()]] += weight
    min_mentions = max(tags.MIN_MENTIONS, len(body) / tags.MENTION_CHARS)
    by_mentions = sorted(mentions, key=lambda t: (-mentions[t], t))
    chosen = [t for t in by_mentions if mentions[t] >= min_mentions][:k_max]
    lead, rest = tags.split_lead(body)
    scores: dict[str, float] = defaultdict(float)
    counts: dict[str, float] = defaultdict(float)
    for text, weight in [*headline, (lead, tags.LEAD_WEIGHT), (rest, 1.0)]:
        for word, tag in tags_in(text):
            counts[tag] += weight
            scores[tag] += weight * (idf[word] if word in idf else tags._blended_idf(model, word, 1, 1))
    ranked = sorted(scores, key=lambda w: (-scores[w], w))
    best = scores[ranked[0]] if ranked else 0.0
    strong = [w for w in ranked if counts[w] >= min_mentions and scores[w] >= tags.KEYWORD_MIN_SHARE * best]
    for fill, limit in ((strong, k_max), (by_mentions, k_min), (ranked, k_min)):
        for word in fill:
            if len(chosen) >= limit:
                break
            if not tags._overlaps(word, chosen):
                chosen.append(word)
    return tuple(chosen)


def plain_extract_tags(model, *, title, kicker, body, idf, exclude=(), subtitle=None, k_min=3, k_max=8):
    """`extract_tags` before the term trie and the place names by sets (same rules, word by word)."""
    exclude = frozenset(exclude)

    def tags_in(text):
        words = tags._words(model, text)
        candidates = plain_candidates(model, set(words), exclude)
        return [(word, candidates[word]) for word in words if word in candidates]

    return scored_tags(model, title=title, kicker=kicker, body=body, idf=idf, subtitle=subtitle, k_min=k_min,
                       k_max=k_max, tags_in=tags_in)


def plain_slug_words(text: str) -> list[str]:
    """`slugs._words` as it was: the whole text through `lazy_pinyin` at once."""
    import unicodedata

    from pypinyin import Style, lazy_pinyin

    if text.isascii():
        return slugs._WORD.findall(text.lower())
    slugs._load_place_readings()
    words: list[str] = []
    for piece in lazy_pinyin(text, style=Style.NORMAL, errors="default"):
        if not piece.isascii():
            piece = "".join(c for c in unicodedata.normalize("NFKD", piece) if not unicodedata.combining(c))
        words.extend(slugs._WORD.findall(piece.lower()))
    return words


# Heteronyms (多音字) whose reading depends on the phrase, place names with readings of their own,
# phrases of pypinyin's dictionary, Latin, digits, full-width and accented letters, punctuation.
SLUG_ALPHABET = [*"行长重乐朝阳长沙都会还得了地着传觉银重庆厦门六安蚌埠", "朝阳区", "长治", "长子县", "银行行长",
                 "重新", "音乐", "快乐", "行业", "一行", "单于", "尉迟", "A", "b", "Z", "0", "9", "Ｗ", "１",
                 "é", "ü", "ǘ", "ß", " ", "-", "·", "，", "。", "“", "”", "（", "）", "《", "》", "\u3000", "〇", "\U00020000",
                 "COVID-19", "5G", "Ⅳ", "€", "🙂"]


PLACE_NAMES = [line.split()[0] for line in slugs.PLACE_READINGS.read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")]


def reference_resolve_region(kicker, heading, first_paragraph, body, *, year=None):
    """The two passes as first written: every segment resolved again in the second pass."""
    table = regions._table(regions._clamp_year(year))
    if body.startswith(first_paragraph):
        body = body[len(first_paragraph):]
    segments = [text for text in (kicker, heading, first_paragraph, body) if text]
    state = None
    for text in segments:
        codes = [code for _, code in regions._resolve(text, table, regions._lineage(table, state))]
        state = regions._refine(table, state, codes)
    established = regions._lineage(table, state)
    mentioned = [code for text in segments for _, code in regions._resolve(text, table, established)]
    return (table.places[state].region if state else None), regions._most_specific(table, mentioned)


def reference_resolve(text, table, established, mentions):
    """`regions._resolve` as first written: every mention scored, even the one place of a full name."""
    resolved = []
    for i, mention in enumerate(mentions):
        prev = resolved[-1] if resolved and regions._in_sight(text, resolved[-1][0], mention) else None
        near = regions._lineage(table, prev[1]) if prev else frozenset()
        nxt = mentions[i + 1] if i + 1 < len(mentions) and regions._in_sight(text, mention, mentions[i + 1]) else None
        children = {p for code, _ in (nxt.candidates if nxt else ()) for p in table.places[code].parents}
        scored = {}
        for code, kind in mention.candidates:
            score = regions._support(table, code, kind, near, children, established)
            if score:
                scored.setdefault(score, []).append(code)
        chosen = regions._shallowest(table, scored[min(scored)]) if scored else None
        if chosen:
            resolved.append((mention, chosen))
    return resolved


def reference_mentions(text: str, table) -> list:
    """Every form at every position found by slicing, then the greedy leftmost-longest choice with
    suffix demotion that `regions._mentions` makes (the automata only find the same matches faster)."""
    longest = max(map(len, table.candidates))
    hits = sorted(((i, i + n) for i in range(len(text)) for n in range(1, min(longest, len(text) - i) + 1)
                   if text[i:i + n] in table.candidates), key=lambda m: (m[0], -m[1]))
    mentions, taken = [], 0
    for start, end in hits:
        if start < taken:
            continue
        form = text[start:end]
        candidates = table.candidates[form]
        if end < len(text) and text[end] in regions._SUFFIX_FOLLOWERS and form[-1] in "县区市旗":
            candidates = table.candidates.get(form[:-1], ())
            end -= 1
        if candidates:
            mentions.append(regions._Mention(start, end, candidates))
            taken = end
    return mentions


def reference_extract_tags(model, *, title, kicker, body, idf, exclude=(), subtitle=None, k_min=3, k_max=8):
    """`extract_tags` as first written: jieba's tables read word by word."""
    word_tags, freq = model.pos_tokenizer.word_tag_tab, model.tokenizer.FREQ

    def is_place(word):
        if word in exclude or any(len(name) >= 2 and (name in word or word in name) for name in exclude):
            return True
        if word in model.project_words:
            return False
        return any(word.endswith(s) and len(word) - len(s) >= 2 for s in tags.PLACE_SUFFIXES)

    def candidate(word, pos):
        if len(word) < 2 or not tags._HAN.search(word) or tags._DIGIT.search(word):
            return None
        term = model.term_pattern.search(word)
        if term:
            return model.term_tags[term.group()]
        if word in model.stop_words or pos not in tags.KEYWORD_POS or not freq.get(word):
            return None
        return None if is_place(word) else word

    exclude = frozenset(exclude)

    def tags_in(text):
        found = ((word, candidate(word, word_tags.get(word, "x"))) for word in model.segmenter(text))
        return [(word, tag) for word, tag in found if tag is not None]

    return scored_tags(model, title=title, kicker=kicker, body=body, idf=idf, subtitle=subtitle, k_min=k_min,
                       k_max=k_max, tags_in=tags_in)


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
    idf = reference_enrich.corpus_idf(model, [article_text(a) for a in every], cache=words)
    for a in every:
        assert enrich.enrich_article(a, model=model, idf=idf, words=words) == \
            plain_enrich_article(a, model=model, idf=idf, words=words)


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


def test_enrich_gives_the_tags_of_whole_body_idf_and_uncached_cuts(drafted, monkeypatch):
    model = tags.load_tag_model()
    fast = reference_enrich.enrich_articles(drafted, model)
    monkeypatch.setattr(reference_enrich, "corpus_idf", reference_corpus_idf)
    reference = reference_enrich.enrich_articles(drafted, model)
    assert [(a.id, a.tags, a.region, a.places, a.slug) for a in fast] == [
        (a.id, a.tags, a.region, a.places, a.slug) for a in reference]


def test_corpus_idf_and_extract_tags_give_the_same_with_and_without_a_cache(drafted):
    model = tags.load_tag_model()
    bodies = [enrich.article_text(a) for a in drafted]
    cache: tags.WordCache = {}
    idf = reference_enrich.corpus_idf(model, bodies, cache=cache)
    assert idf == reference_enrich.corpus_idf(model, bodies)
    assert cache  # filled by corpus_idf, read by extract_tags
    for article, body in zip(drafted[:60], bodies):
        kwargs = dict(title=article.title, kicker=article.kicker, subtitle=article.subtitle, body=body, idf=idf)
        assert tags.extract_tags(model, **kwargs, cache=cache) == tags.extract_tags(model, **kwargs)


@SETTINGS
@given(terms=st.sets(st.text(TERM_CHARS, min_size=1, max_size=5), max_size=12),
       texts=st.lists(st.text(TERM_CHARS + "\n \U00020000", max_size=40), min_size=1, max_size=5))
def test_term_finder_finds_what_the_longest_first_alternation_finds(terms, texts):
    fast, plain = tags._term_finder(terms), plain_term_pattern(terms)
    for text in texts:
        assert fast(text) == plain.findall(text)


@SETTINGS
@given(st.sets(st.text(TERM_CHARS, min_size=2, max_size=6), min_size=1, max_size=40))
def test_term_finder_finds_every_term_and_its_longest_extension(terms):
    fast, plain = tags._term_finder(terms), plain_term_pattern(terms)
    for term in terms:
        for text in (term, term + term, "城" + term + "市", term[:-1]):
            assert fast(text) == plain.findall(text)


def test_model_term_finder_finds_what_term_pattern_finds(model, articles):
    texts = [t for a in articles for t in (a.kicker, a.title, a.subtitle, body_of(a)) if t]
    texts += [" ".join(model.term_tags), "".join(model.term_tags), "".join(sorted(model.term_tags, key=len))]
    for text in texts:
        assert model.term_finder(text) == model.term_pattern.findall(text)
    assert sum(len(model.term_finder(t)) for t in texts) > 50  # terms were there to find


@SETTINGS
@given(words=st.sets(st.text(PLACE_CHARS, min_size=2, max_size=6), max_size=30),
       exclude=st.sets(st.text(PLACE_CHARS + "\n", max_size=5), max_size=8))
def test_words_naming_a_place_are_those_found_word_by_word(words, exclude):
    named = tags._naming_place(set(words), tags._PlaceNames.of(exclude))
    assert named == {word for word in words if plain_names_place(word, exclude)}


def test_candidates_are_those_of_the_word_by_word_classes(model, word_pool, name_pool):
    import random

    rng = random.Random(8)
    for _ in range(800):
        words = set(rng.sample(word_pool, rng.randint(0, 200)))
        exclude = frozenset(rng.sample(name_pool, rng.randint(0, 12)))
        assert tags._candidates(model, words, tags._PlaceNames.of(exclude)) == plain_candidates(model, words, exclude)


def test_extract_tags_are_those_of_the_plain_code(model, articles, word_pool, name_pool):
    import random

    rng = random.Random(9)
    bodies = [body_of(a) for a in articles]
    bodies += ["，".join(rng.choices(word_pool, k=rng.randint(0, 300))) for _ in range(150)]
    idf = reference_enrich.corpus_idf(model, bodies)
    for n, body in enumerate(bodies):
        a = articles[n % len(articles)]
        kwargs = dict(title=a.title, kicker=a.kicker, subtitle=a.subtitle, body=body, idf=idf,
                      exclude=rng.sample(name_pool, rng.randint(0, 10)))
        assert tags.extract_tags(model, **kwargs) == plain_extract_tags(model, **kwargs), n


@SETTINGS
@given(st.lists(st.lists(st.sampled_from(SLUG_ALPHABET + PLACE_NAMES), max_size=14).map("".join), min_size=1,
                max_size=8))
def test_slug_words_are_those_of_lazy_pinyin_on_the_whole_text(texts):
    for text in texts:
        assert slugs._words(text) == plain_slug_words(text), text


def test_slug_words_of_titles_do_not_depend_on_what_was_spelled_before(articles):
    titles = [t for a in articles for t in (a.title, a.kicker, a.subtitle, *(b.text[:40] for b in a.blocks)) if t]
    titles += [*PLACE_NAMES, *(name + "银行行长" for name in PLACE_NAMES)]
    slugs._spelled.clear()
    cold = [slugs._words(t) for t in titles]
    assert cold == [slugs._words(t) for t in reversed(titles)][::-1]  # the remembered pieces, in another order
    assert cold == [plain_slug_words(t) for t in titles]


def test_resolve_region_reuses_only_what_the_second_pass_would_repeat(page_articles):
    cases = [("四川广元市昭化区", "书写“文明答卷”", "近年来，四川省广元市昭化区", "天津市和平区朝阳里社区", 2024),
             (None, "和平区 朝阳区", "吉林市", "吉林省吉林市昌邑区和南关区", None)]
    for _, articles in page_articles:
        for a in articles:
            paragraphs = [b.text for b in a.blocks if b.kind == "paragraph"]
            cases.append((a.kicker, a.title or "", paragraphs[0] if paragraphs else "", "\n".join(paragraphs), 2019))
    for kicker, heading, first, body, year in cases:
        assert regions.resolve_region(kicker, heading, first, body, year=year) == \
            reference_resolve_region(kicker, heading, first, body, year=year)


def test_resolve_takes_the_one_place_of_a_full_name_as_scoring_would(page_articles):
    table = regions._table(2024)
    rng = random.Random(5)
    forms = sorted(table.candidates)
    pieces = [*(rng.choice(forms) for _ in range(300)), *"的和在。，、 ", "四川", "广元市", "昭化区", "天津市", "和平区"]
    texts = [*random_texts(pieces, n=2000, longest=8), *(b.text for _, articles in page_articles for a in articles
                                                         for b in a.blocks)]
    lineages = [frozenset(), regions._lineage(table, "510802"), regions._lineage(table, "120101")]
    for text in texts:
        mentions = regions._mentions(text, table)
        for established in lineages:
            assert regions._resolve(text, table, established, mentions) == \
                reference_resolve(text, table, established, mentions), text


def test_region_rows_of_a_year_are_the_lines_that_start_with_it():
    with regions._data_path().open(encoding="utf-8", newline="") as f:
        header, *lines = f
    for year in (regions.DATA_YEARS[0], 2000, regions.DATA_YEARS[1]):
        reference = list(csv.DictReader([header, *(line for line in lines if line.startswith(f"{year},"))]))
        assert regions._rows(year) == reference and len(reference) > 3000
    assert regions._rows(1900) == []


def test_region_mentions_are_the_leftmost_longest_forms_found_by_slicing(page_articles, monkeypatch):
    table = regions._table(2024)
    long_way = []
    monkeypatch.setattr(regions, "_mentions_reading_suffixes",
                        lambda text, table, plain=regions._mentions_reading_suffixes: long_way.append(text) or
                        plain(text, table))
    rng = random.Random(3)
    forms = sorted(table.candidates)
    # Forms cut at either end, suffixes and what follows them (区域, 县级), breaks and filler.
    pieces = [*(rng.choice(forms)[rng.randrange(2):] for _ in range(400)), *(rng.choice(forms)[:-1] for _ in range(100)),
              *"县区市旗域级场的和。，\n", "朝阳区域", "合作市场", "河北区域", "吉林市"]
    texts = [*random_texts(pieces, n=3000, longest=8),
             *(b.text for _, articles in page_articles for a in articles for b in a.blocks)]
    for text in texts:
        assert regions._mentions(text, table) == reference_mentions(text, table), text
    assert len(long_way) > 50  # the long way round (a suffix read off) was tested too


def test_extract_tags_gives_the_tags_of_the_word_by_word_reference(page_articles):
    model = tags.load_tag_model()
    articles = [a for _, page in page_articles for a in page]
    bodies = ["\n".join(b.text for b in a.blocks) for a in articles]
    idf = reference_enrich.corpus_idf(model, bodies)
    excludes = [(), ("四川省", "四川", "广元市", "广元", "昭化区", "昭化"), ("天津市", "天津", "和平区", "和平", "区")]
    for n, (a, body) in enumerate(zip(articles, bodies)):
        kwargs = dict(title=a.title, kicker=a.kicker, subtitle=a.subtitle, body=body, idf=idf,
                      exclude=excludes[n % len(excludes)])
        assert tags.extract_tags(model, **kwargs) == reference_extract_tags(model, **kwargs), a.id


def test_keyword_words_are_the_dictionary_nouns_jieba_knows():
    model = tags.load_tag_model()
    word_tags, freq = model.pos_tokenizer.word_tag_tab, model.tokenizer.FREQ
    assert model.keyword_words == {w for w, pos in word_tags.items() if pos in tags.KEYWORD_POS and freq.get(w)}


def test_the_reference_idf_keeps_jiebas_value_of_every_word_that_can_be_a_tag():
    model = tags.load_tag_model()
    full = {word: float(value) for word, value in
            (line.split(" ") for line in tags.REFERENCE_IDF.read_text(encoding="utf-8").splitlines())}
    taggable = {word for word in full if tags._word_class(model, word) is not None}
    assert len(taggable) > 50_000
    assert {word: model.reference_idf[word] for word in taggable} == {word: full[word] for word in taggable}
    assert model.reference_idf_default == sorted(full.values())[len(full) // 2]  # the median of all of it


def test_word_tables_cache_is_used_when_fresh_and_ignored_when_stale_or_corrupt(tmp_path):
    from generator.infra.cache import NO_STAMP, FileCache

    def saved_cache(salt: str) -> FileCache:
        return FileCache(tmp_path, "tagwords", tags.DATA_DIR, salt=salt, racy_ns=0)

    salt = tags._tables_salt(tags.DATA_DIR)
    built = tags._build_word_tables(tags.DATA_DIR)
    assert tags.word_tables(tags.DATA_DIR, cache_dir=tmp_path) == built  # builds and saves
    [saved] = tmp_path.glob("tagwords-*.pickle")
    assert saved_cache(salt).get("tables", NO_STAMP) == built
    assert tags.word_tables(tags.DATA_DIR, cache_dir=tmp_path) == built  # read back

    # Tables saved for other dictionaries (another salt) are not used, and are replaced.
    poisoned = (frozenset({"假词"}), {"假词": 1.0}, 1.0)
    other = saved_cache("other dictionaries")
    other.put("tables", NO_STAMP, poisoned)
    other.save()
    assert tags.word_tables(tags.DATA_DIR, cache_dir=tmp_path) == built
    assert saved_cache(salt).get("tables", NO_STAMP) == built

    # A value of the wrong shape, a damaged entry, or a truncated file: built afresh.
    wrong = saved_cache(salt)
    wrong.put("tables", NO_STAMP, ["not", "tables"])
    wrong.save()
    assert tags.word_tables(tags.DATA_DIR, cache_dir=tmp_path) == built
    version, _ = pickle.loads(saved.read_bytes())
    saved.write_bytes(pickle.dumps((version, {"tables": ((0, 0), b"\x80damaged")})))
    assert tags.word_tables(tags.DATA_DIR, cache_dir=tmp_path) == built
    saved.write_bytes(saved.read_bytes()[:1000])
    assert tags.word_tables(tags.DATA_DIR, cache_dir=tmp_path) == built

    # A cache folder that cannot be written: no cache, same tables.
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert tags.word_tables(tags.DATA_DIR, cache_dir=blocked / "cache") == built


def test_word_tables_change_with_the_project_dictionary(tmp_path):
    data = tmp_path / "tags"
    data.mkdir()
    for path in tags.DATA_DIR.iterdir():
        if path.is_file():
            (data / path.name).write_bytes(path.read_bytes())
    cache = tmp_path / "cache"
    before = tags.word_tables(data, cache_dir=cache)
    assert "蓝莓产业园" not in before[0]
    with (data / "dictionary.txt").open("a", encoding="utf-8") as f:
        f.write("\n蓝莓产业园 50 n\n")
    tags._jieba_tokenizers.cache_clear()  # a new dictionary in the same folder, as in a new run
    try:
        assert "蓝莓产业园" in tags.word_tables(data, cache_dir=cache)[0]
    finally:
        tags._jieba_tokenizers.cache_clear()


def test_ascii_text_is_split_as_pypinyin_hands_it_back():
    from pypinyin import Style, lazy_pinyin

    for text in random_texts([*"abcXYZ019 -_.~!@#$%^&*()+=[]{}|;:'\",<>/?`\\\t", "page-00001", "COM1"]):
        pieces = lazy_pinyin(text, style=Style.NORMAL, errors="default")
        assert slugs._words(text) == [w for piece in pieces for w in slugs._WORD.findall(piece.lower())], text
