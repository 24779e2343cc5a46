"""Raw page text → cleaned `Line`s, one per input line (numbers kept for errors and provenance).

Rules are pure `str → str` functions so each can be tested alone.
"""

from __future__ import annotations

import itertools
import re

from .models import Line

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# C0/C1 control characters other than tab and newline carry no text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
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
    line = _DATE_GAP.sub(r"\1", line)
    line = _NUM_UNIT_GAP.sub(r"\1", line)
    return re.sub(r"(\d{1,4})\s*([年月])\s*(?=\d)", r"\1\2", line)


# Full-width digits and Latin letters → ASCII (the NFKC forms of U+FF10–FF19, FF21–FF3A, FF41–FF5A).
_FULL_WIDTH_ALNUM = str.maketrans({
    chr(code): chr(code - 0xFEE0)
    for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for code in range(lo, hi + 1)
})


def normalize_compat(line: str) -> str:
    """Full-width ASCII letters and digits (`２０２４`) become their ASCII forms; Chinese punctuation stays."""
    return line.translate(_FULL_WIDTH_ALNUM)


def clean_line(line: str) -> str:
    """Apply every line rule, in order."""
    return close_date_gaps(normalize_spaces(normalize_compat(strip_invisible(line))))


# Runs of full-width letters and digits: translating only them beats `str.translate` of a whole
# page, which looks every Chinese character up in the table.
_FULL_WIDTH_RUN = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")


def _to_ascii(match: re.Match[str]) -> str:
    return match.group().translate(_FULL_WIDTH_ALNUM)


# The date rules for a whole page: `\s` there could reach into the next line, `[^\S\n]` cannot.
_PAGE_DATE_GAP = re.compile(r"(\d{1,4}[^\S\n]*[年月])[^\S\n]+(?=\d{1,2}[^\S\n]*[月日号])")
_PAGE_NUM_UNIT_GAP = re.compile(r"(\d)[^\S\n]+(?=[年月日号])")
_PAGE_DATE_JOIN = re.compile(r"(\d{1,4})[^\S\n]*([年月])[^\S\n]*(?=\d)")
# The three only ever remove a space after a digit (before 年月日号) or after 年/月 (before a digit):
# a page with neither is left as it is, and most pages have none.
_DATE_SPACE = re.compile(r"\d[^\S\n]+[年月日号]|[年月][^\S\n]+\d")


def clean_page(text: str) -> tuple[Line, ...]:
    """Split a page into cleaned lines, numbered from 1 as in the file.

    Each line gets exactly `clean_line`, but each rule runs once over the whole page (no rule's
    pattern can match a newline), not once per line: a page has ~400 lines, most of them short.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    text = _CONTROL.sub("", _INVISIBLE.sub("", normalize_newlines(text)))
    text = _SPACES.sub(" ", _FULL_WIDTH_RUN.sub(_to_ascii, text))
    text = "\n".join([line.strip() for line in text.split("\n")])
    if _DATE_SPACE.search(text):
        text = _PAGE_DATE_GAP.sub(r"\1", text)
        text = _PAGE_NUM_UNIT_GAP.sub(r"\1", text)
        text = _PAGE_DATE_JOIN.sub(r"\1\2", text)
    return tuple(map(Line, itertools.count(1), text.split("\n")))
