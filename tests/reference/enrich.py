"""Enrich in one process over the whole corpus at once: what ingest's two steps over shares of the
pages (`generator/ingest/workers.py`) must equal."""

from __future__ import annotations

from collections.abc import Sequence

from generator.enrich.article import article_text, enrich_article
from generator.enrich.tags import TagModel, WordCache, document_frequencies, idf_from_frequencies, load_tag_model
from generator.models import Article


def corpus_idf(model: TagModel, documents: Sequence[str], *, cache: WordCache | None = None) -> dict[str, float]:
    """Compute the IDF of every word in the corpus, blended with jieba's IDF.

    Rule: the corpus counts as len(documents) documents next to PRIOR_DOCUMENTS from jieba's
    reference corpus, so a one-page corpus still knows 工作 is common and a large one decides alone.
    A document is cut as lead and rest (`split_lead`), as `extract_tags` cuts a body, so passing
    both the same `cache` segments every body once.
    """
    return idf_from_frequencies(model, document_frequencies(model, documents, cache=cache), len(documents))


def enrich_articles(articles: Sequence[Article], model: TagModel | None = None) -> list[Article]:
    """Add region, places, tags (IDF over all the given articles) and a slug to each article."""
    model = model or load_tag_model()
    words: WordCache = {}  # each body is cut once, for the IDF and for its own tags
    idf = corpus_idf(model, [article_text(a) for a in articles], cache=words)
    return [enrich_article(a, model=model, idf=idf, words=words) for a in articles]
