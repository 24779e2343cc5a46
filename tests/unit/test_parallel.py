"""Building on two cores gives the very bytes of a build in one process."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator import parallel, pipeline
from generator.pipeline import BuildOptions, Report

REPO = Path(__file__).resolve().parents[2]

needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="no fork start method here")


def _square(n: int) -> int:
    return n * n


def _fail(message: str) -> None:
    raise ValueError(message)


def _pid() -> int:
    return os.getpid()


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def four_seeds(tmp_path: Path) -> Path:
    """The example page four times over, under four names (four printed pages)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in range(4):
        shutil.copy(REPO / "seeds" / "000_f19c2ac29f8dcdb3.txt", seeds / f"p{n}.txt")
    return seeds


@pytest.fixture
def always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use the workers even for the small test corpus."""
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_ARTICLES", 1)


def test_default_jobs_is_the_cores_at_most_two():
    assert 1 <= parallel.default_jobs() <= 2


@needs_fork
def test_map_in_order_keeps_the_order_of_the_items():
    items = list(range(103))
    assert parallel.map_in_order(_square, items, jobs=2) == [n * n for n in items]
    assert parallel.map_in_order(_square, items, jobs=1) == [n * n for n in items]


@needs_fork
def test_run_both_returns_results_in_call_order_from_two_processes():
    here, there = parallel.run_both((_pid, (), {}), (_pid, (), {}), jobs=2)
    assert here == os.getpid() and there != here
    assert parallel.run_both((_square, (3,), {}), (_square, (4,), {}), jobs=1) == (9, 16)


@needs_fork
def test_an_error_in_the_worker_is_raised_in_the_parent():
    with pytest.raises(ValueError, match="boom"):
        parallel.run_both((_square, (3,), {}), (_fail, ("boom",), {}), jobs=2)


@needs_fork
def test_parallel_ingest_writes_the_same_content_as_serial(tmp_path, four_seeds, always_parallel):
    serial, par = tmp_path / "serial", tmp_path / "parallel"
    report_1, report_2 = Report(), Report()
    pipeline.ingest(four_seeds, serial, report_1, jobs=1)
    pipeline.ingest(four_seeds, par, report_2, jobs=2)
    assert _tree(serial) and _tree(serial) == _tree(par)
    assert [str(w) for w in report_1.warnings] == [str(w) for w in report_2.warnings]


@needs_fork
def test_parallel_build_writes_the_same_files_in_the_same_order_as_serial(
        tmp_path, four_seeds, always_parallel, monkeypatch):
    staged_lists: list[list[str]] = []
    real_render = pipeline.render_and_index

    def recording_render(*args, **kwargs):
        files = real_render(*args, **kwargs)
        staged_lists.append([f.path for f in files])
        return files

    monkeypatch.setattr(pipeline, "render_and_index", recording_render)
    sites = {}
    for jobs in (1, 2):
        out = tmp_path / f"site-{jobs}"
        pipeline.run(BuildOptions(config=REPO / "site.toml", seeds=four_seeds, content=tmp_path / f"content-{jobs}",
                                  out=out, no_zip=True, search=True, jobs=jobs,
                                  cache=tmp_path / f"cache-{jobs}"))
        sites[jobs] = _tree(out)
    assert len(staged_lists) == 2 and staged_lists[0] == staged_lists[1]
    assert sites[1] == sites[2]
    assert any(path.startswith("search/") for path in sites[2])
