"""PDF seeds: pages printed by Chromium from HTML laid out in tests/data/pdf/pages.py, read back.

The fixtures are printed once per session (Playwright driving /usr/bin/chromium) into the pytest
temp folder. Every check compares with what was laid out (pages.py), not with the splitter's output.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "data" / "pdf"
sys.path.insert(0, str(FIXTURES))

from pages import DATE, PAGES, PAPER  # noqa: E402

from generator.ingest import pdf  # noqa: E402
from generator.errors import BuildError, BuildErrors  # noqa: E402
from generator.models import PageInfo  # noqa: E402
from generator.pipeline import Report, ingest  # noqa: E402
from generator.ingest.printed_page import split_and_check as _split_and_check
from generator.content.load import load_articles
from generator.ingest.seeds import read_pdf_seed

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def printed(tmp_path_factory) -> Path:
    """The newspaper (2 pages), its gold and the digest, printed by Chromium."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is needed to print the PDF fixtures: apt-get install -y chromium fonts-wqy-microhei")
    from make_fixtures import make, print_pdfs

    out = tmp_path_factory.mktemp("pdf")
    make(out)
    print_pdfs([('<!doctype html><html><body><div style="width:600px;height:800px;background:#777"></div>'
                 "</body></html>", out / "scan.pdf", None)])
    return out


@pytest.fixture(scope="session")
def read(printed: Path):
    """The newspaper's pages as ingest reads them: (text, PageInfo) and the articles of each."""
    pages = read_pdf_seed(printed / "newspaper.pdf", PageInfo(id="newspaper", seed="newspaper.pdf"))
    return [(info, (split.articles, split.lost)) for info, split in ((info, _split_and_check((text, info))) for _, text, info in pages)]


def _laid_out(page: dict) -> list[dict]:
    return [a for a in page["articles"]]


def test_each_pdf_page_is_a_printed_page_with_its_number_paper_date_and_section(read):
    assert [info.id for info, _ in read] == ["newspaper-p01", "newspaper-p02"]
    for (info, _), page in zip(read, PAGES):
        assert (info.paper, info.date, info.page_no, info.section) == (PAPER, DATE, page["page_no"], page["section"])
        assert info.image == "page.png"


def test_titles_kickers_subtitles_and_authors_are_those_laid_out(read):
    for (_, (articles, _)), page in zip(read, PAGES):
        got = sorted((a.title or "", a.kicker, a.subtitle, a.authors) for a in articles if a.kind == "article")
        want = sorted((a["title"].replace(" ", ""), a.get("kicker"), (a.get("subtitle") or "").lstrip("—") or None,
                       tuple(a["authors"])) for a in _laid_out(page) if not a.get("photo"))
        assert [(t.replace(" ", ""), k, s, au) for t, k, s, au in got] == want


def test_bodies_hold_the_laid_out_paragraphs_in_order_with_subheads(read):
    for (_, (articles, _)), page in zip(read, PAGES):
        by_title = {(a.title or "").replace(" ", ""): a for a in articles}
        for laid in _laid_out(page):
            if laid.get("photo"):
                continue
            article = by_title[laid["title"].replace(" ", "")]
            got = [("## " + b.text) if b.kind == "subhead" else b.text for b in article.blocks]
            assert [t.replace(" ", "") for t in got] == [t.replace(" ", "") for t in laid["paragraphs"]], laid["title"]


def test_an_article_continued_in_another_column_is_one_article(read):
    (_, (articles, _)) = read[0]
    jumped = next(a for a in articles if a.title == "老街区焕发新活力")
    texts = [b.text for b in jumped.blocks]
    assert any("如今路面平整了，门口还多了休闲座椅" in t for t in texts)
    assert texts[-1].endswith("在传承中发展。")
    # its area is its own column, not the column it jumps to
    x0, y0, x1, y1 = jumped.source.bbox
    assert x1 - x0 < 0.25


def test_captions_with_a_credit_are_photos_credited_to_the_name_the_credit_printed_after_them(read):
    """A credit naming a role (本报记者, 通讯员) is printed after the caption, as the text pipeline
    keeps it (docs/gold.md); its names are the photo's authors."""
    for (_, (articles, _)), page in zip(read, PAGES):
        photos = sorted((a.blocks[0].text, a.authors) for a in articles if a.kind == "photo")
        want = sorted((f"{a['caption']} {a['credit']}", tuple(a["authors"])) for a in _laid_out(page) if a.get("photo"))
        assert photos == want


def test_masthead_and_footer_are_furniture_and_no_article_holds_them(read):
    for (info, (articles, lost)), page in zip(read, PAGES):
        furniture = set(info.furniture)
        assert PAPER in furniture and f"第{page['page_no']:02d}版 {page['section']}" in furniture
        for line in page["footer"] + page["masthead"]:
            assert " ".join(line.split()) in furniture
        text = "".join(b.text for a in articles for b in a.blocks) + "".join(a.title or "" for a in articles)
        assert "责编" not in text and "校对" not in text and PAPER not in text
        assert lost == 0  # every Han character reached an article or the furniture


def test_article_areas_are_inside_the_page_and_do_not_overlap(read):
    for _, (articles, _) in read:
        boxes = [a.source.bbox for a in articles]
        assert all(b is not None and 0 <= b[0] < b[2] <= 1 and 0 <= b[1] < b[3] <= 1 for b in boxes)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                overlap = max(0, min(a[2], b[2]) - max(a[0], b[0])) * max(0, min(a[3], b[3]) - max(a[1], b[1]))
                assert overlap < 0.002


def test_a_scanned_pdf_asks_for_ocr_and_nothing_is_written(printed, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(printed / "scan.pdf", seeds / "x.pdf")
    shutil.copy(printed / "newspaper.pdf", seeds / "good.pdf")
    with pytest.raises(BuildErrors) as caught:
        ingest(seeds, tmp_path / "content", Report())
    assert [str(p) for p in caught.value.problems] == [
        f"{seeds / 'x.pdf'}: the PDF has no text layer (it is a scanned image; run OCR on it and put the text "
        "in seeds/x.txt)"]
    assert not (tmp_path / "content").exists()


def test_a_broken_pdf_is_named_with_a_hint(printed, tmp_path):
    broken = tmp_path / "cut.pdf"
    broken.write_bytes((printed / "newspaper.pdf").read_bytes()[:3000])
    with pytest.raises(BuildError) as caught:
        pdf.read_pdf(broken)
    assert str(caught.value.problem).startswith(f"{broken}: cannot read the PDF")


def test_ingest_writes_articles_with_their_area_and_the_page_picture(printed, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(printed / "newspaper.pdf", seeds / "newspaper.pdf")
    content = tmp_path / "content"
    ingest(seeds, content, Report())
    loaded = load_articles(content)
    assert [p.id for p in loaded.pages] == ["newspaper-p01", "newspaper-p02"]
    assert all(p.image == "page.png" for p in loaded.pages)
    assert all(a.source.bbox is not None for a in loaded.articles)
    picture = (content / "newspaper-p01" / "page.png").read_bytes()
    assert picture.startswith(b"\x89PNG") and 5_000 < len(picture) < 120_000
    assert pdf.is_generated_picture(picture)
    # the same PDF gives the same bytes; an editor's replacement is never overwritten
    ingest(seeds, content, Report())
    assert (content / "newspaper-p01" / "page.png").read_bytes() == picture
    (content / "newspaper-p01" / "page.png").write_bytes(b"\x89PNG editor's own picture")
    ingest(seeds, content, Report())
    assert (content / "newspaper-p01" / "page.png").read_bytes() == b"\x89PNG editor's own picture"


def test_the_scorer_passes_the_newspaper_gold(printed):
    committed = json.loads((FIXTURES / "newspaper.gold.json").read_text(encoding="utf-8"))
    assert committed == json.loads((printed / "newspaper.gold.json").read_text(encoding="utf-8"))
    run = subprocess.run([sys.executable, "-m", "generator.evaluate", "--gold", str(FIXTURES / "newspaper.gold.json"),
                          "--seeds", str(printed), "--min", "97"], cwd=REPO, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_the_scorer_passes_the_digest_gold(printed):
    """The digest prints each kicker under its title, before the `——` subtitle: kicker and subtitle
    are told apart by the edition's own shape, and paragraphs by their first lines."""
    committed = json.loads((FIXTURES / "digest.gold.json").read_text(encoding="utf-8"))
    assert committed == json.loads((printed / "digest.gold.json").read_text(encoding="utf-8"))
    run = subprocess.run([sys.executable, "-m", "generator.evaluate", "--gold", str(FIXTURES / "digest.gold.json"),
                          "--seeds", str(printed), "--min", "97"], cwd=REPO, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_a_digest_pdf_is_recognised_and_its_text_is_what_pdftotext_gives(printed):
    pages = pdf.read_pdf(printed / "digest.pdf")
    assert pdf.is_digest(pages)
    assert not pdf.is_digest(pdf.read_pdf(printed / "newspaper.pdf"))
    text = pdf.plain_text(printed / "digest.pdf")
    # a paragraph's first line gets its indent back (two full-width spaces), which pdftotext drops
    assert "\u3000\u3000" in text
    mine = [line.replace(" ", "").lstrip("\u3000") for line in text.splitlines() if line.strip()]
    if shutil.which("pdftotext"):
        theirs = subprocess.run(["pdftotext", str(printed / "digest.pdf"), "-"], capture_output=True, text=True).stdout
        theirs_lines = [line.replace(" ", "").strip("\f") for line in theirs.splitlines() if line.strip(" \f")]
        assert mine == theirs_lines
    # the lines are the laid out ones: the source line, one name character a line
    assert f"《{PAPER}》（{DATE[:4]}年{DATE[5:7]}月{DATE[8:]}日第03版）" in mine
    digest = read_pdf_seed(printed / "digest.pdf", PageInfo(id="digest", seed="digest.pdf"))
    assert len(digest) == 1 and not hasattr(digest[0][1], "pdf_page")  # handed to the text pipeline


def test_png_encoder_gives_the_same_bytes_and_a_valid_picture():
    data = bytes(range(256)) * 4
    one = pdf.encode_png_grey4(data, 33, 31, 33)
    assert one == pdf.encode_png_grey4(data, 33, 31, 33)
    import zlib

    idat = one[one.index(b"IDAT") + 4:one.index(b"IEND") - 8]
    assert len(zlib.decompress(idat)) == 31 * (1 + 17)


def test_the_printed_page_view_shows_the_picture_with_a_link_over_each_article(printed, tmp_path):
    import re

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(printed / "newspaper.pdf", seeds / "newspaper.pdf")
    run = subprocess.run([sys.executable, "build.py", "--seeds", str(seeds), "--content", str(tmp_path / "content"),
                          "--out", str(tmp_path / "site"), "--no-zip", "--no-search", "-q"], cwd=REPO,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    site = tmp_path / "site"
    assert (site / "pages" / "newspaper-p01" / "page.png").read_bytes() == (
        tmp_path / "content" / "newspaper-p01" / "page.png").read_bytes()
    view = (site / "pages" / "newspaper-p01.html").read_text(encoding="utf-8")
    assert '<img src="../pages/newspaper-p01/page.png"' in view
    areas = re.findall(r'<a class="page-area" href="([^"]+)" style="[^"]+" aria-label="([^"]+)"></a>', view)
    titles = [a["title"] for a in PAGES[0]["articles"] if not a.get("photo")]
    assert len(areas) == len(PAGES[0]["articles"])
    assert {t.replace(" ", "") for t in titles} <= {name.replace(" ", "") for _, name in areas}
    assert all((site / "pages" / href).resolve().is_file() for href, _ in areas)
    # a deleted picture is drawn again by the next build, as a deleted article is written again
    picture = tmp_path / "content" / "newspaper-p01" / "page.png"
    kept = picture.read_bytes()
    picture.unlink()
    again = subprocess.run(run.args, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert picture.read_bytes() == kept


@pytest.fixture(scope="session")
def flowing(tmp_path_factory) -> Path:
    """A page whose text Chromium flows through CSS columns (tests/data/pdf/flowing-columns.html)."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is needed to print the PDF fixtures: apt-get install -y chromium fonts-wqy-microhei")
    from make_fixtures import print_pdfs

    out = tmp_path_factory.mktemp("flowing")
    print_pdfs([((FIXTURES / "flowing-columns.html").read_text(encoding="utf-8"), out / "flowing-columns.pdf", None)])
    return out


def test_a_page_flowed_in_css_columns_scores_every_point(flowing):
    """本报讯 and a full-width space, then the text: one line, not two; a kicker in the body's size
    centred over its headline is its kicker, not an article of its own."""
    from generator import evaluate

    gold = json.loads((FIXTURES / "flowing-columns.gold.json").read_text(encoding="utf-8"))
    articles, pages = evaluate.build_and_read([gold], flowing, REPO, timeout=600)
    passed, total, rows = evaluate.score([gold], flowing, articles, pages)
    assert passed == total, "\n".join(rows)
