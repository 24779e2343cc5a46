"""Articles + printed pages → the reader site as `OutputFile`s (markdown + jinja2); never touches the disk.

Only `load_theme` reads files (templates and static assets). `render_site` builds a view model per
page in Python and hands it to a template that only prints it: every href is computed here, relative
to the page being rendered (`root` is "" at the top level, "../" one folder down), so the site works
on any host, in a sub-folder and from file://.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import traceback
import uuid
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import markdown
from markupsafe import Markup

from generator.config import SiteConfig
from generator.site.editions import UNDATED, Day, Editions, day_key, editions
from generator.errors import BuildError
from generator.site.indexes import (
    PrintedPage,
    RegionNode,
    SiteIndex,
    TagEntry,
    build_index,
    region_chain,
    walk_regions,
)
from generator.models import Article, KeptFile, OutputFile, PageInfo, StagedFile

T = TypeVar("T")

KIND_LABELS = {"article": "文章", "photo": "图片"}
LEVEL_LABELS = {"province": "省级", "city": "市级", "county": "县级"}
EPOCH = "1970-01-01T00:00:00Z"  # Atom timestamp for pages without a known date: never now()
FEED_NAMESPACE = uuid.UUID("6f1c7f0e-4d38-5a7e-9d2b-3c0b8f6a2e11")  # fixed, so feed ids are stable
EXCERPT_CHARS = 80
MADE_UP_TITLE_CHARS = 20
DESCRIPTION_CHARS = 120

# Theme templates rendered once per site (besides the per-item ones).
SEARCH_TEMPLATE = "search.html"  # written by the search engineer; rendered when the theme has it


# ---------------------------------------------------------------------------------------- theme


@dataclass(frozen=True)
class Theme:
    """A loaded theme: the jinja2 Environment and the static files (path under static/, bytes)."""

    directory: Path
    env: jinja2.Environment = field(repr=False, compare=False)
    static: tuple[tuple[str, bytes], ...] = field(repr=False)
    digest: str = ""  # of every template and static file: a changed theme invalidates kept pages

    @property
    def templates_dir(self) -> Path:
        return self.directory / "templates"

    def has_template(self, name: str) -> bool:
        return name in self.env.list_templates()


def load_theme(theme_dir: Path, *, compiled_cache: Path | None = None) -> Theme:
    """Open a theme folder (templates/ and static/) and compile every template once.

    A syntax error in any template is reported here, as `BuildError` naming the file and line.
    `compiled_cache` is a folder where jinja2 keeps compiled templates between builds (it checks
    each against its source), which saves a rebuild about 0.15 s.
    """
    theme_dir = Path(theme_dir)
    templates = theme_dir / "templates"
    if not templates.is_dir():
        raise BuildError(str(theme_dir), None, "theme has no templates/ folder",
                         "point `theme` in site.toml at a folder like themes/default")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_compiled_templates(compiled_cache) if compiled_cache is not None else None,
    )
    theme = Theme(theme_dir, env, _read_static(theme_dir / "static"), _digest_files(theme_dir))
    for name in sorted(env.list_templates()):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            raise _template_error(theme, exc) from None
    return theme


def _compiled_templates(folder: Path) -> jinja2.BytecodeCache | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a cache only saves time
    return jinja2.FileSystemBytecodeCache(str(folder))


def _read_static(static_dir: Path) -> tuple[tuple[str, bytes], ...]:
    if not static_dir.is_dir():
        return ()
    files = sorted(p for p in static_dir.rglob("*") if p.is_file() and not p.name.startswith("."))
    return tuple((p.relative_to(static_dir).as_posix(), p.read_bytes()) for p in files)


def _digest_files(folder: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    for p in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(p.relative_to(folder).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def _template_error(theme: Theme, exc: BaseException) -> BuildError:
    """Name the template file and line where `exc` happened (syntax or runtime)."""
    name: str | None = None
    line: int | None = None
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name, line = exc.name or exc.filename, exc.lineno
    else:
        templates = str(theme.templates_dir.resolve())
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename and str(Path(frame.filename).resolve()).startswith(templates):
                name = Path(frame.filename).resolve().relative_to(templates).as_posix()
                line = frame.lineno
    path = str(theme.templates_dir / name) if name else str(theme.templates_dir)
    message = getattr(exc, "message", None) or str(exc)
    return BuildError(path, line, f"template error: {message}",
                      "fix the template; templates only print values the view model provides")


def _render(theme: Theme, name: str, context: Mapping[str, Any]) -> str:
    try:
        return theme.env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise _template_error(theme, exc) from None
    except Exception as exc:  # UndefinedError, TypeError from a filter, ...: all point into a template
        error = _template_error(theme, exc)
        if error.problem.line is None and not isinstance(exc, jinja2.TemplateError):
            raise
        raise error from None


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


def _card_cache(info_of: Mapping[str, PageInfo] | None = None) -> Callable[[Article, str], Card]:
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


def _paper(info: PageInfo, config: SiteConfig) -> str | None:
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
        paper=_paper(info, config),
        date=format_date(info.date),
        date_iso=info.date,
        page_no=page_label(info) if info.page_no is not None else None,
        page=Link(printed_page_href(info.id, root), page_title(info, _paper(info, config))),
        known=bool(_paper(info, config) or info.date or info.page_no),
    )
    day = day_href(day_key(info.date), root)
    paper = _paper(info, config)
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


def home_href(n: int, root: str) -> str:
    return f"{root}index.html" if n == 1 else f"{root}page/{n}.html"


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
        updated=f"{page.info.date}T00:00:00Z" if _is_iso_date(page.info.date) else EPOCH,
        authors=tuple(a for a in article.authors if a.strip()),
        summary=truncate(plain_text(article), DESCRIPTION_CHARS),
        content=str(render_body(article, md)),
        tags=tuple(dict.fromkeys(article.tags)),
    )


def _is_iso_date(value: str | None) -> bool:
    return bool(value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


# ---------------------------------------------------------------------------------------- render


def inputs_key(path: str, inputs: tuple) -> str:
    """A digest of everything a page is rendered from, besides the config, theme and generator."""
    return hashlib.blake2b(repr((path, inputs)).encode("utf-8"), digest_size=16).hexdigest()


def render_site(articles: Sequence[Article], pages: Sequence[PageInfo], *, config: SiteConfig, theme: Theme,
                digests: Mapping[str, str] | None = None, previous: Mapping[str, str] | None = None,
                part: tuple[int, int] = (0, 1),
                stage: Callable[[OutputFile | KeptFile], None] | None = None) -> list[OutputFile | KeptFile | StagedFile]:
    """Render every page of the reader site, the feed, sitemap, robots.txt and the theme's static files.

    Output is sorted by path and identical for identical input. A path produced twice is a bug and
    raises instead of silently overwriting.

    Incremental builds pass `digests` (article id → digest of its content file) and `previous`
    (path → key of each file the last build rendered with this config and theme, still on disk).
    Each list and article page then gets a key naming its inputs (`inputs_key`): the articles it
    shows, by digest, and the structure around them. A page whose key is in `previous` is not
    rendered but returned as `KeptFile`. The site-wide pages (feed, search, 404, robots, sitemap,
    static files) are cheap and always rendered.

    `part=(k, n)` renders only the k-th of n shares of the pages (a fixed split by path; the site-wide
    pages are in share 0), so that n processes can render one site together.

    With `stage` (an `output.Stager`), each file is handed to it as soon as it is rendered and
    returned as a `StagedFile`, without its bytes: the site is never whole in memory.
    """
    index = build_index(articles, pages)
    eds = editions(index.pages)
    md = make_markdown()
    # build_index rejects duplicate ids, so (id, root) names one card
    card_of = _card_cache({p.info.id: p.info for p in index.pages})
    out: dict[str, bytes | KeptFile | StagedFile | None] = {}  # None: another share's page (still a path)
    keys: dict[str, str] = {}
    previous = previous or {}
    share, shares = part

    def elsewhere(path: str, *, site_wide: bool = False) -> bool:
        """True when another share renders `path`; the path is noted all the same."""
        mine = share == 0 if site_wide else shares == 1 or zlib.crc32(path.encode()) % shares == share
        if not mine:
            emit(path, None)
        return not mine

    def emit(path: str, data: str | bytes | KeptFile | None) -> None:
        if path in out:
            raise BuildError(path, None, "two pages would be written to the same file",
                             "check ids and slugs for collisions")
        if not path.isascii():
            raise BuildError(path, None, "output path is not ASCII", "ids and slugs must be ASCII")
        data = data.encode("utf-8") if isinstance(data, str) else data
        if stage is None or data is None:
            out[path] = data
        elif isinstance(data, KeptFile):
            stage(data)
            out[path] = data
        else:
            stage(OutputFile(path, data, keys.get(path)))
            out[path] = StagedFile(path, keys.get(path))

    def page(path: str, template: str, root: str, current: str | None, meta: Meta, **extra: Any) -> None:
        context = base_context(config, root=root, current=current, meta=meta)
        context.update(extra)
        emit(path, _render(theme, template, context))

    def skip(path: str, *inputs: object) -> bool:
        """True when `path` needs no rendering here: another share's, or the previous build's file is
        kept because it was made from the same inputs. Else its key is remembered for `emit`."""
        if elsewhere(path):
            return True
        if digests is None:
            return False
        key = keys[path] = inputs_key(path, inputs)
        if previous.get(path) == key:
            emit(path, KeptFile(path, key))
            return True
        return False

    def dig(article: Article) -> str:
        """The article's content digest; it covers the id too, which is in the file."""
        return digests[article.id] if digests is not None else ""

    # Articles: one shows its own text, its printed page's items (ids, titles) and its tags' slugs.
    for printed in index.pages:
        items = repr(tuple((a.id, display_title(a)) for a in printed.articles)) if digests is not None else ""
        for article in printed.articles:
            if skip(article_href(article, ""), dig(article), items, printed.info,
                    tuple((t, index.tag_slugs.get(t)) for t in article.tags)):
                continue
            view = article_view(article, printed, index, config, md)
            path = article_href(article, "")
            description = truncate(article.subtitle or plain_text(article), DESCRIPTION_CHARS) or config.description
            meta = Meta(title=f"{view.title} · {config.title}", description=description, og_type="article",
                        og_title=view.title, url=absolute(config, path),
                        tags=tuple(t.text for t in view.tags), published=view.citation.date_iso)
            page(path, "article.html", "../", None, meta, article=view)

    # Home, paginated.
    chunks = home_pages(index.pages, config.per_page)
    total = len(chunks)
    for n, groups in enumerate(chunks, start=1):
        root = "" if n == 1 else "../"
        path = home_href(n, "")
        if skip(path, n, total, tuple((p.info, cont, "".join(dig(a) for a in arts)) for p, arts, cont in groups)):
            continue
        title = config.title if n == 1 else f"{config.title} · 第{n}页"
        view_groups = tuple(
            PageGroup(title=page_title(p.info, _paper(p.info, config)), href=printed_page_href(p.info.id, root),
                      date_iso=p.info.date if _is_iso_date(p.info.date) else None,
                      cards=tuple(card_of(a, root) for a in arts), continued=cont)
            for p, arts, cont in groups
        )
        pagination = pager(n, total, functools.partial(home_href, root=root))
        meta = Meta(title=title, description=config.description, og_title=title, url=absolute(config, path))
        page(path, "home.html", root, "index.html" if n == 1 else None, meta,
             heading=title, groups=view_groups, pagination=pagination, number=n)

    # Tags.
    meta = Meta(title=f"标签 · {config.title}", description=f"{config.title}的全部标签，按使用次数排列。",
                og_title="标签", url=absolute(config, "tags.html"))
    if not skip("tags.html", tuple((e.tag, e.slug, e.count) for e in index.tags)):
        page("tags.html", "tags.html", "", "tags.html", meta,
             top=tuple(CountLink(tag_href(e.slug, ""), e.tag, e.count) for e in index.tags[:TOP_TAGS]),
             groups=tag_groups(index.tags, ""), tag_count=len(index.tags))
    for entry in index.tags:
        chunks = list_pages(entry.articles, config.per_page)
        for n, chunk in enumerate(chunks, start=1):
            path = tag_href(entry.slug, "", n)
            if skip(path, entry.tag, entry.count, n, len(chunks), "".join(dig(a) for a in chunk)):
                continue
            root = "../" if n == 1 else "../../"
            page_note = None if n == 1 else f"第{n}页"
            meta = Meta(title=" · ".join(filter(None, (f"标签：{entry.tag}", page_note, config.title))),
                        description=f"标有“{entry.tag}”的{entry.count}篇文章。", og_title=f"标签：{entry.tag}",
                        url=absolute(config, path))
            page(path, "tag.html", root, None, meta, tag=entry.tag, count=entry.count, page_note=page_note,
                 cards=tuple(card_of(a, root) for a in chunk),
                 pagination=pager(n, len(chunks), functools.partial(tag_href, entry.slug, root)))

    # Regions.
    meta = Meta(title=f"地区 · {config.title}", description=f"{config.title}的文章，按省、市、县浏览。",
                og_title="地区", url=absolute(config, "regions.html"))
    unplaced = sum(1 for a in index.articles if a.region is None)
    if not skip("regions.html", tuple((n.code, n.name, n.level, n.count, n.parent) for n in walk_regions(index.regions)),
                unplaced):
        page("regions.html", "regions.html", "", "regions.html", meta,
             provinces=province_views(index.regions, ""), unplaced=unplaced)
    for node in walk_regions(index.regions):
        ancestors = _ancestors(node, index.region_nodes)
        chunks = list_pages(node.articles, config.per_page)
        for n, chunk in enumerate(chunks, start=1):
            path = region_href(node.code, "", n)
            if skip(path, node.name, node.level, node.count, tuple((a.code, a.name) for a in ancestors),
                    tuple((c.code, c.name, c.count) for c in node.children), n, len(chunks),
                    "".join(dig(a) for a in chunk)):
                continue
            root = "../" if n == 1 else "../../"
            page_note = None if n == 1 else f"第{n}页"
            meta = Meta(title=" · ".join(filter(None, (node.name, page_note, config.title))),
                        description=f"{' '.join(a.name for a in ancestors + (node,))}的{node.count}篇文章。",
                        og_title=node.name, url=absolute(config, path))
            page(path, "region.html", root, None, meta,
                 region={"name": node.name, "code": node.code, "level": LEVEL_LABELS[node.level], "count": node.count},
                 trail=tuple(Link(region_href(a.code, root), a.name) for a in ancestors)
                 + (Link(region_href(node.code, root), node.name, True),),
                 children=tuple(CountLink(region_href(c.code, root), c.name, c.count) for c in node.children)
                 if n == 1 else (),  # the way down is on the region's first page
                 cards=tuple(card_of(a, root) for a in chunk), page_note=page_note,
                 pagination=pager(n, len(chunks), functools.partial(region_href, node.code, root)))

    # Printed pages: each in its day's printed order, with 上一版 / 下一版.
    for printed in index.pages:
        info = printed.info
        path = printed_page_href(info.id, "")
        day = eds.day_of_page[info.id]
        before, after = eds.page_neighbours(info.id)
        if skip(path, info, "".join(dig(a) for a in printed.articles), day.key,
                before.info if before else None, after.info if after else None,
                tuple((a.id, display_title(a), a.source.bbox) for a in printed.articles)):
            continue
        title = page_title(info, _paper(info, config))
        meta = Meta(title=f"{title} · {config.title}", description=f"{title}的{len(printed.articles)}篇稿件。",
                    og_title=title, url=absolute(config, path))
        page(path, "page.html", "../", None, meta,
             heading=title,
             info={"paper": _paper(info, config), "date": format_date(info.date),
                   "date_iso": info.date if day.dated else None, "label": page_label(info)},
             day=Link(day_href(day.key, "../"), day_title(day)),
             furniture=tuple(line for line in info.furniture if line.strip()),
             image=page_image(printed, title, "../"),
             cards=tuple(card_of(a, "../") for a in printed.articles), count=len(printed.articles),
             prev_page=Link(printed_page_href(before.info.id, "../"), page_label(before.info)) if before else None,
             next_page=Link(printed_page_href(after.info.id, "../"), page_label(after.info)) if after else None)

    # Days: each day's printed pages in order, with 前一天 / 后一天.
    for day in eds.days:
        path = day_href(day.key, "")
        older, newer = eds.neighbours(day)
        if skip(path, older.key if older else None, newer.key if newer else None,
                tuple((p.info, tuple((a.id, display_title(a)) for a in p.articles)) for p in day.pages)):
            continue
        title = day_title(day)
        paper = next((_paper(p.info, config) for p in day.pages if _paper(p.info, config)), None)
        heading = " ".join(filter(None, (paper, title)))
        meta = Meta(title=f"{heading} · {config.title}",
                    description=f"{heading}：{len(day.pages)}个版面，{day.article_count}篇稿件。",
                    og_title=heading, url=absolute(config, path))
        page(path, "day.html", "../", None, meta, heading=heading, date_iso=day.key if day.dated else None,
             dated=day.dated, pages=day_pages(day, "../"), page_count=len(day.pages), count=day.article_count,
             older=day_link(older, "../"), newer=day_link(newer, "../"),
             archive=Link(archive_href("../"), "往期"))

    # Archive (往期): years and months, then a calendar per year.
    undated = next((d for d in eds.days if not d.dated), None)
    if not skip("archive.html", tuple((y.year, tuple((m.month, len(m.days)) for m in y.months)) for y in eds.years),
                undated.article_count if undated else None):
        page("archive.html", "archive.html", "", "archive.html",
             Meta(title=f"往期 · {config.title}", description=f"{config.title}的往期版面，按年、月、日浏览。",
                  og_title="往期", url=absolute(config, "archive.html")),
             years=archive_years(eds, ""), weekdays=WEEKDAYS,
             undated=Link(day_href(UNDATED, ""), f"未注明日期（{len(undated.pages)}个版面）") if undated else None)
    for year in eds.years:
        path = archive_href("", year.year)
        if skip(path, year.year, tuple((m.month, tuple(d.key for d in m.days)) for m in year.months)):
            continue
        page(path, "archive_year.html", "../", None,
             Meta(title=f"{year.year}年往期 · {config.title}", description=f"{config.title}{year.year}年的版面。",
                  og_title=f"{year.year}年往期", url=absolute(config, path)),
             heading=f"{year.year}年", months=calendar_months(year, "../"),
             weekdays=tuple(zip(WEEKDAYS, WEEKDAY_NAMES)), archive=Link(archive_href("../"), "往期"),
             count=year.day_count)

    if share == 0:  # site-wide files: cheap, and the sitemap lists every share's pages
        # 404: hosts serve it for any missing path, so links are made from the site root ("" prefix).
        page("404.html", "404.html", "", None, Meta(title=f"找不到页面 · {config.title}", description=config.description,
                                                     og_title="找不到页面"),
             base_href=config.base_url or None, inline_css=Markup(_static_text(theme, "style.css")))

        # Search page, written by the search engineer; rendered here so it shares the layout and nav.
        if theme.has_template(SEARCH_TEMPLATE):
            page("search.html", SEARCH_TEMPLATE, "", "search.html",
                 Meta(title=f"搜索 · {config.title}", description=f"检索{config.title}的全部文章。", og_title="搜索",
                      url=absolute(config, "search.html")))

        # Feed, sitemap, robots.
        page_of = {a.id: p for p in index.pages for a in p.articles}
        entries = tuple(feed_entry(a, page_of[a.id], config, md) for a in index.articles[: max(0, config.feed_items)])
        emit("feed.xml", _render(theme, "feed.xml", {
            "site": {"title": config.title, "description": config.description},
            "feed_id": absolute(config, "feed.xml") or f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, 'feed:' + config.title)}",
            "self_href": absolute(config, "feed.xml") or "feed.xml",
            "home_href": absolute(config, "index.html") or "index.html",
            "updated": max((e.updated for e in entries), default=EPOCH),
            "entries": entries,
        }))
        if config.base_url:
            # The sitemap protocol requires absolute URLs; without base_url no valid sitemap can exist.
            html_paths = sorted(p for p in out if p.endswith(".html") and p != "404.html")
            emit("sitemap.xml", _render(theme, "sitemap.xml", {"urls": tuple(absolute(config, p) for p in html_paths)}))
        emit("robots.txt", _render(theme, "robots.txt", {"sitemap": absolute(config, "sitemap.xml")}))

        for rel, data in theme.static:
            emit(f"static/{rel}", data)
    return [data if isinstance(data, (KeptFile, StagedFile)) else OutputFile(path, data, keys.get(path))
            for path, data in sorted(out.items()) if data is not None]


def _static_text(theme: Theme, name: str) -> str:
    """A theme's static text file (for the 404 page, which must not depend on where it is served)."""
    text = next((data.decode("utf-8") for rel, data in theme.static if rel == name), "")
    return text.replace("</", "<\\/")  # cannot end the <style> element early


def _ancestors(node: RegionNode, nodes: Mapping[str, RegionNode]) -> tuple[RegionNode, ...]:
    chain: list[RegionNode] = []
    parent = node.parent
    while parent is not None:
        chain.append(nodes[parent])
        parent = nodes[parent].parent
    return tuple(reversed(chain))


__all__ = ["Theme", "load_theme", "render_site", "render_body", "base_context", "make_markdown", "TagEntry"]
