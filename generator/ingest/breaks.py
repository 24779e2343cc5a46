"""Cleaned lines → the same lines with the page's runs marked, where its blank lines say nothing.

The layout reads a page as runs of lines between blank lines: a header, a paragraph, a caption.
Two common extractions lose them: text with no blank line at all (OCR, `pdftotext -raw`, text
copied from a viewer), and text with a blank line after every line (a web viewer's text layer).
Their runs are found again from the lines themselves, as a reader finds them:

- a paragraph ends on a line that ends a sentence and that the next line's first word would have
  fitted on, or that is followed by a line set in (a paragraph's first line) or by a heading;
- a header is a run of short lines without sentence punctuation, kickers (`…：`), subtitles
  (`——…`) and bylines (`◎ …`, `本报记者 …`); the first line of running text or a lead (`本报讯…`)
  ends it, and a byline or subtitle closes it;
- a line without punctuation over running text is that text's first line, not a heading, when it
  is as full as a first line and the page shows it goes on: it comes right under a heading, its
  end cuts a word the page uses, or its words are those of the text above it;
- a photo credit (`… 摄`) ends the caption above it; furniture stands alone;
- a line that was justified (`这 个 时`) is running text, whatever its shape.

Widths are the page's own: the column is the most common width of the wrapped lines nearby (a page
may set columns of several widths), how wide its punctuation is comes from how much wider lines
with more punctuation are (half a column on a typeset page, a whole one on a page laid out by
counting), and how far a first line is set in from its first lines.

A line set in (`　　本报讯…`) starts a paragraph, on a page that sets in some lines only. A page
whose blank lines are informative is otherwise returned as it is.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from generator.ingest.furniture import trailing_pointer
from generator.ingest.layout import (
    _POINTER_ENDS, BODY_PUNCT, FIRST_LINE_INDENT, INDENT_EVIDENCE, _credit_of_caption, _lead, display_width, ends_sentence,
    first_unit, furniture_lines, header_part, is_head_like, reads_as_headline,
)
from generator.models import Line

# A page of fewer lines has too little to go on; its blank lines are taken as they are.
LINES_AT_LEAST = 6
# No blank line between at least this share of its neighbouring lines: the page has no runs.
FLAT_AT_LEAST = 0.97
# A blank line between at least this share, and at least `WRAPPED_AT_LEAST` of the lines of running
# text ending inside a sentence: a blank after every line, not one paragraph a line.
SPACED_AT_LEAST = 0.9
WRAPPED_AT_LEAST = 0.25
# The column at a line is measured on the wrapped lines this many lines above and below it.
WINDOW = 12
WRAPPED_WIDTH_AT_LEAST = 6
MAX_SLACK = 3  # columns a typeset page's full lines may stray from its column
MAX_INDENT = 4  # columns a paragraph's first line is set in, at most
# A page whose punctuation measures less than this narrower than a column sets it full width (a page
# laid out by counting characters measures ~0.1, from lines ending on punctuation); at most
# `PUNCTUATION_NARROWER_AT_MOST`. Measured on at least `PUNCTUATION_EVIDENCE` wrapped lines.
PUNCTUATION_NARROWER_AT_LEAST = 0.25
PUNCTUATION_NARROWER_AT_MOST = 0.75
PUNCTUATION_EVIDENCE = 30
# Set in on at most this share of its lines, a page says with it where its paragraphs start.
INDENTED_AT_MOST = 0.95
# A pair of characters found this often inside the page's lines is a word, when a line's end cuts it.
WORD_AT_LEAST = 2
# Lines of text above and below a line that its words are compared with.
CONTEXT_LINES = 8

_HEADER_KINDS = frozenset({"kicker", "title", "subtitle", "byline"})
_PUNCTUATION = re.compile(r"[，。、；：！？“”‘’（）《》「」『』]")
_HALF_WIDTH = re.compile(r"[\x00-\x7f]")
_HAN_PAIR = re.compile(r"(?=([\u3400-\u9fff]{2}))")


def restore_runs(lines: Sequence[Line]) -> Sequence[Line]:
    """The page's lines with a blank line between its runs: before each line set in as a paragraph's
    first (when some lines are set in and others not), and where its own blank lines say nothing."""
    filled = [line for line in lines if line.text]
    indents = _indents_tell(filled)
    if indents:
        lines = _indents_as_breaks(lines)
    if len(filled) < LINES_AT_LEAST:
        return lines
    gaps = _gaps(lines)
    pairs = len(filled) - 1
    if gaps <= (1 - FLAT_AT_LEAST) * pairs:
        kept = lines  # its few blank lines stay where they are
    elif gaps >= SPACED_AT_LEAST * pairs and _wrapped_share(filled) >= WRAPPED_AT_LEAST:
        kept = filled
    else:
        return lines
    return _with_breaks(kept, indents=indents)


def _indents_tell(filled: Sequence[Line]) -> bool:
    """Whether the page sets in some of its lines, not all: then a line set in opens a paragraph."""
    indented = sum(line.indented for line in filled)
    return 0 < indented <= INDENTED_AT_MOST * len(filled)


def _indents_as_breaks(lines: Sequence[Line]) -> list[Line]:
    """A blank line before each line set in (`　　本报讯…`)."""
    out: list[Line] = []
    for line in lines:
        if line.indented and line.text and out and out[-1].text:
            out.append(Line(out[-1].number, ""))
        out.append(line)
    return out


def _gaps(lines: Sequence[Line]) -> int:
    """How many pairs of neighbouring text lines have a blank line between them."""
    gaps, seen, blank = 0, False, False
    for line in lines:
        if not line.text:
            blank = seen
            continue
        gaps += blank
        seen, blank = True, False
    return gaps


def _wrapped_share(filled: Sequence[Line]) -> float:
    """The share of the lines of running text (with punctuation) that stop inside a sentence."""
    running = [line.text for line in filled if not BODY_PUNCT.isdisjoint(line.text)]
    return sum(not ends_sentence(text) for text in running) / len(running) if running else 0.0


def _without_pointer(text: str) -> str:
    """A line without the pointer to another page that ends it (`…80余家。（下转02版）`)."""
    at = trailing_pointer(text) if text[-1:] in _POINTER_ENDS else None
    return text if at is None else text[:at].rstrip()


def _kind(text: str) -> str:
    """What a line that is no furniture can be, by its own shape: credit, lead, a header part, a head or text."""
    if _credit_of_caption(text):
        return "credit"
    if _lead(text):
        return "lead"
    return header_part(text) or ("title" if is_head_like(text) else "text")


@dataclass(frozen=True, slots=True)
class _Page:
    """A page's lines (without pointers) with what each can be, and the measures of its type."""

    texts: tuple[str, ...]
    kinds: tuple[str, ...]
    punctuation: float  # how much narrower than a column a punctuation mark is set
    columns: tuple[tuple[float, float], ...]  # at each line: the column, and how ragged it is
    indent: tuple[float, float]  # how far a first line is set in: typically, and at most

    def width(self, text: str) -> float:
        width = display_width(text)
        return width - self.punctuation * len(_PUNCTUATION.findall(text)) if self.punctuation else width

    def ended_early(self, i: int, next_text: str, indent: float = 0) -> bool:
        """The next line's first word would have fitted on line `i` (set `indent` columns in, give or
        take the column's raggedness): the line was ended on purpose."""
        full, slack = self.columns[i]
        return self.width(self.texts[i]) + self.width(first_unit(next_text)) <= full - indent - slack

    def full(self, i: int, indent: float = 0) -> bool:
        """Line `i` is filled to the column (set in `indent`), and no wider: running text."""
        next_text = self.texts[i + 1] if i + 1 < len(self.texts) else ""
        return not self.ended_early(i, next_text, indent) and self.width(self.texts[i]) <= sum(self.columns[i]) + 0.5

    def opens_paragraph(self, i: int) -> bool:
        """Line `i` is set in as a paragraph's first line: full only once set in."""
        return not self.full(i) and self.full(i, max(self.indent[1], FIRST_LINE_INDENT))


def _measure(texts: Sequence[str], kinds: Sequence[str]) -> _Page:
    wrapped = [i for i, (t, k) in enumerate(zip(texts, kinds))
               if k in ("text", "title") and not ends_sentence(t) and display_width(t) >= WRAPPED_WIDTH_AT_LEAST
               and 0 < i < len(texts) - 1 and kinds[i + 1] in ("text", "title") and not ends_sentence(texts[i - 1])]
    page = _Page(tuple(texts), tuple(kinds), 0.0, (), (0.0, 0.0))
    columns = _columns(page, wrapped)
    punctuation = _punctuation_width(page, wrapped, columns)
    if punctuation:
        page = _Page(page.texts, page.kinds, punctuation, (), (0.0, 0.0))
        columns = _columns(page, wrapped)
    page = _Page(page.texts, page.kinds, punctuation, tuple(columns), (0.0, 0.0))
    return _Page(page.texts, page.kinds, punctuation, page.columns, _first_line_indent(page))


def _columns(page: _Page, wrapped: Sequence[int]) -> list[tuple[float, float]]:
    """The column at each line: the most common width of the wrapped lines around it, and their
    median distance from it (a typeset page is ragged by a column or two, one laid out by counting
    is not)."""
    widths = {i: page.width(page.texts[i]) for i in wrapped}
    every = list(widths.values())
    fallback = _column_of(every) if every else (20.0, 0.0)
    out = []
    for i in range(len(page.texts)):
        near = [w for j, w in widths.items() if abs(j - i) <= WINDOW]
        out.append(_column_of(near) if len(near) >= 3 else fallback)
    return out


def _column_of(widths: Sequence[float]) -> tuple[float, float]:
    counts = Counter(math.ceil(w) for w in widths)
    column = float(max(counts, key=lambda w: (counts[w], w)))
    return column, min(MAX_SLACK, statistics.median(abs(w - column) for w in widths))


def _punctuation_width(page: _Page, wrapped: Sequence[int], columns: Sequence[tuple[float, float]]) -> float:
    """How much narrower than a column the page sets a punctuation mark: how much wider, counted in
    characters, its wrapped lines are for each mark they hold (0 for a page laid out by counting)."""
    near = [(len(_PUNCTUATION.findall(page.texts[i])), display_width(page.texts[i]) - columns[i][0])
            for i in wrapped if abs(display_width(page.texts[i]) - columns[i][0]) <= MAX_INDENT]
    if len(near) < PUNCTUATION_EVIDENCE:
        return 0.0
    marks = [m for m, _ in near]
    if statistics.variance(marks) == 0:
        return 0.0
    slope = statistics.covariance(marks, [w for _, w in near]) / statistics.variance(marks)
    return min(slope, PUNCTUATION_NARROWER_AT_MOST) if slope >= PUNCTUATION_NARROWER_AT_LEAST else 0.0


def _first_line_indent(page: _Page) -> tuple[float, float]:
    """How far a paragraph's first line is set in, typically and at most: the median shortfall of
    lines of running text that follow a paragraph's end and go on into the next line, and that plus
    its spread (ragged on a typeset page); lines holding half-width characters measure it badly."""
    texts, kinds = page.texts, page.kinds
    shorts = sorted(short for i in range(1, len(texts) - 1)
                    if kinds[i] == kinds[i + 1] == "text" and not ends_sentence(texts[i])
                    and ends_sentence(texts[i - 1]) and page.ended_early(i - 1, texts[i])
                    and not _HALF_WIDTH.search(texts[i])
                    and (short := page.columns[i][0] - page.width(texts[i])) >= 0)
    if len(shorts) < INDENT_EVIDENCE:
        return FIRST_LINE_INDENT, FIRST_LINE_INDENT
    spread = (shorts[(9 * len(shorts)) // 10] - shorts[len(shorts) // 10]) / 2
    indent = statistics.median(shorts)
    return min(MAX_INDENT, indent), min(MAX_INDENT, indent + spread)


def _with_breaks(lines: Sequence[Line], *, indents: bool) -> list[Line]:
    """Lines with a blank line inserted wherever a run ends (see the module docstring); `indents`:
    a line set in opens a paragraph."""
    filled = [line for line in lines if line.text]
    texts = [_without_pointer(line.text) for line in filled]
    furniture = furniture_lines(filled)
    page = _measure(texts, ["furniture" if i in furniture else "text" if line.justified else _kind(t)
                            for i, (line, t) in enumerate(zip(filled, texts))])
    kinds = list(page.kinds)
    pairs = Counter(pair for t in texts for pair in _HAN_PAIR.findall(t))
    for i in range(len(texts) - 1):
        if kinds[i] == "title" and kinds[i + 1] in ("text", "title"):
            kinds[i] = _heading_or_text(page, kinds, i, pairs)
    out: list[Line] = []
    in_header = run_start = True  # the run so far holds header parts only / the line opens a run
    index = 0
    for line in lines:
        out.append(line)
        if not line.text:
            in_header = run_start = True
            continue
        i = index
        index += 1
        in_header = in_header and kinds[i] in _HEADER_KINDS
        ends = i + 1 < len(filled) and ((indents and filled[i + 1].indented)
                                        or _ends_run(page, kinds, i, heading=in_header, first=run_start))
        if ends:
            out.append(Line(line.number, ""))
            in_header = True
        run_start = ends
    return out


def _heading_or_text(page: _Page, kinds: Sequence[str], i: int, pairs: Counter[str]) -> str:
    """A line without punctuation over running text or another such line: `text` when it belongs to
    the running text (see the module docstring), else `title`."""
    texts = page.texts
    text, next_text = texts[i], texts[i + 1]
    typical, most = page.indent
    if page.opens_paragraph(i + 1):
        return "title"  # the line under it opens a paragraph
    if page.full(i):
        return "text"  # not even set in: it goes on with a paragraph
    under_heading = i > 0 and kinds[i - 1] in ("title", "subtitle", "byline")
    if (under_heading or pairs[text[-1] + next_text[0]] >= WORD_AT_LEAST) and page.full(i, most):
        return "text"  # `…首个社` / `区志愿者…`: a word cut by the line's end
    if not page.full(i, most):
        return "title"
    end = i  # the text above is read over the heading right above the line, if any
    while end > 0 and kinds[end - 1] in _HEADER_KINDS:
        end -= 1
    start = end
    while start > 0 and kinds[start - 1] not in _HEADER_KINDS and end - start < CONTEXT_LINES:
        start -= 1
    above, below = "".join(texts[start:end]), "".join(texts[i + 1 : i + 1 + CONTEXT_LINES])
    return "title" if reads_as_headline(text, above, below) else "text"


def _ends_run(page: _Page, kinds: Sequence[str], i: int, *, heading: bool, first: bool) -> bool:
    """Whether a run ends after line `i` (`heading`: the line is part of a header; `first`: it opens its run)."""
    texts = page.texts
    text, kind, next_text, next_kind = texts[i], kinds[i], texts[i + 1], kinds[i + 1]
    if kind == "furniture" or next_kind == "furniture" or kind == "credit":
        return True
    if next_kind == "credit":  # a credit is under its caption, or ends a caption line after a sentence
        return bool(_credit_of_caption(next_text).before) and ends_sentence(text)
    if next_kind == "lead":
        return True
    if heading:
        if kind == "kicker":
            return False
        if kind in ("byline", "subtitle"):  # they close a header, but for its byline
            return next_kind != "byline"
        if next_kind == "title" and i + 2 < len(texts) and kinds[i + 2] == "credit" and not _credit_of_caption(
                texts[i + 2]).before:
            return True  # a photo's one-line caption, over its credit
        return next_kind not in ("byline", "subtitle", "title")
    if next_kind in ("byline", "subtitle"):
        return True
    if not ends_sentence(text):
        return False
    if page.ended_early(i, next_text, FIRST_LINE_INDENT if first else 0):
        return True  # the next word would have fitted: the paragraph ended here
    if next_kind != "text":
        return True  # a heading or kicker after a sentence end
    return page.opens_paragraph(i + 1)  # a full line goes on with the paragraph, one set in opens the next
