"""`site.toml` → frozen `SiteConfig`; unknown keys are errors with a "did you mean"."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Site settings. Paths are relative to the folder holding site.toml."""

    title: str = "读报"
    description: str = "报纸版面的文章，按地区、标签与版面浏览，可离线检索。"
    base_url: str = ""  # absolute URL of the published site, for feed/sitemap; "" = unknown
    paper: str | None = None  # default paper name for pages without their own .toml
    theme: str = "default"
    themes_dir: str = "themes"
    seeds_dir: str = "seeds"
    content_dir: str = "content"
    out_dir: str = "site"
    zip_path: str = "site.zip"
    per_page: int = 20  # articles per home page
    feed_items: int = 50
