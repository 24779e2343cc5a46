"""Ingest's fan-out: the printed pages cut into shares, each split, tagged and written by a forked
worker of its own, with the result of one process.

Tags weigh words by how rare they are in the whole corpus, so the work has two steps: every share
splits its pages and counts its words; then, with the corpus' counts, every share enriches its
articles and writes their content files. What a worker keeps between the two steps stays in it.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from generator.content import files as content_io
from generator.errors import Problem
from generator.ingest.printed_page import split_and_check
from generator.ingest.seeds import SeedPage
from generator.models import Article, PageInfo

ProgressCallback = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class IngestResult:
    """What ingest found, in page order: each page's split warnings and losses, then what writing
    its content files kept or refused."""

    split: list[Problem]
    written: list[Problem]


def split_enrich_and_write(pages: list[SeedPage], content_dir: Path, *, jobs: int,
                           progress: ProgressCallback) -> IngestResult:
    """Split, enrich and write every page, on `jobs` cores when there are enough pages."""
    from generator.enrich import article as enrich
    from generator.infra.parallel import ShareWorkers

    shares = shares_of(pages, jobs if len(pages) >= PARALLEL_MIN_PAGES else 1)
    if len(shares) > 1:
        # What every worker would load for itself (~0.6 s each) is loaded once, here, and inherited.
        import numpy  # noqa: F401  (the Han check and split's page weights use it)

        enrich.prepare(years_of_several(pages, shares))
    global _ingest_input
    _ingest_input = (pages, content_dir)  # set before the workers are forked: they read it, never pickled
    split: list[Problem] = []
    try:
        with ShareWorkers(shares, jobs=jobs) as workers:
            checked = workers.call(_split_share)
            done = 0
            for share, (checks, _, _) in zip(workers.shares, checked):
                for n, (warnings, lost) in zip(share, checks):
                    split += page_problems(pages[n][0], warnings, lost)
                    done += 1
                    progress("ingest", done, 2 * len(pages))  # splitting is the first half
            document_counts = collections.Counter()
            for _, counts, _ in checked:
                document_counts.update(counts)
            written = workers.call(_enrich_and_write_share, document_counts, sum(n for _, _, n in checked))
    finally:
        _ingest_input = None
        _ingest_shares.clear()
    progress("ingest", 2 * len(pages), 2 * len(pages))
    return IngestResult(split, [problem for share in written for page in share for problem in page])


def page_problems(seed: Path, warnings: Sequence[Problem], lost: int) -> list[Problem]:
    """A page's split warnings, placed at its seed's path, and a warning if it lost characters."""
    found = [replace(w, path=str(seed)) for w in warnings]
    if lost:
        found.append(Problem(str(seed), None, f"{lost} Chinese characters of the page reached no article",
                             "check the page's layout; --strict makes this an error"))
    return found


# Forking workers and sending results back costs ~0.1–0.5 s; below these sizes one core is faster.
PARALLEL_MIN_PAGES = 20


def shares_of(pages: Sequence[SeedPage], count: int) -> list[range]:
    """Cut the pages into `count` runs of about the same amount of text, in page order."""
    total = sum(len(text) for _, text, _ in pages)
    shares, start, seen = [], 0, 0
    for n, (_, text, _) in enumerate(pages):
        seen += len(text)
        if seen * count >= total * (len(shares) + 1) and len(shares) < count - 1:
            shares.append(range(start, n + 1))
            start = n + 1
    return [share for share in (*shares, range(start, len(pages))) if share]


def years_of_several(pages: Sequence[SeedPage], shares: Sequence[range]) -> list[int | None]:
    """The page years (see `enrich.page_year`) that more than one share has pages of, sorted.

    Their region tables are worth loading before forking; a year of one share only is loaded
    by the worker that needs it, in parallel with the others' work.
    """
    from generator.enrich.article import page_year

    seen = collections.Counter(year for share in shares for year in {page_year(pages[n][2].date) for n in share})
    return sorted((year for year, count in seen.items() if count > 1), key=lambda year: (year is None, year or 0))


# What ingest's workers read: the pages (seed, text, info) and the content folder. Set before they
# are forked, so inherited, never pickled.
_ingest_input: tuple[list[SeedPage], Path] | None = None


# What each share of pages leaves in its worker between the two steps: its pages' articles and the
# words their texts were cut into (cut once, for the counts and for the tags). Keyed by first page.
_ingest_shares: dict[int, tuple[list[list[Article]], dict, list[PageInfo]]] = {}


def _split_share(share: range) -> tuple[list[tuple[list[Problem], int]], collections.Counter, int]:
    """Split and check the pages of a share; count in how many of its articles each word occurs.

    Returns each page's split warnings and lost Han characters, the word counts and the number of
    articles: the parent adds up the counts of all shares, as one count over the whole corpus would.
    """
    from generator.enrich.article import article_text
    from generator.enrich.tags import document_frequencies, load_tag_model

    assert _ingest_input is not None
    pages, _ = _ingest_input
    split = [split_and_check((pages[n][1], pages[n][2])) for n in share]
    articles = [a for page in split for a in page.articles]
    words: dict = {}
    counts = document_frequencies(load_tag_model(), [article_text(a) for a in articles], cache=words)
    _ingest_shares[share.start] = ([page.articles for page in split], words, [page.record for page in split])
    return ([([*page.warnings, *(w for a in page.articles for w in a.warnings)], page.lost) for page in split],
            counts, len(articles))


def _enrich_and_write_share(share: range, document_counts: collections.Counter, documents: int
                            ) -> list[list[Problem]]:
    """Enrich the articles `_split_share` left for this share, with the IDF of the whole corpus, and
    write each page's content files; returns each page's warnings of `content.write_page`.

    `tests/unit/test_parallel.py` checks that shares on two cores write what one share writes here.
    """
    from generator.enrich.article import enrich_article
    from generator.enrich.tags import idf_from_frequencies, load_tag_model

    assert _ingest_input is not None
    pages, content_dir = _ingest_input
    split, words, records = _ingest_shares.pop(share.start)
    model = load_tag_model()
    idf = idf_from_frequencies(model, document_counts, documents)
    problems = []
    for n, drafted, record in zip(share, split, records):
        seed, _, info = pages[n]
        articles = [enrich_article(a, model=model, idf=idf, words=words) for a in drafted]
        problems.append(content_io.write_page(content_dir, info.id, articles, seed=seed)
                        + content_io.write_page_record(content_dir, record, seed=seed))
        if info.image:
            from generator.ingest.pdf import write_picture

            write_picture(content_dir / info.id / info.image, pages[n][1].pdf_page.picture)
    return problems
