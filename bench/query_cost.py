#!/usr/bin/env python3
"""What a first (cold) query fetches from a built site, counted from the indexes' own tables.

    python bench/query_cost.py SITE [WORD ...]

Pagefind (online): the search page loads `pagefind.js`, its wasm and `pagefind-entry.json`, merges
every bundle `pagefind/shards.json` lists, and calls `filters()` (facet counts). So for each bundle
it fetches the entry file, the `.pf_meta` index and every `.pf_filter` file, then, for the query,
the `.pf_index` chunk(s) whose word range holds each word, and the fragments of the ten results
shown. (Pagefind may also fetch more chunks for words it cuts differently; this is the floor.)
Offline (`file://`): `search/meta.js`, one term shard per query bigram, and the documents shown.
The word ranges are read from the meta index (CBOR in gzip, generator/pagefind_stable.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.search.pagefind_stable import cbor_decode, read_pf  # noqa: E402
from generator.search.terms import fnv1a, normalize, terms_of  # noqa: E402

SHOWN = 10  # results whose fragment (Pagefind) or document (offline) a first page of results loads


def pagefind_cost(site: Path, words: list[str]) -> tuple[int, int, int]:
    """(files, bytes, bundles) a cold Pagefind query for `words` fetches."""
    top = site / "pagefind"
    listing = json.loads((top / "shards.json").read_text(encoding="utf-8"))
    bundles = [top] + [top / p for p in listing.get("merge", [])]
    files = [top / "pagefind.js", *top.glob("wasm.*.pagefind")]
    fragments = []
    for bundle in bundles:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        files.append(bundle / "pagefind-entry.json")
        for language in entry["languages"].values():
            meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
            files.append(meta_path)
            meta = cbor_decode(read_pf(meta_path))
            chunks, filters = meta[2], meta[3]
            files += [bundle / "filter" / f"{h}.pf_filter" for _, h in filters]
            for word in words:
                for chunk in chunks:
                    low, high, digest = chunk[0], chunk[1], chunk[2]
                    if low <= word <= high:
                        files.append(bundle / "index" / f"{digest}.pf_index")
                        break
        fragments += sorted((bundle / "fragment").glob("*.pf_fragment"))[:SHOWN]
    sizes = [p.stat().st_size for p in fragments]
    fragment_bytes = int(sum(sizes) / max(1, len(sizes)) * SHOWN)
    return len(files) + SHOWN, sum(p.stat().st_size for p in files) + fragment_bytes, len(bundles)


def offline_cost(site: Path, words: list[str]) -> tuple[int, int]:
    """(files, bytes) a cold offline query for `words` fetches."""
    search = site / "search"
    meta_text = (search / "meta.js").read_text(encoding="utf-8")
    meta = json.loads(meta_text[meta_text.index("(") + 1 : -3])
    shards, width = meta["shards"], meta["width"]
    keys = set()
    for word in words:
        terms = [t for t in terms_of(normalize(word)) if len(t) == 2] or list(terms_of(normalize(word)))
        keys |= {format(fnv1a(t) % shards, f"0{width}x") for t in terms}
    files = [search / "meta.js", *(search / "t" / f"{k}.js" for k in sorted(keys))]
    docs = sorted((search / "d").glob("*.js"))[:SHOWN]
    return len(files) + len(docs), sum(p.stat().st_size for p in files + docs)


def main() -> int:
    site = Path(sys.argv[1])
    words = sys.argv[2:] or ["志愿服务"]
    files, size, bundles = pagefind_cost(site, words)
    print(f"Pagefind, {bundles} bundle(s): {files} files, {size / 1024:.0f} KiB for {' '.join(words)}")
    files, size = offline_cost(site, words)
    print(f"offline: {files} files, {size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
