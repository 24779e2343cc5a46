"""Built site → Pagefind index (`pagefind/`), for search when the site is served.

Online, the search page uses Pagefind's extended build, which segments Chinese. Pagefind cannot run
from `file://` (ES modules, wasm, fetch), so the page then falls back to the offline index built here:
plain `.js` files that call `window.__SEARCH__.<kind>(…)` and are loaded by inserting `<script>` tags.

Pagefind holds the whole index in memory while it builds (about 1.7 GiB at 10,000 articles, growing
with the site), so a site with more articles than `search_shard_articles` is indexed in shards: one
Pagefind run per year of publication, a year split in date order when it has more articles than
that. The first shard is the bundle `pagefind/` (with Pagefind's JS and wasm), the others are bare
bundles in `pagefind/shards/<name>/` listed in `pagefind/shards.json`; the search page merges them
with Pagefind's `mergeIndex`. Each run sees only its shard's pages, linked into a scratch folder.

The offline index, for `file://`, is `offline.py`.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from generator.errors import BuildError
from generator.infra.cache import stamp_of
from generator.models import Article

log = logging.getLogger("generator")

ARTICLE_GLOB = "articles/*.html"  # the pages that carry data-pagefind-body in the default theme
PAGEFIND_DIR = "pagefind"
SHARDS_DIR = "shards"  # pagefind/shards/<name>/: bundles merged into pagefind/ in the browser
SHARDS_FILE = "shards.json"  # pagefind/shards.json: {"version": 1, "merge": ["shards/<name>/", …]}
UNDATED = "undated"  # the shard of articles without a (valid) date
# Only these files of a merged bundle are read: it is searched with the primary bundle's JS and wasm.
MERGED_BUNDLE_KEEP = ("pagefind-entry.json", "filter", "fragment", "index")


# --- Pagefind -------------------------------------------------------------------------------------


def pagefind_executable() -> Path:
    """Return the extended Pagefind binary (the standard build does not segment Chinese)."""
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-not-found]
    except ImportError as exc:
        raise BuildError(
            "pagefind",
            None,
            "the extended Pagefind binary is not installed",
            "pip install 'pagefind[extended]==1.5.2'",
        ) from exc
    try:
        return Path(get_executable())
    except (FileNotFoundError, OSError) as exc:
        raise BuildError("pagefind", None, f"the extended Pagefind binary is missing: {exc}",
                         "reinstall with pip install --force-reinstall 'pagefind[extended]==1.5.2'") from exc


def _pagefind_glob(site_dir: Path) -> str | None:
    """Return ARTICLE_GLOB when only article pages carry `data-pagefind-body`, else None (every page).

    Pagefind indexes only the pages with that attribute once any page has it, but it still parses
    all the others (at 10,000 articles: 2.4k list pages, a quarter of its memory and time). Each
    folder's pages come from one template, so one page per folder (and every top-level page) tells.
    """
    if not any((site_dir / "articles").glob("*.html")):
        return None
    samples = [*site_dir.glob("*.html")]
    for folder in sorted(p for p in site_dir.iterdir() if p.is_dir() and p.name not in ("articles", "pagefind")):
        samples += [next(folder.rglob("*.html"), None)]
    for page in filter(None, samples):
        if b"data-pagefind-body" in page.read_bytes():
            return None
    return ARTICLE_GLOB


@dataclass(frozen=True, slots=True)
class SearchShard:
    """The pages one Pagefind run indexes: `name` ("2024", "2024-02", "undated"), site-relative paths."""

    name: str
    pages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PagefindRun:
    """What one Pagefind run cost (for -v and the benchmark): wall and CPU seconds, peak RSS in KiB."""

    shard: str
    pages: int
    wall: float
    cpu: float
    max_rss_kib: int
    reused: bool = False  # the previous build's bundle was kept: its pages had not changed


def _year_of(article: Article) -> str:
    date = article.source.date or ""
    return date[:4] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else UNDATED


# An editor corrects mostly what was printed lately: the newest months are indexed in small shards,
# so that re-indexing one after a correction takes about a second (Pagefind: ≈ 1.6 ms a page), while
# older years stay in large ones, which keeps the number of files a first query fetches low.
RECENT_MONTHS = 2  # the newest date's calendar month and the one before
RECENT_SHARD_ARTICLES = 500
RECENT = "recent"  # shard names "recent-2024-01", "recent-2024-01-02", …


def plan_shards(articles: Sequence[Article], *, url_for: Callable[[Article], str], max_articles: int,
                recent_articles: int = RECENT_SHARD_ARTICLES, recent_months: int = RECENT_MONTHS) -> list[SearchShard]:
    """Group article pages into Pagefind shards; [] when one index will do.

    With more than `recent_articles` articles, those of the newest `recent_months` calendar months
    (counted back from the newest date) get shards of at most `recent_articles`, one run per month
    ("recent-2024-01"), a month with more cut in date order into parts ("recent-2024-01-02", …).
    Older articles, when they number more than `max_articles`, get one shard per year of
    publication; a year with more is cut in date order (then id order) into parts "<year>-01", … of
    `max_articles` each. Articles without an ISO `yyyy-mm-dd` date go to "undated", last. New days
    change only the last recent part; once a month the oldest recent month joins its year's shards.
    """
    if max_articles < 1 or recent_articles < 1:
        raise ValueError(f"max_articles must be 1 or more, not {min(max_articles, recent_articles)}")
    many = len(articles) > min(max_articles, recent_articles)
    if not many:
        return []
    recent_from = _recent_start(articles, recent_months) if len(articles) > recent_articles else None
    older: dict[str, list[Article]] = defaultdict(list)
    recent: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        year = _year_of(article)
        if recent_from is not None and year != UNDATED and article.source.date >= recent_from:
            recent[article.source.date[:7]].append(article)
        else:
            older[year].append(article)
    shards = []

    def cut(name: str, group: list[Article], size: int) -> None:
        group = sorted(group, key=lambda a: (a.source.date or "", a.id))
        parts = [group[i : i + size] for i in range(0, len(group), size)]
        for n, part in enumerate(parts, 1):
            shards.append(SearchShard(name if len(parts) == 1 else f"{name}-{n:02d}",
                                      tuple(sorted(url_for(a) for a in part))))

    if sum(map(len, older.values())) > max_articles or not recent:
        for year in sorted(y for y in older if y != UNDATED):
            cut(year, older[year], max_articles)
    else:  # few older articles: one shard for them all, named after their first year
        dated = sorted(y for y in older if y != UNDATED)
        if dated:
            cut(dated[0], [a for y in dated for a in older[y]], max_articles)
    for month in sorted(recent):
        cut(f"{RECENT}-{month}", recent[month], recent_articles)
    if older.get(UNDATED):
        cut(UNDATED, older[UNDATED], max_articles)
    return shards


def _recent_start(articles: Sequence[Article], months: int) -> str | None:
    """The first day (yyyy-mm-01) of the oldest of the `months` newest calendar months, or None."""
    dates = [a.source.date for a in articles if _year_of(a) != UNDATED]
    if not dates or months < 1:
        return None
    newest = max(dates)
    year, month = int(newest[:4]), int(newest[5:7]) - (months - 1)
    while month < 1:
        year, month = year - 1, month + 12
    return f"{year:04d}-{month:02d}-01"


def run_pagefind(site_dir: Path, *, articles: Sequence[Article] | None = None,
                 url_for: Callable[[Article], str] | None = None, shard_articles: int | None = None,
                 previous: Path | None = None, page_digests: PageDigests | None = None,
                 kept_inputs: KeptInputs | None = None, alongside: Callable[[], None] | None = None,
                 verbose: bool = False) -> list[PagefindRun]:
    """Index the HTML pages of `site_dir` for Pagefind, writing `site_dir/pagefind/`; return each run's cost.

    Without `articles`, or with at most `shard_articles` of them, one Pagefind run indexes the whole
    folder. Otherwise the article pages are indexed in shards (`plan_shards`), one run after the
    other so that only one index is in memory at a time; pages other than articles that carry
    `data-pagefind-body` go with the first shard. Every bundle is made deterministic.

    A shard whose pages are byte for byte those the `previous` site's same shard was made from (and
    with the same Pagefind and post-processing) is not indexed again: that bundle is linked in,
    which gives the same bytes as a fresh run. `shards.json` records a digest of each shard's inputs;
    `page_digests` remembers each page's digest by its file's stamp, so a page kept from the previous
    site (a hard link, same stamp) is not read again to tell whether its shard changed. With
    `kept_inputs`, the copies Pagefind reads of a small shard's pages are kept for the next build
    (see `KeptInputs`).

    `alongside` is work run on this thread while Pagefind indexes (a run keeps a core about 70%
    busy); it is not called when no shard needs indexing. It must not touch `site_dir/pagefind/`.
    """
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise BuildError(str(site_dir), None, "cannot index for search: not a folder")
    bundle = site_dir / PAGEFIND_DIR
    if bundle.exists():
        shutil.rmtree(bundle)  # stale fragments of an earlier run would stay in the bundle
    shards = []
    if articles is not None and shard_articles is not None:
        if url_for is None:
            raise TypeError("run_pagefind: url_for is needed with articles")
        shards = plan_shards(articles, url_for=url_for, max_articles=shard_articles,
                             recent_articles=RECENT_SHARD_ARTICLES)
    if not shards:
        glob = _pagefind_glob(site_dir)
        pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.glob(glob or "**/*.html")
                       if p.relative_to(site_dir).parts[0] != PAGEFIND_DIR and not p.name.startswith("."))
        with tempfile.TemporaryDirectory(prefix=".pagefind-input-", dir=site_dir) as scratch:
            tree = Path(scratch) / "all"
            _link_pages(site_dir, tree, pages)  # Pagefind reads its own copy of each page
            runs_ = [_pagefind(tree, bundle, glob=None, verbose=verbose, shard="all")]
        _write_shard_list(bundle, [])
        return runs_

    sharded = {page for shard in shards for page in shard.pages}
    extra: tuple[str, ...] = ()
    if _pagefind_glob(site_dir) is None:  # some page besides the articles is searchable
        extra = tuple(sorted(
            p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
            if p.relative_to(site_dir).parts[0] != PAGEFIND_DIR and not p.name.startswith(".")
            and p.relative_to(site_dir).as_posix() not in sharded))
    before = _previous_inputs(Path(previous) / PAGEFIND_DIR) if previous else {}
    out: dict[int, PagefindRun] = {}
    inputs = []
    todo, kept = [], []
    digest_of: dict[str, bytes] = {}  # each page's digest, for the kept inputs
    for i, shard in enumerate(shards):
        pages = shard.pages + extra if i == 0 else shard.pages
        digest = _inputs_digest(site_dir, pages, page_digests, digest_of)
        inputs.append([shard.name, digest])
        target = bundle if i == 0 else bundle / SHARDS_DIR / shard.name
        (kept if before.get((i == 0, shard.name)) == digest else todo).append((i, shard, pages, target))

    def keep(job: tuple[int, SearchShard, tuple[str, ...], Path]) -> None:
        i, shard, pages, target = job
        source = Path(previous) / PAGEFIND_DIR
        _link_bundle(source if i == 0 else source / SHARDS_DIR / shard.name, target, primary=i == 0)
        out[i] = PagefindRun(shard.name, len(pages), 0.0, 0.0, 0, reused=True)
        log.info("search shard %s: %d pages unchanged, bundle kept", shard.name, len(pages))

    # Pagefind's first run starts before anything else of this step: the kept bundles' links and the
    # `alongside` work wait until it has begun (the interpreter's lock, shared with them, would slow
    # the writing of its input pages down to a third), then run while it indexes.
    started = threading.Event()

    def once_started(work: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            started.wait()
            work()
        return run

    def index_all() -> None:
        from generator.infra.parallel import run_beside

        try:
            with tempfile.TemporaryDirectory(prefix=".pagefind-input-", dir=site_dir) as scratch:

                def index(job: tuple[int, SearchShard, tuple[str, ...], Path]) -> None:
                    i, shard, pages, target = job
                    keep_inputs = kept_inputs is not None and len(pages) <= KEPT_INPUTS_PAGES
                    if keep_inputs:
                        tree = kept_inputs.update(shard.name, site_dir, pages, digest_of)
                    else:
                        tree = Path(scratch) / shard.name
                        _link_pages(site_dir, tree, pages)
                    out[i] = _pagefind(tree, target, glob=None, verbose=verbose, shard=shard.name, started=started)
                    if not keep_inputs:
                        shutil.rmtree(tree)
                    if i:
                        _strip_merged_bundle(target)
                    log.info("search shard %s: %d pages indexed in %.1f s", shard.name, len(pages), out[i].wall)

                # The first bundle first when it is indexed: Pagefind's output is moved to `pagefind/`,
                # which must not exist yet.
                for job in todo:
                    if job[0] == 0:
                        index(job)
                rest = [job for job in todo if job[0] != 0]

                def index_rest() -> None:
                    # Small shards two at a time (one Pagefind run keeps a core about 70% busy); a large
                    # one alone, so that at most one large index is in memory.
                    small = [job for job in rest if len(job[2]) <= 2 * RECENT_SHARD_ARTICLES]
                    try:
                        for job in rest:
                            if job not in small:
                                index(job)
                        if small:
                            with ThreadPoolExecutor(max_workers=min(2, len(small))) as pool:
                                list(pool.map(index, small))
                    finally:
                        started.set()  # failed before any run began: what waits for one goes on

                def keep_all() -> None:
                    for job in kept:
                        keep(job)

                if rest and kept:  # the kept bundles (10,000 files) linked while the changed shards are indexed
                    run_beside(once_started(keep_all), index_rest)
                else:
                    keep_all()
                    index_rest()
        finally:
            started.set()  # no run will start: nothing waits for one

    if alongside is not None and todo:
        from generator.infra.parallel import run_beside

        run_beside(index_all, once_started(alongside))
    else:
        index_all()
    _write_shard_list(bundle, [f"{SHARDS_DIR}/{s.name}/" for s in shards[1:]], inputs)
    if kept_inputs is not None:
        kept_inputs.keep_only({s.name: s.pages + extra if i == 0 else s.pages for i, s in enumerate(shards)})
    if page_digests is not None:
        page_digests.keep_only({page for shard in shards for page in shard.pages} | set(extra))
    return [out[i] for i in range(len(shards))]


@functools.cache
def _engine_key() -> bytes:
    """What besides its pages decides a bundle's bytes: the Pagefind binary. Our own post-processing is
    not hashed here, so that the site does not change with the generator's source text; a bundle of
    an earlier version of that code is never reused because the build passes `previous` only while
    its cache, which is keyed by the generator's sources, is current."""
    return hashlib.sha256(pagefind_executable().read_bytes()).digest()


class PageDigests(Protocol):
    """Each page's digest by its file's stamp, kept between builds (a `generator.infra.cache.FileCache`)."""

    def get(self, key: str, stamp: tuple[int, int]) -> Any | None: ...
    def put(self, key: str, stamp: tuple[int, int], value: Any) -> None: ...
    def keep_only(self, keys: set[str]) -> None: ...


def _inputs_digest(site_dir: Path, pages: Sequence[str], known: PageDigests | None = None,
                   digest_of: dict[str, bytes] | None = None) -> str:
    """A digest of one Pagefind run's inputs: the engine, and each page's path and bytes (a page's
    digest is taken from `known` when its file has the stamp it had then); each page's digest is put
    in `digest_of`."""
    h = hashlib.sha256(_engine_key())
    root = str(site_dir)  # 10,000s of pages: strings, not pathlib
    for page in pages:
        path = os.path.join(root, page)
        stamp = stamp_of(os.stat(path)) if known is not None else None
        digest = known.get(page, stamp) if known is not None else None
        if digest is None:
            with open(path, "rb") as f:
                digest = hashlib.sha256(f.read()).digest()
            if known is not None:
                known.put(page, stamp, digest)
        h.update(page.encode("utf-8") + b"\0" + digest)
        if digest_of is not None:
            digest_of[page] = digest
    return h.hexdigest()


KEPT_INPUTS_PAGES = 2 * RECENT_SHARD_ARTICLES  # shards this small keep their copies between builds


class KeptInputs:
    """The copies Pagefind reads of the pages of each small shard (the recent ones, which corrections
    touch), kept between builds in `folder/<shard>/`, one folder of the build cache per site.

    Re-indexing a shard of 500 pages after a correction then writes one copy instead of 500 (a
    quarter of a second, and 500 files made and deleted). Each copy's page digest is remembered by
    the copy's own stamp (`memory`), so a copy is used again only while it is exactly what this
    build would write; pages that left the shard are removed, and so is a Pagefind output a killed
    run left. It holds the folder and its memory, hence a class.
    """

    def __init__(self, folder: Path, memory: PageDigests) -> None:
        self.folder, self.memory = Path(folder), memory

    def update(self, shard: str, site_dir: Path, pages: Sequence[str], digest_of: dict[str, bytes]) -> Path:
        """The folder of `shard`'s copies, made to hold exactly those of `pages` (of `site_dir`)."""
        from generator.search.pagefind_text import pagefind_copy

        tree = self.folder / shard
        wanted = set(pages)
        root = str(tree)
        for here, dirs, names in os.walk(root):
            rel = os.path.relpath(here, root).replace(os.sep, "/")
            prefix = "" if rel == "." else rel + "/"
            if not prefix and PAGEFIND_DIR in dirs:  # the output of a run that was killed
                shutil.rmtree(os.path.join(here, PAGEFIND_DIR))
                dirs.remove(PAGEFIND_DIR)
            for name in names:
                if prefix + name not in wanted:
                    os.unlink(os.path.join(here, name))
        made: set[str] = set()
        for page in pages:
            key, copy = f"{shard}/{page}", os.path.join(root, page)
            try:
                if self.memory.get(key, stamp_of(os.stat(copy, follow_symlinks=False))) == digest_of[page]:
                    continue
            except OSError:
                pass
            parent = os.path.dirname(copy)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            with open(os.path.join(str(site_dir), page), encoding="utf-8") as f:
                text = pagefind_copy(f.read())
            with open(copy, "w", encoding="utf-8") as f:
                f.write(text)
            self.memory.put(key, stamp_of(os.stat(copy)), digest_of[page])
        return tree

    def keep_only(self, shards: dict[str, Sequence[str]]) -> None:
        """Delete the copies of shards that are no longer small enough to keep (or no longer planned),
        and forget those of pages that left their shard. `shards`: each shard's name and pages."""
        kept = {name: pages for name, pages in shards.items() if len(pages) <= KEPT_INPUTS_PAGES}
        if self.folder.is_dir():
            for child in self.folder.iterdir():
                if child.name not in kept and child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
        self.memory.keep_only({f"{name}/{page}" for name, pages in kept.items() for page in pages})


def _previous_inputs(bundle: Path) -> dict[tuple[bool, str], str]:
    """(is the first shard, name) → inputs digest, from an earlier build's `shards.json`; {} if none."""
    try:
        listing = json.loads((bundle / SHARDS_FILE).read_text(encoding="utf-8"))
        inputs = listing.get("inputs") or []
        found = {(i == 0, str(name)): str(digest) for i, (name, digest) in enumerate(inputs)}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}
    # Only bundles that are still there and complete count.
    return {key: digest for key, digest in found.items()
            if (bundle / ("" if key[0] else f"{SHARDS_DIR}/{key[1]}") / "pagefind-entry.json").is_file()}


def _link_bundle(source: Path, target: Path, *, primary: bool) -> None:
    """Hard-link (or copy) an earlier bundle's files into `target`; a first bundle without its merged ones."""
    root = str(source)  # a bundle holds a fragment file per page: plain strings, not pathlib
    for folder, dirs, names in os.walk(root):
        rel = os.path.relpath(folder, root)
        if primary and rel == ".":
            dirs[:] = [d for d in dirs if d != SHARDS_DIR]
            names = [n for n in names if n != SHARDS_FILE]
        into = os.path.join(str(target), rel) if rel != "." else str(target)
        os.makedirs(into, exist_ok=True)
        for name in names:
            try:
                os.link(os.path.join(folder, name), os.path.join(into, name))
            except OSError:
                shutil.copyfile(os.path.join(folder, name), os.path.join(into, name))


def _link_pages(site_dir: Path, tree: Path, pages: Iterable[str]) -> None:
    """Write Pagefind's copy of each of `pages` of `site_dir` into `tree`, at the same relative paths
    (`pagefind_text.pagefind_copy`: one word per CJK character)."""
    from generator.search.pagefind_text import pagefind_copy

    made: set[Path] = set()
    for page in pages:
        source, target = site_dir / page, tree / page
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_text(pagefind_copy(source.read_text(encoding="utf-8")), encoding="utf-8")


def _strip_merged_bundle(bundle: Path) -> None:
    """Remove Pagefind's JS, CSS and wasm from a bundle that is only merged into the primary one."""
    for path in bundle.iterdir():
        if path.name in MERGED_BUNDLE_KEEP or path.name.endswith(".pf_meta"):
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def _write_shard_list(bundle: Path, merge: list[str], inputs: list[list[str]] | None = None) -> None:
    listing: dict[str, object] = {"version": 1, "merge": merge}
    if inputs:
        listing["inputs"] = inputs  # [[shard, digest of its pages], …], the first shard first
    text = json.dumps(listing, separators=(",", ":")) + "\n"
    (bundle / SHARDS_FILE).write_text(text, encoding="utf-8")


def _pagefind(site: Path, bundle: Path, *, glob: str | None, verbose: bool, shard: str,
              started: threading.Event | None = None) -> PagefindRun:
    """One Pagefind run over `site`, its bundle moved to `bundle` and made deterministic; `started` is
    set once the process runs.

    Pagefind reads `pagefind.{toml,yml,json}` from its working directory and `PAGEFIND_*` from the
    environment; it runs in an empty directory with those variables removed, so only the pages decide.
    When only article pages are searchable, Pagefind reads only those (`--glob`): the same bundle.
    """
    binary = pagefind_executable()
    written = site / PAGEFIND_DIR
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    args = [str(binary), "--site", str(site), "--output-path", str(written), "--verbose" if verbose else "--silent"]
    if glob:
        args += ["--glob", glob]
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pagefind-cwd-") as cwd, tempfile.TemporaryFile() as printed:
        try:
            proc = subprocess.Popen(args, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                    stdout=None if verbose else printed,
                                    stderr=None if verbose else subprocess.STDOUT)
        except OSError as exc:
            raise BuildError(str(binary), None, f"cannot start Pagefind: {exc}",
                             "reinstall with pip install --force-reinstall 'pagefind[extended]==1.5.2'") from exc
        if started is not None:
            started.set()
        try:
            _, status, usage = os.wait4(proc.pid, 0)  # its own rusage: CPU and peak memory of this run
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        proc.returncode = os.waitstatus_to_exitcode(status)
        printed.seek(0)
        output = printed.read().decode("utf-8", "replace").strip()
    cost = PagefindRun(shard, -1, time.monotonic() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
    if proc.returncode != 0:
        tail = "\n".join(output.splitlines()[-20:])
        raise BuildError(
            str(site),
            None,
            f"Pagefind failed with exit code {proc.returncode}" + (f":\n{tail}" if tail else ""),
            "run with -v to see Pagefind's full log",
        )
    if not (written / "pagefind.js").is_file() or not (written / "pagefind-entry.json").is_file():
        raise BuildError(
            str(site),
            None,
            "Pagefind wrote no search bundle" + (f":\n{output}" if output else ""),
            "check that the folder holds .html pages with <html lang=\"zh-CN\">",
        )
    if written != bundle:
        bundle.parent.mkdir(parents=True, exist_ok=True)
        try:
            written.rename(bundle)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            shutil.move(written, bundle)  # the kept inputs (in the build cache) lie on another file system
    from generator.search.pagefind_stable import make_deterministic  # filters come out in a per-run order

    make_deterministic(bundle)
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = sum(int(lang.get("page_count", 0)) for lang in entry.get("languages", {}).values())
    return PagefindRun(shard, pages, cost.wall, cost.cpu, cost.max_rss_kib)
