"""Offline search index (generator/search.py) and its reader (themes/default/static/search-offline.js).

The reader is run in node with a loader that evaluates the index files, as <script> tags would.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.models import Article, Block, Region, Source
from generator.search.pagefind import _pagefind_glob, run_pagefind
from generator.search.offline import build_offline_index, decode_postings, encode_postings
from generator.search.terms import fnv1a, normalize, terms_of

ROOT = Path(__file__).resolve().parents[2]
LIB = ROOT / "themes" / "default" / "static" / "search-offline.js"
NODE = shutil.which("node")

HARNESS = r"""
const fs = require("fs"), path = require("path"), vm = require("vm");
const [lib, site, qjson] = process.argv.slice(2);
const api = require(path.resolve(lib));
const registry = new api.Registry();
const ctx = vm.createContext({ window: { __SEARCH__: registry } });
let bytes = 0, files = [];
const load = async (key, reg) => {
  const file = path.join(site, "search", key + ".js");
  const code = fs.readFileSync(file);
  bytes += code.length; files.push(key);
  vm.runInContext(code.toString("utf8"), ctx, { filename: file });
  if (!(key in reg.data)) throw new Error("did not register: " + key);
  return reg.data[key];
};
(async () => {
  const out = [];
  for (const [q, filters, n] of JSON.parse(qjson)) {
    registry.data = {}; bytes = 0; files = [];
    const engine = new api.OfflineSearch(registry, load);
    const r = await engine.search(q, filters || {});
    const items = await r.items(n || 10);
    out.push({ q, count: r.count, exact: r.exact, ids: items.map(i => i.id), items, facets: r.facets, bytes, files });
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => { console.error(e.stack || String(e)); process.exit(1); });
"""


def article(n: int, title: str | None, *paragraphs: str, tags: tuple[str, ...] = (), region: Region | None = None,
            kind: str = "article", authors: tuple[str, ...] = ()) -> Article:
    return Article(
        id=f"p1-{n:02d}",
        kind=kind,  # type: ignore[arg-type]
        title=title,
        kicker=None,
        subtitle=None,
        authors=authors,
        blocks=tuple(Block("paragraph", p, (1, 1)) for p in paragraphs),
        source=Source(seed="p1.txt", page_id="p1", line_start=1, line_end=1, order=n),
        region=region,
        tags=tags,
    )


TONGLU = Region("浙江省", "杭州市", "桐庐县", "330122")
HEPING = Region("天津市", None, "和平区", "120101")

ARTICLES = [
    article(1, "社区志愿服务五年实录", "朝阳里社区是全国首个社区志愿者组织的发祥地。13位热心老人成立志愿服务小组。",
            tags=("志愿服务", "社区"), region=HEPING, authors=("和文",)),
    article(2, "“小医保”推进“大民生”", "为扎实推进2024年度城乡居民基本医疗保险收缴工作，老年人参保率提高。",
            tags=("医保",), region=Region("贵州省", "黔东南苗族侗族自治州", "黎平县", "522631")),
    # Holds 志愿 and 服务 but never 志愿服务: a bigram false positive for that query.
    article(3, "书写文明答卷", "志愿者队伍不断壮大，服务群众的能力持续提升。医保政策惠及老年人和儿童。",
            tags=("文明",), region=Region("四川省", "广元市", "昭化区", "510811"), authors=("杨沫",)),
    article(4, None, "近年来，浙江省杭州市桐庐县发挥党建引领作用，志愿服务遍及乡村。COVID-19 Vaccine 接种点开放。",
            kind="photo", region=TONGLU, tags=("志愿服务",)),
    article(5, "社区服务有温度", "社区为老年人提供助餐、助浴等服务，志愿服务队上门走访。",
            tags=("社区", "养老"), region=HEPING),
]


def url_for(a: Article) -> str:
    return f"articles/{a.id}.html"


def write(files, site: Path) -> None:
    for f in files:
        p = site / f.path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(f.data)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    write(build_offline_index(ARTICLES, url_for=url_for), site)
    return site


def run_queries(site: Path, queries: list) -> list[dict]:
    if NODE is None:
        pytest.skip("node is not installed")
    harness = site.parent / "harness.js"
    harness.write_text(HARNESS, encoding="utf-8")
    proc = subprocess.run([NODE, str(harness), str(LIB), str(site), json.dumps(queries)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def search(site: Path, q: str, filters: dict | None = None, n: int = 10) -> dict:
    return run_queries(site, [[q, filters or {}, n]])[0]


# --- terms and encoding ----------------------------------------------------------------------------


def test_cjk_run_gives_unigrams_and_bigrams_and_latin_gives_lowercase_tokens():
    assert terms_of(normalize("医保AB-12")) == {"医", "保", "医保", "ab", "12"}


def test_full_width_letters_and_digits_fold_to_ascii():
    assert normalize("ＣＯＶＩＤ－１９") == "covid-19"


def test_postings_round_trip_with_title_flags_and_large_gaps():
    postings = [(0, True), (1, False), (31, False), (1000, True), (123456, False)]
    assert decode_postings(encode_postings(postings)) == postings


def test_fnv1a_hashes_utf16_code_units_like_javascript():
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C  # the published FNV-1a 32-bit value for "a"


# --- queries ---------------------------------------------------------------------------------------


def test_two_characters_inside_a_longer_word_are_found(site):
    got = search(site, "医保")
    assert set(got["ids"]) == {"p1-02", "p1-03"}


def test_bigram_false_positive_is_dropped_after_verifying_the_text(site):
    got = search(site, "志愿服务")
    assert "p1-03" not in got["ids"]
    assert set(got["ids"]) == {"p1-01", "p1-04", "p1-05"}
    assert got["exact"] and got["count"] == 3


def test_space_separated_words_must_all_match(site):
    assert set(search(site, "医保 老年人")["ids"]) == {"p1-02", "p1-03"}
    assert search(site, "医保 桐庐")["ids"] == []


def test_single_character_is_found_through_its_unigram(site):
    assert set(search(site, "浴")["ids"]) == {"p1-05"}


def test_latin_and_digit_tokens_match_case_insensitively(site):
    assert search(site, "covid")["ids"] == ["p1-04"]
    assert search(site, "VACCINE 2024")["ids"] == []
    assert search(site, "2024")["ids"] == ["p1-02"]


def test_title_matches_rank_before_body_matches(site):
    got = search(site, "社区")
    assert got["ids"][:2] == ["p1-01", "p1-05"]  # both titles hold 社区; p1-04's body does not
    got = search(site, "服务")
    assert got["ids"][:2] == ["p1-01", "p1-05"]


def test_filter_narrows_results_and_facets_count_the_matches(site):
    got = search(site, "志愿服务", {"province": "天津市"})
    assert set(got["ids"]) == {"p1-01", "p1-05"}
    all_ = search(site, "志愿服务")
    assert dict(all_["facets"]["province"]) == {"天津市": 2, "浙江省": 1}
    assert dict(all_["facets"]["kind"]) == {"文章": 2, "图片": 1}
    assert search(site, "志愿服务", {"kind": "图片"})["ids"] == ["p1-04"]
    assert set(search(site, "社区", {"tag": "养老"})["ids"]) == {"p1-05"}


def test_untitled_item_gets_the_article_pages_made_up_title_and_a_highlighted_excerpt(site):
    item = search(site, "桐庐")["items"][0]
    assert item["url"] == "articles/p1-04.html"
    assert item["title"].startswith("近年来")
    marked = [p["text"] for p in item["excerpt"] if p["mark"]]
    assert marked == ["桐庐"]
    assert "".join(p["text"] for p in item["excerpt"]).replace("…", "") in ARTICLES[3].blocks[0].text


def test_byline_is_searchable(site):
    assert search(site, "杨沫")["ids"] == ["p1-03"]


def test_query_without_letters_returns_nothing(site):
    assert search(site, "，。 ！")["ids"] == []


# --- files -----------------------------------------------------------------------------------------


def test_two_builds_are_byte_identical_and_input_order_does_not_matter():
    a = build_offline_index(ARTICLES, url_for=url_for)
    b = build_offline_index(list(reversed(ARTICLES)), url_for=url_for)
    assert [(f.path, f.data) for f in a] == [(f.path, f.data) for f in b]
    assert [f.path for f in a] == sorted(f.path for f in a)
    assert all(f.path.startswith("search/") and f.path.isascii() for f in a)


def test_index_files_are_plain_scripts_calling_the_global():
    for f in build_offline_index(ARTICLES, url_for=url_for):
        text = f.data.decode("utf-8")
        assert text.startswith("window.__SEARCH__.") and text.endswith(");\n")


def test_one_query_on_a_large_site_loads_few_small_files(tmp_path):
    body = ["朝阳里社区将党的立场主张贯穿文明实践志愿服务全过程，找准志愿服务与社区党建的结合点。",
            "为进一步完善社区养老体系，社区为老年人提供助餐服务。",
            "近年来，浙江省杭州市桐庐县发挥党建引领作用。",
            "为扎实推进2024年度城乡居民基本医疗保险收缴工作，孟彦镇医保专干走村入户。"]
    many = [article(i, f"第{i}篇稿件", body[i % 4], body[(i * 7) % 4] + str(i), tags=(f"标签{i % 50}",),
                    region=(TONGLU, HEPING)[i % 2]) for i in range(3000)]
    site = tmp_path / "big"
    files = build_offline_index(many, url_for=url_for)
    write(files, site)
    shards = [f for f in files if f.path.startswith("search/t/")]
    assert len(shards) > 16
    assert max(len(f.data) for f in shards) < 64_000
    for got in run_queries(site, [["志愿服务", {}, 10], ["医保 老年人", {"province": "天津市"}, 10], ["党", {}, 10]]):
        assert got["ids"], got["q"]
        assert got["bytes"] < 200_000, (got["q"], got["bytes"], got["files"])
        terms = [k for k in got["files"] if k.startswith("t/")]
        assert len(terms) <= 4


# --- Pagefind --------------------------------------------------------------------------------------


PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{t}</title></head>
<body><main><article data-pagefind-body><h1 data-pagefind-meta="title">{t}</h1><p>{b}</p>
<span data-pagefind-filter="province" hidden>{p}</span></article></main></body></html>"""


def test_run_pagefind_indexes_the_folder_into_pagefind(tmp_path):
    (tmp_path / "articles").mkdir()
    for a in ARTICLES:
        (tmp_path / url_for(a)).write_text(
            PAGE.format(t=a.title or a.id, b=a.blocks[0].text, p=a.region.province if a.region else ""),
            encoding="utf-8")
    run_pagefind(tmp_path)
    bundle = tmp_path / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert entry["languages"]["zh-cn"]["page_count"] == len(ARTICLES)


def test_pagefind_reads_only_article_pages_unless_another_page_is_searchable(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "tags").mkdir()
    (tmp_path / "articles" / "a.html").write_text(PAGE.format(t="标题", b="正文", p=""), encoding="utf-8")
    (tmp_path / "tags" / "t.html").write_text("<main>标签</main>", encoding="utf-8")
    (tmp_path / "index.html").write_text("<main>首页</main>", encoding="utf-8")
    assert _pagefind_glob(tmp_path) == "articles/*.html"
    (tmp_path / "tags" / "t.html").write_text("<main data-pagefind-body>标签</main>", encoding="utf-8")
    assert _pagefind_glob(tmp_path) is None
    assert _pagefind_glob(tmp_path / "tags") is None  # no articles/ folder: every page


def test_run_pagefind_on_a_missing_folder_is_a_build_error(tmp_path):
    with pytest.raises(BuildError, match="not a folder"):
        run_pagefind(tmp_path / "nope")


def test_the_search_pages_filters_are_the_offline_indexs():
    """search.js keeps its own list of filters (the offline reader takes it from meta.js): the two agree."""
    import re as _re

    from generator.search.offline import FILTERS

    script = (Path(__file__).resolve().parents[2] / "themes" / "default" / "static" / "search.js").read_text(encoding="utf-8")
    listed = _re.search(r"var FILTERS = \[([^\]]*)\]", script)
    assert listed and tuple(_re.findall(r'"([a-z]+)"', listed.group(1))) == FILTERS
