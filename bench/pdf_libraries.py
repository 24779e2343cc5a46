"""Measure the PDF libraries the reader could use: pages a second and what each one gives.

    python3 bench/pdf_libraries.py [PDF …]

Without arguments it prints the fixtures (tests/data/pdf/make_fixtures.py, with Chromium) into a
temporary folder first. Each library reads every character with its position, font size and font;
pypdfium2 is timed twice: as `generator.ingest.pdf` reads it (a text-object lookup per character, loose
boxes and font per run) and with five calls per character. Rendering a page picture is timed for pypdfium2 (pdfminer and pdfplumber cannot
render without pypdfium2 underneath). Prints one row per library and file.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def pdfium_objects(path: Path) -> int:
    from generator.ingest.pdf import read_runs

    return sum(len(runs) for runs, _, _ in read_runs(path))


def pdfium_chars(path: Path) -> int:
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    count = 0
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    l, r, b, t = (ctypes.c_double() for _ in range(4))
    for page in pdf:
        tp = page.get_textpage()
        for i in range(tp.count_chars()):
            raw.FPDFText_GetUnicode(tp.raw, i)
            raw.FPDFText_GetCharBox(tp.raw, i, l, r, b, t)
            raw.FPDFText_GetFontSize(tp.raw, i)
            raw.FPDFText_GetFontWeight(tp.raw, i)
            raw.FPDFText_GetFontInfo(tp.raw, i, name, 256, flags)
            count += 1
    return count


def pdfminer_chars(path: Path) -> int:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer

    count = 0
    for layout in extract_pages(str(path)):
        for element in layout:
            if isinstance(element, LTTextContainer):
                for line in element:
                    for char in getattr(line, "_objs", ()):
                        if isinstance(char, LTChar):
                            _ = (char.get_text(), char.bbox, char.size, char.fontname)
                            count += 1
    return count


def pdfplumber_chars(path: Path) -> int:
    import pdfplumber

    count = 0
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                _ = (char["text"], char["x0"], char["top"], char["size"], char["fontname"])
                count += 1
    return count


def pdfium_render(path: Path) -> int:
    from generator.ingest.pdf import page_pictures

    return len(page_pictures(path))


def pages_of(path: Path) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(str(path)))


def timed(fn, path: Path, runs: int = 3) -> tuple[float, int]:
    best, result = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        result = fn(path)
        best = min(best, time.perf_counter() - start)
    return best, result


def main(paths: list[Path]) -> None:
    rows = [("pypdfium2 (generator.ingest.pdf runs)", pdfium_objects), ("pypdfium2 (per character)", pdfium_chars),
            ("pdfminer.six", pdfminer_chars), ("pdfplumber", pdfplumber_chars),
            ("pypdfium2 render 600 px PNG", pdfium_render)]
    print(f"{'library':30} {'file':22} {'pages':>5} {'items':>7} {'s':>7} {'pages/s':>8}")
    for path in paths:
        pages = pages_of(path)
        for label, fn in rows:
            seconds, items = timed(fn, path)
            print(f"{label:30} {path.name:22} {pages:5d} {items:7d} {seconds:7.3f} {pages / seconds:8.1f}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main([Path(p) for p in sys.argv[1:]])
    else:
        sys.path.insert(0, str(ROOT / "tests" / "data" / "pdf"))
        from make_fixtures import make

        with tempfile.TemporaryDirectory() as tmp:
            make(Path(tmp), 20, digest=True)
            main([Path(tmp) / "newspaper-20.pdf", Path(tmp) / "digest.pdf"])
