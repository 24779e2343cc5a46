"""Pages the benchmark's corpus maker prints (bench/make_corpus.py: the example page's sentences,
made-up headlines, one column width a page, paragraphs not set in): no line of a paragraph is shown
as a headline unflagged."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bench.make_corpus import Maker, print_page  # noqa: E402
from generator.ingest.printed_page import split_printed_page  # noqa: E402
from generator.models import PageInfo  # noqa: E402

PAGES = 60


def test_no_line_of_a_paragraph_is_shown_as_a_headline_unflagged():
    """A paragraph's first line without punctuation (`为扎实推进2024年度城乡居民基本医疗`) set right
    over the rest of it is no heading (a page-wide column made it look short: the run's own is used)."""
    maker = Maker(1)
    taken = []
    for page_no in range(1, PAGES + 1):
        drafts = maker.page(page_no)
        text = print_page(drafts, maker.rng)
        body = "".join(t.replace(" ", "") for d in drafts for kind, t in d.blocks if kind == "paragraph")
        articles = split_printed_page(text, PageInfo(id=f"p{page_no}", seed=f"p{page_no}.txt")).articles
        taken += [(page_no, a.title) for a in articles
                  if a.title and not a.needs_review and a.title.replace(" ", "") in body]
    assert taken == []
