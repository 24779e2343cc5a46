"""Articles → the same articles with region, places, tags and a slug for their content file name."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from generator.enrich import regions

from generator.enrich import slugs
from generator.models import Article, Region
from generator.enrich.regions import resolve_region
from generator.enrich.slugs import slugify
from generator.enrich.tags import TagModel, WordCache, extract_tags, load_tag_model


def page_year(date: str | None) -> int | None:
    """The year of a page's ISO date, which picks the region table its articles are read with."""
    return int(date[:4]) if date else None


def prepare(years: Iterable[int | None]) -> None:
    """Load what enriching reads (the tag model, pypinyin, the region tables of these page years) now.

    Done before forking workers that all need it, it is loaded once and shared, not once a worker.
    """
    # What is loaded is kept, none of it garbage: the cyclic collector would walk the growing tables
    # again and again while they load (~70 ms) and find nothing, so it is paused meanwhile.
    paused = gc.isenabled()
    gc.disable()
    try:
        load_tag_model()
        slugs.prepare()
        for year in years:
            regions.prepare(year)
    finally:
        if paused:
            gc.enable()


def article_text(article: Article) -> str:
    return "\n".join(b.text for b in article.blocks)


def place_names(places: Sequence[Region]) -> set[str]:
    """Every name of the places, with and without their suffix, for tags to leave out."""
    names = set()
    for p in places:
        for name in (p.province, p.city, p.county):
            if name:
                names.add(name)
                names.add(name.rstrip("省市县区州旗盟"))
    return {n for n in names if len(n) >= 2}


def enrich_article(a: Article, *, model: TagModel, idf: Mapping[str, float], words: WordCache | None = None
                   ) -> Article:
    """One article's region, places, tags and slug, given the IDF of the whole corpus."""
    paragraphs = [b.text for b in a.blocks if b.kind == "paragraph"]
    year = page_year(a.source.date)
    heading = " ".join(t for t in (a.title, a.subtitle) if t)
    body = article_text(a)
    # Regions read the paragraphs alone: in most articles they are all the blocks, joined as the body.
    region, places = resolve_region(a.kicker, heading, paragraphs[0] if paragraphs else "",
                                    body if len(paragraphs) == len(a.blocks) else "\n".join(paragraphs), year=year)
    exclude = place_names((region, *places) if region else places)
    tags = extract_tags(model, title=a.title, kicker=a.kicker, subtitle=a.subtitle, body=body, idf=idf,
                        exclude=exclude, cache=words)
    slug = slugify(a.title or a.kicker or (paragraphs[0][:12] if paragraphs else ""), fallback="item")
    return replace(a, region=region, places=places, tags=tags, slug=slug)
