"""A build skips ingest when the seeds and content/ are as the last ingest left them, and only then."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import pipeline
from generator.pipeline import BuildOptions

REPO = Path(__file__).resolve().parents[2]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path, monkeypatch):
    """The committed seed in a fresh project; `build()` returns the warnings and counts real ingests."""
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    content = tmp_path / "content"
    ingests: list[Path] = []
    real_ingest = pipeline.ingest

    def counting_ingest(seeds_dir, content_dir, report, **kwargs):
        ingests.append(seeds_dir)
        return real_ingest(seeds_dir, content_dir, report, **kwargs)

    monkeypatch.setattr(pipeline, "ingest", counting_ingest)

    def build() -> list[str]:
        report = pipeline.run(BuildOptions(config=REPO / "site.toml", seeds=seeds, content=content,
                                           out=tmp_path / "site", no_zip=True, search=False, jobs=1,
                                           cache=tmp_path / "cache"))
        return [str(w) for w in report.warnings]

    build.seeds, build.content, build.site, build.ingests = seeds, content, tmp_path / "site", ingests
    return build


def _articles(project) -> list[Path]:
    return sorted(project.content.glob("*/*.md"))


def test_unchanged_seeds_are_not_ingested_again_and_give_the_same_warnings(project):
    first = project()
    content, site = _tree(project.content), _tree(project.site)
    assert len(project.ingests) == 1
    again = project()
    assert len(project.ingests) == 1
    assert again == first
    assert _tree(project.content) == content and _tree(project.site) == site


def test_an_editors_correction_keeps_ingest_skipped_and_reaches_the_site(project):
    project()
    edited = _articles(project)[2]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n编者补记：更正一处。\n", encoding="utf-8")
    project()
    assert len(project.ingests) == 1
    assert "编者补记" in edited.read_text(encoding="utf-8")
    assert any("编者补记" in p.read_text(encoding="utf-8") for p in (project.site / "articles").glob("*.html"))


def test_a_deleted_content_file_is_ingested_again(project):
    project()
    victim = _articles(project)[1]
    text = victim.read_bytes()
    victim.unlink()
    project()
    assert len(project.ingests) == 2
    assert victim.read_bytes() == text


def test_a_changed_seed_is_ingested_again(project):
    project()
    seed = next(project.seeds.glob("*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    project()
    assert len(project.ingests) == 2


def test_a_new_file_in_a_page_folder_is_ingested_again(project):
    """Ingest warns about an edited file whose article the seed does not give; so must the next build."""
    first = project()
    stranger = _articles(project)[0].parent / "99-stranger.md"
    stranger.write_text(_articles(project)[0].read_text(encoding="utf-8").replace("id: ", "id: x", 1)
                        + "\n手写的一段。\n", encoding="utf-8")
    warnings = project()
    assert len(project.ingests) == 2
    assert any("99-stranger.md" in w and "no longer gives" in w for w in warnings)
    assert project() == warnings and len(project.ingests) == 2  # the same state again: skipped, same warnings
    assert len(warnings) == len(first) + 1


def test_an_id_changed_by_an_editor_is_ingested_again(project):
    project()
    edited = _articles(project)[3]
    edited.write_text(edited.read_text(encoding="utf-8").replace("id: ", "id: renamed-", 1), encoding="utf-8")
    project()
    assert len(project.ingests) == 2
