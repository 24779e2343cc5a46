"""The plain forms of split's page weights and similarity, which the fast paths of `generator/ingest/split.py` must equal."""

from __future__ import annotations

import math
from collections.abc import Sequence

from generator.ingest.split import _CODE_BITS, _Draft, _weights_of, bigrams


def page_weights(drafts: Sequence[_Draft]) -> dict[str, float]:
    """The weight of each bigram on the page (see `_weights_of`), as a dict."""
    page = _weights_of(drafts)
    mask = (1 << _CODE_BITS) - 1
    grams = [chr(code >> _CODE_BITS) + chr(code & mask) for code in page.codes.tolist()]
    return dict(zip(grams, page.of(grams)))


def similarity(a: str, b: str, weights: dict[str, float]) -> float:
    """Cosine similarity of two texts' bigram sets, each bigram weighted by `weights`."""
    ga, gb = set(bigrams(a)), set(bigrams(b))
    if not ga or not gb:
        return 0.0
    w = lambda g: weights.get(g, 1.0)  # noqa: E731
    shared = math.fsum(w(g) ** 2 for g in ga & gb)  # fsum: exact, so the order of the set cannot matter
    norm = math.sqrt(math.fsum(w(g) ** 2 for g in ga) * math.fsum(w(g) ** 2 for g in gb))
    return shared / norm if norm else 0.0
