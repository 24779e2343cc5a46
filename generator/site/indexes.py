"""Articles → tag index, region tree, printed pages and ASCII slugs; pure, no I/O.

Every listing here is sorted so that two builds of the same input produce the same site: articles in
reading order (newest printed page first, pages without a date last, then page id, then the order on
the page), tags by use, regions by their 6-digit code.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from generator.errors import BuildError, BuildErrors, Problem
from generator.models import Article, PageInfo, Region
from generator.enrich.slugs import unique_slugs

# Provincial-level municipalities: the county hangs directly under the province (no city level).
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})

RegionLevel = str  # "province" | "city" | "county"


@dataclass(frozen=True, slots=True)
class TagEntry:
    """A tag with its ASCII slug and the articles carrying it, in reading order."""

    tag: str
    slug: str
    articles: tuple[Article, ...]

    @property
    def count(self) -> int:
        return len(self.articles)


@dataclass(frozen=True, slots=True)
class RegionNode:
    """A province, city or county; `articles` covers the whole subtree, in reading order."""

    code: str
    name: str
    level: RegionLevel
    articles: tuple[Article, ...]
    children: tuple[RegionNode, ...] = ()
    parent: str | None = None  # code of the parent node

    @property
    def count(self) -> int:
        return len(self.articles)


@dataclass(frozen=True, slots=True)
class PrintedPage:
    """A printed page and its items in layout order (`source.order`)."""

    info: PageInfo
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class SiteIndex:
    """Everything the renderer lists: pages, articles in reading order, tags, regions."""

    pages: tuple[PrintedPage, ...]
    articles: tuple[Article, ...]
    tags: tuple[TagEntry, ...]
    regions: tuple[RegionNode, ...]  # provinces (roots of the tree)
    region_nodes: Mapping[str, RegionNode]  # every node by code
    tag_slugs: Mapping[str, str]  # tag → slug


def build_index(articles: Sequence[Article], pages: Sequence[PageInfo]) -> SiteIndex:
    """Check ids and codes, then build every index the site lists."""
    check_articles(articles)
    printed = printed_pages(articles, pages)
    ordered = tuple(a for page in printed for a in page.articles)
    roots = region_tree(ordered)
    nodes = {node.code: node for node in walk_regions(roots)}
    tags = tag_index(ordered)
    return SiteIndex(
        pages=printed,
        articles=ordered,
        tags=tags,
        regions=roots,
        region_nodes=nodes,
        tag_slugs={entry.tag: entry.slug for entry in tags},
    )


def check_articles(articles: Sequence[Article]) -> None:
    """Raise one BuildErrors listing every duplicate or non-ASCII id and every bad region code.

    Article and page ids become file names, so they must be unique, ASCII and safe in a path.
    """
    problems: list[Problem] = []
    seen: dict[str, Article] = {}
    for article in articles:
        where = (article.source.seed, article.source.line_start or None)
        if not is_safe_name(article.id):
            problems.append(Problem(*where, f"article id {article.id!r} is not a safe ASCII file name",
                                    "use letters, digits, '-' and '_' only"))
        if article.id in seen:
            first = seen[article.id].source
            problems.append(Problem(*where, f"article id {article.id!r} is used twice",
                                    f"also at {first.seed}:{first.line_start}; ids must be unique"))
        seen.setdefault(article.id, article)
        if not is_safe_name(article.source.page_id):
            problems.append(Problem(*where, f"page id {article.source.page_id!r} is not a safe ASCII file name",
                                    "rename the seed file with ASCII letters and digits"))
        if article.region is not None and not _is_code(article.region.code):
            problems.append(Problem(*where, f"region code {article.region.code!r} is not 6 digits",
                                    "use the GB/T 2260 code, e.g. 120101"))
    if problems:
        raise BuildErrors(problems)


_SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def is_safe_name(name: str) -> bool:
    """True for a non-empty ASCII file name stem of letters, digits, '-', '_' and '.' (not leading)."""
    return _SAFE_NAME.fullmatch(name) is not None


def _is_code(code: str) -> bool:
    return len(code) == 6 and code.isascii() and code.isdigit()


def page_sort_key(info: PageInfo) -> tuple:
    """Newest first when dates are known; undated pages after dated ones; then page number, id."""
    # Dates are ISO strings: invert them character-wise so ascending sort puts the newest first.
    date_key = (0, tuple(-ord(c) for c in info.date)) if info.date else (1, ())
    return (date_key, info.page_no if info.page_no is not None else 1 << 30, info.id)


def printed_pages(articles: Sequence[Article], pages: Sequence[PageInfo]) -> tuple[PrintedPage, ...]:
    """Group articles by printed page, items in `source.order`, pages newest first.

    A page id found on an article but missing from `pages` gets a PageInfo made from its Source, so
    no article is ever dropped from the listings.
    """
    infos: dict[str, PageInfo] = {}
    for info in pages:
        if info.id in infos:
            raise BuildError(info.seed, None, f"page id {info.id!r} is used by two seeds",
                             f"also used by {infos[info.id].seed}; rename one seed file")
        infos[info.id] = info
    by_page: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        src = article.source
        by_page[src.page_id].append(article)
        if src.page_id not in infos:
            infos[src.page_id] = PageInfo(id=src.page_id, seed=src.seed, paper=src.paper,
                                          date=src.date, page_no=src.page_no)
    result = [
        PrintedPage(info, tuple(sorted(by_page.get(info.id, ()), key=lambda a: (a.source.order, a.id))))
        for info in infos.values()
    ]
    return tuple(sorted(result, key=lambda p: page_sort_key(p.info)))


def reading_order(articles: Iterable[Article], order: Sequence[Article]) -> tuple[Article, ...]:
    """Return `articles` sorted by their position in `order` (the site's reading order)."""
    rank = {a.id: i for i, a in enumerate(order)}
    return tuple(sorted(articles, key=lambda a: (rank.get(a.id, len(rank)), a.id)))


def tag_index(articles: Sequence[Article]) -> tuple[TagEntry, ...]:
    """Every tag with its articles (given order kept), most used first, ties by tag.

    A tag repeated on one article counts once. Slugs come from `unique_slugs`, so two tags that
    transliterate alike still get two files.
    """
    by_tag: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        for tag in dict.fromkeys(article.tags):
            if tag.strip():
                by_tag[tag].append(article)
    slugs = tag_slugs(by_tag)
    entries = [TagEntry(tag, slugs[tag], tuple(items)) for tag, items in by_tag.items()]
    return tuple(sorted(entries, key=lambda e: (-e.count, e.tag)))


def tag_slugs(tags: Iterable[str]) -> dict[str, str]:
    """Map each tag to a unique, non-empty ASCII slug; raise BuildError if that is violated."""
    names = sorted(set(tags))
    slugs = unique_slugs(names)
    problems = [
        Problem("tags", None, f"tag {tag!r} has no usable ASCII slug ({slugs.get(tag)!r})",
                "report this as a bug in generator/slugs.py")
        for tag in names if not is_safe_name(slugs.get(tag, ""))
    ]
    owners: dict[str, str] = {}
    for tag in names:
        slug = slugs.get(tag, "")
        if slug in owners:
            problems.append(Problem("tags", None, f"tags {owners[slug]!r} and {tag!r} share the slug {slug!r}",
                                    "report this as a bug in generator/slugs.py"))
        owners.setdefault(slug, tag)
    if problems:
        raise BuildErrors(problems)
    return {tag: slugs[tag] for tag in names}


def region_chain(region: Region) -> tuple[tuple[str, str, RegionLevel], ...]:
    """The (code, name, level) nodes from province down to the region itself.

    Parent codes are the code's prefixes (`62` + `0000`, `6203` + `00`). Municipalities (北京, 天津,
    上海, 重庆) have no city level; a county with no city (省直辖县级行政区) hangs on its province.
    """
    code = region.code
    chain: list[tuple[str, str, RegionLevel]] = [(code[:2] + "0000", region.province, "province")]
    municipality = code[:2] in MUNICIPALITIES
    if region.city and not municipality and code[2:4] != "00":
        chain.append((code[:4] + "00", region.city, "city"))
    if region.county and code[4:] != "00":
        chain.append((code, region.county, "county"))
    return tuple(chain)


def region_tree(articles: Sequence[Article]) -> tuple[RegionNode, ...]:
    """Provinces → cities → counties over `article.region`, each node with its subtree's articles.

    Children are sorted by code; articles keep the given order. When articles disagree on the name
    of one code, the most frequent name wins (ties: the smaller name), so output stays stable.
    """
    names: dict[str, Counter[str]] = defaultdict(Counter)
    levels: dict[str, RegionLevel] = {}
    parents: dict[str, str | None] = {}
    members: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        if article.region is None:
            continue
        parent = None
        for code, name, level in region_chain(article.region):
            names[code][name] += 1
            levels[code] = level
            parents.setdefault(code, parent)
            members[code].append(article)
            parent = code
    children: dict[str | None, list[str]] = defaultdict(list)
    for code, parent in parents.items():
        children[parent].append(code)

    def node(code: str) -> RegionNode:
        name = min(names[code].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        kids = tuple(node(c) for c in sorted(children.get(code, ())))
        return RegionNode(code, name, levels[code], tuple(members[code]), kids, parents[code])

    return tuple(node(code) for code in sorted(children.get(None, ())))


def walk_regions(nodes: Iterable[RegionNode]) -> Iterable[RegionNode]:
    """Yield every node of the tree, depth first, parents before children."""
    for node in nodes:
        yield node
        yield from walk_regions(node.children)
