"""Values that YAML or TOML accept but a newspaper never means: each an error at its real line of the
file (the seed's .toml or the content .md), or, for control characters, taken out so that feed.xml
and sitemap.xml stay well-formed XML."""

from __future__ import annotations

import shutil
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from robustness_helpers import REPO, SEED, Workspace, assert_failed_cleanly, assert_succeeded
from test_content import BODY, fail_to_build, front, line_of, write


def seed_with(ws: Workspace, toml: str) -> Path:
    (ws.seeds / SEED.name).write_bytes(SEED.read_bytes())
    meta = ws.seeds / (SEED.stem + ".toml")
    meta.write_text(toml, encoding="utf-8")
    return meta


@pytest.mark.parametrize("toml, line, says", [
    ('paper = "人民日报"\ndate = "2024-02-30"\n', 2, "date `2024-02-30` is not a real day written yyyy-mm-dd (e.g. date = 2024-01-15)"),
    ('date = 2024-13-01\n', 1, "invalid TOML"),
    ('date = "15.01.2024"\n', 1, "date `15.01.2024` is not a real day written yyyy-mm-dd"),
    ('paper = "人民日报"\n\npage = -1\n', 3, "page -1 is not a page number 1–999 (e.g. page = 5)"),
    ('page = 1000\n', 1, "page 1000 is not a page number 1–999"),
    ('page = 0\n', 1, "page 0 is not a page number 1–999"),
    ('page = true\n', 1, "page must be a whole number, not `True` (e.g. page = 5)"),
    ('page = "5"\n', 1, "page must be a whole number, not `5`"),
    ('paper = 5\n', 1, 'paper must be the paper\'s name in quotes (e.g. paper = "人民日报")'),
    ('# a comment\npages = 5\n', 2, "unknown key `pages` (known keys: paper, date, page, encoding)"),
])
def test_page_settings_are_checked_at_their_line(workspace: Workspace, toml: str, line: int, says: str) -> None:
    meta = seed_with(workspace, toml)
    before = workspace.output_manifest()
    result = workspace.build()
    assert_failed_cleanly(result, f"error: {meta}:{line}: {says}")
    assert workspace.output_manifest() == before


def test_every_page_settings_problem_is_reported_at_once(workspace: Workspace) -> None:
    meta = seed_with(workspace, 'date = "2024-02-30"\npage = -1\n')
    result = workspace.build()
    assert_failed_cleanly(result, f"error: {meta}:1: date `2024-02-30`", f"error: {meta}:2: page -1")


def test_a_real_date_and_page_build(workspace: Workspace) -> None:
    seed_with(workspace, 'paper = "人民日报"\ndate = 2024-02-29\npage = 999\n')
    assert_succeeded(workspace.build())
    assert "2024-02-29" in (workspace.site / "feed.xml").read_text(encoding="utf-8")


def test_a_duplicate_key_in_front_matter_is_an_error_at_its_line(workspace: Workspace) -> None:
    text = front(extra='title: "第二个标题"\n') + BODY
    path = write(workspace, "01-x.md", text)
    first, second = line_of(text, "title:"), len(text.split("---\n")[1].split("\n"))
    fail_to_build(workspace, f"{path}:{second}: malformed front matter: the key `title` appears twice "
                             f"(also on line {first}) (keep one of the two)")


@pytest.mark.parametrize("value", ["'no'", "1", "'false'", "[true]"])  # YAML itself reads no, yes, off as booleans
def test_needs_review_must_be_a_boolean(workspace: Workspace, value: str) -> None:
    text = front().replace("needs_review: false", f"needs_review: {value}") + BODY
    path = write(workspace, "01-x.md", text)
    shown = {"'no'": "the text 'no'", "1": "`1`",
             "'false'": "the text 'false'", "[true]": "a list"}[value]
    fail_to_build(workspace, f"{path}:{line_of(text, 'needs_review')}: `needs_review` must be true or false, not "
                             f"{shown} (write needs_review: true or needs_review: false, without quotes)")


def test_an_alias_bomb_is_refused_at_once(workspace: Workspace) -> None:
    bomb = 'a0: &a0 ["哈哈"]\n' + "".join(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]\n" for n in range(1, 10))
    text = front().replace("id: p5-01\n", bomb + "id: p5-01\n").replace("authors:\n- 任雷", "authors: *a9") + BODY
    path = write(workspace, "01-x.md", text)
    started = time.monotonic()
    fail_to_build(workspace, f"{path}:{line_of(text, 'a9:')}: malformed front matter: YAML aliases (*name) are not "
                             "allowed in front matter: the value that starts on this line is used again through one "
                             "(write the value out in full)")
    assert time.monotonic() - started < 120  # expanded, 9**9 items: the probe saw 80 s, then a MemoryError


def test_a_control_character_written_as_it_is_is_named_at_its_line(workspace: Workspace) -> None:
    text = front().replace("subtitle: null", "subtitle: 副\x7f题") + BODY
    path = write(workspace, "01-x.md", text)
    fail_to_build(workspace, f"{path}:{line_of(text, 'subtitle')}: malformed front matter: the control character "
                             'U+007F cannot be written as it is (leave it out, or write it escaped in double quotes ("\\x7f"))')


def test_front_matter_larger_than_the_limit_is_refused(workspace: Workspace) -> None:
    text = front(extra="subtitle2: " + "长" * 30_000 + "\n") + BODY
    path = write(workspace, "01-x.md", text)
    size = len(text.split("---\n")[1].encode()) // 1024
    fail_to_build(workspace, f"{path}:2: the front matter is {size} KB, more than the 64 KB allowed "
                             "(keep the article's text below the second `---`)")


def test_control_characters_are_taken_out_and_the_feeds_stay_xml(workspace: Workspace, tmp_path: Path) -> None:
    shutil.copytree(REPO / "themes", workspace.root / "themes")
    config = workspace.root / "site.toml"
    config.write_text('base_url = "https://example.org/paper/"\n', encoding="utf-8")
    text = (front().replace('title: "“老破旧”改出新气象"', 'title: "标题\\x01带\\b控制\\e字符\\x7f与\\x85"')
            .replace("- 任雷", '- "任\\a雷"') + BODY.replace("近日", "近\u000c\u0001日"))  # YAML escapes; raw in the body
    write(workspace, "01-x.md", text)
    result = workspace.build("--config", config)
    assert_succeeded(result)
    for name in ("feed.xml", "sitemap.xml"):
        ET.parse(workspace.site / name)  # raises on a character XML cannot hold
    feed = (workspace.site / "feed.xml").read_text(encoding="utf-8")
    assert "标题带控制字符与" in feed
    page = (workspace.site / "articles" / "p5-01.html").read_text(encoding="utf-8")
    assert "标题带控制字符与" in page and "任雷" in page and "近日" in page


@pytest.mark.parametrize("old, new, key, says", [
    ("id: p5-01", "id: 第一篇", "id", "the id `第一篇` is not a safe ASCII file name (use letters, digits, '-' and '_' only)"),
    ("region: null", "region: {province: 天津市, city: null, county: null, code: '12'}", "region",
     "region code `12` is not 6 digits (use the GB/T 2260 code, e.g. '120101')"),
])
def test_an_error_in_a_content_file_names_the_md_and_its_line(workspace: Workspace, old: str, new: str, key: str,
                                                               says: str) -> None:
    text = front().replace(old, new) + BODY
    path = write(workspace, "01-x.md", text)
    fail_to_build(workspace, f"{path}:{line_of(text, key + ':')}: {says}")
