"""Fast paths of render: plain paragraphs without Markdown, cards made once per render, the whole site: each gives exactly what the plain code it replaced gives.

Each test compares a fast path with its plain reference (here or in `tests/reference/`) on random
input made of what the rule cares about (hypothesis), and on the seed and dev pages.
"""

from __future__ import annotations

import html
import importlib.util
import random
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from generator.config import SiteConfig
from generator.content.load import load_articles
from generator.models import Article, Block, PageInfo, Region, Source
from generator.site import render, theme, views

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


def reference_escape_then_markdown(md, text: str) -> str:
    md.reset()
    return md.convert(html.escape(text.strip()))


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))


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
