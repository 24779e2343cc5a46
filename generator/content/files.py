"""The only code that reads and writes `content/<page-id>/<NN>-<slug>.md`.

A content file is YAML front matter plus Markdown: paragraphs separated by blank lines, subheads
as `## `. The front matter keeps a hash of the text ingest generated, so a rebuild can tell an
editor's correction (never overwritten) from a file still exactly as ingest wrote it.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

import yaml

from generator.errors import BuildError, Problem
from generator.content.front_matter import read_plain
from generator.models import Article, Block, PageInfo, Region, Source

HASH_KEY = "generated"
REQUIRED = ("id", "kind", "title", "source")
KNOWN = ("id", "kind", "kicker", "title", "subtitle", "authors", "region", "places", "tags",
         "needs_review", "review", "source", HASH_KEY)
SOURCE_KEYS = ("seed", "page", "line_start", "line_end", "order", "paper", "date", "page_no", "bbox")
REGION_KEYS = ("province", "city", "county", "code")
# what `read_plain` reads; a PDF article's bbox (a list inside `source:`) goes to PyYAML
_TOP_KEYS, _INNER_KEYS = frozenset(KNOWN), frozenset((*SOURCE_KEYS, *REGION_KEYS)) - {"bbox"}  # what `read_plain` reads
PARALLEL_MIN_FILES = 400  # fewer files parse faster than workers start and send them back


# libyaml's C emitter and parser, when PyYAML has them, are ~10× faster and give the same text.
_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(_SafeDumper):
    """Block-style YAML with Chinese kept readable."""


def _str_presenter(dumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str_presenter)


# The front matter written without PyYAML (~10× faster, `_plain_front_matter`), for values it would
# write plainly or in single quotes as they are: Han, Latin letters, digits, `_ . -`, inner spaces and
# Chinese punctuation, not starting with a YAML indicator, short enough never to be folded at width.
# Any other value makes the whole front matter go through `yaml.dump`; tests compare the two.
_SIMPLE = re.compile(r"[\u3400-\u9fffA-Za-z0-9_“”‘’《》（）、，。：；！？…—·]"
                     r"(?:[\u3400-\u9fffA-Za-z0-9_.\- “”‘’《》（）、，。：；！？…—·]{0,400}"
                     r"[\u3400-\u9fffA-Za-z0-9_.\-“”‘’《》（）、，。：；！？…—·])?")
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
# PyYAML looks a value's type up by its first character; a value starting otherwise is a string.
_TYPED_FIRST = frozenset(_RESOLVER.yaml_implicit_resolvers) if None not in _RESOLVER.yaml_implicit_resolvers else None


def _yaml_scalar(value: object) -> str | None:
    """`value` as `yaml.dump` writes it in block style, or None when it might need more than quotes."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str) or not _SIMPLE.fullmatch(value):
        return None
    # A value YAML would read as another type (a number, a date, `null`…) is quoted, as PyYAML does.
    if _TYPED_FIRST is not None and value[0] not in _TYPED_FIRST:
        return value
    return value if _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG else f"'{value}'"


def _dump_front_matter(meta: dict) -> str:
    """The front matter as PyYAML writes it: what `_front_matter` writes, the long way."""
    return yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def _front_matter(article: Article) -> str:
    """`_dump_front_matter(article_meta(article))`, written straight from the article (~3× faster)."""
    try:
        return _plain_front_matter(article)
    except _NotPlain:
        return _dump_front_matter(article_meta(article))


class _NotPlain(Exception):
    """A value `_yaml_scalar` does not write: the front matter goes through `_dump_front_matter`."""


def _plain_front_matter(article: Article) -> str:
    """The text `yaml.dump` makes of `article_meta(article)`, key by key in the same order, for
    articles whose every value `_yaml_scalar` writes; else `_NotPlain`."""
    plain, source = _plain, article.source
    lines = [f"id: {plain(article.id)}", f"kind: {plain(article.kind)}", f"kicker: {plain(article.kicker)}",
             f"title: {plain(article.title)}", f"subtitle: {plain(article.subtitle)}",
             *_plain_list("authors", article.authors)]
    if article.region is None:
        lines.append("region: null")
    else:
        lines += ["region:", *_plain_region(article.region, "  ")]
    if article.places:
        lines.append("places:")
        for place in article.places:
            if place is None:  # written `- null`: leave the rare case to PyYAML
                raise _NotPlain
            lines += _plain_region(place, "- ")
    else:
        lines.append("places: []")
    lines += [*_plain_list("tags", article.tags), f"needs_review: {plain(article.needs_review)}"]
    if article.review is not None:  # written only when there is a reason: files without one stay as they were
        lines.append(f"review: {plain(article.review)}")
    lines += ["source:",
              f"  seed: {plain(source.seed)}", f"  page: {plain(source.page_id)}",
              f"  line_start: {plain(source.line_start)}", f"  line_end: {plain(source.line_end)}",
              f"  order: {plain(source.order)}", f"  paper: {plain(source.paper)}", f"  date: {plain(source.date)}",
              f"  page_no: {plain(source.page_no)}"]
    if source.bbox is not None:  # the article's area on its PDF page, as yaml.dump writes a list of floats
        values = [repr(float(v)) for v in source.bbox]
        if any("e" in v or "n" in v for v in values):
            raise _NotPlain
        lines += ["  bbox:", *(f"  - {v}" for v in values)]
    lines.append("")
    return "\n".join(lines)


def _plain_list(key: str, items: Sequence) -> list[str]:
    return [f"{key}:", *(f"- {_plain(item)}" for item in items)] if items else [f"{key}: []"]


def _plain_region(region: Region, first: str) -> list[str]:
    """A region's lines, the first starting with `first` (`- ` in a list), the others indented as deep."""
    return [f"{first}province: {_plain(region.province)}", f"  city: {_plain(region.city)}",
            f"  county: {_plain(region.county)}", f"  code: {_plain(region.code)}"]


_PLAIN: dict[str, str] = {}  # text → `_yaml_scalar(text)`: tags, places, papers and dates repeat
PLAIN_KEPT = 50_000  # texts remembered; more are forgotten all at once


def _plain(value: object) -> str:
    """`_yaml_scalar(value)`, remembered for text; `_NotPlain` when it gives None."""
    if value.__class__ is str:  # only text is remembered: True == 1, yet they are written differently
        text = _PLAIN.get(value)
        if text is not None:
            return text
    text = _yaml_scalar(value)
    if text is None:
        raise _NotPlain
    if value.__class__ is str:
        if len(_PLAIN) >= PLAIN_KEPT:
            _PLAIN.clear()
        _PLAIN[value] = text
    return text


def _region_dict(region: Region | None) -> dict | None:
    if region is None:
        return None
    return {"province": region.province, "city": region.city, "county": region.county, "code": region.code}


def article_to_markdown(article: Article) -> str:
    """Serialize an article: front matter (with the hash of this very text) and body."""
    body = _body_markdown(article.blocks)
    front = _front_matter(article)
    text = f"---\n{front}---\n\n{body}"
    digest = content_hash(text)
    return f"---\n{front}{HASH_KEY}: {digest}\n---\n\n{body}"


def article_meta(article: Article) -> dict:
    """The front matter of an article's content file, but its hash."""
    return {
        "id": article.id,
        "kind": article.kind,
        "kicker": article.kicker,
        "title": article.title,
        "subtitle": article.subtitle,
        "authors": list(article.authors),
        "region": _region_dict(article.region),
        "places": [_region_dict(p) for p in article.places],
        "tags": list(article.tags),
        "needs_review": article.needs_review,
        **({"review": article.review} if article.review is not None else {}),
        "source": {
            "seed": article.source.seed,
            "page": article.source.page_id,
            "line_start": article.source.line_start,
            "line_end": article.source.line_end,
            "order": article.source.order,
            "paper": article.source.paper,
            "date": article.source.date,
            "page_no": article.source.page_no,
            **({"bbox": [float(v) for v in article.source.bbox]} if article.source.bbox is not None else {}),
        },
    }


_HASH_LINE = re.compile(rf"^{HASH_KEY}: [0-9a-f]+\n", flags=re.M)


def content_hash(text: str) -> str:
    """Hash of a content file's text without its own hash line."""
    if f"{HASH_KEY}: " in text:  # else there is no hash line to drop (a fresh text): no regex over every line
        text = _HASH_LINE.sub("", text, count=1)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def recorded_hash(text: str) -> str | None:
    """The hash a content file says ingest wrote it with, if it says one."""
    match = re.search(rf"^{HASH_KEY}: ([0-9a-f]+)$", text, flags=re.M)
    return match.group(1) if match else None


def is_unedited(text: str) -> bool:
    """True when a content file is exactly as ingest wrote it (its recorded hash still matches)."""
    recorded = recorded_hash(text)
    return recorded is not None and recorded == content_hash(text)


def _body_markdown(blocks: Sequence[Block]) -> str:
    parts = []
    for block in blocks:
        text = block.text
        if block.kind == "subhead":
            parts.append(f"## {text}")
        else:
            # A paragraph that opens with `#` would read back as a heading; a backslash escapes it,
            # so a paragraph's own leading backslash is escaped too.
            parts.append("\\" + text if text.startswith(("#", "\\")) else text)
    return "\n\n".join(parts) + "\n"


class ParseCache(Protocol):
    """Parsed content files remembered between builds (see `generator.infra.cache.FileCache`)."""

    def get(self, key: str, stamp: tuple[int, int]) -> Any | None: ...
    def put(self, key: str, stamp: tuple[int, int], value: Any) -> None: ...
    def keep_only(self, keys: set[str]) -> None: ...


@dataclass(frozen=True, slots=True)
class ContentFile:
    """A content file as read from disk: where it is, and its parsed article."""

    path: Path
    article: Article
    edited: bool
    body_line: int = 1  # first line after the front matter
    digest: str = ""  # of the file's bytes: the article, hence every page showing it, changes only with it


def file_digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    if not text.startswith("---\n"):
        raise BuildError(str(path), 1, "the file does not start with front matter",
                         "the first line must be `---`, then YAML keys, then `---`")
    end = text.find("\n---\n", 4)
    if end < 0:
        raise BuildError(str(path), 1, "the front matter is not closed", "add a line `---` after the YAML keys")
    body_line = text.count("\n", 0, end + 5) + 1
    return text[4 : end + 1], text[end + 5 :], body_line


def parse_content(text: str, path: Path) -> ContentFile:
    """Parse one content file; every problem becomes a BuildError naming the file and line."""
    from generator.content import front_matter

    front, body, body_line = _split_front_matter(text, path)
    # Ingest's own shape is read without PyYAML (~10× faster); anything else, duplicate keys included,
    # goes to the strict YAML reader.
    fast = None
    if len(front) <= front_matter.MAX_FRONT_MATTER_BYTES:
        fast = read_plain(front, top_keys=_TOP_KEYS, inner_keys=_INNER_KEYS)
    meta, key_lines = (fast, {}) if fast is not None else front_matter.load(front, path)
    meta = meta or {}
    if not isinstance(meta, dict):
        raise BuildError(str(path), 2, "the front matter is not a set of `key: value` lines")
    problems = front_matter.check_meta(meta, key_lines, path)
    if problems and fast is not None:  # rare: read again for the lines the problems are on
        problems = front_matter.check_meta(meta, front_matter.load(front, path)[1], path)
    meta = front_matter.strip_controls(meta)
    body = front_matter.CONTROL.sub("", body)  # same length of lines: line numbers stay right
    for key in meta:
        if key not in KNOWN:
            close = difflib.get_close_matches(str(key), KNOWN, n=1, cutoff=0.6)
            problems.append(Problem(str(path), key_lines.get(str(key), _key_line(front, key)), f"unknown key `{key}`",
                                    f"did you mean `{close[0]}`?" if close else "known keys: " + ", ".join(KNOWN)))
    for key in REQUIRED:
        if key not in meta:
            problems.append(Problem(str(path), 2, f"missing required key `{key}`"))
    if problems:
        from generator.errors import BuildErrors

        raise BuildErrors(problems)
    try:
        article = _article_from(meta, body, path, body_line)
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        raise BuildError(str(path), 2, f"a front matter value has the wrong shape: {exc}",
                         "compare with a freshly generated file") from None
    return ContentFile(path, article, edited=not is_unedited(text), body_line=body_line)


def _key_line(front: str, key: str) -> int:
    for n, line in enumerate(front.split("\n"), 2):
        if line.startswith(f"{key}:"):
            return n
    return 2


def _opt_str(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise ValueError(f"expected text, got {type(value).__name__}")
    return str(value)


def _region(value) -> Region | None:
    if not value:
        return None
    return Region(str(value["province"]), _opt_str(value.get("city")), _opt_str(value.get("county")),
                  str(value["code"]))


def _bbox(value) -> tuple[float, float, float, float] | None:
    """An article's area on its PDF page: four fractions x0, y0, x1, y1 (anything else is dropped)."""
    if not isinstance(value, (list, tuple)) or len(value) != 4:
        return None
    try:
        box = tuple(round(float(v), 4) for v in value)
    except (TypeError, ValueError):
        return None
    return box if 0 <= box[0] <= box[2] <= 1 and 0 <= box[1] <= box[3] <= 1 else None


def _article_from(meta: dict, body: str, path: Path, body_line: int) -> Article:
    src = meta["source"] or {}
    kind = str(meta["kind"])
    if kind not in ("article", "photo"):
        raise ValueError(f"kind must be `article` or `photo`, not `{kind}`")
    source = Source(
        seed=str(src.get("seed", "")),
        page_id=str(src.get("page", "")),
        line_start=int(src.get("line_start") or 0),
        line_end=int(src.get("line_end") or 0),
        order=int(src.get("order") or 0),
        paper=_opt_str(src.get("paper")),
        date=_opt_str(src.get("date")),
        page_no=int(src["page_no"]) if src.get("page_no") is not None else None,
        bbox=_bbox(src.get("bbox")),
    )
    return Article(
        id=str(meta["id"]),
        kind=kind,
        title=_opt_str(meta.get("title")),
        kicker=_opt_str(meta.get("kicker")),
        subtitle=_opt_str(meta.get("subtitle")),
        authors=tuple(str(a) for a in meta.get("authors") or ()),
        blocks=parse_body(body, body_line),
        source=source,
        region=_region(meta.get("region")),
        places=tuple(r for r in (_region(p) for p in meta.get("places") or ()) if r),
        tags=tuple(str(t) for t in meta.get("tags") or ()),
        needs_review=bool(meta.get("needs_review", False)),
        review=_opt_str(meta.get("review")),
    )


def parse_body(body: str, first_line: int = 1) -> tuple[Block, ...]:
    """Markdown body → subhead and paragraph blocks; line numbers are those of the content file."""
    blocks = []
    line_no = first_line
    for chunk in re.split(r"\n\s*\n", body):
        n_lines = chunk.count("\n") + 1
        text = " ".join(part.strip() for part in chunk.strip().split("\n")) if chunk.strip() else ""
        lead_blank = len(chunk) - len(chunk.lstrip("\n"))
        start = line_no + lead_blank
        if text:
            if text.startswith("## "):
                blocks.append(Block("subhead", text[3:].strip(), (start, start)))
            else:
                if text.startswith(("\\#", "\\\\")):
                    text = text[1:]
                blocks.append(Block("paragraph", text, (start, start + n_lines - 1)))
        line_no += n_lines + 1
    return tuple(blocks)


def content_path(root: Path, article: Article) -> Path:
    """`content/<page-id>/<NN>-<slug>.md`."""
    return root / article.source.page_id / _file_name(article)


def _file_name(article: Article) -> str:
    return f"{article.source.order:02d}-{article.slug or 'item'}.md"


def read_content_file(path: Path) -> tuple[ContentFile | None, list[Problem]]:
    """One content file, or the problems that keep it from being read."""
    from generator.errors import BuildErrors

    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
        return replace(parse_content(text, path), digest=file_digest(raw)), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(str(path), line, "content files must be UTF-8", "re-save the file as UTF-8")]
    except BuildErrors as exc:
        return None, list(exc.problems)
    except BuildError as exc:
        return None, [exc.problem]


def read_content(root: Path, cache: ParseCache | None = None, *, jobs: int = 1) -> list[ContentFile]:
    """Every content file under root, sorted by path; all problems reported together.

    With a `cache` (`generator.infra.cache.FileCache`), a file whose size and modification time are those
    of a previous parse is not read again; files with problems are never cached, so they are reported
    on every build. With `jobs > 1`, many files to parse are parsed in forked workers.
    """
    import os

    from generator.errors import BuildErrors
    from generator.infra.parallel import map_in_order

    problems: list[Problem] = []
    names = _content_names(root)
    paths = [root / name for name in names]
    found: list[ContentFile | None] = [None] * len(paths)
    keys, misses = set(), []
    for n, (name, path) in enumerate(zip(names, paths)):
        stamp = None
        if cache is not None:
            st = os.stat(path)
            key, stamp = name, (st.st_size, st.st_mtime_ns)
            keys.add(key)
            hit = cache.get(key, stamp)
            if hit is not None:
                article, edited, body_line, digest = hit
                found[n] = ContentFile(path, article, edited=edited, body_line=body_line, digest=digest)
                continue
        misses.append((n, stamp))
    workers = jobs if len(misses) >= PARALLEL_MIN_FILES else 1
    for (n, stamp), (parsed, failed) in zip(misses, map_in_order(read_content_file, [paths[n] for n, _ in misses],
                                                                  jobs=workers)):
        problems += failed
        if parsed is not None:
            found[n] = parsed
            if cache is not None:
                cache.put(names[n], stamp,
                          (parsed.article, parsed.edited, parsed.body_line, parsed.digest))
    files = [f for f in found if f is not None]
    seen: dict[str, Path] = {}
    for f in files:
        if f.article.id in seen:
            problems.append(Problem(str(f.path), 2, f"id `{f.article.id}` is used twice",
                                    f"also in {seen[f.article.id]}; give one of them a new id"))
        seen.setdefault(f.article.id, f.path)
    if cache is not None:
        cache.keep_only(keys)
    if problems:
        raise BuildErrors(problems)
    return files


def _content_names(root: Path) -> list[str]:
    """`<page folder>/<file>.md` of every content file, in the order of `sorted(root.glob("*/*.md"))`."""
    found = []
    with os.scandir(root) as folders:
        for folder in folders:
            if folder.is_dir():
                with os.scandir(folder.path) as entries:
                    found += [(folder.name, e.name) for e in entries if e.name.endswith(".md") and e.is_file()]
    return [f"{folder}/{name}" for folder, name in sorted(found)]


def write_page(content_dir: Path, page_id: str, articles: Sequence[Article], *, seed: Path) -> list[Problem]:
    """Write a page's content files, never over one an editor has touched.

    A file is ingest's only when it is exactly what ingest wrote (`is_unedited`: its recorded hash
    is that of its text); which article it holds is read from its parsed front matter
    (`front_matter.front_matter_id`), however the editor wrote it. Every other file is the editor's
    and is kept. Returns a warning for each edited file kept although its seed now gives other text,
    each edited file whose article the seed no longer gives, each editor's file where a fresh
    article would go (its id changed, or unreadable), and each id held by two files (both named).
    """
    from generator.content.front_matter import front_matter_id

    page_dir = content_dir / page_id
    found: dict[str, tuple[str | None, str, bool]] = {}  # path → (id, text, unedited)
    by_id: dict[str, list[str]] = {}
    if page_dir.is_dir():
        for leftover in page_dir.glob(".*.md.tmp"):  # a build killed mid-write
            leftover.unlink(missing_ok=True)
        for entry in sorted(page_dir.glob("*.md")):
            path = os.fspath(entry)
            if not entry.is_file():  # a folder named like a content file: never written over
                found[path] = (None, "", False)
                continue
            text = entry.read_text(encoding="utf-8", errors="replace")
            unedited = is_unedited(text)
            file_id = front_matter_id(text, unedited=unedited)
            found[path] = (file_id, text, unedited)
            if file_id is not None:
                by_id.setdefault(file_id, []).append(path)
    problems: list[Problem] = []
    reported: set[str] = set()
    written: set[str] = set()
    fresh_ids = set()
    made_dirs: set[str] = set()
    root = os.fspath(content_dir)  # paths as text: `content_path`'s, without a Path object a file
    for article in articles:
        fresh_ids.add(article.id)
        folder = os.path.join(root, article.source.page_id)
        path = os.path.join(folder, _file_name(article))
        text = article_to_markdown(article)
        holders = by_id.get(article.id, [])
        if len(holders) > 1:
            others = ", ".join(holders[1:])
            problems.append(Problem(holders[0], None, f"the id `{article.id}` is in two files: this one and {others}; "
                                    "neither is written over", "keep one of them, or give the other a new id"))
            reported.update(holders)
            continue
        old = holders[0] if holders else None
        if old is not None and not found[old][2]:
            if recorded_hash(found[old][1]) != recorded_hash(text):
                problems.append(Problem(old, None, f"kept your edit, but {seed} now gives different "
                                        "text for this article",
                                        f"compare with the seed, or delete {old} to regenerate it"))
            continue
        here = found.get(path)
        if here is not None and path != old and path not in written and not here[2]:
            what = f"its id is now `{here[0]}`" if here[0] is not None else "its front matter gives no readable id"
            problems.append(Problem(path, None, f"kept your edit ({what}), so {seed}'s article `{article.id}`, "
                                    "which belongs in this file, was not written",
                                    f"put back `id: {article.id}` to keep it as that article, or delete the file "
                                    "to regenerate it"))
            reported.add(path)
            continue
        if old is not None and old != path and old not in written:
            Path(old).unlink()  # ingest's own file under its old name
            found.pop(old)
        if here is None or here[1] != text or not os.path.exists(path):
            if folder not in made_dirs:  # the page's folder, made once
                os.makedirs(folder, exist_ok=True)
                made_dirs.add(folder)
            write_atomically(path, text)
        written.add(path)
    for path, (file_id, text, unedited) in found.items():
        if path in written or path in reported or (file_id is not None and file_id in fresh_ids):
            continue
        if unedited:
            Path(path).unlink()
        elif os.path.isfile(path):
            what = f"an article `{file_id}`" if file_id is not None else "the article of this file"
            problems.append(Problem(path, None, f"{seed} no longer gives {what}; your edited file is kept",
                                    "delete it if the article is gone"))
    return problems


def write_atomically(path: str | Path, text: str) -> None:
    """Write a content file through a temp file and a rename: a killed build never leaves half a file
    (which the next build would take for an editor's edit and keep).

    The bytes are those of `Path.write_text(text, encoding="utf-8")`, written with three system calls
    (open, write, close) where a text file object makes seven, for each of 10,000 files.
    """
    folder, name = os.path.split(os.fspath(path))
    tmp = os.path.join(folder, f".{name}.tmp")
    if os.linesep != "\n":  # as text mode writes a newline
        text = text.replace("\n", os.linesep)
    data = memoryview(text.encode("utf-8"))
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
        try:
            while data:
                data = data[os.write(fd, data):]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and exc.filename is None and exc.errno is not None:  # a failed write names no file
            raise OSError(exc.errno, exc.strerror, os.fspath(path)) from None
        raise


# ---------------------------------------------------------------------------------------------
# page records: content/<page-id>/_page.yml

PAGE_RECORD = "_page.yml"
PAGE_KEYS = ("id", "seed", "paper", "date", "page_no", "section", "image", "furniture", HASH_KEY)


def page_record_text(info: PageInfo) -> str:
    """A printed page's record as YAML, ending with the hash of this very text (like an article's)."""
    meta = {"id": info.id, "seed": info.seed, "paper": info.paper, "date": info.date, "page_no": info.page_no,
            "section": info.section, "image": info.image, "furniture": list(info.furniture)}
    text = _dump_front_matter(meta)
    return f"{text}{HASH_KEY}: {content_hash(text)}\n"


def read_page_record(path: Path) -> PageInfo:
    """A `_page.yml` back into its PageInfo; a problem names the file and line."""
    try:
        meta = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_SafeLoader) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise BuildError(str(path), mark.line + 1 if mark else 1, f"cannot read the page record: {exc}",
                         "fix the YAML, or delete the file to have it generated again") from None
    if not isinstance(meta, dict):
        raise BuildError(str(path), 1, "the page record is not a set of `key: value` lines")
    unknown = sorted(str(k) for k in meta if k not in PAGE_KEYS)
    if unknown:
        raise BuildError(str(path), _key_line("\n" + path.read_text(encoding="utf-8-sig"), unknown[0]) - 1,
                         f"unknown key `{unknown[0]}`", "known keys: " + ", ".join(PAGE_KEYS))
    furniture = meta.get("furniture") or []
    page_no = meta.get("page_no")
    if not isinstance(furniture, list) or (page_no is not None and not isinstance(page_no, int)):
        raise BuildError(str(path), 1, "furniture must be a list of lines and page_no a whole number",
                         "compare with a freshly generated file")
    return PageInfo(id=str(meta.get("id") or path.parent.name), seed=str(meta.get("seed") or ""),
                    paper=_opt_str(meta.get("paper")), date=_opt_str(meta.get("date")), page_no=page_no,
                    section=_opt_str(meta.get("section")), image=_opt_str(meta.get("image")),
                    furniture=tuple(str(line) for line in furniture))


def write_page_record(content_dir: Path, info: PageInfo, *, seed: Path) -> list[Problem]:
    """Write `content/<page-id>/_page.yml` unless an editor changed it since ingest wrote it."""
    path = content_dir / info.id / PAGE_RECORD
    text = page_record_text(info)
    if path.exists():
        old = path.read_text(encoding="utf-8", errors="replace")
        if old == text:
            return []
        if not is_unedited(old):
            if recorded_hash(old) != recorded_hash(text):
                return [Problem(str(path), None, f"kept your edit, but {seed} now gives a different page record",
                                f"compare with the seed, or delete {path} to regenerate it")]
            return []
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text)
    return []
