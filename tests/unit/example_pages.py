"""The real pages that the fast-path tests compare fast and plain code on: the seed page and the
ten dev pages (`tests/data/pages`)."""

from __future__ import annotations

from pathlib import Path

from generator.models import Article, PageInfo
from generator.ingest.printed_page import ingest_page

ROOT = Path(__file__).resolve().parents[2]
PAGES = [*sorted((ROOT / "seeds").glob("*.txt")), *sorted((ROOT / "tests" / "data" / "pages").glob("dev-*.txt"))]


def split_example_pages(date: str | None = None) -> list[tuple[str, list[Article]]]:
    """Each page's text and its articles, as ingest splits them (dated `date`, if given)."""
    assert len(PAGES) == 11, "the seed page and the ten dev pages"
    return [(text, ingest_page(text, PageInfo(id=path.stem, seed=path.name, date=date)))
            for path, text in ((path, path.read_text(encoding="utf-8")) for path in PAGES)]
