"""Score the splitter against hand-made gold: `python3 -m generator.evaluate --gold G.json… --seeds DIR`.

The gold schema is in `docs/gold.md`. The scorer copies the seeds a gold file names into a fresh
folder, runs `build.py` on them as a user would, reads `site/data/articles.json` (and
`site/data/pages.json`, the pages' furniture, when there is one), and compares each gold item with
the article whose first paragraphs contain its `body_start`. The last line printed is
`score: PASSED/TOTAL (PCT%)`; the exit code is 0 when PCT reaches `--min`.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WHITE_SPACE = re.compile(r"\s+")
HAN = re.compile(r"[\u3400-\u9fff]")
# What a reader page may drop of the layout: the lead word 本报讯 and the 摄 of a photo credit.
DROPPABLE = re.compile(r"本报讯|\s摄\s*$", flags=re.M)
LOST_ALLOWED = 2  # Han characters a page may lose before its conservation check fails


def squash(text: str | None) -> str:
    return WHITE_SPACE.sub("", text or "")


def _subtitle(text: str | None) -> str | None:
    return squash(text).lstrip("—-") if text else None


def _paragraphs(article: dict) -> list[str]:
    return [squash(b.get("text")) for b in article.get("blocks") or [] if b.get("type") == "p"]


def _match(item: dict, articles: list[dict], used: set[int]) -> int | None:
    key = squash(item["body_start"])
    for n, article in enumerate(articles):
        if n not in used and key in "".join(_paragraphs(article)):
            return n
    return None


def item_checks(item: dict, article: dict | None) -> dict[str, bool]:
    """Each check of one gold item against the article matched to it (None: not found)."""
    a = article or {}
    source = a.get("source") or {}
    paragraphs = _paragraphs(a)
    subheads = [squash(b.get("text")) for b in a.get("blocks") or [] if b.get("type") == "h"]
    body = "".join(paragraphs)
    checks = {
        "found": article is not None,
        "kind": a.get("kind") == item["kind"],
        "kicker": squash(a.get("kicker")).rstrip("：:") == squash(item["kicker"]),
        # a photo has no printed headline: any title the build gives it is fine
        "title": (item["title"] is None and item["kind"] == "photo") or squash(a.get("title")) == squash(item["title"]),
        "subtitle": _subtitle(a.get("subtitle")) == _subtitle(item["subtitle"]),
        "authors": sorted(a.get("authors") or []) == sorted(item["authors"]),
        "subheads": subheads == [squash(h) for h in item["subheads"]],
        "paragraphs": len(paragraphs) == item["paragraphs"],
        "body_start": bool(paragraphs) and squash(item["body_start"]) in paragraphs[0],
        "body_end": bool(paragraphs) and paragraphs[-1].endswith(squash(item["body_end"])),
    }
    if "code" in item:  # gold without a code does not judge the region
        checks["region"] = str((a.get("region") or {}).get("code") or "") == (item["code"] or "")
    for field, key in (("paper", "paper"), ("date", "date"), ("page", "page_no")):
        if field in item:  # judged only where the gold says it
            checks[field] = source.get(key) == item[field]
    for n, text in enumerate(item.get("must_contain", [])):
        checks[f"contains{n}"] = squash(text) in body
    if article is None:
        checks = dict.fromkeys(checks, False)
    return checks


def seed_text(path: Path) -> str:
    """The text a seed holds, for the conservation check: its text layer for a PDF."""
    if path.suffix.lower() == ".pdf":
        from generator.ingest.pdf import plain_text

        return plain_text(path)
    return path.read_bytes().decode("utf-8", "replace")


def lost_han(raw: str, articles: list[dict], furniture: list[str]) -> tuple[int, int]:
    """How many of the seed's Han characters reach neither an article nor its pages' furniture."""
    want = collections.Counter(HAN.findall(DROPPABLE.sub("", raw)))
    got = collections.Counter()
    for a in articles:
        for field in ("kicker", "title", "subtitle"):
            got.update(HAN.findall(a.get(field) or ""))
        for author in a.get("authors") or []:
            got.update(HAN.findall(author))
        for block in a.get("blocks") or []:
            got.update(HAN.findall((block.get("text") or "").replace("本报讯", "")))
    for line in furniture:
        got.update(HAN.findall(line))
    return sum((want - got).values()), sum(want.values())


def score(golds: list[dict], seeds: Path, articles: list[dict], pages: list[dict], *,
          verbose: bool = False) -> tuple[int, int, list[str]]:
    """Points passed, points in all, and a report line per item and per seed."""
    passed = total = 0
    rows: list[str] = []
    for gold in golds:
        mine = [a for a in articles if Path(str((a.get("source") or {}).get("seed", ""))).name == gold["seed"]]
        used: set[int] = set()
        for n, item in enumerate(gold["items"], 1):
            at = _match(item, mine, used)
            if at is not None:
                used.add(at)
            article = mine[at] if at is not None else None
            checks = item_checks(item, article)
            ok = sum(checks.values())
            passed += ok
            total += len(checks)
            bad = [k for k, v in checks.items() if not v]
            rows.append(f"{gold['seed']} #{n} {item.get('title') or item['body_start'][:12]}: {ok}/{len(checks)}"
                        + (f"  missing: {', '.join(bad)}" if bad else ""))
            if verbose and bad and article is not None:
                got = {k: article.get(k) for k in ("kind", "kicker", "title", "subtitle", "authors", "region")}
                got["source"] = {k: (article.get("source") or {}).get(k) for k in ("paper", "date", "page_no")}
                rows.append("    got: " + json.dumps(got, ensure_ascii=False))
                rows.append(f"    paragraphs={len(_paragraphs(article))}")
        furniture = [line for p in pages if Path(str(p.get("seed", ""))).name == gold["seed"]
                     for line in p.get("furniture") or []]
        lost, of = lost_han(seed_text(seeds / gold["seed"]), mine, furniture)
        passed += lost <= LOST_ALLOWED
        total += 1
        rows.append(f"{gold['seed']} conservation: {lost} of {of} Han characters lost"
                    + ("" if lost <= LOST_ALLOWED else "  FAIL"))
        extra = len(mine) - len(used)
        rows.append(f"{gold['seed']} items: gold {len(gold['items'])}, output {len(mine)}, unmatched output {extra}")
        total += extra  # every article the gold does not have costs a point
        if verbose and extra:
            for n, a in enumerate(mine):
                if n not in used:
                    rows.append(f"    unmatched: {a.get('title')!r} {''.join(_paragraphs(a))[:30]!r}")
    return passed, total, rows


def build_and_read(golds: list[dict], seeds: Path, project: Path, timeout: int) -> tuple[list[dict], list[dict]]:
    """Build the gold's seeds in a fresh folder; the site's articles and pages records."""
    with tempfile.TemporaryDirectory(prefix="score-") as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "seeds").mkdir()
        for gold in golds:
            for name in (gold["seed"], Path(gold["seed"]).with_suffix(".toml").name):
                if (seeds / name).is_file():
                    shutil.copy(seeds / name, tmp / "seeds" / name)
        run = subprocess.run([sys.executable, "build.py", "--seeds", str(tmp / "seeds"), "--content",
                              str(tmp / "content"), "--out", str(tmp / "site"), "--no-zip", "-q"],
                             cwd=project, capture_output=True, text=True, timeout=timeout)
        data = tmp / "site" / "data"
        if run.returncode != 0 or not (data / "articles.json").exists():
            raise RuntimeError(f"the build failed (exit {run.returncode}):\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
        articles = json.loads((data / "articles.json").read_text(encoding="utf-8"))
        pages = json.loads((data / "pages.json").read_text(encoding="utf-8")) if (data / "pages.json").exists() else []
    return articles, pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m generator.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--gold", required=True, nargs="+", type=Path, help="gold files (docs/gold.md)")
    parser.add_argument("--seeds", required=True, type=Path, help="the folder holding the seeds the gold names")
    parser.add_argument("--project", type=Path, default=ROOT, help="the project whose build.py is scored")
    parser.add_argument("--min", type=float, default=100.0, help="the percentage that passes (exit 0)")
    parser.add_argument("--timeout", type=int, default=600)
    parser.add_argument("--verbose", action="store_true", help="show what was found for each failed check")
    args = parser.parse_args(argv)
    golds = [json.loads(path.read_text(encoding="utf-8")) for path in args.gold]
    try:
        articles, pages = build_and_read(golds, args.seeds, args.project, args.timeout)
    except RuntimeError as exc:
        print(exc)
        print("score: 0/1 (0.0%) build failed or wrote no data/articles.json")
        return 1
    passed, total, rows = score(golds, args.seeds, articles, pages, verbose=args.verbose)
    print("\n".join(rows))
    pct = 100.0 * passed / total if total else 0.0
    print(f"score: {passed}/{total} ({pct:.1f}%)")
    return 0 if pct >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
