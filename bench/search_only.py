#!/usr/bin/env python3
"""Run only the search step over an already built site, for timing.

    search_only.py SITE --content DIR [--shard-articles N]   Pagefind, sharded as build.py would
    search_only.py SITE                                      Pagefind, one run over the whole site
    search_only.py --offline --content DIR                   the offline index (search/), not written

The content is read first (Pagefind's shards follow the articles' dates); that and each Pagefind
run are timed separately and printed, and written as JSON to --stats if given.
"""

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.config import SiteConfig  # noqa: E402
from generator.pipeline import Report  # noqa: E402
from generator.content.load import load_articles
from generator.site.urls import url_for
from generator.search.offline import build_offline_index  # noqa: E402
from generator.search.pagefind import run_pagefind  # noqa: E402


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path, nargs="?")
    ap.add_argument("--content", type=Path)
    ap.add_argument("--shard-articles", type=int, default=SiteConfig().search_shard_articles)
    ap.add_argument("--offline", action="store_true", help="build the offline index instead of Pagefind")
    ap.add_argument("--stats", type=Path, help="write the timings here as JSON")
    args = ap.parse_args()
    stats: dict = {}
    articles = None
    if args.content:
        t, c = time.monotonic(), cpu()
        loaded = load_articles(args.content, Report(), jobs=1)
        articles = loaded.articles if hasattr(loaded, "articles") else loaded[0]
        stats["load"] = {"articles": len(articles), "wall": time.monotonic() - t, "cpu": cpu() - c,
                         "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
        print(f"load     {len(articles)} articles: {stats['load']['wall']:.1f} s", flush=True)
    if args.offline:
        if articles is None:
            ap.error("--offline needs --content")
        t, c = time.monotonic(), cpu()
        files = build_offline_index(articles, url_for=url_for)
        stats["offline"] = {"files": len(files), "bytes": sum(len(f.data) for f in files),
                            "wall": time.monotonic() - t, "cpu": cpu() - c,
                            "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
        print(f"offline  {len(files)} files, {stats['offline']['bytes'] / 2**20:.0f} MiB: "
              f"{stats['offline']['wall']:.1f} s, peak RSS {stats['offline']['rss_mib']:.0f} MiB", flush=True)
    else:
        if args.site is None:
            ap.error("SITE is needed for Pagefind")
        runs = run_pagefind(args.site, articles=articles, url_for=url_for,
                            shard_articles=args.shard_articles if articles is not None else None)
        stats["pagefind"] = [{"shard": r.shard, "pages": r.pages, "wall": r.wall, "cpu": r.cpu,
                              "rss_mib": r.max_rss_kib / 1024} for r in runs]
        for r in stats["pagefind"]:
            print(f"pagefind {r['shard']:10} {r['pages']:6} pages: wall {r['wall']:.1f} s, cpu {r['cpu']:.1f} s, "
                  f"peak RSS {r['rss_mib']:.0f} MiB", flush=True)
    if args.stats:
        args.stats.write_text(json.dumps(stats, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
