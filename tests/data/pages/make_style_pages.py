"""Lay out the made-up articles of `style_articles.py` as pages in the example page's style, and write
each page's gold from the article records: `python3 tests/data/pages/make_style_pages.py`.

The quirks are the example's: kickers ending in `：`, `◎` bylines, `本报讯（…）` leads, headers far from
their bodies, kickers glued to the line before, blank lines at column breaks, page-wide captions with
a credit. Column widths differ from page to page. The gold comes from what was written, not from
what the splitter makes of it.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from style_articles import ARTICLES, PHOTOS  # noqa: E402

NO_LINE_START = set("，。、；：！？”’）》」』…·%")
OPENERS = set("“‘（《「『")
SENTENCE_END = "。！？…"


def width(text: str) -> float:
    return sum(0.5 if ch.isascii() else 1 for ch in text)


def wrap(text: str, columns: float, indent: float = 0) -> list[str]:
    """Greedy wrapping as type is set: closing marks stay on the line, an opening mark moves down.
    The first line is indented (the indent itself is not in the text, as extraction drops it)."""
    lines, cur = [], ""
    for ch in text:
        room = columns - (indent if not lines else 0)
        if cur and width(cur) + width(ch) > room and ch not in NO_LINE_START:
            if cur[-1] in OPENERS:
                lines.append(cur[:-1])
                cur = cur[-1]
            else:
                lines.append(cur)
                cur = ""
        cur += ch
    if cur:
        lines.append(cur)
    return lines


class Page:
    def __init__(self, columns: float, seed: int):
        self.columns = columns
        self.rng = random.Random(seed)
        self.lines: list[str] = []

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def header(self, a: dict, *, kicker_glued: bool = False, blank_inside_title: bool = False) -> None:
        if a["kicker"]:
            if kicker_glued:
                while self.lines and self.lines[-1] == "":
                    self.lines.pop()
                self.lines[-1] += " " + a["kicker"] + "："
            else:
                self.blank()
                self.lines.append(a["kicker"] + "：")
            self.blank()
        else:
            self.blank()
        for n, title in enumerate(a["title"]):
            if n and blank_inside_title:
                self.blank()
            self.lines.append(title)
        if a["subtitle"]:
            self.lines.append(a["subtitle"])
        if a["byline"]:
            self.blank()
            self.lines.append(a["byline"])
        self.blank()

    def body(self, a: dict, *, column_breaks: int = 1) -> None:
        heads = list(a["subheads"])
        # subheads go before the 2nd and 4th paragraphs of an article with subheads (jinjiang)
        at = {1: heads[0], 3: heads[1]} if len(heads) == 2 else {}
        for n, paragraph in enumerate(a["paragraphs"]):
            if n in at:
                self.blank()
                self.lines.append(at[n])
                self.blank()
            lines = wrap(paragraph, self.columns, indent=2)
            cut = [k for k in range(len(lines) - 1) if lines[k][-1] not in SENTENCE_END and lines[k][-1] not in "”’"]
            breaks = set(self.rng.sample(cut, min(column_breaks, len(cut)))) if column_breaks and n % 2 == 0 else set()
            for k, line in enumerate(lines):
                self.lines.append(line)
                if k in breaks:
                    self.lines.append("")
            self.blank()

    def photo(self, p: dict, *, page_wide: bool) -> None:
        self.blank()
        lines = wrap(p["caption"], self.columns * 2.4 if page_wide else self.columns)
        lines[-1] += " " + p["credit"]
        self.lines += lines
        self.blank()

    def text(self) -> str:
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


def gold_item(a: dict) -> dict:
    first, last = a["paragraphs"][0], a["paragraphs"][-1]
    start = first[len(a["lead"] or ""):][:18]
    middle = a["paragraphs"][len(a["paragraphs"]) // 2]
    return {
        "kind": "article", "kicker": a["kicker"], "title": " ".join(a["title"]),
        "subtitle": a["subtitle"].lstrip("—") if a["subtitle"] else None, "authors": a["authors"],
        "subheads": a["subheads"], "paragraphs": len(a["paragraphs"]), "body_start": start,
        "body_end": last[-12:], "must_contain": [middle[10:34]],
    }


def gold_photo(p: dict) -> dict:
    return {"kind": "photo", "kicker": None, "title": None, "subtitle": None, "authors": p["authors"],
            "subheads": [], "paragraphs": 1, "body_start": p["caption"][:16], "body_end": p["caption"][-12:],
            "must_contain": []}


def style_01() -> tuple[str, list[dict]]:
    """Width 14: a header far from its body, a page-wide caption between them, a glued kicker."""
    p, A = Page(14, 1), ARTICLES
    p.header(A["binchuan"]); p.body(A["binchuan"])
    p.header(A["longsha"]); p.body(A["longsha"], column_breaks=0)
    p.header(A["hailar"])  # its body comes after the next article and the photo
    p.header(A["jinjiang"]); p.body(A["jinjiang"])
    p.photo(PHOTOS["qingyang"], page_wide=True)
    p.body(A["hailar"])
    p.header(A["shouguang"], kicker_glued=True); p.body(A["shouguang"])
    items = [gold_item(A["binchuan"]), gold_item(A["longsha"]), gold_item(A["hailar"]), gold_item(A["jinjiang"]),
             gold_photo(PHOTOS["qingyang"]), gold_item(A["shouguang"])]
    return p.text(), items


def style_02() -> tuple[str, list[dict]]:
    """Width 22: a blank line inside a headline, a short caption, a header far from its body."""
    p, A = Page(22, 2), ARTICLES
    p.header(A["fenghuang"]); p.body(A["fenghuang"])
    p.header(A["ruijin"], blank_inside_title=True); p.body(A["ruijin"])
    p.header(A["laiyuan"])
    p.header(A["binchuan"]); p.body(A["binchuan"])
    p.photo(PHOTOS["lengku"], page_wide=False)
    p.body(A["laiyuan"])
    p.header(A["hailar"], kicker_glued=True); p.body(A["hailar"])
    items = [gold_item(A["fenghuang"]), gold_item(A["ruijin"]), gold_item(A["laiyuan"]), gold_item(A["binchuan"]),
             gold_photo(PHOTOS["lengku"]), gold_item(A["hailar"])]
    return p.text(), items


def style_03() -> tuple[str, list[dict]]:
    """Width 10: narrow columns, two column breaks a paragraph, subheads, a glued kicker."""
    p, A = Page(10, 3), ARTICLES
    p.header(A["shouguang"]); p.body(A["shouguang"], column_breaks=2)
    p.header(A["longsha"], kicker_glued=True); p.body(A["longsha"], column_breaks=2)
    p.header(A["jinjiang"]); p.body(A["jinjiang"], column_breaks=2)
    p.header(A["ruijin"]); p.body(A["ruijin"], column_breaks=2)
    items = [gold_item(A["shouguang"]), gold_item(A["longsha"]), gold_item(A["jinjiang"]), gold_item(A["ruijin"])]
    return p.text(), items


def style_04() -> tuple[str, list[dict]]:
    """Width 30: wide columns, a header far from its body, two photos, a glued kicker."""
    p, A = Page(30, 4), ARTICLES
    p.header(A["fenghuang"])
    p.header(A["hailar"]); p.body(A["hailar"])
    p.photo(PHOTOS["lengku"], page_wide=False)
    p.body(A["fenghuang"])
    p.header(A["laiyuan"], kicker_glued=True); p.body(A["laiyuan"])
    p.header(A["jinjiang"]); p.body(A["jinjiang"])
    p.photo(PHOTOS["qingyang"], page_wide=True)
    p.header(A["binchuan"]); p.body(A["binchuan"])
    items = [gold_item(A["fenghuang"]), gold_item(A["hailar"]), gold_photo(PHOTOS["lengku"]), gold_item(A["laiyuan"]),
             gold_item(A["jinjiang"]), gold_photo(PHOTOS["qingyang"]), gold_item(A["binchuan"])]
    return p.text(), items


def style_05() -> tuple[str, list[dict]]:
    """Width 12: headline-only items after other articles' bodies, a header with a byline far from
    its body, a page-wide caption in the middle of a paragraph."""
    p, A = Page(12, 5), ARTICLES
    p.header(A["tianshui"])  # its body comes last
    p.header(A["longsha"]); p.body(A["longsha"])
    p.header(A["zhoushan"]); p.body(A["zhoushan"])
    p.header(A["yanbian"]); p.body(A["yanbian"])
    p.header(A["ruijin"]); p.body(A["ruijin"])
    p.body(A["tianshui"])
    items = [gold_item(A["tianshui"]), gold_item(A["longsha"]), gold_item(A["zhoushan"]), gold_item(A["yanbian"]),
             gold_item(A["ruijin"])]
    return p.text(), items


def style_06() -> tuple[str, list[dict]]:
    """Width 18: headline-only items, a glued kicker after one of them, two headers far from their
    bodies, one after the other."""
    p, A = Page(18, 6), ARTICLES
    p.header(A["shouguang"]); p.header(A["fenghuang"])
    p.header(A["yanbian"]); p.body(A["yanbian"])
    p.header(A["tianshui"], kicker_glued=True); p.body(A["tianshui"])
    p.body(A["fenghuang"])
    p.header(A["zhoushan"]); p.body(A["zhoushan"])
    p.body(A["shouguang"])
    items = [gold_item(A["shouguang"]), gold_item(A["fenghuang"]), gold_item(A["yanbian"]), gold_item(A["tianshui"]),
             gold_item(A["zhoushan"])]
    return p.text(), items


def main() -> None:
    for name, make in (("style-01", style_01), ("style-02", style_02), ("style-03", style_03), ("style-04", style_04),
                       ("style-05", style_05), ("style-06", style_06)):
        text, items = make()
        (HERE / f"{name}.txt").write_text(text, encoding="utf-8")
        gold = {"seed": f"{name}.txt", "note": f"Made by make_style_pages.py from style_articles.py: {make.__doc__}",
                "items": items}
        (HERE / f"{name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
