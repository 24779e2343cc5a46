"""What the equivalence tests compare fast and plain code on: the seed page and the ten dev pages
(`tests/data/pages`), a generated corpus with hand-made odd articles, random texts."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

from generator.content.load import load_articles
from generator.ingest.printed_page import ingest_page
from generator.models import Article, Block, PageInfo, Region, Source

ROOT = Path(__file__).resolve().parents[2]
PAGES = [*sorted((ROOT / "seeds").glob("*.txt")), *sorted((ROOT / "tests" / "data" / "pages").glob("dev-*.txt"))]


def split_example_pages(date: str | None = None) -> list[tuple[str, list[Article]]]:
    """Each page's text and its articles, as ingest splits them (dated `date`, if given)."""
    assert len(PAGES) == 11, "the seed page and the ten dev pages"
    return [(text, ingest_page(text, PageInfo(id=path.stem, seed=path.name, date=date)))
            for path, text in ((path, path.read_text(encoding="utf-8")) for path in PAGES)]


def random_texts(alphabet: list[str], n: int = 5000, longest: int = 20, seed: int = 8) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))) for _ in range(n)]


ODD_TEXTS = (
    "**粗体**与*斜体*、_下划线_、`代码`和反斜杠\\*", "第一行\n第二行  \n第三行", "制表\t符", "回车\r换行",
    "\x02控制\x03字符", "<b>原样</b> & \"引号\" 'x'", "&amp; &#20013; &lt;", "# 井号开头", "1. 数字开头",
    "> 引用", "- 列表", "[链接](javascript:alert(1))", "　全角空格　", "\u2028行分隔\u2029",
    "ＡＢＣ１２３ｶﾀｶﾅ", "Café naïve ½ ﬁ Ⅻ ①", "〇〇七号", "𠀀𪚥扩展字", "snake_case 与 a*b*c", "  ", "",
)


def load_make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
    module = sys.modules.setdefault("make_corpus", importlib.util.module_from_spec(spec))
    spec.loader.exec_module(module)  # registered first: its dataclasses look their module up
    return module


def odd_articles() -> list[Article]:
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


def generated_corpus(out: Path) -> tuple[list[Article], list[PageInfo]]:
    """200 generated articles written to `out` and read back from their content files, and the hand-made odd ones."""
    make_corpus = load_make_corpus()
    assert make_corpus.main(["--mode", "content", "--articles", "200", "--out", str(out)]) in (0, None)
    loaded = load_articles(out)
    articles, pages = loaded.articles, loaded.pages
    assert len(articles) == 200
    odd = odd_articles()
    return [*articles, *odd], [*pages, PageInfo(id="zz-odd", seed="zz.txt")]
