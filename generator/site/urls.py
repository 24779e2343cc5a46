"""The site's one URL scheme: where each kind of page lives, as an href from a page `root` folders
down ("" at the top, "../" one folder down). Render, search, `articles.json` and `--serve` use it."""

from __future__ import annotations

from generator.models import Article


def day_href(key: str, root: str) -> str:
    """A day's page (`days/2024-01-17.html`), or the group of undated pages (`days/undated.html`)."""
    return f"{root}days/{key}.html"

def archive_href(root: str, year: int | None = None) -> str:
    """往期: `archive.html` lists years and months; `archive/<year>.html` holds the year's calendars."""
    return f"{root}archive.html" if year is None else f"{root}archive/{year:04d}.html"

def article_href(article: Article, root: str) -> str:
    return f"{root}articles/{article.id}.html"

def region_href(code: str, root: str, n: int = 1) -> str:
    """A region's list page n: `regions/<code>.html`, then `regions/<code>/2.html`, …"""
    return f"{root}regions/{code}.html" if n == 1 else f"{root}regions/{code}/{n}.html"

def tag_href(slug: str, root: str, n: int = 1) -> str:
    """A tag's list page n: `tags/<slug>.html`, then `tags/<slug>/2.html`, … (see `list_pages`)."""
    return f"{root}tags/{slug}.html" if n == 1 else f"{root}tags/{slug}/{n}.html"

def printed_page_href(page_id: str, root: str) -> str:
    return f"{root}pages/{page_id}.html"

def home_href(n: int, root: str) -> str:
    return f"{root}index.html" if n == 1 else f"{root}page/{n}.html"


def url_for(article: Article) -> str:
    """An article's page, relative to the site root (for articles.json and both search indexes)."""
    return article_href(article, "")
