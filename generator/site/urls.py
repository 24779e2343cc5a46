"""The site's one URL scheme: where each kind of page lives, relative to the site root."""

from __future__ import annotations

from generator.models import Article


def url_for(article: Article) -> str:
    """An article's page, relative to the site root."""
    return f"articles/{article.id}.html"
