"""The fast paths in search, render and tags give exactly what the straightforward code gave.

Each test keeps the plain reference implementation the fast one replaced (as measured in
bench/RESULTS.md) and compares them on a generated corpus (bench/make_corpus.py, 200
articles) plus hand-made articles full of Markdown syntax, control characters and raw HTML.
"""

from __future__ import annotations

import html
import importlib.util
import random
import sys
import unicodedata
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pytest

from generator.enrich import article as enrich

from generator.site import render, theme, views

from generator.search import offline, terms

from generator.enrich import tags
from generator.config import SiteConfig
from generator.models import Article, Block, PageInfo, Region, Source
from generator.ingest.printed_page import ingest_page
from generator.content.load import load_articles
from generator.ingest.seeds import page_id_for, read_seed

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "themes" / "default"
ODD_TEXTS = (
    "**粗体**与*斜体*、_下划线_、`代码`和反斜杠\\*", "第一行\n第二行  \n第三行", "制表\t符", "回车\r换行",
    "\x02控制\x03字符", "<b>原样</b> & \"引号\" 'x'", "&amp; &#20013; &lt;", "# 井号开头", "1. 数字开头",
    "> 引用", "- 列表", "[链接](javascript:alert(1))", "　全角空格　", "\u2028行分隔\u2029",
    "ＡＢＣ１２３ｶﾀｶﾅ", "Café naïve ½ ﬁ Ⅻ ①", "〇〇七号", "𠀀𪚥扩展字", "snake_case 与 a*b*c", "  ", "",
)


def _make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
    module = sys.modules.setdefault("make_corpus", importlib.util.module_from_spec(spec))
    spec.loader.exec_module(module)  # registered first: its dataclasses look their module up
    return module


def _odd_articles() -> list[Article]:
    out = []
    for n, text in enumerate(ODD_TEXTS, 1):
        out.append(Article(
            id=f"zz-odd-{n:02d}", kind="photo" if n % 5 == 0 else "article", title=text if n % 3 else None,
            kicker=text if n % 2 else None, subtitle=text if n % 4 == 0 else None, authors=(text,) if n % 3 else (),
            blocks=(Block("paragraph", text, (1, 1)), Block("subhead", text, (2, 2)),
                    Block("paragraph", f"正文{text}结束", (3, 3))),
            source=Source(seed="zz.txt", page_id="zz-odd", line_start=n, line_end=n + 2, order=n),
            region=Region("浙江省", "杭州市", "桐庐县", "330122") if n % 2 else None,
            tags=(text.strip() or "空", "志愿服务") if n % 2 else ()))
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[list[Article], list[PageInfo]]:
    """200 generated articles read back from content files, and the hand-made odd ones."""
    out = tmp_path_factory.mktemp("corpus") / "content"
    make_corpus = _make_corpus()
    assert make_corpus.main(["--mode", "content", "--articles", "200", "--out", str(out)]) in (0, None)
    loaded = load_articles(out)
    articles, pages = loaded.articles, loaded.pages
    assert len(articles) == 200
    odd = _odd_articles()
    return [*articles, *odd], [*pages, PageInfo(id="zz-odd", seed="zz.txt")]


# --- search: the offline index ----------------------------------------------------------------


def reference_normalize(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", ch).lower() for ch in text)


def reference_runs(text: str):
    kind = None
    start = 0
    for i, ch in enumerate(text):
        k = True if terms.is_cjk(ch) else (False if ch.isalnum() else None)
        if k != kind:
            if kind is not None:
                yield kind, text[start:i]
            kind, start = k, i
    if kind is not None:
        yield kind, text[start:]


def reference_terms_of(text: str) -> set[str]:
    out: set[str] = set()
    for cjk, run in reference_runs(text):
        if cjk:
            out.update(run)
            out.update(run[i : i + 2] for i in range(len(run) - 1))
        else:
            out.add(run)
    return out


def reference_encode_number(n: int) -> str:
    digits = [offline.FINAL_DIGITS[n & 31]]
    n >>= 5
    while n:
        digits.append(offline.MORE_DIGITS[n & 31])
        n >>= 5
    return "".join(reversed(digits))


def reference_encode_postings(postings) -> str:
    prev = -1
    out = []
    for doc, in_title in postings:
        out.append(reference_encode_number(((doc - prev - 1) << 1) | int(in_title)))
        prev = doc
    return "".join(out)


ALL_CHARACTERS = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


def test_runs_classify_every_code_point_as_is_cjk_and_isalnum_do():
    for ch in ALL_CHARACTERS:
        expected = list(reference_runs(ch))
        assert list(terms.runs(ch)) == expected, hex(ord(ch))


def test_normalize_folds_every_code_point_as_per_character_nfkc_does():
    assert terms.normalize(ALL_CHARACTERS) == reference_normalize(ALL_CHARACTERS)


def test_runs_and_terms_match_the_reference_on_mixed_text(corpus):
    articles, _ = corpus
    texts = [b.text for a in articles for b in a.blocks] + [a.title or "" for a in articles] + list(ODD_TEXTS)
    for text in texts:
        folded = reference_normalize(text)
        assert list(terms.runs(folded)) == list(reference_runs(folded))
        assert terms.terms_of(folded) == reference_terms_of(folded)


def test_encode_number_matches_the_reference_below_and_above_the_table():
    for n in [*range(20_000), 2**20, 2**31 - 1, 2**40 + 12345]:
        assert offline.encode_number(n) == reference_encode_number(n)
    postings = [(0, True), (1, False), (9000, True), (9001, False), (2**21, True)]
    assert offline.encode_postings(postings) == reference_encode_postings(postings)


def test_offline_index_is_byte_identical_to_the_reference(corpus, monkeypatch):
    articles, _ = corpus
    url_for = lambda a: f"articles/{a.id}.html"  # noqa: E731
    fast = offline.build_offline_index(articles, url_for=url_for)
    # The plain code in place of every fast path the build takes: term making and both encoders
    # (a full build writes postings with `_encode_packed`, a patched one with `encode_postings`).
    monkeypatch.setattr(offline, "normalize", reference_normalize)
    monkeypatch.setattr(offline, "terms_of", reference_terms_of)
    monkeypatch.setattr(offline, "encode_postings", reference_encode_postings)
    monkeypatch.setattr(offline, "_encode_packed",
                        lambda values: reference_encode_postings([(v >> 1, bool(v & 1)) for v in values]))
    reference = offline.build_offline_index(articles, url_for=url_for)
    assert [f.path for f in fast] == [f.path for f in reference]
    assert fast == reference


# --- render: plain paragraphs skip Markdown, cards are made once per render --------------------


def reference_escape_then_markdown(md, text: str) -> str:
    md.reset()
    return md.convert(html.escape(text.strip()))


def test_plain_text_skips_markdown_with_the_same_html_on_random_text():
    md = views.make_markdown()
    reference_md = views.make_markdown()
    alphabet = [*"医保中国。，、；：“”《》（）ab XYZ012<>&\"'#-+.1!|[]()~=^%$@{}:/",
                "\x00", "\x0b", "\x0c", "\x1c", "\x85", "\xa0", "\u2028", "\u3000", "  ", "&amp;", "&#1;",
                "1. ", "# ", "> ", "- ", "**", "__", "`", "\\", "\n", "\r", "\t", "\x02", "\x03", "---", "==", "  \n"]
    rng = random.Random(8)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        expected = reference_escape_then_markdown(reference_md, text)
        assert views._escape_then_markdown(md, text) == expected, text


def test_rendered_site_is_byte_identical_to_the_reference(corpus, monkeypatch):
    articles, pages = corpus
    loaded = theme.load_theme(THEME)
    config = SiteConfig(base_url="https://example.org/paper/")
    fast = render.render_site(articles, pages, config=config, theme=loaded)
    monkeypatch.setattr(views, "_escape_then_markdown", reference_escape_then_markdown)
    monkeypatch.setattr(render, "card_cache",  # a fresh card at every use
                        lambda info_of=None: lambda a, root: views.card(a, root, (info_of or {}).get(a.source.page_id)))
    reference = render.render_site(articles, pages, config=config, theme=loaded)
    assert [f.path for f in fast] == [f.path for f in reference]
    assert fast == reference


def test_cards_are_not_shared_between_renders(corpus):
    articles, pages = corpus
    loaded = theme.load_theme(THEME)
    first = {f.path: f.data for f in render.render_site(articles, pages, config=SiteConfig(), theme=loaded)}
    retitled = [replace(a, title=f"改{a.title or ''}") for a in articles]
    second = {f.path: f.data for f in render.render_site(retitled, pages, config=SiteConfig(), theme=loaded)}
    assert "改".encode() in second["index.html"]
    assert first["index.html"] != second["index.html"]


# --- tags: each body is cut once ---------------------------------------------------------------


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


def test_enrich_gives_the_tags_of_whole_body_idf_and_uncached_cuts(drafted, monkeypatch):
    model = tags.load_tag_model()
    fast = enrich.enrich_articles(drafted, model)
    monkeypatch.setattr(enrich, "corpus_idf", reference_corpus_idf)
    reference = enrich.enrich_articles(drafted, model)
    assert [(a.id, a.tags, a.region, a.places, a.slug) for a in fast] == [
        (a.id, a.tags, a.region, a.places, a.slug) for a in reference]


def test_corpus_idf_and_extract_tags_give_the_same_with_and_without_a_cache(drafted):
    model = tags.load_tag_model()
    bodies = [enrich.article_text(a) for a in drafted]
    cache: tags.WordCache = {}
    idf = tags.corpus_idf(model, bodies, cache=cache)
    assert idf == tags.corpus_idf(model, bodies)
    assert cache  # filled by corpus_idf, read by extract_tags
    for article, body in zip(drafted[:60], bodies):
        kwargs = dict(title=article.title, kicker=article.kicker, subtitle=article.subtitle, body=body, idf=idf)
        assert tags.extract_tags(model, **kwargs, cache=cache) == tags.extract_tags(model, **kwargs)


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
