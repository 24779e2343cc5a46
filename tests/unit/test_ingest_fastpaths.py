"""The fast paths of ingest give exactly what the straightforward code gave.

Each test keeps the plain reference the fast code replaced (issue 8: ingest at ≥ 200 pages/s) and
compares the two on random text made of the characters each rule cares about, and on the seed and
dev pages. The word tables cache of `tags` is tested here too: stale or corrupt, it is ignored.
"""

from __future__ import annotations

import collections
import csv
import math
import pickle
import random
import re
from collections import Counter, defaultdict

import pytest
import yaml

from generator.content import files as content

from generator.ingest import layout

from generator.enrich import regions

from generator.enrich import slugs

from generator.ingest import split

from generator.enrich import tags
from generator.ingest.clean import clean_page
from example_pages import split_example_pages
from generator.models import Article, Block, Region, Source
from generator.ingest.conservation import HAN, han_conservation



@pytest.fixture(scope="module")
def page_articles() -> list[tuple[str, list[Article]]]:
    return split_example_pages()


def random_texts(alphabet: list[str], n: int = 5000, longest: int = 20, seed: int = 8) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))) for _ in range(n)]


# --- layout --------------------------------------------------------------------------------------

LAYOUT_ALPHABET = [*"本报讯电（）()◎○●■□◆◇☆★——－-:：，。；！？、,;!?“”’…摄 \t\n", "——", "－－", "--", "本报",
                   "四川广元市", "记者", "张三", "a", "1", "\u3000", "\u2028"]


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


# --- split -------------------------------------------------------------------------------------


def reference_bigrams(text: str) -> Counter[str]:
    out: Counter[str] = Counter()
    for run in re.findall(r"[\u3400-\u9fff]+", text):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


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
        assert split._page_weights(drafts) == {g: math.log((n + 1) / (c + 0.5)) for g, c in df.items()}


# --- the Han check of a page ---------------------------------------------------------------------


def reference_han_conservation(text: str, articles) -> int:
    cleaned = "\n".join(line.text for line in clean_page(text))
    raw = re.sub(r"本报讯|\s摄\s*$", "", cleaned, flags=re.M)
    want = collections.Counter(HAN.findall(raw))
    got: collections.Counter[str] = collections.Counter()
    for a in articles:
        for part in (a.kicker, a.title, a.subtitle, *a.authors, *(b.text for b in a.blocks)):
            got.update(HAN.findall(part or ""))
    return sum((want - got).values())


def test_han_conservation_counts_as_findall_does(page_articles):
    for text, articles in page_articles:
        for dropped in (articles, articles[1:], articles[::2], []):
            lines = clean_page(text)
            assert han_conservation(text, dropped) == han_conservation(text, dropped, lines=lines) == \
                reference_han_conservation(text, dropped)
    odd = "本报讯 甲乙\n丙 摄\n\U00020000𪚥\uf900\n"
    assert han_conservation(odd, []) == reference_han_conservation(odd, []) > 0


# --- regions -------------------------------------------------------------------------------------


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


# --- tags ----------------------------------------------------------------------------------------


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
        for word in model.segmenter(text):
            c = candidate(word, word_tags.get(word, "x"))
            if c is not None:
                counts[c] += weight
                scores[c] += weight * (idf[word] if word in idf else tags._blended_idf(model, word, 1, 1))
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


def test_extract_tags_gives_the_tags_of_the_word_by_word_reference(page_articles):
    model = tags.load_tag_model()
    articles = [a for _, page in page_articles for a in page]
    bodies = ["\n".join(b.text for b in a.blocks) for a in articles]
    idf = tags.corpus_idf(model, bodies)
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


# --- slugs ---------------------------------------------------------------------------------------


def test_ascii_text_is_split_as_pypinyin_hands_it_back():
    from pypinyin import Style, lazy_pinyin

    for text in random_texts([*"abcXYZ019 -_.~!@#$%^&*()+=[]{}|;:'\",<>/?`\\\t", "page-00001", "COM1"]):
        pieces = lazy_pinyin(text, style=Style.NORMAL, errors="default")
        assert slugs._words(text) == [w for piece in pieces for w in slugs._WORD.findall(piece.lower())], text


# --- content: the front matter -------------------------------------------------------------------


def reference_front_matter(meta: dict) -> str:
    return yaml.dump(meta, Dumper=content._Dumper, allow_unicode=True, sort_keys=False, width=1000)


VALUE_ALPHABET = [*"文明城市“”《》（），。：；！？…—·aZ09_.- :#'\"&*!|>%@`[]{},?~\\\t", "\u3000", "\u2028", "\x85",
                  "\ufeff", "\U00020000", "null", "true", "yes", "No", "2024-01-17", "0x1F", "1e3", "<<", "=", "---",
                  "..."]


# Values that may go the fast way: Han, letters, digits, `_ . -`, spaces, Chinese punctuation, and
# words YAML reads as other types.
PLAIN_ALPHABET = [*"文明城市“”‘’《》（），、。：；！？…—·aZ09_.- ", "null", "true", "yes", "No", "On", "2024-01-17",
                  "123456", "0x1F", "1e3", "0o7", "1_000", "3:20", ".5", "~", "Null"]


def _fast(article: Article) -> bool:
    """Whether the article's front matter is written without PyYAML."""
    try:
        content._plain_front_matter(article)
        return True
    except content._NotPlain:
        return False


def test_front_matter_is_what_yaml_dump_writes_for_random_values():
    rng = random.Random(8)
    plain = [text.strip() or "文" for text in random_texts(PLAIN_ALPHABET, n=6000, longest=8)]
    odd = random_texts(VALUE_ALPHABET, n=2000, longest=6)
    odd += ["a" * 300 + " " + "b" * 300, "文" * 900 + " 明" * 60, "089123", "", " x", "x ", "a  b", "文 ", "-", "-a"]
    fast = 0
    for n in range(3000):
        pick = lambda: rng.choice(odd if rng.random() < 0.02 else plain)  # noqa: E731
        region = lambda: Region(pick(), rng.choice([None, pick()]), rng.choice([None, pick()]), pick())  # noqa: E731
        article = Article(
            id=pick(), kind="article", kicker=pick(), title=rng.choice([pick(), None]), subtitle=None,
            authors=tuple(pick() for _ in range(rng.randint(0, 2))), blocks=(),
            region=rng.choice([None, region()]), places=tuple(region() for _ in range(rng.randint(0, 2))),
            tags=tuple(pick() for _ in range(rng.randint(0, 3))), needs_review=rng.choice([True, False]),
            source=Source(seed=pick(), page_id=pick(), line_start=rng.randint(0, 10**6), line_end=1, order=n,
                          paper=rng.choice([None, pick()]), date=rng.choice([None, pick()]), page_no=None))
        assert content._front_matter(article) == reference_front_matter(content.article_meta(article)), article
        fast += _fast(article)
    assert fast > 100  # the fast way was taken (hundreds of times), and gave PyYAML's text


def test_content_files_are_what_yaml_dump_writes_and_mostly_without_it(page_articles):
    from generator.enrich.article import enrich_articles

    articles = enrich_articles([a for _, page in page_articles for a in page])
    articles.append(Article(
        id="2024-01-17", kind="photo", title="null", kicker="‘引号’开头", subtitle="— 破折号", authors=("阿·不都",),
        blocks=(Block("paragraph", "正文", (1, 1)),), source=Source(seed="000_f19c.txt", page_id="0123",
                                                                line_start=1, line_end=2, order=1, date="2024-01-17",
                                                                page_no=3, paper="人民日报"),
        region=Region("北京市", None, None, "110000"), tags=("yes", "1e3")))
    fast = 0
    for a in articles:
        assert content._front_matter(a) == reference_front_matter(content.article_meta(a))
        fast += _fast(a)
    assert fast >= len(articles) * 0.9


# --- decode --------------------------------------------------------------------------------------


def test_control_bytes_are_counted_as_the_pattern_finds_them():
    from generator.ingest import decode

    rng = random.Random(8)
    for _ in range(20_000):
        data = bytes(rng.randrange(256) if rng.random() < 0.3 else rng.choice(b"ab\n\r\t\x07\x1b\x7f\x0e\x1a")
                     for _ in range(rng.randint(1, 40)))
        assert len(data) - len(data.translate(None, decode._CONTROL_BYTES)) == len(decode._CONTROL.findall(data))
