"""Article text → tags: controlled-vocabulary tags first, then jieba keywords ranked by TF-IDF.

Input: an article's headline parts and body, and IDF over the whole corpus (`corpus_idf`).
Output: 3 to 8 tags, deterministic. Only `load_tag_model` reads files (data/tags/).
"""

from __future__ import annotations

import functools
import logging
import math
import re
import sys
import tomllib
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import jieba
import jieba.posseg

DATA_DIR = Path(__file__).parent / "data" / "tags"
REFERENCE_IDF = Path(jieba.__file__).parent / "analyse" / "idf.txt"  # jieba's own, "word idf" lines
KEYWORD_POS = frozenset({"n", "nz", "vn", "nt", "nw", "j"})  # nouns, proper nouns, verbal nouns, abbreviations
PLACE_SUFFIXES = ("自治州", "自治县", "自治区", "自治旗", "街道", "社区", "省", "市", "县", "区", "镇", "乡", "村", "州", "旗", "盟")
HEADLINE_WEIGHT = 4.0  # a word in the kicker, title or subtitle counts this many times
MIN_MENTIONS = 2.0  # a tag of its own needs a headline mention or two in the body (weighted)…
MENTION_CHARS = 700  # …and in long articles one mention per this many characters of body
KEYWORD_MIN_SHARE = 0.3  # …and a keyword also this share of the best keyword's score
LEAD_CHARS = 120  # the first sentences of the body (about this long), where news puts its topic…
LEAD_WEIGHT = 1.5  # …counts this many times
PRIOR_DOCUMENTS = 1000  # jieba's reference IDF counts as this many documents of the corpus
_HAN = re.compile(r"[\u3400-\u9fff]")
_DIGIT = re.compile(r"[0-9０-９]")
_SENTENCE_END = re.compile(r"[。！？；\n]")


@dataclass(frozen=True, slots=True, eq=False)
class TagModel:
    """Resources for tagging: a jieba tokenizer with the project words, and the word lists."""

    tokenizer: jieba.Tokenizer
    segmenter: Callable[[str], list[str]]  # cut without HMM: rjieba's (same words, ~14× faster) or jieba's
    pos_tokenizer: jieba.posseg.POSTokenizer
    stop_words: frozenset[str]
    vocabulary: Mapping[str, tuple[str, ...]]  # tag → synonyms
    project_words: frozenset[str]  # dictionary words and vocabulary terms: never taken for places
    term_tags: Mapping[str, str]  # every tag and synonym → its tag
    term_pattern: re.Pattern[str]  # all terms, longest first
    reference_idf: Mapping[str, float]  # jieba's IDF over its own large corpus
    reference_idf_default: float  # for words jieba's IDF does not list (its median)
    word_tags: Mapping[str, str]  # part of speech of every dictionary word, project words included


def parse_dictionary(text: str, *, path: str = "dictionary.txt") -> list[tuple[str, int | None, str | None]]:
    """Parse `word [frequency] [part of speech]` lines; '#' starts a comment."""
    entries = []
    for number, raw in enumerate(text.splitlines(), 1):
        fields = raw.split("#", 1)[0].split()
        if not fields:
            continue
        word, rest = fields[0], fields[1:]
        freq = int(rest.pop(0)) if rest and rest[0].isdigit() else None
        tag = rest.pop(0) if rest and rest[0].isalpha() and rest[0].isascii() else None
        if rest:
            raise ValueError(f"{path}:{number}: expected 'word [frequency] [part of speech]', got {raw.strip()!r}")
        entries.append((word, freq, tag))
    return entries


def parse_vocabulary(data: Mapping[str, object], *, path: str = "vocabulary.toml") -> dict[str, tuple[str, ...]]:
    """Check a parsed vocabulary (tag = [synonyms]); a term may belong to one tag only."""
    vocabulary: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for tag, synonyms in data.items():
        if not isinstance(synonyms, list) or not all(isinstance(s, str) and s.strip() for s in synonyms):
            raise ValueError(f"{path}: {tag!r} must be a list of words, e.g. \"{tag}\" = [\"同义词\"]")
        vocabulary[tag] = tuple(s.strip() for s in synonyms)
        for term in (tag, *vocabulary[tag]):
            if len(term) < 2:
                raise ValueError(f"{path}: {term!r} (under {tag!r}) is shorter than two characters")
            if owner.setdefault(term, tag) != tag:
                raise ValueError(f"{path}: {term!r} is listed under both {owner[term]!r} and {tag!r}")
    return vocabulary


def _read_words(path: Path) -> frozenset[str]:
    """Read whitespace-separated words; '#' starts a comment."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(word for line in lines for word in line.split("#", 1)[0].split())


@functools.cache
def load_tag_model(data_dir: Path = DATA_DIR) -> TagModel:
    """Build the tag model from data_dir (dictionary.txt, stop_words.txt, vocabulary.toml); cached.

    Loading takes about a second (jieba's dictionary); jieba's log lines are silenced.
    """
    jieba.setLogLevel(logging.WARNING)
    dictionary_path = data_dir / "dictionary.txt"
    vocabulary_path = data_dir / "vocabulary.toml"
    dictionary = parse_dictionary(dictionary_path.read_text(encoding="utf-8"), path=str(dictionary_path))
    with vocabulary_path.open("rb") as f:
        vocabulary = parse_vocabulary(tomllib.load(f), path=str(vocabulary_path))

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, freq, pos in dictionary:
        tokenizer.add_word(word, freq, pos)
    listed = {word for word, _, _ in dictionary}
    term_tags = {term: tag for tag, synonyms in vocabulary.items() for term in (tag, *synonyms)}
    for term in sorted(term_tags.keys() - listed):
        tokenizer.add_word(term, None, "nz")
    terms = sorted(term_tags, key=lambda t: (-len(t), t))
    reference_idf = {}
    for line in REFERENCE_IDF.read_text(encoding="utf-8").splitlines():
        word, value = line.split(" ")
        reference_idf[word] = float(value)
    median = sorted(reference_idf.values())[len(reference_idf) // 2]
    segmenter = _rjieba_segmenter(dictionary, sorted(term_tags.keys() - listed)) or functools.partial(
        _jieba_cut, tokenizer)
    pos_tokenizer = jieba.posseg.POSTokenizer(tokenizer)
    pos_tokenizer.makesure_userdict_loaded()  # merges the project words' parts of speech
    return TagModel(
        tokenizer=tokenizer,
        segmenter=segmenter,
        pos_tokenizer=pos_tokenizer,
        stop_words=_read_words(data_dir / "stop_words.txt"),
        vocabulary=vocabulary,
        project_words=frozenset(listed | term_tags.keys()),
        term_tags=term_tags,
        term_pattern=re.compile("|".join(map(re.escape, terms))) if terms else re.compile(r"(?!)"),
        reference_idf=reference_idf,
        reference_idf_default=median,
        word_tags=dict(pos_tokenizer.word_tag_tab),
    )


WordCache = dict[str, tuple[str, ...]]  # text → its words: one per run, so each text is cut once


def _jieba_cut(tokenizer: jieba.Tokenizer, text: str) -> list[str]:
    return list(tokenizer.cut(text, HMM=False))


def _rjieba_segmenter(dictionary, vocabulary_terms) -> Callable[[str], list[str]] | None:
    """rjieba (jieba in Rust) with the project words, or None when it is not installed.

    Its cut without HMM is word for word jieba's (tested); parts of speech, word frequencies and
    IDF still come from jieba's own tables, since rjieba's tags differ.
    """
    try:
        import rjieba
    except ImportError:
        return None
    segmenter = rjieba.Jieba()
    for word, freq, pos in dictionary:
        segmenter.add_word(word, freq, pos)
    for term in vocabulary_terms:
        segmenter.add_word(term, None, "nz")
    return functools.partial(segmenter.cut, hmm=False)


def _words(model: TagModel, text: str, cache: WordCache | None = None) -> tuple[str, ...]:
    """Cut text into words; the same cut serves IDF and keywords, and `cache` keeps it for both.

    Only dictionary words can become tags, so the cut skips jieba's HMM (which guesses unknown
    words); a word's part of speech is read from the dictionary (`model.word_tags`): ~5× faster.
    """
    if cache is None:
        return tuple(model.segmenter(text))
    words = cache.get(text)
    if words is None:  # interned: a corpus repeats a few thousand words millions of times
        words = cache[text] = tuple(map(sys.intern, model.segmenter(text)))
    return words


def split_lead(body: str) -> tuple[str, str]:
    """Split a body into its lead (about LEAD_CHARS) and the rest, between sentences when one ends in time."""
    end = _SENTENCE_END.search(body, LEAD_CHARS)  # cut between sentences, not inside a word
    cut = end.end() if end and end.start() < 2 * LEAD_CHARS else LEAD_CHARS
    return body[:cut], body[cut:]


def _blended_idf(model: TagModel, word: str, df: int, documents: int) -> float:
    """IDF with jieba's reference IDF as a prior worth PRIOR_DOCUMENTS documents."""
    prior = math.exp(-model.reference_idf.get(word, model.reference_idf_default))
    return -math.log((PRIOR_DOCUMENTS * prior + df) / (PRIOR_DOCUMENTS + documents))


def corpus_idf(model: TagModel, documents: Sequence[str], *, cache: WordCache | None = None) -> dict[str, float]:
    """Compute the IDF of every word in the corpus, blended with jieba's IDF.

    Rule: the corpus counts as len(documents) documents next to PRIOR_DOCUMENTS from jieba's
    reference corpus, so a one-page corpus still knows 工作 is common and a large one decides alone.
    A document is cut as lead and rest (`split_lead`), as `extract_tags` cuts a body, so passing
    both the same `cache` segments every body once.
    """
    df: dict[str, int] = defaultdict(int)
    for document in documents:
        lead, rest = split_lead(document)
        for word in {*_words(model, lead, cache), *_words(model, rest, cache)}:
            df[word] += 1
    return {word: _blended_idf(model, word, df[word], len(documents)) for word in sorted(df)}


def _is_place(model: TagModel, word: str, exclude: Collection[str]) -> bool:
    """Region names from the caller, their parts, and words like 新庙村 (a name of 2+ characters + 村)."""
    if word in exclude or any(len(name) >= 2 and (name in word or word in name) for name in exclude):
        return True
    if word in model.project_words:
        return False
    return any(word.endswith(s) and len(word) - len(s) >= 2 for s in PLACE_SUFFIXES)


def _candidate(model: TagModel, word: str, pos: str, exclude: Collection[str]) -> str | None:
    """Return the tag a word stands for, or None when it cannot be a tag."""
    if len(word) < 2 or not _HAN.search(word) or _DIGIT.search(word):
        return None
    term = model.term_pattern.search(word)
    if term:  # a vocabulary term, or a word containing one (志愿服务队伍 → 志愿服务)
        return model.term_tags[term.group()]
    if word in model.stop_words or pos not in KEYWORD_POS or not model.tokenizer.FREQ.get(word):
        return None  # also words jieba's HMM made up (企民, 村干): only dictionary words become tags
    return None if _is_place(model, word, exclude) else word


def _overlaps(word: str, tags: Iterable[str]) -> bool:
    return any(word in tag or tag in word for tag in tags)


def extract_tags(
    model: TagModel,
    *,
    title: str | None,
    kicker: str | None,
    body: str,
    idf: Mapping[str, float],
    exclude: Collection[str] = (),
    subtitle: str | None = None,
    k_min: int = 3,
    k_max: int = 8,
    cache: WordCache | None = None,
) -> tuple[str, ...]:
    """Choose k_min..k_max tags: vocabulary tags by mentions, then keywords by TF-IDF.

    Headline words (kicker, title, subtitle) count HEADLINE_WEIGHT times. `exclude` holds region
    names and their short forms. Words missing from `idf` count as if seen in this article only.
    Ties are broken by the tag itself; fewer than k_min tags only when the text has no more words.
    `cache` is the one given to `corpus_idf` for the same run, so the body is not cut again.
    """
    exclude = frozenset(exclude)
    headline = [(text, HEADLINE_WEIGHT) for text in (kicker, title, subtitle) if text]
    parts = [*headline, (body, 1.0)]

    mentions: dict[str, float] = defaultdict(float)
    for text, weight in parts:
        for match in model.term_pattern.finditer(text):
            mentions[model.term_tags[match.group()]] += weight
    min_mentions = max(MIN_MENTIONS, len(body) / MENTION_CHARS)
    by_mentions = sorted(mentions, key=lambda t: (-mentions[t], t))
    tags = [t for t in by_mentions if mentions[t] >= min_mentions][:k_max]

    lead, rest = split_lead(body)
    word_tags = model.word_tags
    scores: dict[str, float] = defaultdict(float)
    counts: dict[str, float] = defaultdict(float)
    for text, weight in [*headline, (lead, LEAD_WEIGHT), (rest, 1.0)]:
        for word in _words(model, text, cache):
            candidate = _candidate(model, word, word_tags.get(word, "x"), exclude)
            if candidate is not None:
                counts[candidate] += weight
                scores[candidate] += weight * (idf[word] if word in idf else _blended_idf(model, word, 1, 1))
    ranked = sorted(scores, key=lambda w: (-scores[w], w))
    best = scores[ranked[0]] if ranked else 0.0
    strong = [w for w in ranked if counts[w] >= min_mentions and scores[w] >= KEYWORD_MIN_SHARE * best]
    # Strong keywords first; up to k_min, vocabulary tags mentioned once, then any keyword.
    for fill, limit in ((strong, k_max), (by_mentions, k_min), (ranked, k_min)):
        for word in fill:
            if len(tags) >= limit:
                break
            if not _overlaps(word, tags):
                tags.append(word)
    return tuple(tags)
