"""The archive's largest pages stay within their budgets: a year of daily papers, a day of 24 pages."""

from __future__ import annotations

import datetime
from pathlib import Path

from generator.config import SiteConfig
from generator.site.editions import ARCHIVE_PAGE_BUDGET, DAY_PAGE_BUDGET
from generator.models import Article, Block, PageInfo, Source
from generator.site.theme import load_theme
from generator.site.render import render_site

THEME = Path(__file__).resolve().parents[2] / "themes" / "default"
TITLE = "以志愿服务为抓手 推动乡村振兴提质增效"  # a long headline, as the bench corpus prints them


def _article(page: PageInfo, order: int) -> Article:
    return Article(id=f"{page.id}-{order:02d}", kind="article", title=f"{TITLE}{order}", kicker=None, subtitle=None,
                   authors=(), blocks=(Block("paragraph", "正文。", (1, 1)),),
                   source=Source(seed=page.seed, page_id=page.id, line_start=1, line_end=1, order=order,
                                 paper=page.paper, date=page.date, page_no=page.page_no))


def test_a_year_of_daily_papers_and_a_day_of_24_pages_fit_their_budgets():
    start = datetime.date(2024, 1, 1)
    year = [PageInfo(id=f"d{n:03d}", seed=f"d{n:03d}.txt", paper="中国社会报",
                     date=(start + datetime.timedelta(days=n)).isoformat(), page_no=1) for n in range(366)]
    busy = [PageInfo(id=f"busy{n:02d}", seed=f"busy{n:02d}.txt", paper="中国社会报", date="2023-12-31", page_no=n,
                     section="要闻") for n in range(1, 25)]
    articles = [_article(p, 1) for p in year] + [_article(p, k) for p in busy for k in range(1, 13)]
    files = {f.path: f.data for f in render_site(articles, year + busy, config=SiteConfig(), theme=load_theme(THEME))}
    archive = {p: len(d) for p, d in files.items() if p.startswith("archive")}
    day = len(files["days/2023-12-31.html"])
    assert files["archive/2024.html"].count(b'href="../days/2024-') == 366  # every day of the leap year links
    assert files["days/2023-12-31.html"].count(b'class="edition-page"') == 24
    assert max(archive.values()) <= ARCHIVE_PAGE_BUDGET, archive
    assert day <= DAY_PAGE_BUDGET, day
