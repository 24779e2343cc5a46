#!/usr/bin/env python3
"""The largest pages of the archive (往期) and of a day in a built site, against their budgets.

    python bench/make_corpus.py --mode content --articles 10000 --out bench/out/corpus/content-10000
    python build.py --seeds bench/out/empty --content bench/out/corpus/content-10000 --out bench/out/site-10000 --no-zip --no-search
    python bench/edition_sizes.py bench/out/site-10000

Exits 1 when a page is over its budget (generator/editions.py; tests/unit/test_edition_sizes.py keeps
them on a small site with a year of daily papers and a day of 24 pages).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.site.editions import ARCHIVE_PAGE_BUDGET, DAY_PAGE_BUDGET  # noqa: E402


def largest(site: Path, pattern: str) -> tuple[str, int]:
    pages = [(p.relative_to(site).as_posix(), p.stat().st_size) for p in site.glob(pattern)]
    return max(pages, key=lambda p: (p[1], p[0])) if pages else ("-", 0)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    site = Path(argv[0])
    checks = [("archive", [largest(site, "archive.html"), largest(site, "archive/*.html")], ARCHIVE_PAGE_BUDGET),
              ("day", [largest(site, "days/*.html")], DAY_PAGE_BUDGET)]
    over = False
    print(f"{len(list(site.glob('articles/*.html')))} articles, {len(list(site.glob('days/*.html')))} days")
    for name, found, budget in checks:
        path, size = max(found, key=lambda p: p[1])
        print(f"largest {name} page: {path} {size / 1024:.1f} KiB (budget {budget / 1024:.0f} KiB)")
        over |= size > budget
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
