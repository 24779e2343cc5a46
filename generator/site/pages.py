"""One producer per kind of page of the reader site, like Pelican's generators: each takes the site's
model and writes its pages through the `SiteWriter`, which skips what another share renders or what
the last build left unchanged."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import markdown
from markupsafe import Markup

from generator.config import SiteConfig
from generator.site.editions import UNDATED, Editions
from generator.site.indexes import RegionNode, SiteIndex, walk_regions
from generator.site.theme import SEARCH_TEMPLATE, render, static_text
from generator.site.urls import archive_href, article_href, day_href, home_href, printed_page_href, region_href, tag_href
from generator.site.views import (DESCRIPTION_CHARS, EPOCH, FEED_NAMESPACE, LEVEL_LABELS, TOP_TAGS, WEEKDAY_NAMES, WEEKDAYS,
                                  CountLink, Link, Meta, PageGroup, is_iso_date, paper_of, absolute, archive_years,
                                  article_view, calendar_months, day_link, day_title, display_title, feed_entry,
                                  format_date, list_pages, page_image, page_label, page_title, pager, plain_text,
                                  province_views, tag_groups, truncate, home_pages, day_pages)
from generator.site.writer import SiteWriter


@dataclass(frozen=True)
class SiteModel:
    """What every producer reads: the indexes, the editions, the config and the shared renderers."""

    index: SiteIndex
    editions: Editions
    config: SiteConfig
    md: markdown.Markdown
    card_of: Callable


def write_articles(site: SiteModel, w: SiteWriter) -> None:
    """One page per article: its text, its printed page's items (ids, titles) and its tags' slugs."""
    for printed in site.index.pages:
        items = repr(tuple((a.id, display_title(a)) for a in printed.articles)) if w.digests is not None else ""
        for article in printed.articles:
            if w.skip(article_href(article, ""), w.digest(article), items, printed.info,
                    tuple((t, site.index.tag_slugs.get(t)) for t in article.tags)):
                continue
            view = article_view(article, printed, site.index, site.config, site.md)
            path = article_href(article, "")
            description = truncate(article.subtitle or plain_text(article), DESCRIPTION_CHARS) or site.config.description
            meta = Meta(title=f"{view.title} · {site.config.title}", description=description, og_type="article",
                        og_title=view.title, url=absolute(site.config, path),
                        tags=tuple(t.text for t in view.tags), published=view.citation.date_iso)
            w.page(path, "article.html", "../", None, meta, article=view)


def write_home(site: SiteModel, w: SiteWriter) -> None:
    """The home page, paginated: the newest printed pages first, each with its articles' cards."""
    chunks = home_pages(site.index.pages, site.config.per_page)
    total = len(chunks)
    for n, groups in enumerate(chunks, start=1):
        root = "" if n == 1 else "../"
        path = home_href(n, "")
        if w.skip(path, n, total, tuple((p.info, cont, "".join(w.digest(a) for a in arts)) for p, arts, cont in groups)):
            continue
        title = site.config.title if n == 1 else f"{site.config.title} · 第{n}页"
        view_groups = tuple(
            PageGroup(title=page_title(p.info, paper_of(p.info, site.config)), href=printed_page_href(p.info.id, root),
                      date_iso=p.info.date if is_iso_date(p.info.date) else None,
                      cards=tuple(site.card_of(a, root) for a in arts), continued=cont)
            for p, arts, cont in groups
        )
        pagination = pager(n, total, functools.partial(home_href, root=root))
        meta = Meta(title=title, description=site.config.description, og_title=title, url=absolute(site.config, path))
        w.page(path, "home.html", root, "index.html" if n == 1 else None, meta,
             heading=title, groups=view_groups, pagination=pagination, number=n)


def write_tags(site: SiteModel, w: SiteWriter) -> None:
    """The tag list, and each tag's articles, paginated."""
    meta = Meta(title=f"标签 · {site.config.title}", description=f"{site.config.title}的全部标签，按使用次数排列。",
                og_title="标签", url=absolute(site.config, "tags.html"))
    if not w.skip("tags.html", tuple((e.tag, e.slug, e.count) for e in site.index.tags)):
        w.page("tags.html", "tags.html", "", "tags.html", meta,
             top=tuple(CountLink(tag_href(e.slug, ""), e.tag, e.count) for e in site.index.tags[:TOP_TAGS]),
             groups=tag_groups(site.index.tags, ""), tag_count=len(site.index.tags))
    for entry in site.index.tags:
        chunks = list_pages(entry.articles, site.config.per_page)
        for n, chunk in enumerate(chunks, start=1):
            path = tag_href(entry.slug, "", n)
            if w.skip(path, entry.tag, entry.count, n, len(chunks), "".join(w.digest(a) for a in chunk)):
                continue
            root = "../" if n == 1 else "../../"
            page_note = None if n == 1 else f"第{n}页"
            meta = Meta(title=" · ".join(filter(None, (f"标签：{entry.tag}", page_note, site.config.title))),
                        description=f"标有“{entry.tag}”的{entry.count}篇文章。", og_title=f"标签：{entry.tag}",
                        url=absolute(site.config, path))
            w.page(path, "tag.html", root, None, meta, tag=entry.tag, count=entry.count, page_note=page_note,
                 cards=tuple(site.card_of(a, root) for a in chunk),
                 pagination=pager(n, len(chunks), functools.partial(tag_href, entry.slug, root)))


def write_regions(site: SiteModel, w: SiteWriter) -> None:
    """The region tree, and each province's, city's and county's articles, paginated."""
    meta = Meta(title=f"地区 · {site.config.title}", description=f"{site.config.title}的文章，按省、市、县浏览。",
                og_title="地区", url=absolute(site.config, "regions.html"))
    unplaced = sum(1 for a in site.index.articles if a.region is None)
    if not w.skip("regions.html", tuple((n.code, n.name, n.level, n.count, n.parent) for n in walk_regions(site.index.regions)),
                unplaced):
        w.page("regions.html", "regions.html", "", "regions.html", meta,
             provinces=province_views(site.index.regions, ""), unplaced=unplaced)
    for node in walk_regions(site.index.regions):
        ancestors = _ancestors(node, site.index.region_nodes)
        chunks = list_pages(node.articles, site.config.per_page)
        for n, chunk in enumerate(chunks, start=1):
            path = region_href(node.code, "", n)
            if w.skip(path, node.name, node.level, node.count, tuple((a.code, a.name) for a in ancestors),
                    tuple((c.code, c.name, c.count) for c in node.children), n, len(chunks),
                    "".join(w.digest(a) for a in chunk)):
                continue
            root = "../" if n == 1 else "../../"
            page_note = None if n == 1 else f"第{n}页"
            meta = Meta(title=" · ".join(filter(None, (node.name, page_note, site.config.title))),
                        description=f"{' '.join(a.name for a in ancestors + (node,))}的{node.count}篇文章。",
                        og_title=node.name, url=absolute(site.config, path))
            w.page(path, "region.html", root, None, meta,
                 region={"name": node.name, "code": node.code, "level": LEVEL_LABELS[node.level], "count": node.count},
                 trail=tuple(Link(region_href(a.code, root), a.name) for a in ancestors)
                 + (Link(region_href(node.code, root), node.name, True),),
                 children=tuple(CountLink(region_href(c.code, root), c.name, c.count) for c in node.children)
                 if n == 1 else (),  # the way down is on the region's first page
                 cards=tuple(site.card_of(a, root) for a in chunk), page_note=page_note,
                 pagination=pager(n, len(chunks), functools.partial(region_href, node.code, root)))


def write_printed_pages(site: SiteModel, w: SiteWriter) -> None:
    """Each printed page, in its day's printed order, with 上一版 / 下一版."""
    for printed in site.index.pages:
        info = printed.info
        path = printed_page_href(info.id, "")
        day = site.editions.day_of_page[info.id]
        before, after = site.editions.page_neighbours(info.id)
        if w.skip(path, info, "".join(w.digest(a) for a in printed.articles), day.key,
                before.info if before else None, after.info if after else None,
                tuple((a.id, display_title(a), a.source.bbox) for a in printed.articles)):
            continue
        title = page_title(info, paper_of(info, site.config))
        meta = Meta(title=f"{title} · {site.config.title}", description=f"{title}的{len(printed.articles)}篇稿件。",
                    og_title=title, url=absolute(site.config, path))
        w.page(path, "page.html", "../", None, meta,
             heading=title,
             info={"paper": paper_of(info, site.config), "date": format_date(info.date),
                   "date_iso": info.date if day.dated else None, "label": page_label(info)},
             day=Link(day_href(day.key, "../"), day_title(day)),
             furniture=tuple(line for line in info.furniture if line.strip()),
             image=page_image(printed, title, "../"),
             cards=tuple(site.card_of(a, "../") for a in printed.articles), count=len(printed.articles),
             prev_page=Link(printed_page_href(before.info.id, "../"), page_label(before.info)) if before else None,
             next_page=Link(printed_page_href(after.info.id, "../"), page_label(after.info)) if after else None)


def write_days(site: SiteModel, w: SiteWriter) -> None:
    """Each day's printed pages in order, with 前一天 / 后一天."""
    for day in site.editions.days:
        path = day_href(day.key, "")
        older, newer = site.editions.neighbours(day)
        if w.skip(path, older.key if older else None, newer.key if newer else None,
                tuple((p.info, tuple((a.id, display_title(a)) for a in p.articles)) for p in day.pages)):
            continue
        title = day_title(day)
        paper = next((paper_of(p.info, site.config) for p in day.pages if paper_of(p.info, site.config)), None)
        heading = " ".join(filter(None, (paper, title)))
        meta = Meta(title=f"{heading} · {site.config.title}",
                    description=f"{heading}：{len(day.pages)}个版面，{day.article_count}篇稿件。",
                    og_title=heading, url=absolute(site.config, path))
        w.page(path, "day.html", "../", None, meta, heading=heading, date_iso=day.key if day.dated else None,
             dated=day.dated, pages=day_pages(day, "../"), page_count=len(day.pages), count=day.article_count,
             older=day_link(older, "../"), newer=day_link(newer, "../"),
             archive=Link(archive_href("../"), "往期"))


def write_archive(site: SiteModel, w: SiteWriter) -> None:
    """往期: the years and months, then a calendar per year."""
    undated = next((d for d in site.editions.days if not d.dated), None)
    if not w.skip("archive.html", tuple((y.year, tuple((m.month, len(m.days)) for m in y.months)) for y in site.editions.years),
                undated.article_count if undated else None):
        w.page("archive.html", "archive.html", "", "archive.html",
             Meta(title=f"往期 · {site.config.title}", description=f"{site.config.title}的往期版面，按年、月、日浏览。",
                  og_title="往期", url=absolute(site.config, "archive.html")),
             years=archive_years(site.editions, ""), weekdays=WEEKDAYS,
             undated=Link(day_href(UNDATED, ""), f"未注明日期（{len(undated.pages)}个版面）") if undated else None)
    for year in site.editions.years:
        path = archive_href("", year.year)
        if w.skip(path, year.year, tuple((m.month, tuple(d.key for d in m.days)) for m in year.months)):
            continue
        w.page(path, "archive_year.html", "../", None,
             Meta(title=f"{year.year}年往期 · {site.config.title}", description=f"{site.config.title}{year.year}年的版面。",
                  og_title=f"{year.year}年往期", url=absolute(site.config, path)),
             heading=f"{year.year}年", months=calendar_months(year, "../"),
             weekdays=tuple(zip(WEEKDAYS, WEEKDAY_NAMES)), archive=Link(archive_href("../"), "往期"),
             count=year.day_count)


def write_site_files(site: SiteModel, w: SiteWriter) -> None:
    """The site-wide files (share 0): 404, the search page, the feed, sitemap, robots and the theme's static files; cheap, so always rendered."""
    # 404: hosts serve it for any missing path, so links are made from the site root ("" prefix).
    w.page("404.html", "404.html", "", None, Meta(title=f"找不到页面 · {site.config.title}", description=site.config.description,
                                                 og_title="找不到页面"),
         base_href=site.config.base_url or None, inline_css=Markup(static_text(w.theme, "style.css")))

    # The search page, rendered here so that it shares the layout and nav.
    if w.theme.has_template(SEARCH_TEMPLATE):
        w.page("search.html", SEARCH_TEMPLATE, "", "search.html",
             Meta(title=f"搜索 · {site.config.title}", description=f"检索{site.config.title}的全部文章。", og_title="搜索",
                  url=absolute(site.config, "search.html")))

    # Feed, sitemap, robots.
    page_of = {a.id: p for p in site.index.pages for a in p.articles}
    entries = tuple(feed_entry(a, page_of[a.id], site.config, site.md) for a in site.index.articles[: max(0, site.config.feed_items)])
    w.emit("feed.xml", render(w.theme, "feed.xml", {
        "site": {"title": site.config.title, "description": site.config.description},
        "feed_id": absolute(site.config, "feed.xml") or f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, 'feed:' + site.config.title)}",
        "self_href": absolute(site.config, "feed.xml") or "feed.xml",
        "home_href": absolute(site.config, "index.html") or "index.html",
        "updated": max((e.updated for e in entries), default=EPOCH),
        "entries": entries,
    }))
    if site.config.base_url:
        # The sitemap protocol requires absolute URLs; without base_url no valid sitemap can exist.
        html_paths = sorted(p for p in w.out if p.endswith(".html") and p != "404.html")
        w.emit("sitemap.xml", render(w.theme, "sitemap.xml", {"urls": tuple(absolute(site.config, p) for p in html_paths)}))
    w.emit("robots.txt", render(w.theme, "robots.txt", {"sitemap": absolute(site.config, "sitemap.xml")}))

    for rel, data in w.theme.static:
        w.emit(f"static/{rel}", data)


def _ancestors(node: RegionNode, nodes: Mapping[str, RegionNode]) -> tuple[RegionNode, ...]:
    chain: list[RegionNode] = []
    parent = node.parent
    while parent is not None:
        chain.append(nodes[parent])
        parent = nodes[parent].parent
    return tuple(reversed(chain))


# Each share's pages, in this order; `write_site_files` comes last, in share 0 only.
PRODUCERS = (write_articles, write_home, write_tags, write_regions, write_printed_pages, write_days, write_archive)
