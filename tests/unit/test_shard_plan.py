"""plan_shards: the newest months in small Pagefind shards (cheap to index again), older years in large ones."""

from __future__ import annotations

from generator.models import Article, Block, Source
from generator.search.pagefind import plan_shards


def article(n: int, date: str | None) -> Article:
    return Article(id=f"a{n:03d}", kind="article", title=f"稿件{n}", kicker=None, subtitle=None, authors=(),
                   blocks=(Block("paragraph", "正文", (1, 1)),),
                   source=Source(seed="s.txt", page_id="p", line_start=1, line_end=1, order=n, date=date))


def url_for(a: Article) -> str:
    return f"articles/{a.id}.html"


DATES = ["2023-06-01"] * 4 + ["2023-12-30"] * 2 + ["2024-01-02", "2024-01-05", "2024-01-09", "2024-02-01",
                                                   "2024-02-03"] + [None]


def plan(articles, **kw):
    return [(s.name, len(s.pages)) for s in plan_shards(articles, url_for=url_for, **kw)]


def test_the_newest_two_months_get_small_shards_older_years_large_ones():
    articles = [article(n, d) for n, d in enumerate(DATES)]
    assert plan(articles, max_articles=3, recent_articles=2) == [
        ("2023-01", 3), ("2023-02", 3),  # 2023 in parts of 3 (6 articles)
        ("recent-2024-01-01", 2), ("recent-2024-01-02", 1), ("recent-2024-02", 2),
        ("undated", 1)]


def test_a_correction_changes_no_shard_and_a_new_day_only_the_last_recent_one():
    articles = [article(n, d) for n, d in enumerate(DATES)]
    before = plan_shards(articles, url_for=url_for, max_articles=3, recent_articles=2)
    grown = plan_shards([*articles, article(99, "2024-02-04")], url_for=url_for, max_articles=3, recent_articles=2)
    changed = [s.name for s in grown if s not in before]
    assert changed == ["recent-2024-02-01", "recent-2024-02-02"] or changed == ["recent-2024-02"]
    assert [s for s in grown if s.name.startswith(("2023", "recent-2024-01", "undated"))] == \
        [s for s in before if s.name.startswith(("2023", "recent-2024-01", "undated"))]


def test_few_older_articles_share_one_shard():
    articles = [article(n, d) for n, d in enumerate(DATES)]
    assert plan(articles, max_articles=100, recent_articles=2)[0] == ("2023", 6)


def test_a_small_site_is_one_index():
    articles = [article(n, d) for n, d in enumerate(DATES)]
    assert plan(articles, max_articles=100, recent_articles=100) == []


def test_the_window_reaches_back_across_a_new_year():
    articles = [article(n, d) for n, d in enumerate(["2023-11-30", "2023-12-01", "2024-01-01"])]
    assert plan(articles, max_articles=1, recent_articles=1) == [
        ("2023", 1), ("recent-2023-12", 1), ("recent-2024-01", 1)]
