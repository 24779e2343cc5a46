"""editions: days newest first in printed order, undated pages last by file name, neighbours."""

from __future__ import annotations

from generator.site.editions import UNDATED, editions
from generator.site.indexes import PrintedPage
from generator.models import PageInfo


def _page(id: str, seed: str, date: str | None = None, page_no: int | None = None) -> PrintedPage:
    return PrintedPage(PageInfo(id=id, seed=seed, date=date, page_no=page_no), ())


def test_days_newest_first_pages_in_printed_order_undated_last_by_file_name():
    eds = editions([_page("b", "b.txt", "2024-01-17", 5), _page("a", "a.txt", "2024-01-17", 1),
                    _page("z", "z.txt"), _page("y", "y.txt", "not a date"), _page("c", "c.txt", "2024-01-16", 1)])
    assert [d.key for d in eds.days] == ["2024-01-17", "2024-01-16", UNDATED]
    assert [p.info.id for p in eds.days[0].pages] == ["a", "b"]
    assert [p.info.id for p in eds.days[2].pages] == ["y", "z"]
    assert [(y.year, [m.month for m in y.months]) for y in eds.years] == [(2024, [1])]
    older, newer = eds.neighbours(eds.days[0])
    assert (older.key, newer) == ("2024-01-16", None)
    older, newer = eds.neighbours(eds.days[1])
    assert (older, newer.key) == (None, "2024-01-17")  # the undated group is no day before
    assert eds.neighbours(eds.days[2]) == (None, None)
    before, after = eds.page_neighbours("b")
    assert (before.info.id, after) == ("a", None)
