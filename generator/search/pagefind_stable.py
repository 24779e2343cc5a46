"""Make a Pagefind bundle byte-identical across runs over the same pages.

Pagefind 1.5.2 builds some of its output by iterating hash maps seeded at random per run
(hashbrown), so two runs over the same folder differ in:

* `filter/<lang>_<hash>.pf_filter`: the values of one filter come out in map order;
* the `.pf_meta` index: its list of filters (name → filter file) and of sort orders come out in
  map order, and it names the filter files;
* `pagefind-entry.json`: it names the `.pf_meta` file, and lists the languages in map order.

Every other file (fragments, word index chunks, the JS, CSS and wasm) is already stable. Because
files are named after a hash of their content, one reordered filter renames its file, which changes
the meta index, which renames the meta file, which changes the entry file.

`make_deterministic` puts those lists in a fixed order and rebuilds the names the way Pagefind
does, so the bundle reads as if Pagefind had sorted them itself; its own JS and wasm load it as
usual (they look files up only by the names written in the meta index and the entry file, and
check no hash).

The formats (Pagefind's `pagefind/src/index`, `pagefind/src/output`):

* a `.pf_*` file is gzip of `b"pagefind_dcd"` followed by one CBOR item (minicbor: structs as
  definite-length arrays, integers and lengths in their shortest form);
* a filter file is `[filter name, [[value, [page number, …]], …]]`;
* the meta index is `[version, pages, index chunks, filters, sorts, meta fields]` where
  `filters` is `[[filter name, file hash], …]` and `sorts` is `[[sort name, [page number, …]], …]`;
* a hash is SHA-1 written as lowercase hex *without* zero padding of each byte (Rust's `{:x?}`);
  a filter file is named `<lang>_` + the first 7 such digits of the hash of its CBOR (more on a
  collision), the meta file `pagefind.<lang>_` + the first `len(lang) + 8` digits.

Files this module writes are raw deflate (zlib, level 9) inside a fixed gzip header (mtime 0), so
they depend only on their content and the zlib build, which is the same for every run on one kind
of machine. Fragments and word index chunks keep Pagefind's own bytes (also mtime 0).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from pathlib import Path

from generator.errors import BuildError

SIGNATURE = b"pagefind_dcd"
FILTER_HASH_DIGITS = 7  # Pagefind's first guess; it takes more on a collision
META_FIELDS = 6  # version, pages, index chunks, filters, sorts, meta fields (Pagefind 1.5)
ENTRY_FILE = "pagefind-entry.json"


class CborError(ValueError):
    """Bytes that are not the CBOR subset Pagefind writes."""


# --- CBOR, the subset Pagefind writes -------------------------------------------------------------
# Unsigned and negative integers, byte and text strings, arrays, maps (as lists of pairs, to keep
# their order), false/true/null; definite lengths only. No floats or tags: Pagefind writes none.

_SIMPLE = {20: False, 21: True, 22: None}


class CborMap(list):
    """A decoded CBOR map: a list of (key, value) pairs in file order."""


def cbor_decode(data: bytes) -> object:
    """Decode exactly one CBOR item that fills `data`."""
    value, end = _decode(data, 0)
    if end != len(data):
        raise CborError(f"{len(data) - end} bytes after the CBOR item")
    return value


def _decode(data: bytes, i: int) -> tuple[object, int]:
    try:
        head = data[i]
    except IndexError:
        raise CborError("CBOR item cut short") from None
    major, info = head >> 5, head & 0x1F
    i += 1
    if info < 24:
        arg = info
    elif info <= 27:
        size = 1 << (info - 24)
        if i + size > len(data):
            raise CborError("CBOR item cut short")
        arg = int.from_bytes(data[i : i + size], "big")
        i += size
    else:
        raise CborError(f"unsupported CBOR head 0x{head:02x} (indefinite length or reserved)")
    if major == 0:
        return arg, i
    if major == 1:
        return -1 - arg, i
    if major in (2, 3):
        if i + arg > len(data):
            raise CborError("CBOR string cut short")
        chunk = bytes(data[i : i + arg])
        return (chunk if major == 2 else chunk.decode("utf-8")), i + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, i = _decode(data, i)
            items.append(item)
        return items, i
    if major == 5:
        pairs = CborMap()
        for _ in range(arg):
            key, i = _decode(data, i)
            value, i = _decode(data, i)
            pairs.append((key, value))
        return pairs, i
    if major == 7 and info in _SIMPLE:
        return _SIMPLE[info], i
    raise CborError(f"unsupported CBOR item 0x{head:02x} (tag, float or simple value)")


def cbor_encode(value: object) -> bytes:
    """Encode `value` as CBOR with shortest heads, as minicbor does."""
    out = bytearray()
    _encode(value, out)
    return bytes(out)


def _head(major: int, arg: int, out: bytearray) -> None:
    if arg < 24:
        out.append((major << 5) | arg)
    elif arg < 0x100:
        out += bytes(((major << 5) | 24, arg))
    elif arg < 0x10000:
        out.append((major << 5) | 25)
        out += arg.to_bytes(2, "big")
    elif arg < 0x1_0000_0000:
        out.append((major << 5) | 26)
        out += arg.to_bytes(4, "big")
    elif arg < 0x1_0000_0000_0000_0000:
        out.append((major << 5) | 27)
        out += arg.to_bytes(8, "big")
    else:
        raise CborError(f"integer too large for CBOR: {arg}")


def _encode(value: object, out: bytearray) -> None:
    if value is False or value is True or value is None:
        out.append(0xF4 if value is False else 0xF5 if value is True else 0xF6)
    elif isinstance(value, int):
        if value >= 0:
            _head(0, value, out)
        else:
            _head(1, -1 - value, out)
    elif isinstance(value, str):
        raw = value.encode("utf-8")
        _head(3, len(raw), out)
        out += raw
    elif isinstance(value, (bytes, bytearray)):
        _head(2, len(value), out)
        out += value
    elif isinstance(value, CborMap):
        _head(5, len(value), out)
        for key, item in value:
            _encode(key, out)
            _encode(item, out)
    elif isinstance(value, (list, tuple)):
        _head(4, len(value), out)
        for item in value:
            _encode(item, out)
    else:
        raise CborError(f"cannot encode {type(value).__name__} as CBOR")


# --- Pagefind files -------------------------------------------------------------------------------


def pagefind_hash(data: bytes) -> str:
    """SHA-1 of `data` as Pagefind writes it: each byte in lowercase hex, without zero padding."""
    return "".join(format(b, "x") for b in hashlib.sha1(data).digest())


def read_pf(path: Path) -> bytes:
    """The CBOR payload of a `.pf_*` file (gunzipped, signature removed)."""
    try:
        raw = gzip.decompress(Path(path).read_bytes())
    except (OSError, EOFError) as exc:
        raise BuildError(str(path), None, f"not a Pagefind file: {exc}") from exc
    if not raw.startswith(SIGNATURE):
        raise BuildError(str(path), None, "not a Pagefind file: the pagefind_dcd signature is missing")
    return raw[len(SIGNATURE) :]


# gzip member header: magic, deflate, no flags, mtime 0, "best compression", OS "unknown" (as
# flate2 writes it; Python's own gzip writes another OS byte depending on its version).
GZIP_HEADER = bytes.fromhex("1f8b08000000000002ff")


def pack_pf(payload: bytes) -> bytes:
    """A `.pf_*` file's bytes for `payload`: signature + payload, gzipped with a fixed header."""
    data = SIGNATURE + payload
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15, 8)
    body = deflate.compress(data) + deflate.flush()
    trailer = (zlib.crc32(data) & 0xFFFFFFFF).to_bytes(4, "little") + (len(data) & 0xFFFFFFFF).to_bytes(4, "little")
    return GZIP_HEADER + body + trailer


def _utf8_key(text: str) -> bytes:
    return text.encode("utf-8")  # the order of Rust's String comparison


def _expect(condition: bool, path: Path, what: str) -> None:
    if not condition:
        raise BuildError(
            str(path),
            None,
            f"unexpected Pagefind file layout: {what}",
            "generator/pagefind_stable.py knows Pagefind 1.5; check the pinned pagefind version",
        )


def _canonical_filter(path: Path) -> tuple[str, bytes]:
    """Read one filter file; return its filter name and its CBOR with values in a fixed order."""
    try:
        index = cbor_decode(read_pf(path))
    except CborError as exc:
        raise BuildError(str(path), None, f"cannot read Pagefind filter: {exc}") from exc
    _expect(isinstance(index, list) and len(index) == 2 and isinstance(index[0], str)
            and isinstance(index[1], list), path, "a filter is not [name, values]")
    name, values = index
    for entry in values:
        _expect(isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)
                and isinstance(entry[1], list) and all(isinstance(n, int) for n in entry[1]),
                path, "a filter value is not [value, [page, …]]")
    ordered = [[value, sorted(pages)] for value, pages in sorted(values, key=lambda e: _utf8_key(e[0]))]
    return name, cbor_encode([name, ordered])


def _short_hash(prefix: str, full: str, digits: int, taken: set[str]) -> str:
    """`prefix_` + the first `digits` of `full`, one more digit while the name is taken."""
    n = digits
    while f"{prefix}_{full[:n]}" in taken and n < len(full):
        n += 1
    return f"{prefix}_{full[:n]}"


def _stabilize_language(bundle: Path, language: str, meta_hash: str) -> str:
    """Rewrite one language's filter files and meta index; return the new meta hash."""
    meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
    _expect(meta_hash.startswith(f"{language}_"), bundle / ENTRY_FILE,
            f"the meta hash {meta_hash!r} does not start with the language {language!r}")
    _expect(meta_path.is_file(), meta_path, "the meta index named in pagefind-entry.json is missing")
    try:
        meta = cbor_decode(read_pf(meta_path))
    except CborError as exc:
        raise BuildError(str(meta_path), None, f"cannot read Pagefind meta index: {exc}") from exc
    _expect(isinstance(meta, list) and len(meta) == META_FIELDS, meta_path,
            f"the meta index is not a list of {META_FIELDS} fields")
    filters, sorts = meta[3], meta[4]
    _expect(isinstance(filters, list) and all(
        isinstance(f, list) and len(f) == 2 and all(isinstance(x, str) for x in f) for f in filters),
        meta_path, "the filters of the meta index are not [[name, hash], …]")
    _expect(isinstance(sorts, list) and all(
        isinstance(s, list) and len(s) == 2 and isinstance(s[0], str) for s in sorts),
        meta_path, "the sorts of the meta index are not [[name, pages], …]")

    # Read every filter first: an old name may be the new name of another filter.
    filter_dir = bundle / "filter"
    rewritten: dict[str, bytes] = {}
    for name, old_hash in filters:
        path = filter_dir / f"{old_hash}.pf_filter"
        _expect(path.is_file(), path, f"the file of filter {name!r} is missing")
        inner_name, payload = _canonical_filter(path)
        _expect(inner_name == name, path, f"the file of filter {name!r} holds filter {inner_name!r}")
        rewritten[name] = payload
    for _, old_hash in filters:
        (filter_dir / f"{old_hash}.pf_filter").unlink(missing_ok=True)

    taken: set[str] = set()
    new_filters = []
    for name in sorted(rewritten, key=_utf8_key):
        payload = rewritten[name]
        short = _short_hash(language, pagefind_hash(payload), FILTER_HASH_DIGITS, taken)
        taken.add(short)
        (filter_dir / f"{short}.pf_filter").write_bytes(pack_pf(payload))
        new_filters.append([name, short])

    meta[3] = new_filters
    meta[4] = sorted(sorts, key=lambda s: _utf8_key(s[0]))
    payload = cbor_encode(meta)
    new_hash = f"{language}_{pagefind_hash(payload)[: len(language) + 8]}"
    meta_path.unlink()
    (bundle / f"pagefind.{new_hash}.pf_meta").write_bytes(pack_pf(payload))
    return new_hash


def make_deterministic(bundle_dir: Path) -> None:
    """Rewrite the run-dependent parts of the Pagefind bundle `bundle_dir` in a fixed order.

    Filter values and the meta index's filters and sorts are sorted (by UTF-8 bytes, as Rust
    compares strings), the files are renamed after their new content as Pagefind names them, and
    `pagefind-entry.json` is written with its languages sorted. Running it again changes nothing.
    """
    bundle = Path(bundle_dir)
    entry_path = bundle / ENTRY_FILE
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BuildError(str(entry_path), None, f"cannot read the Pagefind entry file: {exc}") from exc
    languages = entry.get("languages") if isinstance(entry, dict) else None
    _expect(isinstance(languages, dict) and all(
        isinstance(v, dict) and isinstance(v.get("hash"), str) for v in languages.values()),
        entry_path, "no languages with a meta hash")
    for language in sorted(languages):
        info = languages[language]
        info["hash"] = _stabilize_language(bundle, language, info["hash"])
    entry["languages"] = {k: languages[k] for k in sorted(languages)}
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    entry_path.write_bytes(text.encode("utf-8"))
