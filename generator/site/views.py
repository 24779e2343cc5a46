"""The view models of the reader site: what each template is given, built in Python so that templates
only print it. Every href is relative to the page being rendered (`root` is "" at the top level,
"../" one folder down), so the site works on any host, in a sub-folder and from file://."""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import markdown
from markupsafe import Markup

from generator.config import SiteConfig
from generator.site.editions import UNDATED, Day, Editions, day_key
from generator.site.indexes import (
    PrintedPage,
    RegionNode,
    SiteIndex,
    TagEntry,
    region_chain,
)
from generator.site.urls import archive_href, article_href, day_href, printed_page_href, region_href, tag_href
from generator.models import Article, PageInfo

T = TypeVar("T")

KIND_LABELS = {"article": "文章", "photo": "图片"}
LEVEL_LABELS = {"province": "省级", "city": "市级", "county": "县级"}
EPOCH = "1970-01-01T00:00:00Z"  # Atom timestamp for pages without a known date: never now()
FEED_NAMESPACE = uuid.UUID("6f1c7f0e-4d38-5a7e-9d2b-3c0b8f6a2e11")  # fixed, so feed ids are stable
EXCERPT_CHARS = 80
MADE_UP_TITLE_CHARS = 20
DESCRIPTION_CHARS = 120



# ------------------------------------------------------------------------------------ view model


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    text: str
    current: bool = False


@dataclass(frozen=True, slots=True)
class CountLink:
    href: str
    text: str
    count: int


@dataclass(frozen=True, slots=True)
class Meta:
    """What goes into <head>: document title, description, Open Graph."""

    title: str
    description: str
    og_type: str = "website"
    og_title: str = ""
    url: str | None = None  # absolute, only when base_url is set
    tags: tuple[str, ...] = ()
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Card:
    """An article in a list: enough to pick it out."""

    href: str
    title: str
    kicker: str | None
    kind: str
    excerpt: str
    region: str | None
    is_photo: bool
    needs_review: bool
    where: str | None = None  # "2024年1月17日 · 第05版": the printed page it appeared on


@dataclass(frozen=True, slots=True)
class Citation:
    paper: str | None
    date: str | None  # 2024年1月17日
    date_iso: str | None
    page_no: str | None  # 第5版
    page: Link
    known: bool  # paper, date or page number is known


@dataclass(frozen=True, slots=True)
class Dateline:
    """报名 · 日期 · 第N版 under a headline: the paper and date link to the day, the page to its view."""

    paper: Link | None
    date: Link | None
    date_iso: str | None
    page: Link


@dataclass(frozen=True, slots=True)
class ArticleView:
    id: str
    kind: str
    is_photo: bool
    kicker: str | None
    title: str
    title_made_up: bool
    subtitle: str | None
    byline: str | None  # authors of an article
    credit: str | None  # photographers of a photo: "徐军勇 江凌浩 摄"
    breadcrumb: tuple[Link, ...]
    tags: tuple[Link, ...]
    body: Markup
    needs_review: bool
    siblings: tuple[Link, ...]  # every item of the printed page, this one `current`
    prev: Link | None
    next: Link | None
    citation: Citation
    filters: tuple[tuple[str, str], ...]  # (pagefind filter name, value)
    dateline: Dateline | None = None
    where: str | None = None  # the dateline as one line of text, for search results


@dataclass(frozen=True, slots=True)
class PageGroup:
    """One printed page on a home page: heading, link to the page view, its articles."""

    title: str
    href: str
    date_iso: str | None
    cards: tuple[Card, ...]
    continued: bool  # the page's first items are on the previous home page


@dataclass(frozen=True, slots=True)
class TreeNode:
    href: str
    name: str
    count: int
    level: str
    children: tuple[TreeNode, ...]


@dataclass(frozen=True, slots=True)
class FeedEntry:
    id: str
    href: str
    title: str
    updated: str
    authors: tuple[str, ...]
    summary: str
    content: str  # HTML as a plain string: the template escapes it once more for type="html"
    tags: tuple[str, ...]


# What inline Markdown reacts to once text is escaped, and what its whitespace step rewrites.
_MARKDOWN_SYNTAX = re.compile(r"[*_`\\\n\r\t\x02\x03]")


def _escape_then_markdown(md: markdown.Markdown, text: str) -> str:
    """Escape text, then convert its inline Markdown; one line without syntax is simply wrapped in <p>."""
    escaped = html.escape(text.strip())
    if escaped and not _MARKDOWN_SYNTAX.search(escaped):
        return f"<p>{escaped}</p>"  # what Markdown returns for it, without running its pipeline
    md.reset()
    return md.convert(escaped)


def make_markdown() -> markdown.Markdown:
    """Inline Markdown only (emphasis, code, line breaks), on text that is already HTML-escaped.

    Block structure comes from the Block kinds, so block syntax is off: a paragraph starting with
    "#" or "1." stays a paragraph and the page keeps exactly one h1. Links and images are off too: a
    printed page has none, and they would let content inject `javascript:` URLs or external loads.
    """
    md = markdown.Markdown(output_format="html")
    for name in ("indent", "code", "hashheader", "setextheader", "hr", "olist", "ulist", "quote", "reference"):
        md.parser.blockprocessors.deregister(name)
    for name in ("reference", "link", "image_link", "image_reference", "short_reference",
                 "short_image_ref", "autolink", "automail"):
        md.inlinePatterns.deregister(name)
    return md


def render_body(article: Article, md: markdown.Markdown | None = None) -> Markup:
    """Subheads → <h2>, paragraphs → <p>; every text is escaped before Markdown sees it."""
    md = md or make_markdown()
    parts = []
    for block in article.blocks:
        converted = _escape_then_markdown(md, block.text)
        if not converted:
            continue
        if block.kind == "subhead":
            inner = converted.removeprefix("<p>").removesuffix("</p>")
            parts.append(f"<h2>{inner}</h2>")
        else:
            parts.append(converted)
    return Markup("\n".join(parts))


def plain_text(article: Article) -> str:
    """The article's paragraphs joined, as printed (no subheads)."""
    return "".join(b.text.strip() for b in article.blocks if b.kind != "subhead")


def truncate(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def made_up_title(article: Article) -> str:
    """A title for an untitled item: its first sentence, cut at 20 characters with "…"."""
    text = plain_text(article) or " ".join(b.text for b in article.blocks)
    if not text.strip():
        return f"{KIND_LABELS.get(article.kind, '文章')} {article.source.order}"
    sentence = re.split(r"(?<=[。！？!?；;])", text.strip(), maxsplit=1)[0].rstrip("。！？!?；;")
    return truncate(sentence, MADE_UP_TITLE_CHARS)


def display_title(article: Article) -> str:
    return article.title.strip() if article.title and article.title.strip() else made_up_title(article)


def format_date(iso: str | None) -> str | None:
    """"2024-01-17" → "2024年1月17日"; anything else is shown as given."""
    if not iso:
        return None
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    return f"{m[1]}年{int(m[2])}月{int(m[3])}日" if m else iso


# A run of letters and digits that looks machine-made: 8 or more hex digits with a digit and a letter
# among them (content hashes, ids), as seed names like `000_f19c2ac29f8dcdb3.txt` carry.
_HASH_LIKE = re.compile(r"(?<![0-9A-Za-z])(?=[0-9A-Fa-f]*[0-9])(?=[0-9A-Fa-f]*[A-Fa-f])[0-9A-Fa-f]{8,}(?![0-9A-Za-z])")


def seed_name(seed: str) -> str:
    """A seed file name as a reader may see it: no extension, no hash-like part, no stray separators."""
    stem = seed.rsplit(".", 1)[0] if "." in seed else seed
    return re.sub(r"^[\s_.-]+|[\s_.-]+$", "", _HASH_LIKE.sub("", stem))


def page_label(info: PageInfo) -> str:
    """The page's own name: "第05版 要闻" (number two digits, as papers print it), or its file's name."""
    if info.page_no is not None:
        return " ".join(filter(None, (f"第{info.page_no:02d}版", info.section)))
    name = seed_name(info.seed)
    return " ".join(filter(None, (f"版面 {name}" if name else "未注明版次的版面", info.section)))


def page_title(info: PageInfo, paper: str | None) -> str:
    """"人民日报 2024年1月17日 第05版 要闻"; a page without them is named by `page_label`."""
    return " ".join(p for p in (paper, format_date(info.date), page_label(info)) if p)


def where_text(date: str | None, page_no: int | None, section: str | None = None) -> str | None:
    """"2024年1月17日 · 第05版": the date and page of a list card or search result (None if neither)."""
    parts = [format_date(date), " ".join(filter(None, (f"第{page_no:02d}版", section))) if page_no is not None else None]
    return " · ".join(p for p in parts if p) or None


def card(article: Article, root: str, info: PageInfo | None = None) -> Card:
    region = article.region
    region_text = " ".join(name for _, name, _ in region_chain(region)) if region else None
    return Card(
        href=article_href(article, root),
        title=display_title(article),
        kicker=article.kicker,
        kind=KIND_LABELS.get(article.kind, article.kind),
        excerpt=truncate(plain_text(article), EXCERPT_CHARS),
        region=region_text,
        is_photo=article.kind == "photo",
        needs_review=article.needs_review,
        where=where_text(info.date, info.page_no, info.section) if info is not None else None,
    )


def card_cache(info_of: Mapping[str, PageInfo] | None = None) -> Callable[[Article, str], Card]:
    """Return `card` memoized per (article id, root), for one render: a card is on ~10 list pages.

    `info_of` (page id → PageInfo) gives each card the date and page it was printed on."""
    cards: dict[tuple[str, str], Card] = {}
    info_of = info_of or {}

    def cached(article: Article, root: str) -> Card:
        key = (article.id, root)
        hit = cards.get(key)
        if hit is None:
            hit = cards[key] = card(article, root, info_of.get(article.source.page_id))
        return hit

    return cached


def nav_links(root: str, current: str | None) -> tuple[Link, ...]:
    items = (("index.html", "首页"), ("archive.html", "往期"), ("tags.html", "标签"), ("regions.html", "地区"),
             ("search.html", "搜索"))
    return tuple(Link(root + href, text, href == current) for href, text in items)


def base_context(config: SiteConfig, *, root: str, current: str | None, meta: Meta) -> dict[str, Any]:
    """Variables every page (and base.html) needs: root, site, nav, meta."""
    return {
        "root": root,
        "site": {"title": config.title, "description": config.description},
        "nav": nav_links(root, current),
        "meta": meta,
    }


def absolute(config: SiteConfig, path: str) -> str | None:
    """The absolute URL of a site path, or None when base_url is unknown."""
    return config.base_url.rstrip("/") + "/" + path if config.base_url else None


def paper_of(info: PageInfo, config: SiteConfig) -> str | None:
    return info.paper or config.paper


def article_view(article: Article, page: PrintedPage, index: SiteIndex, config: SiteConfig,
                 md: markdown.Markdown) -> ArticleView:
    root = "../"
    region = article.region
    breadcrumb = tuple(Link(region_href(code, root), name) for code, name, _ in region_chain(region)) if region else ()
    tags = tuple(Link(tag_href(index.tag_slugs[t], root), t) for t in dict.fromkeys(article.tags) if t in index.tag_slugs)
    items = page.articles
    at = next(i for i, a in enumerate(items) if a.id == article.id)
    siblings = tuple(Link(article_href(a, root), display_title(a), a.id == article.id) for a in items)
    prev = Link(article_href(items[at - 1], root), display_title(items[at - 1])) if at > 0 else None
    nxt = Link(article_href(items[at + 1], root), display_title(items[at + 1])) if at + 1 < len(items) else None
    info = page.info
    citation = Citation(
        paper=paper_of(info, config),
        date=format_date(info.date),
        date_iso=info.date,
        page_no=page_label(info) if info.page_no is not None else None,
        page=Link(printed_page_href(info.id, root), page_title(info, paper_of(info, config))),
        known=bool(paper_of(info, config) or info.date or info.page_no),
    )
    day = day_href(day_key(info.date), root)
    paper = paper_of(info, config)
    dateline = Dateline(
        paper=Link(day, paper) if paper else None,
        date=Link(day, format_date(info.date) or "") if day_key(info.date) != UNDATED else None,
        date_iso=info.date if day_key(info.date) != UNDATED else None,
        page=Link(printed_page_href(info.id, root), page_label(info)),
    )
    filters: list[tuple[str, str]] = [("tag", t.text) for t in tags]
    if region:
        filters += [(name, value) for name, value in
                    (("province", region.province), ("city", region.city), ("county", region.county)) if value]
    filters.append(("kind", KIND_LABELS.get(article.kind, article.kind)))
    names = " ".join(a for a in article.authors if a.strip()) or None
    is_photo = article.kind == "photo"
    return ArticleView(
        id=article.id,
        kind=KIND_LABELS.get(article.kind, article.kind),
        is_photo=is_photo,
        kicker=article.kicker,
        title=display_title(article),
        title_made_up=not (article.title and article.title.strip()),
        subtitle=article.subtitle,
        byline=None if is_photo else names,
        credit=f"{names} 摄" if is_photo and names else None,
        breadcrumb=breadcrumb,
        tags=tags,
        body=render_body(article, md),
        needs_review=article.needs_review,
        siblings=siblings,
        prev=prev,
        next=nxt,
        citation=citation,
        filters=tuple(filters),
        dateline=dateline,
        where=where_text(info.date, info.page_no, info.section),
    )


# ------------------------------------------------------------------ editions: days, archive, pages


@dataclass(frozen=True, slots=True)
class DayPage:
    """One printed page in a day's list: its name (第01版 要闻), link, and its items' headlines."""

    href: str
    label: str
    count: int
    items: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class CalendarDay:
    number: int  # 0: a cell outside the month
    href: str | None  # the day's page when the paper appeared that day
    label: str  # "1月17日", for screen readers


@dataclass(frozen=True, slots=True)
class CalendarMonth:
    id: str  # "m-01": the anchor the archive's month links point at
    title: str  # "2024年1月"
    weeks: tuple[tuple[CalendarDay, ...], ...]
    day_count: int


@dataclass(frozen=True, slots=True)
class ArchiveYear:
    title: str  # "2024年"
    href: str
    day_count: int
    months: tuple[CountLink, ...]  # "1月", linking to the month's calendar, with its number of days


@dataclass(frozen=True, slots=True)
class PageArea:
    """An article's area on the page picture: a link placed over it (percentages of the picture)."""

    href: str
    label: str
    style: str  # "left:…%;top:…%;width:…%;height:…%"


@dataclass(frozen=True, slots=True)
class PageImage:
    src: str
    alt: str
    areas: tuple[PageArea, ...]


WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")
WEEKDAY_NAMES = tuple(f"星期{d}" for d in WEEKDAYS)


def day_title(day: Day) -> str:
    """"2024年1月17日", or 未注明日期 for the group of undated pages."""
    return format_date(day.key) or day.key if day.dated else "未注明日期"


def day_pages(day: Day, root: str) -> tuple[DayPage, ...]:
    return tuple(DayPage(href=printed_page_href(p.info.id, root), label=page_label(p.info), count=len(p.articles),
                         items=tuple(Link(article_href(a, root), display_title(a)) for a in p.articles))
                 for p in day.pages)


def day_link(day: Day | None, root: str) -> Link | None:
    return Link(day_href(day.key, root), day_title(day)) if day is not None else None


def archive_years(eds: Editions, root: str) -> tuple[ArchiveYear, ...]:
    return tuple(ArchiveYear(
        title=f"{y.year}年", href=archive_href(root, y.year), day_count=y.day_count,
        months=tuple(CountLink(archive_href(root, y.year) + f"#m-{m.month:02d}", f"{m.month}月", len(m.days))
                     for m in y.months)) for y in eds.years)


def calendar_months(year, root: str) -> tuple[CalendarMonth, ...]:
    """The year's months that have pages, each as weeks of days from Monday; days with pages link to them."""
    months = []
    for m in year.months:
        present = {int(d.key[8:]): d for d in m.days}
        weeks = tuple(tuple(
            CalendarDay(n, day_href(present[n].key, root) if n in present else None, f"{m.month}月{n}日" if n else "")
            for n in week) for week in m.weeks)
        months.append(CalendarMonth(f"m-{m.month:02d}", f"{m.year}年{m.month}月", weeks, len(m.days)))
    return tuple(months)


def _fraction(value: float) -> float:
    return min(1.0, max(0.0, float(value)))


def area_style(bbox: tuple[float, float, float, float]) -> str | None:
    """CSS placing a link over (x0, y0, x1, y1), fractions of the picture; None for an empty area."""
    x0, y0, x1, y1 = (_fraction(v) for v in bbox)
    if x1 <= x0 or y1 <= y0:
        return None
    return f"left:{x0 * 100:.2f}%;top:{y0 * 100:.2f}%;width:{(x1 - x0) * 100:.2f}%;height:{(y1 - y0) * 100:.2f}%"


def page_image_path(info: PageInfo) -> str | None:
    """Where the page picture is in the site (`pages/<id>/page.png`), when the page has one."""
    return f"pages/{info.id}/{info.image}" if info.image else None


def page_image(printed: PrintedPage, title: str, root: str) -> PageImage | None:
    path = page_image_path(printed.info)
    if path is None:
        return None
    areas = []
    for a in printed.articles:
        style = area_style(a.source.bbox) if a.source.bbox else None
        if style:
            areas.append(PageArea(article_href(a, root), display_title(a), style))
    return PageImage(root + path, f"{title}的版面图", tuple(areas))


# ------------------------------------------------------------------------------------- indexes

TOP_TAGS = 20  # the most used tags, listed before the A–Z groups


@dataclass(frozen=True, slots=True)
class TagGroup:
    letter: str  # "Z", or "#" for tags that start with a digit or another sign
    anchor: str
    count: int
    tags: tuple[CountLink, ...]


@dataclass(frozen=True, slots=True)
class ProvinceView:
    anchor: str
    node: TreeNode
    open: bool  # a site with a single province shows it open


def tag_initial(slug: str) -> str:
    """The pinyin initial a tag is filed under: its slug's first letter (slugs are pinyin), "#" otherwise."""
    first = slug[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def tag_groups(entries: Sequence[TagEntry], root: str) -> tuple[TagGroup, ...]:
    """Tags grouped by pinyin initial, A to Z then "#"; within a group by pinyin (the slug)."""
    groups: dict[str, list[TagEntry]] = {}
    for e in sorted(entries, key=lambda e: (e.slug, e.tag)):
        groups.setdefault(tag_initial(e.slug), []).append(e)
    order = sorted(groups, key=lambda letter: (letter == "#", letter))
    return tuple(TagGroup(letter, "letter-" + ("other" if letter == "#" else letter.lower()), len(groups[letter]),
                          tuple(CountLink(tag_href(e.slug, root), e.tag, e.count) for e in groups[letter]))
                 for letter in order)


def province_views(provinces: Sequence[RegionNode], root: str) -> tuple[ProvinceView, ...]:
    nodes = tree_nodes(provinces, root)
    return tuple(ProvinceView(f"r-{p.code}", node, len(provinces) == 1) for p, node in zip(provinces, nodes))


def tree_nodes(nodes: Iterable[RegionNode], root: str) -> tuple[TreeNode, ...]:
    return tuple(TreeNode(region_href(n.code, root), n.name, n.count, LEVEL_LABELS[n.level],
                          tree_nodes(n.children, root)) for n in nodes)


def list_pages(items: Sequence[T], per_page: int) -> list[tuple[T, ...]]:
    """A list's items (a tag's articles, the home page's) cut into pages of `per_page`, in their
    order; at least one page, maybe empty."""
    per_page = max(1, per_page)
    return [tuple(items[i:i + per_page]) for i in range(0, len(items), per_page)] or [()]


def home_pages(pages: Sequence[PrintedPage], per_page: int) -> list[list[tuple[PrintedPage, tuple[Article, ...], bool]]]:
    """Split the reading order into home pages of `per_page` articles, grouped by printed page.

    A printed page cut by a home-page boundary continues on the next one (`continued` is True).
    """
    chunks = list_pages([(page, article) for page in pages for article in page.articles], per_page)
    result = []
    for chunk in chunks:
        groups: list[tuple[PrintedPage, tuple[Article, ...], bool]] = []
        for page, article in chunk:
            if groups and groups[-1][0].info.id == page.info.id:
                p, arts, cont = groups[-1]
                groups[-1] = (p, arts + (article,), cont)
            else:
                groups.append((page, (article,), article.id != page.articles[0].id))
        result.append(groups)
    return result


PAGER_NEIGHBOURS = 2  # page links shown on each side of the current page, besides the first and last


def page_window(n: int, total: int) -> list[int | None]:
    """The page numbers a pager shows on page n of total: the first, the last and PAGER_NEIGHBOURS on
    each side of n, None where numbers are left out (1 … 4 5 6 7 8 … 500): a pager of at most nine
    items, however many thousand pages an archive's list has."""
    shown = sorted({1, total, *range(max(1, n - PAGER_NEIGHBOURS), min(total, n + PAGER_NEIGHBOURS) + 1)})
    window: list[int | None] = []
    for number in shown:
        if window and number - window[-1] == 2:
            window.append(number - 1)  # a gap of one page: the number itself is as short as "…"
        elif window and number - window[-1] > 2:
            window.append(None)
        window.append(number)
    return window


def pager(n: int, total: int, href: Callable[[int], str]) -> dict:
    """The pagination of page n of total: numbered links (None for a gap), previous and next."""
    return {
        "show": total > 1,
        "pages": tuple(None if i is None else Link(href(i), str(i), i == n) for i in page_window(n, total)),
        "prev": Link(href(n - 1), "上一页") if n > 1 else None,
        "next": Link(href(n + 1), "下一页") if n < total else None,
    }


def feed_entry(article: Article, page: PrintedPage, config: SiteConfig, md: markdown.Markdown) -> FeedEntry:
    path = article_href(article, "")
    return FeedEntry(
        id=absolute(config, path) or f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, article.id)}",
        href=absolute(config, path) or path,
        title=display_title(article),
        updated=f"{page.info.date}T00:00:00Z" if is_iso_date(page.info.date) else EPOCH,
        authors=tuple(a for a in article.authors if a.strip()),
        summary=truncate(plain_text(article), DESCRIPTION_CHARS),
        content=str(render_body(article, md)),
        tags=tuple(dict.fromkeys(article.tags)),
    )


def is_iso_date(value: str | None) -> bool:
    return bool(value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))
