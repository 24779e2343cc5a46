"""Big5 (traditional Chinese) told from GB18030 by evidence, else refused saying how to declare it;
a traditional page builds correctly and its search finds it.

The traditional pages are the example pages converted by OpenCC (s2t), so they are whole, real pages.
"""

from __future__ import annotations

import glob
import importlib.util
import re
from pathlib import Path

import opencc
import pytest
from robustness_helpers import REPO, SEED, Workspace, assert_failed_cleanly, assert_succeeded

from generator.ingest.decode import decode_seed
from generator.errors import BuildError

TO_TRADITIONAL = opencc.OpenCC("s2t")
PAGES = sorted(glob.glob(str(REPO / "tests" / "data" / "pages" / "dev-*.txt"))) + [str(SEED)]  # as measured
DECLARE = 'say which it is in the seed\'s .toml: encoding = "big5" (or "gb18030"), or save it as UTF-8'


def traditional(text: str) -> str:
    """The text in traditional characters, less the few Big5 cannot hold (so it round-trips)."""
    converted = TO_TRADITIONAL.convert(text)
    return converted.encode("big5", errors="ignore").decode("big5")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: Path(p).name)
@pytest.mark.parametrize("lines", [None, 40, 10])
def test_big5_and_gb18030_pages_are_read_as_what_they_are(page: str, lines: int | None) -> None:
    text = "".join(Path(page).read_text(encoding="utf-8").splitlines(keepends=True)[:lines])
    trad = traditional(text)
    assert decode_seed(trad.encode("big5"), path="p.txt") == trad
    assert decode_seed(text.encode("gb18030"), path="p.txt") == text
    assert decode_seed(trad.encode("gb18030"), path="p.txt") == trad


def test_too_little_text_to_tell_is_refused_saying_how_to_declare_it(workspace: Workspace) -> None:
    seed = workspace.seeds / "short.txt"
    seed.write_bytes("，".encode("gb18030") * 3)  # also valid Big5 (ㄛㄛㄛ): two readings, no evidence
    before = workspace.output_manifest()
    result = workspace.build()
    assert_failed_cleanly(result, f"error: {seed}: too little text to tell whether this page is GB18030 (simplified) "
                                  f"or Big5 (traditional) ({DECLARE})")
    assert workspace.output_manifest() == before


def test_a_declared_encoding_decides(workspace: Workspace) -> None:
    text = traditional("本报讯 记者报道：" + SEED.read_text(encoding="utf-8").splitlines()[2])
    (workspace.seeds / "short.txt").write_bytes(text.encode("big5"))
    (workspace.seeds / "short.toml").write_text('encoding = "big5"\n', encoding="utf-8")
    assert_succeeded(workspace.build())
    article = next((workspace.content / "short").glob("*.md")).read_text(encoding="utf-8")
    assert text.split("：", 1)[1][:10] in article


def test_an_unknown_declared_encoding_is_named_at_its_line(workspace: Workspace) -> None:
    (workspace.seeds / SEED.name).write_bytes(SEED.read_bytes())
    meta = workspace.seeds / (SEED.stem + ".toml")
    meta.write_text('paper = "人民日报"\nencoding = "big-5"\n', encoding="utf-8")
    result = workspace.build()
    assert_failed_cleanly(result, f"error: {meta}:2: unknown encoding `big-5` (known: utf-8, gb18030, gbk, gb2312, "
                                  "big5, big5hkscs, utf-16)")


def offline_search():
    spec = importlib.util.spec_from_file_location("unit_search", REPO / "tests" / "unit" / "test_search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.search


def test_a_big5_page_builds_in_traditional_characters_and_search_finds_it(workspace: Workspace) -> None:
    simplified = SEED.read_text(encoding="utf-8")
    trad = traditional(simplified)
    (workspace.seeds / "trad.txt").write_bytes(trad.encode("big5"))
    result = workspace.build(search=True)  # Pagefind and the offline index
    assert_succeeded(result)
    assert "reached no article" not in result.stderr  # every Han character placed
    titles = re.findall(r"^title: (.*)$", "\n".join(p.read_text(encoding="utf-8")
                                                    for p in sorted(workspace.content.glob("trad/*.md"))), re.M)
    assert "“四位一體”聚合力城鄉融合促文明" in titles
    home = (workspace.site / "index.html").read_text(encoding="utf-8")
    assert "聚合力城鄉融合促文明" in home and "聚合力城乡融合促文明" not in home
    assert (workspace.site / "pagefind" / "pagefind.js").is_file()

    search = offline_search()
    found = search(workspace.site, "城鄉融合")
    assert any("城鄉融合" in (item.get("title") or "") for item in found["items"]), found
    # A simplified query does not find the traditional text: 城乡 and 城鄉 are different characters to
    # the index (README says so).
    assert search(workspace.site, "城乡融合")["count"] == 0
