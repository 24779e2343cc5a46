"""One printed page → its reviewed articles and its page record: layout, split and review in order,
the page's furniture kept apart, and the conservation check of what the articles lost."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace

from generator.ingest.breaks import restore_runs
from generator.ingest.clean import clean_page
from generator.ingest.conservation import han_conservation
from generator.ingest.layout import layout_page
from generator.ingest.seeds import page_id_for
from generator.ingest.split import split_page
from generator.models import Article, Line, PageInfo, Source

@dataclass(frozen=True)
class PageSplit:
    """One printed page out of ingest's split: its reviewed articles, its record (facts and
    furniture), the Han characters it lost and warnings of the page itself (`line N: …`)."""

    articles: list[Article]
    record: PageInfo
    lost: int
    warnings: tuple[str, ...] = ()


def split_printed_page(text: str, info: PageInfo, *, lines: Sequence[Line] | None = None) -> PageSplit:
    """One printed page of a seed → its articles, reviewed (`review.py`), and its page record.

    The layout's furniture blocks go to the record, never to an article, and what they tell of the
    page (paper, date, page, section) fills what no `.toml` said. A page of a digest edition
    (`info.id` is `<seed-id>-p02`, `text` the whole edition) is cut out by `edition.py`.
    """
    from generator.ingest import digest as edition
    from generator.ingest.review import review_articles

    if lines is None:
        edition_text = info.page_no is not None and edition.may_be_edition(text)
        lines = _cleaned_once(text) if edition_text else clean_page(text)
    if (info.page_no is not None and edition.may_be_edition(text) and info.id != page_id_for(info.seed)
            and edition.is_edition(lines)):
        pages = edition.split_edition(text, lines, seed=info.seed, page_id=page_id_for(info.seed))
        page = next(p for p in pages if p.page_no == info.page_no)
        articles = review_articles(page.articles)
        mine = [lines[n - 1] for n in page.lines]
        record = edition.fill_page_facts(replace(info, furniture=page.furniture))
        return PageSplit(articles, record, han_conservation(text, articles, lines=mine, furniture=page.furniture),
                         page.warnings)
    blocks = layout_page(restore_runs(lines))
    furniture = tuple(b.text for b in blocks if b.kind == "furniture")
    record = edition.fill_page_facts(replace(info, furniture=furniture))
    source = Source.on_page(record)
    articles = split_page([b for b in blocks if b.kind != "furniture"], source=source)
    articles = review_articles(articles, blocks)
    return PageSplit(articles, record, han_conservation(text, articles, lines=lines, furniture=furniture))


@functools.lru_cache(maxsize=2)
def _cleaned_once(text: str) -> tuple[Line, ...]:
    """`clean_page(text)` of an edition, remembered: each of its printed pages is split from it."""
    return clean_page(text)


def ingest_page(text: str, info: PageInfo, *, lines: Sequence[Line] | None = None) -> list[Article]:
    """One page's text → its articles with ids, in the order their headers appear.

    `lines` are `clean_page(text)` when the caller has them already.
    """
    source = Source.on_page(info)
    return split_page(layout_page(restore_runs(clean_page(text) if lines is None else lines)), source=source)


def split_and_check(page: tuple[str, PageInfo]) -> PageSplit:
    """One page's articles, record and how many of its Han characters they lost (run in a worker)."""
    text, info = page
    pdf_page = getattr(text, "pdf_page", None)
    if pdf_page is not None:  # a PDF page comes typed: its blocks were made from its fonts and places
        return _split_pdf_page(text, pdf_page, info)
    return split_printed_page(text, info)  # cleaned once: the split and the check read the same lines


def _split_pdf_page(text: str, pdf_page, info: PageInfo) -> PageSplit:
    """A PDF page's blocks → reviewed articles with their areas on the page; furniture stays with the page."""
    from generator.ingest.pdf import with_areas, with_doubts
    from generator.ingest.review import review_articles

    source = Source.on_page(info)
    blocks = [b for b in pdf_page.blocks if b.kind != "furniture"]
    # a PDF header with a caption and no text of its own was found on its picture: the photo's headline
    articles = with_areas(split_page(blocks, source=source, headed_photos=True), pdf_page)
    articles = review_articles(with_doubts(articles, pdf_page.doubts), blocks)
    # Bylines and credits as printed stay with the page, as a text page's do: their names are the
    # authors, their role words (本报记者) no article's text.
    record = replace(info, furniture=(*info.furniture, *pdf_page.dropped))
    return PageSplit(articles, record, han_conservation(text, articles, furniture=record.furniture))
