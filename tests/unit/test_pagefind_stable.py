"""generator/pagefind_stable.py: Pagefind bundles that are byte-identical across runs and still work.

Pagefind 1.5.2 writes filter values (and the meta index's filter and sort lists) in the order of
randomly seeded hash maps, so `run_pagefind` post-processes the bundle. These tests run the real
extended binary over a small zh-CN site with many filter values, check the CBOR codec against the
files Pagefind wrote, check that independent runs give the same bytes, and load the processed
bundle with Pagefind's own JS and wasm in Chromium.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from collections import Counter
from pathlib import Path

import pytest

import generator.search.pagefind_stable as stable
from generator.errors import BuildError
from generator.search.pagefind_stable import (
    CborError,
    CborMap,
    cbor_decode,
    cbor_encode,
    make_deterministic,
    pack_pf,
    pagefind_hash,
    read_pf,
)
from generator.search.pagefind import run_pagefind

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

TAGS = ["志愿服务", "社区", "环保", "教育", "医疗", "养老", "助残", "扶贫", "文化", "体育",
        "科技", "法律", "心理", "救灾", "儿童", "青年", "妇女", "动物", "读书", "旅游"]
PLACES = [("北京市", "北京市", "海淀区"), ("上海市", "上海市", "浦东新区"), ("广东省", "广州市", "天河区"),
          ("广东省", "深圳市", "南山区"), ("浙江省", "杭州市", "西湖区"), ("四川省", "成都市", "武侯区"),
          ("湖北省", "武汉市", "洪山区"), ("江苏省", "南京市", "玄武区"), ("山东省", "青岛市", "市南区")]
KINDS = ["活动", "招募", "新闻"]
PAGES = 36


def page_filters(i: int) -> dict[str, list[str]]:
    """The filters of test page i: always some tags, 志愿服务 on every third page but one."""
    tags = [TAGS[(i * 7 + k * 3) % len(TAGS)] for k in range(3)]
    tags = [t for t in dict.fromkeys(tags) if t != "志愿服务"]
    if i % 3 == 0 and i != 9:
        tags.append("志愿服务")
    province, city, county = PLACES[i % len(PLACES)]
    return {"tag": tags, "province": [province], "city": [city], "county": [f"{county}{i % 5}"],
            "kind": [KINDS[i % 3]]}


def write_site(root: Path) -> None:
    """A small site: each page indexes its body, a title and hidden filter spans."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(PAGES):
        spans = "".join(f'<span data-pagefind-filter="{name}">{value}</span>'
                        for name, values in page_filters(i).items() for value in values)
        # Two sort keys (the meta index lists sorts in map order too) and words with diacritics
        # (Pagefind keeps each spelling as a variant of one word).
        sorts = (f'<span data-pagefind-sort="date">2024-01-{i % 28 + 1:02d}</span>'
                 f'<span data-pagefind-sort="rank">{(i * 5) % 11}</span>'
                 f'<span data-pagefind-sort="name">n{i}</span>')
        (root / f"p{i}.html").write_text(
            '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>页面{i}</title></head><body><main data-pagefind-body>"
            f'<h1 data-pagefind-meta="title">第{i}号 志愿服务记录</h1>'
            f'<div hidden>{spans}{sorts}</div>'
            f"<p>志愿服务记录第{i}条：社区居民参与{'、'.join(page_filters(i)['tag'])}。"
            "Café cafè résumé resumé naïve.</p></main></body></html>",
            encoding="utf-8",
        )
    (root / "index.html").write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>首页</title><link rel="icon" href="data:,"></head>'
        "<body><p>首页</p></body></html>", encoding="utf-8")


def bundle_files(bundle: Path) -> dict[str, bytes]:
    return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}


def filter_contents(bundle: Path) -> dict[str, dict[str, list[str]]]:
    """Every filter of the (single-language) bundle: name → value → sorted page URLs."""
    (meta_path,) = bundle.glob("*.pf_meta")
    urls = [json.loads(read_pf(bundle / "fragment" / f"{page[0]}.pf_fragment"))["url"]
            for page in cbor_decode(read_pf(meta_path))[1]]
    out = {}
    for path in (bundle / "filter").glob("*.pf_filter"):
        name, values = cbor_decode(read_pf(path))
        out[name] = {value: sorted(urls[n] for n in pages) for value, pages in values}
    return out


@pytest.fixture(scope="module")
def raw_bundles(tmp_path_factory) -> list[Path]:
    """Three unprocessed Pagefind runs over copies of the same site."""
    out = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(stable, "make_deterministic", lambda bundle: None)
        for n in range(3):
            site = tmp_path_factory.mktemp(f"raw{n}") / "site"
            write_site(site)
            run_pagefind(site)
            out.append(site / "pagefind")
    return out


@pytest.fixture(scope="module")
def built_sites(tmp_path_factory) -> list[Path]:
    """Three full `run_pagefind` runs (which post-process) over copies of the same site."""
    out = []
    for n in range(3):
        site = tmp_path_factory.mktemp(f"built{n}") / "site"
        write_site(site)
        run_pagefind(site)
        out.append(site)
    return out


# --- CBOR and file format -------------------------------------------------------------------------


@pytest.mark.parametrize("value, encoded", [
    (0, "00"), (23, "17"), (24, "1818"), (255, "18ff"), (256, "190100"), (65535, "19ffff"),
    (65536, "1a00010000"), (2**32, "1b0000000100000000"), (-1, "20"), (-25, "3818"), (-169, "38a8"),
    ("", "60"), ("a", "6161"), ("志", "63e5bf97"), ([], "80"), ([1, [2]], "82018102"),
    (b"\x01", "4101"), (None, "f6"), (True, "f5"), (False, "f4"),
    (CborMap([("a", 1)]), "a1616101"),
])
def test_cbor_known_encodings(value, encoded):
    assert cbor_encode(value).hex() == encoded
    assert cbor_decode(bytes.fromhex(encoded)) == value


@pytest.mark.parametrize("data", ["", "1c", "5f", "9f", "fb3ff0000000000000", "c001", "0000", "8201", "62e5"])
def test_cbor_rejects_what_pagefind_does_not_write(data):
    with pytest.raises(CborError):
        cbor_decode(bytes.fromhex(data))


def test_codec_round_trips_every_pagefind_file(raw_bundles):
    """Our encoder writes exactly what minicbor wrote, for every CBOR file of a real bundle."""
    bundle = raw_bundles[0]
    files = [*bundle.glob("*.pf_meta"), *bundle.glob("filter/*.pf_filter"), *bundle.glob("index/*.pf_index")]
    assert len(files) >= 7
    for path in files:
        payload = read_pf(path)
        assert cbor_encode(cbor_decode(payload)) == payload, path.name


def test_hash_names_files_as_pagefind_does(raw_bundles):
    bundle = raw_bundles[0]
    for path in [*bundle.glob("filter/*.pf_filter"), *bundle.glob("index/*.pf_index")]:
        lang, short = path.stem.split("_")
        assert lang == "zh-cn"
        assert pagefind_hash(read_pf(path)).startswith(short), path.name
    (meta,) = bundle.glob("*.pf_meta")
    short = meta.name.removeprefix("pagefind.zh-cn_").removesuffix(".pf_meta")
    assert len(short) == len("zh-cn") + 8
    assert pagefind_hash(read_pf(meta)).startswith(short)
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["zh-cn"]["hash"] == f"zh-cn_{short}"


def test_pagefind_hash_does_not_pad_bytes():
    # sha1(b"abc") = a9993e36 4706816a ...: the byte 0x06 is written "6", as Rust's {:x?} does
    assert pagefind_hash(b"abc").startswith("a9993e36476816a")


def test_pack_pf_has_no_timestamp():
    packed = pack_pf(b"\x80")
    assert packed[:10] == bytes.fromhex("1f8b08000000000002ff")
    assert pack_pf(b"\x80") == packed


# --- determinism ----------------------------------------------------------------------------------


def test_runs_give_identical_bytes(built_sites):
    first = bundle_files(built_sites[0] / "pagefind")
    assert any(name.startswith("filter/") for name in first)
    for other in built_sites[1:]:
        files = bundle_files(other / "pagefind")
        assert sorted(files) == sorted(first)
        assert [n for n in first if files[n] != first[n]] == []


def test_processing_keeps_the_filters_and_is_idempotent(raw_bundles, tmp_path):
    raw = raw_bundles[0]
    copy = tmp_path / "pagefind"
    shutil.copytree(raw, copy)
    make_deterministic(copy)
    assert filter_contents(copy) == filter_contents(raw)
    expected = {name: {} for name in ("tag", "province", "city", "county", "kind")}
    for i in range(PAGES):
        for name, values in page_filters(i).items():
            for value in values:
                expected[name].setdefault(value, []).append(f"/p{i}.html")
    expected = {name: {v: sorted(urls) for v, urls in values.items()} for name, values in expected.items()}
    assert filter_contents(copy) == expected
    for path in copy.glob("filter/*.pf_filter"):  # values in UTF-8 order
        values = [v for v, _ in cbor_decode(read_pf(path))[1]]
        assert values == sorted(values, key=lambda v: v.encode("utf-8"))
    # Only filters, meta and entry change; everything else is Pagefind's own bytes.
    before, after = bundle_files(raw), bundle_files(copy)
    for name, data in after.items():
        if not name.startswith("filter/") and not name.endswith(".pf_meta") and name != "pagefind-entry.json":
            assert before[name] == data, name
    meta = cbor_decode(read_pf(next(copy.glob("*.pf_meta"))))
    assert [f[0] for f in meta[3]] == sorted(f[0] for f in meta[3])
    assert [s[0] for s in meta[4]] == ["date", "name", "rank"]
    raw_meta = cbor_decode(read_pf(next(raw.glob("*.pf_meta"))))
    assert meta[:3] == raw_meta[:3] and meta[5] == raw_meta[5]
    assert sorted(map(tuple, meta[4])) == sorted(map(tuple, raw_meta[4]))

    make_deterministic(copy)
    assert bundle_files(copy) == after


def test_raw_runs_agree_after_processing(raw_bundles, tmp_path):
    """Each raw run, processed on its own, gives the same bytes (whatever order Pagefind chose)."""
    results = []
    for n, raw in enumerate(raw_bundles):
        copy = tmp_path / f"b{n}"
        shutil.copytree(raw, copy)
        make_deterministic(copy)
        results.append(bundle_files(copy))
    assert results[1] == results[0]
    assert results[2] == results[0]


def test_unexpected_layout_is_an_error(raw_bundles, tmp_path):
    copy = tmp_path / "pagefind"
    shutil.copytree(raw_bundles[0], copy)
    victim = next(copy.glob("filter/*.pf_filter"))
    victim.write_bytes(pack_pf(cbor_encode(["tag", "not a list"])))
    with pytest.raises(BuildError, match="unexpected Pagefind file layout"):
        make_deterministic(copy)
    victim.write_bytes(b"not gzip")
    with pytest.raises(BuildError, match="not a Pagefind file"):
        make_deterministic(copy)


# --- the processed bundle in a browser ------------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".json": "application/json", ".wasm": "application/wasm"}

    def log_message(self, format, *args):
        pass


@pytest.mark.browser
def test_processed_bundle_searches_in_chromium(built_sites):
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing; install it with: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("the playwright package is missing", pytrace=False)
        pytest.skip("the playwright package is missing")

    site = built_sites[0]
    expected_counts = {name: Counter() for name in ("tag", "province", "city", "county", "kind")}
    for i in range(PAGES):
        for name, values in page_filters(i).items():
            expected_counts[name].update(values)
    volunteer_urls = sorted(f"/p{i}.html" for i in range(PAGES) if "志愿服务" in page_filters(i)["tag"])
    assert len(volunteer_urls) == 11

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    errors: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            try:
                page = browser.new_page()
                page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
                page.goto(f"{base}/index.html")
                result = page.evaluate("""async () => {
                    const pf = await import('/pagefind/pagefind.js');
                    await pf.init();
                    // asked as static/search.js asks: a phrase of one word per character (pagefind_text.py)
                    const r = await pf.search('"志 愿 服 务"', {filters: {tag: '志愿服务'}});
                    const urls = await Promise.all(r.results.map(async x => (await x.data()).url));
                    const only = await pf.search(null, {filters: {kind: '招募'}});
                    const filters = await pf.filters();
                    const all = await pf.search('"志 愿 服 务"');
                    return {count: r.results.length, urls, only: only.results.length,
                            filters, all: all.results.length};
                }""")
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()

    assert errors == []
    assert result["count"] == len(volunteer_urls)
    assert sorted(result["urls"]) == volunteer_urls
    assert result["only"] == expected_counts["kind"]["招募"]
    assert result["all"] == PAGES
    assert {name: dict(counts) for name, counts in result["filters"].items()} == {
        name: dict(counts) for name, counts in expected_counts.items()}
