"""PDF seeds → printed pages: the text layer's lines, with their size, font and place, typed into blocks.

Each PDF page is one printed page (`<file-id>-p01`, `-p02`, …). What plain text loses, the PDF keeps:

- **sizes and weights** tell the parts of an article apart, by the page's own statistics: the body
  size is the size most characters have; a headline is much larger (or a bold line well above body
  size); a kicker and a subtitle are in between, above and below the headline; a byline is a short
  line of names under the header; a caption is smaller than the body and ends with a credit (`… 摄`);
- **positions** give the lines, the columns, the blocks (lines stacked in one column with no gap) and
  the reading order: an article is the rectangle under its header; its text runs down the columns
  under the header, then on in a box elsewhere on the page when its last box stops mid-sentence and
  a box starting mid-paragraph is left without a header above it (a jump to another column);
- **furniture**: the band above the masthead rule (or the first wide gap) and below the footer rule,
  lines in the outer margins, and any line `furniture.furniture_kind` recognises; on front pages also
  a masthead set in a box (the paper's name over masthead lines), weather boxes, what a frame around
  a `广告` mark holds, pointers ending a line, and short labels heading nothing (`导读`). The printed
  page number, date (also a large `2024` / `2·1`) and paper name are read from it;
- **front pages**: a headline stacked in short lines or set vertically owns the text beside it;
  nothing owns text across a picture (a headline printed as a picture leaves its text headerless,
  flagged); a caption in the body's size is told by its place under a picture and its credit; a
  line drawn twice (a shadow) is read once. Where the reader guesses (a jump two articles could
  take, a photo titled by a header with no picture near), the article is flagged (`doubts`).

A PDF with one column and source lines (`《人民日报》（2025年10月20日 第 02 版）`) is a digest of a
day's paper, not a page: its text (`plain_text`) goes to the text pipeline. pypdfium2 (PDFium, the
PDF engine of Chromium; Apache-2.0/BSD) reads the PDF and renders the page picture; it was chosen by
measurement (bench/pdf_libraries.py, bench/RESULTS.md).
"""

from __future__ import annotations

import ctypes
import re
import statistics
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.ingest.clean import clean_line
from generator.errors import BuildError
from generator.ingest.furniture import furniture_kind, is_paper_name, is_weather_words, trailing_pointer
from generator.ingest.layout import (BYLINE, LEAD, REPORTER_ROLES, ROLE_WORDS, SUBTITLE, ends_sentence, join_wrapped,
                                    names, parse_credit, roles)
from generator.models import Article, Block

# A printed page holds 20–40 KB of text; a PDF page with more is not a newspaper page. A PDF's bytes
# are mostly fonts and pictures, so the limit is on each page's text, not on the file's size.
MAX_PAGE_TEXT_BYTES = 512 * 1024
PICTURE_WIDTH = 600  # px: the page picture's width (a few tens of KB as a 16-grey PNG)
PICTURE_NAME = "page.png"

# Sizes against the body size (see the module docstring).
HEADLINE_AT_LEAST = 1.45
DECK_AT_LEAST = 1.12  # kickers and subtitles
SMALL_BELOW = 0.95  # captions, bylines, furniture
DECK_LINES_AT_MOST = 3
# A headline set in short stacked lines (`腊月里` / `﹃年味儿` / `﹄上新了`) or vertically, one character a
# line: its text stands beside it, starting at its top, not under it.
STACKED_LINE_AT_MOST = 6
SOURCE_LINE = re.compile(r"^《[^》]{2,20}》[（(]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*第\s*\d+\s*版\s*[)）]$")
PAGE_NO = re.compile(r"第\s*([0-9０-９]+)\s*版")
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# A masthead's date in large type, the year on a line above the month and day: `2024` / `2·1`.
YEAR_LINE = re.compile(r"\s*((?:19|20)\d\d)\s*(?:年)?\s*")
MONTH_DAY_LINE = re.compile(r"\s*(\d{1,2})\s*(?:[·.．/／]|月)\s*(\d{1,2})\s*日?\s*")
# What only a front page's masthead prints: who publishes the paper, the number and pages.
FRONT_PAGE = re.compile(r"主管\s*主办|总第\s*\d+\s*期|^\s*(?:今日|本期)\s*\d+\s*版\s*$")
_HAN = re.compile(r"[\u3400-\u9fff]")
REPORTER_FOLLOWED = re.compile(rf"(?:{roles(*REPORTER_ROLES)})\s*\S")  # a role, then a name
# Two characters set in full-width cells, between which a gap is justification, not a space. A comma
# or stop in ASCII counts as one: fonts of Chinese typesetting systems map theirs there (`不觉中,新`).
_WIDE = re.compile(r"^[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2018-\u201d…—,;:!?]{2}$")


@dataclass(frozen=True, slots=True)
class Run:
    """Glyphs drawn by one text object: text, box (points, from the page's top left), size and font."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float
    size: float
    font: str
    heavy: bool
    # where the run ends in the text layer's own order, and where the run before it ends when only a
    # space or two lie between them (else -1): such runs were set as one line by the producer
    end: int = -1
    follows: int = -1


@dataclass(slots=True)
class TextLine:
    """One printed line: its runs joined, its box, and its style (the size most of its characters have)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    font: str
    heavy: bool
    kind: str = "body"  # head, deck, body, small, furniture
    number: int = 0  # its line number in the page's reading order


@dataclass(slots=True)
class Box:
    """Lines stacked in one column with no gap between them, all of one kind."""

    lines: list[TextLine]
    kind: str
    owner: int | None = None  # the header group it belongs to
    jumped: bool = False  # reached by a jump from another column
    x0: float = 0.0
    x1: float = 0.0
    _size: float | None = None  # the median line size, once asked for (until lines are added)

    def __post_init__(self) -> None:
        self.x0 = min(l.x0 for l in self.lines)
        self.x1 = max(l.x1 for l in self.lines)

    def add(self, lines: Sequence[TextLine]) -> None:
        self.lines.extend(lines)
        self.x0 = min(self.x0, *(l.x0 for l in lines))
        self.x1 = max(self.x1, *(l.x1 for l in lines))
        self._size = None

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def bottom(self) -> float:
        return self.lines[-1].bottom

    @property
    def size(self) -> float:
        if self._size is None:
            self._size = statistics.median(l.size for l in self.lines)
        return self._size


@dataclass(frozen=True)
class PdfPage:
    """One PDF page read: its blocks in reading order, each line's box, what its furniture says."""

    index: int  # 0-based page of the PDF
    width: float
    height: float
    blocks: tuple[Block, ...]  # furniture blocks included
    line_boxes: dict[int, tuple[float, float, float, float]]  # line number → box as fractions of the page
    jumped: frozenset[int]  # lines of boxes reached by a jump (left out of an article's area)
    text: str  # the lines in reading order, one per line
    paper: str | None = None
    date: str | None = None
    page_no: int | None = None
    section: str | None = None
    furniture: tuple[str, ...] = ()
    graphics: tuple[tuple[float, float, float, float], ...] = ()  # pictures and filled areas, fractions
    dropped: tuple[str, ...] = ()  # bylines and credits as printed (本报记者 王五): kept with the page
    picture: bytes | None = None  # the page picture (PNG), once rendered
    line_sizes: dict[int, float] = field(default_factory=dict)  # line number → its size (points)
    doubts: tuple[tuple[int, str], ...] = ()  # a line of an article the reader is unsure of, and why


class PageText(str):
    """A PDF page's text (its lines in reading order) that carries the page it was read from."""

    pdf_page: PdfPage


@dataclass(frozen=True, slots=True)
class LineStyle:
    """What a digest PDF shows of one line that its text loses."""

    size: float  # against the body size: 1.0 is body text, a 28 pt title over 12 pt text 2.3
    centred: bool  # centred in the text column and narrower than it (titles, decks, bylines)
    aside: bool  # outside the text column (a notes area, a margin): no article's


class DigestText(str):
    """A digest PDF's text (`plain_text`) with each of its lines' `LineStyle`, in order."""

    styles: tuple[LineStyle, ...]


# ---------------------------------------------------------------------------------------------
# reading the PDF


def _open(path: Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise BuildError(str(path), None, "the PDF is encrypted (it needs a password to open)",
                             "save a copy without a password, or put its text in a .txt seed") from None
        raise BuildError(str(path), None, f"cannot read the PDF ({message.rstrip('.')})",
                         "is the file complete? open it in a PDF viewer, or put its text in a .txt seed") from None


_FONTS: dict[int, tuple[str, bool]] = {}


def _is_wide(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uff01" <= char <= "\uff5e" or "\uf900" <= char <= "\ufaff"


_ADDRESS_OF_TEXT_OBJECT = None


def _text_object_address():
    """`FPDFText_GetTextObject` returning the object's address as an int (None for generated
    characters): a copy of the function, so pypdfium2's own keeps its pointer type. It is called
    once per character, and a pointer cast each time cost more than the call."""
    global _ADDRESS_OF_TEXT_OBJECT
    if _ADDRESS_OF_TEXT_OBJECT is None:
        import pypdfium2_raw.bindings as bindings

        fn = bindings._libs["pdfium"]["FPDFText_GetTextObject"]
        fn.argtypes = [ctypes.c_void_p, ctypes.c_int]
        fn.restype = ctypes.c_void_p
        _ADDRESS_OF_TEXT_OBJECT = fn
    return _ADDRESS_OF_TEXT_OBJECT


_ADDRESS_OF_FONT = None


def _font_address():
    """`FPDFTextObj_GetFont` taking and returning addresses as ints (see `_text_object_address`)."""
    global _ADDRESS_OF_FONT
    if _ADDRESS_OF_FONT is None:
        import pypdfium2_raw.bindings as bindings

        fn = bindings._libs["pdfium"]["FPDFTextObj_GetFont"]
        fn.argtypes = [ctypes.c_void_p]
        fn.restype = ctypes.c_void_p
        _ADDRESS_OF_FONT = fn
    return _ADDRESS_OF_FONT


def _object_style(key: int, handle) -> tuple[str, bool]:
    """A text object's font name and whether it is heavy: a bold weight or name, or glyphs drawn
    without a named font (how Chromium's PDF output fakes bold). Known fonts are kept by handle."""
    import pypdfium2.raw as raw

    font_key = _font_address()(handle) or 0
    known = _FONTS.get(font_key)
    if known is not None:
        return known
    name, weight = "", 0
    font = raw.FPDFTextObj_GetFont(ctypes.cast(handle, raw.FPDF_PAGEOBJECT)) if font_key else None
    if font:
        n = raw.FPDFFont_GetBaseFontName(font, None, 0)
        buf = ctypes.create_string_buffer(max(n, 1))
        raw.FPDFFont_GetBaseFontName(font, buf, n)
        name = buf.value.decode("latin-1")
        weight = raw.FPDFFont_GetWeight(font)
    heavy = not name or weight >= 600 or bool(re.search(r"bold|heavy|black|semibold|demi", name, re.I))
    known = (re.sub(r"^[A-Z]{6}\+", "", name), heavy)  # `BAAAAA+` marks a subset
    _FONTS[font_key] = known
    return known


def _page_runs(page) -> tuple[list[Run], list[tuple[float, float, float, float]]]:
    """The text runs of a page and its graphics (rules, photos, filled areas), from the top left.

    A run is a stretch of characters of one text object on one line (PDFium marks line changes
    inside an object with generated line breaks). Its extent comes from the characters' loose boxes
    (their advance, not their ink: a full-width comma's ink sits in the left of its cell).
    """
    import pypdfium2.raw as raw

    height = page.get_height()
    textpage = raw.FPDFText_LoadPage(page.raw)
    runs: list[Run] = []
    try:
        n = raw.FPDFText_CountChars(textpage)
        buf = ctypes.create_string_buffer((n + 1) * 2)
        raw.FPDFText_GetText(textpage, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
        text = buf.raw[: n * 2].decode("utf-16-le", "replace")
        if len(text) != n:  # characters outside the BMP: one index each, two UTF-16 units
            text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(n))
        first = raw.FS_RECTF()
        last = raw.FS_RECTF()
        get_object = _text_object_address()
        get_box = raw.FPDFText_GetLooseCharBox
        font_address = _font_address()
        _FONTS.clear()  # font handles are per document
        start, current = 0, None
        # The run being built, kept open while the next objects' glyphs go on its line (most objects
        # hold a glyph or two): its text parts, x0, top, x1, bottom, baseline, size, font, heavy,
        # end and follows (see `Run`). A Run is made once it is closed.
        run: list | None = None

        def close(end: int) -> None:
            nonlocal run
            if current is None or end <= start:
                return
            chunk = text[start:end]
            if chunk.isspace():
                return
            get_box(textpage, start, first)
            left, top_, right, bottom_ = first.left, first.top, first.right, first.bottom
            if end - 1 == start:  # one glyph: its box is both ends'
                last_top, last_right, last_bottom = top_, right, bottom_
                last_width = right - left
            else:
                get_box(textpage, end - 1, last)
                last_top, last_right, last_bottom = last.top, last.right, last.bottom
                last_width = last_right - last.left
            known = _FONTS.get(font_address(current) or 0)
            font, heavy = known if known is not None else _object_style(current, current)
            top, bottom = height - max(top_, last_top), height - min(bottom_, last_bottom)
            # The size is the advance of a full-width character (one em), else the box's height:
            # the size a PDF states is scaled by matrices in ways producers differ on.
            if _is_wide(chunk[0]):
                size = right - left
            elif _is_wide(chunk[-1]):
                size = last_width
            else:
                size = 0.85 * (bottom - top)
            size = round(size * 4) / 4  # quarter points: a caption a pixel smaller than the body stays smaller
            if (run is not None and run[7] == font and run[8] == heavy and run[6] == size
                    and abs(run[4] - bottom) < 0.1 * size and 0 <= left - run[3] <= 0.2 * size):
                # the next glyphs of the same line in a new object (Chromium draws one object a glyph run)
                run[0].append(chunk)
                run[2] = min(run[2], top)
                run[3] = last_right
                run[4] = max(run[4], bottom)
                run[9] = end
                return
            if run is not None:
                runs.append(Run("".join(run[0]), *run[1:]))
            prev_end = run[9] if run is not None else -1
            between = text[prev_end:start] if prev_end >= 0 else "\n"
            follows = prev_end if len(between) <= 2 and between.isspace() and "\n" not in between else -1
            run = [[chunk], left, top, last_right, bottom, bottom - 0.2 * size, size, font, heavy, end, follows]

        for i in range(n):
            key = get_object(textpage, i)
            if key != current:
                close(i)
                start, current = i, key
        close(n)
        if run is not None:
            runs.append(Run("".join(run[0]), *run[1:]))
    finally:
        raw.FPDFText_ClosePage(textpage)
    graphics = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for k in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, k)
        if raw.FPDFPageObj_GetType(obj) in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE):
            raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
            graphics.append((left.value, height - top.value, right.value, height - bottom.value))
    return runs, graphics


def read_runs(path: Path, pages: range | None = None) -> list[tuple[list[Run], list, tuple[float, float]]]:
    """The text runs, graphics and size (points) of every page, or of the pages in `pages`."""
    pdf = _open(path)
    try:
        out = []
        for index in pages if pages is not None else range(len(pdf)):
            page = pdf[index]
            runs, graphics = _page_runs(page)
            out.append((runs, graphics, (page.get_width(), page.get_height())))
            page.close()
        return out
    finally:
        pdf.close()


def page_count(path: Path) -> int:
    pdf = _open(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def _ranges(n: int, jobs: int) -> list[range]:
    """`range(n)` cut into `jobs` runs of pages (one open document each)."""
    jobs = max(1, min(jobs, n))
    size = -(-n // jobs) if n else 1
    return [range(start, min(start + size, n)) for start in range(0, n, size)]


def _read_range(args: tuple[Path, range, bool]) -> list["PdfPage"]:
    """Read the pages in a range with one open document; with `pictures`, render each page in
    columns while it is loaded (a one-column page may be a digest's, whose pictures nobody shows)."""
    from concurrent.futures import ThreadPoolExecutor

    path, pages, pictures = args
    pdf = _open(path)
    # A picture is drawn here (PDFium is not thread-safe) and encoded on a thread beside: zlib lets
    # go of the interpreter while it compresses, so the next page is read meanwhile.
    encoder = ThreadPoolExecutor(max_workers=1) if pictures else None
    try:
        out, encoding = [], {}
        for n, index in enumerate(pages):
            page = pdf[index]
            runs, graphics = _page_runs(page)
            read = read_page(runs, graphics, (page.get_width(), page.get_height()), index)
            if encoder is not None and _side_by_side(read) > 0.05 * max(len(read.line_boxes), 1):
                encoding[n] = encoder.submit(_encode_picture, *_grey_pixels(page))
            out.append(read)
            page.close()
        return [replace(read, picture=encoding[n].result()) if n in encoding else read for n, read in enumerate(out)]
    finally:
        if encoder is not None:
            encoder.shutdown()
        pdf.close()


def _render_range(args: tuple[Path, range]) -> list[bytes]:
    path, pages = args
    pdf = _open(path)
    try:
        return [_render(pdf, n) for n in pages]
    finally:
        pdf.close()


# A PDF of fewer pages is read in one process: forking costs more than it saves.
PARALLEL_MIN_PDF_PAGES = 6


# ---------------------------------------------------------------------------------------------
# lines


def _follows(before: Run, after: Run) -> bool:
    """`after` comes right after `before` in the text layer, with nothing but a space between."""
    return before.end >= 0 and after.follows == before.end


def _lines(runs: Sequence[Run]) -> list[TextLine]:
    """Runs on one baseline, each starting close to where the one before ends, make a line; a wide
    gap (a gutter) or another size ends it. Runs are taken left to right; open lines are found by
    their baseline, rounded to 2 points."""
    open_lines: dict[int, list[list[Run]]] = {}
    lines: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (r.x0, r.baseline)):
        key = round(run.baseline / 2)
        best = None
        for k in (key - 1, key, key + 1):
            for line in open_lines.get(k, ()):
                last = line[-1]
                size = max(run.size, last.size)
                # a mark or digit alone (`“`, `1`) takes the size of the line it is set in
                alike = abs(run.size - last.size) <= 0.2 * size or _is_mark(run) or _is_mark(last)
                # A full-width space (`本报讯　连日来`) leaves a gap of an em; a gutter is crossed only by
                # runs that do not follow each other in the text layer.
                widest = (2.0 if _follows(last, run) else 0.8) * size
                if (abs(run.baseline - last.baseline) <= 0.3 * size and alike
                        and -0.5 * size <= run.x0 - last.x1 <= widest):
                    best = line
                    break
            if best is not None:
                break
        if best is None:
            best = [run]
            lines.append(best)
            open_lines.setdefault(key, []).append(best)
        else:
            best.append(run)
    out = [_line(line) for line in lines]
    return [line for line in out if line.text]


def _is_mark(run: Run) -> bool:
    return len(run.text) <= 2 and not _HAN.search(run.text)


def _line(runs: Sequence[Run]) -> TextLine:
    parts = []
    # A line whose every run stands apart and holds no space of its own was spread to its column
    # (justified, set glyph by glyph): its gaps are no spaces. A padded name's line holds some.
    spread = (len(runs) >= 3 and all(b.x0 - a.x1 > 0.15 * b.size for a, b in zip(runs, runs[1:]))
              and not any(" " in run.text for run in runs))
    for n, run in enumerate(runs):
        gap = run.x0 - runs[n - 1].x1 if n else 0.0
        wide = _WIDE.match(runs[n - 1].text[-1:] + run.text[:1]) if n else None
        # the text layer's own space between two runs is printed (`顾 言 周 舟`, a name padded to two
        # characters); PDFium gives one where the producer set one or left a space's gap
        spaced = n and not spread and _follows(runs[n - 1], run) and gap > 0.15 * run.size
        if n and (spaced or gap > 0.5 * run.size or (not wide and gap > 0.2 * run.size)) \
                and not parts[-1].endswith(" "):
            parts.append(" ")  # a printed space between two runs (`范 智慧`); justification adds none
        parts.append(run.text)
    text = clean_line("".join(parts).replace("\r", "").replace("\n", ""))
    weights = Counter()
    for run in runs:
        weights[(run.size, run.font, run.heavy)] += len(run.text)
    (size, font, heavy), _ = max(weights.items(), key=lambda kv: (kv[1], kv[0][0]))
    return TextLine(text, min(r.x0 for r in runs), min(r.baseline - 0.88 * r.size for r in runs),
                    max(r.x1 for r in runs), max(r.baseline + 0.12 * r.size for r in runs), size, font, heavy)


# What a pointer line starts with (furniture.POINTER), and what a pointer ending a line holds
# (furniture.TRAILING_POINTER): most lines are neither, and are told so without a regex.
_POINTER_STARTS = frozenset("（(>》＞下上转接详")


def _may_point(text: str) -> bool:
    return "版" in text or "页" in text or ">>" in text or "》》" in text or "＞＞" in text


def _without_doubles(lines: list[TextLine]) -> list[TextLine]:
    """A line drawn twice over itself (a shadow, an outline) is in the text layer twice: one is kept."""
    seen: dict[str, list[TextLine]] = {}
    out = []
    for line in lines:
        twin = next((o for o in seen.get(line.text, ()) if abs(o.size - line.size) <= 0.15 * line.size
                     and _covers(o, line)), None)
        if twin is not None:
            twin.heavy = twin.heavy or line.heavy
            continue
        seen.setdefault(line.text, []).append(line)
        out.append(line)
    return out


def _covers(a: TextLine, b: TextLine) -> bool:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.bottom, b.bottom) - max(a.top, b.top)
    return w > 0 and h > 0 and w * h > 0.5 * min((a.x1 - a.x0) * (a.bottom - a.top), (b.x1 - b.x0) * (b.bottom - b.top))


def replace_line(line: TextLine, text: str, **changes) -> TextLine:
    """A copy of `line` holding `text` (a part of it), with other fields changed."""
    return TextLine(text, changes.get("x0", line.x0), line.top, line.x1, line.bottom, line.size, line.font,
                    line.heavy, changes.get("kind", line.kind))


def body_style(lines: Sequence[TextLine]) -> tuple[float, str]:
    """The page's body size and font: those most characters are set in."""
    sizes, fonts = Counter(), Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
        fonts[line.font] += len(line.text)
    return (sizes.most_common(1)[0][0] if sizes else 10.0), (fonts.most_common(1)[0][0] if fonts else "")


# ---------------------------------------------------------------------------------------------
# furniture bands


def _bands(lines: Sequence[TextLine], graphics, width: float, height: float, body: float) -> tuple[float, float]:
    """Where the page's own top and bottom bands end: at a rule across most of the page near the top
    (bottom), or else at the first wide gap, when the band is thin enough to be a masthead (footer)."""
    rules = [g for g in graphics if g[2] - g[0] > 0.5 * width and g[3] - g[1] < 3]
    top_rules = [g[3] for g in rules if g[3] < 0.15 * height]
    bottom_rules = [g[1] for g in rules if g[1] > 0.9 * height]
    top = max(top_rules) if top_rules else _gap_band(sorted(lines, key=lambda l: l.top), body, height, 0.12)
    bottom = min(bottom_rules) if bottom_rules else height - _gap_band(
        sorted(lines, key=lambda l: -l.bottom), body, height, 0.06, from_bottom=True)
    return top, bottom


def _gap_band(lines: Sequence[TextLine], body: float, height: float, most: float, *, from_bottom: bool = False) -> float:
    """The depth of the run of lines from a page edge up to the first gap wider than two body lines."""
    if not lines:
        return 0.0
    edge = (height - lines[0].top) if from_bottom else lines[0].bottom
    for line in lines[1:]:
        near = (height - line.bottom) if from_bottom else line.top
        if near - edge > 2 * body:
            return edge if edge <= most * height else 0.0
        edge = max(edge, (height - line.top) if from_bottom else line.bottom)
    return 0.0


# ---------------------------------------------------------------------------------------------
# kinds, boxes, header groups


def _classify(line: TextLine, body: float, body_font: str) -> str:
    ratio = line.size / body
    if ratio >= HEADLINE_AT_LEAST or (ratio >= DECK_AT_LEAST and line.heavy and line.font != body_font):
        return "head"
    if ratio >= DECK_AT_LEAST:
        return "deck"
    if ratio < SMALL_BELOW:
        return "small"
    if line.heavy and line.font != body_font:
        return "subhead"
    return "body"


def _boxes(lines: Sequence[TextLine]) -> list[Box]:
    """Stack lines into boxes: a line joins the box whose last line is just above it, overlapping it
    across, and of its kind."""
    boxes: list[Box] = []
    for line in sorted(lines, key=lambda l: (l.top, l.x0)):
        best = None
        for box in boxes:
            last = box.lines[-1]
            if box.kind != line.kind or last.size != line.size:
                continue
            gap = line.top - last.bottom
            if not (-0.3 * line.size <= gap <= 0.9 * line.size):
                continue
            overlap = min(last.x1, line.x1) - max(last.x0, line.x0)
            if overlap < 0.5 * min(last.x1 - last.x0, line.x1 - line.x0):
                continue
            if best is None or last.bottom > best.lines[-1].bottom:
                best = box
        if best is None:
            boxes.append(Box([line], line.kind))
        else:
            best.add([line])
    return boxes


def _set_kind(box: Box, kind: str) -> None:
    box.kind = kind
    for l in box.lines:
        l.kind = kind


CAPTION_LINES_AT_MOST = 4
_CREDIT_ENDS = ("摄", "摄影", "供图", "）", ")")  # how a line parse_credit reads as a credit ends


def _is_caption_of_picture(box: Box, pictures) -> bool:
    last = box.lines[-1].text.rstrip()
    if len(box.lines) > CAPTION_LINES_AT_MOST or not last.endswith(_CREDIT_ENDS) or not parse_credit(last):
        return False
    for g in pictures:
        across = min(g[2], box.x1) - max(g[0], box.x0) > 0.5 * (box.x1 - box.x0)
        under = across and -box.size <= box.top - g[3] <= 1.5 * box.size
        beside = (0 <= box.x0 - g[2] <= 2 * box.size or 0 <= g[0] - box.x1 <= 2 * box.size) and g[1] <= box.top <= g[3]
        if under or beside:
            return True
    return False


def _join_credits(boxes: list[Box], pictures) -> list[Box]:
    """A credit set on a line of its own (`本报记者 王五 摄`, often flush right) joins the caption
    just above it, whatever its indent; a credit set vertically beside a picture joins the caption
    under (or on) that picture."""
    out = list(boxes)
    for box in boxes:
        if box.kind == "small" and _vertical(box) and parse_credit("".join(l.text for l in box.lines)):
            caption = _caption_of_picture_beside(box, out, pictures)
            if caption is not None:
                joined = replace_line(box.lines[0], "".join(l.text for l in box.lines))
                joined.bottom = box.bottom
                caption.add([joined])
                out.remove(box)
            continue
        found = parse_credit(box.lines[0].text) if box.kind == "small" and len(box.lines) == 1 else None
        if not found or found.before:
            continue
        above = [b for b in out if b is not box and b.kind == "small" and 0 <= box.top - b.bottom <= 1.2 * box.size
                 and b.x0 - box.size <= box.x0 and box.x0 - b.x1 < 20 * box.size]
        if above:
            upper = max(above, key=lambda b: b.bottom)
            upper.add(box.lines)
            out.remove(box)
    return out


def _vertical(box: Box) -> bool:
    """Set vertically: three characters or more, one a line, stacked in one column."""
    lines = box.lines
    return (len(lines) >= 3 and all(len(l.text) == 1 for l in lines)
            and max(l.x0 for l in lines) - min(l.x0 for l in lines) < 0.3 * box.size)


def _caption_of_picture_beside(credit: Box, boxes: Sequence[Box], pictures) -> Box | None:
    """The caption of the picture `credit` stands beside: a small box in or just under the picture."""
    for g in pictures:
        beside = -credit.size <= credit.x0 - g[2] <= 2 * credit.size or -credit.size <= g[0] - credit.x1 <= 2 * credit.size
        if not beside or credit.top > g[3] or credit.bottom < g[1]:
            continue
        under = [b for b in boxes if b is not credit and b.kind == "small" and g[0] <= (b.x0 + b.x1) / 2 <= g[2]
                 and g[1] <= b.top <= g[3] + 2 * b.size]
        if under:
            return min(under, key=lambda b: b.top)
    return None


def _is_byline(box: Box, body: float) -> bool:
    vertical = _vertical(box)
    text = ("" if vertical else " ").join(l.text for l in box.lines)
    return ((len(box.lines) <= 2 or vertical) and len(text) <= 40 and not re.search(r"[，。；！？]", text)
            and box.size <= DECK_AT_LEAST * body
            and bool(BYLINE.match(text) or ROLE_WORDS.match(text) or REPORTER_FOLLOWED.search(text)))


def _overlaps(a: Box, b_x0: float, b_x1: float, share: float = 0.3) -> bool:
    overlap = min(a.x1, b_x1) - max(a.x0, b_x0)
    return overlap > share * min(a.x1 - a.x0, b_x1 - b_x0)


@dataclass
class _Group:
    """A header: kicker, headline lines, subtitle, byline; and the boxes of its article."""

    kicker: list[Box] = field(default_factory=list)
    head: list[Box] = field(default_factory=list)
    subtitle: list[Box] = field(default_factory=list)
    byline: list[Box] = field(default_factory=list)
    body: list[Box] = field(default_factory=list)
    captions: list[Box] = field(default_factory=list)
    beside: bool = False  # its text stands beside it (a stacked or vertical headline), not under it
    doubt: str | None = None  # why its text may not all be its own

    @property
    def parts(self) -> list[Box]:
        return [*self.kicker, *self.head, *self.subtitle, *self.byline]

    @property
    def x0(self) -> float:
        return min(b.x0 for b in self.parts)

    @property
    def x1(self) -> float:
        return max(b.x1 for b in self.parts)

    @property
    def top(self) -> float:
        return min(b.top for b in self.parts)

    @property
    def bottom(self) -> float:
        return max(b.bottom for b in self.parts)


def _near_below(upper: Box | _Group, lower: Box, tolerance: float) -> bool:
    gap = lower.top - upper.bottom
    return -0.2 * lower.size <= gap <= tolerance and _overlaps(lower, upper.x0, upper.x1)


def _plain_kicker(boxes: Sequence[Box], used: set[int], head: Box, tolerance: float) -> Box | None:
    """A kicker set in the body's size: one short line just above the headline, centred on it, that
    ends no sentence (a paragraph's last line above a headline is flush left and ends one)."""
    width = head.x1 - head.x0
    for box in boxes:
        if id(box) in used or box.kind not in ("body", "small") or len(box.lines) != 1:
            continue
        text = box.lines[0].text
        centred = abs((box.x0 + box.x1) - (head.x0 + head.x1)) / 2 <= 0.1 * width
        if centred and len(text) <= 30 and not ends_sentence(text) and _near_below(box, head, tolerance):
            return box
    return None


def _groups(boxes: list[Box], body: float) -> list[_Group]:
    """Each headline box with the decks above (kicker) and below (subtitle) it and the byline under them."""
    used: set[int] = set()
    groups = []
    heads = sorted((b for b in boxes if b.kind == "head"), key=lambda b: (b.top, b.x0))
    for head in heads:
        if id(head) in used:
            continue
        g = _Group(head=[head])
        used.add(id(head))
        tolerance = 0.9 * head.size
        for other in heads:  # a headline of two sizes or two boxes (main and second line)
            if id(other) not in used and _near_below(g.head[-1], other, tolerance):
                g.head.append(other)
                used.add(id(other))
        for box in boxes:
            if id(box) in used or box.kind != "deck":
                continue
            if _near_below(box, g.head[0], tolerance):
                g.kicker.append(box)
                used.add(id(box))
            elif _near_below(g.head[-1], box, tolerance):
                g.subtitle.append(box)
                used.add(id(box))
        if not g.kicker:
            kicker = _plain_kicker(boxes, used, g.head[0], tolerance)
            if kicker is not None:
                g.kicker.append(kicker)
                used.add(id(kicker))
        for box in boxes:
            if id(box) in used or box.kind not in ("small", "body", "deck"):
                continue
            last = max(g.parts, key=lambda b: b.bottom)
            if _near_below(last, box, 1.2 * body + 0.5 * tolerance) and _is_byline(box, body):
                g.byline.append(box)
                used.add(id(box))
                break
        groups.append(g)
    return groups


def _row_order(groups: list[_Group]) -> list[_Group]:
    """Headers in reading order: top to bottom; headers whose heights overlap, left to right."""
    ordered = sorted(groups, key=lambda g: g.top)
    rows: list[list[_Group]] = []
    for g in ordered:
        if rows and g.top < min(r.bottom for r in rows[-1]):
            rows[-1].append(g)
        else:
            rows.append([g])
    return [g for row in rows for g in sorted(row, key=lambda g: g.x0)]


def _above(box: Box, candidates: Sequence[Box | _Group]) -> Box | _Group | None:
    """The nearest box or header straight above `box` (overlapping it across)."""
    best = None
    for c in candidates:
        if c is box or c.bottom > box.top + 0.2 * box.size or not _overlaps(box, c.x0, c.x1):
            continue
        if best is None or c.bottom > best.bottom:
            best = c
    return best


def _apart(g: _Group, box: Box) -> float:
    return max(0.0, g.x0 - box.x1, box.x0 - g.x1)


def _stacked(g: _Group) -> bool:
    """A headline of short stacked lines, or set vertically (one character a line)."""
    lines = [l for b in g.head for l in b.lines]
    return len(lines) >= 2 and all(len(l.text) <= STACKED_LINE_AT_MOST for l in lines)


def _beside(box: Box, stacked: Sequence[_Group], everything: Sequence[Box | _Group], body: float) -> _Group | None:
    """The stacked headline whose text `box` is: text starting at the headline's top, right beside
    it (left or right), with nothing between the two."""
    if box.kind not in ("body", "subhead"):
        return None
    for g in stacked:
        size = max(b.size for b in g.head)
        if abs(box.top - g.top) > max(size, 2 * box.size):
            continue
        gap = box.x0 - g.x1 if box.x0 >= g.x1 else g.x0 - box.x1
        if not 0 <= gap <= max(3 * body, 1.5 * size):
            continue
        low, high = (g.x1, box.x0) if box.x0 >= g.x1 else (box.x1, g.x0)
        between = [c for c in everything if c is not g and c is not box and low <= (c.x0 + c.x1) / 2 <= high
                   and c.top < box.bottom and c.bottom > box.top]
        if not between:
            return g
    return None


def _starts_paragraph(box: Box) -> bool:
    first = box.lines[0]
    return first.x0 > box.x0 + 1.2 * first.size


def _ends_open(box: Box) -> bool:
    """A box whose text stops mid-sentence: its text goes on elsewhere."""
    return not ends_sentence(box.lines[-1].text)


def _assign(groups: list[_Group], boxes: list[Box], body: float, pictures=()) -> list[list[Box]]:
    """Give each text box to its header: the nearest header or box of the same article straight
    above it, with no picture between them (a headline printed as a picture heads the text under
    it). Returns the boxes left without one, after jumps are followed: each a chain of the columns
    of one text side by side, under its byline if it has one."""
    taken = {id(b) for g in groups for b in g.parts}
    free = [b for b in boxes if id(b) not in taken]
    owner: dict[int, _Group] = {}
    for g in groups:
        for b in g.parts:
            owner[id(b)] = g
    everything: list[Box | _Group] = [*groups, *free]
    pitch = 2.5 * body
    # (a stacked headline with text right under it is an ordinary one: its text is that)
    stacked = [g for g in groups if _stacked(g)
               and not any(0 <= b.top - g.bottom <= pitch and _overlaps(b, g.x0, g.x1) for b in free)]
    for box in sorted(free, key=lambda b: b.top):
        # a header whose text stands beside it owns nothing under it
        above = _above(box, [c for c in everything if not (isinstance(c, _Group) and c.beside)])
        across = above is not None and _picture_between(above, box, pictures)
        if isinstance(above, _Group) and not across:
            g = above
        elif (above is not None and not across and id(above) in owner and box.top - above.bottom <= pitch
              and box.kind != "small"):
            g = owner[id(above)]
        elif (side := _beside(box, stacked, everything, body)) is not None:
            g = side
            g.beside = True
        else:
            # A header set centred over several columns: the text starting right under it, with
            # nothing between, is its own even where the header's ink does not reach over it
            # (within its own width of it: a header does not reach across the page).
            under = [g for g in groups if 0 <= box.top - g.bottom <= pitch and not g.beside
                     and (above is None or above.bottom <= g.top) and _apart(g, box) <= g.x1 - g.x0]
            if not under or box.kind == "small":
                continue
            g = min(under, key=lambda g: _apart(g, box))
        owner[id(box)] = g
        (g.captions if box.kind == "small" else g.body).append(box)
    # captions: small boxes anywhere under an article's header, floating
    for box in free:
        if id(box) in owner or box.kind != "small":
            continue
        above = _above(box, groups)
        if isinstance(above, _Group) and not (_is_byline(box, body) and _picture_between(above, box, pictures)):
            # (a byline with a picture between it and the header above is another text's: its
            # headline is that picture)
            owner[id(box)] = above
            above.captions.append(box)
    chains = _chains([b for b in free if id(b) not in owner], body)
    # jumps: a text opening mid-paragraph continues the nearest article whose text stops mid-sentence
    left = []
    for chain in sorted(chains, key=lambda c: (c[0].x0, c[0].top)):
        box = chain[0]
        open_groups = [g for g in groups if g.body and _ends_open(_last_box(g))]
        if box.kind not in ("body", "subhead") or _starts_paragraph(box) or not open_groups:
            left.append(chain)
            continue
        by_distance = sorted(open_groups, key=lambda g: _distance(_last_box(g), box))
        g = by_distance[0]
        if len(by_distance) > 1 and _distance(_last_box(by_distance[1]), box) < JUMP_SURE * _distance(_last_box(g), box):
            # another article stops mid-sentence about as near: the jump may be its
            g.doubt = "its text was continued in a box another article could continue as well"
        for b in chain:
            b.jumped = True
            g.body.append(b)
    return left


# A jump goes to the nearest article whose text stops mid-sentence; one whose text stops less than
# this many times as far is as likely.
JUMP_SURE = 2.0


def _near_picture(g: _Group, pictures) -> bool:
    """A header on a picture or right over or under one."""
    size = max(b.size for b in g.head)
    return any(min(p[2], g.x1) > max(p[0], g.x0) and p[1] - 2 * size <= g.bottom and g.top <= p[3] + 2 * size
               for p in pictures)


def _picture_between(above: Box | _Group, box: Box, pictures) -> bool:
    return any(g[1] >= above.bottom - 1 and g[3] <= box.top + 1 and min(g[2], box.x1) - max(g[0], box.x0)
               > 0.5 * (box.x1 - box.x0) for g in pictures)


def _chains(left: Sequence[Box], body: float) -> list[list[Box]]:
    """Boxes no header claims, the columns of one text chained: text boxes side by side starting at
    one height, a gutter apart, of about one width; a byline just above them leads the chain."""
    chains: list[list[Box]] = []
    for box in sorted(left, key=lambda b: (b.x0, b.top)):
        last = next((c for c in chains if c[-1].kind in ("body", "subhead") and box.kind in ("body", "subhead")
                     and abs(c[-1].top - box.top) <= 1.5 * body and 0 <= box.x0 - c[-1].x1 <= 3 * body
                     and abs((c[-1].x1 - c[-1].x0) - (box.x1 - box.x0)) <= 0.2 * (box.x1 - box.x0)), None)
        if last is not None:
            last.append(box)
        else:
            chains.append([box])
    bylines = [c for c in chains if len(c) == 1 and c[0].kind == "small" and _is_byline(c[0], body)]
    for by in bylines:
        b = by[0]
        under = [c for c in chains if c is not by and c[0].kind in ("body", "subhead")
                 and any(0 <= x.top - b.bottom <= 2.5 * body and _overlaps(x, b.x0, b.x1) for x in c)]
        if under:
            chain = min(under, key=lambda c: c[0].top)
            chains.remove(by)
            chain.insert(0, b)
    return chains


def _columns(boxes: Sequence[Box]) -> list[Box]:
    """An article's boxes in reading order: column by column (left to right), each top to bottom;
    a box reached by a jump comes after the boxes under the header."""
    placed = [b for b in boxes if not b.jumped]
    columns: list[list[Box]] = []
    for b in sorted(placed, key=lambda b: (b.x1 - b.x0 < 0.8 * max(c.x1 - c.x0 for c in placed), b.x0, b.top)):
        center = (b.x0 + b.x1) / 2
        column = next((c for c in columns if c[0].x0 <= center <= c[0].x1), None)
        if column is None:
            columns.append([b])
        else:
            column.append(b)
    columns.sort(key=lambda c: c[0].x0)
    out = [b for col in columns for b in sorted(col, key=lambda b: b.top)]
    return out + [b for b in boxes if b.jumped]


def _last_box(g: _Group) -> Box:
    return _columns(g.body)[-1]


def _distance(a: Box, b: Box) -> float:
    dx = max(0.0, b.x0 - a.x1, a.x0 - b.x1)
    dy = max(0.0, b.top - a.bottom, a.top - b.bottom)
    return dx + dy


# ---------------------------------------------------------------------------------------------
# blocks


class _Numbering:
    """Lines numbered in the order they are emitted: the page's reading order."""

    def __init__(self) -> None:
        self.lines: list[TextLine] = []
        self.dropped: list[str] = []  # bylines and credits as printed, whose role words no article keeps

    def drop(self, text: str, kept: str) -> None:
        if Counter(_HAN.findall(text)) - Counter(_HAN.findall(kept)):
            self.dropped.append(text)

    def take(self, lines: Sequence[TextLine]) -> tuple[int, int]:
        for line in lines:
            self.lines.append(line)
            line.number = len(self.lines)
        return lines[0].number, lines[-1].number


def _paragraph_blocks(boxes: Sequence[Box], numbering: _Numbering) -> list[Block]:
    """Body boxes → paragraphs: a paragraph starts at an indented line, or after a short line that
    ends a sentence; across boxes it goes on when the next box opens mid-paragraph."""
    blocks: list[Block] = []
    current: list[TextLine] = []

    def flush() -> None:
        if current:
            text = join_wrapped([l.text for l in current])
            span = numbering.take(current)
            match = LEAD.match(text) if text.startswith("本报") else None
            if match:
                blocks.append(Block("lead", " ".join(names(match.group(1) or "")), (span[0], span[0])))
            blocks.append(Block("paragraph", text, span))
            current.clear()

    for box in boxes:
        if box.kind == "subhead":
            flush()
            text = join_wrapped([l.text for l in box.lines])
            blocks.append(Block("subhead", text, numbering.take(box.lines)))
            continue
        right = box.x1
        for n, line in enumerate(box.lines):
            indented = line.x0 > box.x0 + 1.2 * line.size
            if current and (indented or (n == 0 and _starts_paragraph(box))):
                flush()
            current.append(line)
            if ends_sentence(line.text) and line.x1 < right - 1.2 * line.size:
                flush()
    flush()
    return blocks


def _caption_blocks(box: Box, numbering: _Numbering) -> list[Block]:
    """A small box ending with a credit (`… 本报记者 王五 摄`) → caption and its credit's names. The
    printed credit stays in the caption when it holds more than names and `摄` (a unit, a role,
    `供图`), as the text pipeline keeps it (docs/gold.md): no word of the page is dropped."""
    texts = [l.text for l in box.lines]
    found = parse_credit(texts[-1])
    if not found:
        span = numbering.take(box.lines)
        return [Block("paragraph", join_wrapped(texts), span)]
    credit_lines = 1
    if not found.before and len(texts) >= 2 and not ends_sentence(texts[-2]):
        # a credit wrapped after its unit and role (`河谷日报社全媒体记者` / `马骏 摄`) in a narrow column
        joined = parse_credit(f"{texts[-2]} {texts[-1]}")
        if joined and joined.names == found.names and len(joined.before) < len(texts[-2].strip()):
            found, credit_lines = joined, 2
    before = found.before
    caption = join_wrapped(texts[:-credit_lines] + ([before] if before else []))
    if found.has_words:
        caption = f"{caption} {found.printed}" if caption else found.printed
    span = numbering.take(box.lines)
    credited = " ".join(found.names)
    numbering.drop(" ".join(texts[-credit_lines:]), caption + credited)
    return [Block("caption", caption, span), Block("byline", credited, (span[1], span[1]))]


def _header_blocks(g: _Group, numbering: _Numbering) -> list[Block]:
    out = []
    for kind, parts in (("kicker", g.kicker), ("title", g.head), ("subtitle", g.subtitle), ("byline", g.byline)):
        for box in sorted(parts, key=lambda b: b.top):
            text = join_wrapped([l.text for l in box.lines])
            span = numbering.take(box.lines)
            if kind == "kicker":
                text = text.rstrip("：:").strip()
            elif kind == "subtitle":
                match = SUBTITLE.match(text)
                text = match.group(1) if match else text
            elif kind == "byline":
                match = BYLINE.match(text)
                printed, text = text, " ".join(names(match.group(1) if match else text))
                numbering.drop(printed, text)
            out.append(Block(kind, text, span))
    return out


def _split_date(furniture: Sequence[TextLine]) -> str | None:
    """The date a masthead sets in large type over two lines, the year above the month and day."""
    for year_line in furniture:
        if not (year := YEAR_LINE.fullmatch(year_line.text)):
            continue
        for line in furniture:
            near = 0 <= line.top - year_line.bottom <= 1.5 * year_line.size
            if near and min(line.x1, year_line.x1) > max(line.x0, year_line.x0) and (
                    m := MONTH_DAY_LINE.fullmatch(line.text)):
                mo, d = int(m.group(1)), int(m.group(2))
                if 1 <= mo <= 12 and 1 <= d <= 31:
                    return f"{int(year.group(1)):04d}-{mo:02d}-{d:02d}"
    return None


def _page_meta(furniture: Sequence[TextLine]) -> dict:
    """Paper, date, page number and section from the page's own lines."""
    meta: dict = {}
    for line in furniture:
        text = line.text
        if "page_no" not in meta and (m := PAGE_NO.search(text)):
            meta["page_no"] = int(m.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789")))
            rest = text[m.end():].strip(" ：:")
            if rest and len(rest) <= 8 and _HAN.search(rest):
                meta["section"] = rest
        if "date" not in meta and (m := DATE.search(text)):
            y, mo, d = (int(x) for x in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                meta["date"] = f"{y:04d}-{mo:02d}-{d:02d}"
    if "date" not in meta and (date := _split_date(furniture)):
        meta["date"] = date
    if "page_no" not in meta and any(FRONT_PAGE.search(l.text) for l in furniture):
        meta["page_no"] = 1
    names_ = [l for l in furniture if re.fullmatch(r"[\u3400-\u9fff]{2,10}", l.text.replace(" ", ""))]
    # a name shaped like a paper's (`…晚报`) before any other large line (an advertisement's)
    names_ = [l for l in names_ if is_paper_name(l.text.replace(" ", ""))] or names_
    if names_:
        biggest = max(names_, key=lambda l: l.size)
        if biggest.size >= 2 * min(l.size for l in furniture):
            meta["paper"] = biggest.text.replace(" ", "")
    return meta


def read_page(runs: Sequence[Run], graphics, size: tuple[float, float], index: int) -> PdfPage:
    """One PDF page's runs → its blocks in reading order (see the module docstring)."""
    width, height = size
    lines = _without_doubles(_lines(runs))
    body, body_font = body_style(lines)
    top_band, bottom_band = _bands(lines, graphics, width, height, body)
    furniture_top, furniture_bottom, content = [], [], []
    ads = _framed_ads(lines, graphics, width * height)
    for line in lines:
        center = (line.top + line.bottom) / 2
        if id(line) in ads:
            line.kind = "furniture"
            furniture_bottom.append(line)
        elif center < top_band:
            furniture_top.append(line)
        elif center > bottom_band:
            furniture_bottom.append(line)
        elif line.x1 < 0.04 * width or line.x0 > 0.96 * width:
            furniture_bottom.append(line)
        elif line.text.lstrip(" \u3000")[:1] in _POINTER_STARTS and furniture_kind(line.text) == "pointer":
            # `详见09版` on its own line, under a teaser's text
            line.kind = "furniture"
            furniture_bottom.append(line)
        else:
            line.kind = _classify(line, body, body_font)
            content.append(line)
            if _may_point(line.text) and (at := trailing_pointer(line.text)) is not None:
                # `…两百万千瓦。（下转02版）`: the pointer is the page's, the sentence the article's
                pointer = replace_line(line, line.text[at:].strip(), kind="furniture")
                line.text = line.text[:at].rstrip()
                furniture_bottom.append(pointer)
    boxes = _boxes(content)
    pictures = [g for g in graphics if g[3] - g[1] > 3 * body and (g[2] - g[0]) * (g[3] - g[1]) > 0.005 * width * height]
    for box in boxes:
        # A kicker or subtitle runs to three lines at most: more lines in a deck's size are a lead
        # set large (a photo spread's text, often one narrow column).
        if box.kind == "deck" and len(box.lines) > DECK_LINES_AT_MOST:
            _set_kind(box, "body")
        # A caption set in the body's size is told by its place and its end: a few lines right
        # under (or beside) a picture, ending with a credit.
        elif box.kind == "body" and _is_caption_of_picture(box, pictures):
            _set_kind(box, "small")
    # A box of one or two short lines that reads as furniture (`责编：…`, `>>>02`, `广告`) is furniture.
    kept = []
    for box in boxes:
        if len(box.lines) <= 2 and all(furniture_kind(l.text) for l in box.lines) or _is_weather_box(box):
            for l in box.lines:
                l.kind = "furniture"
            furniture_bottom += box.lines
        else:
            kept.append(box)
    boxes = _join_credits(kept, pictures)
    groups = _groups(boxes, body)
    chains = _assign(groups, boxes, body, pictures)
    for g in [g for g in groups if _is_label(g)]:
        # a short heading that heads no text (`导读`) labels a part of the page: the page's furniture
        groups.remove(g)
        for l in g.head[0].lines:
            l.kind = "furniture"
            furniture_bottom.append(l)
    for g in groups:
        credited = any(parse_credit(b.lines[-1].text) for b in g.captions)  # else its "caption" is its text
        if not g.body and credited and not _near_picture(g, pictures):
            # split makes such a header the photo's headline (split_page(headed_photos=True)): sure
            # when the header is on or at its picture, a guess when no picture is near
            g.doubt = "its headline was found over a caption, with no picture near it and no text of its own"
    for g in [g for g in groups if _is_masthead(g)]:
        # the paper's name with the lines under it (date, publisher, weather): a masthead set in a box
        groups.remove(g)
        for b in [*g.parts, *g.body, *g.captions]:
            for l in b.lines:
                l.kind = "furniture"
                furniture_top.append(l)
    numbering = _Numbering()
    blocks: list[Block] = []
    furniture_top.sort(key=lambda l: (l.top, l.x0))
    for line in furniture_top:
        blocks.append(Block("furniture", line.text, numbering.take([line])))
    order = _row_order(groups)
    # Boxes no header claims come after the article they follow in reading order.
    trailing: dict[int, list[list[Box]]] = {}
    for chain in sorted(chains, key=lambda c: (c[0].top, c[0].x0)):
        before = [g for g in order if g.top <= chain[0].top]
        key = id(before[-1]) if before else 0
        trailing.setdefault(key, []).append(chain)
    for chain in trailing.pop(0, []):
        blocks += _orphan_blocks(chain, numbering, body)
    for g in order:
        blocks += _header_blocks(g, numbering)
        blocks += _paragraph_blocks(_columns(g.body), numbering)
        for box in sorted(g.captions, key=lambda b: (b.top, b.x0)):
            blocks += _caption_blocks(box, numbering)
        for chain in trailing.pop(id(g), []):
            blocks += _orphan_blocks(chain, numbering, body)
    furniture_bottom.sort(key=lambda l: (l.top, l.x0))
    for line in furniture_bottom:
        blocks.append(Block("furniture", line.text, numbering.take([line])))
    boxes_by_line = {l.number: (l.x0 / width, l.top / height, l.x1 / width, l.bottom / height) for l in numbering.lines}
    jumped = frozenset(l.number for g in groups for b in g.body if b.jumped for l in b.lines)
    doubts = tuple((g.parts[0].lines[0].number, g.doubt) for g in groups if g.doubt)
    meta = _page_meta([*furniture_top, *furniture_bottom])
    furniture = tuple(b.text for b in blocks if b.kind == "furniture")
    text = "\n".join(l.text for l in numbering.lines)
    return PdfPage(index, width, height, tuple(blocks), boxes_by_line, jumped, text, furniture=furniture, doubts=doubts,
                   dropped=tuple(numbering.dropped), line_sizes={l.number: l.size for l in numbering.lines},
                   graphics=tuple((g[0] / width, g[1] / height, g[2] / width, g[3] / height) for g in graphics
                                  if (g[2] - g[0]) * (g[3] - g[1]) > 0.002 * width * height), **meta)


def _framed_ads(lines: Sequence[TextLine], graphics, page_area: float) -> set[int]:
    """The lines inside the frame around a `广告` mark (the smallest frame that holds more than the
    mark): an advertisement, the page's furniture, whatever its type says."""
    out: set[int] = set()
    for mark in lines:
        if furniture_kind(mark.text) != "ad":
            continue
        frames = sorted((g for g in graphics if g[0] - 1 <= mark.x0 and mark.x1 <= g[2] + 1 and g[1] - 1 <= mark.top
                         and mark.bottom <= g[3] + 1 and (g[2] - g[0]) * (g[3] - g[1]) < 0.4 * page_area),
                        key=lambda g: (g[2] - g[0]) * (g[3] - g[1]))
        for g in frames:
            inside = [l for l in lines if g[0] <= (l.x0 + l.x1) / 2 <= g[2] and g[1] <= (l.top + l.bottom) / 2 <= g[3]]
            if len(inside) > 1:
                out.update(id(l) for l in inside)
                break
    return out


LABEL_AT_MOST = 4  # characters of a heading that labels a part of the page (`导读`, `今日关注`)


def _is_weather_box(box: Box) -> bool:
    """A box of weather: a temperature, and nothing but weather words (`今日天气` / `晴转多云` / `-9℃~4℃`)."""
    if not any("℃" in l.text or "°C" in l.text or "度" in l.text for l in box.lines):
        return False  # no temperature (furniture.is_weather needs one)
    kinds = [furniture_kind(l.text) for l in box.lines]
    return "weather" in kinds and all(k is not None or is_weather_words(l.text) for k, l in zip(kinds, box.lines))


def _is_masthead(g: _Group) -> bool:
    """A header that is the paper's name, over lines only a masthead prints (date, publisher, weather)
    or its name in Latin letters, and no sentence."""
    if not is_paper_name(join_wrapped([l.text for b in g.head for l in b.lines])):
        return False
    lines = [l for b in [*g.body, *g.captions] for l in b.lines]
    if any(ends_sentence(l.text) for l in lines):
        return False
    return any(furniture_kind(l.text) in ("masthead", "date", "weather") for l in lines) or bool(lines) and all(
        is_paper_name(l.text.replace(" ", "")) for l in lines)


def _is_label(g: _Group) -> bool:
    """A header of one short line with nothing under it: no body, caption, byline or decks."""
    return (not g.body and not g.captions and not g.kicker and not g.subtitle and not g.byline
            and len(g.head) == 1 and len(g.head[0].lines) == 1 and len(g.head[0].lines[0].text) <= LABEL_AT_MOST)


def _orphan_blocks(chain: list[Box], numbering: _Numbering, body: float) -> list[Block]:
    """Boxes no header claims: a box, or a text's columns side by side (under a byline)."""
    box = chain[0]
    if len(chain) > 1 and box.kind == "small":  # the byline over a headerless text
        text = join_wrapped([l.text for l in box.lines])
        match = BYLINE.match(text)
        credited = " ".join(names(match.group(1) if match else text))
        numbering.drop(text, credited)
        return [Block("byline", credited, numbering.take(box.lines)), *_paragraph_blocks(chain[1:], numbering)]
    if box.kind == "small":
        return _caption_blocks(box, numbering)
    if box.kind in ("head", "deck"):
        return [Block("title", join_wrapped([l.text for l in box.lines]), numbering.take(box.lines))]
    return _paragraph_blocks(chain, numbering)


# ---------------------------------------------------------------------------------------------
# whole files


def read_pdf(path: Path, *, jobs: int = 1, pictures: bool = False) -> list[PdfPage]:
    """Every page of a PDF read into blocks, shared among `jobs` forked workers when it has many pages;
    a scan without text, a broken or encrypted file is an error."""
    from generator.infra.parallel import map_in_order

    n = page_count(path)
    jobs = jobs if n >= PARALLEL_MIN_PDF_PAGES else 1
    parts = [(path, r, pictures) for r in _ranges(n, jobs)]
    pages = [p for part in map_in_order(_read_range, parts, jobs=jobs, chunks=len(parts)) for p in part]
    if not any(p.text.strip() for p in pages):
        raise _no_text_layer(path)
    for p in pages:
        size = len(p.text.encode("utf-8"))
        if size > MAX_PAGE_TEXT_BYTES:
            raise BuildError(str(path), None, f"page {p.index + 1} holds {size / 2**20:.1f} MB of text, more than "
                             f"the {MAX_PAGE_TEXT_BYTES // 1024} KB a printed page can hold",
                             "is this a newspaper page? split it, or put its text in .txt seeds")
    return pages


def _no_text_layer(path: Path) -> BuildError:
    return BuildError(str(path), None, "the PDF has no text layer (it is a scanned image; run OCR on it and put "
                      f"the text in {path.parent.name + '/' if path.parent.name else ''}{path.with_suffix('.txt').name})")


def is_digest(pages: Sequence[PdfPage]) -> bool:
    """A day's items merged into one document: source lines (`《…》（2025年10月20日 第 02 版）`) and one
    column, no two lines side by side."""
    lines = [line for p in pages for line in p.text.split("\n")]
    if not any(SOURCE_LINE.match(line.strip()) for line in lines):
        return False
    total = sum(len(p.line_boxes) for p in pages)
    return sum(_side_by_side(p) for p in pages) <= 0.05 * max(total, 1)


def plain_text(path: Path) -> str:
    """The text layer, one printed line per line, page after page: a one-column page top to bottom
    (what `pdftotext` gives), a page in columns in its reading order."""
    return "\n".join(page_text(p) for p in read_pdf(Path(path))) + "\n"


def page_text(page: PdfPage) -> str:
    """A page's lines: top to bottom when no two lines sit side by side, else in reading order."""
    return "\n".join(text for _, text in _page_lines(page))


def _page_lines(page: PdfPage) -> list[tuple[int, str]]:
    """(line number, text) of a page's lines in `page_text`'s order, indents given back."""
    texts = page.text.split("\n")
    if _side_by_side(page) > 0.05 * max(len(page.line_boxes), 1):
        return list(enumerate(texts, 1))
    order = sorted(page.line_boxes.items(), key=lambda kv: (kv[1][1], kv[1][0]))
    sizes = Counter()
    for n, size in page.line_sizes.items():
        sizes[size] += len(texts[n - 1])
    body = sizes.most_common(1)[0][0] if sizes else None
    # only lines of the body text's size can be indented (a centred headline can sit two characters in)
    indented = _indented_lines(texts, {n: b for n, b in page.line_boxes.items()
                                       if body is None or abs(page.line_sizes.get(n, body) - body) < 0.1 * body})
    return [(n, ("\u3000\u3000" if n in indented else "") + texts[n - 1]) for n, _ in order]


def digest_text(pages: Sequence[PdfPage]) -> DigestText:
    """A digest's text (`plain_text`) carrying each line's style: its size against the body size,
    whether it is centred in the text column, whether it lies outside that column.

    The text column is where the long lines are: from the left edge most of them start at to the
    right edge most of them reach. A line that starts right of it is in a notes area or a margin.
    """
    lines = [(p, n, text) for p in pages for n, text in _page_lines(p)]
    sizes: Counter = Counter()
    for p, n, text in lines:
        sizes[p.line_sizes.get(n, 0.0)] += len(text)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    long = sorted(((p.line_boxes[n][0] * p.width, p.line_boxes[n][2] * p.width) for p, n, text in lines
                   if len(text) >= 20 and n in p.line_boxes), key=lambda b: b[0])
    left = long[len(long) // 4][0] if long else 0.0
    rights = sorted(b[1] for b in long)
    right = rights[int(0.9 * (len(rights) - 1))] if rights else float("inf")
    styles = []
    for p, n, text in lines:
        x0, _, x1, _ = (v * p.width for v in p.line_boxes.get(n, (0.0, 0.0, 0.0, 0.0)))
        size = p.line_sizes.get(n, body)
        em = size or 1.0
        centred = min(x0 - left, right - x1) >= em and abs((x0 + x1) / 2 - (left + right) / 2) <= 0.75 * em
        styles.append(LineStyle(round(size / body, 2) if body else 1.0, centred, x0 >= right + em))
    out = DigestText("\n".join(text for _, _, text in lines) + "\n")
    out.styles = tuple(styles)
    return out


def _indented_lines(texts: Sequence[str], boxes: dict) -> set[int]:
    """The lines set in by about two characters from the text's left edge: a paragraph's first line.
    Text layers drop the indent (it is a position, not characters); a digest's reader needs it back."""
    widths = sorted((b[2] - b[0]) / len(texts[n - 1]) for n, b in boxes.items() if len(texts[n - 1]) >= 20)
    if not widths:
        return set()
    char = widths[len(widths) // 2]
    lefts = sorted(b[0] for n, b in boxes.items() if len(texts[n - 1]) >= 20)
    left = lefts[len(lefts) // 4]  # the text's left edge: most long lines start there
    return {n for n, b in boxes.items() if 1.5 * char <= b[0] - left <= 2.6 * char and len(texts[n - 1]) >= 8}


def _side_by_side(page: PdfPage) -> int:
    """How many lines have another line beside them on the same baseline."""
    boxes = sorted(page.line_boxes.values(), key=lambda b: (b[1], b[0]))
    return sum(1 for a, b in zip(boxes, boxes[1:]) if abs(a[1] - b[1]) < 0.004 and b[0] >= a[2])


def page_ids(path: Path, base: str) -> list[str]:
    """The page ids a PDF seed gives: `<base>-p01`, `<base>-p02`, … in page order."""
    pdf = _open(path)
    try:
        return [f"{base}-p{n:02d}" for n in range(1, len(pdf) + 1)]
    finally:
        pdf.close()


# ---------------------------------------------------------------------------------------------
# after the split


def with_areas(articles: Sequence[Article], page: PdfPage) -> list[Article]:
    """Each article's area on its page (`Source.bbox`, fractions of the page): the box around its
    lines, less those reached by a jump when leaving them out keeps it clear of other articles; a
    photo's area takes in the picture right above its caption."""
    spans = [(a.source.line_start, a.source.line_end) for a in articles]
    out = []
    for a, (start, end) in zip(articles, spans):
        numbers = [n for n in range(start, end + 1) if n in page.line_boxes]
        if not numbers:
            out.append(a)
            continue
        own = [n for n in numbers if n not in page.jumped] or numbers
        box = _union(page.line_boxes[n] for n in own)
        if a.kind == "photo":
            box = _with_picture(box, page.graphics)
        out.append(replace(a, source=replace(a.source, bbox=tuple(round(v, 4) for v in box))))
    return out


def with_doubts(articles: Sequence[Article], doubts: Sequence[tuple[int, str]]) -> list[Article]:
    """Each article holding a line the reader was unsure of, with the reason as its review (which
    `review.review_articles` flags)."""
    out = []
    for a in articles:
        reasons = [why for line, why in doubts if a.source.line_start <= line <= a.source.line_end]
        if reasons:
            a = replace(a, review="; ".join(filter(None, [a.review, *reasons])))
        out.append(a)
    return out


def _union(boxes) -> tuple[float, float, float, float]:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _with_picture(box, graphics) -> tuple[float, float, float, float]:
    above = [g for g in graphics if g[3] <= box[1] + 0.002 and box[1] - g[3] < 0.03
             and min(g[2], box[2]) - max(g[0], box[0]) > 0.5 * (box[2] - box[0])]
    if not above:
        return box
    g = max(above, key=lambda g: g[3])
    return _union([box, g])


# ---------------------------------------------------------------------------------------------
# the page picture


def render_picture(path: Path, index: int) -> bytes:
    """A small grey picture of one page as PNG bytes: the same bytes for the same PDF."""
    pdf = _open(path)
    try:
        return _render(pdf, index)
    finally:
        pdf.close()


def _render(pdf, index: int, width: int = PICTURE_WIDTH) -> bytes:
    import pypdfium2.raw as raw

    page = pdf[index]
    try:
        return _render_page(page, width)
    finally:
        page.close()


def _render_page(page, width: int = PICTURE_WIDTH) -> bytes:
    return _encode_picture(*_grey_pixels(page, width))


def _grey_pixels(page, width: int = PICTURE_WIDTH) -> tuple[bytes, int, int, int]:
    """The page drawn in 8-bit grey, `width` pixels wide: its pixels, width, height and stride."""
    import pypdfium2.raw as raw

    bitmap = page.render(scale=width / page.get_width(), grayscale=True, force_bitmap_format=raw.FPDFBitmap_Gray,
                         may_draw_forms=False)
    return bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride


def _encode_picture(data: bytes, width: int, height: int, stride: int) -> bytes:
    return _with_digest(encode_png_grey4(data, width, height, stride))


def encode_png_grey4(data: bytes, width: int, height: int, stride: int) -> bytes:
    """8-bit grey pixels → a 4-bit grey PNG (16 levels: small, and enough for a page of type)."""
    import numpy as np

    pixels = np.frombuffer(data, dtype=np.uint8)[: height * stride].reshape(height, stride)[:, :width]
    levels = ((pixels.astype(np.uint16) + 8) // 17).astype(np.uint8)  # 0..255 → 0..15
    if width % 2:
        levels = np.hstack([levels, np.zeros((height, 1), dtype=np.uint8)])
    packed = (levels[:, 0::2] << 4) | levels[:, 1::2]
    rows = np.hstack([np.zeros((height, 1), dtype=np.uint8), packed])  # filter type 0 before each row
    raw_data = rows.tobytes()
    import struct

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 4, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw_data, 6))
            + chunk(b"IEND", b""))


_GENERATED = b"generated"


def _picture_digest(png: bytes) -> bytes:
    """The digest a picture ingest wrote records of itself: of its bytes up to its text chunk."""
    import hashlib

    at = png.find(b"tEXt" + _GENERATED)
    return hashlib.sha256(png[: at - 4 if at > 4 else len(png)]).hexdigest()[:16].encode()


def _with_digest(png: bytes) -> bytes:
    """`png` with a `generated` text chunk holding its digest, before IEND: the mark of ingest's picture."""
    import struct

    body = _GENERATED + b"\0" + _picture_digest(png[:-12])
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body) & 0xFFFFFFFF)
    return png[:-12] + chunk + png[-12:]


def is_generated_picture(png: bytes) -> bool:
    """True when `png` is a picture as ingest wrote it (an editor's replacement lacks the mark)."""
    at = png.find(b"tEXt" + _GENERATED + b"\0")
    if at < 4:
        return False
    recorded = png[at + 4 + len(_GENERATED) + 1: at + 4 + len(_GENERATED) + 1 + 16]
    return recorded == _picture_digest(png)


def write_picture(target: Path, png: bytes) -> None:
    """Write a page's picture into content/, unless an editor replaced the one ingest wrote there."""
    import os

    if target.exists():
        old = target.read_bytes()
        if old == png or not is_generated_picture(old):
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(png)
    os.replace(tmp, target)


def page_pictures(path: Path, *, jobs: int = 1) -> list[bytes]:
    """Every page's picture (see `render_picture`), shared among `jobs` workers for many pages."""
    from generator.infra.parallel import map_in_order

    n = page_count(path)
    jobs = jobs if n >= PARALLEL_MIN_PDF_PAGES else 1
    parts = [(path, r) for r in _ranges(n, jobs)]
    return [png for part in map_in_order(_render_range, parts, jobs=jobs, chunks=len(parts)) for png in part]
