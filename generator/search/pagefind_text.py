"""An article page → the copy Pagefind indexes, in which every CJK character is a word of its own.

Pagefind's extended build cuts Chinese into words with its own dictionary, in the index and again
in the browser, and it finds only whole words: `括号` is not found in `尖括号`, and a quoted phrase
whose cut differs finds nothing. The offline index finds any run of characters. Giving Pagefind one
word per CJK character, and asking it for the quoted phrase `"志 愿 服 务"` (static/search.js), makes
it find exactly the pages that hold the characters in a row: the same meaning, and the same
counts, as the offline index. The site's own pages are not changed; only Pagefind's copy is.

Filter and meta values are left as they are; the title keeps its text in an attribute
(`data-pagefind-meta="title[data-title]"`), so results show it unspaced.
"""

from __future__ import annotations

import re

from generator.search.terms import CJK_RANGES

_TAG = re.compile(r"(<[^>]*>)")
_AROUND_CJK = re.compile(f"(?<=[{CJK_RANGES}])(?=\\S)|(?<=\\S)(?=[{CJK_RANGES}])")
_TITLE = re.compile(r'\sdata-pagefind-meta="title"')
_VALUE = re.compile(r"\sdata-pagefind-(?:meta|filter)=")


def spaced(text: str) -> str:
    """Put a space on both sides of every CJK character (none where there is already one)."""
    return _AROUND_CJK.sub(" ", text)


def pagefind_copy(page: str) -> str:
    """The page as Pagefind should read it (see the module's docstring)."""
    body = page.find("<body")
    if body < 0:
        return page
    parts = _TAG.split(page[body:])
    out = [page[:body]]
    keep = False  # the text after a filter's or a meta's tag is its value
    for i, part in enumerate(parts):
        if i % 2:
            if "data-pagefind-" not in part:  # most tags: no pattern needs to look
                keep = False
            elif _TITLE.search(part) and i + 1 < len(parts):
                part = _TITLE.sub(f' data-pagefind-meta="title[data-title]" data-title="{parts[i + 1]}"', part, count=1)
                keep = False
            else:
                keep = bool(_VALUE.search(part))
            out.append(part)
        else:
            out.append(part if keep or part.isascii() else spaced(part))  # no CJK in ASCII: nothing to space
            keep = False
    return "".join(out)
