"""Golden files: every content file ingest + enrich generate for the seed page, compared text for text.

`pytest tests/golden --update-golden` rewrites tests/golden/seed/; review the result as a git diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import shutil
import tempfile

from generator.content import files as content
from generator.pipeline import Report, ingest

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_f19c2ac29f8dcdb3.txt"
GOLDEN = Path(__file__).resolve().parent / "seed"


def generate() -> dict[str, str]:
    """File name → text of every content file the seed page gives: ingest's own, as `python build.py`
    writes them (with no warning, so no Chinese character lost)."""
    with tempfile.TemporaryDirectory() as tmp:
        seeds, out = Path(tmp) / "seeds", Path(tmp) / "content"
        seeds.mkdir()
        shutil.copy(SEED, seeds / SEED.name)
        report = Report()
        ingest(seeds, out, report)
        assert not report.warnings, report.warnings
        return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*/*.md"))}


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    return generate()


def test_seed_content_files_match_the_golden_files(generated, update_golden):
    if update_golden:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for stale in GOLDEN.glob("*.md"):
            if stale.name not in generated:
                stale.unlink()
        for name, text in generated.items():
            (GOLDEN / name).write_text(text, encoding="utf-8", newline="\n")
        return
    golden = {p.name: p.read_text(encoding="utf-8") for p in sorted(GOLDEN.glob("*.md"))}
    assert sorted(generated) == sorted(golden), "content file names differ (run with --update-golden and review)"
    for name, text in generated.items():
        assert text == golden[name], f"{name} differs from tests/golden/seed/{name} (run with --update-golden and review)"


def test_golden_files_are_unedited_content_files():
    files = sorted(GOLDEN.glob("*.md"))
    if not files:
        pytest.skip("no golden files yet: run pytest tests/golden --update-golden")
    for path in files:
        parsed = content.parse_content(path.read_text(encoding="utf-8"), path)
        assert parsed.edited is False, path.name


def test_ingesting_and_enriching_the_seed_twice_gives_identical_files(generated):
    assert generate() == generated
