"""Seeds: what ingest reads in seeds/, checked before it is read, into printed pages.

A seed is a page's text, a digest edition (a day's paper in one text), or a PDF; its optional
`<seed>.toml` (paper, date, page, encoding) is checked like `site.toml`, every problem at its line.
"""

from __future__ import annotations

import datetime
import os
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.errors import BuildError, BuildErrors, Problem
from generator.infra.files import check_folder, file_size, read_bytes
from generator.ingest.clean import clean_page
from generator.ingest.decode import decode_seed
from generator.models import PageInfo

SEED_SUFFIXES = (".txt", ".toml", ".pdf")  # what ingest reads in seeds/
SEED_META_KEYS = ("paper", "date", "page", "encoding")
PAGE_NUMBERS = range(1, 1000)  # a printed page's number: 1–999
# Encodings a seed may declare (`encoding = "big5"` in its .toml): those a printed Chinese page comes in.
DECLARABLE_ENCODINGS = ("utf-8", "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "utf-16")
SeedPage = tuple[Path, str, PageInfo]  # a printed page of a seed: the seed, its text, the page


# ---------------------------------------------------------------------------------------------
# folders and links


def check_input_folders(seeds: Path, content: Path) -> None:
    """Refuse links in seeds/ and content/ that leave their folder, dangle or loop, and folders
    named like input files (`x.txt/`, `01-a.md/`); all problems at once."""
    problems = [*check_folder(seeds, "seeds", SEED_SUFFIXES, depth=1),
                *check_folder(content, "content", (".md", ".yml", ".png"), depth=2)]
    if problems:
        raise BuildErrors(problems)


# ---------------------------------------------------------------------------------------------
# page settings: `<seed>.toml`


def read_seed_meta(meta_path: Path) -> dict[str, Any]:
    """The checked values of a seed's page settings, `{}` when there is no such file.

    Every problem is reported at its line, all at once: unknown keys, a date that is no real day,
    a page number outside 1–999, a paper name that is not text, an unknown encoding.
    """
    from generator.config import TomlSettings

    if not os.path.lexists(meta_path):
        return {}
    checked = TomlSettings.read(meta_path)  # a syntax error: one BuildError at TOML's line
    values, problem = checked.values, checked.problem

    for key in values:
        if key not in SEED_META_KEYS:
            problem(key, f"unknown key `{key}`", "known keys: " + ", ".join(SEED_META_KEYS))
    meta: dict[str, Any] = {}
    paper = values.get("paper")
    if paper is not None:
        if not isinstance(paper, str) or not paper.strip():
            problem("paper", "paper must be the paper's name in quotes", 'e.g. paper = "人民日报"')
        else:
            meta["paper"] = paper.strip()
    if "date" in values:
        date = _real_date(values["date"])
        if date is None:
            problem("date", f"date `{values['date']}` is not a real day written yyyy-mm-dd",
                    "e.g. date = 2024-01-15")
        else:
            meta["date"] = date
    if "page" in values:
        page = values["page"]
        if isinstance(page, bool) or not isinstance(page, int):
            problem("page", f"page must be a whole number, not `{page}`", "e.g. page = 5")
        elif page not in PAGE_NUMBERS:
            problem("page", f"page {page} is not a page number 1–999", "e.g. page = 5")
        else:
            meta["page"] = page
    if "encoding" in values:
        encoding = values["encoding"]
        if not isinstance(encoding, str) or encoding.lower() not in DECLARABLE_ENCODINGS:
            problem("encoding", f"unknown encoding `{encoding}`", "known: " + ", ".join(DECLARABLE_ENCODINGS))
        else:
            meta["encoding"] = encoding.lower()
    checked.raise_problems()
    return meta


def _real_date(value: Any) -> str | None:
    """`yyyy-mm-dd` of a real day, from a TOML date or a string; None otherwise."""
    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def declared_encoding(seed: Path) -> str | None:
    """The encoding a seed's `.toml` declares, if it does (read leniently: it is checked later)."""
    meta_path = seed.with_suffix(".toml")
    try:
        values = tomllib.loads(meta_path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    encoding = values.get("encoding")
    return encoding.lower() if isinstance(encoding, str) and encoding.lower() in DECLARABLE_ENCODINGS else None


# ---------------------------------------------------------------------------------------------
# seeds → printed pages


# A printed page holds 20–40 KB of text (the example page: 19 KB). A seed far above that is several
# pages glued together or not a page; refusing it at once beats minutes of layout and split.
MAX_SEED_BYTES = 512 * 1024


# A digest edition (a whole day's paper in one seed, see `edition.py`) may be larger: each of its
# printed pages is held to MAX_SEED_BYTES, and the whole to this (a 32-page paper of full pages).
MAX_EDITION_BYTES = 32 * MAX_SEED_BYTES


def page_id_for(seed_name: str) -> str:
    """A stable ASCII id for a seed file: its name in pinyin, e.g. `000_f19c…` → `000-f19c…`."""
    from generator.enrich.slugs import slugify

    return slugify(Path(seed_name).stem, fallback="page", max_words=16)


def read_page_info(seed: Path, page_id: str) -> PageInfo:
    """Paper, date and page number from an optional `<seed>.toml` beside the seed (checked by
    `inputs.read_seed_meta`: real dates, pages 1–999, every problem at its line)."""
    meta = read_seed_meta(seed.with_suffix(".toml"))
    return PageInfo(id=page_id, seed=seed.name, paper=meta.get("paper"), date=meta.get("date"),
                    page_no=meta.get("page"))


def read_seed(path: Path) -> str:
    """Bytes of one seed → text; size and encoding problems name the file.

    A seed above MAX_SEED_BYTES is read only when it is a digest edition whose printed pages each
    fit that limit (and it fits MAX_EDITION_BYTES); anything larger is refused before it is read.
    """
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


def read_seeds(seeds_dir: Path, *, jobs: int = 1) -> tuple[list[SeedPage], list[Problem]]:
    """Every printed page's seed path, text and page info, in name order, and the warnings of the
    folder; all the seeds' problems raised at once, before anything is written."""
    if not seeds_dir.is_dir():
        raise BuildError(str(seeds_dir), None, "the seeds folder does not exist",
                         "create it and put page text files (*.txt) in it, or pass --seeds")
    seeds = sorted([*seeds_dir.glob("*.txt"), *seeds_dir.glob("*.pdf")])
    warnings: list[Problem] = []
    if not seeds:
        warnings.append(Problem(str(seeds_dir), None, "no seed pages (*.txt, *.pdf) found",
                                "add page text files or PDFs"))
    problems: list[Problem] = []
    pages: list[SeedPage] = []
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
            printed = edition_pages(text, info)
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
    return pages, warnings


def edition_pages(text: str, info: PageInfo) -> list[PageInfo]:
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


def read_pdf_seed(seed: Path, info: PageInfo, *, jobs: int = 1) -> list[SeedPage]:
    """A PDF seed's printed pages: one per PDF page, ids `<id>-p01`, …, each typed from its fonts and
    places (`generator.ingest.pdf`); a digest of a day's paper (one column, source lines) is its text.

    What the page's furniture says (paper, date, page number, section) fills in what no `.toml` does.
    """
    from generator.ingest import pdf

    pages = pdf.read_pdf(seed, jobs=jobs, pictures=True)
    if pdf.is_digest(pages):
        return [(seed, pdf.digest_text(pages), info)]
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


def seeds_state(seeds: Path) -> tuple[str, list[str]] | None:
    """The seeds' fingerprint and page ids, read once before ingest (so a seed changed while ingest
    runs is not recorded as ingested); None without seeds, for which ingest reports the problem."""
    from generator.ingest.memory import seeds_fingerprint

    files = sorted([*seeds.glob("*.txt"), *seeds.glob("*.pdf")]) if seeds.is_dir() else []
    return (seeds_fingerprint(files), [i for f in files for i in page_ids_of(f)]) if files else None


def page_ids_of(seed: Path) -> list[str]:
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
        return [p.id for p in edition_pages(read_seed(seed), PageInfo(id=page_id, seed=seed.name))]
    except (OSError, BuildError, BuildErrors):
        return [page_id]  # ingest reports the problem
