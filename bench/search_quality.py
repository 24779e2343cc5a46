"""Measure search quality: recall@10, bytes per query and index sizes, Pagefind vs the offline index.

Usage: python bench/search_quality.py [--docs 1000] [--out bench/out/search] [--no-browser] [--json]

Two corpora: the example page's nine items (text cut from the seed with the hand-made gold), and a
generated corpus that recombines the seed's paragraphs deterministically. Each is written as a small
site (article pages marked up as the theme does, `search.html`), indexed by Pagefind and by
`generator.search.offline.build_offline_index`, and queried from Chromium over http (Pagefind) and with the
offline engine in the same page. The relevant set of a query is every document whose text contains
each query word as a substring (title or body), which is what a reader expects of a Chinese search box.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import json
import random
import shutil
import sys
import threading
import time
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.models import Article, Block, Region, Source  # noqa: E402
from generator.site.views import KIND_LABELS  # noqa: E402
from generator.search.offline import build_offline_index  # noqa: E402
from generator.search.terms import normalize  # noqa: E402
from generator.search.pagefind import run_pagefind  # noqa: E402

SEED = ROOT / "seeds" / "000_f19c2ac29f8dcdb3.txt"
GOLD = ROOT / "tests" / "data" / "seed.gold.json"
QUERIES = Path(__file__).with_name("queries.toml")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TAGS = ("志愿服务", "文明实践", "基层治理", "医疗保障", "养老", "安全生产", "乡村振兴", "党建", "社区", "民生")


# --- corpora ----------------------------------------------------------------------------------------


def _seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def _joined_seed() -> str:
    """The seed with wrapped lines joined (paragraphs kept apart by blank lines)."""
    return "\n\n".join(c.replace("\n", "").strip() for c in _seed_text().split("\n\n") if c.strip())


def example_articles() -> list[Article]:
    """Cut the example page's items from the seed: body from `body_start` to `body_end` of the gold."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    text = _seed_text().replace("\n", "")
    articles = []
    for i, item in enumerate(gold["items"]):
        start = text.index(item["body_start"])
        end = text.index(item["body_end"], start) + len(item["body_end"])
        body = text[start:end]
        province, city, county = item["region"]
        articles.append(
            Article(
                id=f"seed-{i + 1:02d}",
                kind=item["kind"],
                title=item["title"],
                kicker=item["kicker"],
                subtitle=item["subtitle"],
                authors=tuple(item["authors"]),
                blocks=(Block("paragraph", body, (1, 1)),),
                source=Source(seed=SEED.name, page_id="seed", line_start=1, line_end=1, order=i + 1),
                region=Region(province, city, county, item.get("code") or "000000"),
                tags=tuple(sorted({t for t in TAGS if t in body})[:4]),
            )
        )
    return articles


def generated_corpus(n: int, *, seed: int = 20240117) -> list[Article]:
    """Recombine the example items' paragraphs into `n` articles, the same ones for the same `seed`."""
    items = example_articles()
    paragraphs = [p for p in _joined_seed().split("\n\n") if len(p) >= 40]
    titles = [a.title for a in items if a.title] + [p for p in _joined_seed().split("\n\n") if 6 <= len(p) < 30]
    regions = [a.region for a in items if a.region]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        body = tuple(Block("paragraph", p, (1, 1)) for p in rng.sample(paragraphs, rng.randint(2, 6)))
        region = rng.choice(regions)
        text = "".join(b.text for b in body)
        tags = tuple(sorted(t for t in TAGS if t in text)[:5]) or ("民生",)
        out.append(
            Article(
                id=f"gen-{i:05d}",
                kind="photo" if rng.random() < 0.05 else "article",
                title=f"{rng.choice(titles)}（{i}）",
                kicker=f"{region.province}{region.county or ''}" if rng.random() < 0.5 else None,
                subtitle=None,
                authors=(rng.choice(["杨沫", "和文", "刘欢欢", "王宇", "龙铭欣", "祁加鲲"]),),
                blocks=body,
                source=Source(seed="generated", page_id=f"gen{i // 10:04d}", line_start=1, line_end=1, order=i % 10),
                region=region,
                tags=tags,
            )
        )
    return out


# --- a site like the theme's -----------------------------------------------------------------------


def url_for(article: Article) -> str:
    return f"articles/{article.id}.html"


def article_html(article: Article) -> str:
    """One article page marked up for Pagefind the way the theme does it."""
    e = html.escape
    region = article.region
    filters = [("kind", KIND_LABELS.get(article.kind, article.kind))] + [("tag", t) for t in article.tags]
    if region:
        filters += [(k, v) for k, v in (("province", region.province), ("city", region.city),
                                        ("county", region.county)) if v]
    spans = "".join(f'<span data-pagefind-filter="{k}" hidden>{e(v)}</span>' for k, v in filters)
    title = article.title or article.id
    paras = "".join(f"<p>{e(b.text)}</p>" for b in article.blocks)
    head = "".join(f"<p>{e(x)}</p>" for x in (article.kicker, article.subtitle) if x)
    by = f"<p>{e('、'.join(article.authors))}</p>" if article.authors else ""
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title></head><body><nav><a href=\"../index.html\">首页</a></nav>"
        f'<main><article data-pagefind-body>{head}<h1 data-pagefind-meta="title">{e(title)}</h1>'
        f"{by}{paras}{spans}</article></main></body></html>"
    )


def search_page_html(root: str = "") -> str:
    """`search.html` rendered from the theme with a minimal stand-in for the site's base.html."""
    from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader, StrictUndefined

    theme = ROOT / "themes" / "default" / "templates"
    base = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{% block title %}{% endblock %}'
        "</title>{% block head %}{% endblock %}</head><body><main>{% block main %}{% endblock %}</main>"
        "{% block scripts %}{% endblock %}</body></html>"
    )
    loader = ChoiceLoader([DictLoader({"base.html": base}), FileSystemLoader(str(theme))])
    env = Environment(loader=loader, undefined=StrictUndefined, autoescape=True)
    return env.get_template("search.html").render(root=root, site={"title": "读报"}, page_title="搜索")


def write_site(articles: Sequence[Article], out: Path, *, pagefind: bool = True) -> dict[str, float]:
    """Write pages, the offline index and search.html to `out`; return timings in seconds."""
    if out.exists():
        shutil.rmtree(out)
    (out / "articles").mkdir(parents=True)
    for a in articles:
        (out / url_for(a)).write_text(article_html(a), encoding="utf-8")
    (out / "index.html").write_text('<!doctype html><html lang="zh-CN"><body>首页</body></html>', encoding="utf-8")
    (out / "search.html").write_text(search_page_html(), encoding="utf-8")
    static = out / "static"
    static.mkdir()
    for f in (ROOT / "themes" / "default" / "static").glob("search*"):
        shutil.copy(f, static / f.name)
    t0 = time.perf_counter()
    for f in build_offline_index(articles, url_for=url_for):
        p = out / f.path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(f.data)
    t1 = time.perf_counter()
    if pagefind:
        run_pagefind(out)
    t2 = time.perf_counter()
    return {"offline_s": t1 - t0, "pagefind_s": t2 - t1}


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


# --- queries ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    q: str
    why: str


def load_queries() -> list[Query]:
    data = tomllib.loads(QUERIES.read_text(encoding="utf-8"))
    return [Query(x["q"], x.get("why", "")) for x in data["query"]]


def relevant(articles: Sequence[Article], q: str) -> set[str]:
    """Every article whose title or text holds each query word as a substring."""
    words = [normalize(w) for w in q.split()]
    out = set()
    for a in articles:
        text = normalize("\n".join(x for x in (a.title, a.kicker, a.subtitle, *(b.text for b in a.blocks),
                                                "、".join(a.authors)) if x))
        if all(w in text for w in words):
            out.add(a.id)
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


RUN_QUERY_JS = """async ([q, engine]) => {
  const api = window.__searchApp;
  performance.setResourceTimingBufferSize(100000);
  performance.clearResourceTimings();
  const t0 = performance.now();
  const res = await api.query(engine, q, {}, 10);
  const ms = performance.now() - t0;
  const bytes = performance.getEntriesByType("resource").reduce((n, e) => n + e.decodedBodySize, 0);
  return {ids: res.items.map(r => r.url), count: res.count, ms, bytes};
}"""


def measure(site: Path, articles: Sequence[Article], queries: Sequence[Query], *, browser: bool) -> list[dict]:
    """Run every query with both engines in Chromium; report recall@10 and bytes loaded."""
    rows = []
    by_url = {url_for(a): a.id for a in articles}
    if not browser:
        return rows
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for query in queries:
                want = relevant(articles, query.q)
                row: dict = {"q": query.q, "why": query.why, "relevant": len(want)}
                for engine in ("pagefind", "offline"):
                    ctx = b.new_context()  # fresh cache: bytes are those of one cold query
                    page = ctx.new_page()
                    page.goto(base + "search.html")
                    page.wait_for_function("window.__searchApp && window.__searchApp.ready")
                    seen: list = []
                    # Pagefind fetches from a web worker, which the page's resource timing does not see.
                    ctx.on("response", lambda r, seen=seen: seen.append(r))
                    got = page.evaluate(RUN_QUERY_JS, [query.q, engine])
                    page.wait_for_timeout(100)
                    if engine == "pagefind":
                        got["bytes"] = sum(len(r.body()) for r in seen if r.ok and "/pagefind/" in r.url)
                    ids = [by_url.get(_site_path(u), u) for u in got["ids"]]
                    top = set(ids[:10])
                    denom = min(10, len(want))
                    row[engine] = {
                        "recall10": (len(top & want) / denom) if denom else (1.0 if not ids else 0.0),
                        "count": got["count"],
                        "bytes": got["bytes"],  # every file the query fetched, cold cache
                        "ms": round(got["ms"], 1),
                        "false_hits": len(top - want),
                    }
                    ctx.close()
                rows.append(row)
            b.close()
    finally:
        server.shutdown()
    return rows


def _site_path(url: str) -> str:
    if "://" in url:
        url = url.split("://", 1)[1].split("/", 1)[1]
    return url.lstrip("/")


def report(name: str, site: Path, rows: list[dict], timings: dict[str, float], docs: int) -> dict:
    pf_bytes, pf_files = folder_size(site / "pagefind")
    off_bytes, off_files = folder_size(site / "search")
    print(f"\n## {name}: {docs} documents")
    print(f"index: pagefind {pf_bytes / 1024:.0f} KiB in {pf_files} files ({timings['pagefind_s']:.2f} s); "
          f"offline {off_bytes / 1024:.0f} KiB in {off_files} files ({timings['offline_s']:.2f} s)")
    if rows:
        print(f"{'query':<16} {'rel':>4} | {'pagefind r@10':>13} {'hits':>5} {'KiB':>6} | {'offline r@10':>12} {'hits':>5} {'KiB':>6}")
        for r in rows:
            pf, of = r["pagefind"], r["offline"]
            print(f"{r['q']:<16} {r['relevant']:>4} | {pf['recall10']:>13.2f} {pf['count']:>5} {pf['bytes'] / 1024:>6.1f} |"
                  f" {of['recall10']:>12.2f} {of['count']:>5} {of['bytes'] / 1024:>6.1f}")
        n = len(rows)
        for engine in ("pagefind", "offline"):
            rec = sum(r[engine]["recall10"] for r in rows) / n
            kb = [r[engine]["bytes"] for r in rows]
            print(f"{engine}: mean recall@10 {rec:.3f}; bytes/query mean {sum(kb) / n / 1024:.1f} KiB, "
                  f"max {max(kb) / 1024:.1f} KiB")
    return {"name": name, "docs": docs, "pagefind_bytes": pf_bytes, "pagefind_files": pf_files,
            "offline_bytes": off_bytes, "offline_files": off_files, "timings": timings, "rows": rows}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000, help="size of the generated corpus")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "search")
    ap.add_argument("--no-browser", action="store_true", help="only build and size the indexes")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)
    queries = load_queries()
    results = []
    for name, articles in (("example page", example_articles()), ("generated", generated_corpus(args.docs))):
        site = args.out / name.replace(" ", "-")
        timings = write_site(articles, site)
        rows = measure(site, articles, queries, browser=not args.no_browser)
        results.append(report(name, site, rows, timings, len(articles)))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
