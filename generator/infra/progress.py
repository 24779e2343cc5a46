"""What a build shows while it works: a bar per long stage on a terminal, a line per stage with -v.

Bars are tqdm's (on stderr); in a CI log, or whenever stderr is not a terminal, nothing is shown
unless `-v` asks for a line as each stage ends.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

log = logging.getLogger("generator")

Mode = Literal["bars", "lines", "off"]


class Progress:
    """`progress(stage, done, total)` moves the bar of `stage`; a stage ends when done == total."""

    def __init__(self, mode: Mode = "off") -> None:
        self.mode = mode
        self._bar = None
        self._stage: str | None = None
        self._started = 0.0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if self.mode == "off":
            return
        if stage != self._stage:
            self._end()
            self._start(stage, total)
        if self._bar is not None:
            self._bar.total = total
            self._bar.n = done
            self._bar.refresh()
        if total is not None and done >= total:
            self._end()

    @contextmanager
    def counting(self, stage: str, *, counts: bool = True) -> Iterator[multiprocessing.Value | None]:
        """A counter shared with forked workers (add to `.value` under its lock); its count (or, for a
        stage that `counts` nothing, the time it has taken) is shown until the block ends. None when
        nothing is shown."""
        if self.mode == "off":
            yield None
            return
        counter = multiprocessing.get_context("fork").Value("q", 0)
        stop = threading.Event()
        self._end()
        self._start(stage, None, counts=counts)

        def tick() -> None:
            while not stop.wait(0.2):
                self._show(counter.value)

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        try:
            yield counter
        finally:
            stop.set()
            ticker.join()
            self._end(counter.value)

    def _start(self, stage: str, total: int | None, *, counts: bool = True) -> None:
        self._stage, self._started = stage, time.monotonic()
        if self.mode == "bars":
            from tqdm import tqdm

            shape = None if total is not None else "{desc} {n_fmt} files [{elapsed}]" if counts else "{desc} [{elapsed}]"
            self._bar = tqdm(total=total, desc=f"{stage:<14}", bar_format=shape, leave=False, dynamic_ncols=True,
                             mininterval=0.2)

    def _show(self, done: int) -> None:
        if self._bar is not None:
            self._bar.n = done
            self._bar.refresh()

    def _end(self, done: int | None = None) -> None:
        if self._stage is None:
            return
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        if self.mode == "lines":
            count = f" ({done} files)" if done else ""
            log.info("%s%s: %.1f s", self._stage, count, time.monotonic() - self._started)
        self._stage = None

    def close(self) -> None:
        self._end()
