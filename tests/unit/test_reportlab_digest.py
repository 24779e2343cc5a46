"""A day's digest as the reportlab article-crawler scripts make it, read back as a reader sees it.

The PDF is laid out once per session by tests/data/pdf/make_reportlab_digest.py (reportlab, Debian's
WenQuanYi font) from made-up items; its text is what pypdfium2 (and, where installed, pdftotext)
gives of it. Every check compares with the items laid out, never with the splitter's output.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from generator import evaluate

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "data" / "pdf"
sys.path.insert(0, str(FIXTURES))

import make_reportlab_digest as laid  # noqa: E402


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """The digest PDF, its texts and their gold."""
    pytest.importorskip("reportlab", reason="pip install -r requirements-dev.txt")
    if not laid.FONT.exists():
        pytest.skip("a CJK TrueType font is needed to lay out the digest: apt-get install -y fonts-wqy-microhei")
    out = tmp_path_factory.mktemp("reportlab-digest")
    laid.make(out)
    return out


@pytest.fixture(scope="module")
def site(made: Path) -> dict[str, list[dict]]:
    """articles.json of one build of the PDF and its text, each seed's articles by page then order."""
    golds = [json.loads((made / name).read_text(encoding="utf-8")) for name in laid.SEEDS.values()]
    articles, _ = evaluate.build_and_read(golds, made, REPO, timeout=300)
    by_seed: dict[str, list[dict]] = {}
    for a in sorted(articles, key=lambda a: (a["source"]["page_no"], a["source"]["order"])):
        by_seed.setdefault(a["source"]["seed"], []).append(a)
    return by_seed


SEEDS = list(laid.SEEDS)


def _laid_out() -> list[dict]:
    return [item for item in laid.ITEMS if item.get("kind", "article") in ("article", "photo")]


def test_the_committed_gold_is_the_one_the_items_give(made):
    for name in laid.SEEDS.values():
        assert json.loads((FIXTURES / name).read_text(encoding="utf-8")) == \
            json.loads((made / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("seed", SEEDS)
def test_every_article_has_its_printed_title_kicker_and_subtitle(site, seed):
    got = [(a["kicker"], a["title"], a["subtitle"]) for a in site[seed] if a["kind"] == "article"]
    want = [(i.get("kicker"), i["title"], (i.get("subtitle") or "").lstrip("—") or None)
            for i in _laid_out() if i.get("kind", "article") == "article"]
    assert got == want


@pytest.mark.parametrize("seed", SEEDS)
def test_authors_are_the_names_of_bylines_in_every_printed_shape(site, seed):
    """`本报记者 苏 禾` (a name padded to two characters), `新华社记者 顾 言 周 舟`, names a line each
    under the role, a name alone (`何 川`), `本报评论员` (no name), a photo's credit."""
    assert [a["authors"] for a in site[seed]] == [i["authors"] for i in _laid_out()]


@pytest.mark.parametrize("seed", SEEDS)
def test_each_article_is_on_the_printed_page_its_source_line_names(site, seed):
    assert [(a["source"]["paper"], a["source"]["date"], a["source"]["page_no"]) for a in site[seed]] == \
        [("人民日报", "2025-10-20", i["page"]) for i in _laid_out()]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_notes_area_footers_and_source_lines_are_in_no_article(site, seed):
    for a in site[seed]:
        text = "".join(b["text"] for b in a["blocks"]) + (a["kicker"] or "") + (a["subtitle"] or "")
        assert "笔记" not in text and "人民日报 》" not in text, a["title"]
        assert not any(b["text"].startswith("第") and b["text"].endswith("页") for b in a["blocks"])


@pytest.mark.parametrize("seed", SEEDS)
def test_a_paragraph_cut_by_a_page_footer_is_one_paragraph_and_subheads_stay_headings(site, seed):
    street = next(a for a in site[seed] if a["title"] == "一条老街的“微更新”")
    item = next(i for i in laid.ITEMS if i["title"] == "一条老街的“微更新”")
    assert [(b["type"], b["text"]) for b in street["blocks"]] == \
        [("h", p[3:]) if p.startswith("## ") else ("p", p) for p in item["body"]]


@pytest.mark.parametrize("seed", SEEDS)
def test_photos_are_their_caption_credited_to_the_photographer(site, seed):
    photos = [a for a in site[seed] if a["kind"] == "photo"]
    assert [(a["authors"], [b["text"] for b in a["blocks"]]) for a in photos] == \
        [(["程远"], ["10月18日，农民在某县万亩稻田里驾驶收割机抢收水稻。眼下，当地中晚稻进入收获期，预计总产量稳中有增。"]),
         (["白桦"], ["10月19日，游客在某地森林公园观赏层林尽染的秋景。"])]


def test_without_a_table_of_contents_the_pdf_shows_its_titles_by_their_size(made, tmp_path):
    """No contents to check a headline against: the 28 pt lines are the title, the 14 pt centred
    lines above and below the kicker and subtitle, the 10 pt centred lines the byline."""
    laid.make_pdf(tmp_path / "bare.pdf", contents=False)
    gold = json.loads((made / "reportlab-digest.gold.json").read_text(encoding="utf-8"))
    gold["seed"] = "bare.pdf"
    articles, _ = evaluate.build_and_read([gold], tmp_path, REPO, timeout=300)
    articles.sort(key=lambda a: (a["source"]["page_no"], a["source"]["order"]))
    assert [(a["kicker"], a["title"], a["subtitle"], a["authors"]) for a in articles if a["kind"] == "article"] == \
        [(i.get("kicker"), i["title"], (i.get("subtitle") or "").lstrip("—") or None, i["authors"])
         for i in _laid_out() if i.get("kind", "article") == "article"]
    assert not any(a["needs_review"] for a in articles)


def test_the_pdf_and_its_texts_score_at_least_97_percent(made):
    """The scorer over the gold written from the items: the PDF, pypdfium2's text and, where
    poppler-utils is installed, pdftotext's text of it."""
    golds = [json.loads((made / name).read_text(encoding="utf-8")) for name in laid.SEEDS.values()]
    if shutil.which("pdftotext") and (made / laid.POPPLER).exists():
        golds.append({**golds[1], "seed": laid.POPPLER})
    site = evaluate.build_and_read(golds, made, REPO, timeout=300)
    passed, total, rows = evaluate.score(golds, made, *site)
    assert passed >= 0.97 * total, "\n".join(r for r in rows if "missing" in r or "FAIL" in r or "unmatched" in r)
