"""The site's data files: `data/articles.json` (one article per line, the schema in docs) and
`data/pages.json` (every printed page with its facts and furniture)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence

from generator.infra.cache import NO_STAMP, FileCache
from generator.models import Article, PageInfo


def article_record(article: Article, url: str) -> dict:
    """One entry of `data/articles.json` (schema in DESIGN.md)."""
    region = article.region
    return {
        "id": article.id,
        "url": url,
        "kind": article.kind,
        "kicker": article.kicker,
        "title": article.title,
        "subtitle": article.subtitle,
        "authors": list(article.authors),
        "region": None if region is None else {"province": region.province, "city": region.city,
                                               "county": region.county, "code": region.code},
        "places": [p.county or p.city or p.province for p in article.places],
        "tags": list(article.tags),
        "needs_review": article.needs_review,
        "blocks": [{"type": "h" if b.kind == "subhead" else "p", "text": b.text} for b in article.blocks],
        "source": {"seed": article.source.seed, "line_start": article.source.line_start,
                   "line_end": article.source.line_end, "order": article.source.order,
                   "paper": article.source.paper, "date": article.source.date, "page_no": article.source.page_no},
    }


def pages_json(pages: Sequence[PageInfo]) -> bytes:
    """`data/pages.json`: every printed page, sorted by id, with its facts and furniture lines."""
    records = [{"id": p.id, "seed": p.seed, "paper": p.paper, "date": p.date, "page_no": p.page_no,
                "section": p.section, "furniture": list(p.furniture)} for p in sorted(pages, key=lambda p: p.id)]
    return ("[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n").encode("utf-8")


def articles_json(articles: Sequence[Article], url_for: Callable[[Article], str], *,
                  digests: Mapping[str, str] | None = None, lines: FileCache | None = None) -> bytes:
    """`data/articles.json`: a JSON array with one article per line, sorted by id.

    With `digests` (article id → content digest) and a `lines` cache, an article's line is made once
    and reused for as long as its content file is unchanged.
    """
    out = []
    for a in sorted(articles, key=lambda a: a.id):
        digest = digests[a.id] if digests is not None and lines is not None else None
        line = lines.get(digest, NO_STAMP) if digest is not None else None
        if line is None:
            line = json.dumps(article_record(a, url_for(a)), ensure_ascii=False)
            if digest is not None:
                lines.put(digest, NO_STAMP, line)
        out.append(line)
    if digests is not None and lines is not None:
        lines.keep_only(set(digests.values()))
    return ("[\n" + ",\n".join(out) + "\n]\n").encode("utf-8")
