"""Front matter text → the dict `yaml.safe_load` gives, without PyYAML for the files ingest writes.

PyYAML builds every node and object in Python even with libyaml's parser: at 10,000 content files
that was 9 s of a 20 s build. Ingest writes front matter in one narrow shape (`content._plain_front_matter`):
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

import yaml

# What `content._plain_front_matter` writes: Han, Latin letters, digits, `_ . -`, inner spaces and
# Chinese punctuation, not starting with `- .` (the same pattern; content.py keeps the writer's copy).
_SAFE = re.compile(r"[\u3400-\u9fffA-Za-z0-9_“”‘’《》（）、，。：；！？…—·]"
                   r"(?:[\u3400-\u9fffA-Za-z0-9_.\- “”‘’《》（）、，。：；！？…—·]{0,400}"
                   r"[\u3400-\u9fffA-Za-z0-9_.\-“”‘’《》（）、，。：；！？…—·])?")
_INT = re.compile(r"0|-?[1-9][0-9]{0,17}")
_KEY_LINE = re.compile(r"([a-z_]+):(?: (.+))?")
_CONSTANTS = {"null": None, "true": True, "false": False}
_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
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
