#!/usr/bin/env python3
"""Fingerprint what a checkout makes, to show that a change keeps every output byte: `snapshot.py`.

    python bench/snapshot.py --out /tmp/before.json            # at the old commit
    python bench/snapshot.py --out /tmp/after.json             # at the new one
    python bench/snapshot.py --compare /tmp/before.json /tmp/after.json

For each input set (the example seed, the dev pages, and the generated corpus of 1,000 raw pages,
about 10,000 articles, from `bench/out/corpus/`), it copies the seeds into a scratch project with an
empty `content/`, runs `build.py` with the default command (ingest, Pagefind, offline index, zip),
and records the SHA-256 of every file under `content/` and `site/` and of `site.zip`. `--compare`
prints the files that differ and exits 1 if any do.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import CORPUS_VERSION  # noqa: E402

CORPUS = ROOT / "bench" / "out" / "corpus" / f"seeds-10000-s1-{CORPUS_VERSION}"
SETS = {
    "seed": ROOT / "seeds",
    "dev": ROOT / "tests" / "data" / "pages",
    "corpus-10000": CORPUS,
}


def _seed_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".pdf", ".toml"))


def fingerprint(seeds: Path, work: Path) -> dict[str, str]:
    """Build the seeds in a scratch project under `work`; file → SHA-256 of content/, site/ and the zip."""
    project = work / seeds.name
    (project / "seeds").mkdir(parents=True)
    for p in _seed_files(seeds):
        shutil.copyfile(p, project / "seeds" / p.name)
    (project / "content").mkdir()
    cmd = [sys.executable, str(ROOT / "build.py"), "-q", "--seeds", str(project / "seeds"),
           "--content", str(project / "content"), "--out", str(project / "site"),
           "--zip", str(project / "site.zip")]
    subprocess.run(cmd, check=True, cwd=project)
    sums = {}
    for folder in ("content", "site"):
        for p in sorted((project / folder).rglob("*")):
            if p.is_file():
                sums[str(p.relative_to(project))] = hashlib.sha256(p.read_bytes()).hexdigest()
    sums["site.zip"] = hashlib.sha256((project / "site.zip").read_bytes()).hexdigest()
    return sums


def compare(before: dict, after: dict) -> int:
    differing = 0
    for name in sorted(set(before) ^ set(after)):
        print(f"{name}: only {'before' if name in before else 'after'}, not compared")
    for name in sorted(set(before) & set(after)):
        a, b = before[name], after[name]
        changed = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        differing += len(changed)
        print(f"{name}: {len(a)} files before, {len(b)} after, {len(changed)} differ")
        for k in changed[:20]:
            print(f"  {k}: {'missing' if k not in a else a[k][:12]} → {'missing' if k not in b else b[k][:12]}")
    return 1 if differing else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, help="write the fingerprints here (JSON)")
    ap.add_argument("--sets", nargs="+", choices=sorted(SETS), default=list(SETS))
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = ap.parse_args()
    if args.compare:
        before, after = (json.loads(p.read_text()) for p in args.compare)
        return compare(before, after)
    if not args.out:
        ap.error("give --out FILE or --compare BEFORE AFTER")
    if "corpus-10000" in args.sets and not CORPUS.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), "--pages", "1000",
                        "--out", str(CORPUS), "--seed", "1"], check=True)
    with tempfile.TemporaryDirectory(prefix="readpaper-snapshot-") as tmp:
        result = {name: fingerprint(SETS[name], Path(tmp) / name) for name in args.sets}
    args.out.write_text(json.dumps(result, indent=1, sort_keys=True), encoding="utf-8")
    print(f"{args.out}: " + ", ".join(f"{k} {len(v)} files" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
