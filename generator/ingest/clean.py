"""Raw page text → cleaned `Line`s, one per input line (numbers kept for errors and provenance).

Rules are pure `str → str` functions so each can be tested alone.
"""

from __future__ import annotations

import itertools
import re

from generator.models import Line

_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width, BOM, soft hyphen
# C0/C1 control characters other than tab and newline carry no text.
_CONTROL_CHARS = "".join(map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]))
_INVISIBLE = re.compile(f"[{re.escape(_INVISIBLE_CHARS)}]")
_CONTROL = re.compile(f"[{re.escape(_CONTROL_CHARS)}]")
# Tab, no-break, the typographic spaces U+2000–U+200A, narrow no-break, medium mathematical, full-width.
_OTHER_SPACES = "\t\u00a0" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_SPACES = re.compile(f"[ {_OTHER_SPACES}]+")
_DATE_GAP = re.compile(r"(\d{1,4}\s*[年月])\s+(?=\d{1,2}\s*[月日号])")
_NUM_UNIT_GAP = re.compile(r"(\d)\s+(?=[年月日号])")


def normalize_newlines(text: str) -> str:
    """Turn Windows and old-Mac line endings into `\\n`."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def strip_invisible(line: str) -> str:
    """Drop zero-width characters, soft hyphens, BOMs and control characters."""
    return _CONTROL.sub("", _INVISIBLE.sub("", line))


def normalize_spaces(line: str) -> str:
    """Fold runs of ASCII, no-break and full-width spaces into one space; trim both ends.

    A space inside a line is kept: it separates words in `牢记嘱托 踔厉笃行`.
    """
    return _SPACES.sub(" ", line).strip()


def close_date_gaps(line: str) -> str:
    """`2019年 1月 17日` → `2019年1月17日`: extraction puts spaces around the numbers of dates."""
    if "年" not in line and "月" not in line and "日" not in line and "号" not in line:
        return line  # every rule below needs one of these (most lines of a page hold none)
    line = _DATE_GAP.sub(r"\1", line)
    line = _NUM_UNIT_GAP.sub(r"\1", line)
    return re.sub(r"(\d{1,4})\s*([年月])\s*(?=\d)", r"\1\2", line)


# Full-width digits and Latin letters → ASCII (the NFKC forms of U+FF10–FF19, FF21–FF3A, FF41–FF5A).
_FULL_WIDTH_ALNUM = str.maketrans({
    chr(code): chr(code - 0xFEE0)
    for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for code in range(lo, hi + 1)
})


# Vertical-form punctuation (U+FE10–FE19, U+FE30–FE48), which text layers of vertically set headlines
# hold, → the forms horizontal Chinese text uses: `﹃氛围组﹄` → `“氛围组”`.
_VERTICAL_FORMS = {
    "︐": "，", "︑": "、", "︒": "。", "︓": "：", "︔": "；", "︕": "！", "︖": "？", "︗": "【", "︘": "】",
    "︙": "…", "︰": "：", "︱": "—", "︲": "—", "︵": "（", "︶": "）", "︷": "｛", "︸": "｝", "︹": "（",
    "︺": "）", "︻": "【", "︼": "】", "︽": "《", "︾": "》", "︿": "〈", "﹀": "〉", "﹁": "‘", "﹂": "’",
    "﹃": "“", "﹄": "”", "﹇": "【", "﹈": "】",
}
_COMPAT = str.maketrans({**_FULL_WIDTH_ALNUM, **{ord(k): v for k, v in _VERTICAL_FORMS.items()}})


def normalize_compat(line: str) -> str:
    """Full-width ASCII letters and digits (`２０２４`) become ASCII, vertical-form punctuation (`﹃`)
    horizontal (`“`); other Chinese punctuation stays."""
    return line.translate(_COMPAT)


# Justification spaces: a text layer of justified type puts a space between every two characters
# of a line (`这 个 时`, `不 觉 中 ,新`, `饰 1200 余 处`). A run of single characters (Han or
# punctuation, a digit) and numbers, each apart from the next by one space, with three single
# characters or more, is such a run; a space between words (`牢记嘱托 踔厉笃行`), Latin words or beside a lone number
# (`注册志愿者 3866 人`) is kept.
_SPACED_PUNCT = "[\u3001-\u303f\uff01-\uff0f\uff1a-\uff20“”‘’…—·,.;:!?]"
_SPACED_HAN_OR_NUMBER = r"(?:[\u3400-\u9fff]|\d+(?:\.\d+)?[%℃]?)"
# A token: one Han character or number with the punctuation glued to it (`，悬`), or a mark alone.
_SPACED_TOKEN = rf"(?:{_SPACED_PUNCT}?{_SPACED_HAN_OR_NUMBER}{_SPACED_PUNCT}?|{_SPACED_PUNCT})"
_SPACED_RUN = re.compile(rf"{_SPACED_TOKEN}(?: {_SPACED_TOKEN})+")
_SINGLE = re.compile(rf"{_SPACED_PUNCT}?(?:[\u3400-\u9fff]|\d)?{_SPACED_PUNCT}?")
SPACED_SINGLES_AT_LEAST = 3


def _unspace(match: re.Match[str]) -> str:
    run = match.group()
    singles = sum(1 for token in run.split(" ") if _SINGLE.fullmatch(token))
    return run.replace(" ", "") if singles >= SPACED_SINGLES_AT_LEAST else run


# A byline or credit line (`新华社记者 胡 璐 王 琦`, `责编：赵 晖 孙小雨`) pads two-character names to
# the width of three: there the spaces part the names, and are kept.
_CREDIT_LINE = re.compile(r"记者|通讯员|实习生|编辑|责编|美编|校对|摄影|撰稿")
_SENTENCE_MARKS = re.compile(r"[，。；！？,;!?]")


def _is_credit_line(line: str) -> bool:
    return bool(_CREDIT_LINE.search(line)) and not _SENTENCE_MARKS.search(line)


def _unspace_in_page(match: re.Match[str]) -> str:
    """`_unspace` for a match in a whole page: its line decides, as `close_justification_spaces` does."""
    page = match.string
    start = page.rfind("\n", 0, match.start()) + 1
    end = page.find("\n", match.end())
    return match.group() if _is_credit_line(page[start : end if end >= 0 else len(page)]) else _unspace(match)


def close_justification_spaces(line: str) -> str:
    """`这 个 时 候` → `这个时候`: the spaces of a run of spaced single characters are layout, not text."""
    if " " not in line or _is_credit_line(line):
        return line
    return _SPACED_RUN.sub(_unspace, line)


def clean_line(line: str) -> str:
    """Apply every line rule, in order."""
    return close_date_gaps(close_justification_spaces(normalize_spaces(normalize_compat(strip_invisible(line)))))


# `strip_invisible` and `normalize_compat` in one pass over the page: both map each character on its
# own (dropped, made ASCII or kept), so one table does what the two do one after the other. Only runs
# of the characters they change are translated: `str.translate` of a whole page would look every
# Chinese character up in the table.
_DROPPED = _INVISIBLE_CHARS + _CONTROL_CHARS
_DROP_OR_ASCII_RUN = re.compile(
    f"[{re.escape(_DROPPED)}\uff10-\uff19\uff21-\uff3a\uff41-\uff5a{''.join(_VERTICAL_FORMS)}]+")
_DROP_OR_ASCII = {**_COMPAT, **dict.fromkeys(map(ord, _DROPPED))}  # None: drop the character


def _drop_or_ascii(match: re.Match[str]) -> str:
    return match.group().translate(_DROP_OR_ASCII)


# Whitespace that no rule folds: the rest, but `\n`, is one space once `_SPACES` has run.
_UNFOLDED_SPACES = "\u1680\u2028\u2029"


def _changed_by_folding(text: str) -> bool:
    """Whether `_SPACES.sub(" ", text)` changes the text: most pages have only single spaces, and
    looking for anything else costs a third of that pass."""
    return "  " in text or any(ch in text for ch in _OTHER_SPACES)


def _changed_by_stripping(text: str) -> bool:
    """Whether stripping each line of a text with its spaces folded changes it (most pages: no)."""
    return (" \n" in text or "\n " in text or text.startswith(" ") or text.endswith(" ")
            or any(ch in text for ch in _UNFOLDED_SPACES))


# The date rules for a whole page: `\s` there could reach into the next line, `[^\S\n]` cannot.
_PAGE_DATE_GAP = re.compile(r"(\d{1,4}[^\S\n]*[年月])[^\S\n]+(?=\d{1,2}[^\S\n]*[月日号])")
_PAGE_NUM_UNIT_GAP = re.compile(r"(\d)[^\S\n]+(?=[年月日号])")
_PAGE_DATE_JOIN = re.compile(r"(\d{1,4})[^\S\n]*([年月])[^\S\n]*(?=\d)")
# The three only ever remove a space after a digit (before 年月日号) or after 年/月 (before a digit):
# a page with neither is left as it is, and most pages have none.
_DATE_SPACE = re.compile(r"\d[^\S\n]+[年月日号]|[年月][^\S\n]+\d")


def _has_date_space(text: str) -> bool:
    """`_DATE_SPACE.search(text)` of a cleaned page, tried only around its spaces: a scan of the
    whole page by the pattern costs more than the rest of cleaning."""
    if "  " in text or any(ch in text for ch in _UNFOLDED_SPACES):
        return bool(_DATE_SPACE.search(text))  # whitespace runs of other shapes: no shortcut
    i = text.find(" ", 1)
    while i != -1:
        if _DATE_SPACE.match(text, i - 1, i + 2):
            return True
        i = text.find(" ", i + 1)
    return False


def clean_page(text: str) -> tuple[Line, ...]:
    """Split a page into cleaned lines, numbered from 1 as in the file.

    Each line gets exactly `clean_line`, but each rule runs once over the whole page (no rule's
    pattern can match a newline), not once per line: a page has ~400 lines, most of them short.
    A rule runs only when it would change the page.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    text = _DROP_OR_ASCII_RUN.sub(_drop_or_ascii, normalize_newlines(text))
    indented = _indented_lines(text)
    if _changed_by_folding(text):
        text = _SPACES.sub(" ", text)
    if _changed_by_stripping(text):
        text = "\n".join([line.strip() for line in text.split("\n")])
    justified: set[int] = set()
    if " " in text:
        text = _unspace_page(text, justified)
    if _has_date_space(text):
        text = _PAGE_DATE_GAP.sub(r"\1", text)
        text = _PAGE_NUM_UNIT_GAP.sub(r"\1", text)
        text = _PAGE_DATE_JOIN.sub(r"\1\2", text)
    lines = tuple(map(Line, itertools.count(1), text.split("\n")))
    if justified or indented:
        lines = tuple(Line(line.number, line.text, line.number in justified, line.number in indented)
                      if line.number in justified or line.number in indented else line for line in lines)
    return lines


# A line set in by a full-width space, a tab or two spaces, before its first character.
_INDENT = re.compile(r"^(?:[\u3000\t]|[ \u00a0]{2})[ \u3000\t\u00a0]*(?=\S)", re.M)


def _indented_lines(text: str) -> set[int]:
    """The numbers of the lines that are set in (see `_INDENT`)."""
    out, seen, newlines = set(), 0, 0
    for match in _INDENT.finditer(text):
        newlines += text.count("\n", seen, match.start())
        seen = match.start()
        out.add(newlines + 1)
    return out


def _unspace_page(text: str, justified: set[int]) -> str:
    """`_unspace_in_page` over a page; the numbers of the lines it changed go into `justified`."""
    def unspace(match: re.Match[str]) -> str:
        out = _unspace_in_page(match)
        if out != match.group():
            justified.add(text.count("\n", 0, match.start()) + 1)
        return out

    return _SPACED_RUN.sub(unspace, text)
