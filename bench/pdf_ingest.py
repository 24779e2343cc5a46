"""PDF ingest speed: pages a second for a 20-page multi-column PDF and for a digest PDF.

    python3 bench/pdf_ingest.py [--runs N]

Prints the fixtures with Chromium first (tests/data/pdf/make_fixtures.py, `--pages 20`), then times,
best of N runs, in this process: reading the PDF into blocks (`generator.ingest.pdf.read_pdf`), rendering
the page pictures, and the whole ingest (`pipeline.ingest` into a fresh content/ folder: read, split,
tag, write the content files and pictures) with one job and with two. Wall time depends on what else
the machine runs; the CPU seconds (this process and its workers) much less: both are printed, with
`uptime` before and after.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "data" / "pdf"))


def _cpu() -> float:
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def best(fn, runs: int) -> tuple[float, float]:
    """The best wall time of `runs` runs, and the CPU seconds (this process and its workers) of that run."""
    times = []
    for _ in range(runs):
        start, cpu = time.perf_counter(), _cpu()
        fn()
        times.append((time.perf_counter() - start, _cpu() - cpu))
    return min(times)


def main() -> None:
    from make_fixtures import make

    from generator.ingest import pdf
    from generator.pipeline import Report, ingest

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        make(tmp, 20, digest=True)
        print("load before:", os.getloadavg())
        print(f"{'file':18} {'pages':>5} {'step':28} {'wall s':>7} {'pages/s':>8} {'CPU s':>7} {'pages/CPU s':>11}")
        for name in ("newspaper-20.pdf", "digest.pdf"):
            path = tmp / name
            pages = len(pdf.read_pdf(path))
            seeds = tmp / f"seeds-{path.stem}"
            seeds.mkdir()
            shutil.copy(path, seeds / name)
            steps = [("read into blocks", lambda: pdf.read_pdf(path)),
                     ("render pictures", lambda: pdf.page_pictures(path))]
            for jobs in (1, 2):
                def run(jobs=jobs):
                    content = tmp / "content"
                    shutil.rmtree(content, ignore_errors=True)
                    ingest(seeds, content, Report(), jobs=jobs)
                steps.append((f"whole ingest, {jobs} job{'s' if jobs > 1 else ''}", run))
            for label, fn in steps:
                seconds, cpu = best(fn, args.runs)
                print(f"{name:18} {pages:5d} {label:28} {seconds:7.3f} {pages / seconds:8.1f} {cpu:7.3f} "
                      f"{pages / cpu:11.1f}", flush=True)
        print("load after:", os.getloadavg())


if __name__ == "__main__":
    main()
