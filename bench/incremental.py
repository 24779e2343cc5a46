#!/usr/bin/env python3
"""Time clean, parallel and incremental builds: `incremental.py [--articles N] [--runs R] [--work DIR] [--seeds] [--default]`.

Copies `bench/out/corpus/content-N-s1-d1` (made by `bench/run.py`, or `make_corpus.py`) to a scratch
folder (never edits the corpus), then times `build.py --no-search --no-zip` under GNU time for: a clean
build with --jobs 1 and with --jobs 2, a rebuild with nothing changed, and a rebuild after one
content file changed. After each rebuild it counts the output files whose inode or mtime changed.
Checks that every site is byte-identical to the clean --jobs 1 build (with the one change applied
where it applies).

With --default the command is the one an editor runs, `build.py` with both search indexes (Pagefind
and the offline one) and the zip; the zip is checked byte-identical too. A clean row is cold: the
build cache `.cache/readpaper/` is deleted before each of its runs and the previous site moved aside;
a rebuild row keeps both (the cache state is printed in each row). --edit picks which article is
corrected: the middle one in path order (default), the oldest or the newest by date.

With --seeds the project starts from the N/10 raw pages `bench/out/corpus/seeds-N-s1-d1` and an
empty content/ instead: the clean builds ingest every page, and the rebuilds show ingest being skipped.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import CORPUS_VERSION  # noqa: E402  (the corpus folders' suffix)
from generator.infra.cache import default_cache_dir  # noqa: E402


def timed(args: list[str]) -> dict[str, float]:
    """Run build.py under /usr/bin/time: wall, CPU (user+sys) and peak RSS."""
    fd, log = tempfile.mkstemp(suffix=".time")
    os.close(fd)
    cmd = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", log, sys.executable, "build.py", *args]
    subprocess.run(cmd, cwd=ROOT, check=True)
    wall, user, system, rss = Path(log).read_text().split()[-4:]
    os.unlink(log)
    return {"wall": float(wall), "cpu": float(user) + float(system), "rss_mib": int(rss) / 1024}


def stamps(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


def digest(root: Path, zip_path: Path | None = None) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(root)).encode() + b"\0" + p.read_bytes())
    if zip_path is not None:
        h.update(b"zip\0" + zip_path.read_bytes())
    return h.hexdigest()


def edited_file(content: Path, which: str) -> Path:
    """The content file a correction goes into: the middle one in path order, or the oldest or newest
    by the date in its front matter (then path)."""
    files = sorted(content.glob("*/*.md"))
    if which == "middle":
        return files[len(files) // 2]
    import re

    def date(p: Path) -> str:
        m = re.search(r"^  date: '?(\d{4}-\d\d-\d\d)", p.read_text(encoding="utf-8"), flags=re.M)
        return m.group(1) if m else ""

    dated = sorted(files, key=lambda p: (date(p), str(p)))
    return dated[0] if which == "oldest" else dated[-1]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--seeds", action="store_true", help="start from raw pages and an empty content/")
    ap.add_argument("--default", action="store_true", help="the default command: Pagefind, offline index and zip")
    ap.add_argument("--edit", choices=("middle", "oldest", "newest"), default="middle",
                    help="which article the correction goes into")
    args = ap.parse_args()
    corpora = ROOT / "bench" / "out" / "corpus"
    work = args.work or Path(tempfile.mkdtemp(prefix="readpaper-incr-"))
    content, site = work / "content", work / "site"
    if content.exists():
        shutil.rmtree(content)
    if args.seeds:
        seeds = work / "seeds"
        shutil.rmtree(seeds, ignore_errors=True)
        shutil.copytree(corpora / f"seeds-{args.articles}-s1-{CORPUS_VERSION}", seeds)
        content.mkdir(parents=True)
    else:
        seeds = ROOT / "bench" / "out" / "empty-seeds"
        seeds.mkdir(parents=True, exist_ok=True)
        shutil.copytree(corpora / f"content-{args.articles}-s1-{CORPUS_VERSION}", content)
        old = time.time() - 3600
        for p in content.rglob("*.md"):  # older than the cache's 2-second "racy" window
            os.utime(p, (old, old))
    cache_dir = default_cache_dir(ROOT)
    trash = work / "trash"

    def discard(path: Path) -> None:
        """Move a previous output aside, deleted after all timings: deleting 10,000 files just before
        a run made file creation in that run cost up to 3× the system time on this disk."""
        if path.exists():
            trash.mkdir(exist_ok=True)
            path.rename(trash / f"{path.name}-{time.time_ns()}")

    common = ["--seeds", str(seeds), "--content", str(content), "-q"]
    if not args.default:
        common += ["--no-search", "--no-zip"]
    rows = []

    def zip_of(out: Path) -> Path | None:
        return out.with_suffix(".zip") if args.default else None

    def case(name: str, out: Path, *extra: str, cold: bool = False, keep_content: bool = False,
             before_each=None) -> dict:
        runs = []
        for n in range(args.runs):
            if before_each is not None:
                before_each(n)
            if cold:
                discard(cache_dir)  # every cache of every build: parsed files, page keys, templates, tag tables
                if args.seeds and not keep_content:  # a clean build ingests every page into an empty content/
                    discard(content)
                    content.mkdir()
                discard(out)
                if zip_of(out) is not None:
                    discard(zip_of(out))
            before = stamps(out) if out.exists() else {}
            zip_arg = ["--zip", str(zip_of(out))] if zip_of(out) is not None else []
            r = timed([*common, "--out", str(out), *zip_arg, *extra])
            r["cache"] = "cold: .cache/readpaper deleted, no previous site" if cold else \
                "warm: the previous build's site and .cache/readpaper"
            after = stamps(out)
            r["rewritten"] = sum(1 for k, v in after.items() if before.get(k) != v)
            r["files"] = len(after)
            runs.append(r)
        median = sorted(runs, key=lambda r: r["wall"])[len(runs) // 2]  # the run of median wall time
        rows.append((name, median, [r["wall"] for r in runs]))
        print(f"{name}: {runs}", file=sys.stderr)
        return median

    case("clean, --jobs 1, no cache", work / "site-serial", "--jobs", "1", cold=True)
    case("clean, --jobs 2, no cache", site, "--jobs", "2", cold=True)
    serial_digest = digest(work / "site-serial", zip_of(work / "site-serial"))
    assert digest(site, zip_of(site)) == serial_digest, "parallel build differs from the serial one"
    case("rebuild, nothing changed, --jobs 2", site, "--jobs", "2")
    assert digest(site, zip_of(site)) == serial_digest
    target = edited_file(content, args.edit)
    print(f"the correction goes into {target.relative_to(content)}", file=sys.stderr)

    def correct(n: int) -> None:  # a new correction before each run, so each run has one to build
        target.write_text(target.read_text(encoding="utf-8") + f"\n编者补记：第{n + 1}处更正。\n", encoding="utf-8")

    case("rebuild, one content file changed, --jobs 2", site, "--jobs", "2", before_each=correct)
    case("clean, --jobs 1, after the change", work / "site-serial", "--jobs", "1", cold=True, keep_content=True)
    assert digest(site, zip_of(site)) == digest(work / "site-serial", zip_of(work / "site-serial")), \
        "incremental build differs from a clean one"

    shutil.rmtree(trash, ignore_errors=True)
    what = f"{args.articles // 10} raw pages" if args.seeds else f"{args.articles} articles"
    command = "build.py (Pagefind, offline index, zip)" if args.default else "build.py --no-search --no-zip"
    print(f"\n{what}, {command}, the run of median wall time of {args.runs} (all: min–max); "
          f"outputs checked byte-identical{' (site and zip)' if args.default else ''}\n")
    print("| case | cache state | wall s | CPU s | peak RSS MiB | files rewritten / total |")
    print("|---|---|---:|---:|---:|---:|")
    for name, r, walls in rows:
        print(f"| {name} | {r['cache']} | {r['wall']:.2f} [{min(walls):.2f}–{max(walls):.2f}] | {r['cpu']:.2f} "
              f"| {r['rss_mib']:.0f} | {r['rewritten']} / {r['files']} |")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
