"""content: articles ↔ `content/<page-id>/<NN>-<slug>.md`, and ingest's rule never to overwrite an edit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content import files as content
from generator.errors import BuildError, BuildErrors
from generator.models import Article, Block, PageInfo, Region, Source
from generator.pipeline import Report
from generator.ingest.printed_page import ingest_page

SOURCE = Source(seed="p5.txt", page_id="p5", line_start=3, line_end=40, order=2, paper="中国社会报",
                date="2024-01-17", page_no=5)
ARTICLE = Article(
    id="p5-02", kind="article", title="“四位一体”聚合力城乡融合促文明", kicker="甘肃省金昌市金川区", subtitle=None,
    authors=("祁加鲲",),
    blocks=(Block("paragraph", "今年以来，金川区以党的二十大精神为指引。", (1, 1)),
            Block("subhead", "三项保障确保工作实效", (1, 1)),
            Block("paragraph", "金川区通过强化组织领导。", (1, 1))),
    source=SOURCE, region=Region("甘肃省", "金昌市", "金川区", "620302"),
    places=(Region("甘肃省", "金昌市", "金川区", "620302"),), tags=("志愿服务", "文明实践"), slug="si-wei-yi-ti")

PAGE = (
    "甘肃省金昌市金川区：\n\n“四位一体”聚合力城乡融合促文明\n◎ 祁加鲲\n\n"
    "今年以来，甘肃省金昌市金川区以党的\n二十大精神为指引，以创建全国文明城市为\n龙头，深入开展群众性精神文明创建活动。\n\n"
    "四川广元市昭化区：\n书写“文明答卷”\n厚植“幸福底色”\n\n◎ 杨沫\n\n"
    "近年来，四川省广元市昭化区不断加强精神\n文明建设，弘扬中华传统美德，书写“文明答\n卷”，厚植“幸福底色”。\n"
)
INFO = PageInfo(id="p5", seed="p5.txt")


def comparable(article: Article):
    """An article without the things a content file does not keep: block line numbers, warnings."""
    return replace(article, blocks=tuple((b.kind, b.text) for b in article.blocks), warnings=(), slug="")


def roundtrip(article: Article) -> Article:
    return content.parse_content(content.article_to_markdown(article), Path("content/p5/02-x.md")).article


# --- serialisation -----------------------------------------------------------------------------


def test_article_survives_a_round_trip_through_its_content_file():
    assert comparable(roundtrip(ARTICLE)) == comparable(ARTICLE)


def test_paragraph_opening_with_a_hash_is_not_read_back_as_a_subhead():
    article = replace(ARTICLE, blocks=(Block("paragraph", "# 不是标题", (1, 1)), Block("paragraph", "## 也不是", (1, 1))))
    assert comparable(roundtrip(article)) == comparable(article)


def test_paragraph_opening_with_a_backslash_and_hash_keeps_its_backslash():
    article = replace(ARTICLE, blocks=(Block("paragraph", "\\#话题", (1, 1)),))
    assert comparable(roundtrip(article)) == comparable(article)


PIECE = (
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
    | st.sampled_from(list("#:：'\"“”‘’<>&/-*|!%@`{}[],，。 abcXYZ019\\"))
    | st.sampled_from(["<b>", "</p>", "&amp;", ": ", " #", "- ", "<script>alert(1)</script>", "null", "yes", "0x1"])
)
LINE_TEXT = st.lists(PIECE, min_size=1, max_size=20).map("".join).map(str.strip).filter(bool)
BLOCK = st.tuples(st.sampled_from(["paragraph", "subhead"]), LINE_TEXT).map(lambda kt: Block(kt[0], kt[1], (1, 1)))


@settings(max_examples=60, deadline=None)
@given(
    title=st.none() | LINE_TEXT, kicker=st.none() | LINE_TEXT, subtitle=st.none() | LINE_TEXT,
    authors=st.lists(LINE_TEXT, max_size=3).map(tuple), tags=st.lists(LINE_TEXT, max_size=3).map(tuple),
    blocks=st.lists(BLOCK, min_size=1, max_size=5).map(tuple),
    kind=st.sampled_from(["article", "photo"]), needs_review=st.booleans(),
)
def test_any_article_survives_a_round_trip_through_its_content_file(title, kicker, subtitle, authors, tags, blocks,
                                                                    kind, needs_review):
    # A paragraph opening with `\#` is a known bug, pinned by the xfail test above.
    blocks = tuple(b for b in blocks if not (b.kind == "paragraph" and b.text.startswith("\\#")))
    article = replace(ARTICLE, title=title, kicker=kicker, subtitle=subtitle, authors=authors, tags=tags,
                      blocks=blocks, kind=kind, needs_review=needs_review)
    text = content.article_to_markdown(article)
    parsed = content.parse_content(text, Path("content/p5/02-x.md"))
    assert comparable(parsed.article) == comparable(article)
    assert parsed.edited is False


def test_block_line_numbers_are_those_of_the_content_file():
    text = content.article_to_markdown(ARTICLE)
    lines = text.split("\n")
    for block in roundtrip(ARTICLE).blocks:
        assert block.text in lines[block.lines[0] - 1]


# --- edited or not ------------------------------------------------------------------------------


def test_fresh_content_file_is_unedited():
    assert content.is_unedited(content.article_to_markdown(ARTICLE)) is True


def test_content_file_with_a_corrected_word_is_edited():
    text = content.article_to_markdown(ARTICLE)
    assert content.is_unedited(text.replace("组织领导", "组织引领")) is False


def test_content_file_with_a_changed_title_in_front_matter_is_edited():
    text = content.article_to_markdown(ARTICLE)
    assert content.is_unedited(text.replace("title: “四位一体”", "title: “五位一体”")) is False


def test_content_file_without_its_hash_line_is_edited():
    text = content.article_to_markdown(ARTICLE)
    assert content.is_unedited("\n".join(l for l in text.split("\n") if not l.startswith("generated:"))) is False


# --- writing content/ ----------------------------------------------------------------------------


def articles_of(page: str) -> list[Article]:
    return [replace(a, slug=f"a{a.source.order}") for a in ingest_page(page, INFO)]


def write(tmp_path: Path, page: str = PAGE) -> Report:
    report = Report()
    report.add(content.write_page(tmp_path / "content", INFO.id, articles_of(page), seed=Path("seeds/p5.txt")))
    return report


def files(tmp_path: Path) -> dict[str, str]:
    root = tmp_path / "content"
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.md"))}




def test_writing_a_page_gives_one_file_per_article_named_by_order_and_slug(tmp_path):
    assert write(tmp_path).warnings == []
    assert list(files(tmp_path)) == ["p5/01-a1.md", "p5/02-a2.md"]
    assert all(content.is_unedited(text) for text in files(tmp_path).values())


def test_edited_content_file_is_never_overwritten_and_the_warning_names_both_files(tmp_path):
    write(tmp_path)
    edited = tmp_path / "content" / "p5" / "01-a1.md"
    correction = edited.read_text(encoding="utf-8").replace("城乡融合促文明", "城乡融合促文明建设")
    edited.write_text(correction, encoding="utf-8")
    report = write(tmp_path, PAGE.replace("深入开展", "全面开展"))
    assert edited.read_text(encoding="utf-8") == correction
    [warning] = report.warnings
    assert warning.path == str(edited)
    assert "seeds/p5.txt" in warning.message
    assert str(edited) in (warning.hint or "")


def test_edited_content_file_with_an_unchanged_seed_is_kept_without_a_warning(tmp_path):
    write(tmp_path)
    edited = tmp_path / "content" / "p5" / "02-a2.md"
    correction = edited.read_text(encoding="utf-8").replace("弘扬中华", "弘扬中华优秀")
    edited.write_text(correction, encoding="utf-8")
    report = write(tmp_path)
    assert edited.read_text(encoding="utf-8") == correction
    assert report.warnings == []


def test_unedited_content_file_follows_a_changed_seed(tmp_path):
    write(tmp_path)
    write(tmp_path, PAGE.replace("深入开展", "全面开展"))
    assert "全面开展群众性精神文明创建活动" in files(tmp_path)["p5/01-a1.md"]


def test_deleted_content_file_is_regenerated(tmp_path):
    write(tmp_path)
    before = files(tmp_path)
    (tmp_path / "content" / "p5" / "02-a2.md").unlink()
    write(tmp_path)
    assert files(tmp_path) == before


def test_two_runs_give_the_same_ids_and_the_same_files(tmp_path):
    write(tmp_path)
    first = files(tmp_path)
    write(tmp_path)
    assert files(tmp_path) == first
    assert [a.id for a in articles_of(PAGE)] == [a.id for a in articles_of(PAGE)] == ["p5-01", "p5-02"]


def test_unedited_file_of_an_article_the_seed_no_longer_gives_is_removed(tmp_path):
    write(tmp_path)
    write(tmp_path, PAGE[: PAGE.index("四川广元市昭化区")])
    assert list(files(tmp_path)) == ["p5/01-a1.md"]


# --- reading errors ------------------------------------------------------------------------------


def test_malformed_front_matter_is_an_error_naming_the_file_and_line():
    text = "---\nid: p5-01\nkind: article\ntitle: 城乡融合: 促文明: 书写\nsource: {seed: p5.txt}\n---\n\n正文。\n"
    with pytest.raises(BuildError) as info:
        content.parse_content(text, Path("content/p5/01-a.md"))
    assert info.value.problem.path == "content/p5/01-a.md"
    assert info.value.problem.line == 4
    assert str(info.value).startswith("content/p5/01-a.md:4: malformed front matter")


def test_unclosed_front_matter_is_an_error_naming_the_file():
    with pytest.raises(BuildError) as info:
        content.parse_content("---\nid: p5-01\n\n正文。\n", Path("content/p5/01-a.md"))
    assert str(info.value).startswith("content/p5/01-a.md:1: the front matter is not closed")


def test_unknown_front_matter_key_is_an_error_naming_its_line():
    text = content.article_to_markdown(ARTICLE).replace("tags:\n", "tgas: []\ntags:\n", 1)
    line = text.split("\n").index("tgas: []") + 1
    with pytest.raises(BuildErrors) as info:
        content.parse_content(text, Path("content/p5/02-x.md"))
    assert [(p.line, p.message) for p in info.value.problems] == [(line, "unknown key `tgas`")]


def test_every_broken_content_file_is_reported_together(tmp_path):
    page = tmp_path / "p5"
    page.mkdir()
    (page / "01-a.md").write_text("---\nid: [\n---\n\n正文。\n", encoding="utf-8")
    (page / "02-b.md").write_text("no front matter\n", encoding="utf-8")
    with pytest.raises(BuildErrors) as info:
        content.read_content(tmp_path)
    assert sorted(Path(p.path).name for p in info.value.problems) == ["01-a.md", "02-b.md"]
