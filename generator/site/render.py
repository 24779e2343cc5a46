"""Articles + printed pages → the reader site as files; never touches the disk.

`render_site` builds the site's model (indexes, editions, cards) once, then runs each page kind's
producer (`pages.PRODUCERS`, then the site-wide files) through one `SiteWriter`. Templates only print the view models
(`views.py`); every href is computed in Python, relative to the page it is on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from generator.config import SiteConfig
from generator.models import Article, KeptFile, OutputFile, PageInfo, SiteFile
from generator.site.editions import editions
from generator.site.indexes import build_index
from generator.site.pages import PRODUCERS, SiteModel, write_site_files
from generator.site.theme import Theme
from generator.site.views import card_cache, make_markdown
from generator.site.writer import SiteWriter


def render_site(articles: Sequence[Article], pages: Sequence[PageInfo], *, config: SiteConfig, theme: Theme,
                digests: Mapping[str, str] | None = None, previous: Mapping[str, str] | None = None,
                part: tuple[int, int] = (0, 1),
                stage: Callable[[OutputFile | KeptFile], None] | None = None) -> list[SiteFile]:
    """Render every page of the reader site, the feed, sitemap, robots.txt and the theme's static files.

    Output is sorted by path and identical for identical input. A path produced twice is a bug and
    raises instead of silently overwriting.

    Incremental builds pass `digests` (article id → digest of its content file) and `previous`
    (path → key of each file the last build rendered with this config and theme, still on disk):
    a page whose key (`writer.inputs_key`) is in `previous` is returned as `KeptFile`. The
    site-wide pages are cheap and always rendered. `part=(k, n)` renders the k-th of n shares of
    the pages; with `stage`, each file is handed to it as it is rendered (see `SiteWriter`).
    """
    index = build_index(articles, pages)
    # build_index rejects duplicate ids, so (id, root) names one card
    site = SiteModel(index=index, editions=editions(index.pages), config=config, md=make_markdown(),
                     card_of=card_cache({p.info.id: p.info for p in index.pages}))
    writer = SiteWriter(config=config, theme=theme, digests=digests, previous=previous, part=part, stage=stage)
    for produce in PRODUCERS:
        produce(site, writer)
    if writer.share == 0:  # after the others: the sitemap lists every share's pages
        write_site_files(site, writer)
    return writer.files()
