"""A whole day's paper in one seed, in the digest form → its printed pages and their articles.

The digest form is what `pdftotext` gives of the merged-article PDF that public download scripts
make of a paper's web edition: a table of contents (`1. 标题`, `2. …`), then for each item its
headline lines, its byline lines (`本报记者 张三`, names on lines of their own, sometimes one
character a line), the source line `《人民日报》（2025年10月20日 第 02 版）` and its text; the PDF's
`第 N 页` footers fall anywhere, even inside a sentence. Items that are only `本版责编：…` or `广告`
belong to their printed page.

Such a seed is recognised by its shape (source lines alone on their line), cut into printed pages
by the source lines, and each article takes paper, date and page from its own source line. The
table of contents checks the headlines and is never published. Source lines, footers, the table
of contents, the role words of bylines and furniture items are the page's furniture, so no Han
character of the seed is lost. Pure functions; no I/O.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from generator.ingest.furniture import furniture_kind
from generator.ingest.layout import COMMON_SURNAMES, LEAD, WRITER_ROLES, roles, display_width, ends_sentence, is_head_like, join_wrapped
from generator.errors import Problem
from generator.models import Article, Block, Line, PageInfo, Source

# `《人民日报》（2025年10月20日 第 02 版）`; spaces anywhere, half- or full-width brackets.
SOURCE_LINE = re.compile(r"^《\s*(?P<paper>[^《》]{1,24}?)\s*》\s*[（(]\s*(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})"
                         r"\s*月\s*(?P<day>\d{1,2})\s*日\s*第\s*(?P<page>\d{1,3})\s*版\s*[）)]\s*$")
TOC_ENTRY = re.compile(r"^(?P<n>\d{1,3})(?:\s*[.．、]\s*(?=\S)|\s+(?=[^\s\d]))(?P<title>.+)$")
TOC_HEADING = re.compile(r"^(?:目\s*录|本期目录|今日导读|要目)$")
# A byline's role words: `本报记者`, `新华社记者`, `本报驻京记者`, `通讯员`, `本报评论员`, `特约撰稿人`
# (the unit before the role, 特约 too, is what the lazy prefix takes).
ROLE = re.compile(rf"^[\u4e00-\u9fff]{{0,8}}?(?:{roles(*WRITER_ROLES, '观察员')})")
HAN = re.compile(r"[\u3400-\u9fff]")
NAME_TOKEN = re.compile(r"^[\u4e00-\u9fff·]{1,5}$")
SENTENCE_CLOSE = ("。", "；", "，", "：", "、")  # a line ending so is running text, never a headline
# A headline's lines are short: at most this many columns (a body line holds 30–40).
HEAD_MAX = 30
EDITION_MIN_SOURCE_LINES = 1


@dataclass(frozen=True, slots=True)
class EditionPage:
    """One printed page of an edition: its facts, articles, furniture lines and problems."""

    page_no: int
    paper: str
    date: str  # yyyy-mm-dd
    articles: tuple[Article, ...]
    furniture: tuple[str, ...]
    lines: tuple[int, ...]  # the seed's line numbers that are this page's (for the conservation check)
    warnings: tuple[Problem, ...] = ()  # of the page, not tied to one of its articles


@dataclass
class _Item:
    source: int | None  # index of its source line (None: the seed printed none for it)
    paper: str
    date: str
    page_no: int
    header: list[int] = field(default_factory=list)  # indices of its header lines
    body: list[int] = field(default_factory=list)


def source_fact(text: str) -> tuple[str, str, int] | None:
    """Paper, date (yyyy-mm-dd) and page number of a source line, or None."""
    m = SOURCE_LINE.match(text)
    if not m:
        return None
    date = f"{int(m['year']):04d}-{int(m['month']):02d}-{int(m['day']):02d}"
    return m["paper"].strip(), date, int(m["page"])


# What a source line holds, looked for in the raw text before any line is cleaned: most seeds are
# single pages, and cleaning them twice would cost more than all of this module.
_SOURCE_IN_RAW = re.compile(r"》[^\S\n]*[（(][^\n]{0,48}?版[^\S\n]*[）)]")


def may_be_edition(text: str) -> bool:
    """Whether a seed's raw text holds something shaped like a source line (see `is_edition`)."""
    return "版" in text and _SOURCE_IN_RAW.search(text) is not None


def is_edition(lines: Sequence[Line]) -> bool:
    """A seed in the digest form: it has lines that are a source line and nothing else."""
    return sum(1 for line in lines if "版" in line.text and source_fact(line.text)) >= EDITION_MIN_SOURCE_LINES


def page_numbers(lines: Sequence[Line]) -> list[tuple[int, str, str]]:
    """The printed pages an edition holds, in page order: (page number, paper, date)."""
    seen: dict[int, tuple[int, str, str]] = {}
    for line in lines:
        fact = source_fact(line.text) if "版" in line.text else None
        if fact:
            seen.setdefault(fact[2], (fact[2], fact[0], fact[1]))
    return [seen[n] for n in sorted(seen)]


_NOT_COMPARED = re.compile(r"[\s\u3000“”‘’\"'《》〈〉「」『』·•・—－\-–_:：,，.。!！?？、;；()（）\[\]【】…]+")


def squash(text: str) -> str:
    """A headline as compared with the table of contents: full-width forms folded (NFKC), without
    white space and punctuation, which a contents line and a headline may set differently."""
    return _NOT_COMPARED.sub("", unicodedata.normalize("NFKC", text))


# A PDF's own page numbers: `第 3 页`, `第 3 页 共 20 页`, `3 / 20`, `- 3 -`.
_PDF_PAGE = re.compile(r"^(?:第\s*\d{1,4}\s*页(?:\s*[/／，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*[/／]\s*\d{1,4})$")
# A contents line's dot leaders and page number: `标题 ………… 3`.
_LEADER = re.compile(r"\s*[.·…．]{3,}\s*\d{0,4}\s*$")


def _is_footer(text: str) -> bool:
    return bool(_PDF_PAGE.match(text)) or furniture_kind(text) in ("running", "pointer")


def _toc(lines: Sequence[Line], stop: int) -> tuple[list[tuple[int, str, list[int]]], int, int]:
    """The table of contents before line index `stop`: entries (number, title, their line indices),
    and the indices where it starts and ends (end exclusive); no entries: ([], 0, 0).

    Entries are numbered 1, 2, 3 … (numbering may start again at 1, page by page); a line that is
    not an entry continues the entry above it when that entry's line is as wide as the widest entry
    (a wrapped line fills the width) and the seed prints the two joined further on (the headline);
    a short line followed by an entry heads a group of entries
    (`第01版：要闻`, `要闻`) and is kept as the contents' own.
    """
    start = next((i for i in range(stop) if (m := TOC_ENTRY.match(lines[i].text)) and m["n"] == "1"), None)
    if start is None:
        return [], 0, 0
    entries: list[tuple[int, str, list[int]]] = []
    widest = max((display_width(lines[i].text) for i in range(start, stop) if TOC_ENTRY.match(lines[i].text)),
                 default=0)
    end = last = start
    keys = [squash(line.text) for line in lines]
    offsets = [0]
    for key in keys:
        offsets.append(offsets[-1] + len(key))
    joined = "".join(keys)

    def rest(at: int) -> str:  # the seed's text from line `at` on, as squash gives it
        return joined[offsets[at]:]

    for i in range(start, stop):
        text = lines[i].text
        m = TOC_ENTRY.match(text)
        if m and (not entries or int(m["n"]) in (entries[-1][0] + 1, 1)):
            entries.append((int(m["n"]), _LEADER.sub("", m["title"]) or m["title"], [i]))
            end = last = i + 1
        elif not text or _is_footer(text):
            continue
        elif (entries and last - 1 == entries[-1][2][-1]
              and display_width(lines[entries[-1][2][-1]].text) >= 0.9 * widest and not source_fact(text)
              and squash(entries[-1][1] + text) in rest(i + 1)):
            n, title, at = entries[-1]
            entries[-1] = (n, _LEADER.sub("", title + text) or title + text, [*at, i])
            end = last = i + 1
        elif display_width(text) <= 12 and (following := _previous_text_after(lines, i, stop)) is not None \
                and TOC_ENTRY.match(lines[following].text):
            last = i + 1  # a group's heading inside the contents
        else:
            break
    if len(entries) < 2:
        return [], 0, 0
    return entries, start, end


# What a digest PDF's line looks like (`pdf.LineStyle`), by its size against the body text and its
# place: a headline is much larger; a kicker or subtitle larger and centred (a larger line not
# centred is a subhead); a byline or credit smaller and centred.
HEAD_SIZE, DECK_SIZE, SMALL_SIZE = 1.45, 1.05, 0.95


def look(style) -> str:
    """`head`, `deck`, `subhead`, `small` (centred, smaller than the body) or `body`."""
    if style is None:
        return "body"
    if style.size >= HEAD_SIZE:
        return "head"
    if style.size >= DECK_SIZE:
        return "deck" if style.centred else "subhead"
    return "small" if style.size < SMALL_SIZE and style.centred else "body"


def _styled_header_start(lines: Sequence[Line], looks: Sequence[str], low: int, source: int) -> int | None:
    """Where a header starts by the PDF's looks: the headline lines nearest above the source line,
    the kicker lines right above them; None when no headline-sized line stands there."""
    i, head, kicker = source, None, False
    while i > low:
        text = lines[i - 1].text
        if text and not _is_footer(text):
            kind = looks[i - 1]
            if kind == "head" and not kicker:
                head = i - 1
            elif kind == "deck" and head is not None:
                kicker = True
            elif head is not None or kind not in ("deck", "small"):
                break  # text, or what stands above the kicker: another item's (a credits line)
        i -= 1
    return i if head is not None else None


def set_aside(lines: Sequence[Line], styles: Sequence | None = None) -> set[int]:
    """Indices of the lines that are the PDF's own, not an item's: lines outside its text column
    (`styles`, from the PDF), and short lines that stand next to most of its `第 N 页` footers (a
    running head, a notes area's label), which a text without positions shows only by repeating."""
    aside = {i for i, style in enumerate(styles or ()) if i < len(lines) and style.aside and lines[i].text}
    footers = [i for i, line in enumerate(lines) if _PDF_PAGE.match(line.text)]
    if len(footers) < 3:
        return aside
    beside: dict[str, list[int]] = {}
    for f in footers:
        for step in (-1, 1):
            j = f + step
            while 0 <= j < len(lines) and (not lines[j].text or _PDF_PAGE.match(lines[j].text) or j in aside):
                j += step
            if 0 <= j < len(lines) and display_width(lines[j].text) <= 12:
                beside.setdefault(lines[j].text, []).append(j)
    for found in beside.values():
        if len(set(found)) >= max(3, len(footers) // 2):
            aside.update(found)
    return aside


def _previous_text_after(lines: Sequence[Line], at: int, stop: int) -> int | None:
    """The index of the next line below `at` with text (not a footer), before `stop`."""
    for i in range(at + 1, stop):
        if lines[i].text and not _is_footer(lines[i].text):
            return i
    return None


def _is_role_line(text: str) -> bool:
    """A byline: role words, then names or more roles (`本报记者 王汉超 通讯员 陈 晨`), never running
    text that starts with a role word (`记者从有关部门获悉：…`)."""
    if len(text) > 40 or not ROLE.match(text) or any(ch in text for ch in "。，；："):
        return False
    for token in re.split(r"[\s、,，/]+", text.strip()):
        while token and (m := ROLE.match(token)):
            token = token[m.end():]
        if token and not NAME_TOKEN.match(token):
            return False
    return True


def _is_name_line(text: str) -> bool:
    tokens = re.split(r"[\s、,，]+", text.strip())
    return 0 < len(tokens) <= 4 and all(NAME_TOKEN.match(t) for t in tokens)


def byline_names(texts: Sequence[str]) -> tuple[tuple[str, ...], bool]:
    """Authors of byline lines, role words dropped; and whether the names were guessed.

    Names printed one character a line (`崔` / `斌`) are joined: a run of two or three single
    characters is one name, a longer even run is names of two; another run is a guess.
    """
    tokens: list[str] = []
    for text in texts:
        for token in re.split(r"[\s、,，/]+", text.strip()):
            while token and ROLE.match(token):
                token = token[ROLE.match(token).end():]
            if token:
                tokens.append(token)
    names: list[str] = []
    guessed = False
    run: list[str] = []

    def flush() -> None:
        nonlocal guessed
        if not run:
            return
        if len(run) <= 3:
            names.append("".join(run))
        else:
            # names of two or three characters, each starting with a common surname: one way is sure
            ways = [w for w in _name_cuts(len(run)) if all(run[k] in COMMON_SURNAMES for k, _ in w)]
            if len(ways) != 1 and len(run) % 2 == 0:
                ways = [[(k, 2) for k in range(0, len(run), 2)]]  # 2+2…, as names padded to three print
            if len(ways) == 1:
                names.extend("".join(run[k : k + n]) for k, n in ways[0])
            else:
                names.append("".join(run))
                guessed = True
        run.clear()

    for token in tokens:
        if len(token) == 1:
            run.append(token)
        else:
            flush()
            names.append(token)
    flush()
    return tuple(dict.fromkeys(names)), guessed


# The most lines a header can have above its source line: kicker, a headline over three lines, two
# lines of subtitle, a byline with names one character a line, and a footer among them.
HEADER_MAX_LINES = 16


def _unnumbered(text: str) -> str:
    """A headline line without the item number some digests print before it (`3. 标题`)."""
    m = TOC_ENTRY.match(text)
    return m["title"] if m else text


def _name_cuts(n: int, at: int = 0) -> list[list[tuple[int, int]]]:
    """Every way to cut n characters (from `at`) into names of two or three: (start, length) each."""
    if n == at:
        return [[]]
    return [[(at, size), *rest] for size in (2, 3) if at + size <= n for rest in _name_cuts(n, at + size)]


def _header_start(lines: Sequence[Line], low: int, source: int, toc: Sequence[str], head_max: float = HEAD_MAX,
                  looks: Sequence[str] | None = None) -> int:
    """Where the header of the item whose source line is at `source` starts, looking back to `low`.

    With a table of contents, it is the lowest run of lines near the source line that is one of its
    titles (and a kicker line right above it); else, in a PDF, the headline-sized lines above and
    their kicker (`_styled_header_start`); else the lines above that can be headline and byline
    lines (short, not ending a sentence).
    """
    wanted = {squash(t) for t in toc}
    if wanted:
        seen = 0
        for end in range(source, low, -1):
            if lines[end - 1].text:
                seen += 1
            if seen > HEADER_MAX_LINES:
                break
            joined = ""
            for begin in range(end - 1, max(low, end - 6) - 1, -1):
                if not lines[begin].text:
                    break
                joined = squash(lines[begin].text) + joined
                if joined in wanted or squash(_unnumbered(lines[begin].text)) + joined[len(squash(lines[begin].text)):] \
                        in wanted:
                    above = _previous_text(lines, low, begin)
                    if above is not None and _kicker_like(lines[above].text) and \
                            _ends_text(lines, low, above, head_max / 0.9):
                        return above
                    return begin
    styled = _styled_header_start(lines, looks, low, source) if looks else None
    if styled is not None:
        return styled
    i = source
    while i > low:
        text = lines[i - 1].text
        if text and not (_is_footer(text) or _head_line(text, head_max) or _exclaimed_head(lines, low, i - 1)):
            break
        i -= 1
    return i


def _exclaimed_head(lines: Sequence[Line], low: int, at: int) -> bool:
    """A short line ending with `！` or `？` is a headline's when the text above it is finished (a
    paragraph's last line follows a line that a wrap cut mid-sentence)."""
    text = lines[at].text
    return text.endswith(("！", "？", "!", "?")) and display_width(text) <= 20 and not _is_footer(text) \
        and _ends_text(lines, low, at)


def _previous_text(lines: Sequence[Line], low: int, at: int) -> int | None:
    """The index of the nearest line above `at` with text (not a footer), down to `low`."""
    for i in range(at - 1, low - 1, -1):
        if lines[i].text and not _is_footer(lines[i].text):
            return i
    return None


def _ends_text(lines: Sequence[Line], low: int, at: int, column: float = 2 * HEAD_MAX) -> bool:
    """Nothing but finished text (or nothing) above the line at `at`, so it may start a header: a
    sentence's end, a closing bracket, or a short line (a credit, a byline), not a line that a wrap
    cut mid-sentence."""
    above = _previous_text(lines, low, at)
    if above is None:
        return True
    text = lines[above].text
    return ends_sentence(text) or text.endswith(("）", ")")) or bool(photo_credit(text)) \
        or display_width(text) < 0.7 * column


def _head_line(text: str, head_max: float = HEAD_MAX) -> bool:
    """A line that can belong to a headline or byline: short (narrower than `head_max`, a body line
    is wider), no sentence punctuation at its end."""
    if _is_footer(text) or source_fact(text) or text.startswith(("（", "(")) and text.endswith(("）", ")")) \
            or photo_credit(text):
        return False
    return display_width(text) <= head_max and not text.endswith(SENTENCE_CLOSE) and not ends_sentence(text) \
        or _is_role_line(text)


def _kicker_like(text: str) -> bool:
    return bool(text) and display_width(text) <= HEAD_MAX and not ends_sentence(text) \
        and not text.endswith(SENTENCE_CLOSE) and not _is_footer(text) and not source_fact(text) \
        and not TOC_ENTRY.match(text) and not (text.startswith(("（", "(")) and text.endswith(("）", ")"))) \
        and not photo_credit(text)


@dataclass(frozen=True, slots=True)
class _Header:
    kicker: str | None
    title: str | None
    subtitle: str | None
    authors: tuple[str, ...]
    byline: tuple[str, ...]  # the byline lines as printed (their role words are kept as furniture)
    doubts: tuple[str, ...]


def _byline_run(texts: Sequence[str], floor: int) -> tuple[int, bool]:
    """Where the byline lines at the bottom of `texts` start (never above `floor`), and whether a
    role line (`本报记者`) is among them."""
    k, has_role = len(texts), False
    top_role = None  # names stand under their role line: none above the topmost one belongs
    while k > floor:
        t = texts[k - 1]
        if _is_role_line(t):
            has_role, top_role = True, k - 1
        elif not (_is_name_line(t) and not t.startswith("—")):
            break
        k -= 1
    return (top_role if top_role is not None else k), has_role


def _surnamed(text: str) -> bool:
    return all(tok[:1] in COMMON_SURNAMES for tok in re.split(r"[\s、,，]+", text.strip()) if tok)


def _title_match(texts: Sequence[str], wanted: set[str]) -> tuple[int, int] | None:
    """The header lines [a, b) that are an entry of the table of contents (squashed), or None."""
    for a in range(len(texts)):
        for b in range(len(texts), a, -1):
            if squash("".join([_unnumbered(texts[a]), *texts[a + 1 : b]])) in wanted:
                return a, b
    return None


def kickers_below(headers: Sequence[Sequence[str]], toc: Sequence[str]) -> bool:
    """Whether an edition prints each kicker under its headline, as some digests do (the kicker
    and the subtitle both follow the title): some header has, under its headline, a line and then
    a `——` subtitle, and none has a line above its headline."""
    wanted = {squash(t) for t in toc}
    below = above = False
    for texts in headers:
        texts = [t for t in texts if t]
        matched = _title_match(texts, wanted)
        if not matched:
            continue
        a, b = matched
        under = texts[b:_byline_run(texts, b)[0]]
        above = above or a > 0
        below = below or (len(under) >= 2 and not under[0].startswith("—") and under[-1].startswith("—"))
    return below and not above


def parse_header(texts: Sequence[str], toc: Sequence[str], title_width: float, kicker_below: bool = False,
                 looks: Sequence[str] | None = None) -> _Header:
    """An item's header lines (blank lines and footers removed) → kicker, title, subtitle, authors.

    The title is the table of contents' entry where one matches: lines above it are the kicker,
    under it the subtitle (with `kicker_below`, the first line under it that is no `——` subtitle is
    the kicker), then the byline (role words, names on lines of their own). Without a
    match, the byline is read from the bottom (names without a role line only when they start with a
    common surname and the line above does not fill the headline's width), and the headline lines
    are joined while the line above fills the headline width (a wrapped headline); a shorter first
    line is the kicker, a `——` line or lines left under the title the subtitle.
    """
    if looks is not None:
        looks = [kind for t, kind in zip(texts, looks) if t]
    texts = [t for t in texts if t]
    doubts: list[str] = []
    matched = _title_match(texts, {squash(t) for t in toc})
    kicker = subtitle = title = None
    if not matched and looks and "head" in looks:
        return _styled_header(texts, looks)
    if matched:
        a, b = matched
        k, _ = _byline_run(texts, b)
        title = join_wrapped([_unnumbered(texts[a]), *texts[a + 1 : b]])
        kicker = join_wrapped(texts[:a]) or None
        below = texts[b:k]
        if kicker_below and not kicker and below and not below[0].startswith(("——", "—", "－－")):
            kicker, below = below[0], below[1:]
        subtitle = join_wrapped(below) or None
    else:
        k, has_role = _byline_run(texts, 1)
        if not has_role:
            while k < len(texts) and (not _surnamed(texts[k]) or display_width(texts[k - 1]) >= 0.9 * title_width):
                k += 1  # not names after all: the end of the headline
        rest = list(texts[:k])
        if len(rest) > 1 and rest[-1].startswith("——"):
            subtitle = rest.pop()
        if len(rest) >= 2 and display_width(rest[0]) < 0.9 * title_width and not rest[0].startswith("——"):
            kicker = rest.pop(0)
            doubts.append(f"“{kicker}” above the headline was taken for its kicker (no table of contents "
                          "confirms it)")
        lines_of_title = [rest.pop(0)] if rest else []
        while rest and display_width(lines_of_title[-1]) >= 0.9 * title_width:
            lines_of_title.append(rest.pop(0))
        if rest:
            subtitle = join_wrapped([*rest, *([subtitle] if subtitle else [])])
            doubts.append(f"“{subtitle}” under the headline was taken for its subtitle (no table of "
                          "contents confirms it)")
        title = join_wrapped(lines_of_title) or None
        if len(lines_of_title) > 1:
            doubts.append(f"the headline “{title}” was joined from {len(lines_of_title)} lines by their widths "
                          "(no table of contents confirms it)")
        if len(lines_of_title) > 1 and _is_name_line(lines_of_title[-1]):
            doubts.append(f"“{lines_of_title[-1]}” ends the headline but may be its author's name (no table "
                          "of contents confirms it)")
    byline = texts[k:]
    authors, guessed = byline_names(byline)
    if guessed:
        doubts.append("the authors' names were printed one character a line and may be joined wrongly")
    if subtitle:
        subtitle = subtitle.lstrip("—－-").strip() or None
    return _Header(kicker, title, subtitle, authors, tuple(byline), tuple(doubts))


def _styled_header(texts: Sequence[str], looks: Sequence[str]) -> _Header:
    """A header read by the PDF's looks: the headline-sized lines are the title, the lines above
    them the kicker, the larger lines under them the subtitle, the smaller centred lines that hold
    role words or names the byline (a name alone too: its place and size show it)."""
    a = looks.index("head")
    b = a
    while b < len(looks) and looks[b] == "head":
        b += 1
    k = b
    while k < len(looks) and not (looks[k] == "small" and (_is_role_line(texts[k]) or _is_name_line(texts[k]))):
        k += 1
    byline = [t for t, kind in zip(texts[k:], looks[k:]) if kind == "small" and (_is_role_line(t) or _is_name_line(t))]
    rest = [t for t in texts[k:] if t not in byline]
    subtitle = join_wrapped([*texts[b:k], *rest]).lstrip("—－-").strip() or None
    authors, guessed = byline_names(byline)
    doubts = ("the authors' names were printed one character a line and may be joined wrongly",) if guessed else ()
    return _Header(join_wrapped(texts[:a]) or None, join_wrapped(texts[a:b]), subtitle, authors, tuple(byline),
                   doubts)


# A dispatch's dateline, which starts its first paragraph: `新华社青岛10月19日电`, `本报北京10月19日电`.
_DATELINE = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日\s*电$")


def parse_body(lines: Sequence[Line], indented: Sequence[bool], column: float, wrapped: bool,
               full: float | None = None) -> tuple[list[Block], list[tuple[int, str]]]:
    """An item's text lines → paragraphs and subheads, and the furniture found among them.

    Footers (`第 3 页`) are taken out wherever they are, so a sentence cut by a page break is one
    paragraph again. A paragraph ends where a line ends a sentence and is short of the column, or
    before an indented line or a blank line after a sentence, or before a line two columns short of
    the full line width `full` (a first line indented by two characters, the indent itself lost);
    in text not wrapped into a column, at every line that ends a sentence.
    """
    furniture: list[str] = []
    blocks: list[Block] = []
    current: list[Line] = []
    blank_before = False

    def flush() -> None:
        if current:
            blocks.append(Block("paragraph", join_wrapped([l.text for l in current]),
                                (current[0].number, current[-1].number)))
            current.clear()

    for line, indent in zip(lines, indented):
        text = line.text
        if not text:
            blank_before = True
            continue
        # a credit that a wrap cut in two, each piece a line of its own (`本报记` / `者 程 远摄`)
        piece = blocks[-1] if not current and blocks and blocks[-1].kind == "subhead" else None
        if piece is None and len(current) == 1 and display_width(current[0].text) <= 8:
            piece = Block("paragraph", current[0].text, (current[0].number, current[0].number))
        if piece is not None and not ends_sentence(piece.text) and photo_credit(whole := join_wrapped([piece.text, text])):
            blocks.remove(piece) if piece in blocks else current.clear()
            furniture.append((line.number, whole))
            continue
        # a credit on a line of its own, unless a wrap cut it from the caption it ends (`…本报记` / `者 程 远摄`)
        cut = bool(current) and not ends_sentence(current[-1].text) and display_width(current[-1].text) >= 0.85 * column
        if furniture_kind(text) or _is_footer(text) or (current or blocks) and not cut and photo_credit(text):
            furniture.append((line.number, text))  # a credit's names become the item's authors
            continue
        if current:
            prev = current[-1].text
            ends = ends_sentence(prev)
            first_line = full is not None and full - 2.5 <= display_width(text) <= full - 1.5
            if ends and (indent or blank_before or not wrapped or display_width(prev) < 0.85 * column or first_line):
                flush()
            elif indent and not wrapped:
                flush()
        if not current and is_head_like(text) and not ends_sentence(text) and display_width(text) < 0.85 * column \
                and not _DATELINE.search(text):
            flush()
            blocks.append(Block("subhead", text, (line.number, line.number)))
            blank_before = False
            continue
        current.append(line)
        blank_before = False
    flush()
    # A subhead is a heading between paragraphs; one at the end of a text is its last paragraph.
    if blocks and blocks[-1].kind == "subhead":
        blocks[-1] = Block("paragraph", blocks[-1].text, blocks[-1].lines)
    return blocks, furniture


def _cut_unsourced_items(lines: Sequence[Line], items: list[_Item], toc: Sequence[str]) -> list[_Item]:
    """Items the seed printed no source line for: a title of the table of contents that no header
    holds, alone on one to three lines of another item's text after a finished sentence, starts an
    item of the same page there (its header: the headline-like lines from there on)."""
    keys = {squash(t) for t in toc} - {""}
    for it in items:
        header = squash("".join(lines[i].text for i in it.header))
        keys = {k for k in keys if k not in header}
    if not keys:
        return items
    out: list[_Item] = []
    for it in items:
        body, cuts = it.body, []
        for k in range(1, len(body)):
            if not lines[body[k]].text or (cuts and k < cuts[-1][1]):
                continue
            above = next((lines[body[j]].text for j in range(k - 1, -1, -1) if lines[body[j]].text
                          and not _is_footer(lines[body[j]].text)), None)
            if above is None or not ends_sentence(above):
                continue
            joined = ""
            for n in range(k, min(k + 3, len(body))):
                joined += squash(lines[body[n]].text)
                if joined in keys:
                    h = n + 1
                    while h < len(body) and (not lines[body[h]].text or _is_footer(lines[body[h]].text)
                                             or _is_role_line(lines[body[h]].text)
                                             or _is_name_line(lines[body[h]].text)
                                             or lines[body[h]].text.startswith("——")):
                        h += 1
                    cuts.append((k, h))
                    keys.discard(joined)
                    break
        if not cuts:
            out.append(it)
            continue
        it_body, out_items = body[: cuts[0][0]], []
        for m, (k, h) in enumerate(cuts):
            end = cuts[m + 1][0] if m + 1 < len(cuts) else len(body)
            out_items.append(_Item(None, it.paper, it.date, it.page_no, header=body[k:h], body=body[h:end]))
        it.body = it_body
        out += [it, *out_items]
    return out


# A photo credit on a line of its own: `新华社记者 张 三摄`, `本报记者 王五 摄`, `李四摄`.
_CREDIT_LINE = re.compile(r"^(?:[\u4e00-\u9fff]{0,8}?(?:记者|通讯员|摄影|实习生)\s*)?((?:[\u4e00-\u9fff·]{1,4}\s*){1,6}?)\s*摄$")


def photo_credit(text: str) -> tuple[str, ...]:
    """The photographers of a credit line, or () when the line is no credit."""
    m = _CREDIT_LINE.match(text) if text.endswith("摄") and display_width(text) <= 24 else None
    if not m or not (ROLE.match(text) or len(m.group(1).split()) <= 3 and len(m.group(1).replace(" ", "")) <= 8):
        return ()
    return byline_names([m.group(1)])[0]


_TAIL_CREDIT = re.compile(r"(?<=[。！？!?”」）)])\s*([^。！？!?”」）)，,]{2,30}摄)$")


def tail_credit(text: str) -> tuple[str, str] | None:
    """A paragraph that ends with a photo credit after its last sentence → (caption, credit)."""
    m = _TAIL_CREDIT.search(text) if text.endswith("摄") else None
    if not m or not photo_credit(m.group(1).strip()):
        return None
    return text[: m.start()].rstrip(), m.group(1).strip()


def split_edition(text: str, lines: Sequence[Line], *, seed: str, page_id: str) -> list[EditionPage]:
    """An edition's cleaned lines (`text` is the raw seed, for indentation) → its printed pages.

    `page_id` is the seed's own id; a printed page's id is `<page_id>-p02`.
    """
    return list(_split_edition(text, tuple(lines), seed, page_id))


@functools.lru_cache(maxsize=4)
def _split_edition(text: str, lines: tuple[Line, ...], seed: str, page_id: str) -> tuple[EditionPage, ...]:
    raw = [r.lstrip("\x0c") for r in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    indented = [bool(re.match(r"^[ \u3000\t]{2,}\S|^\u3000\S", raw[i])) if i < len(raw) else False
                for i in range(len(lines))]
    styles = getattr(text, "styles", None)  # a digest PDF's: what its text lost of each line
    if styles is not None and len(styles) < len(lines) - 1:
        styles = None
    # Lines of the PDF's pages, not of any item, are set aside before the split and given to the
    # printed page they fall in as its furniture.
    aside = set_aside(lines, styles)
    every_line = lines
    looks = [look(styles[i] if i < len(styles) else None) for i in range(len(lines))] if styles is not None else None
    if aside:
        keep = [i for i in range(len(lines)) if i not in aside]
        lines, indented = tuple(lines[i] for i in keep), [indented[i] for i in keep]
        looks = [looks[i] for i in keep] if looks is not None else None
    sources = [i for i, line in enumerate(lines) if "版" in line.text and source_fact(line.text)]
    entries, toc_start, toc_end = _toc(lines, sources[0])
    toc = [title for _, title, _ in entries]
    # A headline line is narrower than a line of body text (the 80th percentile of the widths).
    widths = sorted(w for w in (display_width(line.text) for line in lines) if w >= 6)
    head_max = min(HEAD_MAX, 0.9 * widths[int(0.8 * (len(widths) - 1))]) if widths else HEAD_MAX
    items: list[_Item] = []
    low = toc_end
    for n, s in enumerate(sources):
        paper, date, page_no = source_fact(lines[s].text)
        item = _Item(s, paper, date, page_no)
        start = _header_start(lines, low, s, toc, head_max, looks)
        if items:
            items[-1].body = list(range(low, start))
        else:
            lead_in = list(range(low, start))  # between the contents and the first header
        item.header = list(range(start, s))
        items.append(item)
        low = s + 1
    items[-1].body = list(range(low, len(lines)))
    items = _cut_unsourced_items(lines, items, toc)
    # The headline width: the widest that two headline lines or more share (a wrapped headline fills
    # it), else the widest (bylines and `——` subtitles aside).
    head_widths = [round(display_width(lines[i].text)) for it in items for i in it.header
                   if lines[i].text and not (_is_role_line(lines[i].text) or _is_name_line(lines[i].text)
                                             or lines[i].text.startswith("——") or _is_footer(lines[i].text))]
    shared = [w for w in set(head_widths) if head_widths.count(w) >= 2]
    title_width = max(shared or head_widths or [HEAD_MAX])
    body_widths = sorted(display_width(lines[i].text) for it in items for i in it.body
                         if display_width(lines[i].text) >= 6)
    column = body_widths[int(0.8 * (len(body_widths) - 1))] if body_widths else 30.0
    at_full = sum(1 for w in body_widths if w >= 0.9 * column)
    wrapped = bool(body_widths) and at_full >= 0.4 * len(body_widths)
    # The full line width: the widest that many lines have (short paragraphs have about as many
    # first lines, two columns short, as full ones). A first line two columns short is indented.
    counts = Counter(round(w) for w in body_widths)
    common = [w for w, n in counts.items() if n >= 0.15 * len(body_widths) and w >= 0.85 * column]
    full = max(common) if wrapped and common else None

    pages: dict[int, dict] = {}

    def page(item: _Item) -> dict:
        return pages.setdefault(item.page_no, {"paper": item.paper, "date": item.date, "articles": [],
                                               "furniture": [], "lines": [], "warnings": []})

    first = page(items[0])
    first["furniture"] += [(lines[i].number, lines[i].text) for i in [*range(0, toc_end), *lead_in] if lines[i].text]
    first["lines"] += list(range(0, toc_end)) + lead_in
    toc_used: set[str] = set()
    wanted = {squash(t): t for t in toc}
    below = kickers_below([[lines[i].text for i in it.header if not _is_footer(lines[i].text)] for it in items], toc)
    for item in items:
        p = page(item)
        own = [] if item.source is None else [item.source]
        p["lines"] += [*item.header, *own, *item.body]
        header_lines = [lines[i] for i in item.header if lines[i].text and not _is_footer(lines[i].text)]
        header_looks = [looks[i] for i in item.header if lines[i].text and not _is_footer(lines[i].text)] \
            if looks is not None else None
        p["furniture"] += [(lines[i].number, lines[i].text) for i in item.header
                           if lines[i].text and _is_footer(lines[i].text)]
        header = parse_header([l.text for l in header_lines], toc, title_width, below, header_looks)
        body_lines = list(item.body)
        if not header.byline:  # a byline printed under the source line, before the text
            first = [k for k, i in enumerate(body_lines) if lines[i].text][:8]
            under = []
            for k in first:
                text = lines[body_lines[k]].text
                if _is_role_line(text) or under and _is_name_line(text):
                    under.append(k)
                else:
                    break
            if under:
                texts = [lines[body_lines[k]].text for k in under]
                names, guessed = byline_names(texts)
                header = replace(header, authors=names, byline=tuple(texts), doubts=header.doubts + (
                    ("the authors' names were printed one character a line and may be joined wrongly",)
                    if guessed else ()))
                header_lines = header_lines + [lines[body_lines[k]] for k in under]
                body_lines = body_lines[under[-1] + 1:]
        body, found = parse_body([lines[i] for i in body_lines], [indented[i] for i in body_lines], column, wrapped,
                                 full)
        if body and body[-1].kind == "paragraph" and (tail := tail_credit(body[-1].text)):
            # a caption whose credit ends its paragraph (`…稳中有增。 本报记者 程 远摄`)
            body[-1] = replace(body[-1], text=tail[0])
            found.append((body[-1].lines[1], tail[1]))
        title_line = header_lines[0].number if header_lines else lines[item.header[0] if item.source is None
                                                                         else item.source].number
        whole = join_wrapped([header.kicker or "", header.title or "", header.subtitle or ""])
        if header.title and furniture_kind(whole) in ("credits", "ad"):
            # `本版责编：…`, `广告`: the page's own item, with whatever text it has
            p["furniture"] += [(l.number, l.text) for l in header_lines]
            p["furniture"] += [(lines[i].number, lines[i].text) for i in (*own, *item.body) if lines[i].text]
            toc_used.add(squash(header.title))
            continue
        p["furniture"] += [(lines[i].number, lines[i].text) for i in own] + found
        if header.byline:  # its names are the authors; its role words (本报记者) stay with the page
            byline_at = next(l.number for l in header_lines if l.text == header.byline[0])
            p["furniture"].append((byline_at, " ".join(header.byline)))
        doubts = list(header.doubts)
        if item.source is None:
            doubts.append("the seed prints no source line for it: its page is taken from the item above")
        if toc and header.title and squash(header.title) not in wanted:
            doubts.append(f"its headline “{header.title}” is not in the table of contents")
        elif header.title:
            toc_used.add(squash(header.title))
        authors = header.authors
        credits = tuple(n for _, text in found for n in photo_credit(text))
        photo = bool(credits) and not header.byline and sum(len(HAN.findall(b.text)) for b in body) < 150
        if not authors and credits:
            authors = credits
        lead = LEAD.match(body[0].text) if body and body[0].kind == "paragraph" else None
        if not authors and lead and lead.group(1):
            authors = tuple(n for n in re.split(r"[\s、，,]+", lead.group(1)) if n and not ROLE.fullmatch(n))
            authors = tuple(ROLE.sub("", n) or n for n in authors)
        numbers = [l.number for l in header_lines] + [lines[i].number for i in own] + [b.lines[1] for b in body]
        p["articles"].append({
            "kicker": header.kicker, "title": header.title, "subtitle": header.subtitle, "authors": authors,
            "blocks": tuple(body), "line_start": min(numbers), "line_end": max(numbers), "doubts": doubts,
            "title_line": title_line, "kind": "photo" if photo else "article",
        })
    toc_warnings = []
    for n, title, at in entries:
        if squash(title) not in toc_used:
            toc_warnings.append(Problem(seed, lines[at[0]].number, f"the table of contents lists “{title}”, but "
                                        "no article of the edition has this headline",
                                        "check the articles of its page for a wrong or missing headline"))
    owner = {lines[i].number: page_no for page_no, p in pages.items() for i in p["lines"]}
    for i in sorted(aside):
        number = every_line[i].number
        page_no = next((owner[n] for n in range(number - 1, 0, -1) if n in owner), min(pages))
        pages[page_no]["aside"] = pages[page_no].get("aside", []) + [number]
        pages[page_no]["furniture"].append((number, every_line[i].text))
    out = []
    for k, page_no in enumerate(sorted(pages)):
        p = pages[page_no]
        pid = f"{page_id}-p{page_no:02d}"
        articles = []
        for order, a in enumerate(sorted(p["articles"], key=lambda a: a["line_start"]), 1):
            source = Source(seed=seed, page_id=pid, line_start=a["line_start"], line_end=a["line_end"],
                            order=order, paper=p["paper"], date=p["date"], page_no=page_no)
            warnings = tuple(Problem(seed, a["title_line"], d) for d in a["doubts"])
            articles.append(Article(id=f"{pid}-{order:02d}", kind=a["kind"], title=a["title"], kicker=a["kicker"],
                                    subtitle=a["subtitle"], authors=a["authors"], blocks=a["blocks"], source=source,
                                    needs_review=bool(a["doubts"]), warnings=warnings,
                                    review="; ".join(a["doubts"]) or None))
        furniture = tuple(text for _, text in sorted(p["furniture"], key=lambda f: f[0]))
        out.append(EditionPage(page_no, p["paper"], p["date"], tuple(articles), furniture,
                               tuple(sorted([lines[i].number for i in p["lines"]] + p.get("aside", []))),
                               tuple(toc_warnings) if k == 0 else ()))
    return tuple(out)


def page_sizes(lines: Sequence[Line]) -> dict[int, int]:
    """About how many bytes (UTF-8) of an edition each printed page holds: a line belongs to the
    page of the source line above it (the text before the first source line to the first page)."""
    sizes: dict[int, int] = {}
    page = None
    pending = 0
    for line in lines:
        fact = source_fact(line.text) if "版" in line.text else None
        if fact:
            page = fact[2]
            sizes[page] = sizes.get(page, 0) + pending
            pending = 0
        size = len(line.text.encode("utf-8")) + 1
        if page is None:
            pending += size
        else:
            sizes[page] = sizes.get(page, 0) + size
    return sizes or {0: pending}


# What a page's own lines tell of it: `2024年1月15日`, `第 5 版`, `第03版：要闻`, `《某某日报》`.
_FACT_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_FACT_PAGE = re.compile(r"第\s*(\d{1,3})\s*版")
_FACT_SECTION = re.compile(r"第\s*\d{1,3}\s*版\s*[：:]\s*([\u4e00-\u9fff]{2,8})")
_FACT_PAPER = re.compile(r"《\s*([\u4e00-\u9fff]{2,12}(?:报|刊|周刊))\s*》")
_FACT_PAPER_NAME = re.compile(r"^([\u4e00-\u9fff]{2,10}(?:报|刊))$")
_FACT_YEAR = re.compile(r"^\s*((?:19|20)\d\d)\s*$")
_FACT_MONTH_DAY = re.compile(r"^\s*(\d{1,2})\s*[·.．／/]\s*(\d{1,2})(?:\s*(?:星期|周)[一二三四五六日天])?\s*$")
# The publishing lines only a front page's masthead prints.
_FRONT_PAGE = re.compile(r"主管\s*主办|社出版|总第\s*\d+\s*期|邮发代号|国内统一连续出版物号|国内统一刊号")


def fill_page_facts(info: PageInfo) -> PageInfo:
    """Paper, date, page number and section from the page's furniture, where the page info (its
    `.toml`) does not say them. The first line that tells a fact gives it.

    A masthead's date may stand in two lines (`2024` / `2·1`); its name alone on a line (`江城晚报`)
    is the paper; a page that carries the masthead's publishing lines (`主管主办`, `总第N期`,
    `邮发代号`) is the front page when no line numbers it.
    """
    found: dict[str, object] = {}
    previous = ""
    for text in info.furniture:
        if "date" not in found and ((m := _FACT_DATE.search(text)) or (
                _FACT_YEAR.match(previous) and (m := _FACT_MONTH_DAY.match(text)))):
            y, mo, d = (int(g) for g in (m.groups() if len(m.groups()) == 3 else (previous.strip(), *m.groups())))
            if 1 <= mo <= 12 and 1 <= d <= 31:
                found["date"] = f"{y:04d}-{mo:02d}-{d:02d}"
        previous = text
        if "page_no" not in found and (m := _FACT_PAGE.search(text)):
            found["page_no"] = int(m.group(1))
        if "section" not in found and (m := _FACT_SECTION.search(text)):
            found["section"] = m.group(1)
        if "paper" not in found and (m := _FACT_PAPER.search(text) or _FACT_PAPER_NAME.match(text.strip())):
            found["paper"] = m.group(1)
    if "page_no" not in found and any(_FRONT_PAGE.search(text) for text in info.furniture):
        found["page_no"] = 1
    missing = {key: value for key, value in found.items() if getattr(info, key) is None}
    return replace(info, **missing) if missing else info
