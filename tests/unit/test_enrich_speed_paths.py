"""The fast paths of enrich and of the content writer give exactly what the plain code gave.

Each test keeps the plain code a fast path replaced and compares the two on random inputs made of
what the rule cares about (hypothesis), and on the seed and dev pages: tags (the term trie, place
names by set operations), slugs (pypinyin spelled piece by piece) and the front matter written
straight from the article.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content import files as content

from generator.enrich import slugs

from generator.enrich import tags
from example_pages import split_example_pages
from generator.models import Article, Block, Region, Source

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    from generator.enrich.article import enrich_articles

    return enrich_articles([a for _, page in split_example_pages() for a in page])


@pytest.fixture(scope="module")
def model() -> tags.TagModel:
    return tags.load_tag_model()


def body_of(article: Article) -> str:
    return "\n".join(b.text for b in article.blocks)


# --- tags: vocabulary terms ----------------------------------------------------------------------


def plain_term_pattern(terms: Collection[str]) -> re.Pattern[str]:
    """The pattern `load_tag_model` builds as `term_pattern`: every term, longest first."""
    ordered = sorted(terms, key=lambda t: (-len(t), t))
    return re.compile("|".join(map(re.escape, ordered))) if ordered else re.compile(r"(?!)")


TERM_CHARS = "文明城市乡村振兴+.*?[]\\-^$|()"  # few characters, so terms overlap and nest; regex syntax too


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


# --- tags: words that name a place ---------------------------------------------------------------


def plain_names_place(word: str, exclude: Collection[str]) -> bool:
    """`_names_place` as it was: a name, a part of one (2+ characters), or a word holding one."""
    names = tuple(name for name in exclude if len(name) >= 2)
    return word in frozenset(exclude) or word in "\n".join(names) or any(map(word.__contains__, names))


PLACE_CHARS = "朝阳区北京市和平县乡镇\U00020000"


@SETTINGS
@given(words=st.sets(st.text(PLACE_CHARS, min_size=2, max_size=6), max_size=30),
       exclude=st.sets(st.text(PLACE_CHARS + "\n", max_size=5), max_size=8))
def test_words_naming_a_place_are_those_found_word_by_word(words, exclude):
    named = tags._naming_place(set(words), tags._PlaceNames.of(exclude))
    assert named == {word for word in words if plain_names_place(word, exclude)}


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


def test_candidates_are_those_of_the_word_by_word_classes(model, word_pool, name_pool):
    import random

    rng = random.Random(8)
    for _ in range(800):
        words = set(rng.sample(word_pool, rng.randint(0, 200)))
        exclude = frozenset(rng.sample(name_pool, rng.randint(0, 12)))
        assert tags._candidates(model, words, tags._PlaceNames.of(exclude)) == plain_candidates(model, words, exclude)


def plain_extract_tags(model, *, title, kicker, body, idf, exclude=(), subtitle=None, k_min=3, k_max=8):
    """`extract_tags` before the term trie and the place names by sets (same rules, word by word)."""
    exclude = frozenset(exclude)
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
        words = tags._words(model, text)
        candidates = plain_candidates(model, set(words), exclude)
        for word in words:
            if word in candidates:
                word_idf = idf[word] if word in idf else tags._blended_idf(model, word, 1, 1)
                counts[candidates[word]] += weight
                scores[candidates[word]] += weight * word_idf
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


def test_extract_tags_are_those_of_the_plain_code(model, articles, word_pool, name_pool):
    import random

    rng = random.Random(9)
    bodies = [body_of(a) for a in articles]
    bodies += ["，".join(rng.choices(word_pool, k=rng.randint(0, 300))) for _ in range(150)]
    idf = tags.corpus_idf(model, bodies)
    for n, body in enumerate(bodies):
        a = articles[n % len(articles)]
        kwargs = dict(title=a.title, kicker=a.kicker, subtitle=a.subtitle, body=body, idf=idf,
                      exclude=rng.sample(name_pool, rng.randint(0, 10)))
        assert tags.extract_tags(model, **kwargs) == plain_extract_tags(model, **kwargs), n


# --- slugs ---------------------------------------------------------------------------------------


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


# --- content: the front matter written straight from the article ---------------------------------


# Values the plain writer writes as they are, some that it quotes, and some only PyYAML writes.
SCALAR = st.one_of(
    st.text("文明城市“”‘’《》（），、。：；！？…—·aZ09_.- ", max_size=8),
    st.sampled_from(["null", "true", "yes", "No", "2024-01-17", "123456", "0x1F", "1e3", "~", "", " x", "-a",
                     "a: b", "#c", "'q'", "\"q\"", "多\n行", "a" * 500, "\u2028", "\U00020000"]),
)
OPTIONAL = st.none() | SCALAR
REGION = st.builds(Region, SCALAR, OPTIONAL, OPTIONAL, SCALAR)
SOURCE = st.builds(Source, seed=SCALAR, page_id=SCALAR, line_start=st.integers(0, 10**6),
                   line_end=st.integers(0, 10**6), order=st.integers(0, 99), paper=OPTIONAL, date=OPTIONAL,
                   page_no=st.none() | st.integers(0, 200) | st.booleans())
ARTICLE = st.builds(
    Article, id=SCALAR, kind=st.sampled_from(["article", "photo"]), title=OPTIONAL, kicker=OPTIONAL,
    subtitle=OPTIONAL, authors=st.lists(SCALAR, max_size=3).map(tuple),
    blocks=st.just((Block("paragraph", "正文", (1, 1)),)), source=SOURCE, region=st.none() | REGION,
    places=st.lists(REGION, max_size=3).map(tuple), tags=st.lists(SCALAR, max_size=4).map(tuple),
    needs_review=st.booleans() | st.integers(0, 2))


@SETTINGS
@given(ARTICLE)
def test_front_matter_of_an_article_is_that_of_its_meta(article):
    assert content._front_matter(article) == content._dump_front_matter(content.article_meta(article))


def test_front_matter_of_the_pages_is_that_of_their_meta_and_taken_the_fast_way(articles):
    for a in articles:
        assert content._front_matter(a) == content._dump_front_matter(content.article_meta(a))
    assert sum(1 for a in articles if content._plain_front_matter(a)) == len(articles)


def test_front_matter_of_odd_articles_is_that_of_their_meta():
    a = Article(id="x", kind="article", title=None, kicker=None, subtitle=None, authors=(), blocks=(),
                source=Source(seed="s", page_id="p", line_start=1, line_end=2, order=1),
                places=(Region("北京市", None, None, "110000"), None))  # type: ignore[arg-type]
    assert content._front_matter(a) == content._dump_front_matter(content.article_meta(a))
    content._PLAIN.clear()  # remembered text is written as it was first written, True and 1 apart
    for value in (True, 1, "1", "true"):
        b = Article(**{**{f: getattr(a, f) for f in a.__slots__}, "places": (), "needs_review": value})
        assert content._front_matter(b) == content._dump_front_matter(content.article_meta(b))


def plain_content_hash(text: str) -> str:
    import hashlib

    text = re.sub(rf"^{content.HASH_KEY}: [0-9a-f]+\n", "", text, count=1, flags=re.M)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@SETTINGS
@given(st.lists(st.sampled_from(["---\n", "generated: ", "0123abcdef", "generated: 0f\n", "\n", "文", "generated:",
                                 " generated: 1\n", "x"]), max_size=12).map("".join))
def test_content_hash_is_that_of_the_text_without_its_hash_line(text):
    assert content.content_hash(text) == plain_content_hash(text)


def test_articles_written_are_those_of_the_plain_writer(articles):
    for a in articles:
        front = content._dump_front_matter(content.article_meta(a))
        body = content._body_markdown(a.blocks)
        digest = plain_content_hash(f"---\n{front}---\n\n{body}")
        assert content.article_to_markdown(a) == f"---\n{front}{content.HASH_KEY}: {digest}\n---\n\n{body}"
