"""Frozen records shared by all stages; no I/O here."""

from __future__ import annotations

import dataclasses
import operator
from dataclasses import dataclass, field
from typing import Literal

from generator.errors import Problem


def _pickled_as_values(cls):
    """Pickle a frozen, slotted record as (class, field values).

    dataclasses' own pickling of slotted classes runs Python code per object; this is 2–3× faster
    both ways, which counts for the parse cache of 10,000 articles and their 100,000 blocks.
    """
    values = operator.attrgetter(*(f.name for f in dataclasses.fields(cls)))

    def __reduce__(self):
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls


# `furniture`: a line of the printed page that belongs to no article (running heads and footers,
# masthead, editors' credits, pointers to other pages, 广告); it is kept with its page.
BlockKind = Literal["kicker", "title", "subtitle", "byline", "lead", "subhead", "paragraph", "caption",
                    "furniture"]


@dataclass(frozen=True, slots=True)
class Line:
    """One cleaned line of a seed, with its 1-based number in the file. `justified`: cleaning took
    spaces out from between its characters (`这 个 时`), which only justified running text has;
    `indented`: the line was set in (`　　本报讯…`), as a paragraph's first line is."""

    number: int
    text: str
    justified: bool = False
    indented: bool = False


@_pickled_as_values
@dataclass(frozen=True, slots=True)
class Block:
    """A typed piece of a page: header parts, subheads, paragraphs, captions."""

    kind: BlockKind
    text: str
    lines: tuple[int, int]  # first and last line in the seed


@_pickled_as_values
@dataclass(frozen=True, slots=True)
class Region:
    """A county-level (or higher) administrative division with its 6-digit code."""

    province: str
    city: str | None
    county: str | None
    code: str


@_pickled_as_values
@dataclass(frozen=True, slots=True)
class PageInfo:
    """A printed page: where it came from and what is known about it."""

    id: str  # ASCII, stable: derived from the seed file name
    seed: str  # seed file name
    paper: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    page_no: int | None = None
    section: str | None = None  # the printed page's name, e.g. 要闻
    furniture: tuple[str, ...] = ()  # the page's own lines, in reading order (see BlockKind)
    image: str | None = None  # the page's picture, a file name inside content/<page-id>/ (PDF seeds)


@_pickled_as_values
@dataclass(frozen=True, slots=True)
class Source:
    """Provenance of an article: seed file, line range, order on the page."""

    seed: str
    page_id: str
    line_start: int
    line_end: int
    order: int
    paper: str | None = None
    date: str | None = None
    page_no: int | None = None
    # the article's area on its printed page, as fractions of the page's width and height
    # (x0, y0, x1, y1), where the page came from a PDF
    bbox: tuple[float, float, float, float] | None = None

    @classmethod
    def on_page(cls, page: PageInfo) -> Source:
        """The provenance every article of `page` starts from (the split fills in lines and order)."""
        return cls(seed=page.seed, page_id=page.id, line_start=0, line_end=0, order=0, paper=page.paper,
                   date=page.date, page_no=page.page_no)

    def page(self) -> PageInfo:
        """The printed page as far as an article's provenance tells it (its `_page.yml` tells more)."""
        return PageInfo(id=self.page_id, seed=self.seed, paper=self.paper, date=self.date, page_no=self.page_no)


@_pickled_as_values
@dataclass(frozen=True, slots=True)
class Article:
    """One item of a printed page. `blocks` hold only subheads and paragraphs."""

    id: str  # stable, ASCII: "<page-id>-03"
    kind: Literal["article", "photo"]
    title: str | None
    kicker: str | None
    subtitle: str | None
    authors: tuple[str, ...]
    blocks: tuple[Block, ...]
    source: Source
    region: Region | None = None
    places: tuple[Region, ...] = ()
    tags: tuple[str, ...] = ()
    needs_review: bool = False
    slug: str = ""
    review: str | None = None  # why it needs review, worst reason first (see generator/review.py)
    warnings: tuple[Problem, ...] = field(default=())  # at the seed's name and line


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the built site: a relative POSIX path (ASCII) and its bytes."""

    path: str
    data: bytes
    key: str | None = None  # digest of what the file was rendered from (see render.render_site)


@dataclass(frozen=True, slots=True)
class KeptFile:
    """A file the previous build rendered from the same inputs: staging links it instead of rendering."""

    path: str
    key: str


@dataclass(frozen=True, slots=True)
class StagedFile:
    """A rendered file already written into the staged site (see `output.Stager`): only its path and key."""

    path: str
    key: str | None = None


SiteFile = OutputFile | KeptFile | StagedFile  # a file of the site: its bytes, or linked, or already staged
