"""Fast paths of search terms and the offline index: runs, folding, terms, number and postings encoders, the whole index: each gives exactly what the plain code it replaced gives.

Each test compares a fast path with its plain reference (here or in `tests/reference/`) on random
input made of what the rule cares about (hypothesis), and on the seed and dev pages.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from example_pages import ODD_TEXTS, generated_corpus
from generator.models import Article, PageInfo
from generator.search import offline, terms

ROOT = Path(__file__).resolve().parents[2]


def reference_normalize(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", ch).lower() for ch in text)


def reference_runs(text: str):
    kind = None
    start = 0
    for i, ch in enumerate(text):
        k = True if terms.is_cjk(ch) else (False if ch.isalnum() else None)
        if k != kind:
            if kind is not None:
                yield kind, text[start:i]
            kind, start = k, i
    if kind is not None:
        yield kind, text[start:]


def reference_terms_of(text: str) -> set[str]:
    out: set[str] = set()
    for cjk, run in reference_runs(text):
        if cjk:
            out.update(run)
            out.update(run[i : i + 2] for i in range(len(run) - 1))
        else:
            out.add(run)
    return out


def reference_encode_number(n: int) -> str:
    digits = [offline.FINAL_DIGITS[n & 31]]
    n >>= 5
    while n:
        digits.append(offline.MORE_DIGITS[n & 31])
        n >>= 5
    return "".join(reversed(digits))


def reference_encode_postings(postings) -> str:
    prev = -1
    out = []
    for doc, in_title in postings:
        out.append(reference_encode_number(((doc - prev - 1) << 1) | int(in_title)))
        prev = doc
    return "".join(out)


ALL_CHARACTERS = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)



@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[list[Article], list[PageInfo]]:
    return generated_corpus(tmp_path_factory.mktemp("corpus") / "content")


def test_runs_classify_every_code_point_as_is_cjk_and_isalnum_do():
    for ch in ALL_CHARACTERS:
        expected = list(reference_runs(ch))
        assert list(terms.runs(ch)) == expected, hex(ord(ch))


def test_normalize_folds_every_code_point_as_per_character_nfkc_does():
    assert terms.normalize(ALL_CHARACTERS) == reference_normalize(ALL_CHARACTERS)


def test_runs_and_terms_match_the_reference_on_mixed_text(corpus):
    articles, _ = corpus
    texts = [b.text for a in articles for b in a.blocks] + [a.title or "" for a in articles] + list(ODD_TEXTS)
    for text in texts:
        folded = reference_normalize(text)
        assert list(terms.runs(folded)) == list(reference_runs(folded))
        assert terms.terms_of(folded) == reference_terms_of(folded)


def test_encode_number_matches_the_reference_below_and_above_the_table():
    for n in [*range(20_000), 2**20, 2**31 - 1, 2**40 + 12345]:
        assert offline.encode_number(n) == reference_encode_number(n)
    postings = [(0, True), (1, False), (9000, True), (9001, False), (2**21, True)]
    assert offline.encode_postings(postings) == reference_encode_postings(postings)


def test_offline_index_is_byte_identical_to_the_reference(corpus, monkeypatch):
    articles, _ = corpus
    url_for = lambda a: f"articles/{a.id}.html"  # noqa: E731
    fast = offline.build_offline_index(articles, url_for=url_for)
    # The plain code in place of every fast path the build takes: term making and both encoders
    # (a full build writes postings with `_encode_packed`, a patched one with `encode_postings`).
    monkeypatch.setattr(offline, "normalize", reference_normalize)
    monkeypatch.setattr(offline, "terms_of", reference_terms_of)
    monkeypatch.setattr(offline, "encode_postings", reference_encode_postings)
    monkeypatch.setattr(offline, "_encode_packed",
                        lambda values: reference_encode_postings([(v >> 1, bool(v & 1)) for v in values]))
    reference = offline.build_offline_index(articles, url_for=url_for)
    assert [f.path for f in fast] == [f.path for f in reference]
    assert fast == reference
