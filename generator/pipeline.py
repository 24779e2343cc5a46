"""`run()`: ingest, then build. The only module that knows the order of the stages.

ingest = seeds → printed pages → layout, split, review → enrich → content/      (generator/ingest/)
build  = content/ → pages and the offline index → Pagefind → zip → site/       (generator/site/, search/)

Each step below is one call into the module that owns it; what a build remembers for the next one
(`.cache/readpaper/`) is saved only once the build has succeeded.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.config import SiteConfig
from generator.errors import BuildErrors, Problem
from generator.infra.cache import NO_STAMP, FileCache, stamp_of

if TYPE_CHECKING:
    from generator.infra.output import OldSites

log = logging.getLogger("generator")

ProgressCallback = Callable[[str, int, int], None]  # (stage, done, total)


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

    def add(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.warnings.append(problem)
            log.warning("%s", problem)


@dataclass(frozen=True)
class Paths:
    """Where a build reads and writes, from the command line or else `site.toml`."""

    base: Path  # the folder holding site.toml
    seeds: Path
    content: Path
    out: Path
    zip_path: Path | None
    cache: Path


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


# ---------------------------------------------------------------------------------------------
# ingest


def ingest(seeds_dir: Path, content_dir: Path, report: Report, *, progress: ProgressCallback = _no_progress,
           jobs: int = 1) -> None:
    """Turn every seed into content files; hand-edited content files are never overwritten.

    With `jobs > 1` and enough pages, the pages are cut into shares, each split, tagged and written
    by a forked worker of its own; the result is the same.
    """
    from generator.ingest.seeds import read_seeds

    pages, warnings = read_seeds(seeds_dir, jobs=jobs)
    report.add(warnings)
    if not pages:
        return  # nothing to split; enrich would load the tag model (and this import its modules) for nothing
    from generator.ingest.workers import split_enrich_and_write

    result = split_enrich_and_write(pages, content_dir, jobs=jobs, progress=progress)
    report.add(result.split)
    report.add(result.written)


# ---------------------------------------------------------------------------------------------
# the whole run


def run(options: BuildOptions) -> Report:
    """Ingest, then build; raise BuildError(s) on any input error, leaving site/ and the zip untouched."""
    try:
        with contextlib.ExitStack() as held:  # the build lock, from the paths' check to the end
            return _run(options, held)
    finally:
        gc.unfreeze()  # `_run` freezes what it loaded; a caller (the tests, --serve) may build again


def _run(options: BuildOptions, held: contextlib.ExitStack | None = None) -> Report:
    from generator.config import load_config
    from generator.content.load import load_articles
    from generator.content.review_file import review_list, write_review_file
    from generator.enrich.slugs import known_slugs, learn_slugs
    from generator.infra.parallel import default_jobs
    from generator.infra.progress import Progress

    config = load_config(options.config)
    paths = paths_of(options, config)
    progress = Progress("bars" if options.progress else "lines" if log.isEnabledFor(logging.INFO) else "off")
    jobs = options.jobs or default_jobs()
    report = Report()

    _check_paths_and_lock(options, config, paths, held)
    slug_memory = FileCache(paths.cache, "slugs", paths.content)
    learned = slug_memory.get("slugify", NO_STAMP) or {}
    learn_slugs(learned)
    ingest_state = _ingest_unless_current(paths, report, progress=progress, jobs=jobs)
    parsed = FileCache(paths.cache, "content", paths.content)
    with progress.counting("load content", counts=False):
        loaded = load_articles(paths.content, cache=parsed, jobs=jobs)
    report.add(loaded.warnings)
    report.flagged = review_list(paths.content, loaded.articles)
    write_review_file(paths.content, report.flagged)
    # The articles live to the end of the build: the cyclic collector need not walk them again and
    # again while pages render (6% of the CPU at 30,000 articles), nor touch them in forked workers.
    gc.freeze()
    from generator.infra.output import OldSites

    old_sites = OldSites()  # the previous site is deleted while the memories are saved
    try:
        memories = _build_site(options, config, paths, loaded, report, progress=progress, jobs=jobs,
                               old_sites=old_sites)
        if len(known_slugs()) != len(learned):
            slug_memory.put("slugify", NO_STAMP, known_slugs())
        for memory in (slug_memory, ingest_state, parsed, *memories):
            memory.save()
    finally:
        old_sites.wait()
    report.summary = BuildSummary(articles=len(loaded.articles), pages=len(loaded.pages),
                                  needs_review=sum(a.needs_review for a in loaded.articles), out=paths.out,
                                  zip_path=paths.zip_path)
    return report


def paths_of(options: BuildOptions, config: SiteConfig) -> Paths:
    """The paths of a build (also what `--serve` watches and serves)."""
    base = options.config.parent
    return Paths(base=base, seeds=options.seeds or base / config.seeds_dir,
                 content=options.content or base / config.content_dir, out=options.out or base / config.out_dir,
                 zip_path=None if options.no_zip else (options.zip_path or base / config.zip_path),
                 cache=options.cache or _default_cache(base))


def _default_cache(base: Path) -> Path:
    from generator.infra.cache import default_cache_dir

    return default_cache_dir(base)


def _check_paths_and_lock(options: BuildOptions, config: SiteConfig, paths: Paths,
                          held: contextlib.ExitStack | None) -> None:
    """Refuse output paths that could destroy data (`guard.check_output_paths`), check the inputs
    (`seeds.check_input_folders`), then take the build lock (`guard.build_lock`) into `held`."""
    from generator.infra.cache import zip_memory_of, zip_written_from
    from generator.infra.guard import Named, build_lock, check_output_paths, config_line
    from generator.ingest.seeds import check_input_folders

    base, out, zip_path = paths.base, paths.out, paths.zip_path
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
    check_output_paths(out_named, zip_named, content=paths.content, seeds=paths.seeds,
                       theme=base / config.themes_dir / config.theme, code=code, cache=paths.cache, project=base,
                       also=(("content", base / config.content_dir), ("seeds", base / config.seeds_dir),
                             ("code", code.parent / "build.py")),
                       zip_written_here=zip_path is not None and zip_written_from(
                           zip_memory_of(paths.cache, out), zip_path, out) is not None)
    check_input_folders(paths.seeds, paths.content)
    if held is not None:
        held.enter_context(build_lock(paths.cache, wait=options.wait))


def _ingest_unless_current(paths: Paths, report: Report, *, progress, jobs: int) -> FileCache:
    """Ingest the seeds, or replay the last ingest's warnings when ingesting again would change
    nothing (`ingest/memory.py`); returns that memory, to be saved with the build's others."""
    from generator.ingest.memory import record_ingest, replayable_warnings
    from generator.ingest.seeds import seeds_state

    state = FileCache(paths.cache, "ingest", paths.content)
    seeds = seeds_state(paths.seeds)  # read once before ingest: a seed changed meanwhile is not recorded
    replayed = replayable_warnings(state, seeds[0], paths.content, seeds[1]) if seeds is not None else None
    if replayed is not None:
        report.add(replayed)
        return state
    first_warning = len(report.warnings)
    ingest(paths.seeds, paths.content, report, progress=progress, jobs=jobs)
    if seeds is not None:
        fingerprint, page_ids = seeds
        record_ingest(state, fingerprint, paths.content, page_ids, report.warnings[first_warning:])
    return state


def _build_site(options: BuildOptions, config: SiteConfig, paths: Paths, loaded, report: Report, *,
                progress, jobs: int, old_sites: OldSites | None = None) -> tuple[FileCache, ...]:
    """content/ → a staged site: pages and the offline index, pictures, Pagefind and the zip, then
    the staged site swapped in for the old one. Returns the memories to save once all succeeded."""
    from generator.infra.cache import kept_outputs, remember_rendered, zip_memory_of, zip_written_from
    from generator.infra.output import SiteZip, Stager, check_paths, commit_site, link_unchanged, open_stage
    from generator.search.pagefind import PAGEFIND_DIR, KeptInputs, run_pagefind
    from generator.site.assemble import page_pictures, render_and_index, staged
    from generator.site.theme import load_theme
    from generator.site.urls import url_for

    out, zip_path = paths.out, paths.zip_path
    # Compiled templates are kept once a build has made the cache folder (a failed first build leaves nothing).
    theme = load_theme(paths.base / config.themes_dir / config.theme,
                       compiled_cache=paths.cache / "templates" if paths.cache.is_dir() else None)
    setup = hashlib.blake2b(f"{theme.digest}\0{config!r}".encode(), digest_size=16).hexdigest()
    # Each rendered page's key and file stamp (valid for one config and theme); each article's line
    # of data/articles.json; the zip the site was last written to; deflated pieces of large files;
    # each page's digest, which tells Pagefind's shards that changed.
    rendered = FileCache(paths.cache, "site", out, salt=setup, racy_ns=0, plain=True)
    lines = FileCache(paths.cache, "records", out, racy_ns=0, plain=True)
    previous = kept_outputs(rendered, out)
    zip_memory = zip_memory_of(paths.cache, out)
    zip_source = zip_written_from(zip_memory, zip_path, out)
    zip_chunks = FileCache(paths.cache, "zipchunks", out, racy_ns=0, plain=True)
    page_digests = FileCache(paths.cache, "pagefindinputs", out, racy_ns=0, plain=True)
    # Pagefind's copies of the recent shards' pages, kept in the cache folder (what each was made from).
    copies = FileCache(paths.cache, "pagefindcopies", out, racy_ns=0, plain=True)
    kept_inputs = KeptInputs(copies.folder, copies)
    # Pages go into the staged site as they are rendered: the site is never whole in memory.
    stage_dir = open_stage(out)
    try:
        stager = Stager(stage_dir, out)
        with progress.counting("render + index" if options.search else "render") as counter:
            stager.counter = counter
            files = render_and_index(loaded.articles, loaded.pages, search=options.search, jobs=jobs, lines=lines,
                                     config=config, theme=theme, digests=loaded.digests, previous=previous,
                                     stage=stager, previous_dir=out)
        files = sorted(files + staged(page_pictures(paths.content, loaded.pages), stager), key=lambda f: f.path)
        check_paths(files)
        if options.strict and report.warnings:
            raise BuildErrors(report.warnings)
        with contextlib.ExitStack() as zipping:
            # The zip's entries that sort before pagefind/ are written while Pagefind indexes.
            site_zip = None if zip_path is None else zipping.enter_context(
                SiteZip(stage_dir, zip_path, reuse_from=zip_source, chunks=zip_chunks,
                        later=PAGEFIND_DIR if options.search else None))
            if options.search:
                with progress.counting("pagefind" if site_zip is None else "pagefind + first part of the zip",
                                       counts=False):
                    # Bundles are reused only from a site this very generator made (its cache is current).
                    run_pagefind(stage_dir, articles=loaded.articles, url_for=url_for,
                                 shard_articles=config.search_shard_articles, previous=out if previous else None,
                                 page_digests=page_digests, kept_inputs=kept_inputs,
                                 alongside=None if site_zip is None else site_zip.write_first)
                    link_unchanged(stage_dir, out, folder=PAGEFIND_DIR)  # before the zip, which then copies them
            if site_zip is not None:
                with progress.counting("zip", counts=False):
                    site_zip.finish()
        with progress.counting("commit", counts=False):
            commit_site(stage_dir, out, staged_files=[f.path for f in files], old_sites=old_sites,
                        linked_folders=(PAGEFIND_DIR,) if options.search else ())
    finally:
        progress.close()
        if stage_dir.exists():
            shutil.rmtree(stage_dir, ignore_errors=True)
    remember_rendered(rendered, files, out)
    zip_memory.keep_only(set())  # the site changed: an older zip no longer matches it
    if zip_path is not None:
        zip_memory.put("zip", stamp_of(os.stat(zip_path)), str(Path(zip_path).resolve()))
    return rendered, lines, zip_memory, zip_chunks, page_digests, copies
