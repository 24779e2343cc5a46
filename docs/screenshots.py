#!/usr/bin/env python3
"""Refresh the screenshots in docs/ from the sample site of tests/site/site_sample.py, opened from disk.

    python3 docs/screenshots.py        # needs /usr/bin/chromium, Playwright and fonts-wqy-microhei

Each is the first screen only (not the full page), so the files stay small.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "site")]

from site_sample import ARTICLES, write_site  # noqa: E402

from generator.search import build_offline_index  # noqa: E402

CHROMIUM = "/usr/bin/chromium"  # as tests/browser/conftest.py drives it
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

SHOTS = {  # file in docs/ → (page, viewport width, height)
    "screenshot-home-1280.png": ("index.html", 1280, 900),
    "screenshot-article-390.png": ("articles/p1-02.html", 390, 844),
    "screenshot-day-390.png": ("days/2024-01-17.html", 390, 844),
    "screenshot-page-390.png": ("pages/p3.html#picture-h", 390, 844),
    "screenshot-archive-390.png": ("archive/2024.html", 390, 844),
    "screenshot-search-390.png": ("search.html?q=" + quote("志愿服务") + "&province=" + quote("天津市"), 390, 844),
}


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = write_site(Path(tmp) / "site")
        for f in build_offline_index(ARTICLES, url_for=lambda a: f"articles/{a.id}.html"):
            (site / f.path).parent.mkdir(parents=True, exist_ok=True)
            (site / f.path).write_bytes(f.data)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for name, (path, width, height) in SHOTS.items():
                page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
                page.goto(site.as_uri() + "/" + path)
                if path.startswith("search"):
                    page.wait_for_selector("html[data-search-state=done]")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(ROOT / "docs" / name))
                page.close()
                print(f"docs/{name}: {(ROOT / 'docs' / name).stat().st_size // 1024} KB")
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
