#!/usr/bin/env python3
"""Run only the Pagefind step over an already built site, for timing: `search_only.py SITE`."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.search import run_pagefind  # noqa: E402

if __name__ == "__main__":
    run_pagefind(Path(sys.argv[1]))
