"""`ingest()` and `build()`: the only module that knows the order of the stages.

ingest = decode → clean → layout → split → enrich → write content/
build  = load content/ → index → render → search → write site/ and the zip
"""

from __future__ import annotations

import collections
import functools
import gc
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.content import files as content_io
from generator.ingest.clean import clean_page
from generator.config import SiteConfig
from generator.ingest.decode import decode_seed
from generator.errors import BuildError, BuildErrors, Problem
from generator.ingest.layout import layout_page
from generator.infra.cache import NO_STAMP, FileCache, stamp_of
from generator.models import Article, KeptFile, Line, OutputFile, PageInfo, Source, StagedFile
from generator.ingest.split import sorted_counts, split_page

log = logging.getLogger("generator")

# CJK ideographs: extension A and the URO, compatibility ideographs, extensions B–H (GB18030 has them).
# Code points counted as Chinese characters by the conservation check (`han_conservation`).
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
HAN = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in HAN_RANGES) + "]")
# A printed page holds 20–40 KB of text (the example page: 19 KB). A seed far above that is several
# pages glued together or not a page; refusing it at once beats minutes of layout and split.
MAX_SEED_BYTES = 512 * 1024
# A digest edition (a whole day's paper in one seed, see `edition.py`) may be larger: each of its
# printed pages is held to MAX_SEED_BYTES, and the whole to this (a 32-page paper of full pages).
MAX_EDITION_BYTES = 32 * MAX_SEED_BYTES
SEED_META_KEYS = ("paper", "date", "page")
# Forking workers and sending results back costs ~0.1–0.5 s; below these sizes one core is faster.
PARALLEL_MIN_PAGES = 20
PARALLEL_MIN_ARTICLES = 200  # for rendering


@dataclass(frozen=True)
class BuildSummary:
    """What a finished build made, for its closing line."""

    articles: int
    pages: int
    needs_review: int
    out: Path
    zip_path: Path | None


@dataclass
class Report:
    """Warnings collected over a run; `--strict` turns them into errors."""

    warnings: list[Problem] = field(default_factory=list)
    summary: BuildSummary | None = None  # set when the build has succeeded
    # The articles flagged needs_review, worst first (`review_list`): `build.py --review` prints them.
    flagged: list[Problem] = field(default_factory=list)

    def warn(self, path: str, line: int | None, message: str, hint: str | None = None) -> None:
        problem = Problem(path, line, message, hint)
        self.warnings.append(problem)
        log.warning("%s", problem)


ProgressCallback = Callable[[str, int, int], None]  # (stage, done, total)
SiteFile = OutputFile | KeptFile | StagedFile  # a file of the site: its bytes, or linked, or already staged


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


# ---------------------------------------------------------------------------------------------
# ingest


def page_id_for(seed_name: str) -> str:
    """A stable ASCII id for a seed file: its name in pinyin, e.g. `000_f19c…` → `000-f19c…`."""
    from generator.enrich.slugs import slugify

    return slugify(Path(seed_name).stem, fallback="page", max_words=16)


def read_page_info(seed: Path, page_id: str) -> PageInfo:
    """Paper, date and page number from an optional `<seed>.toml` beside the seed (checked by
    `inputs.read_seed_meta`: real dates, pages 1–999, every problem at its line)."""
    from generator.ingest.seeds import read_seed_meta

    meta = read_seed_meta(seed.with_suffix(".toml"))
    return PageInfo(id=page_id, seed=seed.name, paper=meta.get("paper"), date=meta.get("date"),
                    page_no=meta.get("page"))


def _toml_line(exc: Exception) -> int:
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else 1


def read_seed(path: Path) -> str:
    """Bytes of one seed → text; size and encoding problems name the file.

    A seed above MAX_SEED_BYTES is read only when it is a digest edition whose printed pages each
    fit that limit (and it fits MAX_EDITION_BYTES); anything larger is refused before it is read.
    """
    from generator.ingest.seeds import declared_encoding, file_size, read_bytes

    size = file_size(path)
    too_big = BuildError(str(path), None, f"the page is {size / 2**20:.1f} MB, more than the "
                         f"{MAX_SEED_BYTES // 1024} KB a printed page can hold",
                         "split it into one file per printed page (an edition in the digest form may be "
                         f"up to {MAX_EDITION_BYTES // 2**20} MB, each of its printed pages up to "
                         f"{MAX_SEED_BYTES // 1024} KB)")
    if size > MAX_EDITION_BYTES:
        raise too_big
    try:
        text = decode_seed(read_bytes(path), path=str(path), encoding=declared_encoding(path))
    except BuildError:
        if size > MAX_SEED_BYTES:
            raise too_big from None  # too big for a page and no edition either: say that, not the bytes
        raise
    if size > MAX_SEED_BYTES:
        from generator.ingest.digest import is_edition, page_sizes

        lines = clean_page(text)
        if not is_edition(lines) or max(page_sizes(lines).values()) > MAX_SEED_BYTES:
            raise too_big
    if not text.strip():
        raise BuildError(str(path), None, "the seed file has only blank lines",
                         "put the page's text in it, or delete it")
    return text


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
    blocks = layout_page(lines)
    furniture = tuple(b.text for b in blocks if b.kind == "furniture")
    record = edition.fill_page_facts(replace(info, furniture=furniture))
    source = Source(seed=info.seed, page_id=info.id, line_start=0, line_end=0, order=0,
                    paper=record.paper, date=record.date, page_no=record.page_no)
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
    source = Source(seed=info.seed, page_id=info.id, line_start=0, line_end=0, order=0,
                    paper=info.paper, date=info.date, page_no=info.page_no)
    return split_page(layout_page(clean_page(text) if lines is None else lines), source=source)


def _split_and_check(page: tuple[str, PageInfo]) -> PageSplit:
    """One page's articles, record and how many of its Han characters they lost (run in a worker)."""
    text, info = page
    pdf_page = getattr(text, "pdf_page", None)
    if pdf_page is not None:  # a PDF page comes typed: its blocks were made from its fonts and places
        return _split_pdf_page(text, pdf_page, info)
    return split_printed_page(text, info)  # cleaned once: the split and the check read the same lines


def _split_pdf_page(text: str, pdf_page, info: PageInfo) -> PageSplit:
    """A PDF page's blocks → reviewed articles with their areas on the page; furniture stays with the page."""
    from generator.ingest.pdf import with_areas
    from generator.ingest.review import review_articles

    source = Source(seed=info.seed, page_id=info.id, line_start=0, line_end=0, order=0,
                    paper=info.paper, date=info.date, page_no=info.page_no)
    blocks = [b for b in pdf_page.blocks if b.kind != "furniture"]
    articles = review_articles(with_areas(split_page(blocks, source=source), pdf_page), blocks)
    # Bylines and credits as printed stay with the page, as a text page's do: their names are the
    # authors, their role words (本报记者) no article's text.
    record = replace(info, furniture=(*info.furniture, *pdf_page.dropped))
    return PageSplit(articles, record, han_conservation(text, articles, furniture=record.furniture))


def han_conservation(text: str, articles: Sequence[Article], *, lines: Sequence[Line] | None = None,
                     furniture: Sequence[str] = ()) -> int:
    """How many Han characters of a seed reach neither an article nor the page's furniture (the lead
    word 本报讯 and `摄` aside).

    `lines` are `clean_page(text)` when the caller has them already.
    """
    cleaned = "\n".join([line.text for line in (clean_page(text) if lines is None else lines)])  # what layout saw
    parts = [p for a in articles for p in (a.kicker, a.title, a.subtitle, *a.authors, *(b.text for b in a.blocks)) if p]
    parts += furniture
    # Counted as arrays of code points (numpy): a Counter of 10,000 characters costs ~10× more.
    import numpy as np  # here: a build from content/ alone never needs it (~60 ms to import)

    wanted, wanted_counts = sorted_counts(_han_code_points(cleaned))
    for char, count in _left_out(cleaned).items():  # taken off the counts, not cut out of the page
        at = np.searchsorted(wanted, ord(char))
        if count and at < len(wanted) and wanted[at] == ord(char):
            wanted_counts[at] -= count
    have, have_counts = sorted_counts(_han_code_points("\n".join(parts)))
    if not len(have):
        return int(wanted_counts.sum())
    at = np.minimum(np.searchsorted(have, wanted), len(have) - 1)  # where each wanted character is in `have`
    found = np.where(have[at] == wanted, have_counts[at], 0)
    return int(np.maximum(wanted_counts - found, 0).sum())


_CREDIT_MARK = re.compile(r"\s摄\s*$", flags=re.M)  # `摄` after a photographer's name, ending its line


def _left_out(cleaned: str) -> dict[str, int]:
    r"""The Han characters the check leaves out of a cleaned page, counted: those of each 本报讯 and
    the `摄` of each photo credit, which `re.sub(r"本报讯|\s摄\s*$", "", cleaned, flags=re.M)` cuts.

    The two can share no character, so they are counted apart; a credit's match holds one `摄` and
    starts just before it, so each `摄` is tried where it is instead of the pattern at every place.
    """
    leads = cleaned.count("本报讯")  # it cannot overlap itself: str.count finds what the pattern finds
    credits = 0
    at = cleaned.find("摄", 1)
    while at != -1:
        credits += _CREDIT_MARK.match(cleaned, at - 1) is not None
        at = cleaned.find("摄", at + 1)
    return {"本": leads, "报": leads, "讯": leads, "摄": credits}


def _han_code_points(text: str):  # -> numpy array of uint32
    """The code points of the characters of text in HAN_RANGES."""
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    is_han = np.zeros(len(codes), dtype=bool)
    for lo, hi in HAN_RANGES:
        is_han |= (codes >= lo) & (codes <= hi)
    return codes[is_han]


def ingest(seeds_dir: Path, content_dir: Path, report: Report, *, progress: ProgressCallback = _no_progress,
           jobs: int = 1) -> None:
    """Turn every `seeds/*.txt` into content files; hand-edited content files are never overwritten.

    With `jobs > 1` and enough pages, the pages are cut into shares, each split, tagged and written
    by a forked worker of its own; the result is the same.
    """
    pages = _read_seeds(seeds_dir, report, jobs=jobs)
    if not pages:
        return  # nothing to split; enrich would load the tag model for nothing
    from generator.enrich import article as enrich
    from generator.infra.parallel import ShareWorkers

    shares = _shares(pages, jobs if len(pages) >= PARALLEL_MIN_PAGES else 1)
    if len(shares) > 1:
        # What every worker would load for itself (~0.6 s each) is loaded once, here, and inherited.
        import numpy  # noqa: F401  (the Han check and split's page weights use it)

        enrich.prepare(_years_of_several(pages, shares))
    global _ingest_input
    _ingest_input = (pages, content_dir)  # set before the workers are forked: they read it, never pickled
    try:
        with ShareWorkers(shares, jobs=jobs) as workers:
            # Tags weigh words by how rare they are in the whole corpus: every share's counts are in
            # before any article is tagged. Each worker keeps its articles and their word cuts meanwhile.
            checked = workers.call(_split_share)
            done = 0
            for share, (checks, _, _) in zip(workers.shares, checked):
                for n, (warnings, lost) in zip(share, checks):
                    _report_split(report, pages[n][0], warnings, lost)
                    done += 1
                    progress("ingest", done, 2 * len(pages))  # splitting is the first half
            document_counts = collections.Counter()
            for _, counts, _ in checked:
                document_counts.update(counts)
            written = workers.call(_enrich_and_write_share, document_counts, sum(n for _, _, n in checked))
    finally:
        _ingest_input = None
        _ingest_shares.clear()
    for problem in (problem for share in written for page in share for problem in page):
        report.warn(problem.path, problem.line, problem.message, problem.hint)
    progress("ingest", 2 * len(pages), 2 * len(pages))


def _read_seeds(seeds_dir: Path, report: Report, *, jobs: int = 1) -> list[tuple[Path, str, PageInfo]]:
    """Every seed's path, text and page info, in name order; all their problems raised at once,
    before anything is written."""
    if not seeds_dir.is_dir():
        raise BuildError(str(seeds_dir), None, "the seeds folder does not exist",
                         "create it and put page text files (*.txt) in it, or pass --seeds")
    seeds = sorted([*seeds_dir.glob("*.txt"), *seeds_dir.glob("*.pdf")])
    if not seeds:
        report.warn(str(seeds_dir), None, "no seed pages (*.txt, *.pdf) found", "add page text files or PDFs")
    problems: list[Problem] = []
    pages: list[tuple[Path, str, PageInfo]] = []
    ids: dict[str, Path] = {}
    for seed in seeds:
        try:
            page_id = page_id_for(seed.name)
            if page_id in ids:
                raise BuildError(str(seed), None, f"its page id `{page_id}` is taken by {ids[page_id].name}",
                                 "rename one of the two seed files")
            ids[page_id] = seed
            if seed.suffix == ".pdf":
                read = read_pdf_seed(seed, read_page_info(seed, page_id), jobs=jobs)
                if len(read) > 1 or getattr(read[0][1], "pdf_page", None) is not None:
                    pages += read
                    continue
                (_, text, info), = read  # a digest: its text, cut into printed pages as a text edition is
            else:
                text, info = read_seed(seed), read_page_info(seed, page_id)
            printed = _edition_pages(text, info)
            for page in printed:
                if page.id in ids and page.id != page_id:
                    raise BuildError(str(seed), None, f"its page id `{page.id}` is taken by {ids[page.id].name}",
                                     "rename one of the two seed files")
                ids[page.id] = seed
            pages += [(seed, text, page) for page in printed]
        except BuildErrors as exc:
            problems += exc.problems
        except BuildError as exc:
            problems.append(exc.problem)
    if problems:
        raise BuildErrors(problems)
    return pages


def _edition_pages(text: str, info: PageInfo) -> list[PageInfo]:
    """The printed pages of a seed: itself, or for a digest edition one `<seed-id>-p02` per page,
    with the paper, date and page number of its source lines (a `.toml`'s paper and date win)."""
    from generator.ingest.digest import is_edition, may_be_edition, page_numbers

    if not may_be_edition(text):
        return [info]
    lines = clean_page(text)
    if not is_edition(lines):
        return [info]
    return [replace(info, id=f"{info.id}-p{page_no:02d}", paper=info.paper or paper, date=info.date or date,
                    page_no=page_no) for page_no, paper, date in page_numbers(lines)]


def read_pdf_seed(seed: Path, info: PageInfo, *, jobs: int = 1) -> list[tuple[Path, str, PageInfo]]:
    """A PDF seed's printed pages: one per PDF page, ids `<id>-p01`, …, each typed from its fonts and
    places (`generator.ingest.pdf`); a digest of a day's paper (one column, source lines) is its text.

    What the page's furniture says (paper, date, page number, section) fills in what no `.toml` does.
    """
    from generator.ingest import pdf

    pages = pdf.read_pdf(seed, jobs=jobs, pictures=True)
    if pdf.is_digest(pages):
        return [(seed, "\n".join(pdf.page_text(p) for p in pages) + "\n", info)]
    out = []
    for page, page_id in zip(pages, pdf.page_ids(seed, info.id)):
        text = pdf.PageText(page.text)
        if page.picture is None:  # a page in one column: read without its picture
            page = replace(page, picture=pdf.render_picture(seed, page.index))
        text.pdf_page = page
        out.append((seed, text, replace(info, id=page_id, paper=info.paper or page.paper,
                                        date=info.date or page.date, page_no=page.page_no,
                                        section=page.section, furniture=page.furniture,
                                        image=pdf.PICTURE_NAME)))
    return out


def _shares(pages: Sequence[tuple[Path, str, PageInfo]], count: int) -> list[range]:
    """Cut the pages into `count` runs of about the same amount of text, in page order."""
    total = sum(len(text) for _, text, _ in pages)
    shares, start, seen = [], 0, 0
    for n, (_, text, _) in enumerate(pages):
        seen += len(text)
        if seen * count >= total * (len(shares) + 1) and len(shares) < count - 1:
            shares.append(range(start, n + 1))
            start = n + 1
    return [share for share in (*shares, range(start, len(pages))) if share]


def _years_of_several(pages: Sequence[tuple[Path, str, PageInfo]], shares: Sequence[range]) -> list[int | None]:
    """The page years (see `enrich.page_year`) that more than one share has pages of, sorted.

    Their region tables are worth loading before forking; a year of one share only is loaded
    by the worker that needs it, in parallel with the others' work.
    """
    from generator.enrich.article import page_year

    seen = collections.Counter(year for share in shares for year in {page_year(pages[n][2].date) for n in share})
    return sorted((year for year, count in seen.items() if count > 1), key=lambda year: (year is None, year or 0))


def _report_split(report: Report, seed: Path, warnings: Sequence[str], lost: int) -> None:
    for warning in warnings:
        match = re.match(r"line (\d+): (.*)", warning)
        report.warn(str(seed), int(match.group(1)) if match else None, match.group(2) if match else warning)
    if lost:
        report.warn(str(seed), None, f"{lost} Chinese characters of the page reached no article",
                    "check the page's layout; --strict makes this an error")


# What ingest's workers read: the pages (seed, text, info) and the content folder. Set before they
# are forked, so inherited, never pickled.
_ingest_input: tuple[list[tuple[Path, str, PageInfo]], Path] | None = None
# What each share of pages leaves in its worker between the two steps: its pages' articles and the
# words their texts were cut into (cut once, for the counts and for the tags). Keyed by first page.
_ingest_shares: dict[int, tuple[list[list[Article]], dict, list[PageInfo]]] = {}


def _split_share(share: range) -> tuple[list[tuple[list[str], int]], collections.Counter, int]:
    """Split and check the pages of a share; count in how many of its articles each word occurs.

    Returns each page's split warnings and lost Han characters, the word counts and the number of
    articles: the parent adds up the counts of all shares, as `tags.corpus_idf` counts the corpus.
    """
    from generator.enrich.article import article_text
    from generator.enrich.tags import document_frequencies, load_tag_model

    assert _ingest_input is not None
    pages, _ = _ingest_input
    split = [_split_and_check((pages[n][1], pages[n][2])) for n in share]
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


def write_page_content(content_dir: Path, info: PageInfo, articles: Sequence[Article], report: Report,
                       seed: Path) -> None:
    """Write a page's content files (see `content.write_page`) and report what was kept."""
    for problem in content_io.write_page(content_dir, info.id, articles, seed=seed):
        report.warn(problem.path, problem.line, problem.message, problem.hint)


# ---------------------------------------------------------------------------------------------
# build


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


def _page_records(content_dir: Path, pages: Mapping[str, PageInfo]) -> dict[str, PageInfo]:
    """The `_page.yml` of every page folder, read back; what a record leaves unsaid (paper, date,
    page) is taken from the page's articles. All problems are raised together."""
    found: dict[str, PageInfo] = {}
    problems: list[Problem] = []
    if not content_dir.is_dir():
        return found
    for path in sorted(content_dir.glob(f"*/{content_io.PAGE_RECORD}")):
        try:
            record = content_io.read_page_record(path)
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


REVIEW_FILE = "REVIEW.md"  # beside the page folders in content/; generated, never an editor's file


def review_list(content_dir: Path, articles: Sequence[Article]) -> list[Problem]:
    """Every article flagged needs_review, as `content file:line: reason`, worst first (see
    `review.severity`), then by file."""
    from generator.ingest.review import severity

    flagged = []
    for a in articles:
        if not a.needs_review:
            continue
        path = _content_file_of(content_dir, a)
        line = None
        if path is not None:
            text = path.read_text(encoding="utf-8", errors="replace").split("\n")
            line = next((n for n, t in enumerate(text, 1) if t.startswith(("review:", "needs_review:"))), None)
        where = str(path) if path is not None else f"{a.source.seed}:{a.source.line_start}"
        reason = a.review or "marked needs_review"
        flagged.append((severity(a.review), where, line or 0,
                        Problem(where, line, reason, f"seed {a.source.seed}:{a.source.line_start}")))
    return [problem for *_, problem in sorted(flagged, key=lambda f: f[:3])]


def _content_file_of(content_dir: Path, article: Article) -> Path | None:
    """The content file holding an article: `<page-id>/NN-*.md` with its id."""
    folder = content_dir / article.source.page_id
    for path in sorted(folder.glob(f"{article.source.order:02d}-*.md")) + sorted(folder.glob("*.md")):
        try:
            with path.open(encoding="utf-8", errors="replace") as f:
                if f"id: {article.id}\n" in f.read(4096):
                    return path
        except OSError:
            continue
    return None


def write_review_file(content_dir: Path, flagged: Sequence[Problem]) -> None:
    """`content/REVIEW.md`: the flagged articles worst first; rewritten only when it would change."""
    path = content_dir / REVIEW_FILE
    if not content_dir.is_dir() or not flagged and not path.exists():
        return  # nothing to review: no file is made (one left by an earlier build is brought up to date)
    lines = ["<!-- Generated by build.py from the content files' needs_review; edits here are overwritten. -->",
             "", "# Articles to review", "",
             f"{len(flagged)} article(s) flagged `needs_review`, worst first. Correct each content file, "
             "then set `needs_review: false` (and delete its `review:` line).", ""]
    for problem in flagged:
        where = problem.path if problem.line is None else f"{problem.path}:{problem.line}"
        rel = os.path.relpath(where, content_dir) if os.path.isabs(where) or where.startswith(str(content_dir)) else where
        lines.append(f"- `{rel}`: {problem.message} ({problem.hint})")
    text = "\n".join(lines) + "\n"
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    content_io._write_atomically(path, text)


@dataclass(frozen=True)
class LoadedContent:
    """content/ read back: articles sorted by id, the printed pages they came from, their digests."""

    articles: list[Article]
    pages: list[PageInfo]
    digests: dict[str, str]  # article id → digest of its content file (content.file_digest)


def load_articles(content_dir: Path, report: Report | None = None, *, cache: content_io.ParseCache | None = None,
                  jobs: int = 1) -> LoadedContent:
    """Read content/ back into articles and the printed pages they came from.

    With a `cache`, files unchanged since an earlier build are not parsed again.
    """
    files = content_io.read_content(content_dir, cache=cache, jobs=jobs) if content_dir.is_dir() else []
    articles = [f.article for f in files]
    for f in files:
        # Ingest already warned about articles it wrote without text; this is an editor's emptied file.
        if report is not None and f.edited and f.article.kind == "article" and not f.article.blocks:
            report.warn(str(f.path), f.body_line, "the article has no text",
                        "write its paragraphs below the front matter, or delete the file")
    pages: dict[str, PageInfo] = {}
    for a in articles:
        s = a.source
        pages.setdefault(s.page_id, PageInfo(id=s.page_id, seed=s.seed, paper=s.paper, date=s.date,
                                             page_no=s.page_no))
    pages.update(_page_records(content_dir, pages))
    for page_id, page in pages.items():  # a PDF page's picture, which ingest left beside its articles
        if (content_dir / page_id / "page.png").is_file():
            pages[page_id] = replace(page, image="page.png")
    return LoadedContent(sorted(articles, key=lambda a: a.id), sorted(pages.values(), key=lambda p: p.id),
                         {f.article.id: f.digest for f in files})


# ---------------------------------------------------------------------------------------------
# the whole run


@dataclass(frozen=True)
class BuildOptions:
    """What the command line asks for; None means "as site.toml says"."""

    config: Path
    seeds: Path | None = None
    content: Path | None = None
    out: Path | None = None
    zip_path: Path | None = None
    no_zip: bool = False
    search: bool = True
    strict: bool = False
    progress: bool = False
    jobs: int | None = None  # worker processes; None: the cores, at most 2; 1: all in this process
    cache: Path | None = None  # None: `.cache/readpaper/` beside the config file
    wait: bool = True  # another build of the project running: wait for it (False: fail at once)


def render_pages(articles: Sequence[Article], pages: Sequence[PageInfo], *, config: SiteConfig, theme,
                 digests: Mapping[str, str] | None = None, previous: Mapping[str, str] | None = None,
                 lines: FileCache | None = None, part: tuple[int, int] = (0, 1),
                 stage: Callable[[OutputFile | KeptFile], None] | None = None) -> list[SiteFile]:
    """The reader site's pages, then `data/articles.json`; see `render_site` for `digests`, `previous`,
    `part` (the json goes with share 0) and `stage`."""
    from generator.site.render import render_site

    files = render_site(articles, pages, config=config, theme=theme, digests=digests, previous=previous, part=part,
                        stage=stage)
    if part[0] == 0:
        files += _staged([OutputFile("data/articles.json", articles_json(articles, url_for, digests=digests,
                                                                         lines=lines)),
                          OutputFile("data/pages.json", pages_json(pages))], stage)
    return files


def page_pictures(content_dir: Path, pages: Sequence[PageInfo]) -> list[OutputFile]:
    """Each page's picture (PDF seeds), copied from `content/<page-id>/` to where its view shows it."""
    from generator.site.indexes import is_safe_name
    from generator.site.render import page_image_path

    files = []
    for info in sorted(pages, key=lambda p: p.id):
        path = page_image_path(info)
        if path is None:
            continue
        source = content_dir / info.id / str(info.image)
        if not is_safe_name(str(info.image)):
            raise BuildError(str(source), None, f"page picture name {info.image!r} is not a safe ASCII file name",
                             "name it like page.png")
        try:
            files.append(OutputFile(path, source.read_bytes()))
        except OSError as exc:
            raise BuildError(str(source), None, f"cannot read the page picture: {exc.strerror or exc}",
                             "run the build again to make it from the seed, or remove `image` from _page.yml") from None
    return files


def _staged(files: list[OutputFile], stage: Callable[[OutputFile | KeptFile], None] | None) -> list[SiteFile]:
    """`files` handed to `stage` and returned as `StagedFile`s, or as they are without a stage."""
    if stage is None:
        return list(files)
    for f in files:
        stage(f)
    return [StagedFile(f.path, f.key) for f in files]


def _offline_index(articles: Sequence[Article], render_options: Mapping, previous_dir: Path | None) -> list[SiteFile]:
    """The offline search index, patched from the previous site's when only some articles changed."""
    from generator.search.pagefind import build_offline_index

    return _staged(build_offline_index(articles, url_for=url_for, digests=render_options.get("digests"),
                                       previous=render_options.get("previous"), previous_dir=previous_dir),
                   render_options.get("stage"))


def _render_share_then_index(articles: Sequence[Article], pages: Sequence[PageInfo], *, search: bool,
                             previous_dir: Path | None = None, **render_options) -> list[SiteFile]:
    """The forked worker's half of a two-process build: its share of the pages, then the offline index."""
    files = render_pages(articles, pages, **render_options)
    if search:
        files += _offline_index(articles, render_options, previous_dir)
    return files


def render_and_index(articles: Sequence[Article], pages: Sequence[PageInfo], *, search: bool, jobs: int,
                     lines: FileCache | None = None, previous_dir: Path | None = None,
                     **render_options) -> list[SiteFile]:
    """Every file of the site but Pagefind's, sorted by path: pages and the offline search index.

    With two jobs and enough articles, a forked worker renders half the pages and then builds the
    offline index while this process renders the other half; the files are the same as from one
    process. With a `stage` in `render_options`, both processes write their files into the staged
    site as they go, and only `StagedFile` records come back.
    """
    from generator.infra.parallel import run_both

    if jobs > 1 and len(articles) >= PARALLEL_MIN_ARTICLES:
        here, there = run_both((render_pages, (articles, pages), {**render_options, "lines": lines, "part": (0, 2)}),
                               (_render_share_then_index, (articles, pages),
                                {**render_options, "part": (1, 2), "search": search,
                                 "previous_dir": previous_dir}), jobs=jobs)
        files = here + there
    else:
        files = render_pages(articles, pages, lines=lines, **render_options)
        if search:
            files += _offline_index(articles, render_options, previous_dir)
    return sorted(files, key=lambda f: f.path)


def kept_outputs(rendered: FileCache, out: Path) -> dict[str, str]:
    """Path → key of each page the last build rendered that is still in `out` as that build left it."""
    kept = {}
    root = str(out)
    for path in rendered.keys():
        try:
            st = os.stat(os.path.join(root, path))
        except OSError:
            continue
        key = rendered.get(path, stamp_of(st))
        if key is not None:
            kept[path] = key
    return kept


def remember_rendered(rendered: FileCache, files: Sequence[SiteFile], out: Path) -> None:
    """Record each rendered page's key and the stamp of its file in the committed `out`."""
    for f in files:
        if not isinstance(f, KeptFile) and f.key is not None:
            rendered.put(f.path, stamp_of(os.stat(out / f.path)), f.key)
    rendered.keep_only({f.path for f in files if f.key is not None})


def url_for(article: Article) -> str:
    """An article's page, relative to the site root."""
    return f"articles/{article.id}.html"


def zip_memory_of(cache_dir: Path, out: Path) -> FileCache:
    """Which zip the site in `out` was last written to (path and stamp), if the last build wrote one."""
    return FileCache(cache_dir, "zip", out, racy_ns=0, plain=True)


def _zip_written_from(zip_memory: FileCache, zip_path: Path | None, out: Path) -> Path | None:
    """`out`, when the zip at `zip_path` was written from the site now in `out` (so `write_zip` may
    copy its unchanged entries), else None."""
    if zip_path is None or not out.is_dir():
        return None
    try:
        stamp = stamp_of(os.stat(zip_path))
    except OSError:
        return None
    return out if zip_memory.get("zip", stamp) == str(Path(zip_path).resolve()) else None


def _seeds_state(seeds: Path) -> tuple[str, list[str]] | None:
    """The seeds' fingerprint and page ids, read once before ingest (so a seed changed while ingest
    runs is not recorded as ingested); None without seeds, for which ingest reports the problem."""
    from generator.ingest.memory import seeds_fingerprint

    files = sorted([*seeds.glob("*.txt"), *seeds.glob("*.pdf")]) if seeds.is_dir() else []
    return (seeds_fingerprint(files), [i for f in files for i in _page_ids_of(f)]) if files else None


def _page_ids_of(seed: Path) -> list[str]:
    """The page ids a seed gives: its own, one per PDF page (an unreadable PDF none: ingest reports
    it), or one per printed page of a digest edition. Only a seed holding `版）` (UTF-8) can be a text
    edition; others are not decoded here."""
    page_id = page_id_for(seed.name)
    if seed.suffix == ".pdf":
        from generator.ingest.pdf import page_ids

        try:
            return [page_id, *page_ids(seed, page_id)]  # its own too: a digest PDF is read as text
        except BuildError:
            return []
    try:
        raw = seed.read_bytes()
        if "版）".encode() not in raw and b"\xe7\x89\x88)" not in raw:
            return [page_id]
        return [p.id for p in _edition_pages(read_seed(seed), PageInfo(id=page_id, seed=seed.name))]
    except (OSError, BuildError, BuildErrors):
        return [page_id]  # ingest reports the problem


def _replay_ingest_if_current(state: FileCache, seeds: tuple[str, list[str]] | None, content: Path,
                              report: Report) -> bool:
    """Report the last ingest's warnings and return True when ingesting again would change nothing."""
    from generator.ingest.memory import replayable_warnings

    if seeds is None:
        return False
    warnings = replayable_warnings(state, seeds[0], content, seeds[1])
    if warnings is None:
        return False
    for w in warnings:
        report.warn(w.path, w.line, w.message, w.hint)
    return True


def _check_paths_and_lock(options: BuildOptions, config: SiteConfig, *, out: Path, zip_path: Path | None,
                          seeds: Path, content: Path, cache_dir: Path, held) -> None:
    """Refuse output paths that could destroy data (`guard.check_output_paths`), check the inputs
    (`inputs.check_input_folders`), then take the build lock (`guard.build_lock`) into `held`."""
    from generator.infra.guard import Named, build_lock, check_output_paths, config_line
    from generator.ingest.seeds import check_input_folders

    base = options.config.parent
    if options.out is not None:
        out_named = Named(out, "--out", str(options.out), str(options.out))
    else:
        out_named = Named(out, "out_dir", config.out_dir, str(options.config), config_line(options.config, "out_dir"))
    zip_named = None
    if zip_path is not None:
        zip_named = (Named(zip_path, "--zip", str(options.zip_path), str(options.zip_path)) if options.zip_path
                     else Named(zip_path, "zip_path", config.zip_path, str(options.config),
                                config_line(options.config, "zip_path")))
    code = Path(__file__).resolve().parent
    check_output_paths(out_named, zip_named, content=content, seeds=seeds,
                       theme=base / config.themes_dir / config.theme, code=code, cache=cache_dir, project=base,
                       also=(("content", base / config.content_dir), ("seeds", base / config.seeds_dir),
                             ("code", code.parent / "build.py")))
    check_input_folders(seeds, content)
    if held is not None:
        held.enter_context(build_lock(cache_dir, wait=options.wait))


def run(options: BuildOptions) -> Report:
    """Ingest, then build; raise BuildError(s) on any input error, leaving site/ and the zip untouched."""
    import contextlib

    try:
        with contextlib.ExitStack() as held:  # the build lock, from the paths' check to the end
            return _run(options, held)
    finally:
        gc.unfreeze()  # `_run` freezes what it loaded; a caller (the tests, --serve) may build again


def _run(options: BuildOptions, held=None) -> Report:
    from generator.infra.cache import default_cache_dir
    from generator.config import load_config
    from generator.infra.output import Stager, check_paths, commit_site, open_stage, write_zip
    from generator.infra.parallel import default_jobs
    from generator.site.render import load_theme
    from generator.ingest.memory import record_ingest
    from generator.search.pagefind import run_pagefind
    from generator.enrich.slugs import known_slugs, learn_slugs

    config = load_config(options.config)
    base = options.config.parent
    seeds = options.seeds or base / config.seeds_dir
    content = options.content or base / config.content_dir
    out = options.out or base / config.out_dir
    zip_path = None if options.no_zip else (options.zip_path or base / config.zip_path)
    from generator.infra.progress import Progress

    progress = Progress("bars" if options.progress else "lines" if log.isEnabledFor(logging.INFO) else "off")
    jobs = options.jobs or default_jobs()
    report = Report()

    # What a build remembers for the next one; saved only once this build has succeeded:
    # slugs; parsed content files; each rendered page's key and file stamp (valid for one config
    # and theme); each article's line of data/articles.json.
    cache_dir = options.cache or default_cache_dir(base)
    _check_paths_and_lock(options, config, out=out, zip_path=zip_path, seeds=seeds, content=content,
                          cache_dir=cache_dir, held=held)
    slug_memory = FileCache(cache_dir, "slugs", content)
    learned = slug_memory.get("slugify", NO_STAMP) or {}
    learn_slugs(learned)

    ingest_state = FileCache(cache_dir, "ingest", content)
    seeds_state = _seeds_state(seeds)
    if not _replay_ingest_if_current(ingest_state, seeds_state, content, report):
        first_warning = len(report.warnings)
        ingest(seeds, content, report, progress=progress, jobs=jobs)
        if seeds_state is not None:
            fingerprint, page_ids = seeds_state
            record_ingest(ingest_state, fingerprint, content, page_ids, report.warnings[first_warning:])
    parsed = FileCache(cache_dir, "content", content)
    with progress.counting("load content", counts=False):
        loaded = load_articles(content, report, cache=parsed, jobs=jobs)
    articles, pages = loaded.articles, loaded.pages
    report.flagged = review_list(content, articles)
    write_review_file(content, report.flagged)
    # The articles live to the end of the build: the cyclic collector need not walk them again and
    # again while pages render (6% of the CPU at 30,000 articles), nor touch them in forked workers.
    gc.freeze()
    # Compiled templates are kept once a build has made the cache folder (a failed first build leaves nothing).
    theme = load_theme(base / config.themes_dir / config.theme,
                       compiled_cache=cache_dir / "templates" if cache_dir.is_dir() else None)
    setup = hashlib.blake2b(f"{theme.digest}\0{config!r}".encode(), digest_size=16).hexdigest()
    rendered = FileCache(cache_dir, "site", out, salt=setup, racy_ns=0, plain=True)
    lines = FileCache(cache_dir, "records", out, racy_ns=0, plain=True)
    previous = kept_outputs(rendered, out)
    zip_memory = zip_memory_of(cache_dir, out)
    zip_source = _zip_written_from(zip_memory, zip_path, out)
    zip_chunks = FileCache(cache_dir, "zipchunks", out, racy_ns=0, plain=True)  # pieces of large files, deflated
    # Pages go into the staged site as they are rendered: the site is never whole in memory.
    staged = open_stage(out)
    try:
        stager = Stager(staged, out)
        with progress.counting("render + index" if options.search else "render") as counter:
            stager.counter = counter
            files = render_and_index(articles, pages, search=options.search, jobs=jobs, lines=lines, config=config,
                                     theme=theme, digests=loaded.digests, previous=previous, stage=stager,
                                     previous_dir=out)
        files = sorted(files + _staged(page_pictures(content, pages), stager), key=lambda f: f.path)
        check_paths(files)
        if options.strict and report.warnings:
            raise BuildErrors(report.warnings)
        if options.search:
            with progress.counting("pagefind", counts=False):
                # Bundles are reused only from a site this very generator made (its cache is current).
                run_pagefind(staged, articles=articles, url_for=url_for, shard_articles=config.search_shard_articles,
                             previous=out if previous else None)
        if zip_path is not None:
            with progress.counting("zip", counts=False):
                write_zip(staged, zip_path, reuse_from=zip_source, chunks=zip_chunks)
        with progress.counting("commit", counts=False):
            commit_site(staged, out, staged_files=[f.path for f in files])
    finally:
        progress.close()
        if staged.exists():
            import shutil

            shutil.rmtree(staged, ignore_errors=True)
    remember_rendered(rendered, files, out)
    zip_memory.keep_only(set())  # the site changed: an older zip no longer matches it
    if zip_path is not None:
        zip_memory.put("zip", stamp_of(os.stat(zip_path)), str(Path(zip_path).resolve()))
    if len(known_slugs()) != len(learned):
        slug_memory.put("slugify", NO_STAMP, known_slugs())
    for memory in (slug_memory, ingest_state, parsed, rendered, lines, zip_memory, zip_chunks):
        memory.save()
    report.summary = BuildSummary(articles=len(articles), pages=len(pages),
                                  needs_review=sum(a.needs_review for a in articles), out=out, zip_path=zip_path)
    return report


