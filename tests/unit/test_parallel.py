"""Building on two cores gives the very bytes of a build in one process."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.site import assemble
from generator.ingest import workers
from generator.infra import parallel

from generator import pipeline
from generator.errors import BuildError, Problem
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
    """Four printed pages: the example page and three pages of the dev set."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(REPO / "seeds" / "000_f19c2ac29f8dcdb3.txt", seeds / "p0.txt")
    for n in range(1, 4):
        shutil.copy(REPO / "tests" / "data" / "pages" / f"dev-0{n}.txt", seeds / f"p{n}.txt")
    return seeds


_kept: dict[int, int] = {}


def _remember(share: int) -> int:
    _kept[share] = share * 10
    return os.getpid()


def _recall(share: int, plus: int) -> tuple[int, int]:
    return _kept.pop(share) + plus, os.getpid()


def _fail_on_odd(share: int) -> int:
    if share % 2:
        raise BuildError(f"page-{share}.txt", 7, "cannot split", "fix the page")
    return share


def _die(share: int) -> None:
    os._exit(3)


@needs_fork
def test_share_workers_keep_what_one_step_left_for_the_next_in_their_own_process():
    with parallel.ShareWorkers([1, 2], jobs=2) as workers:
        pids = workers.call(_remember)
        assert workers.call(_recall, 5) == [(15, pids[0]), (25, pids[1])]
    assert len(set(pids)) == 2 and os.getpid() not in pids and not _kept  # the parent kept nothing
    with parallel.ShareWorkers([1, 2], jobs=1) as workers:  # here, share after share
        assert workers.call(_remember) == [os.getpid()] * 2
        assert workers.call(_recall, 5) == [(15, os.getpid()), (25, os.getpid())]


@needs_fork
def test_a_share_workers_error_reaches_the_parent_whole():
    with parallel.ShareWorkers([0, 1], jobs=2) as workers:
        with pytest.raises(BuildError) as caught:
            workers.call(_fail_on_odd)
        assert caught.value.problem == Problem("page-1.txt", 7, "cannot split", "fix the page")
        assert workers.call(_square_share) == [0, 1]  # both workers still answer


def _square_share(share: int) -> int:
    return share * share


@needs_fork
def test_a_share_worker_that_dies_is_an_error_not_a_hang():
    with parallel.ShareWorkers([0, 1], jobs=2) as workers:
        with pytest.raises(RuntimeError, match="exit code 3"):
            workers.call(_die)


def test_shares_cover_the_pages_in_order_with_about_the_same_text():
    pages = [(Path(f"p{n}.txt"), "字" * size, None) for n, size in enumerate([5, 1, 1, 1, 1, 1, 5, 5])]
    assert workers.shares_of(pages, 2) == [range(0, 6), range(6, 8)]  # 10 characters each
    assert workers.shares_of(pages, 3) == [range(0, 3), range(3, 7), range(7, 8)]  # 7, 8, 5
    assert workers.shares_of(pages, 1) == [range(0, 8)]
    assert workers.shares_of(pages[:1], 2) == [range(0, 1)]  # no empty share


@pytest.fixture
def always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use the workers even for the small test corpus."""
    monkeypatch.setattr(workers, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(assemble, "PARALLEL_MIN_ARTICLES", 1)


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
    real_render = assemble.render_and_index

    def recording_render(*args, **kwargs):
        files = real_render(*args, **kwargs)
        staged_lists.append([f.path for f in files])
        return files

    monkeypatch.setattr(assemble, "render_and_index", recording_render)
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
