"""A small dated corpus for the sharded search index: articles over three years and one undated page.

With `search_shard_articles = 2` its Pagefind index comes out as shards 2023, 2024-01, 2024-02, 2025
and undated. Every article mentions 志愿服务; the 浙江省 ones live in 2023, 2024-02 and 2025.
"""

from __future__ import annotations

from pathlib import Path

from generator.config import SiteConfig
from generator.models import Article, Block, PageInfo, Region, Source
from generator.site.theme import load_theme
from generator.site.render import render_site
from generator.search.offline import build_offline_index

ROOT = Path(__file__).resolve().parents[2]

TONGLU = Region("浙江省", "杭州市", "桐庐县", "330122")
ANJI = Region("浙江省", "湖州市", "安吉县", "330523")
JINCHUAN = Region("甘肃省", "金昌市", "金川区", "620302")
HEPING = Region("天津市", None, "和平区", "120101")

PAGES = (
    PageInfo(id="d2023", seed="d2023.txt", paper="中国社会报", date="2023-12-30", page_no=1),
    PageInfo(id="d2024a", seed="d2024a.txt", paper="中国社会报", date="2024-01-17", page_no=5),
    PageInfo(id="d2024b", seed="d2024b.txt", paper="中国社会报", date="2024-06-02", page_no=2),
    PageInfo(id="d2025", seed="d2025.txt", paper="中国社会报", date="2025-02-11", page_no=3),
    PageInfo(id="nodate", seed="nodate.txt"),
)
DATES = {p.id: p.date for p in PAGES}


def _article(page: str, order: int, title: str, text: str, region: Region, tags: tuple[str, ...]) -> Article:
    source = Source(seed=f"{page}.txt", page_id=page, line_start=order, line_end=order, order=order,
                    paper="中国社会报" if DATES[page] else None, date=DATES[page])
    return Article(id=f"{page}-{order:02d}", kind="article", title=title, kicker=None, subtitle=None,
                   authors=("和文",), blocks=(Block("paragraph", text, (order, order)),), source=source,
                   region=region, tags=tags)


ARTICLES = (
    _article("d2023", 1, "桐庐县志愿服务队走进山村", "浙江省杭州市桐庐县的志愿服务队帮助村民采摘高山茶叶。", TONGLU, ("志愿服务",)),
    _article("d2023", 2, "金川区文明实践站开放", "金川区的志愿服务站点为居民提供理发和义诊。", JINCHUAN, ("文明实践",)),
    _article("d2024a", 1, "和平区社区志愿者五年记", "天津市和平区朝阳里社区的志愿服务小组照顾孤寡老人。", HEPING, ("志愿服务",)),
    _article("d2024a", 2, "金昌市推进垃圾分类", "金昌市的志愿服务人员上门讲解垃圾分类。", JINCHUAN, ("垃圾分类",)),
    _article("d2024b", 1, "安吉县竹林里的志愿服务", "浙江省湖州市安吉县的志愿服务团队守护竹海步道。", ANJI, ("志愿服务", "生态")),
    _article("d2025", 1, "桐庐县新春送福", "新春之际，桐庐县志愿服务队为乡亲们写春联送福字。", TONGLU, ("志愿服务",)),
    _article("nodate", 1, "无日期的志愿服务短讯", "这条短讯没有日期，也写到了志愿服务。", HEPING, ("志愿服务",)),
)

# Where plan_shards puts each article with at most two articles a shard (sorted by date, then id).
SHARD_OF = {
    "d2023-01": "2023", "d2023-02": "2023",
    "d2024a-01": "2024-01", "d2024a-02": "2024-01", "d2024b-01": "2024-02",
    "d2025-01": "2025",
    "nodate-01": "undated",
}


def url_for(article: Article) -> str:
    return f"articles/{article.id}.html"


def write_dated_site(out: Path) -> Path:
    """Render the corpus with the default theme and its offline index into `out` (no Pagefind yet)."""
    theme = load_theme(ROOT / "themes" / "default")
    files = [*render_site(ARTICLES, PAGES, config=SiteConfig(), theme=theme),
             *build_offline_index(ARTICLES, url_for=url_for)]
    for file in files:
        target = out / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.data)
    return out
