"""A site with more articles than `search_shard_articles` gets its Pagefind index in shards.

These run the real (extended) Pagefind binary and, at the end, the real `build.py`.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import load_config
from generator.errors import BuildErrors
from generator.infra.cache import FileCache
from generator.search.pagefind import SHARDS_FILE, SearchShard, plan_shards, run_pagefind
from search_shard_sample import ARTICLES, SHARD_OF, url_for, write_dated_site

REPO = Path(__file__).resolve().parents[2]


def bundle_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def fragment_urls(bundle: Path) -> list[str]:
    """The page URLs one bundle indexes (a fragment is gzip of `pagefind_dcd` + JSON)."""
    urls = []
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        urls.append(json.loads(raw[len(b"pagefind_dcd"):])["url"])
    return sorted(urls)


@pytest.fixture(scope="module")
def sharded(tmp_path_factory) -> Path:
    site = write_dated_site(tmp_path_factory.mktemp("sharded") / "site")
    run_pagefind(site, articles=ARTICLES, url_for=url_for, shard_articles=2)
    return site


def test_articles_are_grouped_by_year_and_a_large_year_is_cut_in_date_order():
    shards = plan_shards(ARTICLES, url_for=url_for, max_articles=2)
    assert [s.name for s in shards] == ["2023", "2024-01", "2024-02", "2025", "undated"]
    got = {page: s.name for s in shards for page in s.pages}
    assert got == {f"articles/{i}.html": name for i, name in SHARD_OF.items()}


def test_a_site_within_the_shard_size_is_not_sharded():
    assert plan_shards(ARTICLES, url_for=url_for, max_articles=len(ARTICLES)) == []
    assert plan_shards(ARTICLES, url_for=url_for, max_articles=100) == []


def test_a_year_within_the_shard_size_stays_whole():
    shards = plan_shards(ARTICLES, url_for=url_for, max_articles=3)
    assert shards[:2] == [
        SearchShard("2023", ("articles/d2023-01.html", "articles/d2023-02.html")),
        SearchShard("2024", ("articles/d2024a-01.html", "articles/d2024a-02.html", "articles/d2024b-01.html")),
    ]


def test_each_shard_is_its_own_bundle_and_the_first_is_pagefind(sharded):
    bundle = sharded / "pagefind"
    listing = json.loads((bundle / SHARDS_FILE).read_text(encoding="utf-8"))
    assert listing["merge"] == ["shards/2024-01/", "shards/2024-02/", "shards/2025/", "shards/undated/"]
    assert [name for name, _ in listing["inputs"]] == ["2023", "2024-01", "2024-02", "2025", "undated"]
    assert fragment_urls(bundle) == ["/articles/d2023-01.html", "/articles/d2023-02.html"]
    seen = fragment_urls(bundle)
    for path in listing["merge"]:
        merged = bundle / path
        urls = fragment_urls(merged)
        assert urls and all(SHARD_OF[u.removeprefix("/articles/").removesuffix(".html")] == path.split("/")[1]
                            for u in urls)
        seen += urls
        # Searched with the primary bundle's JS and wasm, so it carries only its index.
        assert (merged / "pagefind-entry.json").is_file()
        assert not list(merged.glob("*.js")) and not list(merged.glob("wasm.*"))
    assert sorted(seen) == sorted(f"/{url_for(a)}" for a in ARTICLES)  # every article once
    assert (bundle / "pagefind.js").is_file()
    assert not [p for p in sharded.iterdir() if p.name.startswith(".")]  # the scratch folder is gone


def test_two_sharded_runs_write_byte_identical_bundles(sharded, tmp_path):
    again = tmp_path / "site"
    shutil.copytree(sharded, again)
    run_pagefind(again, articles=ARTICLES, url_for=url_for, shard_articles=2)
    assert bundle_files(again / "pagefind") == bundle_files(sharded / "pagefind")


@pytest.mark.parametrize(("changed", "shard"), [("d2025-01", "2025"), ("d2023-01", "2023")])
def test_a_rebuild_indexes_only_the_changed_shard_and_equals_a_fresh_run(sharded, tmp_path, changed, shard):
    site = tmp_path / "site"
    shutil.copytree(sharded, site, ignore=shutil.ignore_patterns("pagefind"))
    page = site / "articles" / f"{changed}.html"
    page.write_text(page.read_text(encoding="utf-8").replace("志愿服务", "志愿者服务", 1), encoding="utf-8")
    runs = run_pagefind(site, articles=ARTICLES, url_for=url_for, shard_articles=2, previous=sharded)
    assert [r.shard for r in runs if not r.reused] == [shard]
    fresh = tmp_path / "fresh"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("pagefind"))
    run_pagefind(fresh, articles=ARTICLES, url_for=url_for, shard_articles=2)
    assert bundle_files(site / "pagefind") == bundle_files(fresh / "pagefind")
    assert bundle_files(site / "pagefind") != bundle_files(sharded / "pagefind")


def test_remembered_page_digests_still_see_a_page_changed_to_the_same_size(sharded, tmp_path):
    memory = FileCache(tmp_path / "cache", "pagefindinputs", tmp_path / "site", racy_ns=0, plain=True)
    site = tmp_path / "site"
    shutil.copytree(sharded, site, ignore=shutil.ignore_patterns("pagefind"))  # copy2: the pages keep their dates
    runs = run_pagefind(site, articles=ARTICLES, url_for=url_for, shard_articles=2, previous=sharded,
                        page_digests=memory)
    assert all(r.reused for r in runs) and memory.keys()
    again = tmp_path / "again"
    shutil.copytree(site, again, ignore=shutil.ignore_patterns("pagefind"))
    page = again / "articles" / "d2023-01.html"
    old = page.read_bytes()
    page.write_bytes(old.replace("志愿服务".encode(), "自愿服务".encode(), 1))  # same length, a new date
    assert len(page.read_bytes()) == len(old) and page.read_bytes() != old
    runs = run_pagefind(again, articles=ARTICLES, url_for=url_for, shard_articles=2, previous=site,
                        page_digests=memory)
    assert [r.shard for r in runs if not r.reused] == ["2023"]
    fresh = tmp_path / "fresh"
    shutil.copytree(again, fresh, ignore=shutil.ignore_patterns("pagefind"))
    run_pagefind(fresh, articles=ARTICLES, url_for=url_for, shard_articles=2)
    assert bundle_files(again / "pagefind") == bundle_files(fresh / "pagefind")


def test_without_shards_the_shard_list_is_empty(tmp_path):
    site = write_dated_site(tmp_path / "site")
    run_pagefind(site, articles=ARTICLES, url_for=url_for, shard_articles=10_000)
    assert json.loads((site / "pagefind" / SHARDS_FILE).read_text(encoding="utf-8"))["merge"] == []
    assert not (site / "pagefind" / "shards").exists()
    assert len(fragment_urls(site / "pagefind")) == len(ARTICLES)


def test_shard_size_must_be_a_positive_whole_number(tmp_path):
    (tmp_path / "themes" / "default").mkdir(parents=True)
    config = tmp_path / "site.toml"
    config.write_text("search_shard_articles = 0\n", encoding="utf-8")
    with pytest.raises(BuildErrors, match='"search_shard_articles" must be 1 or more, not 0'):
        load_config(config)
    config.write_text('search_shard_articles = "5"\n', encoding="utf-8")
    with pytest.raises(BuildErrors, match='"search_shard_articles" must be an integer'):
        load_config(config)
    config.write_text("search_shard_articles = 5\n", encoding="utf-8")
    assert load_config(config).search_shard_articles == 5


def test_build_py_shards_by_site_toml_and_a_rebuild_keeps_the_same_bundles(tmp_path):
    """The repository's seeds (undated) with three articles a shard: bundles undated-01, -02, …"""
    config = tmp_path / "site.toml"
    config.write_text(f'themes_dir = "{(REPO / "themes").as_posix()}"\nsearch_shard_articles = 3\n', encoding="utf-8")
    content = tmp_path / "content"
    if (REPO / "content").is_dir():
        shutil.copytree(REPO / "content", content)
    site, archive = tmp_path / "site", tmp_path / "site.zip"
    command = [sys.executable, "build.py", "--config", str(config), "--seeds", "seeds", "--content", str(content),
               "--out", str(site), "--zip", str(archive)]
    builds = []
    for _ in range(2):
        result = subprocess.run([*command, "-v"], cwd=REPO, capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, result.stderr
        builds.append((bundle_files(site / "pagefind"), archive.read_bytes(), result.stdout + result.stderr))
    (first, zip1, _), (second, zip2, log2) = builds

    articles = len(list((site / "articles").glob("*.html")))
    listing = json.loads((site / "pagefind" / SHARDS_FILE).read_text(encoding="utf-8"))["merge"]
    assert len(listing) == (articles + 2) // 3 - 1 >= 2
    assert all(p.startswith("shards/undated-") for p in listing)
    indexed = fragment_urls(site / "pagefind") + [u for p in listing for u in fragment_urls(site / "pagefind" / p)]
    assert sorted(indexed) == sorted(f"/articles/{p.name}" for p in (site / "articles").glob("*.html"))
    # Nothing changed: the rebuild keeps every bundle, and its output is the first build's, byte for byte.
    assert log2.count("unchanged, bundle kept") == len(listing) + 1
    assert second == first
    assert zip2 == zip1


def test_kept_inputs_give_the_bundles_of_a_fresh_run_and_follow_the_shards_pages(sharded, tmp_path):
    """Pagefind's copies of small shards' pages kept between runs (KeptInputs): a changed page's copy
    is written again, a copy edited or left by a killed run is not trusted, and the bundles are
    those of a fresh run every time."""
    from generator.search.pagefind import KeptInputs

    memory = FileCache(tmp_path / "cache", "pagefindcopies", tmp_path / "site", racy_ns=0, plain=True)
    kept = KeptInputs(memory.folder, memory)
    site = tmp_path / "site"
    shutil.copytree(sharded, site, ignore=shutil.ignore_patterns("pagefind"))
    run_pagefind(site, articles=ARTICLES, url_for=url_for, shard_articles=2, kept_inputs=kept)
    assert bundle_files(site / "pagefind") == bundle_files(sharded / "pagefind")
    assert sorted(p.name for p in memory.folder.iterdir()) == sorted({s for s in SHARD_OF.values()})
    copies = {p.relative_to(memory.folder).as_posix() for p in memory.folder.rglob("*.html")}
    assert copies == {f"{s}/articles/{i}.html" for i, s in SHARD_OF.items()}

    page = site / "articles" / "d2025-01.html"
    page.write_text(page.read_text(encoding="utf-8").replace("志愿服务", "志愿者服务", 1), encoding="utf-8")
    (memory.folder / "2023" / "articles" / "d2023-01.html").write_text("<p>edited</p>", encoding="utf-8")
    (memory.folder / "2024-01" / "articles" / "stray.html").write_text("<p>left over</p>", encoding="utf-8")
    (memory.folder / "2024-02" / "pagefind").mkdir()  # the output of a killed run
    (memory.folder / "gone").mkdir()  # a shard no longer planned
    shutil.rmtree(site / "pagefind")
    run_pagefind(site, articles=ARTICLES, url_for=url_for, shard_articles=2, kept_inputs=kept)
    fresh = tmp_path / "fresh"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("pagefind"))
    run_pagefind(fresh, articles=ARTICLES, url_for=url_for, shard_articles=2)
    assert bundle_files(site / "pagefind") == bundle_files(fresh / "pagefind")
    assert not (memory.folder / "gone").exists() and not (memory.folder / "2024-02" / "pagefind").exists()
    assert {p.relative_to(memory.folder).as_posix() for p in memory.folder.rglob("*.html")} == copies
