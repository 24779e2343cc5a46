"""Every file of the site but Pagefind's: the pages, `data/*.json`, the pages' pictures and the
offline search index, made on one core or two (a forked worker renders half the pages, then builds
the offline index, while this process renders the other half)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from generator.config import SiteConfig
from generator.errors import BuildError
from generator.infra.cache import FileCache
from generator.models import Article, KeptFile, OutputFile, PageInfo, SiteFile, StagedFile
from generator.site.data import articles_json, pages_json
from generator.site.urls import url_for

PARALLEL_MIN_ARTICLES = 200  # for rendering


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
        files += staged([OutputFile("data/articles.json", articles_json(articles, url_for, digests=digests,
                                                                         lines=lines)),
                          OutputFile("data/pages.json", pages_json(pages))], stage)
    return files


def page_pictures(content_dir: Path, pages: Sequence[PageInfo]) -> list[OutputFile]:
    """Each page's picture (PDF seeds), copied from `content/<page-id>/` to where its view shows it."""
    from generator.site.indexes import is_safe_name
    from generator.site.views import page_image_path

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


def staged(files: list[OutputFile], stage: Callable[[OutputFile | KeptFile], None] | None) -> list[SiteFile]:
    """`files` handed to `stage` and returned as `StagedFile`s, or as they are without a stage."""
    if stage is None:
        return list(files)
    for f in files:
        stage(f)
    return [StagedFile(f.path, f.key) for f in files]


def _offline_index(articles: Sequence[Article], render_options: Mapping, previous_dir: Path | None) -> list[SiteFile]:
    """The offline search index, patched from the previous site's when only some articles changed."""
    from generator.search.offline import build_offline_index

    return staged(build_offline_index(articles, url_for=url_for, digests=render_options.get("digests"),
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
