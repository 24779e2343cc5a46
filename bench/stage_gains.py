#!/usr/bin/env python3
"""CPU seconds of the build's hot stages before and after each bench/fastpaths.py patch, in one process.

    python bench/stage_gains.py CONTENT_DIR
"""

import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

import fastpaths  # noqa: E402
from generator import content as content_io  # noqa: E402
from generator import pipeline, search  # noqa: E402


def cpu(label: str, fn):
    t = time.process_time()
    out = fn()
    print(f"{label:42} {time.process_time() - t:7.2f} s CPU", flush=True)
    return out


def main() -> None:
    root = Path(sys.argv[1])
    from generator.tags import load_tag_model
    cpu("load_tag_model (jieba + project dict)", load_tag_model)
    files = cpu("read_content (libyaml, as committed)", lambda: content_io.read_content(root))
    articles = [f.article for f in files]
    a = cpu("build_offline_index, as is", lambda: search.build_offline_index(articles, url_for=pipeline.url_for))
    from generator import render
    from generator.config import load_config
    config = load_config(BENCH.parent / "site.toml")
    pages = pipeline.load_articles(root).pages
    theme = render.load_theme(BENCH.parent / config.themes_dir / config.theme)
    ra = cpu("render_site, as is", lambda: render.render_site(articles, pages, config=config, theme=theme))
    cpu("articles_json", lambda: pipeline.articles_json(articles, pipeline.url_for))
    fastpaths.apply({"index", "md", "cards"})
    b = cpu("build_offline_index, patch `index`", lambda: search.build_offline_index(articles, url_for=pipeline.url_for))
    assert a == b, "offline index differs"
    rb = cpu("render_site, patches `md` + `cards`", lambda: render.render_site(articles, pages, config=config, theme=theme))
    assert ra == rb, "rendered files differ"
    print("byte-identical offline index and rendered files with the patches")


if __name__ == "__main__":
    main()
