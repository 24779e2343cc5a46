"""Lay out the PDF fixtures as HTML, print them with Chromium, and write their gold (docs/gold.md).

    python3 tests/data/pdf/make_fixtures.py [OUT_DIR] [--pages N]

writes `newspaper.html/.pdf` (the pages of `pages.py`: 5 and 4 columns, absolutely placed boxes in a
shuffled source order, so the PDF's text order is not the reading order), `newspaper.gold.json`,
and `digest.html/.pdf` (the day's items merged into one single-column document, the way public
download scripts make them: a table of contents, then per item its title, byline, source line and
text, `第 N 页` footers). With `--pages N` the newspaper has N pages (the layouts repeated, page
numbers counted on), for `bench/pdf_ingest.py`. Needs Playwright and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pages import DATE, PAPER, PAGES  # noqa: E402

WIDTH, HEIGHT, MARGIN, GUTTER = 1123, 1587, 40, 16
BODY = 14  # px: the body text; headlines, kickers, captions are sized against it
LINE = 22
CHROMIUM = "/usr/bin/chromium"


def _column(page: dict, col: int, span: int) -> tuple[float, float]:
    n = page["columns"]
    width = (WIDTH - 2 * MARGIN - (n - 1) * GUTTER) / n
    return MARGIN + col * (width + GUTTER), span * width + (span - 1) * GUTTER


def _box(x: float, y: float, w: float, style: str, inner: str) -> str:
    return f'<div style="position:absolute;left:{x:.1f}px;top:{y:.1f}px;width:{w:.1f}px;{style}">{inner}</div>'


def _paragraphs(texts: list[str], *, first_indent: bool = True) -> str:
    out = []
    for n, text in enumerate(texts):
        if text.startswith("## "):
            out.append(f'<p class="sub">{html.escape(text[3:])}</p>')
        else:
            indent = "" if (n == 0 and not first_indent) else ' class="ind"'
            out.append(f"<p{indent}>{html.escape(text)}</p>")
    return "".join(out)


def _title_size(span: int) -> int:
    return {1: 22, 2: 28}.get(span, 34)


def article_boxes(page: dict, art: dict) -> list[str]:
    """The absolutely placed boxes of one article or photo: header lines, body, photo, caption."""
    col, top = art["at"]
    x, w = _column(page, col, art["span"])
    boxes = []
    if art.get("photo"):
        boxes.append(_box(x, top, w, f"height:{art['height']}px;background:#8a8f94", ""))
        y = top + art["height"] + 6
        boxes.append(_box(x, y, w, "", f'<p class="cap">{html.escape(art["caption"])}</p>'
                          f'<p class="cap" style="text-align:right">{html.escape(art["credit"])}</p>'))
        return boxes
    y = top
    if art.get("kicker"):
        boxes.append(_box(x, y, w, "font-size:17px;line-height:26px;text-align:center", html.escape(art["kicker"])))
        y += 28
    size = _title_size(art["span"])
    boxes.append(_box(x, y, w, f"font-size:{size}px;line-height:{round(size * 1.3)}px;font-weight:bold;"
                      "text-align:center", html.escape(art["title"])))
    y += round(size * 1.3) + 2
    if art.get("subtitle"):
        boxes.append(_box(x, y, w, "font-size:17px;line-height:26px;text-align:center", html.escape(art["subtitle"])))
        y += 28
    if art.get("byline"):
        boxes.append(_box(x, y, w, "font-size:13px;line-height:22px;text-align:center", html.escape(art["byline"])))
        y += 24
    y += 8
    columns = f"column-count:{art['columns']};column-gap:{GUTTER}px;column-fill:auto;"
    height = f"height:{art['height']}px;" if art.get("height") else ""
    jump = art.get("jump")
    if not jump:
        boxes.append(_box(x, y, w, columns + height, _paragraphs(art["paragraphs"])))
        return boxes
    # The text up to `after` here; the rest in a box of its own elsewhere (a jump to another column).
    texts = art["paragraphs"]
    k = next(n for n, t in enumerate(texts) if jump["after"] in t)
    cut = texts[k].index(jump["after"]) + len(jump["after"])
    boxes.append(_box(x, y, w, columns, _paragraphs(texts[:k] + [texts[k][:cut]])))
    jx, jw = _column(page, jump["at"][0], art["span"])
    boxes.append(_box(jx, jump["at"][1], jw, columns, _paragraphs([texts[k][cut:]] + texts[k + 1:], first_indent=False)))
    return boxes


def page_html(page: dict, page_no: int, rng: random.Random) -> str:
    boxes = [
        _box(MARGIN, 28, 400, "font-size:46px;line-height:60px;font-weight:bold;letter-spacing:4px", PAPER),
        _box(WIDTH - MARGIN - 300, 30, 300, "font-size:20px;line-height:28px;text-align:right",
             f"第{page_no:02d}版 {page['section']}"),
        *(_box(WIDTH - MARGIN - 300, 62 + 20 * n, 300, "font-size:13px;line-height:20px;text-align:right",
               html.escape(line)) for n, line in enumerate(page["masthead"])),
        _box(MARGIN, 108, WIDTH - 2 * MARGIN, "border-top:2px solid #000;height:0", ""),
        _box(MARGIN, HEIGHT - 50, WIDTH - 2 * MARGIN, "border-top:1px solid #000;height:0", ""),
        _box(MARGIN, HEIGHT - 44, 600, "font-size:12px;line-height:18px", html.escape(page["footer"][0])),
    ]
    if len(page["footer"]) > 1:
        boxes.append(_box(WIDTH - MARGIN - 400, HEIGHT - 44, 400, "font-size:12px;line-height:18px;text-align:right",
                          html.escape(page["footer"][1])))
    for art in page["articles"]:
        boxes += article_boxes(page, art)
    rng.shuffle(boxes)  # the PDF's text order follows the source order: now not the reading order
    return f'<section class="page">{"".join(boxes)}</section>'


STYLE = f"""
@page {{ size: {WIDTH}px {HEIGHT}px; margin: 0 }}
html, body {{ margin: 0; padding: 0; font-family: "WenQuanYi Micro Hei", sans-serif; color: #000 }}
.page {{ position: relative; width: {WIDTH}px; height: {HEIGHT}px; overflow: hidden; break-after: page }}
.page p {{ margin: 0; font-size: {BODY}px; line-height: {LINE}px; text-align: justify }}
.page p.cap {{ font-size: 12.5px; line-height: 19px; text-align: left }}
.page p.ind {{ text-indent: 2em }}
.page p.sub {{ font-weight: bold; font-size: 15px; text-align: center; margin: 6px 0 }}
"""


def newspaper_html(pages: int) -> str:
    rng = random.Random(20250314)
    body = []
    for n in range(pages):
        layout = PAGES[n % len(PAGES)]
        body.append(page_html(layout, layout["page_no"] + 2 * (n // len(PAGES)), rng))
    return f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><style>{STYLE}</style><body>{"".join(body)}</body></html>'


def newspaper_gold(seed: str) -> dict:
    """The gold of the newspaper's two pages, from the data they were laid out from."""
    items = []
    for page in PAGES:
        for art in page["articles"]:
            common = {"paper": PAPER, "date": DATE, "page": page["page_no"]}
            if art.get("photo"):
                # every credit here names a role (本报记者, 通讯员): printed after the caption (docs/gold.md)
                items.append({"kind": "photo", "kicker": None, "title": None, "subtitle": None,
                              "authors": art["authors"], "subheads": [], "paragraphs": 1,
                              "body_start": art["caption"][:10], "body_end": art["credit"], **common})
                continue
            texts = [t for t in art["paragraphs"] if not t.startswith("## ")]
            items.append({
                "kind": "article", "kicker": art.get("kicker"), "title": art["title"],
                "subtitle": art.get("subtitle"), "authors": art["authors"],
                "subheads": [t[3:] for t in art["paragraphs"] if t.startswith("## ")],
                "paragraphs": len(texts), "body_start": texts[0][:16], "body_end": texts[-1][-10:],
                "must_contain": [texts[len(texts) // 2][:12]], **common})
    return {"seed": seed, "note": "made by tests/data/pdf/make_fixtures.py from the data the PDF was laid out "
            "from (tests/data/pdf/pages.py), not from the splitter's output", "items": items}


def digest_gold(seed: str) -> dict:
    """The gold of the digest: the same day's articles (photos and subheads are not in a digest)."""
    items = []
    for page in PAGES:
        for art in page["articles"]:
            if art.get("photo"):
                continue
            texts = [t for t in art["paragraphs"] if not t.startswith("## ")]
            items.append({
                "kind": "article", "kicker": art.get("kicker"), "title": art["title"],
                "subtitle": art.get("subtitle"), "authors": art["authors"], "subheads": [],
                "paragraphs": len(texts), "body_start": texts[0][:16], "body_end": texts[-1][-10:],
                "must_contain": [texts[len(texts) // 2][:12]], "paper": PAPER, "date": DATE, "page": page["page_no"]})
    return {"seed": seed, "note": "made by tests/data/pdf/make_fixtures.py from the data the digest was laid out "
            "from (tests/data/pdf/pages.py): the digest's kicker and subtitle lines follow the title", "items": items}


DIGEST_STYLE = """
@page { size: 794px 1123px; margin: 60px 80px 70px 80px }
body { margin: 0; font-family: "WenQuanYi Micro Hei", sans-serif; font-size: 14px; line-height: 24px }
p { margin: 0 0 4px 0; text-indent: 2em; text-align: justify }
h2 { font-size: 20px; line-height: 30px; margin: 18px 0 4px 0; font-weight: bold }
.line { margin: 0; text-indent: 0 }
.toc { text-indent: 0; margin: 0 }
"""


def digest_html() -> str:
    """A day's items merged into one document, as public download scripts make them."""
    items = [(page, art) for page in PAGES for art in page["articles"] if not art.get("photo")]
    out = [f'<p class="line">{PAPER} {DATE[:4]}年{int(DATE[5:7])}月{int(DATE[8:])}日</p>']
    out += [f'<p class="toc">{n}. {html.escape(art["title"])}</p>' for n, (_, art) in enumerate(items, 1)]
    for n, (page, art) in enumerate(items):
        out.append(f'<h2 style="break-before:page">{html.escape(art["title"])}</h2>' if n == 0 else
                   f'<h2>{html.escape(art["title"])}</h2>')
        for name in ("kicker", "subtitle"):
            if art.get(name):
                out.append(f'<p class="line">{html.escape(art[name])}</p>')
        out.append('<p class="line">本报记者</p>')
        for k, name in enumerate(art["authors"]):
            # some digests give a name one character a line
            chars = list(name) if k == 0 and n % 2 else [name]
            out += [f'<p class="line">{html.escape(c)}</p>' for c in chars]
        out.append(f'<p class="line">《{PAPER}》（{DATE[:4]}年{DATE[5:7]}月{DATE[8:]}日 第 {page["page_no"]:02d} 版）</p>')
        texts = [t for t in art["paragraphs"] if not t.startswith("## ")]
        out += [f"<p>{html.escape(t)}</p>" for t in texts]
    footer = ('<div style="font-size:11px;width:100%;text-align:center;font-family:\'WenQuanYi Micro Hei\'">'
              '第 <span class="pageNumber"></span> 页</div>')
    return (f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><style>{DIGEST_STYLE}</style>'
            f'<body>{"".join(out)}</body></html>'), footer


def print_pdfs(jobs: list[tuple[str, Path, str | None]]) -> None:
    """Print each (html, pdf path, footer template or None) with Chromium through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            for markup, out, footer in jobs:
                page.set_content(markup, wait_until="load")
                options = {"path": str(out), "prefer_css_page_size": True, "print_background": True}
                if footer:
                    options.update(display_header_footer=True, header_template="<span></span>",
                                   footer_template=footer)
                page.pdf(**options)
        finally:
            browser.close()


def make(out: Path, pages: int = 2, *, digest: bool = True) -> None:
    out.mkdir(parents=True, exist_ok=True)
    name = "newspaper" if pages == 2 else f"newspaper-{pages}"
    markup = newspaper_html(pages)
    (out / f"{name}.html").write_text(markup, encoding="utf-8")
    jobs = [(markup, out / f"{name}.pdf", None)]
    if pages == 2:
        (out / f"{name}.gold.json").write_text(json.dumps(newspaper_gold(f"{name}.pdf"), ensure_ascii=False, indent=2)
                                               + "\n", encoding="utf-8")
    if digest:
        markup, footer = digest_html()
        (out / "digest.html").write_text(markup, encoding="utf-8")
        (out / "digest.gold.json").write_text(json.dumps(digest_gold("digest.pdf"), ensure_ascii=False, indent=2)
                                              + "\n", encoding="utf-8")
        jobs.append((markup, out / "digest.pdf", footer))
    print_pdfs(jobs)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=HERE)
    parser.add_argument("--pages", type=int, default=2)
    args = parser.parse_args()
    make(args.out, args.pages, digest=args.pages == 2)
