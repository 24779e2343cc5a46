"""A content file's front matter, read strictly or, for the files ingest wrote, fast.

Strictly: the YAML an editor writes, with what YAML allows but
a newsroom never means refused, and every problem at its line of the `.md` file.

- duplicate keys are errors (YAML would keep the last one silently);
- aliases (`*name`) are refused: a few lines of them expand to gigabytes (an "alias bomb");
- the front matter may be at most `MAX_FRONT_MATTER_BYTES` (an article's takes about 1 KB);
- `needs_review` must be `true` or `false`, text values text, lists lists (`check_meta`);
- control characters are taken out of every value (`strip_controls`): they cannot be in XML
  (feed.xml, sitemap.xml), and nobody types them.

`load` gives the values and the line of each top-level key; `check_meta` and `strip_controls` work
on the values alone, so the fast reader below applies the same rules.

The fast reader, `read_plain`, gives the dict `yaml.safe_load` gives, without PyYAML, for the files
ingest writes.

PyYAML builds every node and object in Python even with libyaml's parser, the larger part of
reading 10,000 content files. Ingest writes front matter in one narrow shape (`files._plain_front_matter`):
`key: value` lines, block lists `- value` at the left edge, mappings indented two spaces, list items
that are mappings (`- province: …` then `  city: …`), and scalars that are `null`, `true`, `false`,
a decimal integer, or a string written plainly or in single quotes from a safe set of characters.

`read_plain` reads exactly that shape and returns None for anything else: another indentation, a
comment, a tab, a flow collection, a key it does not know, a key given twice, a string with other
characters or one YAML would read as another type (`2024-01-15`, `yes`, `1e3`). The caller then
parses with PyYAML, so an editor's file means what YAML says it means; `tests/unit/test_frontmatter.py`
compares the two on generated and hostile front matter.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from generator.errors import BuildError, Problem

MAX_FRONT_MATTER_BYTES = 64 * 1024
FIRST_LINE = 2  # the front matter starts on the file's second line, after `---`

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# What XML 1.0 cannot hold, and DEL and the C1 controls: C0 but tab and newline, 0x7F–0x9F, U+FFFE/F.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


class _Refused(Exception):
    def __init__(self, line: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


class _StrictLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """YAML's safe loader, refusing aliases and duplicate keys, remembering the top-level keys' lines."""

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self.key_lines: dict[str, int] | None = None

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects:  # the node is met a second time: through an alias
            raise _Refused(node.start_mark.line + FIRST_LINE, "YAML aliases (*name) are not allowed in front matter: "
                           "the value that starts on this line is used again through one", "write the value out in full")
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = key_node.value
            line = key_node.start_mark.line + FIRST_LINE
            if key in seen:
                raise _Refused(line, f"the key `{key}` appears twice (also on line {seen[key]})",
                               "keep one of the two")
            seen[key] = line
        if self.key_lines is None:  # the first mapping built is the document's own
            self.key_lines = {str(k): v for k, v in seen.items()}
        return super().construct_mapping(node, deep=deep)


def load(front: str, path: Path | str) -> tuple[Any, dict[str, int]]:
    """The front matter's values and the line of each top-level key; a `BuildError` at its line otherwise."""
    size = len(front.encode("utf-8"))
    if size > MAX_FRONT_MATTER_BYTES:
        raise BuildError(str(path), FIRST_LINE, f"the front matter is {size // 1024} KB, more than the "
                         f"{MAX_FRONT_MATTER_BYTES // 1024} KB allowed", "keep the article's text below the second `---`")
    loader = _StrictLoader(front)
    try:
        meta = loader.get_single_data()
    except _Refused as refused:
        raise BuildError(str(path), refused.line, f"malformed front matter: {refused.message}", refused.hint) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not take as it is
        at = front.find(chr(exc.character))  # (libyaml counts `position` in bytes, PyYAML in characters)
        line = front.count("\n", 0, at if at >= 0 else 0) + FIRST_LINE
        raise BuildError(str(path), line, f"malformed front matter: the control character U+{exc.character:04X} "
                         "cannot be written as it is", 'leave it out, or write it escaped in double quotes ("\\x7f")') from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + FIRST_LINE if mark else 1
        reason = getattr(exc, "problem", None) or "invalid YAML"
        opened, context = getattr(exc, "context_mark", None), getattr(exc, "context", None)
        if opened is not None and context and (mark is None or opened.line < mark.line):
            # An unclosed quote or bracket is noticed lines later: point at where it opens.
            line, reason = opened.line + FIRST_LINE, f"{reason} ({context} that starts on this line)"
        raise BuildError(str(path), line, f"malformed front matter: {reason}",
                         "fix the YAML syntax, e.g. quote values that contain `:`") from None
    finally:
        loader.dispose()
    return meta, loader.key_lines or {}


_TEXT_KEYS = ("id", "kind", "kicker", "title", "subtitle")
_LIST_KEYS = ("authors", "tags", "places")
_TABLE_KEYS = ("region", "source")


def check_meta(meta: dict, key_lines: dict[str, int], path: Path | str) -> list[Problem]:
    """The values whose type is wrong, each at its line: booleans are booleans, text is text."""
    problems: list[Problem] = []

    def problem(key: str, message: str, hint: str) -> None:
        problems.append(Problem(str(path), key_lines.get(key, FIRST_LINE), message, hint))

    if "needs_review" in meta and not isinstance(meta["needs_review"], bool):
        problem("needs_review", f"`needs_review` must be true or false, not {_shown(meta['needs_review'])}",
                "write needs_review: true or needs_review: false, without quotes")
    for key in _TEXT_KEYS:
        value = meta.get(key)
        if isinstance(value, (dict, list)):
            problem(key, f"`{key}` must be text, not a {'list' if isinstance(value, list) else 'set of keys'}",
                    f'write it on one line, e.g. {key}: "..."')
    for key in _LIST_KEYS:
        value = meta.get(key)
        if value is not None and not isinstance(value, list):
            problem(key, f"`{key}` must be a list, not {_shown(value)}", f"write {key}: [a, b], or one `- item` per line")
        elif key != "places" and isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
            problem(key, f"every item of `{key}` must be text", f"write {key}: [a, b]")
    for key in _TABLE_KEYS:
        value = meta.get(key)
        if value is not None and not isinstance(value, dict):
            problem(key, f"`{key}` must be a set of `key: value` lines, not {_shown(value)}",
                    "compare with a freshly generated file")
    # What later becomes a file name or a link, checked here so that the message names this file.
    from generator.site.indexes import _is_code, is_safe_name

    article_id = meta.get("id")
    if isinstance(article_id, (str, int)) and not isinstance(article_id, bool) and not is_safe_name(str(article_id)):
        problem("id", f"the id `{article_id}` is not a safe ASCII file name", "use letters, digits, '-' and '_' only")
    region = meta.get("region")
    if isinstance(region, dict) and region.get("code") is not None and not _is_code(str(region["code"])):
        problem("region", f"region code `{region['code']}` is not 6 digits", "use the GB/T 2260 code, e.g. '120101'")
    return problems


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"the text '{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    return f"`{value}`"


def strip_controls(value: Any) -> Any:
    """`value` with control characters taken out of every string in it, keys included."""
    if isinstance(value, str):
        return CONTROL.sub("", value) if CONTROL.search(value) else value
    if isinstance(value, list):
        return [strip_controls(v) for v in value]
    if isinstance(value, dict):
        return {strip_controls(k): strip_controls(v) for k, v in value.items()}
    return value


_PLAIN_ID = re.compile(r"---\nid: ([A-Za-z0-9][A-Za-z0-9_.\-]*)\n")  # as ingest writes an id
_RESOLVER = yaml.resolver.Resolver()


def front_matter_id(text: str, *, unedited: bool | None = None) -> str | None:
    """The `id` a content file's front matter gives, however it is written; None when the file has
    no readable front matter or no id (the file then belongs to nobody but its editor).

    A file exactly as ingest wrote it (`content.is_unedited`) has its id as the first line, plain:
    read from there (~10× faster than YAML, the same value); any other file is parsed. `unedited`:
    `is_unedited(text)`, when the caller knows it.
    """
    from generator.content.files import is_unedited

    plain = _PLAIN_ID.match(text)
    if (plain is not None and _RESOLVER.resolve(yaml.ScalarNode, plain.group(1), (True, False)) == "tag:yaml.org,2002:str"
            and (is_unedited(text) if unedited is None else unedited)):
        return plain.group(1)
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 4)
    if end < 0:
        return None
    try:
        meta, _ = load(text[4 : end + 1], "")
    except BuildError:
        return None
    if not isinstance(meta, dict) or isinstance(meta.get("id"), (dict, list)) or meta.get("id") is None:
        return None
    return str(meta["id"])


# ---------------------------------------------------------------------------------------------
# the fast reader, for front matter in the shape ingest writes


# What `content._plain_front_matter` writes: Han, Latin letters, digits, `_ . -`, inner spaces and
# Chinese punctuation, not starting with `- .` (the same pattern; content.py keeps the writer's copy).
_SAFE = re.compile(r"[\u3400-\u9fffA-Za-z0-9_“”‘’《》（）、，。：；！？…—·]"
                   r"(?:[\u3400-\u9fffA-Za-z0-9_.\- “”‘’《》（）、，。：；！？…—·]{0,400}"
                   r"[\u3400-\u9fffA-Za-z0-9_.\-“”‘’《》（）、，。：；！？…—·])?")
_INT = re.compile(r"0|-?[1-9][0-9]{0,17}")
_KEY_LINE = re.compile(r"([a-z_]+):(?: (.+))?")
_CONSTANTS = {"null": None, "true": True, "false": False}
_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVED_BY_FIRST = _RESOLVER.yaml_implicit_resolvers  # first character → the types it may start


class _NotPlain(Exception):
    """The text is not in the shape `read_plain` reads: PyYAML must read it."""


def read_plain(front: str, *, top_keys: frozenset[str], inner_keys: frozenset[str]) -> dict | None:
    """The mapping `yaml.safe_load(front)` gives, for front matter in the shape ingest writes; else None.

    `top_keys` are the keys read at the left edge, `inner_keys` those inside mappings (`source:`,
    regions); any other key leaves the file to PyYAML.
    """
    if not front.endswith("\n"):
        return None
    lines = front.split("\n")
    lines.pop()  # after the last newline
    try:
        return _mapping(lines, top_keys, inner_keys)
    except _NotPlain:
        return None


def _mapping(lines: list[str], top_keys: frozenset[str], inner_keys: frozenset[str]) -> dict:
    meta: dict = {}
    i, end = 0, len(lines)
    while i < end:
        key, raw = _key_value(lines[i], top_keys, meta)
        i += 1
        if raw is not None:
            meta[key] = [] if raw == "[]" else _scalar(raw)
        elif i < end and lines[i].startswith("- "):
            meta[key], i = _block_list(lines, i, inner_keys)
        elif i < end and lines[i].startswith("  "):
            meta[key], i = _block_mapping(lines, i, {}, inner_keys)
        else:
            raise _NotPlain  # `key:` with nothing under it (null to YAML; ingest writes `null`)
    return meta


def _key_value(line: str, keys: frozenset[str], seen: dict) -> tuple[str, str | None]:
    match = _KEY_LINE.fullmatch(line)
    if match is None or match[1] not in keys or match[1] in seen:
        raise _NotPlain
    return match[1], match[2]


def _block_list(lines: list[str], i: int, inner_keys: frozenset[str]) -> tuple[list, int]:
    """`- value` lines, or list items that are mappings (`- key: value`, then `  key: value` lines)."""
    items: list = []
    end = len(lines)
    while i < end and lines[i].startswith("- "):
        item = lines[i][2:]
        if _KEY_LINE.fullmatch(item):
            key, raw = _key_value(item, inner_keys, {})
            if raw is None or raw == "[]":
                raise _NotPlain
            mapping, i = _block_mapping(lines, i + 1, {key: _scalar(raw)}, inner_keys)
            items.append(mapping)
        else:
            items.append(_scalar(item))
            i += 1
    return items, i


def _block_mapping(lines: list[str], i: int, mapping: dict, inner_keys: frozenset[str]) -> tuple[dict, int]:
    """`  key: value` lines (scalars only) added to `mapping`, up to the first line not so indented."""
    end = len(lines)
    while i < end and lines[i].startswith("  "):
        key, raw = _key_value(lines[i][2:], inner_keys, mapping)
        if raw is None or raw == "[]":
            raise _NotPlain
        mapping[key] = _scalar(raw)
        i += 1
    return mapping, i


def _scalar(raw: str) -> object:
    """One scalar as YAML reads it, for the forms ingest writes; `_NotPlain` for any other."""
    if raw in _CONSTANTS:
        return _CONSTANTS[raw]
    if raw[0] == "'":
        inner = raw[1:-1]
        if len(raw) >= 3 and raw[-1] == "'" and _SAFE.fullmatch(inner):
            return inner
        raise _NotPlain
    if _INT.fullmatch(raw):
        return int(raw)
    if not _SAFE.fullmatch(raw):
        raise _NotPlain
    # A plain value that YAML would read as another type (a date, a float, `yes`…) is left to YAML.
    typed = raw[0] in _RESOLVED_BY_FIRST or None in _RESOLVED_BY_FIRST
    if typed and _RESOLVER.resolve(yaml.ScalarNode, raw, (True, False)) != _STR_TAG:
        raise _NotPlain
    return raw
