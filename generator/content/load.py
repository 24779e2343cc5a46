"""content/ read back for a build: the articles, the printed pages they came from (their `_page.yml`
records, and the picture of a PDF page), and each file's digest."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from generator.content.files import PAGE_RECORD, ParseCache, read_content, read_page_record
from generator.errors import BuildError, BuildErrors, Problem
from generator.models import Article, PageInfo


@dataclass(frozen=True)
class LoadedContent:
    """content/ read back: articles sorted by id, the printed pages they came from, their digests."""

    articles: list[Article]
    pages: list[PageInfo]
    digests: dict[str, str]  # article id → digest of its content file (content.file_digest)
    warnings: tuple[Problem, ...] = ()  # of files an editor left without text


def load_articles(content_dir: Path, *, cache: ParseCache | None = None, jobs: int = 1) -> LoadedContent:
    """Read content/ back into articles and the printed pages they came from.

    With a `cache`, files unchanged since an earlier build are not parsed again.
    """
    files = read_content(content_dir, cache=cache, jobs=jobs) if content_dir.is_dir() else []
    articles = [f.article for f in files]
    # Ingest already warned about articles it wrote without text; these are an editor's emptied files.
    warnings = tuple(Problem(str(f.path), f.body_line, "the article has no text",
                             "write its paragraphs below the front matter, or delete the file")
                     for f in files if f.edited and f.article.kind == "article" and not f.article.blocks)
    pages: dict[str, PageInfo] = {}
    for a in articles:
        s = a.source
        pages.setdefault(s.page_id, s.page())
    pages.update(_page_records(content_dir, pages))
    for page_id, page in pages.items():  # a PDF page's picture, which ingest left beside its articles
        if (content_dir / page_id / "page.png").is_file():
            pages[page_id] = replace(page, image="page.png")
    return LoadedContent(sorted(articles, key=lambda a: a.id), sorted(pages.values(), key=lambda p: p.id),
                         {f.article.id: f.digest for f in files}, warnings)


def _page_records(content_dir: Path, pages: Mapping[str, PageInfo]) -> dict[str, PageInfo]:
    """The `_page.yml` of every page folder, read back; what a record leaves unsaid (paper, date,
    page) is taken from the page's articles. All problems are raised together."""
    found: dict[str, PageInfo] = {}
    problems: list[Problem] = []
    if not content_dir.is_dir():
        return found
    for path in sorted(content_dir.glob(f"*/{PAGE_RECORD}")):
        try:
            record = read_page_record(path)
        except BuildError as exc:
            problems.append(exc.problem)
            continue
        page_id = path.parent.name
        known = pages.get(page_id)
        if known is not None:
            record = replace(record, paper=record.paper or known.paper, date=record.date or known.date,
                             page_no=record.page_no if record.page_no is not None else known.page_no,
                             seed=record.seed or known.seed)
        found[page_id] = replace(record, id=page_id)
    if problems:
        raise BuildErrors(problems)
    return found
