"""Articles → the offline search index (`search/`), for a site opened from disk.

Online, the search page uses Pagefind (`pagefind.py`). Pagefind cannot run from `file://` (ES
modules, wasm, fetch), so the page then falls back to this index: plain `.js` files that call
`window.__SEARCH__.<kind>(…)` and are loaded by inserting `<script>` tags.

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
import hashlib
import json
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from generator.models import Article, KeptFile, OutputFile
from generator.site.views import KIND_LABELS, display_title, where_text

from generator.search.terms import fnv1a, normalize, terms_of

FILTERS = ("tag", "province", "city", "county", "kind")
SEARCH_DIR = "search"
FORMAT_VERSION = 1
TARGET_SHARD_BYTES = 12_000  # aim for shards of about this size; a query loads one per term
FINAL_DIGITS = "0123456789abcdefghijklmnopqrstuv"  # last base-32 digit of a number
MORE_DIGITS = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$"  # any earlier digit
_SMALL_NUMBERS = 8192  # encode_number looks these up; postings are mostly small deltas


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


def _encode_packed(values: Iterable[int]) -> str:
    """`encode_postings` for postings packed as `doc << 1 | in_title` (how the index keeps them)."""
    prev = -1
    out = []
    for v in values:
        doc = v >> 1
        n = ((doc - prev - 1) << 1) | (v & 1)
        out.append(_ENCODED[n] if n < _SMALL_NUMBERS else _encode_number(n))
        prev = doc
    return "".join(out)


def decode_postings(data: str) -> list[tuple[int, bool]]:
    """Invert `encode_postings` (the patched index reads the old postings so; the browser has its own copy)."""
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


def _doc_text(article: Article) -> tuple[str, str]:
    """The title and text a document is searched by (and shows): the page's <h1>, then the rest."""
    title = display_title(article)  # the article page's <h1>, which Pagefind shows
    head = [p for p in (article.kicker, article.subtitle) if p]
    body = [b.text for b in article.blocks]
    authors = "、".join(article.authors)
    return title, "\n".join([*head, *body, *([authors] if authors else [])])


def build_offline_index(articles: Sequence[Article], *, url_for: Callable[[Article], str],
                        digests: Mapping[str, str] | None = None, previous: Mapping[str, str] | None = None,
                        previous_dir: Path | None = None) -> list[OutputFile | KeptFile]:
    """Build the offline search files under `search/` for `articles`, sorted by path.

    Documents are numbered in `id` order, so two builds of the same articles give the same bytes.
    `url_for(article)` is the page's URL relative to the site root ("articles/x.html").

    Incremental builds pass `digests` (article id → content digest): every file then gets a key.
    With `previous` (path → key of the previous build's files still intact in `previous_dir`) and
    the same articles (ids) as then, only the documents whose content changed are read again: their
    old terms come from their previous document file, the term shards holding a term whose postings
    changed are read, patched and written; every other file is kept (`KeptFile`). The bytes are
    those of a full build; any doubt (other ids, a missing file, another shard count) builds it all.
    """
    ordered = sorted(articles, key=lambda a: a.id)
    if digests is not None and previous and previous_dir is not None:
        patched = _patched_offline_index(ordered, url_for, digests, previous, Path(previous_dir))
        if patched is not None:
            return patched
    return _full_offline_index(ordered, url_for, digests)


def _doc_key(n: int, article: Article, digests: Mapping[str, str]) -> str:
    return hashlib.blake2b(f"{FORMAT_VERSION}\0{n}\0{article.id}\0{digests[article.id]}".encode(),
                           digest_size=16).hexdigest()


def _ids_digest(ordered: Sequence[Article]) -> str:
    return hashlib.blake2b("\0".join(a.id for a in ordered).encode(), digest_size=16).hexdigest()


def _meta_key(shards: int, total: int, ordered: Sequence[Article]) -> str:
    """The meta file's key carries what patching needs: the shard count and the postings' size."""
    return f"offline{FORMAT_VERSION}:{shards}:{total}:{_ids_digest(ordered)}"


def _content_key(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _keyed(path: str, data: bytes, key: str | None | bool) -> OutputFile:
    """An OutputFile; key True: the digest of its bytes."""
    return OutputFile(path, data, _content_key(data) if key is True else (key or None))


def _read_js(path: Path, call: str) -> list:
    """The arguments of the one `window.__SEARCH__.<call>(…);` statement of a file `_js` wrote."""
    text = path.read_text(encoding="utf-8")
    prefix = f"window.__SEARCH__.{call}("
    if not text.startswith(prefix) or not text.endswith(");\n"):
        raise ValueError(f"{path}: not a search file")
    return json.loads("[" + text[len(prefix):-3] + "]")


def _term_flags(title: str, text: str) -> dict[str, bool]:
    """Each term of a document → whether it is in the title (as the full build posts it)."""
    title_terms = terms_of(normalize(title))
    flags = dict.fromkeys(terms_of(normalize(text)) - title_terms, False)
    flags.update(dict.fromkeys(title_terms, True))
    return flags


PATCH_MAX_CHANGED = 200  # more changed documents than this: a full build is about as fast


def _patched_offline_index(ordered: Sequence[Article], url_for: Callable[[Article], str],
                           digests: Mapping[str, str], previous: Mapping[str, str],
                           previous_dir: Path) -> list[OutputFile | KeptFile] | None:
    """The offline index made from the previous one and the changed documents; None to build it all."""
    meta_path = f"{SEARCH_DIR}/meta.js"
    try:
        tag, shards_text, total_text, ids = previous.get(meta_path, "").split(":")
        shards, total = int(shards_text), int(total_text)
    except ValueError:
        return None
    if tag != f"offline{FORMAT_VERSION}" or ids != _ids_digest(ordered) or shards < 1:
        return None
    keys = [_doc_key(n, a, digests) for n, a in enumerate(ordered)]
    changed = [n for n, key in enumerate(keys) if previous.get(f"{SEARCH_DIR}/d/{n}.js") != key]
    if len(changed) > PATCH_MAX_CHANGED:
        return None
    width = max(1, (shards.bit_length() - 1 + 3) // 4)
    files: list[OutputFile | KeptFile] = []
    # term → {doc: in title, or None when the term left the doc}
    delta: dict[str, dict[int, bool | None]] = defaultdict(dict)
    try:
        for n in changed:
            path = f"{SEARCH_DIR}/d/{n}.js"
            if path not in previous:
                return None
            _, old_doc = _read_js(previous_dir / path, "doc")
            old = _term_flags(old_doc["title"], old_doc["text"])
            article = ordered[n]
            title, text = _doc_text(article)
            new = _term_flags(title, text)
            for term in old.keys() | new.keys():
                if old.get(term) != new.get(term):
                    delta[term][n] = new.get(term)
            doc = {"id": article.id, "title": title, "url": url_for(article), "text": text,
                   "filters": {k: v for k, v in _filters_of(article).items() if v}}
            where = where_text(article.source.date, article.source.page_no)
            if where:
                doc["where"] = where  # as the full index writes it
            files.append(OutputFile(path, _js("doc", n, doc), keys[n]))
        by_shard: dict[int, list[str]] = defaultdict(list)
        for term in delta:
            by_shard[fnv1a(term) % shards].append(term)
        patched: dict[str, bytes] = {}
        for shard, terms in by_shard.items():
            key = format(shard, f"0{width}x")
            path = f"{SEARCH_DIR}/t/{key}.js"
            if path not in previous:
                return None
            _, table = _read_js(previous_dir / path, "shard")
            for term in terms:
                old_data = table.pop(term, None)
                postings = dict(decode_postings(old_data)) if old_data is not None else {}
                for n, in_title in delta[term].items():
                    if in_title is None:
                        postings.pop(n, None)
                    else:
                        postings[n] = in_title
                if old_data is not None:
                    total -= len(term.encode()) + len(old_data) + 6
                if postings:
                    table[term] = encode_postings(sorted(postings.items()))
                    total += len(term.encode()) + len(table[term]) + 6
            patched[path] = _js("shard", key, table)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if _shard_count(total) != shards:
        return None  # the index outgrew (or shrank below) its shard count: every term moves
    rewritten = set(changed)
    for n, key in enumerate(keys):
        if n not in rewritten:
            files.append(KeptFile(f"{SEARCH_DIR}/d/{n}.js", key))
    for shard in range(shards):
        path = f"{SEARCH_DIR}/t/{format(shard, f'0{width}x')}.js"
        if path in patched:
            files.append(_keyed(path, patched[path], True))
        elif path in previous:
            files.append(KeptFile(path, previous[path]))
        else:
            return None
    files += _filter_files(ordered, keyed=True)
    files.append(_meta_file(ordered, shards, width, _meta_key(shards, total, ordered)))
    return sorted(files, key=lambda f: f.path)


def _filter_files(ordered: Sequence[Article], *, keyed: bool) -> list[OutputFile]:
    values: dict[str, dict[str, list[int]]] = {name: defaultdict(list) for name in FILTERS}
    for n, article in enumerate(ordered):
        for name, found in _filters_of(article).items():
            for value in found:
                values[name][value].append(n << 1)
    return [_keyed(f"{SEARCH_DIR}/f/{name}.js",
                   _js("filter", name, {v: _encode_packed(p) for v, p in values[name].items()}), keyed)
            for name in FILTERS]


def _meta_file(ordered: Sequence[Article], shards: int, width: int, key: str | None) -> OutputFile:
    meta = {"version": FORMAT_VERSION, "docs": len(ordered), "shards": shards, "width": width,
            "filters": list(FILTERS)}
    return OutputFile(f"{SEARCH_DIR}/meta.js", _js("meta", meta), key)


def _full_offline_index(ordered: Sequence[Article], url_for: Callable[[Article], str],
                        digests: Mapping[str, str] | None) -> list[OutputFile]:
    """Every offline search file from scratch; with `digests`, each with its key."""
    # Postings packed as `doc << 1 | in_title` in 4-byte arrays: at 100,000 articles there are about
    # 60 million, which as lists of (int, bool) tuples took over 5 GiB.
    postings: dict[str, array] = defaultdict(functools.partial(array, "I"))
    filter_postings: dict[str, dict[str, array]] = {f: defaultdict(functools.partial(array, "I")) for f in FILTERS}
    files: list[OutputFile] = []

    for n, article in enumerate(ordered):
        title, text = _doc_text(article)
        title_terms = terms_of(normalize(title))
        in_title, in_text = (n << 1) | 1, n << 1
        for term in title_terms:
            postings[term].append(in_title)
        for term in terms_of(normalize(text)) - title_terms:
            postings[term].append(in_text)
        filters = _filters_of(article)
        for name, values in filters.items():
            for value in values:
                filter_postings[name][value].append(in_text)
        doc = {
            "id": article.id,
            "title": title,
            "url": url_for(article),
            "text": text,
            "filters": {k: v for k, v in filters.items() if v},
        }
        where = where_text(article.source.date, article.source.page_no)
        if where:
            doc["where"] = where  # the date and page, shown under the result as on list cards
        files.append(OutputFile(f"{SEARCH_DIR}/d/{n}.js", _js("doc", n, doc),
                                _doc_key(n, article, digests) if digests is not None else None))

    encoded = {}
    while postings:  # encode and drop one term at a time: the order does not matter (keys are sorted)
        term, packed = postings.popitem()
        encoded[term] = _encode_packed(packed)
    del postings
    total = sum(len(t.encode()) + len(p) + 6 for t, p in encoded.items())
    shards = _shard_count(total)
    width = max(1, (shards.bit_length() - 1 + 3) // 4)
    by_shard: dict[int, dict[str, str]] = defaultdict(dict)
    for term, data in encoded.items():
        by_shard[fnv1a(term) % shards][term] = data
    keyed = digests is not None
    for shard in range(shards):
        key = format(shard, f"0{width}x")
        files.append(_keyed(f"{SEARCH_DIR}/t/{key}.js", _js("shard", key, by_shard.get(shard, {})), keyed))

    for name in FILTERS:
        values = filter_postings[name]
        files.append(_keyed(f"{SEARCH_DIR}/f/{name}.js",
                            _js("filter", name, {v: _encode_packed(p) for v, p in values.items()}), keyed))

    files.append(_meta_file(ordered, shards, width, _meta_key(shards, total, ordered) if keyed else None))
    return sorted(files, key=lambda f: f.path)
