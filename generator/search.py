"""Built site → Pagefind index (`pagefind/`) and articles → offline search shards (`search/`).

Online, the search page uses Pagefind's extended build, which segments Chinese. Pagefind cannot run
from `file://` (ES modules, wasm, fetch), so the page then falls back to the offline index built here:
plain `.js` files that call `window.__SEARCH__.<kind>(…)` and are loaded by inserting `<script>` tags.

Offline index layout (all paths relative to the site root):

    search/meta.js          __SEARCH__.meta({...})         doc count, shard count, filter names
    search/t/<hex>.js       __SEARCH__.shard("<hex>", {term: postings})   terms hashed into shards
    search/f/<filter>.js    __SEARCH__.filter("<filter>", {value: postings})
    search/d/<n>.js         __SEARCH__.doc(n, {...})       one document: title, url, text, filters

Terms are the rule that is not obvious: a run of CJK characters gives every character (unigram) and
every pair of neighbours (bigram); any other run of letters or digits gives one lowercase token. A
query word of two or more CJK characters is looked up by its bigrams, and the candidates are then
verified against the document text, which the page loads anyway to show the excerpt.

Postings are sorted document numbers, delta-encoded, with the lowest bit flagging "also in the
title"; each number is written as base-32 digits where every digit but the last comes from a
second alphabet, so no separators are needed (see `encode_postings`). `static/search-offline.js`
holds the matching reader; both sides share `fnv1a` for the shard of a term.
"""

from __future__ import annotations

import functools
import json
import operator
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from .errors import BuildError
from .models import Article, OutputFile
from .render import KIND_LABELS, display_title

FILTERS = ("tag", "province", "city", "county", "kind")
SEARCH_DIR = "search"
FORMAT_VERSION = 1
TARGET_SHARD_BYTES = 12_000  # aim for shards of about this size; a query loads one per term
FINAL_DIGITS = "0123456789abcdefghijklmnopqrstuv"  # last base-32 digit of a number
MORE_DIGITS = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$"  # any earlier digit
ARTICLE_GLOB = "articles/*.html"  # the pages that carry data-pagefind-body in the default theme


# --- Pagefind -------------------------------------------------------------------------------------


def pagefind_executable() -> Path:
    """Return the extended Pagefind binary (the standard build does not segment Chinese)."""
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-not-found]
    except ImportError as exc:
        raise BuildError(
            "pagefind",
            None,
            "the extended Pagefind binary is not installed",
            "pip install 'pagefind[extended]==1.5.2'",
        ) from exc
    try:
        return Path(get_executable())
    except (FileNotFoundError, OSError) as exc:
        raise BuildError("pagefind", None, f"the extended Pagefind binary is missing: {exc}",
                         "reinstall with pip install --force-reinstall 'pagefind[extended]==1.5.2'") from exc


def _pagefind_glob(site_dir: Path) -> str | None:
    """Return ARTICLE_GLOB when only article pages carry `data-pagefind-body`, else None (every page).

    Pagefind indexes only the pages with that attribute once any page has it, but it still parses
    all the others (at 10,000 articles: 2.4k list pages, a quarter of its memory and time). Each
    folder's pages come from one template, so one page per folder (and every top-level page) tells.
    """
    if not any((site_dir / "articles").glob("*.html")):
        return None
    samples = [*site_dir.glob("*.html")]
    for folder in sorted(p for p in site_dir.iterdir() if p.is_dir() and p.name not in ("articles", "pagefind")):
        samples += [next(folder.rglob("*.html"), None)]
    for page in filter(None, samples):
        if b"data-pagefind-body" in page.read_bytes():
            return None
    return ARTICLE_GLOB


def run_pagefind(site_dir: Path, *, verbose: bool = False) -> None:
    """Index the HTML pages of `site_dir` in one Pagefind run, writing `site_dir/pagefind/`.

    Pagefind reads `pagefind.{toml,yml,json}` from its working directory and `PAGEFIND_*` from the
    environment; it runs in an empty directory with those variables removed, so only the pages decide.
    When only article pages are searchable, Pagefind reads only those (`--glob`): the same bundle.
    """
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise BuildError(str(site_dir), None, "cannot index for search: not a folder")
    binary = pagefind_executable()
    bundle = site_dir / "pagefind"
    if bundle.exists():
        shutil.rmtree(bundle)  # stale fragments of an earlier run would stay in the bundle
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    args = [str(binary), "--site", str(site_dir), "--verbose" if verbose else "--silent"]
    glob = _pagefind_glob(site_dir)
    if glob:
        args += ["--glob", glob]
    with tempfile.TemporaryDirectory(prefix="pagefind-cwd-") as cwd:
        try:
            proc = subprocess.run(
                args,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=None if verbose else subprocess.PIPE,
                stderr=None if verbose else subprocess.STDOUT,
                check=False,
            )
        except OSError as exc:
            raise BuildError(str(binary), None, f"cannot start Pagefind: {exc}",
                             "reinstall with pip install --force-reinstall 'pagefind[extended]==1.5.2'") from exc
    output = (proc.stdout or b"").decode("utf-8", "replace").strip()
    if proc.returncode != 0:
        tail = "\n".join(output.splitlines()[-20:])
        raise BuildError(
            str(site_dir),
            None,
            f"Pagefind failed with exit code {proc.returncode}" + (f":\n{tail}" if tail else ""),
            "run with -v to see Pagefind's full log",
        )
    if not (bundle / "pagefind.js").is_file() or not (bundle / "pagefind-entry.json").is_file():
        raise BuildError(
            str(site_dir),
            None,
            "Pagefind wrote no search bundle" + (f":\n{output}" if output else ""),
            "check that the folder holds .html pages with <html lang=\"zh-CN\">",
        )
    from .pagefind_stable import make_deterministic  # filters come out in a per-run order

    make_deterministic(site_dir / "pagefind")


# --- offline index: text and terms ---------------------------------------------------------------


CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\U00020000-\U0003134f\u3007"  # 〇 too
# A CJK run, or a run of other letters and digits: `[^\W_]` is exactly `str.isalnum`.
_RUN = re.compile(f"([{CJK_RANGES}]+)|((?:(?![{CJK_RANGES}])[^\\W_])+)")
_SMALL_NUMBERS = 8192  # encode_number looks these up; postings are mostly small deltas


def is_cjk(ch: str) -> bool:
    """Tell whether `ch` is written without spaces between words (Han, kana, CJK extensions)."""
    o = ord(ch)
    return (
        0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0x3040 <= o <= 0x30FF
        or 0x20000 <= o <= 0x3134F
        or o == 0x3007  # 〇
    )


@functools.cache  # bounded by the characters of Unicode; a corpus uses a few thousand
def _fold(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).lower()


def normalize(text: str) -> str:
    """Fold width and case one character at a time (the browser does the same, to map offsets back)."""
    return "".join(map(_fold, text))


def runs(text: str) -> Iterable[tuple[bool, str]]:
    """Split normalized text into (is_cjk, run) pieces; everything else separates runs."""
    for cjk, other in _RUN.findall(text):
        yield (True, cjk) if cjk else (False, other)


def terms_of(text: str) -> set[str]:
    """Return the index terms of normalized text: CJK unigrams and bigrams, other tokens whole."""
    out: set[str] = set()
    for cjk, run in runs(text):
        if cjk:
            out.update(run)
            out.update(map(operator.add, run, run[1:]))  # bigrams
        else:
            out.add(run)
    return out


def fnv1a(term: str) -> int:
    """Hash the UTF-16 code units of `term` (FNV-1a, 32 bit), as JavaScript sees the string."""
    h = 0x811C9DC5
    data = term.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def encode_number(n: int) -> str:
    """Write n ≥ 0 as base-32 digits: earlier digits from MORE_DIGITS, the last from FINAL_DIGITS."""
    if 0 <= n < _SMALL_NUMBERS:
        return _ENCODED[n]
    return _encode_number(n)


def _encode_number(n: int) -> str:
    digits = [FINAL_DIGITS[n & 31]]
    n >>= 5
    while n:
        digits.append(MORE_DIGITS[n & 31])
        n >>= 5
    return "".join(reversed(digits))


_ENCODED = tuple(_encode_number(n) for n in range(_SMALL_NUMBERS))


def encode_postings(postings: Iterable[tuple[int, bool]]) -> str:
    """Encode sorted (doc number, in title) pairs as deltas with the title flag in the lowest bit."""
    prev = -1
    out = []
    for doc, in_title in postings:
        n = ((doc - prev - 1) << 1) | in_title
        out.append(_ENCODED[n] if 0 <= n < _SMALL_NUMBERS else _encode_number(n))
        prev = doc
    return "".join(out)


def decode_postings(data: str) -> list[tuple[int, bool]]:
    """Invert `encode_postings` (the browser has its own copy; this one is for tests and tools)."""
    out: list[tuple[int, bool]] = []
    acc, prev = 0, -1
    for ch in data:
        i = MORE_DIGITS.find(ch)
        if i >= 0:
            acc = acc * 32 + i
            continue
        acc = acc * 32 + FINAL_DIGITS.index(ch)
        prev = prev + 1 + (acc >> 1)
        out.append((prev, bool(acc & 1)))
        acc = 0
    return out


def _js(call: str, *args: object) -> bytes:
    """Render one `window.__SEARCH__.<call>(…)` statement with stable, compact JSON."""
    body = ",".join(json.dumps(a, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for a in args)
    # U+2028/2029 are legal in JSON but ended a string literal in older JavaScript engines.
    body = body.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.__SEARCH__.{call}({body});\n".encode()


def _filters_of(article: Article) -> dict[str, list[str]]:
    region = article.region
    values = {
        "tag": sorted(set(article.tags)),
        "province": [region.province] if region and region.province else [],
        "city": [region.city] if region and region.city else [],
        "county": [region.county] if region and region.county else [],
        "kind": [KIND_LABELS.get(article.kind, article.kind)],  # as on the article page
    }
    return values


def _shard_count(total_bytes: int) -> int:
    n = 1
    while n * TARGET_SHARD_BYTES < total_bytes and n < 4096:
        n *= 2
    return n


def build_offline_index(articles: Sequence[Article], *, url_for: Callable[[Article], str]) -> list[OutputFile]:
    """Build the offline search files under `search/` for `articles`, sorted by path.

    Documents are numbered in `id` order, so two builds of the same articles give the same bytes.
    `url_for(article)` is the page's URL relative to the site root ("articles/x.html").
    """
    ordered = sorted(articles, key=lambda a: a.id)
    postings: dict[str, list[tuple[int, bool]]] = defaultdict(list)
    filter_postings: dict[str, dict[str, list[tuple[int, bool]]]] = {f: defaultdict(list) for f in FILTERS}
    files: list[OutputFile] = []

    for n, article in enumerate(ordered):
        title = display_title(article)  # the article page's <h1>, which Pagefind shows
        head = [p for p in (article.kicker, article.subtitle) if p]
        body = [b.text for b in article.blocks]
        authors = "、".join(article.authors)
        text = "\n".join([*head, *body, *([authors] if authors else [])])
        title_terms = terms_of(normalize(title))
        for term in title_terms:
            postings[term].append((n, True))
        for term in terms_of(normalize(text)) - title_terms:
            postings[term].append((n, False))
        filters = _filters_of(article)
        for name, values in filters.items():
            for value in values:
                filter_postings[name][value].append((n, False))
        doc = {
            "id": article.id,
            "title": title,
            "url": url_for(article),
            "text": text,
            "filters": {k: v for k, v in filters.items() if v},
        }
        files.append(OutputFile(f"{SEARCH_DIR}/d/{n}.js", _js("doc", n, doc)))

    encoded = {term: encode_postings(p) for term, p in postings.items()}
    total = sum(len(t.encode()) + len(p) + 6 for t, p in encoded.items())
    shards = _shard_count(total)
    width = max(1, (shards.bit_length() - 1 + 3) // 4)
    by_shard: dict[int, dict[str, str]] = defaultdict(dict)
    for term, data in encoded.items():
        by_shard[fnv1a(term) % shards][term] = data
    for shard in range(shards):
        key = format(shard, f"0{width}x")
        files.append(OutputFile(f"{SEARCH_DIR}/t/{key}.js", _js("shard", key, by_shard.get(shard, {}))))

    for name in FILTERS:
        values = filter_postings[name]
        files.append(
            OutputFile(
                f"{SEARCH_DIR}/f/{name}.js",
                _js("filter", name, {v: encode_postings(p) for v, p in values.items()}),
            )
        )

    meta = {
        "version": FORMAT_VERSION,
        "docs": len(ordered),
        "shards": shards,
        "width": width,
        "filters": list(FILTERS),
    }
    files.append(OutputFile(f"{SEARCH_DIR}/meta.js", _js("meta", meta)))
    return sorted(files, key=lambda f: f.path)
