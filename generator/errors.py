"""Errors and warnings that name a place in a file and say how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding of a stage: where, what, and how to fix it."""

    path: str
    line: int | None
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}" + (f" ({self.hint})" if self.hint else "")


class BuildError(Exception):
    """An input or content error; printed as `path:line: message (hint)`, exit code 1."""

    def __init__(self, path: str, line: int | None, message: str, hint: str | None = None):
        self.problem = Problem(str(path), line, message, hint)
        super().__init__(str(self.problem))

    def __reduce__(self):  # pickled as its problem: raised in a worker, it reaches the parent whole
        return type(self), (self.problem.path, self.problem.line, self.problem.message, self.problem.hint)


class BuildErrors(BuildError):
    """Several problems of one stage, reported together before the build stops."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        first = self.problems[0]
        Exception.__init__(self, "\n".join(str(p) for p in self.problems))
        self.problem = first

    def __reduce__(self):
        return type(self), (self.problems,)


class DataFileError(BuildError, ValueError):
    """A bad line in one of the data files editors edit (generator/data/tags/*)."""


def read_data_text(path) -> str:
    """A data file's text; a file that is not UTF-8 is an error at the line of the first bad byte."""
    from pathlib import Path

    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise DataFileError(str(path), line, "the line is not UTF-8 text", "save the file as UTF-8") from None
