"""Fast paths of content files: the front matter written straight from the article, the content hash, the writer's system calls: each gives exactly what the plain code it replaced gives.

Each test compares a fast path with its plain reference (here or in `tests/reference/`) on random
input made of what the rule cares about (hypothesis), and on the seed and dev pages.
"""

from __future__ import annotations

import os
import random
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings, strategies as st

from example_pages import random_texts, split_example_pages
from generator.content import files as content
from generator.models import Article, Block, Region, Source

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def article(order: int, slug: str, text: str = "正文。") -> Article:
    return Article(id=f"p-{order:02d}", kind="article", title="标题", kicker=None, subtitle=None, authors=(),
                   blocks=(Block("paragraph", text, (2, 2)),),
                   source=Source(seed="p.txt", page_id="p", line_start=1, line_end=2, order=order), slug=slug)


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    from tests.reference.enrich import enrich_articles

    return enrich_articles([a for _, page in split_example_pages() for a in page])


# Values the plain writer writes as they are, some that it quotes, and some only PyYAML writes.
SCALAR = st.one_of(
    st.text("文明城市“”‘’《》（），、。：；！？…—·aZ09_.- ", max_size=8),
    st.sampled_from(["null", "true", "yes", "No", "2024-01-17", "123456", "0x1F", "1e3", "~", "", " x", "-a",
                     "a: b", "#c", "'q'", "\"q\"", "多\n行", "a" * 500, "\u2028", "\U00020000"]),
)


OPTIONAL = st.none() | SCALAR


REGION = st.builds(Region, SCALAR, OPTIONAL, OPTIONAL, SCALAR)


SOURCE = st.builds(Source, seed=SCALAR, page_id=SCALAR, line_start=st.integers(0, 10**6),
                   line_end=st.integers(0, 10**6), order=st.integers(0, 99), paper=OPTIONAL, date=OPTIONAL,
                   page_no=st.none() | st.integers(0, 200) | st.booleans())


ARTICLE = st.builds(
    Article, id=SCALAR, kind=st.sampled_from(["article", "photo"]), title=OPTIONAL, kicker=OPTIONAL,
    subtitle=OPTIONAL, authors=st.lists(SCALAR, max_size=3).map(tuple),
    blocks=st.just((Block("paragraph", "正文", (1, 1)),)), source=SOURCE, region=st.none() | REGION,
    places=st.lists(REGION, max_size=3).map(tuple), tags=st.lists(SCALAR, max_size=4).map(tuple),
    needs_review=st.booleans() | st.integers(0, 2))


def plain_content_hash(text: str) -> str:
    import hashlib

    text = re.sub(rf"^{content.HASH_KEY}: [0-9a-f]+\n", "", text, count=1, flags=re.M)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@pytest.fixture(scope="module")
def page_articles() -> list[tuple[str, list[Article]]]:
    return split_example_pages()


def reference_front_matter(meta: dict) -> str:
    return yaml.dump(meta, Dumper=content._Dumper, allow_unicode=True, sort_keys=False, width=1000)


VALUE_ALPHABET = [*"文明城市“”《》（），。：；！？…—·aZ09_.- :#'\"&*!|>%@`[]{},?~\\\t", "\u3000", "\u2028", "\x85",
                  "\ufeff", "\U00020000", "null", "true", "yes", "No", "2024-01-17", "0x1F", "1e3", "<<", "=", "---",
                  "..."]


# Values that may go the fast way: Han, letters, digits, `_ . -`, spaces, Chinese punctuation, and
# words YAML reads as other types.
PLAIN_ALPHABET = [*"文明城市“”‘’《》（），、。：；！？…—·aZ09_.- ", "null", "true", "yes", "No", "On", "2024-01-17",
                  "123456", "0x1F", "1e3", "0o7", "1_000", "3:20", ".5", "~", "Null"]


def _fast(article: Article) -> bool:
    """Whether the article's front matter is written without PyYAML."""
    try:
        content._plain_front_matter(article)
        return True
    except content._NotPlain:
        return False


@SETTINGS
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=200))
@example("---\nid: a\n---\n\n甲\r\n乙\r\n")
def test_write_atomically_writes_the_bytes_write_text_writes(text):
    with tempfile.TemporaryDirectory() as folder:
        fast, plain = Path(folder) / "01-a.md", Path(folder) / "plain.md"
        content.write_atomically(fast, text)
        plain.write_text(text, encoding="utf-8")
        assert fast.read_bytes() == plain.read_bytes()
        assert sorted(os.listdir(folder)) == ["01-a.md", "plain.md"]  # no temp file left


def test_newlines_are_written_as_the_systems_line_ends_as_text_mode_writes_them(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "linesep", "\r\n")  # as on Windows, where write_text writes CRLF
    content.write_atomically(tmp_path / "01-a.md", "---\nid: a\n---\n\n甲\n")
    assert (tmp_path / "01-a.md").read_bytes() == "---\r\nid: a\r\n---\r\n\r\n甲\r\n".encode()


def test_a_short_write_is_continued(tmp_path, monkeypatch):
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:7])))
    text = "---\nid: p-01\n---\n\n" + "文明城市创建" * 50 + "\n"
    content.write_atomically(tmp_path / "01-a.md", text)
    assert (tmp_path / "01-a.md").read_text(encoding="utf-8") == text


def test_a_write_killed_halfway_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "01-a.md"
    path.write_text("old\n", encoding="utf-8")
    real_write = os.write

    def half_then_die(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "write", half_then_die)
    with pytest.raises(KeyboardInterrupt):
        content.write_atomically(path, "new text, long enough to be cut in half\n")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["01-a.md"]


@pytest.mark.parametrize("root", ["content", "./content/", "content/../content"])
def test_a_page_written_again_keeps_unchanged_files_and_moves_renamed_ones(tmp_path, monkeypatch, root):
    monkeypatch.chdir(tmp_path)
    content_dir = Path(root)
    assert content.write_page(content_dir, "p", [article(1, "a"), article(2, "b")], seed=Path("p.txt")) == []
    written, removed = [], []
    real_write, real_unlink = content.write_atomically, Path.unlink
    monkeypatch.setattr(content, "write_atomically", lambda path, text: written.append(os.path.basename(path))
                        or real_write(path, text))
    monkeypatch.setattr(Path, "unlink", lambda self, *a, **k: removed.append(self.name) or real_unlink(self, *a, **k))
    content.write_page(content_dir, "p", [article(1, "a"), article(2, "c")], seed=Path("p.txt"))
    assert written == ["02-c.md"] and removed == ["02-b.md"]  # the same text is not written again
    assert sorted(os.listdir(tmp_path / "content" / "p")) == ["01-a.md", "02-c.md"]
    assert (tmp_path / "content" / "p" / "02-c.md").read_text(encoding="utf-8") == \
        content.article_to_markdown(article(2, "c"))


@SETTINGS
@given(ARTICLE)
def test_front_matter_of_an_article_is_that_of_its_meta(article):
    assert content._front_matter(article) == content._dump_front_matter(content.article_meta(article))


def test_front_matter_of_the_pages_is_that_of_their_meta_and_taken_the_fast_way(articles):
    for a in articles:
        assert content._front_matter(a) == content._dump_front_matter(content.article_meta(a))
    assert sum(1 for a in articles if content._plain_front_matter(a)) == len(articles)


def test_front_matter_of_odd_articles_is_that_of_their_meta():
    a = Article(id="x", kind="article", title=None, kicker=None, subtitle=None, authors=(), blocks=(),
                source=Source(seed="s", page_id="p", line_start=1, line_end=2, order=1),
                places=(Region("北京市", None, None, "110000"), None))  # type: ignore[arg-type]
    assert content._front_matter(a) == content._dump_front_matter(content.article_meta(a))
    content._PLAIN.clear()  # remembered text is written as it was first written, True and 1 apart
    for value in (True, 1, "1", "true"):
        b = Article(**{**{f: getattr(a, f) for f in a.__slots__}, "places": (), "needs_review": value})
        assert content._front_matter(b) == content._dump_front_matter(content.article_meta(b))


@SETTINGS
@given(st.lists(st.sampled_from(["---\n", "generated: ", "0123abcdef", "generated: 0f\n", "\n", "文", "generated:",
                                 " generated: 1\n", "x"]), max_size=12).map("".join))
def test_content_hash_is_that_of_the_text_without_its_hash_line(text):
    assert content.content_hash(text) == plain_content_hash(text)


def test_articles_written_are_those_of_the_plain_writer(articles):
    for a in articles:
        front = content._dump_front_matter(content.article_meta(a))
        body = content._body_markdown(a.blocks)
        digest = plain_content_hash(f"---\n{front}---\n\n{body}")
        assert content.article_to_markdown(a) == f"---\n{front}{content.HASH_KEY}: {digest}\n---\n\n{body}"


def test_front_matter_is_what_yaml_dump_writes_for_random_values():
    rng = random.Random(8)
    plain = [text.strip() or "文" for text in random_texts(PLAIN_ALPHABET, n=6000, longest=8)]
    odd = random_texts(VALUE_ALPHABET, n=2000, longest=6)
    odd += ["a" * 300 + " " + "b" * 300, "文" * 900 + " 明" * 60, "089123", "", " x", "x ", "a  b", "文 ", "-", "-a"]
    fast = 0
    for n in range(3000):
        pick = lambda: rng.choice(odd if rng.random() < 0.02 else plain)  # noqa: E731
        region = lambda: Region(pick(), rng.choice([None, pick()]), rng.choice([None, pick()]), pick())  # noqa: E731
        article = Article(
            id=pick(), kind="article", kicker=pick(), title=rng.choice([pick(), None]), subtitle=None,
            authors=tuple(pick() for _ in range(rng.randint(0, 2))), blocks=(),
            region=rng.choice([None, region()]), places=tuple(region() for _ in range(rng.randint(0, 2))),
            tags=tuple(pick() for _ in range(rng.randint(0, 3))), needs_review=rng.choice([True, False]),
            source=Source(seed=pick(), page_id=pick(), line_start=rng.randint(0, 10**6), line_end=1, order=n,
                          paper=rng.choice([None, pick()]), date=rng.choice([None, pick()]), page_no=None))
        assert content._front_matter(article) == reference_front_matter(content.article_meta(article)), article
        fast += _fast(article)
    assert fast > 100  # the fast way was taken (hundreds of times), and gave PyYAML's text


def test_content_files_are_what_yaml_dump_writes_and_mostly_without_it(page_articles):
    from tests.reference.enrich import enrich_articles

    articles = enrich_articles([a for _, page in page_articles for a in page])
    articles.append(Article(
        id="2024-01-17", kind="photo", title="null", kicker="‘引号’开头", subtitle="— 破折号", authors=("阿·不都",),
        blocks=(Block("paragraph", "正文", (1, 1)),), source=Source(seed="000_f19c.txt", page_id="0123",
                                                                line_start=1, line_end=2, order=1, date="2024-01-17",
                                                                page_no=3, paper="人民日报"),
        region=Region("北京市", None, None, "110000"), tags=("yes", "1e3")))
    fast = 0
    for a in articles:
        assert content._front_matter(a) == reference_front_matter(content.article_meta(a))
        fast += _fast(a)
    assert fast >= len(articles) * 0.9
