#!/usr/bin/env python3
"""Profile our build from content/ (no search, no zip) with cProfile, and time its stages.

    python bench/profile_build.py CONTENT_DIR OUT_DIR [PROFILE.pstats]
Prints the wall time of each stage (load, theme, render, json, offline index, stage, commit) and
the top functions by cumulative and by own time.
"""

import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def stages(content: Path, out: Path) -> None:
    t = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        print(f"  {name:16} {now - t:7.2f}s", file=sys.stderr)
        t = now

    from generator.content import load
    from generator.site import data, urls
    from generator.config import load_config
    from generator.models import OutputFile
    from generator.infra.output import commit_site, stage_site
    from generator.site.theme import load_theme
    from generator.site.render import render_site
    from generator.search.offline import build_offline_index
    lap("imports")
    from generator.enrich.article import load_tag_model
    load_tag_model()
    lap("tag model (jieba)")
    config = load_config(ROOT / "site.toml")
    loaded = load.load_articles(content)
    articles, pages = loaded.articles, loaded.pages
    lap("load content")
    theme = load_theme(ROOT / config.themes_dir / config.theme)
    files = render_site(articles, pages, config=config, theme=theme)
    lap("render")
    files.append(OutputFile("data/articles.json", data.articles_json(articles, urls.url_for)))
    lap("articles.json")
    files += build_offline_index(articles, url_for=urls.url_for)
    lap("offline index")
    staged = stage_site(files, out)
    lap("stage (write)")
    commit_site(staged, out)
    lap("commit")
    print(f"  {len(articles)} articles, {len(files)} files", file=sys.stderr)


if __name__ == "__main__":
    content, out = Path(sys.argv[1]), Path(sys.argv[2])
    prof = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    if prof:
        cProfile.run("stages(content, out)", str(prof))
        s = pstats.Stats(str(prof))
        s.sort_stats("cumulative").print_stats(45)
        s.sort_stats("tottime").print_stats(30)
    else:
        stages(content, out)
