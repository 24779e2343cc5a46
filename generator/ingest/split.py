"""Typed blocks of one page → articles, in the order their headers appear.

Reading order on a printed page is broken: a header may sit far from its body, so orphan headers
are matched to orphan bodies by evidence (the kicker's place or the headline's words in the body),
never by position alone. Text that cannot be placed becomes an untitled article flagged for review.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from generator.ingest.layout import ends_sentence
from generator.errors import Problem
from generator.models import Article, Block, Source

HAN = re.compile(r"[\u3400-\u9fff]")
HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
HEADER_KINDS = ("kicker", "title", "subtitle", "byline")

# A heading between paragraphs starts a new article when the text under it shares less than
# this with the article above it (cosine of page-weighted character bigrams). On the dev pages
# subheads score 0.075–0.20 and headlines without kicker or byline 0.00–0.04.
NEW_ARTICLE_BELOW = 0.055
# An orphan header claims a body when the evidence reaches this score (see `_evidence`).
MATCH_AT_LEAST = 0.35


@dataclass
class _Draft:
    """An article while it is being assembled; turned into a frozen `Article` at the end."""

    kicker: Block | None = None
    titles: list[Block] = field(default_factory=list)
    subtitle: Block | None = None
    byline: Block | None = None
    lead: Block | None = None
    body: list[Block] = field(default_factory=list)  # subheads and paragraphs
    caption: Block | None = None

    @property
    def has_header(self) -> bool:
        return bool(self.kicker or self.titles or self.subtitle)

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.body if b.kind == "paragraph"]

    def first_line(self) -> int:
        parts = [self.kicker, *self.titles, self.subtitle, self.byline, self.lead, self.caption, *self.body]
        return min(b.lines[0] for b in parts if b)

    def lines(self) -> list[int]:
        parts = [self.kicker, *self.titles, self.subtitle, self.byline, self.lead, self.caption, *self.body]
        return [n for b in parts if b for n in b.lines]


@functools.lru_cache(maxsize=4096)
def bigram_set(text: str) -> frozenset[str]:
    """The set of a text's bigrams, cached: orphan matching asks for the same paragraphs often, and
    a heading's section is compared with the text above it, which grows one section at a time."""
    return frozenset(_iter_bigrams(text))


def bigrams(text: str) -> Counter[str]:
    """Character bigrams of the Han runs of a text."""
    return Counter(_iter_bigrams(text))


def _iter_bigrams(text: str) -> Iterator[str]:
    """The bigrams of each Han run in order; `map(add, run, run[1:])` pairs them up in C."""
    return itertools.chain.from_iterable(map(operator.add, run, run[1:]) for run in HAN_RUN.findall(text))


def _parse_headers(group: Sequence[Block]) -> list[_Draft]:
    """Header parts in reading order → one draft per header: [kicker] title{1,2} [subtitle] [byline]."""
    drafts: list[_Draft] = []
    cur: _Draft | None = None

    def start() -> _Draft:
        nonlocal cur
        cur = _Draft()
        drafts.append(cur)
        return cur

    for block in group:
        if block.kind == "kicker":
            if cur is None or cur.kicker or cur.titles or cur.subtitle or cur.byline:
                start()
            cur.kicker = block
        elif block.kind == "title":
            if cur is None or cur.subtitle or cur.byline:
                start()
            elif len(cur.titles) == 2:
                # Three title lines in a row: lines printed together belong together.
                a, b = cur.titles
                moved = b if b.lines[0] + 1 == block.lines[0] and a.lines[1] + 1 != b.lines[0] else None
                if moved:
                    cur.titles.pop()
                start()
                if moved:
                    cur.titles.append(moved)
            cur.titles.append(block)
        elif block.kind == "subtitle":
            if cur is None or cur.subtitle or cur.byline:
                start()
            cur.subtitle = block
        elif block.kind == "byline":
            if cur is None or cur.byline:
                start()
            cur.byline = block
    return drafts


def _assemble(blocks: Sequence[Block], *, headed_photos: bool = False) -> list[_Draft]:
    """Walk the blocks once: each header opens a draft; body blocks go to the open draft. With
    `headed_photos`, a caption right after a header is that header's photo (a PDF page, whose
    header and caption were found together on the picture)."""
    drafts: list[_Draft] = []
    current: _Draft | None = None
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind in HEADER_KINDS:
            j = i
            while j < len(blocks) and blocks[j].kind in HEADER_KINDS:
                j += 1
            headers = _parse_headers(blocks[i:j])
            drafts += headers
            current = headers[-1] if headers else current
            i = j
            continue
        if block.kind == "caption":
            after_header = i > 0 and blocks[i - 1].kind in HEADER_KINDS and current is not None
            if headed_photos and after_header and not current.paragraphs and not current.lead and not current.caption:
                photo = current
                photo.caption = block
            else:
                photo = _Draft(caption=block)
            if i + 1 < len(blocks) and blocks[i + 1].kind == "byline":
                photo.byline = blocks[i + 1]
                i += 1
            if photo is not current:
                drafts.append(photo)  # a photo floats: the article around it goes on
        elif block.kind == "lead":
            if current is None or current.paragraphs or current.lead or current.caption:
                current = _Draft()
                drafts.append(current)
            current.lead = block
        elif block.kind == "subhead" and current is not None and not current.paragraphs and current.has_header:
            # A heading right under a header with no text yet is the rest of that headline.
            current.titles.append(replace(block, kind="title"))
        else:
            if current is None or current.caption:
                current = _Draft()
                drafts.append(current)
            current.body.append(block)
        i += 1
    return drafts


@dataclass(frozen=True, slots=True)
class _PageWeights:
    """The weights of the page, kept as the count of each bigram and the weight of each count:
    a page has a few thousand bigrams but only a few distinct counts, so no dict of weights is built.

    The bigrams are kept as numbers (`_bigram_codes`) in a sorted numpy array: counting a page's
    ~10,000 bigram strings in a Counter cost ~1.5 ms, ten times as much.
    """

    codes: object  # numpy array of the sorted codes of the bigrams in the drafts' bodies
    counts: object  # numpy array: in how many drafts' bodies each of those occurs
    weights: dict[int, float]  # the weight of each count; count 0, a bigram not on the page, weighs 1
    squares: dict[int, float]  # each of those weights squared, as the cosine adds them up

    def count_of(self, grams: Iterable[str]) -> list[int]:
        """In how many drafts' bodies each bigram occurs (0: not on the page), in order."""
        import numpy as np

        wanted = _bigram_codes(list(grams))
        if not len(wanted) or not len(self.codes):
            return [0] * len(wanted)
        at = np.minimum(np.searchsorted(self.codes, wanted), len(self.codes) - 1)
        return np.where(self.codes[at] == wanted, self.counts[at], 0).tolist()

    def of(self, grams: Iterable[str]) -> Iterator[float]:
        """The weight of each bigram, in order: `weights.get(g, 1.0)` of the page weights as a dict (`tests/reference/split.py`)."""
        return map(self.weights.__getitem__, self.count_of(grams))

    def squared(self, grams: Iterable[str]) -> Iterator[float]:
        """`weights.get(g, 1.0) ** 2` of each bigram, in order."""
        return map(self.squares.__getitem__, self.count_of(grams))


_CODE_BITS = 21  # a code point fits in 21 bits: a bigram's code is (first << 21) | second
_TEXT_BITS = 64 - 2 * _CODE_BITS  # what is left of 64 bits numbers a page's texts (4 million)


def _bigram_codes(grams: Sequence[str]):  # -> numpy array of uint64
    """Each two-character string as one number, in order (see `_CODE_BITS`)."""
    import numpy as np

    joined = "".join(grams)
    if len(joined) != 2 * len(grams):
        raise ValueError("bigrams have two characters each")
    chars = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    return chars[0::2] << _CODE_BITS | chars[1::2]


def _draft_frequencies(texts: Sequence[str]):  # -> (numpy codes, numpy counts)
    """The bigrams of the texts' Han runs as sorted codes (`_bigram_codes`), and in how many of the
    texts each occurs: `Counter` of each text's `bigram_set`, counted with numpy."""
    import numpy as np

    page = "\n".join(texts)  # a newline ends a Han run: no bigram spans two texts
    chars = np.frombuffer(page.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    han = (chars >= 0x3400) & (chars <= 0x9FFF)  # HAN_RUN's characters
    in_run = han[:-1] & han[1:]  # the pairs of neighbours that are a bigram of a Han run
    text_of = np.repeat(np.arange(len(texts), dtype=np.uint64), [len(t) + 1 for t in texts])[: len(in_run)]
    # Each bigram's code above the number of its text (`_TEXT_BITS`): the distinct pairs are each
    # bigram once a text, sorted by bigram, so counting their bigrams sorts nothing more.
    pairs, _ = sorted_counts(((chars[:-1] << _CODE_BITS | chars[1:]) << _TEXT_BITS | text_of)[in_run])
    return sorted_counts(pairs >> _TEXT_BITS)


def sorted_counts(values):  # numpy array -> (numpy array, numpy array of counts)
    """`np.unique(values, return_counts=True)`: the distinct values, sorted, and how often each occurs.

    Sorted and compared with the next: numpy 2's `unique` hashes the values first, which on the
    arrays here costs ~1.7× as much (code points) to ~15× (64-bit keys).
    """
    import numpy as np

    ordered = np.sort(values)
    first = np.ones(len(ordered), dtype=bool)  # where each run of one value starts
    first[1:] = ordered[1:] != ordered[:-1]
    starts = np.flatnonzero(first)
    return ordered[starts], np.diff(np.append(starts, len(ordered)))


def _weights_of(drafts: Sequence[_Draft]) -> _PageWeights:
    """Inverse draft frequency of each bigram on the page: words every article uses weigh little."""
    # A draft's bigrams are those of its blocks' texts joined by newlines, which no Han run holds.
    codes, counts = _draft_frequencies(["\n".join([b.text for b in d.body]) for d in drafts])
    n = max(len(drafts), 1)
    # One logarithm per distinct count.
    weights = {c: math.log((n + 1) / (c + 0.5)) for c in set(counts.tolist())}
    weights[0] = 1.0
    return _PageWeights(codes, counts, weights, {c: w**2 for c, w in weights.items()})


def _grams_of_joined(blocks: Sequence[Block]) -> frozenset[str]:
    """`set(bigrams(" ".join(texts)))` from each block's cached bigrams: a space ends a Han run."""
    return frozenset().union(*(bigram_set(b.text) for b in blocks))


def _blocks_similarity(above: Sequence[Block], below: Sequence[Block], weights: _PageWeights) -> float:
    """`similarity` of the two runs of blocks joined by spaces: the same sets, summed exactly, so the
    same float."""
    ga, gb = _grams_of_joined(above), _grams_of_joined(below)
    if not ga or not gb:
        return 0.0
    # Summed exactly (`math.fsum`): a set's order follows the strings' hashes, which change from
    # one process to the next, and a plain sum in another order can differ in its last bit.
    shared = math.fsum(weights.squared(ga & gb))
    norm = math.sqrt(math.fsum(weights.squared(ga)) * math.fsum(weights.squared(gb)))
    return shared / norm if norm else 0.0


def _has_heading_under_text(body: Sequence[Block]) -> bool:
    """A subhead after a paragraph: only such a heading is compared with the text above it."""
    kinds = [b.kind for b in body]
    return "paragraph" in kinds and "subhead" in kinds[kinds.index("paragraph") + 1 :]


def _split_at_headings(drafts: list[_Draft]) -> list[_Draft]:
    """A heading whose text shares little with the article above it is a headline of its own."""
    # Most pages have no heading under text and need no weights.
    compared = any(_has_heading_under_text(d.body) for d in drafts)
    weights = _weights_of(drafts) if compared else None
    out: list[_Draft] = []
    for d in drafts:
        cur = d
        out.append(cur)
        body = list(d.body)
        cur.body = []
        for k, block in enumerate(body):
            if block.kind == "subhead" and cur.paragraphs:
                if _blocks_similarity(cur.body, _section(body, k), weights) < NEW_ARTICLE_BELOW:
                    cur = _Draft(titles=[replace(block, kind="title")])
                    out.append(cur)
                    continue
            cur.body.append(block)
    return out


def _section(body: Sequence[Block], k: int) -> list[Block]:
    """The paragraphs under the heading at index k, up to the next heading."""
    out = []
    for block in body[k + 1 :]:
        if block.kind == "subhead":
            break
        out.append(block)
    return out


def _header_words(d: _Draft) -> str:
    return " ".join(b.text for b in (d.kicker, *d.titles, d.subtitle) if b)


def _evidence(header: _Draft, paragraphs: Sequence[str]) -> float:
    """How strongly paragraphs read as the body of `header`: its kicker's place opening them, its
    headline's words in them."""
    if not paragraphs:
        return 0.0
    score = _evidence_kicker(header, paragraphs[0])
    title_grams = set(bigrams(" ".join(b.text for b in (*header.titles, header.subtitle) if b)))
    if title_grams:
        body_grams = frozenset().union(*(bigram_set(p) for p in paragraphs))
        score += len(title_grams & body_grams) / len(title_grams)
    return score


def _coverage(grams: set[str], text: str, weights: _PageWeights) -> float:
    """Weighted share of `grams` found in `text`."""
    if not grams:
        return 0.0
    found = bigram_set(text) & grams
    total = math.fsum(weights.of(grams))  # exact: the sets' order must not matter (`_blocks_similarity`)
    return math.fsum(weights.of(found)) / total if total else 0.0


def _change_point(orphan: _Draft, host: _Draft, weights: _PageWeights) -> tuple[int, float]:
    """Where in the host's body the orphan's text starts: the paragraph k (k ≥ 1, following a
    paragraph) that maximises how much more the text from k on bears the orphan's header words
    than the host's. Returns (k, score); k is 0 when no paragraph qualifies."""
    mine = set(bigrams(_header_words(orphan)))
    theirs = set(bigrams(_header_words(host)))
    body = host.body
    per_block = [(_coverage(mine, b.text, weights) - _coverage(theirs, b.text, weights)) if b.kind == "paragraph"
                 else 0.0 for b in body]
    best_k, best = 0, 0.0
    for k in range(1, len(body)):
        if body[k].kind != "paragraph" or body[k - 1].kind != "paragraph":
            continue
        score = sum(per_block[k:]) + _evidence_kicker(orphan, body[k].text)
        if score > best:
            best_k, best = k, score
    return best_k, best


def _evidence_kicker(header: _Draft, opening: str) -> float:
    """The kicker's place (three characters or more of it) opening a paragraph."""
    if not header.kicker:
        return 0.0
    kicker, opening = header.kicker.text, opening[:120]
    longest = max((n for n in range(2, len(kicker) + 1)
                   for s in range(len(kicker) - n + 1) if kicker[s : s + n] in opening), default=0)
    return min(1.0, longest / 6) if longest >= 3 else 0.0


# A headline line moves to a headerless body when at least this share of its bigrams is in that
# body and at most `OWN_AT_MOST` in the body under it.
OTHER_AT_LEAST = 0.5
OWN_AT_MOST = 0.15


def _title_share(title: Block, paragraphs: Sequence[Block]) -> float:
    grams = set(bigrams(title.text))
    if not grams or not paragraphs:
        return 0.0
    return len(grams & frozenset().union(*(bigram_set(p.text) for p in paragraphs))) / len(grams)


def _split_stacked_headlines(drafts: list[_Draft]) -> list[_Draft]:
    """Two headlines printed one under the other, their bodies apart: one part of a header (its
    last title line, or its kicker with the title lines before the last) whose words are in a
    headerless body and not in the body under it heads that body."""
    bodies = [d for d in drafts if not d.has_header and d.paragraphs and not d.caption]
    if not bodies:
        return drafts
    out: list[_Draft] = []
    for d in drafts:
        out.append(d)
        if len(d.titles) < 2 or d.caption or not d.paragraphs:
            continue
        own = [b.text for b in d.body if b.kind == "paragraph"]
        last = d.titles[-1]
        if _title_share(last, d.paragraphs) <= OWN_AT_MOST and any(
                _title_share(last, b.paragraphs) >= OTHER_AT_LEAST for b in bodies):
            d.titles.pop()
            out.append(_Draft(titles=[last]))
            continue
        # The first headline with its kicker; the byline and subtitle stay with the title under them.
        first = _Draft(kicker=d.kicker, titles=d.titles[:-1])
        if _evidence(first, own) <= OWN_AT_MOST and any(
                _evidence(first, [p.text for p in b.paragraphs]) >= OTHER_AT_LEAST for b in bodies):
            d.kicker, d.titles = None, d.titles[-1:]
            out.insert(len(out) - 1, first)
    return out


# A body bears "none" of its header's marks below this evidence (see `_reclaim_bodies`).
OWN_EVIDENCE_BELOW = 0.1


def _reclaim_bodies(drafts: list[_Draft]) -> list[_Draft]:
    """A header with no body takes the body that reading order gave to another header, when the
    body opens with its marks and bears none of that other header's: the other header goes
    looking again."""
    for h in [d for d in drafts if d.has_header and not d.paragraphs and not d.caption]:
        best = None
        for d in drafts:
            if d is h or not d.has_header or not d.paragraphs or d.caption:
                continue
            texts = [b.text for b in d.paragraphs]
            mine, theirs = _evidence(h, texts[:1]), _evidence(d, texts)  # its marks open the body
            if mine >= MATCH_AT_LEAST and theirs < OWN_EVIDENCE_BELOW and (best is None or mine > best[0]):
                best = (mine, d)
        if best:
            d = best[1]
            h.body, h.lead, d.body, d.lead = d.body, d.lead, [], None
    return drafts


def _match_orphans(drafts: list[_Draft]) -> list[_Draft]:
    """Give each header with no body the headerless body that bears its marks best."""
    headers = [d for d in drafts if d.has_header and not d.paragraphs and not d.caption]
    bodies = [d for d in drafts if not d.has_header and d.paragraphs]
    pairs = sorted(
        ((_evidence(h, [b.text for b in body.paragraphs]), hi, bi)
         for hi, h in enumerate(headers) for bi, body in enumerate(bodies)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    taken_h: set[int] = set()
    taken_b: set[int] = set()
    for score, hi, bi in pairs:
        if score < MATCH_AT_LEAST or hi in taken_h or bi in taken_b:
            continue
        taken_h.add(hi)
        taken_b.add(bi)
        drafts = _give_body(headers[hi], bodies[bi], drafts)
    # Headers still without a body: look for their body inside another article, where a
    # paragraph (not the first) starts text that bears the header's marks more than the host's.
    weights = _weights_of(drafts) if len(taken_h) < len(headers) else None  # None: no header left to place
    for hi, h in enumerate(headers):
        if hi in taken_h:
            continue
        best = None
        for host in drafts:
            if host is h or not host.has_header or len(host.paragraphs) < 2:
                continue
            k, score = _change_point(h, host, weights)
            tail = [b.text for b in host.body[k:] if b.kind == "paragraph"]
            head = [b.text for b in host.body[:k] if b.kind == "paragraph"]
            gain = _evidence(h, tail) - _evidence(h, head)
            if k and gain >= MATCH_AT_LEAST and (best is None or score > best[0]):
                best = (score, host, k)
        if best:
            _, host, k = best
            h.body, host.body = host.body[k:], host.body[:k]
    return drafts


def _give_body(h: _Draft, body: _Draft, drafts: list[_Draft]) -> list[_Draft]:
    """The header `h` takes the headerless draft `body`, its lead and byline too where `h` has none;
    the draft leaves `drafts` unless a lead or byline is left in it (then it is kept, headerless)."""
    h.body, body.body = body.body, []
    if not h.lead:
        h.lead, body.lead = body.lead, None
    if not h.byline:
        h.byline, body.byline = body.byline, None
    return drafts if body.byline or body.lead else [d for d in drafts if d is not body]


# A header left with no body takes the tail of an article when the tail shares less than this
# with the article's text before it (half of `NEW_ARTICLE_BELOW`: a split with no word to back it).
UNRELATED_BELOW = NEW_ARTICLE_BELOW / 2


def _place_by_elimination(drafts: list[_Draft]) -> list[_Draft]:
    """A header still without a body, whose headline's words are nowhere on the page, takes the
    tail of an article that has nothing in common with that article's text before it."""
    orphans = [d for d in drafts if d.has_header and not d.paragraphs and not d.caption]
    if not orphans:
        return drafts
    weights = _weights_of(drafts)
    for h in orphans:
        best = None
        for host in drafts:
            if host is h or not host.has_header or len(host.paragraphs) < 2:
                continue
            body = host.body
            for k in range(1, len(body)):
                if body[k].kind != "paragraph" or body[k - 1].kind != "paragraph":
                    continue
                sim = _blocks_similarity(body[:k], body[k:], weights)
                if sim < UNRELATED_BELOW and (best is None or sim < best[0]):
                    best = (sim, host, k)
        if best:
            _, host, k = best
            h.body, host.body = host.body[k:], host.body[:k]
    return drafts


def _attach_continuations(drafts: list[_Draft]) -> list[_Draft]:
    """A headerless body right after a caption, opening mid-sentence, continues the article before."""
    out: list[_Draft] = []
    for d in drafts:
        if not d.has_header and not d.caption and d.paragraphs and not d.lead and not d.byline:
            prev = next((p for p in reversed(out) if not p.caption), None)
            if prev and prev.paragraphs and not ends_sentence(prev.paragraphs[-1].text):
                prev.body += d.body
                continue
        out.append(d)
    return out


def split_page(blocks: Sequence[Block], *, source: Source, headed_photos: bool = False) -> list[Article]:
    """Group a page's blocks into articles with their metadata, in the order their headers appear.

    Furniture blocks belong to the page, never to an article: they are left out here.
    """
    drafts = _assemble([b for b in blocks if b.kind != "furniture"], headed_photos=headed_photos)
    drafts = _split_at_headings(drafts)
    drafts = _split_stacked_headlines(drafts)
    drafts = _reclaim_bodies(drafts)
    drafts = _match_orphans(drafts)
    drafts = _place_by_elimination(drafts)
    drafts = _attach_continuations(drafts)
    drafts = [d for d in drafts if d.has_header or d.body or d.caption or d.byline or d.lead]
    drafts.sort(key=lambda d: d.first_line())
    return [_finish(d, order, source) for order, d in enumerate(drafts, 1)]


def _finish(d: _Draft, order: int, source: Source) -> Article:
    lines = d.lines()
    warnings: list[Problem] = []
    authors: tuple[str, ...] = ()
    for part in (d.byline, d.lead):
        if part and part.text:
            authors += tuple(n for n in part.text.split(" ") if n and n not in authors)
    if d.caption:
        blocks: tuple[Block, ...] = (replace(d.caption, kind="paragraph"),)
        kind = "photo"
    else:
        blocks = tuple(d.body)
        kind = "article"
    needs_review = False
    if kind == "article" and not d.has_header:
        needs_review = True
        warnings.append(Problem(source.seed, min(lines), "no article header found before this text",
                                "kept as an untitled article; add a headline in its content file"))
    elif kind == "article" and not d.titles:
        needs_review = True
        warnings.append(Problem(source.seed, min(lines), "an article with no headline",
                                "kept with its kicker only; add a title in its content file"))
    elif kind == "article" and not d.paragraphs:
        needs_review = True
        warnings.append(Problem(source.seed, min(lines), "a header with no body found on the page",
                                "kept as an article without text; paste its body into its content file"))
    return Article(
        id=f"{source.page_id}-{order:02d}",
        kind=kind,
        title=" ".join(b.text for b in d.titles) or None,
        kicker=d.kicker.text if d.kicker else None,
        subtitle=d.subtitle.text if d.subtitle else None,
        authors=authors,
        blocks=blocks,
        source=replace(source, line_start=min(lines), line_end=max(lines), order=order),
        needs_review=needs_review,
        warnings=tuple(warnings),
    )
