"""axe-core finds no serious or critical violation on the pages a reader uses, in both colour schemes."""

from __future__ import annotations

import os

import json
from pathlib import Path

import pytest

from test_reader import _BUILT, ARTIFACTS, ROOT, http_root, open_page, reader_site  # noqa: F401 (fixtures)

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def first_link(page, base: str, path: str, selector: str) -> str:
    page.goto(base + path)
    href = page.locator(selector).first.get_attribute("href")
    from posixpath import dirname, join, normpath

    return normpath(join(dirname(path), href))


@pytest.fixture(scope="module")
def pages_to_check(browser, http_root, reader_site) -> dict[str, str | None]:
    context = browser.new_context()
    page = context.new_page()
    article = first_link(page, http_root, "index.html", "main .card-title a")
    tag = first_link(page, http_root, "tags.html", "main .tag-cloud a")
    region = first_link(page, http_root, "regions.html", "main .tree a")
    printed = first_link(page, http_root, "index.html", "main .paper-page h2 a")
    page.goto(http_root + "archive.html")
    day = first_link(page, http_root, "archive.html", "main a[href^='days/']") \
        if page.locator("main a[href^='days/']").count() else None
    year = first_link(page, http_root, "archive.html", "main .archive-year h2 a") \
        if page.locator("main .archive-year h2 a").count() else None
    picture = None
    for path in sorted(p.relative_to(reader_site).as_posix() for p in (reader_site / "pages").glob("*.html")):
        if "page-image" in (reader_site / path).read_text(encoding="utf-8"):
            picture = path
            break
    context.close()
    return {"article": article, "home": "index.html", "tag": tag, "region": region, "printed-page": printed,
            "tags": "tags.html", "regions": "regions.html", "404": "404.html", "archive": "archive.html",
            "day": day, "archive-year": year, "picture-page": picture,
            "search": "search.html?q=%E5%BF%97%E6%84%BF%E6%9C%8D%E5%8A%A1" if (reader_site / "search").is_dir() else None}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", ["phone"])  # the DOM is the same at every width
@pytest.mark.parametrize("kind", ["article", "home", "tag", "region", "printed-page", "tags", "regions", "404",
                                  "archive", "archive-year", "day", "picture-page", "search"])
def test_no_serious_axe_violations(new_page, http_root, pages_to_check, kind, scheme, viewport, reader_site):
    if not AXE.exists():
        message = f"{AXE} is missing: run `npm ci` (axe-core is pinned in package.json)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    if pages_to_check[kind] is None:
        pytest.skip(f"this site has no {kind} page")
    page = open_page(new_page, viewport, scheme)
    page.goto(http_root + pages_to_check[kind])
    if kind == "search":  # the results, the chips and the open filter bar
        page.wait_for_selector("html[data-search-state=done]")
        page.evaluate("document.getElementById('search-filter-bar').open = true")
    if kind == "regions":
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
    }""")
    ARTIFACTS.mkdir(exist_ok=True)
    label = "built" if reader_site in _BUILT else "sample"
    (ARTIFACTS / f"axe-{label}-{kind}-{viewport}-{scheme}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, ensure_ascii=False, indent=2)
    for v in result:  # moderate/minor ones are kept in the artifact and shown, not failed on
        print(f"axe {v['impact']}: {v['id']} on {kind}: {v['nodes']}")
