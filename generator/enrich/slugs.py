"""Text → ASCII slugs for output paths: Chinese as toneless pinyin, Latin letters and digits kept.

A slug matches `[a-z0-9]+(-[a-z0-9]+)*`, so it can never hold '/', '..' or markup. Place names
that pypinyin reads wrongly (朝阳 zhāo → cháo) are corrected from data/tags/pinyin_places.txt.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.errors import DataFileError, read_data_text


PLACE_READINGS = Path(__file__).resolve().parents[1] / "data" / "tags" / "pinyin_places.txt"
MAX_LENGTH = 64  # characters, before a collision suffix
_WORD = re.compile(r"[a-z0-9]+")
_SYLLABLE = re.compile(r"[a-zv]+[1-5]?")
# Names Windows refuses as files, even with an extension.
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})


def parse_place_readings(text: str, *, path: str = "pinyin_places.txt") -> dict[str, list[list[str]]]:
    """Parse `name syl1 syl2 …` lines (tone numbers, v for ü) into pypinyin's phrase format.

    Each name needs one syllable per character; a bad line raises ValueError naming path:line.
    """
    from pypinyin.contrib.tone_convert import to_tone

    phrases: dict[str, list[list[str]]] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name, *syllables = line.split()
        if len(syllables) != len(name) or not all(_SYLLABLE.fullmatch(s) for s in syllables):
            raise DataFileError(path, number, f"expected one pinyin syllable per character of {name!r}, "
                                f"got {' '.join(syllables)!r}", "write e.g. '朝阳 chao2 yang2'")
        phrases[name] = [[to_tone(s.replace("v", "ü"))] for s in syllables]
    return phrases


@functools.cache
def _load_place_readings() -> None:
    """Teach pypinyin the place readings once per process (pypinyin's dictionary is global)."""
    from pypinyin import load_phrases_dict

    load_phrases_dict(parse_place_readings(read_data_text(PLACE_READINGS), path=str(PLACE_READINGS)))


def _words(text: str) -> list[str]:
    """Split text into lowercase ASCII words: one per Chinese syllable, Latin/digit runs as they are."""
    if text.isascii():  # nothing to spell: pypinyin would hand it back whole (seed names, `page-00001`)
        return _WORD.findall(text.lower())
    _load_place_readings()
    words: list[str] = []
    for piece in _pinyin_pieces()(text):
        spelled = _spelled.get(piece)
        if spelled is None:
            if len(_spelled) >= SPELLED_PIECES:
                _spelled.clear()
            spelled = _spelled[piece] = _spell(piece)
        words += spelled
    return words


# `lazy_pinyin(text)` cuts text into pieces (words of its phrase dictionary, single characters, runs
# of other characters) and spells each piece by itself; a piece cut again is that one piece. So text
# is cut here as pypinyin cuts it, and each piece spelled once per run (~5× faster on titles).
SPELLED_PIECES = 100_000  # pieces kept; more are forgotten all at once
_spelled: dict[str, tuple[str, ...]] = {}


@functools.cache
def _pinyin_pieces() -> Callable[[str], list[str]]:
    """The cut `lazy_pinyin` makes of a text before spelling it."""
    from pypinyin.core import Pinyin

    return Pinyin().seg


def _spell(piece: str) -> tuple[str, ...]:
    """A piece of text as lowercase ASCII words, as `lazy_pinyin` spells it."""
    from pypinyin import Style, lazy_pinyin

    words: list[str] = []
    for syllable in lazy_pinyin(piece, style=Style.NORMAL, errors="default"):
        if not syllable.isascii():  # toneless pinyin mostly is: only other pieces need their marks dropped
            syllable = "".join(c for c in unicodedata.normalize("NFKD", syllable) if not unicodedata.combining(c))
        words += _WORD.findall(syllable.lower())
    return tuple(words)


def prepare() -> None:
    """Load pypinyin and the place readings now (~0.4 s), e.g. before forking workers that make slugs."""
    _words("朝阳")


def _cap(slug: str, limit: int) -> str:
    """Cut a slug to `limit` characters, at a hyphen when there is one."""
    if len(slug) <= limit:
        return slug
    cut = slug[:limit]
    return cut.rsplit("-", 1)[0] if "-" in cut else cut


# slugify is pure, so its results are kept: within a run, and between builds through
# `known_slugs`/`learn_slugs` (the orchestrator saves them), which spares loading pypinyin (0.3 s).
_known: dict[tuple[str, str, int], str] = {}


def known_slugs() -> dict[tuple[str, str, int], str]:
    return dict(_known)


def learn_slugs(table: dict[tuple[str, str, int], str]) -> None:
    """Take slugs that `slugify` gave in an earlier run of the same generator (see cache.generator_hash)."""
    _known.update(table)


def slugify(text: str, *, fallback: str = "item", max_words: int = 8) -> str:
    """Make an ASCII slug: 志愿服务 → zhi-yuan-fu-wu, 朝阳里 → chao-yang-li.

    Keeps the first `max_words` words and at most MAX_LENGTH characters; text with nothing to
    spell (punctuation, other scripts, empty) gives the slug of `fallback`, or "item".
    """
    key = (text, fallback, max_words)
    slug = _known.get(key)
    if slug is None:
        slug = _known[key] = _slugify(text, fallback, max_words)
    return slug


def _slugify(text: str, fallback: str, max_words: int) -> str:
    slug = _cap("-".join(_words(text)[: max(1, max_words)]), MAX_LENGTH)
    if not slug:
        slug = _cap("-".join(_words(fallback)[: max(1, max_words)]), MAX_LENGTH) or "item"
    return f"{slug}-1" if slug in _RESERVED else slug


def unique_slugs(names: Sequence[str]) -> dict[str, str]:
    """Give each distinct name its own slug; collisions get -2, -3 … in sorted name order.

    The result does not depend on the order of `names`, and a name whose own slug looks like a
    suffixed one (e.g. "li-2") keeps it: suffixes skip every slug some name has by itself.
    """
    ordered = sorted(set(names))
    natural = {name: slugify(name) for name in ordered}
    claimed = set(natural.values())
    used: set[str] = set()
    result: dict[str, str] = {}
    for name in ordered:
        slug = natural[name]
        if slug in used:
            n = 2
            while f"{slug}-{n}" in claimed or f"{slug}-{n}" in used:
                n += 1
            slug = f"{slug}-{n}"
        used.add(slug)
        result[name] = slug
    return result
