"""Hand-edited content files that are broken or hostile: exit 1 naming file and line, or a safe site."""

from __future__ import annotations

import html
import json
import re
import zipfile

import pytest
from robustness_helpers import Workspace, assert_failed_cleanly, assert_succeeded

BODY = ("本报讯（任雷）“出行方便环境好，‘老破旧’改成了新街巷。”近日，走在安徽省亳州市谯城区薛阁街道柳湖"
        "社区白家巷新修的水泥路面上，居民付金芳高兴地说。\n\n## 小标题\n\n白家巷全长约150米，因年久失修，路面破损严重。\n")


def front(id: str = "p5-01", title: str = "“老破旧”改出新气象", tags: tuple[str, ...] = ("老旧小区改造",),
          kicker: str = "安徽亳州市谯城区", extra: str = "", drop: str = "") -> str:
    """A content file as an editor leaves it (no `generated` hash: edited)."""
    lines = [
        f"id: {id}",
        "kind: article",
        f"kicker: {json.dumps(kicker, ensure_ascii=False)}",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        "subtitle: null",
        "authors:\n- 任雷",
        "region: null",
        "places: []",
        "tags:" + "".join(f"\n- {json.dumps(t, ensure_ascii=False)}" for t in tags) if tags else "tags: []",
        "needs_review: false",
        "source:\n  seed: p5.txt\n  page: p5\n  line_start: 1\n  line_end: 20\n  order: 1",
    ]
    lines = [line for line in lines if not (drop and line.startswith(f"{drop}:"))]
    return "---\n" + "\n".join(lines) + "\n" + extra + "---\n\n"


def write(ws: Workspace, name: str, text: str) -> str:
    (ws.content / "p5").mkdir(exist_ok=True)
    path = ws.content / "p5" / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def fail_to_build(ws: Workspace, *needles: str) -> None:
    before = ws.output_manifest()
    result = ws.build()
    assert_failed_cleanly(result, *needles)
    assert ws.output_manifest() == before
    assert not [p.name for p in ws.root.iterdir() if p.name.startswith(".") and p.name != ".cache"], "temp files left behind"


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(start))


@pytest.mark.parametrize("broken, below", [
    ("subtitle: 标题: 冒号没加引号", 0),
    ("subtitle: '引号没有闭合", 0),  # YAML notices at the end; the error points where the quote opens
    ("subtitle: [列表, 没有闭合", 0),
    ("subtitle:\n\t- 制表符缩进", 1),
])
def test_malformed_yaml_names_the_file_and_line(workspace: Workspace, broken: str, below: int) -> None:
    text = front().replace("subtitle: null", broken)
    path = write(workspace, "01-x.md", text + BODY)
    fail_to_build(workspace, f"{path}:{line_of(text, 'subtitle') + below}: malformed front matter",
                  "fix the YAML syntax")


def test_front_matter_never_closed_names_the_file(workspace: Workspace) -> None:
    path = write(workspace, "01-x.md", front()[:-5] + BODY)
    fail_to_build(workspace, f"{path}:1: the front matter is not closed", "add a line `---`")


def test_missing_required_key_is_named(workspace: Workspace) -> None:
    path = write(workspace, "01-x.md", front(drop="kind") + BODY)
    fail_to_build(workspace, f"{path}:2: missing required key `kind`")


def test_unknown_key_names_its_line_and_suggests_the_known_one(workspace: Workspace) -> None:
    text = front(extra="titel: 错字\n") + BODY
    path = write(workspace, "01-x.md", text)
    fail_to_build(workspace, f"{path}:{line_of(text, 'titel')}: unknown key `titel` (did you mean `title`?)")


def test_wrong_value_shape_is_an_error_not_a_traceback(workspace: Workspace) -> None:
    path = write(workspace, "01-x.md", front().replace("kind: article", "kind: [article]") + BODY)
    fail_to_build(workspace, f'{path}:3: `kind` must be text, not a list (write it on one line, e.g. kind: "...")')


def test_two_files_with_the_same_id_name_both(workspace: Workspace) -> None:
    first = write(workspace, "01-x.md", front() + BODY)
    second = write(workspace, "02-y.md", front(title="另一篇") + BODY)
    fail_to_build(workspace, f"{second}:2: id `p5-01` is used twice", f"also in {first}")


def test_every_broken_content_file_is_reported_at_once(workspace: Workspace) -> None:
    a = write(workspace, "01-x.md", front(drop="kind") + BODY)
    b = write(workspace, "02-y.md", front(id="p5-02", extra="colour: red\n") + BODY)
    fail_to_build(workspace, f"{a}:2: missing required key `kind`", f"{b}:20: unknown key `colour`")


def test_non_utf8_content_file_names_its_line(workspace: Workspace) -> None:
    (workspace.content / "p5").mkdir()
    path = workspace.content / "p5" / "01-x.md"
    path.write_bytes((front() + BODY).encode("gbk"))
    fail_to_build(workspace, f"{path}:", "content files must be UTF-8")


HOSTILE = ["../../etc/passwd", "a/b\\c", "<script>alert(1)</script>", "..", "/", "con", "\"><img src=x onerror=alert(1)>"]


def test_slashes_dots_and_html_in_titles_and_tags_stay_text_inside_the_site(workspace: Workspace) -> None:
    for n, hostile in enumerate(HOSTILE, 1):
        write(workspace, f"{n:02d}-x.md", front(id=f"p5-{n:02d}", title=hostile, kicker=hostile,
                                                tags=(hostile, f"标签{hostile}")) + BODY)
    result = workspace.build()
    assert_succeeded(result)
    site = workspace.site.resolve()
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        assert re.fullmatch(r"[a-z0-9A-Z._/-]+", rel) and ".." not in rel.split("/"), rel
        assert path.resolve().is_relative_to(site), rel
    assert not (workspace.root / "etc").exists()
    with zipfile.ZipFile(workspace.zip) as archive:
        for name in archive.namelist():
            assert name.startswith("site/") and ".." not in name.split("/") and "\\" not in name, name
    records = json.loads((workspace.site / "data" / "articles.json").read_text(encoding="utf-8"))
    assert sorted(r["title"] for r in records) == sorted(HOSTILE)
    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".xml"):
            page = path.read_text(encoding="utf-8")
            for needle in ("<script>alert", "<img src=x"):
                assert needle not in page, f"raw markup from a content file in {path.relative_to(site)}"
    article = (workspace.site / records[[r["id"] for r in records].index("p5-03")]["url"]).read_text("utf-8")
    assert html.escape("<script>alert(1)</script>", quote=False) in article.replace("&#34;", '"')


def test_article_with_an_empty_body_builds_with_a_warning(workspace: Workspace) -> None:
    path = write(workspace, "01-x.md", front())
    result = workspace.build()
    assert_succeeded(result)
    assert f"{path}:21: the article has no text" in result.stderr, result.stderr
    [record] = json.loads((workspace.site / "data" / "articles.json").read_text(encoding="utf-8"))
    assert record["blocks"] == [] and record["title"] == "“老破旧”改出新气象"


def test_strict_makes_the_empty_body_warning_an_error(workspace: Workspace) -> None:
    """With a seed in seeds/, the emptied article is the only warning."""
    from robustness_helpers import SEED

    (workspace.seeds / SEED.name).write_bytes(SEED.read_bytes())
    path = write(workspace, "01-x.md", front())
    before = workspace.output_manifest()
    result = workspace.build("--strict")
    assert_failed_cleanly(result, f"{path}:21: the article has no text (write its paragraphs")
    assert result.stderr.count("error: ") == 1, result.stderr
    assert workspace.output_manifest() == before
