#!/usr/bin/env python3
"""Time our ingest, build and search against Hugo and Pelican on the same corpus, side by side.

Every measured command runs under GNU time (`/usr/bin/time -v`): wall clock, CPU (user+sys) and peak
RSS of the command and its children. Each case runs --runs times; the table shows medians (and the
spread of wall times). Corpora come from bench/make_corpus.py and are cached under bench/out/corpus/.

    bench/setup.sh                                   # GNU time, Hugo (apt), Pelican (venv in bench/out)
    python bench/run.py --sizes 1000 10000 --runs 3 --report bench/out/results.md
    python bench/run.py --sizes 100000 --runs 1 --report bench/out/results-100000.md   # ours only

Cases, for N articles:
  ingest   bench/ingest_only.py over N/10 seed pages (≈ N articles) → a fresh content/
  build    build.py --no-search --no-zip from a prepared content/ (an empty seeds folder)
  search   Pagefind (extended) over the site `build` wrote, in shards as build.py makes them
           (bench/search_only.py: reads content/ for the dates, then one Pagefind run per shard)
  offline  the offline index (search/) alone, from content/ (bench/search_only.py --offline)
  hugo     hugo over the same articles (bench/hugo: tags and regions taxonomies, relative URLs)
  pelican  pelican over the same articles (bench/pelican/pelicanconf.py, default theme)

Every timed run of our cases is cold: before each run (not only the first) the build's memory of
earlier builds, `.cache/readpaper/` beside site.toml (parsed content files, rendered-page keys,
compiled templates, tag word tables), is deleted, and the previous output moved aside. The OS file
cache is not dropped (that needs root): the inputs were read just before. Each row says so.

Above --ours-only-above articles (default 10,000) only our build, search and offline cases run:
Hugo, Pelican and ingest are skipped at that size, and the report says so. Every command runs
under `prlimit --as` (--max-gib, default 12) so that a runaway case fails instead of swapping
the shared machine.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
PY = sys.executable
PELICAN = OUT / "pelican-venv" / "bin" / "pelican"
CASES = ("ingest", "build", "search", "offline", "hugo", "pelican")
OURS = ("build", "search", "offline")  # the cases that run above --ours-only-above
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def sh(cmd: list[str], **kw) -> None:
    subprocess.run(cmd, check=True, **kw)


CORPUS_VERSION = "d1"  # bump when make_corpus.py changes its output (d1: dated pages), so no stale corpus is reused


def corpus(kind: str, n: int, seed: int) -> Path:
    """The cached corpus: content files for n articles, or n/10 seed pages."""
    path = OUT / "corpus" / f"{kind}-{n}-s{seed}-{CORPUS_VERSION}"
    if not (path / ".complete").exists():
        args = ["--mode", "content", "--articles", str(n)] if kind == "content" else ["--pages", str(max(1, n // 10))]
        sh([PY, str(BENCH / "make_corpus.py"), *args, "--out", str(path), "--seed", str(seed), "--force"])
        (path / ".complete").touch()
    return path


def export(content: Path, n: int, seed: int) -> tuple[Path, Path]:
    """The same articles as Hugo and Pelican sources (not timed)."""
    name = f"src-{n}-s{seed}-{CORPUS_VERSION}"
    hugo_src, pel_src = OUT / "hugo" / name, OUT / "pelican" / name
    if (hugo_src / ".complete").exists() and (pel_src / ".complete").exists():
        return hugo_src, pel_src
    for p in (hugo_src, pel_src):
        shutil.rmtree(p, ignore_errors=True)
    shutil.copytree(BENCH / "hugo", hugo_src)
    (hugo_src / "content" / "articles").mkdir(parents=True)
    (pel_src / "content").mkdir(parents=True)
    for path in sorted(content.glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        meta = yaml.load(front, Loader=Loader)
        r = meta.get("region") or {}
        regions = [x for x in (r.get("province"), r.get("city"), r.get("county")) if x]
        title = meta.get("title") or meta.get("kicker") or meta["id"]
        date = (meta.get("source") or {}).get("date") or "2024-01-17"
        hugo_meta = {"title": title, "kicker": meta.get("kicker"), "authors": meta.get("authors") or [],
                     "date": date, "tags": meta.get("tags") or [], "regions": regions}
        (hugo_src / "content" / "articles" / f"{meta['id']}.md").write_text(
            "---\n" + yaml.safe_dump(hugo_meta, allow_unicode=True, sort_keys=False) + "---\n" + body,
            encoding="utf-8")
        pel_meta = [f"Title: {title}", f"Date: {date}", f"Slug: {meta['id']}",
                    f"Category: {''.join(regions) or '其他'}",
                    f"Tags: {', '.join(meta.get('tags') or [])}",
                    f"Authors: {', '.join(meta.get('authors') or ['本报'])}"]
        (pel_src / "content" / f"{meta['id']}.md").write_text("\n".join(pel_meta) + "\n\n" + body, encoding="utf-8")
    (hugo_src / ".complete").touch()
    (pel_src / ".complete").touch()
    return hugo_src, pel_src


def timed(cmd: list[str], log: Path, cwd: Path | None = None, max_gib: float = 12) -> dict:
    """Run cmd under GNU time; wall seconds, CPU seconds (user+sys) and peak RSS in MiB.

    `prlimit --as` caps the address space of every process of the command (it is inherited).
    """
    tfile = log.with_suffix(".time")
    limit = ["prlimit", f"--as={int(max_gib * 2**30)}", "--"] if max_gib else []
    with log.open("w") as out:
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", str(tfile), *limit, *cmd], cwd=cwd, stdout=out,
                              stderr=subprocess.STDOUT)
    t = tfile.read_text()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n  see {log}")

    def field(name: str) -> str:
        return re.search(rf"{re.escape(name)}: (.+)", t).group(1).strip()

    wall = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part)
    return {"wall": wall, "cpu": float(field("User time (seconds)")) + float(field("System time (seconds)")),
            "rss": int(field("Maximum resident set size (kbytes)")) / 1024}


TRASH = OUT / "run" / "trash"


def discard(path: Path) -> None:
    """Move a previous run's output out of the way; it is deleted after all timings (`main`).

    Deleting 10,000 files just before a run made the next run's file creation on this disk
    (ext4 on a VM) cost up to 3× the system time, for whichever case came next.
    """
    if path.exists():
        TRASH.mkdir(parents=True, exist_ok=True)
        path.rename(TRASH / f"{path.name}-{time.time_ns()}")


CACHE_DIR = ROOT / ".cache" / "readpaper"  # generator.infra.cache.default_cache_dir(ROOT): a build's memory
CACHE_STATE = {
    "ingest": "cold: .cache/readpaper deleted",
    "build": "cold: .cache/readpaper deleted",
    "search": "cold: no cache is read",
    "offline": "cold: no cache is read",
    "hugo": "cold: output deleted (Hugo keeps no cache for this site)",
    "pelican": "cold: output deleted (no CACHE_CONTENT)",
}


def forget_builds() -> None:
    """Delete what earlier builds left for later ones, so the next run is a clean, cold build."""
    if CACHE_DIR.exists():
        TRASH.mkdir(parents=True, exist_ok=True)
        CACHE_DIR.rename(TRASH / f"cache-{time.time_ns()}")


def commands(case: str, n: int, seed: int, stats: Path | None = None) -> tuple[list[str], Path | None, callable]:
    """The command of a case, its working directory, and a function that resets its output first."""
    work = OUT / "run" / f"{n}-s{seed}"
    site = work / "site"
    if case == "ingest":
        seeds, content = corpus("seeds", n, seed), work / "ingest-content"
        return ([PY, str(BENCH / "ingest_only.py"), str(seeds), str(content)], None,
                lambda: (discard(content), forget_builds()))
    if case == "build":
        empty = OUT / "empty-seeds"
        empty.mkdir(parents=True, exist_ok=True)
        return ([PY, str(ROOT / "build.py"), "--seeds", str(empty), "--content", str(corpus("content", n, seed)),
                 "--out", str(site), "--no-search", "--no-zip", "-q"], None,
                lambda: (discard(site), forget_builds()))
    if case in ("search", "offline"):
        extra = ["--stats", str(stats)] if stats else []
        content = str(corpus("content", n, seed))
        if case == "offline":
            return [PY, str(BENCH / "search_only.py"), "--offline", "--content", content, *extra], None, lambda: None
        return ([PY, str(BENCH / "search_only.py"), str(site), "--content", content, *extra], None,
                lambda: discard(site / "pagefind"))
    hugo_src, pel_src = export(corpus("content", n, seed), n, seed)
    if case == "hugo":
        dest = work / "hugo-public"
        return (["hugo", "--quiet", "--source", str(hugo_src), "--destination", str(dest)], None,
                lambda: discard(dest))
    dest = work / "pelican-output"
    return ([str(PELICAN), str(pel_src / "content"), "-o", str(dest), "-s", str(BENCH / "pelican" / "pelicanconf.py"),
             "-q"], None, lambda: discard(dest))


def fmt_s(x: float) -> str:
    return f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--report", type=Path, default=OUT / "results.md")
    ap.add_argument("--ours-only-above", type=int, default=10_000,
                    help="above this many articles run only our build, search and offline cases")
    ap.add_argument("--max-gib", type=float, default=12, help="address-space cap per process (0: none)")
    args = ap.parse_args(argv)
    if not Path("/usr/bin/time").exists():
        sys.exit("GNU time is missing: run bench/setup.sh")
    results: dict[tuple[str, int], list[dict]] = {}
    logs = OUT / "run" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    args.skipped = {}
    for n in args.sizes:
        cases = [c for c in args.cases if n <= args.ours_only_above or c in OURS]
        args.skipped[n] = [c for c in args.cases if c not in cases]
        # Prepare everything first, so corpus making is never timed.
        for case in cases:
            commands(case, n, args.seed)
        for r in range(args.runs):
            # Interleave the cases in each round so noise from other work on the machine is shared.
            for case in cases:
                if case == "search" and not (OUT / "run" / f"{n}-s{args.seed}" / "site" / "index.html").exists():
                    sys.exit("the search case needs the build case (run it first, or together)")
                log = logs / f"{case}-{n}-{r}.log"
                cmd, cwd, reset = commands(case, n, args.seed, stats=log.with_suffix(".json"))
                reset()
                m = timed(cmd, log, cwd, args.max_gib)
                if log.with_suffix(".json").exists():
                    m["stats"] = json.loads(log.with_suffix(".json").read_text())
                results.setdefault((case, n), []).append(m)
                m["cache"] = CACHE_STATE[case]
                print(f"{case:8} N={n:<6} run {r + 1} ({m['cache']}): wall {m['wall']:.2f}s cpu {m['cpu']:.2f}s "
                      f"rss {m['rss']:.0f} MiB", flush=True)
    shutil.rmtree(TRASH, ignore_errors=True)
    lines = table(results, args)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (args.report.with_suffix(".json")).write_text(json.dumps(
        {f"{c}/{n}": v for (c, n), v in results.items()}, indent=1))
    print("\n".join(lines))
    return 0


def table(results: dict, args) -> list[str]:
    def med(case: str, n: int, key: str) -> float | None:
        runs = results.get((case, n))
        return statistics.median(m[key] for m in runs) if runs else None

    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "generator", "build.py", "themes"],
                           capture_output=True, text=True).stdout.strip()
    lines = [f"Medians of {args.runs} run(s); wall [min–max]; CPU = user+sys of the process tree; "
             f"RSS = peak of the largest process. Commit {head}{' + local changes' if dirty else ''}, "
             f"{time.strftime('%Y-%m-%d %H:%M')}.", "",
             "| case | N articles | cache state (every run) | wall s | CPU s | peak RSS MiB | wall ours/Hugo "
             "| wall ours/Pelican | CPU ours/Hugo | CPU ours/Pelican |",
             "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for n in args.sizes:
        for case in args.cases:
            runs = results.get((case, n))
            if not runs:
                continue
            walls = [m["wall"] for m in runs]
            w, c, rss = med(case, n, "wall"), med(case, n, "cpu"), med(case, n, "rss")
            ratios = ["", "", "", ""]
            if case == "build":
                for i, (key, other) in enumerate((("wall", "hugo"), ("wall", "pelican"), ("cpu", "hugo"),
                                                  ("cpu", "pelican"))):
                    o = med(other, n, key)
                    if o:
                        ratios[i] = f"{med('build', n, key) / o:.2f}"
            label = {"ingest": f"ingest ({max(1, n // 10)} pages)"}.get(case, case)
            lines.append(f"| {label} | {n} | {CACHE_STATE[case]} | {fmt_s(w)} [{fmt_s(min(walls))}–{fmt_s(max(walls))}] | {fmt_s(c)} "
                         f"| {rss:.0f} | " + " | ".join(ratios) + " |")
    for n in args.sizes:
        if args.skipped.get(n):
            lines.append(f"\nN = {n}: only our own cases ran; skipped at this size: {', '.join(args.skipped[n])} "
                         f"(above --ours-only-above {args.ours_only_above}).")
    # The search case's parts, from its last run: reading content/, then each Pagefind run.
    for n in args.sizes:
        runs = results.get(("search", n))
        stats = runs[-1].get("stats") if runs else None
        if not stats:
            continue
        load = stats.get("load", {})
        lines += ["", f"Search at N = {n}, last run: reading content {fmt_s(load.get('wall', 0))} s wall; "
                  f"then one Pagefind run per shard, one after the other:", "",
                  "| shard | pages | wall s | CPU s | peak RSS MiB |", "|---|---:|---:|---:|---:|"]
        for s in stats["pagefind"]:
            lines.append(f"| {s['shard']} | {s['pages']} | {fmt_s(s['wall'])} | {fmt_s(s['cpu'])} | {s['rss_mib']:.0f} |")
        pf = stats["pagefind"]
        lines.append(f"| **all** | {sum(s['pages'] for s in pf)} | {fmt_s(sum(s['wall'] for s in pf))} "
                     f"| {fmt_s(sum(s['cpu'] for s in pf))} | {max(s['rss_mib'] for s in pf):.0f} (max) |")
    return lines


if __name__ == "__main__":
    sys.exit(main())
