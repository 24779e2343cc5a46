"""The site writer: where each rendered page goes, and what is not rendered again.

One writer collects one share of the site. A page whose path falls to another share (a fixed split
by the path's CRC-32, the site-wide files in share 0) is noted, not rendered, so that n processes
render one site together. With the previous build's keys, a list or article page whose inputs are
unchanged (`inputs_key`) is not rendered but kept (`KeptFile`). With a `stage` (an `output.Stager`),
each file goes to the staged site as soon as it is rendered, and only its path and key are kept.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable, Mapping
from typing import Any

from generator.config import SiteConfig
from generator.errors import BuildError
from generator.models import Article, KeptFile, OutputFile, SiteFile, StagedFile
from generator.site.theme import Theme, render
from generator.site.views import Meta, base_context


def inputs_key(path: str, inputs: tuple) -> str:
    """A digest of everything a page is rendered from, besides the config, theme and generator."""
    return hashlib.blake2b(repr((path, inputs)).encode("utf-8"), digest_size=16).hexdigest()


class SiteWriter:
    """The files of one share of the site, as they are rendered; a path written twice is an error."""

    def __init__(self, *, config: SiteConfig, theme: Theme, digests: Mapping[str, str] | None,
                 previous: Mapping[str, str] | None, part: tuple[int, int],
                 stage: Callable[[OutputFile | KeptFile], None] | None) -> None:
        self.config, self.theme, self.digests, self.stage = config, theme, digests, stage
        self.previous = previous or {}
        self.share, self.shares = part
        self.out: dict[str, bytes | KeptFile | StagedFile | None] = {}  # None: another share's page
        self.keys: dict[str, str] = {}

    def elsewhere(self, path: str, *, site_wide: bool = False) -> bool:
        """True when another share renders `path`; the path is noted all the same."""
        mine = (self.share == 0 if site_wide
                else self.shares == 1 or zlib.crc32(path.encode()) % self.shares == self.share)
        if not mine:
            self.emit(path, None)
        return not mine

    def skip(self, path: str, *inputs: object) -> bool:
        """True when `path` needs no rendering here: another share's, or the previous build's file is
        kept because it was made from the same inputs. Else its key is remembered for `emit`."""
        if self.elsewhere(path):
            return True
        if self.digests is None:
            return False
        key = self.keys[path] = inputs_key(path, inputs)
        if self.previous.get(path) == key:
            self.emit(path, KeptFile(path, key))
            return True
        return False

    def digest(self, article: Article) -> str:
        """The article's content digest (it covers the id, which is in the file), for page keys."""
        return self.digests[article.id] if self.digests is not None else ""

    def page(self, path: str, template: str, root: str, current: str | None, meta: Meta, **extra: Any) -> None:
        """Render a page of the site's layout (base.html) with its own variables."""
        context = base_context(self.config, root=root, current=current, meta=meta)
        context.update(extra)
        self.emit(path, render(self.theme, template, context))

    def emit(self, path: str, data: str | bytes | KeptFile | None) -> None:
        if path in self.out:
            raise BuildError(path, None, "two pages would be written to the same file",
                             "check ids and slugs for collisions")
        if not path.isascii():
            raise BuildError(path, None, "output path is not ASCII", "ids and slugs must be ASCII")
        data = data.encode("utf-8") if isinstance(data, str) else data
        if self.stage is None or data is None:
            self.out[path] = data
        elif isinstance(data, KeptFile):
            self.stage(data)
            self.out[path] = data
        else:
            self.stage(OutputFile(path, data, self.keys.get(path)))
            self.out[path] = StagedFile(path, self.keys.get(path))

    def files(self) -> list[SiteFile]:
        """This share's files, sorted by path."""
        return [data if isinstance(data, (KeptFile, StagedFile)) else OutputFile(path, data, self.keys.get(path))
                for path, data in sorted(self.out.items()) if data is not None]
