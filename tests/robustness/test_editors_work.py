"""Editors' work is sacred: a content file that is not exactly what ingest wrote is never written over,
however its front matter is written (spacing, comments, quotes, flow or block style, key order), and
a changed id, a moved file or a duplicate is reported with both paths.

The property test drives `content.write_page`, the one function that writes content files, with the
articles ingest gives for the example seed; the end-to-end tests run build.py as an editor does.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from robustness_helpers import SEED, Workspace, assert_failed_cleanly, assert_succeeded

from generator.content.files import article_to_markdown, parse_content, read_content, write_page

EDITED_TITLE = "编辑改过的标题"
EDITED_PARAGRAPH = "这一段是编辑重写的。"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> tuple[Path, list]:
    """The content files ingest writes for the example seed, and the articles they hold."""
    from generator.content import files as content_io
    from generator.pipeline import Report, ingest

    root = tmp_path_factory.mktemp("fresh")
    (root / "seeds").mkdir()
    shutil.copy(SEED, root / "seeds" / SEED.name)
    given_to_write_page = []
    real_write_page = content_io.write_page

    def recording(content_dir, page_id, articles, *, seed):  # jobs=1: ingest calls it in this process
        given_to_write_page.extend(articles)
        return real_write_page(content_dir, page_id, articles, seed=seed)

    content_io.write_page = recording
    try:
        ingest(root / "seeds", root / "content", Report(), jobs=1)
    finally:
        content_io.write_page = real_write_page
    files = read_content(root / "content")
    assert sorted(article_to_markdown(a) for a in given_to_write_page) == sorted(
        f.path.read_text(encoding="utf-8") for f in files)
    return root, given_to_write_page


def split(text: str) -> tuple[dict, str]:
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4 : end + 1]), text[end + 5 :]


# --- a random, valid YAML writer: every choice YAML allows for the same values -----------------

def scalar(draw, value) -> str:
    if value is None:
        return draw(st.sampled_from(["null", "~", "Null", ""]))
    if isinstance(value, bool):
        return draw(st.sampled_from(["true", "True", "TRUE"] if value else ["false", "False", "FALSE"]))
    if isinstance(value, int):
        return str(value)
    styles = ["single", "double", "double-ascii"]
    if yaml.safe_load(f"k: {value}") == {"k": value} and not value.startswith(("'", '"')):
        styles.append("plain")
    style = draw(st.sampled_from(styles))
    if style == "plain":
        return value
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=style == "double-ascii")


def flow(draw, value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(flow(draw, v) for v in value) + "]"
    if isinstance(value, dict):
        keys = draw(st.permutations(list(value)))
        return "{" + ", ".join(f"{k}: {flow(draw, value[k])}" for k in keys) + "}"
    text = scalar(draw, value)
    return text if text else "null"


def comment(draw) -> str:
    return draw(st.sampled_from(["", "", "  # 编辑的备注", " # note"]))


def block(draw, key: str, value, indent: str) -> list[str]:
    colon = ":" + " " * draw(st.integers(1, 3))
    if isinstance(value, (list, dict)) and value and draw(st.booleans()):  # block style
        lines = [f"{indent}{key}:{comment(draw)}"]
        step = indent + " " * draw(st.sampled_from([2, 4]))
        if isinstance(value, list):
            item_indent = draw(st.sampled_from([indent, step]))
            for item in value:
                if isinstance(item, dict):
                    lines.append(f"{item_indent}- {flow(draw, item)}")
                else:
                    lines.append(f"{item_indent}-{' ' * draw(st.integers(1, 2))}{scalar(draw, item) or 'null'}{comment(draw)}")
        else:
            for k in draw(st.permutations(list(value))):
                lines += block(draw, k, value[k], step)
        return lines
    text = flow(draw, value) if isinstance(value, (list, dict)) else scalar(draw, value)
    return [f"{indent}{key}{colon}{text}{comment(draw)}".rstrip(" ") if text else f"{indent}{key}:{comment(draw)}"]


@st.composite
def restyled(draw, meta: dict) -> str:
    keys = draw(st.permutations(list(meta)))
    lines = []
    if draw(st.booleans()):
        lines.append("# 编辑改过这篇文章")
    for key in keys:
        lines += block(draw, key, meta[key], "")
        if draw(st.integers(0, 5)) == 0:
            lines.append("")
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=st.data())
def test_a_rebuild_keeps_every_edit_however_the_front_matter_is_written(fresh, tmp_path_factory, data) -> None:
    root, articles = fresh
    content = tmp_path_factory.mktemp("edited") / "content"
    shutil.copytree(root / "content", content)
    files = sorted(content.glob("*/*.md"))
    target = files[data.draw(st.integers(0, len(files) - 1))]
    meta, body = split(target.read_text(encoding="utf-8"))
    meta["title"] = EDITED_TITLE
    meta["tags"] = [*meta["tags"][:1], "编辑加的标签"]
    front = data.draw(restyled(meta))
    assume(yaml.safe_load(front) == meta)  # the writer above writes valid YAML for these values
    text = f"---\n{front}---\n\n{EDITED_PARAGRAPH}\n\n{body.lstrip()}"
    target.write_text(text, encoding="utf-8")
    others = {p: p.read_bytes() for p in files if p != target}

    page_id = target.parent.name
    write_page(content, page_id, [a for a in articles if a.source.page_id == page_id], seed=Path(SEED.name))

    assert target.read_text(encoding="utf-8") == text  # every byte of the edit kept
    assert {p: p.read_bytes() for p in files if p != target} == others
    assert sorted(content.glob("*/*.md")) == files  # and no second copy of the article written
    parsed = parse_content(text, target).article
    assert (parsed.title, parsed.blocks[0].text) == (EDITED_TITLE, EDITED_PARAGRAPH)


# --- end to end: the cases the probe found, through build.py ------------------------------------

def project(ws: Workspace) -> list[Path]:
    shutil.copy(SEED, ws.seeds / SEED.name)
    assert_succeeded(ws.build())
    return sorted(ws.content.glob("*/*.md"))


@pytest.mark.parametrize("id_line", ["id:  {id}", "id: {id}  # 编辑的备注", "id: '{id}'", 'id: "{id}"', "id:\t{id}"])
def test_an_edit_is_kept_however_the_id_line_is_written(workspace: Workspace, id_line: str) -> None:
    first = project(workspace)[0]
    text = first.read_text(encoding="utf-8")
    meta, _ = split(text)
    edited = text.replace(f"id: {meta['id']}\n", id_line.format(id=meta["id"]) + "\n", 1)
    edited = edited.replace(f"title: {meta['title']}\n", f"title: {EDITED_TITLE}\n", 1)
    if "\t" in id_line:
        edited = edited.replace("id:\t", "id: \t", 1)  # a tab may not start a value's indentation in YAML
    assert edited != text
    first.write_text(edited, encoding="utf-8")
    result = workspace.build()
    assert_succeeded(result)
    assert first.read_text(encoding="utf-8") == edited
    assert EDITED_TITLE in (workspace.site / "articles" / f"{meta['id']}.html").read_text(encoding="utf-8")


def test_a_changed_id_is_reported_with_both_paths_and_nothing_is_written_over(workspace: Workspace) -> None:
    first = project(workspace)[0]
    text = first.read_text(encoding="utf-8")
    meta, _ = split(text)
    edited = text.replace(f"id: {meta['id']}\n", "id: my-own-id\n", 1)
    first.write_text(edited, encoding="utf-8")
    result = workspace.build()
    assert_succeeded(result)
    assert first.read_text(encoding="utf-8") == edited
    assert (f"{first}: kept your edit (its id is now `my-own-id`), so {workspace.seeds / SEED.name}'s article "
            f"`{meta['id']}`, which belongs in this file, was not written (put back `id: {meta['id']}` to keep it "
            "as that article, or delete the file to regenerate it)") in result.stderr
    assert "your edited file is kept" not in result.stderr  # said once, and only of a file kept
    assert (workspace.site / "articles" / "my-own-id.html").is_file()


def test_a_duplicated_file_is_reported_with_both_paths_and_neither_is_written_over(workspace: Workspace) -> None:
    first = project(workspace)[0]
    text = first.read_text(encoding="utf-8").replace("title: ", f"title: {EDITED_TITLE}", 1)
    copy = first.with_name("99-copy.md")
    first.write_text(text, encoding="utf-8")
    copy.write_text(text, encoding="utf-8")
    (workspace.seeds / SEED.name).write_text(SEED.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # ingest again
    meta, _ = split(text)
    result = workspace.build()
    assert_failed_cleanly(result, f"{first}: the id `{meta['id']}` is in two files: this one and {copy}; "
                          "neither is written over (keep one of them, or give the other a new id)",
                          f"{copy}:2: id `{meta['id']}` is used twice (also in {first}")
    assert first.read_text(encoding="utf-8") == copy.read_text(encoding="utf-8") == text


def test_a_file_moved_to_another_page_folder_is_reported_with_both_paths(workspace: Workspace) -> None:
    first = project(workspace)[0]
    text = first.read_text(encoding="utf-8").replace("title: ", f"title: {EDITED_TITLE}", 1)
    moved = workspace.content / "elsewhere" / first.name
    moved.parent.mkdir()
    moved.write_text(text, encoding="utf-8")
    first.unlink()
    meta, _ = split(text)
    result = workspace.build()
    assert_failed_cleanly(result, f"id `{meta['id']}` is used twice")
    assert str(moved) in result.stderr and str(first) in result.stderr
    assert moved.read_text(encoding="utf-8") == text
