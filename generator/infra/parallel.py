"""Run independent pure functions on both cores: forked workers, results in the serial order.

Workers are forked (copy-on-write), so whatever the parent has already loaded — the tag model, the
theme, the articles — is shared without pickling; only arguments and results cross the pipe, which
is why functions and their arguments must be picklable (module-level functions, frozen records).
With `jobs == 1`, or where `fork` does not exist, everything runs in this process, in order: the
output is the same either way, and tests compare the two.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MAX_JOBS = 2  # the build machines have two cores; more workers only add copying


def default_jobs() -> int:
    """Worker processes to use when none are asked for: the cores, at most MAX_JOBS."""
    return max(1, min(MAX_JOBS, os.cpu_count() or 1))


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _call(fn: Callable[..., R], args: tuple, kwargs: dict) -> R:
    return fn(*args, **kwargs)


# The task of the forked worker of `run_both`. It is set before the worker is forked, so the worker
# finds it in its copy of memory: large arguments (10,000 articles) are never pickled, only the result.
_inherited: tuple[Callable[..., Any], tuple, dict] | None = None


def _call_inherited() -> Any:
    assert _inherited is not None
    return _call(*_inherited)


def run_both(first: tuple[Callable[..., Any], tuple, dict], second: tuple[Callable[..., Any], tuple, dict],
             *, jobs: int) -> tuple[Any, Any]:
    """Call two independent functions, `second` in a forked worker while `first` runs here.

    Each task is `(function, args, kwargs)`. An exception in either is raised here, as in a serial call.
    """
    if jobs <= 1 or not can_fork():
        return _call(*first), _call(*second)
    global _inherited
    _inherited = second
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
            later = pool.submit(_call_inherited)  # forks the worker now, while `_inherited` is set
            try:
                here = _call(*first)
            except BaseException:
                later.cancel()
                raise
            return here, later.result()
    finally:
        _inherited = None


def run_beside(work: Callable[[], None], alongside: Callable[[], None]) -> None:
    """`work()` on a thread while `alongside()` runs on this one; the first failure is raised once both
    ended. A thread, not a worker: for work that waits on a subprocess (Pagefind) while this process
    writes into objects it holds (the zip)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as runner:
        working = runner.submit(work)
        try:
            alongside()
        except BaseException:
            working.exception()  # waits for `work`, whose own failure would only hide this one
            raise
        working.result()


def _map_chunk(fn: Callable[[T], R], chunk: Sequence[T]) -> list[R]:
    return [fn(item) for item in chunk]


def map_in_order(fn: Callable[[T], R], items: Sequence[T], *, jobs: int, chunks: int | None = None) -> list[R]:
    """`[fn(x) for x in items]`, spread over `jobs` forked workers in contiguous chunks."""
    if jobs <= 1 or len(items) < 2 or not can_fork():
        return [fn(item) for item in items]
    n_chunks = min(len(items), chunks or jobs * 4)  # a few chunks a worker evens out slow pages
    size = -(-len(items) // n_chunks)
    parts = [items[i:i + size] for i in range(0, len(items), size)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        results = pool.map(_map_chunk, [fn] * len(parts), parts)
        return [r for part in results for r in part]


class ShareWorkers:
    """One forked worker per share of a job, kept for several steps: what a step leaves in a worker's
    memory (the articles of its share) is there for the next step, so only small results cross the pipe.

        with ShareWorkers(shares, jobs=2) as workers:
            counts = workers.call(count_words)          # count_words(share) in each worker
            written = workers.call(write, merged)       # write(share, merged), same workers

    `call` returns the results in share order and raises the first share's error after every worker
    has answered. With `jobs <= 1`, one share, or no `fork`, every call runs here, share after share.
    Workers are forked on entry, before any thread exists, with whatever the caller set up to share.
    """

    def __init__(self, shares: Sequence[Any], *, jobs: int):
        self.shares = list(shares)
        self._parallel = jobs > 1 and len(self.shares) > 1 and can_fork()
        self._workers: list[tuple[multiprocessing.process.BaseProcess, Any]] = []

    def __enter__(self) -> ShareWorkers:
        if self._parallel:
            context = multiprocessing.get_context("fork")
            for share in self.shares:
                here, there = context.Pipe()
                process = context.Process(target=_serve_share, args=(there, share), daemon=True)
                process.start()
                there.close()  # only the worker holds its end: its death reads as EOF here
                self._workers.append((process, here))
        return self

    def call(self, fn: Callable[..., R], *args: Any) -> list[R]:
        if not self._parallel:
            return [fn(share, *args) for share in self.shares]
        for _, conn in self._workers:
            conn.send((fn, args))
        answers = []
        for process, conn in self._workers:
            try:
                answers.append(conn.recv())
            except EOFError:
                process.join(timeout=5)  # reaped, for its exit code
                answers.append((False, RuntimeError(f"a worker process stopped (exit code {process.exitcode})")))
        for ok, value in answers:
            if not ok:
                raise value
        return [value for _, value in answers]

    def __exit__(self, *exc_info: Any) -> None:
        for process, conn in self._workers:
            try:
                conn.send(None)
            except OSError:
                pass  # already gone
            conn.close()
        for process, _ in self._workers:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join()
        self._workers = []


def _serve_share(conn: Any, share: Any) -> None:
    """A worker of `ShareWorkers`: run each step sent for this share until told to stop (None).

    Before each step the worker freezes what it holds (`gc.freeze`): what it inherited and what the
    last step kept for the next live to its end, and the cyclic collector would walk them again and
    again (~0.1 s a worker in ingest). Freezing writes to no object, so memory stays shared.
    """
    while (task := conn.recv()) is not None:
        gc.freeze()
        fn, args = task
        try:
            answer = (True, fn(share, *args))
        except BaseException as exc:  # sent to the parent, which raises it
            answer = (False, _sendable(exc))
        try:
            conn.send(answer)
        except Exception as exc:  # a result that cannot be pickled
            conn.send((False, _sendable(exc)))


def _sendable(exc: BaseException) -> BaseException:
    """The error itself if it survives pickling, else a RuntimeError holding its traceback."""
    import pickle
    import traceback

    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError("".join(traceback.format_exception(exc)))
