"""Articles after split → the same articles, those the splitter is unsure of flagged for review.

The one place that decides `needs_review`: an article is flagged, with its reason in `review` and
in a warning `line N: reason (fix)`, when its title looks like something that is not a headline
(a source line, a footer or other furniture, a date, a person's name, a byline or a photo credit),
when its headline runs on into its text (the two meet inside a word the page uses), when its body is
empty or shorter than its headline, or when its headline was matched to a body printed far from it
(other articles' text between the two). Reasons are ranked: a wrong title
shown as right is the worst outcome, so those come first (`severity`, for `build.py --review`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from generator.ingest.furniture import furniture_kind
from generator.ingest.layout import COMMON_SURNAMES, WRITER_ROLES, parse_credit, roles
from generator.errors import Problem
from generator.models import Article, Block
from generator.ingest.split import MATCH_AT_LEAST, bigrams

HAN = re.compile(r"[\u3400-\u9fff]")
SOURCE_LIKE = re.compile(r"《[^》]{1,24}》.{0,30}第\s*\d+\s*版|^\s*[（(]?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,12}"
                         r"第\s*\d+\s*版")
DATE_LIKE = re.compile(r"^[\s\d年月日号/.\-－—:：]*(?:星期[一二三四五六日天]|周[一二三四五六日])?[\s\d年月日号农历]*$")
ROLE_LIKE = re.compile(rf"^[\u4e00-\u9fff]{{0,8}}?(?:{roles(*WRITER_ROLES)})(?:\s|$|[\u4e00-\u9fff]{{2,3}}$)")
CREDIT_LIKE = re.compile(r"(?:^|\s)(?:摄|供图|制图|摄影)\s*[)）]?$")
NAMES_LIKE = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:[\s、]+[\u4e00-\u9fff]{2,3}){0,3}$")

# How bad each reason is, worst first: a title that is not one, then a body far away or missing.
TITLE = 0
MATCH = 1
BODY = 2
HEADER = 3


def title_problem(title: str, body: str) -> str | None:
    """What a title looks like when it does not look like a headline, or None."""
    text = title.strip()
    if not text:
        return None
    if SOURCE_LIKE.search(text):
        return "its title looks like a source line (paper, date and page), not a headline"
    kind = furniture_kind(text)
    if kind == "running":
        return "its title looks like a page's running head or footer, not a headline"
    if kind is not None:
        return f"its title looks like page furniture ({kind}), not a headline"
    if HAN.search(text) is None or DATE_LIKE.fullmatch(text) and re.search(r"\d", text):
        return "its title looks like a date or a number, not a headline"
    if CREDIT_LIKE.search(text) or parse_credit(text) is not None:
        return "its title looks like a photo credit, not a headline"
    if ROLE_LIKE.match(text):
        return "its title looks like a byline, not a headline"
    squashed = re.sub(r"\s+", "", text)
    if NAMES_LIKE.fullmatch(text) and all(t[0] in COMMON_SURNAMES for t in re.split(r"[\s、]+", text)) \
            and squashed not in re.sub(r"\s+", "", body):
        return "its title looks like a person's name, not a headline"
    return None


def _han(text: str | None) -> int:
    return len(HAN.findall(text or ""))


# A headline matched to a body far from it is trusted when the evidence is twice what split needs
# to match at all (its kicker's place opening the text, its headline's words in it).
SURE_MATCH = 2 * MATCH_AT_LEAST


def match_evidence(article: Article) -> float:
    """How strongly the body reads as this headline's: `split._evidence` of the finished article."""
    body = [b.text for b in article.blocks if b.kind == "paragraph"]
    if not body:
        return 0.0
    score = 0.0
    if article.kicker:
        kicker, opening = article.kicker, body[0][:120]
        longest = max((n for n in range(2, len(kicker) + 1)
                       for s in range(len(kicker) - n + 1) if kicker[s : s + n] in opening), default=0)
        score += min(1.0, longest / 6) if longest >= 3 else 0.0
    title_grams = set(bigrams(" ".join(x for x in (article.title, article.subtitle) if x)))
    if title_grams:
        score += len(title_grams & set(bigrams(" ".join(body)))) / len(title_grams)
    return score


def _far_match(article: Article, page_blocks: Sequence[Block], taken: Sequence[tuple[int, int, str]]) -> bool:
    """Whether the article's headline stands far from its body (another article's text between the
    two) on evidence short of `SURE_MATCH`."""
    if not article.title or not article.blocks or match_evidence(article) >= SURE_MATCH:
        return False
    parts = set(article.title.split(" "))
    heads = [b for b in page_blocks if b.kind == "title" and b.text in parts
             and article.source.line_start <= b.lines[0] <= article.source.line_end]
    if not heads:
        return False
    head = max(b.lines[1] for b in heads)
    first = article.blocks[0].lines[0]
    low, high = sorted((head, first))
    return any(low < start < high and owner != article.id for start, _, owner in taken)


# A pair of characters found this often in the page's text is a word: a headline whose last
# character and its text's first make one ran on into the text (`节置办年` / `货、在黄河…`).
RUN_ON_WORD_AT_LEAST = 2
_HAN_PAIR = re.compile(r"(?=([\u3400-\u9fff]{2}))")


def _runs_on(article: Article, pairs: Counter[str]) -> bool:
    """Whether the headline's last line and the text's first character make a word the page uses."""
    if not article.title or not article.blocks:
        return False
    last, first = article.title.split(" ")[-1][-1:], article.blocks[0].text[:1]
    return bool(HAN.match(last) and HAN.match(first)) and pairs[last + first] >= RUN_ON_WORD_AT_LEAST


def review_articles(articles: Sequence[Article], blocks: Sequence[Block] = ()) -> list[Article]:
    """Flag the articles the splitter is unsure of (see the module docstring); `blocks` are the
    page's layout blocks, which place each headline on the page."""
    taken = [(b.lines[0], b.lines[1], a.id) for a in articles for b in a.blocks]
    texts = [b.text for b in blocks if b.kind == "paragraph"] or [b.text for a in articles for b in a.blocks]
    pairs = Counter(pair for text in texts for pair in _HAN_PAIR.findall(text))
    out = []
    for a in articles:
        reasons: list[tuple[int, str, str, bool]] = []  # rank, reason, fix, new warning
        body = " ".join(b.text for b in a.blocks)
        fix = "correct the headline in its content file, or set needs_review: false if it is right"
        if a.title:
            problem = title_problem(a.title, body)
            if problem:
                reasons.append((TITLE, problem, fix, True))
        if a.kind == "article":
            if _runs_on(a, pairs):
                reasons.append((TITLE, "its headline runs on into its text (their meeting characters make a word "
                                "the page uses): the text's first line may have been taken for the headline", fix, True))
            if a.title is None:
                reasons.append((HEADER, "no headline was found for this text" if not a.kicker
                                else "it has a kicker but no headline", "add a title in its content file", False))
            if not a.blocks:
                reasons.append((BODY, "its body is empty", "paste its text into its content file", not a.needs_review))
            elif a.title and _han(body) < _han(a.title):
                reasons.append((BODY, "its body is shorter than its headline",
                                "check where its text went on the page", True))
            if blocks and _far_match(a, blocks, taken):
                reasons.append((MATCH, "its headline was matched to a body printed far from it, on thin evidence",
                                "check that the text is this headline's", True))
        if a.review:  # what the stage that made it already doubted (e.g. an edition's contents check)
            reasons += [(TITLE, r, fix, False) for r in a.review.split("; ")]
        if not reasons:
            out.append(a)
            continue
        reasons.sort(key=lambda r: r[0])
        unique = list(dict.fromkeys(r[1] for r in reasons))
        warnings = tuple(Problem(a.source.seed, a.source.line_start, reason, hint)
                         for _, reason, hint, new in reasons if new)
        out.append(replace(a, needs_review=True, review="; ".join(unique), warnings=a.warnings + warnings))
    return out


def severity(review: str | None) -> int:
    """The rank of an article's worst reason (0 is worst), for listing flagged articles worst first."""
    text = review or ""
    if "title" in text or "headline “" in text or "headline runs on" in text or "kicker" in text and "taken" in text:
        return TITLE
    if "far from it" in text:
        return MATCH
    if "body" in text:
        return BODY
    return HEADER
