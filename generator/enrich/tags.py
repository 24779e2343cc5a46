"""Article text → tags: controlled-vocabulary tags first, then jieba keywords ranked by TF-IDF.

Input: an article's headline parts and body, and IDF over the whole corpus (`idf_from_frequencies`).
Output: 3 to 8 tags, deterministic. Only `load_tag_model` reads files (data/tags/, jieba's
dictionaries, or what it needs of them from the build cache: see `word_tables`).
"""

from __future__ import annotations

import functools
import logging
import math
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from generator.infra.cache import NO_STAMP, FileCache, default_cache_dir
from generator.errors import DataFileError, read_data_text

if TYPE_CHECKING:  # jieba itself is imported only to build the tables or to cut without rjieba
    import jieba
    import jieba.posseg

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "tags"
JIEBA_DIR = Path(find_spec("jieba").origin).parent  # found without importing jieba (~0.4 s with posseg)
JIEBA_DICTIONARY = JIEBA_DIR / "dict.txt"  # "word frequency part-of-speech" lines
REFERENCE_IDF = JIEBA_DIR / "analyse" / "idf.txt"  # jieba's own, "word idf" lines
# The word tables (`word_tables`) depend on the generator and jieba only, not on a site: they are
# kept in the build cache of the project the generator is in.
TABLE_CACHE_DIR = default_cache_dir(Path(__file__).resolve().parents[2])
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


class WordClasses:
    """What each word seen so far can be as a tag, whatever the article (see `_word_class`): a memo
    of a process, kept in three groups so that an article sorts its words with set operations."""

    __slots__ = ("never_tags", "term_words", "place_checked_words")

    def __init__(self) -> None:
        self.never_tags: set[str] = set()  # most words
        self.term_words: dict[str, str] = {}  # word → the vocabulary tag it stands for
        self.place_checked_words: set[str] = set()  # each its own tag, unless it names a place


@dataclass(frozen=True, slots=True, eq=False)
class TagModel:
    """Resources for tagging: a segmenter with the project words, and the word lists.

    jieba's own tokenizer is built only when asked for (`tokenizer`): tagging needs from it only
    which words are dictionary nouns (`keyword_words`) and jieba's IDF, which are cached on disk.
    """

    data_dir: Path
    segmenter: Callable[[str], list[str]]  # cut without HMM: rjieba's (same words, ~14× faster) or jieba's
    stop_words: frozenset[str]
    vocabulary: Mapping[str, tuple[str, ...]]  # tag → synonyms
    project_words: frozenset[str]  # dictionary words and vocabulary terms: never taken for places
    term_tags: Mapping[str, str]  # every tag and synonym → its tag
    term_pattern: re.Pattern[str]  # all terms, longest first
    term_finder: Callable[[str], list[str]]  # the terms term_pattern.findall finds, faster (`_term_finder`)
    reference_idf: Mapping[str, float]  # jieba's IDF over its own large corpus, of the words that can be tags
    reference_idf_default: float  # for words jieba's IDF does not list (the median of all it lists)
    keyword_words: frozenset[str]  # words jieba (with the project words) knows, of a part of speech in KEYWORD_POS
    # The model's one mutable part, a memo it owns: what each word seen so far can be as a tag.
    word_classes: WordClasses = field(default_factory=lambda: WordClasses(), repr=False)

    @property
    def tokenizer(self) -> jieba.Tokenizer:
        """jieba's tokenizer with the project words (built once, on first use)."""
        return _jieba_tokenizers(self.data_dir)[0]

    @property
    def pos_tokenizer(self) -> jieba.posseg.POSTokenizer:
        """jieba's part-of-speech tokenizer over `tokenizer` (built once, on first use)."""
        return _jieba_tokenizers(self.data_dir)[1]


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
            raise DataFileError(path, number, f"expected 'word [frequency] [part of speech]', got {raw.strip()!r}",
                                "e.g. '志愿服务 nz' or '志愿服务 100 nz'; a word has no spaces")
        entries.append((word, freq, tag))
    return entries


def parse_vocabulary(data: Mapping[str, object], *, path: str = "vocabulary.toml",
                     text: str = "") -> dict[str, tuple[str, ...]]:
    """Check a parsed vocabulary (tag = [synonyms]); a term may belong to one tag only.

    `text`, the file's own text, lets an error name the line of its tag.
    """
    vocabulary: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for tag, synonyms in data.items():
        line = _line_of_key(text, tag)
        if not isinstance(synonyms, list) or not all(isinstance(s, str) and s.strip() for s in synonyms):
            raise DataFileError(path, line, f"{tag!r} must be a list of words", f'e.g. "{tag}" = ["同义词"]')
        vocabulary[tag] = tuple(s.strip() for s in synonyms)
        for term in (tag, *vocabulary[tag]):
            if len(term) < 2:
                raise DataFileError(path, line, f"{term!r} (under {tag!r}) is shorter than two characters",
                                    "a one-character term would match inside too many words: remove it")
            if owner.setdefault(term, tag) != tag:
                raise DataFileError(path, line, f"{term!r} is listed under both {owner[term]!r} and {tag!r}",
                                    "a term may belong to one tag only: remove it from one of them")
    return vocabulary


def _line_of_key(text: str, key: str) -> int | None:
    """The line of `text` where the TOML key `key` is set, if it can be found."""
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.lstrip()
        if stripped.startswith((f'"{key}"', f"'{key}'", f"{key} ", f"{key}=")):
            return number
    return None


def parse_stop_words(text: str, *, path: str = "stop_words.txt") -> frozenset[str]:
    """Whitespace-separated words; '#' starts a comment. A word is letters, not punctuation or symbols."""
    import unicodedata

    words = set()
    for number, raw in enumerate(text.splitlines(), 1):
        for word in raw.split("#", 1)[0].split():
            if any(unicodedata.category(c)[0] in "PSC" for c in word):
                raise DataFileError(path, number, f"{word!r} is not a word: it holds punctuation or a symbol",
                                    "write one word, or several separated by spaces, per line; '#' starts a comment")
            words.add(word)
    return frozenset(words)


def _read_words(path: Path) -> frozenset[str]:
    return parse_stop_words(read_data_text(path), path=str(path))


def _project_words(data_dir: Path) -> tuple[list[tuple[str, int | None, str | None]], dict[str, tuple[str, ...]]]:
    """The project dictionary and vocabulary of data_dir, checked."""
    dictionary_path = data_dir / "dictionary.txt"
    vocabulary_path = data_dir / "vocabulary.toml"
    dictionary = parse_dictionary(read_data_text(dictionary_path), path=str(dictionary_path))
    text = read_data_text(vocabulary_path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise DataFileError(str(vocabulary_path), int(match.group(1)) if match else None,
                            f"not valid TOML: {exc}", 'each line is "标签" = ["同义词", "另一种说法"]') from None
    return dictionary, parse_vocabulary(data, path=str(vocabulary_path), text=text)


@functools.cache
def _jieba_tokenizers(data_dir: Path) -> tuple[jieba.Tokenizer, jieba.posseg.POSTokenizer]:
    """jieba's tokenizer with the project words and its part-of-speech tokenizer (~1.5 s to build)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    dictionary, vocabulary = _project_words(data_dir)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, freq, pos in dictionary:
        tokenizer.add_word(word, freq, pos)
    listed = {word for word, _, _ in dictionary}
    term_tags = {term for tag, synonyms in vocabulary.items() for term in (tag, *synonyms)}
    for term in sorted(term_tags - listed):
        tokenizer.add_word(term, None, "nz")
    pos_tokenizer = jieba.posseg.POSTokenizer(tokenizer)
    pos_tokenizer.makesure_userdict_loaded()  # merges the project words' parts of speech
    return tokenizer, pos_tokenizer


WordTables = tuple[frozenset[str], dict[str, float], float]  # keyword words, reference IDF, its median


def _build_word_tables(data_dir: Path) -> WordTables:
    """What tagging needs of jieba's dictionaries: the dictionary nouns, and jieba's IDF with its median.

    A word is a keyword word when jieba's part-of-speech table (the project's merged in) gives it a
    KEYWORD_POS and the tokenizer a frequency: only dictionary words can become tags.
    """
    tokenizer, pos_tokenizer = _jieba_tokenizers(data_dir)
    freq = tokenizer.FREQ
    keyword_words = frozenset(word for word, pos in pos_tokenizer.word_tag_tab.items()
                              if pos in KEYWORD_POS and freq.get(word))
    reference_idf = {}
    for line in REFERENCE_IDF.read_text(encoding="utf-8").splitlines():
        word, value = line.split(" ")
        reference_idf[word] = float(value)
    median = sorted(reference_idf.values())[len(reference_idf) // 2]
    # Only a tag's IDF is ever read, and only keyword words and words holding a vocabulary term can
    # be tags (`_word_class`): the other 60% of jieba's table would only slow every load down.
    _, vocabulary = _project_words(data_dir)
    terms = _term_pattern({term for tag, synonyms in vocabulary.items() for term in (tag, *synonyms)})
    taggable = {word: value for word, value in reference_idf.items() if word in keyword_words or terms.search(word)}
    return keyword_words, taggable, median


def _tables_salt(data_dir: Path) -> str:
    """What the word tables are made from besides the generator's code: jieba's files and data_dir's.

    jieba's two files (11 MB, installed by pip, never edited) count by path, size and time, as make
    would; the project's small files by their bytes. Hashing jieba's too cost each worker ~30 ms.
    """
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    for path in (JIEBA_DICTIONARY, REFERENCE_IDF):
        st = path.stat()
        h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    for path in sorted(data_dir.glob("*")):
        if path.is_file():
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def word_tables(data_dir: Path = DATA_DIR, *, cache_dir: Path | None = TABLE_CACHE_DIR) -> WordTables:
    """The word tables of data_dir, from the build cache when it has them for these very inputs.

    Building them loads jieba's dictionary twice over (~2 s); the cache reads in ~0.15 s. The cache
    holds exactly what `_build_word_tables` returns, so deleting it changes nothing but the time.
    """
    if cache_dir is None:
        return _build_word_tables(data_dir)
    cache = FileCache(cache_dir, "tagwords", data_dir, salt=_tables_salt(data_dir), racy_ns=0)
    tables = cache.get("tables", NO_STAMP)
    if not _are_word_tables(tables):
        tables = _build_word_tables(data_dir)
        cache.put("tables", NO_STAMP, tables)
        cache.save()
    return tables


def _are_word_tables(value: object) -> bool:
    return (isinstance(value, tuple) and len(value) == 3 and isinstance(value[0], frozenset)
            and isinstance(value[1], dict) and isinstance(value[2], float))


@functools.cache
def load_tag_model(data_dir: Path = DATA_DIR) -> TagModel:
    """Build the tag model from data_dir (dictionary.txt, stop_words.txt, vocabulary.toml); cached.

    With the word tables cached (`word_tables`), loading takes ~0.4 s (rjieba's dictionary), else
    about 2 s (jieba's); jieba's log lines are silenced.
    """
    dictionary, vocabulary = _project_words(data_dir)
    listed = {word for word, _, _ in dictionary}
    term_tags = {term: tag for tag, synonyms in vocabulary.items() for term in (tag, *synonyms)}
    keyword_words, reference_idf, median = word_tables(data_dir)
    segmenter = _rjieba_segmenter(dictionary, sorted(term_tags.keys() - listed)) or functools.partial(
        _jieba_cut, data_dir)
    return TagModel(
        data_dir=data_dir,
        segmenter=segmenter,
        stop_words=_read_words(data_dir / "stop_words.txt"),
        vocabulary=vocabulary,
        project_words=frozenset(listed | term_tags.keys()),
        term_tags=term_tags,
        term_pattern=_term_pattern(term_tags),
        term_finder=_term_finder(term_tags),
        reference_idf=reference_idf,
        reference_idf_default=median,
        keyword_words=keyword_words,
    )


def _term_pattern(terms: Collection[str]) -> re.Pattern[str]:
    """Any of the terms, the longest first where several start at one place."""
    return re.compile("|".join(map(re.escape, sorted(terms, key=lambda t: (-len(t), t))))) if terms else re.compile(r"(?!)")


def _term_finder(terms: Collection[str]) -> Callable[[str], list[str]]:
    """A function listing what `_term_pattern(terms).findall` lists: the leftmost term, the longest
    one there, then on after it. Aho-Corasick (`ahocorasick_rs`) follows one path per character
    where the alternation tries every term at every position: ~10× faster on an article.

    The few hundred terms make a small DFA, which finds the same matches as the default automaton
    ~1.5× faster; kept patterns spare cutting each match out of the text again (~2× faster)."""
    if not terms:
        return lambda text: []
    import ahocorasick_rs

    return ahocorasick_rs.AhoCorasick(sorted(terms), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                      implementation=ahocorasick_rs.Implementation.DFA,
                                      store_patterns=True).find_matches_as_strings


WordCache = dict[str, tuple[str, ...]]  # text → its words: one per run, so each text is cut once


def _jieba_cut(data_dir: Path, text: str) -> list[str]:
    return list(_jieba_tokenizers(data_dir)[0].cut(text, HMM=False))


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
    if words is None:
        cut = model.segmenter(text)
        if len(_ONE_OF_EACH) >= ONE_OF_EACH_KEPT:
            _ONE_OF_EACH.clear()
        words = cache[text] = tuple(map(_ONE_OF_EACH.setdefault, cut, cut))
    return words


# One string object for each distinct word of the cached cuts: a corpus repeats a few thousand words
# millions of times. `dict.setdefault` shares them for less than `sys.intern`.
_ONE_OF_EACH: dict[str, str] = {}
ONE_OF_EACH_KEPT = 1_000_000  # distinct words remembered; more are forgotten all at once


def split_lead(body: str) -> tuple[str, str]:
    """Split a body into its lead (about LEAD_CHARS) and the rest, between sentences when one ends in time."""
    end = _SENTENCE_END.search(body, LEAD_CHARS)  # cut between sentences, not inside a word
    cut = end.end() if end and end.start() < 2 * LEAD_CHARS else LEAD_CHARS
    return body[:cut], body[cut:]


def _blended_idf(model: TagModel, word: str, df: int, documents: int) -> float:
    """IDF with jieba's reference IDF as a prior worth PRIOR_DOCUMENTS documents."""
    prior = math.exp(-model.reference_idf.get(word, model.reference_idf_default))
    return -math.log((PRIOR_DOCUMENTS * prior + df) / (PRIOR_DOCUMENTS + documents))


def document_frequencies(model: TagModel, documents: Iterable[str], *, cache: WordCache | None = None
                         ) -> Counter[str]:
    """In how many of the documents each word occurs: counted for a share of the corpus (the shares are added up).

    The counts of several shares add up (`Counter.update`) to those of the whole corpus.
    """
    df: Counter[str] = Counter()
    for document in documents:
        lead, rest = split_lead(document)
        df.update({*_words(model, lead, cache), *_words(model, rest, cache)})
    return df


def idf_from_frequencies(model: TagModel, df: Mapping[str, int], documents: int) -> dict[str, float]:
    """The IDF of every word of a corpus of `documents` documents, from its document frequencies
    (`document_frequencies`, added up over shares of the corpus), blended with jieba's IDF.

    Rule: the corpus counts as `documents` documents next to PRIOR_DOCUMENTS from jieba's reference
    corpus, so a one-page corpus still knows 工作 is common and a large one decides alone.
    """
    return {word: _blended_idf(model, word, df[word], documents) for word in sorted(df)}


@dataclass(frozen=True, slots=True)
class _PlaceNames:
    """The region names an article's tags leave out, arranged for `_naming_place`."""

    exact: frozenset[str]
    names: tuple[str, ...]  # those of two characters or more
    joined: str  # `names` joined by newlines: `word in joined` is "part of one of them" (dictionary words hold no newline)

    @classmethod
    def of(cls, exclude: Collection[str]) -> _PlaceNames:
        names = tuple(name for name in exclude if len(name) >= 2)
        return cls(frozenset(exclude), names, "\n".join(names))


def _naming_place(words: set[str], places: _PlaceNames) -> set[str]:
    """Those of `words` that are a region name from the caller, or a part of one (of 2+ characters),
    or hold one (dictionary words, of 2+ characters and without a newline)."""
    named = words & places.exact
    if places.names:
        joined = places.joined
        named.update(word for word in words if word in joined)
        # Words holding a name: one search per name through all the words (~35 words, ~15 names).
        words_joined = "\n".join(words)
        for name in places.names:
            at = words_joined.find(name)
            while at >= 0:
                end = words_joined.find("\n", at)
                end = len(words_joined) if end < 0 else end
                if at + len(name) <= end:  # else the name holds a newline and spans words: none holds it
                    named.add(words_joined[words_joined.rfind("\n", 0, at) + 1 : end])
                at = words_joined.find(name, at + 1)
    return named


def _word_class(model: TagModel, word: str) -> tuple[str, bool] | None:
    """What a word can be as a tag, whatever the article: None, or the tag it stands for and whether
    the article's place names can still rule it out (see `_candidates`, which keeps the answers)."""
    if len(word) < 2 or not _HAN.search(word) or _DIGIT.search(word):
        return None
    term = model.term_pattern.search(word)
    if term:  # a vocabulary term, or a word containing one (志愿服务队伍 → 志愿服务)
        return model.term_tags[term.group()], False
    if word in model.stop_words or word not in model.keyword_words:
        return None  # also words jieba's HMM made up (企民, 村干): only dictionary words become tags
    if word not in model.project_words and any(word.endswith(s) and len(word) - len(s) >= 2 for s in PLACE_SUFFIXES):
        return None  # a place by its suffix: 新庙村 (a name of 2+ characters + 村)
    return word, True


def _candidates(model: TagModel, words: set[str], places: _PlaceNames) -> dict[str, str]:
    """The tag each of `words` stands for, leaving out words that cannot be a tag or name one of `places`."""
    memo = model.word_classes
    terms, checked = memo.term_words, memo.place_checked_words
    words = words.difference(memo.never_tags)  # most words, at once; the others are fewer to go through
    for word in words.difference(terms, checked):  # words not seen before
        kind = _word_class(model, word)
        if kind is None:
            memo.never_tags.add(word)
        elif kind[1]:
            checked.add(word)
        else:
            terms[word] = kind[0]
    found = {word: terms[word] for word in words & terms.keys()}
    maybe = words & checked
    found.update((word, word) for word in maybe.difference(_naming_place(maybe, places)))  # each its own tag
    return found


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
    `cache` is the one given to `document_frequencies` for the same run, so the body is not cut again.
    """
    exclude = frozenset(exclude)
    headline = [(text, HEADLINE_WEIGHT) for text in (kicker, title, subtitle) if text]
    parts = [*headline, (body, 1.0)]

    mentions: dict[str, float] = defaultdict(float)
    for text, weight in parts:
        for term in model.term_finder(text):
            mentions[model.term_tags[term]] += weight
    min_mentions = max(MIN_MENTIONS, len(body) / MENTION_CHARS)
    by_mentions = sorted(sorted(mentions), key=mentions.__getitem__, reverse=True)  # ties by tag: stable
    tags = [t for t in by_mentions if mentions[t] >= min_mentions][:k_max]

    lead, rest = split_lead(body)
    scores: dict[str, float] = defaultdict(float)
    counts: dict[str, float] = defaultdict(float)
    cuts = [(_words(model, text, cache), weight) for text, weight in [*headline, (lead, LEAD_WEIGHT), (rest, 1.0)]]
    # An article repeats its words, and most cannot be tags: decide each distinct word once, then
    # go through the candidates only, in order (scores add up in the same order as word by word).
    candidates = _candidates(model, set().union(*[words for words, _ in cuts]), _PlaceNames.of(exclude))
    found = {word: (candidate, idf[word] if word in idf else _blended_idf(model, word, 1, 1))
             for word, candidate in candidates.items()}
    for words, weight in cuts:
        for candidate, word_idf in map(found.__getitem__, filter(found.__contains__, words)):
            counts[candidate] += weight
            scores[candidate] += weight * word_idf
    ranked = sorted(sorted(scores), key=scores.__getitem__, reverse=True)  # by score, ties by tag: stable
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
