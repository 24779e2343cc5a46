"""Seed pages that are broken, odd or hostile: each gives a correct site (maybe with a warning) or
exit 1 with `seed:line: message (hint)`, and a failed build leaves the previous site and zip as they were.
"""

from __future__ import annotations

import html
import json
from collections import Counter
import re
import time
import zipfile

import pytest
from generator.ingest.clean import clean_line
from robustness_helpers import SEED_TEXT, Workspace, assert_failed_cleanly, assert_succeeded, manifest

LINES = SEED_TEXT.split("\n")
# Lines 12–27 of the example page: two paragraphs of body text, no header anywhere.
BODY_ONLY = "\n".join(LINES[11:27]) + "\n"
PARAGRAPHS = [line for line in LINES if len(line) >= 15]  # real wrapped body lines
GB18030_ONLY = "𠮷䶮𠀀"  # outside GBK: four-byte sequences in GB18030
XSS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')


def fail_to_build(ws: Workspace, *needles: str, args: tuple[str, ...] = ()) -> None:
    """The build exits 1 naming `needles`, and the previous site/ and site.zip are byte-identical."""
    before = ws.output_manifest()
    result = ws.build(*args)
    assert_failed_cleanly(result, *needles)
    assert ws.output_manifest() == before
    assert not [p.name for p in ws.root.iterdir() if p.name.startswith(".") and p.name != ".cache"], "temp files left behind"


# ------------------------------------------------------------------------------ seeds that fail


def test_empty_seed_is_an_error_naming_the_file(workspace: Workspace) -> None:
    (workspace.seeds / "p5.txt").write_bytes(b"")
    fail_to_build(workspace, "p5.txt: the seed file is empty (put the page's text in it, or delete it)")


def test_seed_of_blank_lines_is_an_error_naming_the_file(workspace: Workspace) -> None:
    (workspace.seeds / "p5.txt").write_bytes(b"\n\r\n  \n\t\n\xe3\x80\x80\n")  # blanks, CRLF, a full-width space
    fail_to_build(workspace, "p5.txt: the seed file has only blank lines", "put the page's text in it")


def test_png_seed_is_a_binary_error_on_line_1(workspace: Workspace) -> None:
    (workspace.seeds / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    fail_to_build(workspace, "scan.txt:1: binary file, not text (it looks like a PNG image)",
                  "export the page as .txt")


def test_nul_byte_is_a_binary_error_naming_its_line(workspace: Workspace) -> None:
    data = "\r\n".join(LINES[:5]).encode() + b"\r\n\xe5\xbf\x97\x00\x00\xe6\x84\xbf\r\n"
    (workspace.seeds / "p5.txt").write_bytes(data)
    fail_to_build(workspace, "p5.txt:6: binary file, not text (it contains a NUL byte)", "byte order mark")


def test_nul_byte_line_counts_cr_lf_and_crlf_line_endings_alike(workspace: Workspace) -> None:
    data = "标题一\r正文一\n正文二\r\n正文三\r".encode("gb18030") + b"\x00"
    (workspace.seeds / "p5.txt").write_bytes(data)
    fail_to_build(workspace, "p5.txt:5: binary file, not text (it contains a NUL byte)")


def test_every_broken_seed_is_reported_before_the_build_stops(workspace: Workspace) -> None:
    (workspace.seeds / "a.txt").write_bytes(b"")
    (workspace.seeds / "b.txt").write_bytes(b"\x00" * 100)
    (workspace.seeds / "c.txt").write_text(SEED_TEXT, encoding="utf-8")
    fail_to_build(workspace, "a.txt: the seed file is empty", "b.txt:1: binary file")


def test_50_mb_seed_is_refused_at_once_as_not_one_page(workspace: Workspace) -> None:
    """A printed page holds ~20–40 KB of text; 50 MB is many pages glued together (or not a page at
    all). Ingest is refused before the file is read, so the error comes in a second, not after
    minutes of layout (split's header/body matching grows faster than linearly with a page's size).
    """
    para = "\n".join(PARAGRAPHS).encode()
    with (workspace.seeds / "huge.txt").open("wb") as f:
        for _ in range(50 * 2**20 // len(para) + 1):
            f.write(para + b"\n\n")
    started = time.monotonic()
    fail_to_build(workspace, "huge.txt: the page is 50.0 MB, more than the 512 KB a printed page can hold",
                  "split it into one file per printed page")
    assert time.monotonic() - started < 30


def test_1_mb_single_line_is_refused_as_not_one_page(workspace: Workspace) -> None:
    line = "".join(PARAGRAPHS).encode()
    (workspace.seeds / "oneline.txt").write_bytes((line * (2**20 // len(line) + 1))[: 2**20])
    fail_to_build(workspace, "oneline.txt: the page is 1.0 MB, more than the 512 KB")


def test_strict_turns_the_untitled_article_warning_into_exit_1(workspace: Workspace) -> None:
    (workspace.seeds / "p5.txt").write_text(BODY_ONLY, encoding="utf-8")
    fail_to_build(workspace, "p5.txt:1: no article header found before this text", args=("--strict",))


# --------------------------------------------------------------- seeds that build, in one build

# name → bytes. `ref.txt` is the example page as UTF-8: the encodings, line endings and file names
# below must give exactly its articles.
TRICKY: dict[str, bytes] = {
    "ref.txt": SEED_TEXT.encode("utf-8"),
    "gbk.txt": SEED_TEXT.encode("gbk"),
    "utf16.txt": SEED_TEXT.encode("utf-16"),  # with a BOM (little-endian here)
    "utf16be.txt": b"\xfe\xff" + SEED_TEXT.encode("utf-16-be"),
    "crlf-cr-lf.txt": "".join(
        line + ("\r\n", "\n", "\r")[i % 3 if (i + 1 < len(LINES) and LINES[i + 1]) else 0]
        for i, line in enumerate(LINES)
    ).encode("utf-8"),
    "人民日报 第5版 (2).txt": SEED_TEXT.encode("utf-8"),
    # GB18030-only characters inside a paragraph, and the same page as UTF-8 to compare with.
    "ref18030.txt": SEED_TEXT.replace("热\n心老人", f"热\n心老人{GB18030_ONLY}", 1).encode("utf-8"),
    "gb18030.txt": SEED_TEXT.replace("热\n心老人", f"热\n心老人{GB18030_ONLY}", 1).encode("gb18030"),
    "noheader.txt": BODY_ONLY.encode("utf-8"),
    "oneheader.txt": "“四位一体”聚合力城乡融合促文明\n".encode("utf-8"),
    "quotes.txt": SEED_TEXT.replace("”", "", 7).replace("“百姓志愿", "「百姓志愿", 1).encode("utf-8"),
    "xss.txt": SEED_TEXT.replace("热\n心老人", f"热{XSS[0]}\n心老人", 1)
    .replace("牢记嘱托 踔厉笃行", f"牢记嘱托{XSS[1]} 踔厉笃行", 1).encode("utf-8"),
    "longline.txt": ("甘肃省金昌市金川区：\n\n长长的一行\n◎ 祁加鲲\n\n"
                     + "".join(PARAGRAPHS * 8)[:60_000] + "\n").encode("utf-8"),
}


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory):
    """One build over every tricky seed; returns (workspace, result, records by page id)."""
    root = tmp_path_factory.mktemp("tricky")
    ws = Workspace(root, root / "seeds", root / "content", root / "site", root / "site.zip")
    ws.seeds.mkdir()
    for name, data in TRICKY.items():
        (ws.seeds / name).write_bytes(data)
    result = ws.build()
    assert_succeeded(result)
    records = json.loads((ws.site / "data" / "articles.json").read_text(encoding="utf-8"))
    pages: dict[str, list[dict]] = {}
    for record in records:
        pages.setdefault(record["id"].rsplit("-", 1)[0], []).append(record)
    return ws, result, pages


def comparable(records: list[dict]) -> list[dict]:
    """A page's records without what names the page (id, url, seed file)."""
    out = []
    for r in records:
        r = {k: v for k, v in r.items() if k not in ("id", "url")}
        r["source"] = {k: v for k, v in r["source"].items() if k != "seed"}
        out.append(r)
    return out


@pytest.mark.parametrize("page", ["gbk", "utf16", "utf16be", "crlf-cr-lf", "ren-min-ri-bao-di-5-ban-2"])
def test_encoding_line_endings_and_file_name_give_the_same_articles(tricky, page: str) -> None:
    _, _, pages = tricky
    assert len(pages["ref"]) >= 5
    assert comparable(pages[page]) == comparable(pages["ref"])


def test_gb18030_only_characters_are_decoded(tricky) -> None:
    _, _, pages = tricky
    assert comparable(pages["gb18030"]) == comparable(pages["ref18030"])
    text = "".join(b["text"] for r in pages["gb18030"] for b in r["blocks"])
    assert f"热心老人{GB18030_ONLY}在朝阳里社区" in text


def test_seed_name_with_spaces_and_chinese_gives_ascii_ids_and_paths(tricky) -> None:
    ws, _, pages = tricky
    assert [r["id"] for r in pages["ren-min-ri-bao-di-5-ban-2"]][0] == "ren-min-ri-bao-di-5-ban-2-01"
    assert pages["ren-min-ri-bao-di-5-ban-2"][0]["source"]["seed"] == "人民日报 第5版 (2).txt"
    for root in (ws.site, ws.content):
        bad = [p.relative_to(root).as_posix() for p in root.rglob("*")
               if not re.fullmatch(r"[A-Za-z0-9._/-]+", p.relative_to(root).as_posix())]
        assert not bad, f"non-ASCII or odd output paths under {root.name}: {bad}"
    with zipfile.ZipFile(ws.zip) as archive:
        assert all(name.isascii() and " " not in name for name in archive.namelist())


def test_page_without_any_header_keeps_its_text_as_an_untitled_article(tricky) -> None:
    ws, result, pages = tricky
    [record] = pages["noheader"]
    assert record["title"] is None and record["needs_review"] is True
    text = "".join(b["text"] for b in record["blocks"])
    assert re.sub(r"\s", "", BODY_ONLY) == re.sub(r"\s", "", text)
    assert f"{ws.seeds / 'noheader.txt'}:1: no article header found before this text (" in result.stderr


def test_page_of_one_header_gives_an_article_without_text_and_a_warning(tricky) -> None:
    ws, result, pages = tricky
    [record] = pages["oneheader"]
    assert record["title"] == "“四位一体”聚合力城乡融合促文明"
    assert record["blocks"] == [] and record["needs_review"] is True
    assert f"{ws.seeds / 'oneheader.txt'}:1: a header with no body found on the page" in result.stderr


def test_unbalanced_quotation_marks_lose_nothing(tricky) -> None:
    ws, result, pages = tricky
    assert "quotes.txt" not in result.stderr  # no warning: same articles as the page itself
    han = re.compile(r"[\u3400-\u9fff]")
    seed = re.sub(r"本报讯|\s摄\s*$", "", TRICKY["quotes.txt"].decode("utf-8"), flags=re.M)
    got = "".join(str(r[k] or "") for r in pages["quotes"] for k in ("kicker", "title", "subtitle"))
    got += "".join("".join(r["authors"]) + "".join(b["text"] for b in r["blocks"]) for r in pages["quotes"])
    assert not Counter(han.findall(seed)) - Counter(han.findall(got))
    assert len(pages["quotes"]) == len(pages["ref"])


def test_a_60_kb_single_line_is_one_paragraph_kept_whole(tricky) -> None:
    _, _, pages = tricky
    [record] = pages["longline"]
    assert record["title"] == "长长的一行"
    assert "".join(b["text"] for b in record["blocks"]) == clean_line("".join(PARAGRAPHS * 8)[:60_000])


def test_html_in_a_seed_is_text_in_every_built_page(tricky) -> None:
    ws, _, pages = tricky
    texts = json.dumps(pages["xss"], ensure_ascii=False)
    assert all(json.dumps(x)[1:-1] in texts for x in XSS), "the markup must be kept as text"
    article_pages = [ws.site / r["url"] for r in pages["xss"]]
    shown = "".join(p.read_text(encoding="utf-8") for p in article_pages)
    assert html.escape(XSS[0], quote=False) in shown or html.escape(XSS[0]) in shown
    for path in sorted(ws.site.rglob("*")):
        if path.suffix in (".html", ".xml"):
            page = path.read_text(encoding="utf-8")
            for needle in ("<script>alert", "<img src=x", "onerror=alert(1)>"):
                assert needle not in page, f"raw markup from a seed in {path.relative_to(ws.site)}"


def test_the_tricky_build_warns_only_about_the_pages_that_need_review(tricky) -> None:
    ws, result, _ = tricky
    warned = sorted(set(re.findall(r"seeds/([^:\n]+?):\d+:", result.stderr)))
    assert warned == ["noheader.txt", "oneheader.txt"], result.stderr
    assert manifest(ws.site)  # the site exists
