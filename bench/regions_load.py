"""Time a cold import + first call of generator.enrich.regions and check the seed page's nine gold codes.

Run from the repo root: `python bench/regions_load.py` (prints seconds; exit 1 on a wrong code).
"""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
COLD = (
    "import time; t = time.perf_counter(); from generator.enrich.regions import resolve_region; "
    "resolve_region('甘肃省金昌市金川区', '', '', ''); print(f'{time.perf_counter() - t:.3f}')"
)


def cold_start_seconds(runs: int = 3) -> list[float]:
    """Return import + first-call times of fresh interpreters."""
    run = [sys.executable, "-c", COLD]
    return [float(subprocess.run(run, cwd=ROOT, capture_output=True, text=True, check=True).stdout) for _ in range(runs)]


def seed_mismatches() -> list[str]:
    """Resolve each gold item of the seed page (body cut from the seed between its first and last words)."""
    sys.path.insert(0, str(ROOT))
    from generator.enrich.regions import resolve_region

    gold = json.loads((DATA / "seed.gold.json").read_text(encoding="utf-8"))
    flat = re.sub(r"\s*\n\s*", "", (ROOT / "seeds" / gold["seed"]).read_text(encoding="utf-8"))
    bad = []
    for item in gold["items"]:
        start = flat.index(item["body_start"])
        body = flat[start:flat.index(item["body_end"], start) + len(item["body_end"])]
        heading = " ".join(x for x in (item["title"], item["subtitle"]) if x)
        region, _ = resolve_region(item["kicker"], heading, body.split("。")[0] + "。", body)
        if region is None or region.code != item["code"]:
            bad.append(f"{item['code']}: got {region}")
    return bad


if __name__ == "__main__":
    print("cold import + first call (s):", cold_start_seconds())
    mismatches = seed_mismatches()
    print("seed page:", "all gold codes match" if not mismatches else mismatches)
    sys.exit(1 if mismatches else 0)
