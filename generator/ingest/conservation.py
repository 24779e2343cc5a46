"""The conservation check: every Han character of a seed reaches an article or the page's furniture.

`han_conservation` counts what is left over; ingest warns about a page that loses any.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.ingest.clean import clean_page
from generator.ingest.split import sorted_counts
from generator.models import Article, Line

# CJK ideographs: extension A and the URO, compatibility ideographs, extensions B–H (GB18030 has them).
# Code points counted as Chinese characters by the conservation check (`han_conservation`).
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))


HAN = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in HAN_RANGES) + "]")


def han_conservation(text: str, articles: Sequence[Article], *, lines: Sequence[Line] | None = None,
                     furniture: Sequence[str] = ()) -> int:
    """How many Han characters of a seed reach neither an article nor the page's furniture (the lead
    word 本报讯 and `摄` aside).

    `lines` are `clean_page(text)` when the caller has them already.
    """
    cleaned = "\n".join([line.text for line in (clean_page(text) if lines is None else lines)])  # what layout saw
    parts = [p for a in articles for p in (a.kicker, a.title, a.subtitle, *a.authors, *(b.text for b in a.blocks)) if p]
    parts += furniture
    # Counted as arrays of code points (numpy): a Counter of 10,000 characters costs ~10× more.
    import numpy as np  # here: a build from content/ alone never needs it (~60 ms to import)

    wanted, wanted_counts = sorted_counts(_han_code_points(cleaned))
    for char, count in _left_out(cleaned).items():  # taken off the counts, not cut out of the page
        at = np.searchsorted(wanted, ord(char))
        if count and at < len(wanted) and wanted[at] == ord(char):
            wanted_counts[at] -= count
    have, have_counts = sorted_counts(_han_code_points("\n".join(parts)))
    if not len(have):
        return int(wanted_counts.sum())
    at = np.minimum(np.searchsorted(have, wanted), len(have) - 1)  # where each wanted character is in `have`
    found = np.where(have[at] == wanted, have_counts[at], 0)
    return int(np.maximum(wanted_counts - found, 0).sum())


_CREDIT_MARK = re.compile(r"\s摄\s*$", flags=re.M)  # `摄` after a photographer's name, ending its line


def _left_out(cleaned: str) -> dict[str, int]:
    r"""The Han characters the check leaves out of a cleaned page, counted: those of each 本报讯 and
    the `摄` of each photo credit, which `re.sub(r"本报讯|\s摄\s*$", "", cleaned, flags=re.M)` cuts.

    The two can share no character, so they are counted apart; a credit's match holds one `摄` and
    starts just before it, so each `摄` is tried where it is instead of the pattern at every place.
    """
    leads = cleaned.count("本报讯")  # it cannot overlap itself: str.count finds what the pattern finds
    credits = 0
    at = cleaned.find("摄", 1)
    while at != -1:
        credits += _CREDIT_MARK.match(cleaned, at - 1) is not None
        at = cleaned.find("摄", at + 1)
    return {"本": leads, "报": leads, "讯": leads, "摄": credits}


def _han_code_points(text: str):  # -> numpy array of uint32
    """The code points of the characters of text in HAN_RANGES."""
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    is_han = np.zeros(len(codes), dtype=bool)
    for lo, hi in HAN_RANGES:
        is_han |= (codes >= lo) & (codes <= hi)
    return codes[is_han]
