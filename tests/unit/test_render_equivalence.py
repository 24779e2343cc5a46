"""Fast paths of render: plain paragraphs without Markdown, cards made once per render, the whole site: each gives exactly what the plain code it replaced gives.

Each test compares a fast path with its plain reference (here or in `tests/reference/`) on random
input made of what the rule cares about (hypothesis), and on the seed and dev pages.
"""

from __future__ import annotations

import html
import random
from dataclasses import replace
from pathlib import Path

import pytest

from example_pages import generated_corpus
from generator.config import SiteConfig
from generator.models import Article, PageInfo
from generator.site import render, theme, views

ROOT = Path(__file__).resolve().parents[2]


THEME = ROOT / "themes" / "default"


def reference_escape_then_markdown(md, text: str) -> str:
    md.reset()
    return md.convert(html.escape(text.strip()))



@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[list[Article], list[PageInfo]]:
    return generated_corpus(tmp_path_factory.mktemp("corpus") / "content")


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
