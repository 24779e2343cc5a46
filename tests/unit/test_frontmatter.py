"""front_matter.read_plain: the dict `yaml.safe_load` gives, for the front matter ingest writes; None otherwise."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content import files as content
from generator.content.front_matter import read_plain
from generator.models import Article, Block, Region, Source

TOP, INNER = content._TOP_KEYS, content._INNER_KEYS
ARTICLE = Article(
    id="p5-02", kind="article", title="“四位一体”聚合力城乡融合促文明", kicker="甘肃省金昌市金川区", subtitle=None,
    authors=("祁加鲲",), blocks=(Block("paragraph", "今年以来，金川区以党的二十大精神为指引。", (1, 1)),),
    source=Source(seed="p5.txt", page_id="p5", line_start=3, line_end=40, order=2, paper="中国社会报",
                  date="2024-01-17", page_no=5),
    region=Region("甘肃省", "金昌市", "金川区", "620302"),
    places=(Region("甘肃省", "金昌市", "金川区", "620302"), Region("四川省", None, None, "510000")),
    tags=("志愿服务", "文明实践"), slug="x")


def front_of(text: str) -> str:
    return text[4 : text.index("\n---\n", 4) + 1]


def fast(front: str) -> dict | None:
    return read_plain(front, top_keys=TOP, inner_keys=INNER)


def agrees_with_yaml(front: str) -> bool:
    """read_plain gives None, or exactly what yaml.safe_load gives (and yaml gives nothing else)."""
    got = fast(front)
    if got is None:
        return True
    want = yaml.safe_load(front)
    return got == want and all(type(got[k]) is type(want[k]) for k in want)


def test_front_matter_ingest_writes_is_read_without_pyyaml_and_equals_yaml():
    front = front_of(content.article_to_markdown(ARTICLE))
    assert fast(front) is not None  # the fast path is taken for the files ingest writes
    assert fast(front) == yaml.safe_load(front)


def test_parse_content_reads_ingest_files_through_the_fast_path(monkeypatch):
    """A generated file never reaches PyYAML's loader (it is 10× slower)."""
    def refuse(*args, **kwargs):
        raise AssertionError("yaml.load was called for a file in ingest's shape")

    monkeypatch.setattr(content.yaml, "load", refuse)
    parsed = content.parse_content(content.article_to_markdown(ARTICLE), Path("content/p5/02-x.md"))
    assert parsed.article.region == ARTICLE.region and parsed.article.tags == ARTICLE.tags


def test_values_yaml_reads_as_other_types_go_to_pyyaml():
    for value in ("2024-01-15", "yes", "No", "on", "1e3", "1.5", "0x1f", "1_000", "0o17", "~", ".inf", "null",
                  "True", "12:30"):
        front = f"id: p5-02\ntitle: {value}\n"
        assert agrees_with_yaml(front), value
    assert fast("id: p5-02\ntitle: 2024-01-15\n") is None
    assert fast("id: p5-02\ntitle: yes\n") is None
    assert fast("id: p5-02\ntitle: '2024-01-15'\n") == {"id": "p5-02", "title": "2024-01-15"}


def test_shapes_other_than_ingests_go_to_pyyaml():
    for front in ("id: a\nid: b\n",                  # a key twice
                  "id: a # note\n",                   # a comment
                  "# note\nid: a\n",
                  "id:  a\n",                         # two spaces
                  "id: a \n",                         # trailing space
                  "id:\ta\n",
                  "tags: [a, b]\n",                   # flow list
                  "tags:\n  - a\n",                   # indented list
                  "region: {province: 甘肃省}\n",
                  "title:\n",                         # empty value
                  "title: >\n  folded\n",
                  "title: \"双引号\"\n",
                  "title: 'it''s'\n",
                  "title: &a 锚\n",
                  "unknown: 1\n",
                  "source:\n  bbox: 1\n",
                  "id: a",                            # no final newline
                  ""):
        assert fast(front) is None, front


PIECE = (
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
    | st.sampled_from(list("#:：'\"“”‘’<>&/-*|!%@`{}[],，。 .\t_~?abcXYZ019\\\u00a0\u3000\u2028"))
    | st.sampled_from(["<b>", "&amp;", ": ", " #", "- ", "null", "yes", "no", "on", "0x1", "1e3", "1.5", "2024-01-15",
                       "12:30", "~", "---", "...", "'", "''", "true", "False", "007", "-1", "+1", ".inf"])
)
TEXT = st.lists(PIECE, min_size=1, max_size=12).map("".join)
LINE_TEXT = TEXT.map(str.strip).filter(bool)


@settings(max_examples=120, deadline=None)
@given(title=st.none() | LINE_TEXT, kicker=st.none() | LINE_TEXT, subtitle=st.none() | LINE_TEXT,
       authors=st.lists(LINE_TEXT, max_size=3).map(tuple), tags=st.lists(LINE_TEXT, max_size=3).map(tuple),
       paper=st.none() | LINE_TEXT, date=st.none() | LINE_TEXT, page_no=st.none() | st.integers(-3, 10**6),
       province=LINE_TEXT, city=st.none() | LINE_TEXT, needs_review=st.booleans(), order=st.integers(0, 99))
def test_any_generated_front_matter_reads_as_yaml_reads_it(title, kicker, subtitle, authors, tags, paper, date,
                                                           page_no, province, city, needs_review, order):
    region = Region(province, city, None, "620302")
    article = replace(ARTICLE, title=title, kicker=kicker, subtitle=subtitle, authors=authors, tags=tags,
                      region=region, places=(region,), needs_review=needs_review,
                      source=replace(ARTICLE.source, paper=paper, date=date, page_no=page_no, order=order))
    front = front_of(content.article_to_markdown(article))
    assert agrees_with_yaml(front)


@settings(max_examples=150, deadline=None)
@given(edits=st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(["insert", "delete", "replace", "dup"]),
                                TEXT), min_size=1, max_size=4))
def test_edited_front_matter_reads_as_yaml_reads_it_or_goes_to_pyyaml(edits):
    """An editor's changes, at random places of a generated front matter, including hostile text."""
    front = front_of(content.article_to_markdown(ARTICLE))
    for at, how, text in edits:
        at %= len(front) + 1
        if how == "insert":
            front = front[:at] + text + front[at:]
        elif how == "delete":
            front = front[:at] + front[at + len(text):]
        elif how == "replace":
            front = front[:at] + text + front[at + len(text):]
        else:
            lines = front.split("\n")
            n = at % len(lines)
            front = "\n".join(lines[: n + 1] + lines[n:])
    try:
        want = yaml.safe_load(front)
    except yaml.YAMLError:
        assert fast(front) is None
        return
    got = fast(front)
    assert got is None or (got == want and all(type(got[k]) is type(want[k]) for k in want))


def test_every_kind_of_value_ingest_writes_is_read_fast():
    """Generated files with quoted values, null, integers, empty lists and `places` of several regions."""
    article = replace(ARTICLE, title="2024", subtitle="yes", authors=(), tags=(),
                      source=replace(ARTICLE.source, page_no=None, date=None))
    front = front_of(content.article_to_markdown(article))
    assert "'2024'" in front and "'yes'" in front and "authors: []" in front
    assert fast(front) is not None and fast(front) == yaml.safe_load(front)
