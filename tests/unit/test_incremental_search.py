"""The offline search index patched from the previous build's files gives the bytes of a full build."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from generator.search import offline
from generator.models import Article, Block, KeptFile, OutputFile, Region, Source

REGIONS = (Region("浙江省", "杭州市", "桐庐县", "330122"), Region("天津市", None, "和平区", "120101"))
SENTENCES = ("朝阳里社区将党的立场主张贯穿文明实践志愿服务全过程。", "为进一步完善社区养老体系，社区为老年人提供助餐服务。",
             "近年来，浙江省杭州市桐庐县发挥党建引领作用。", "孟彦镇医保专干走村入户，宣传参保政策。",
             "村里修通了水泥路，群众出行更方便了。", "志愿者队伍不断壮大，服务群众的能力持续提升。")


def article(n: int, rng: random.Random) -> Article:
    body = "".join(rng.sample(SENTENCES, 3)) + f"第{n}号"
    return Article(id=f"p{n // 10:03d}-{n % 10:02d}", kind="article", title=f"第{n}篇稿件{rng.choice('甲乙丙丁')}",
                   kicker=None, subtitle=None, authors=("和文",), blocks=(Block("paragraph", body, (1, 1)),),
                   source=Source(seed="s.txt", page_id=f"p{n // 10:03d}", line_start=1, line_end=2, order=n % 10),
                   region=REGIONS[n % 2], tags=(f"标签{n % 7}",))


def url_for(a: Article) -> str:
    return f"articles/{a.id}.html"


def digests_of(articles) -> dict[str, str]:
    return {a.id: offline._content_key(repr(a).encode()) for a in articles}


def write(files, site: Path) -> dict[str, str]:
    """Write a full build's files; return path → key, as the build remembers them for the next one."""
    for f in files:
        p = site / f.path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(f.data)
    return {f.path: f.key for f in files}


@pytest.fixture(scope="module")
def corpus():
    rng = random.Random(7)
    return [article(n, rng) for n in range(600)]


def edited(articles, n: int, text: str) -> list[Article]:
    changed = list(articles)
    a = changed[n]
    changed[n] = replace(a, blocks=(Block("paragraph", text, (1, 1)),))
    return changed


@pytest.mark.parametrize("text", [
    "朝阳里社区将党的立场主张贯穿文明实践志愿服务全过程。编者更正：新词汇鲲鹏展翅。",  # new terms, some gone
    "",                                                                             # every body term gone
    "第1篇稿件",                                                                    # terms of the title move to the text
])
def test_patched_offline_index_equals_a_full_build(tmp_path, corpus, text):
    previous = write(offline.build_offline_index(corpus, url_for=url_for, digests=digests_of(corpus)), tmp_path)
    changed = edited(corpus, 123, text)
    patched = offline.build_offline_index(changed, url_for=url_for, digests=digests_of(changed), previous=previous,
                                         previous_dir=tmp_path)
    full = offline.build_offline_index(changed, url_for=url_for, digests=digests_of(changed))
    kept = [f for f in patched if isinstance(f, KeptFile)]
    assert len(kept) > len(patched) * 0.9  # the fast path: most files are the previous build's
    rewritten = {f.path for f in patched if isinstance(f, OutputFile)}
    assert "search/d/123.js" in rewritten and not any(p.startswith("search/d/") and p != "search/d/123.js"
                                                     for p in rewritten)
    made = {f.path: (f.data if isinstance(f, OutputFile) else (tmp_path / f.path).read_bytes()) for f in patched}
    assert made == {f.path: f.data for f in full}
    assert {f.path: f.key for f in patched} == {f.path: f.key for f in full}


def test_two_corrections_in_a_row_stay_identical_to_full_builds(tmp_path, corpus):
    site = tmp_path / "site"
    previous = write(offline.build_offline_index(corpus, url_for=url_for, digests=digests_of(corpus)), site)
    articles = corpus
    for n, text in ((5, "鲲鹏展翅九万里。"), (5, "鲲鹏展翅。"), (400, "")):
        articles = edited(articles, n, text)
        patched = offline.build_offline_index(articles, url_for=url_for, digests=digests_of(articles),
                                             previous=previous, previous_dir=site)
        assert any(isinstance(f, KeptFile) for f in patched)
        full = offline.build_offline_index(articles, url_for=url_for, digests=digests_of(articles))
        nxt = tmp_path / f"site-{n}-{len(text)}"
        for f in patched:
            p = nxt / f.path
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(f.data if isinstance(f, OutputFile) else (site / f.path).read_bytes())
        assert {f.path: (nxt / f.path).read_bytes() for f in full} == {f.path: f.data for f in full}
        previous, site = {f.path: f.key for f in patched}, nxt


def test_other_ids_or_a_missing_previous_file_build_it_all(tmp_path, corpus):
    previous = write(offline.build_offline_index(corpus, url_for=url_for, digests=digests_of(corpus)), tmp_path)
    fewer = corpus[1:]
    again = offline.build_offline_index(fewer, url_for=url_for, digests=digests_of(fewer), previous=previous,
                                       previous_dir=tmp_path)
    assert not any(isinstance(f, KeptFile) for f in again)
    changed = edited(corpus, 3, "鲲鹏")
    (tmp_path / "search" / "d" / "3.js").unlink()
    gone = {k: v for k, v in previous.items() if k != "search/d/3.js"}
    again = offline.build_offline_index(changed, url_for=url_for, digests=digests_of(changed), previous=gone,
                                       previous_dir=tmp_path)
    assert not any(isinstance(f, KeptFile) for f in again)
    assert [f.data for f in again] == [f.data for f in offline.build_offline_index(changed, url_for=url_for)]
