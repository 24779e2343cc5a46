"""The project's scorer: the example page and the dev pages score 100% against their hand-made gold,
and a gold that disagrees with the build loses exactly the points it should."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from generator import evaluate

REPO = Path(__file__).resolve().parents[2]
PAGES = REPO / "tests" / "data" / "pages"
SEED_GOLD = json.loads((REPO / "tests" / "data" / "seed.gold.json").read_text(encoding="utf-8"))
DEV_GOLDS = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(PAGES.glob("dev-*.gold.json"))]


@pytest.fixture(scope="module")
def seed_site():
    return evaluate.build_and_read([SEED_GOLD], REPO / "seeds", REPO, timeout=300)


def test_the_example_page_scores_every_point(seed_site):
    passed, total, rows = evaluate.score([SEED_GOLD], REPO / "seeds", *seed_site)
    assert passed == total == 110, "\n".join(rows)


def test_the_ten_dev_pages_score_every_point():
    assert len(DEV_GOLDS) == 10
    site = evaluate.build_and_read(DEV_GOLDS, PAGES, REPO, timeout=300)
    passed, total, rows = evaluate.score(DEV_GOLDS, PAGES, *site)
    assert passed == total == 810, "\n".join(r for r in rows if "missing" in r)


def test_the_digest_editions_score_at_least_97_percent():
    """Two days' papers in the digest form (tests/data/editions, made-up news with hand-made gold):
    titles, body boundaries, authors, paper, date and page of each article."""
    editions = REPO / "tests" / "data" / "editions"
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(editions.glob("digest-*.gold.json"))]
    assert len(golds) == 3 and sum(len(g["items"]) for g in golds) >= 18
    site = evaluate.build_and_read(golds, editions, REPO, timeout=300)
    passed, total, rows = evaluate.score(golds, editions, *site)
    assert passed >= 0.97 * total, "\n".join(r for r in rows if "missing" in r or "FAIL" in r or "unmatched" in r)


def test_a_wrong_title_in_the_gold_costs_its_point(seed_site):
    gold = copy.deepcopy(SEED_GOLD)
    item = next(i for i in gold["items"] if i["title"])
    item["title"] += "之外"
    passed, total, rows = evaluate.score([gold], REPO / "seeds", *seed_site)
    assert (passed, total) == (109, 110)
    assert any("missing: title" in row for row in rows)


def test_date_and_page_are_judged_where_the_gold_gives_them(seed_site):
    gold = copy.deepcopy(SEED_GOLD)
    gold["items"][0].update(date="2019-01-17", page=5)  # the seed has no .toml: neither is known
    passed, total, _ = evaluate.score([gold], REPO / "seeds", *seed_site)
    assert (passed, total) == (110, 112)


def test_furniture_counts_for_conservation():
    articles = [{"title": "标题", "blocks": [{"type": "p", "text": "正文"}]}]
    assert evaluate.lost_han("标题\n正文\n责编：张三", articles, []) == (4, 8)
    assert evaluate.lost_han("标题\n正文\n责编：张三", articles, ["责编：张三"]) == (0, 8)


NEW_GOLDS = [json.loads(p.read_text(encoding="utf-8"))
             for pattern in ("style-*.gold.json", "evening-*.gold.json") for p in sorted(PAGES.glob(pattern))]


def test_pages_in_the_examples_style_and_evening_front_pages_score_at_least_97_percent():
    assert len(NEW_GOLDS) == 8
    site = evaluate.build_and_read(NEW_GOLDS, PAGES, REPO, timeout=300)
    passed, total, rows = evaluate.score(NEW_GOLDS, PAGES, *site)
    assert passed >= 0.97 * total, "\n".join(r for r in rows if "missing" in r or "FAIL" in r)


def _reshaped(tmp: Path, golds: list[dict], seeds: list[Path], joiner: str) -> Path:
    """The gold's seeds with their blank lines gone, and `joiner` between their lines."""
    tmp.mkdir()
    for gold, folder in zip(golds, seeds):
        lines = (folder / gold["seed"]).read_text(encoding="utf-8").split("\n")
        (tmp / gold["seed"]).write_text(joiner.join(line for line in lines if line.strip()) + "\n", encoding="utf-8")
    return tmp


@pytest.mark.parametrize("joiner", ["\n", "\n\n"], ids=["no-blank-lines", "a-blank-after-every-line"])
def test_pages_whose_blank_lines_say_nothing_score_at_least_97_percent(tmp_path, joiner):
    """The example page, the dev pages, the style pages and the evening pages as text that lost its
    blank lines (OCR, `pdftotext -raw`) or has one after every line (a web viewer's text layer)."""
    golds = [SEED_GOLD, *DEV_GOLDS, *NEW_GOLDS]
    seeds = _reshaped(tmp_path / "seeds", golds, [REPO / "seeds"] + [PAGES] * (len(golds) - 1), joiner)
    site = evaluate.build_and_read(golds, seeds, REPO, timeout=300)
    passed, total, rows = evaluate.score(golds, seeds, *site)
    assert passed >= 0.97 * total, "\n".join(r for r in rows if "missing" in r or "FAIL" in r or "unmatched" in r)
