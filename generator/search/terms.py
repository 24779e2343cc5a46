"""The index terms both searches share: text folded to one width and case, CJK runs cut into
characters and their pairs, other runs of letters and digits kept whole, and the FNV-1a hash that
puts a term in its shard (`static/search-offline.js` has the same three in JavaScript)."""

from __future__ import annotations

import functools
import operator
import re
import unicodedata
from collections.abc import Iterable

CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\U00020000-\U0003134f\u3007"  # 〇 too
# A CJK run, or a run of other letters and digits: `[^\W_]` is exactly `str.isalnum`.
_RUN = re.compile(f"([{CJK_RANGES}]+)|((?:(?![{CJK_RANGES}])[^\\W_])+)")




def is_cjk(ch: str) -> bool:
    """Tell whether `ch` is written without spaces between words (Han, kana, CJK extensions)."""
    o = ord(ch)
    return (
        0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0x3040 <= o <= 0x30FF
        or 0x20000 <= o <= 0x3134F
        or o == 0x3007  # 〇
    )


@functools.cache  # bounded by the characters of Unicode; a corpus uses a few thousand
def _fold(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).lower()


def normalize(text: str) -> str:
    """Fold width and case one character at a time (the browser does the same, to map offsets back)."""
    return "".join(map(_fold, text))


def runs(text: str) -> Iterable[tuple[bool, str]]:
    """Split normalized text into (is_cjk, run) pieces; everything else separates runs."""
    for cjk, other in _RUN.findall(text):
        yield (True, cjk) if cjk else (False, other)


def terms_of(text: str) -> set[str]:
    """Return the index terms of normalized text: CJK unigrams and bigrams, other tokens whole."""
    out: set[str] = set()
    for cjk, run in runs(text):
        if cjk:
            out.update(run)
            out.update(map(operator.add, run, run[1:]))  # bigrams
        else:
            out.add(run)
    return out


def fnv1a(term: str) -> int:
    """Hash the UTF-16 code units of `term` (FNV-1a, 32 bit), as JavaScript sees the string."""
    h = 0x811C9DC5
    data = term.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h
