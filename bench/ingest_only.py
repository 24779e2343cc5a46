#!/usr/bin/env python3
"""Run only the ingest half (seeds/ → content/) of the pipeline, for timing: `ingest_only.py SEEDS CONTENT [JOBS]`.

JOBS defaults to what build.py uses: the number of cores, at most 2. CPU is user + system time of
this process and its workers (on a shared machine it varies less than the wall time).
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.infra.parallel import default_jobs  # noqa: E402
from generator.pipeline import Report, ingest  # noqa: E402


def main() -> int:
    seeds, content = Path(sys.argv[1]), Path(sys.argv[2])
    jobs = int(sys.argv[3]) if len(sys.argv) > 3 else default_jobs()
    t0 = time.perf_counter()
    report = Report()
    import logging
    logging.disable(logging.WARNING)
    ingest(seeds, content, report, jobs=jobs)
    n_pages = len(list(seeds.glob("*.txt")))
    n_files = len(list(content.glob("*/*.md")))
    dt = time.perf_counter() - t0
    times = os.times()  # the workers' time counts once they have ended, as they have by now
    cpu = times.user + times.system + times.children_user + times.children_system
    print(f"ingest: {n_pages} pages -> {n_files} content files in {dt:.2f}s "
          f"({n_pages / dt:.0f} pages/s, {cpu:.2f}s CPU), {len(report.warnings)} warnings", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
