"""Printed pages → the paper's editions: one per day, each with its pages in printed order; pure, no I/O.

A day's pages are ordered as printed: by page number, then paper, then page id. Pages whose date
is unknown form one group of their own, `UNDATED`, ordered by seed file name (the order the files
were named in), and listed after every dated day. Days run newest first, as the home page does.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from generator.site.indexes import PrintedPage

UNDATED = "undated"  # the key (and file name) of the group of pages without a date
# Budgets for the largest pages of the archive (checked by tests/unit/test_edition_sizes.py and
# bench/edition_sizes.py): a year's calendars with a paper every day, and a day of 24 printed pages
# of 12 articles each, each page at most this many bytes of HTML.
ARCHIVE_PAGE_BUDGET = 48 * 1024
DAY_PAGE_BUDGET = 64 * 1024
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Day:
    """One day's printed pages in printed order; `key` is the ISO date, or UNDATED."""

    key: str
    pages: tuple[PrintedPage, ...]

    @property
    def dated(self) -> bool:
        return self.key != UNDATED

    @property
    def article_count(self) -> int:
        return sum(len(p.articles) for p in self.pages)


@dataclass(frozen=True, slots=True)
class Month:
    """The days of one month that have pages, with the month's calendar (weeks from Monday)."""

    year: int
    month: int
    days: tuple[Day, ...]  # oldest first, as a calendar reads
    weeks: tuple[tuple[int, ...], ...]  # day numbers, 0 outside the month

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True, slots=True)
class Year:
    year: int
    months: tuple[Month, ...]  # January first

    @property
    def day_count(self) -> int:
        return sum(len(m.days) for m in self.months)


@dataclass(frozen=True, slots=True)
class Editions:
    """Every day (newest first, the undated group last), the archive's years, and where each page is."""

    days: tuple[Day, ...]
    years: tuple[Year, ...]  # newest first
    day_of_page: dict[str, Day]  # page id → its day

    def neighbours(self, day: Day) -> tuple[Day | None, Day | None]:
        """(the day before, the day after) among the dated days; None at either end or when undated."""
        if not day.dated:
            return None, None
        i = self.days.index(day)  # dated days come first, newest first
        after = self.days[i - 1] if i > 0 else None
        before = self.days[i + 1] if i + 1 < len(self.days) and self.days[i + 1].dated else None
        return before, after

    def page_neighbours(self, page_id: str) -> tuple[PrintedPage | None, PrintedPage | None]:
        """(the previous printed page, the next one) of the same day."""
        pages = self.day_of_page[page_id].pages
        i = next(i for i, p in enumerate(pages) if p.info.id == page_id)
        return (pages[i - 1] if i > 0 else None), (pages[i + 1] if i + 1 < len(pages) else None)


def day_key(date: str | None) -> str:
    """The ISO date a page is filed under, or UNDATED for a missing or malformed date."""
    return date if date and _ISO_DATE.fullmatch(date) else UNDATED


def _printed_order(page: PrintedPage) -> tuple:
    info = page.info
    return (info.page_no if info.page_no is not None else 1 << 30, info.paper or "", info.id)


def editions(pages: Sequence[PrintedPage]) -> Editions:
    """Group printed pages into days and the days into months and years."""
    by_day: dict[str, list[PrintedPage]] = defaultdict(list)
    for page in pages:
        by_day[day_key(page.info.date)].append(page)
    days = []
    for key in sorted((k for k in by_day if k != UNDATED), reverse=True):
        days.append(Day(key, tuple(sorted(by_day[key], key=_printed_order))))
    if UNDATED in by_day:
        days.append(Day(UNDATED, tuple(sorted(by_day[UNDATED], key=lambda p: (p.info.seed, p.info.id)))))
    by_month: dict[tuple[int, int], list[Day]] = defaultdict(list)
    for day in days:
        if day.dated:
            by_month[(int(day.key[:4]), int(day.key[5:7]))].append(day)
    months_of: dict[int, list[Month]] = defaultdict(list)
    weeks = calendar.Calendar(firstweekday=0)
    for (year, month) in sorted(by_month):
        grid = tuple(tuple(week) for week in weeks.monthdayscalendar(year, month))
        months_of[year].append(Month(year, month, tuple(sorted(by_month[(year, month)], key=lambda d: d.key)), grid))
    years = tuple(Year(y, tuple(months_of[y])) for y in sorted(months_of, reverse=True))
    day_of_page = {p.info.id: day for day in days for p in day.pages}
    return Editions(tuple(days), years, day_of_page)
