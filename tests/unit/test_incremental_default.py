"""The default command's rebuild (Pagefind, offline index, zip) after one correction: only what changed is
redone, and the site and zip are byte for byte those of a clean build."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from generator.content import files as content_io
from generator import pipeline
from generator.search import pagefind
from generator.models import Article, Block, Region, Source
from generator.pipeline import BuildOptions

REPO = Path(__file__).resolve().parents[2]
HOUR_AGO = time.time() - 3600
DATES = [f"2023-11-{d:02d}" for d in range(1, 29, 3)] + [f"2023-12-{d:02d}" for d in range(1, 29, 3)] + \
        [f"2024-01-{d:02d}" for d in range(1, 29, 3)]
SENTENCES = ("朝阳里社区将党的立场主张贯穿文明实践志愿服务全过程。", "为进一步完善社区养老体系，社区为老年人提供助餐服务。",
             "近年来，浙江省杭州市桐庐县发挥党建引领作用。", "孟彦镇医保专干走村入户，宣传参保政策。")


def write_corpus(content: Path) -> None:
    """Two articles a day on 30 days over three months, dated, as ingest writes them."""
    for n, date in enumerate(DATES):
        for k in (1, 2):
            page = f"p{n:03d}"
            a = Article(id=f"{page}-{k:02d}", kind="article", title=f"第{n}版第{k}篇稿件", kicker="浙江省杭州市桐庐县",
                        subtitle=None, authors=("和文",),
                        blocks=(Block("paragraph", SENTENCES[(n + k) % 4] + SENTENCES[n % 4] + f"第{n}号。", (1, 1)),),
                        source=Source(seed=f"{page}.txt", page_id=page, line_start=1, line_end=3, order=k,
                                      paper="中国社会报", date=date, page_no=1),
                        region=Region("浙江省", "杭州市", "桐庐县", "330122"), tags=("志愿服务",), slug=f"gao-jian-{k}")
            path = content_io.content_path(content, a)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content_io.article_to_markdown(a), encoding="utf-8")
    for p in content.rglob("*"):
        os.utime(p, (HOUR_AGO, HOUR_AGO))


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def inodes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def project(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(pagefind, "RECENT_SHARD_ARTICLES", 8)  # 60 articles: shards "2023" and recent months in 8s
    content, seeds = tmp_path / "content", tmp_path / "seeds"
    write_corpus(content)
    seeds.mkdir()

    def build(out: Path, zip_path: Path, cache: Path, jobs: int = 1) -> None:
        pipeline.run(BuildOptions(config=REPO / "site.toml", seeds=seeds, content=content, out=out,
                                  zip_path=zip_path, search=True, jobs=jobs, cache=cache))

    build.content = content
    return build


def test_a_corrected_paragraph_reindexes_one_shard_patches_the_offline_index_and_equals_a_clean_build(
        project, tmp_path, monkeypatch):
    site, zip_path, cache = tmp_path / "site", tmp_path / "site.zip", tmp_path / "cache"
    project(site, zip_path, cache)
    shards = json.loads((site / "pagefind" / "shards.json").read_text())["merge"]
    assert len(shards) > 3  # the newest months are in small shards
    before = inodes(site)
    edited = sorted(project.content.glob("*/*.md"))[25]  # p012: a December article
    edited.write_text(edited.read_text(encoding="utf-8").rstrip("\n") + "\n\n编者更正：鲲鹏展翅。\n", encoding="utf-8")
    runs = []
    real = pagefind._pagefind
    monkeypatch.setattr(pagefind, "_pagefind", lambda *a, **kw: runs.append(kw["shard"]) or real(*a, **kw))
    project(site, zip_path, cache)
    assert len(runs) == 1 and runs[0].startswith("recent-2023-12")  # one small shard indexed again
    after = inodes(site)
    docs = [p for p in after if p.startswith("search/d/")]
    assert sum(after[p] != before.get(p) for p in docs) == 1  # one offline document written, the rest linked
    runs.clear()
    project(tmp_path / "clean", tmp_path / "clean.zip", tmp_path / "no-cache")
    assert tree(site) == tree(tmp_path / "clean")
    assert zip_path.read_bytes() == (tmp_path / "clean.zip").read_bytes()


def test_two_processes_give_the_same_site_and_zip(project, tmp_path):
    project(tmp_path / "one", tmp_path / "one.zip", tmp_path / "c1", jobs=1)
    project(tmp_path / "two", tmp_path / "two.zip", tmp_path / "c2", jobs=2)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
