"""What a build reads, checked before it reads it: links that stay in their folder, files that are
files, readable, and page settings (`<seed>.toml`) with real values.

Every problem is a `Problem` naming the path (and line), so a bad input is a message, never a
traceback, and nothing outside seeds/ or content/ is published through a symbolic link.
"""

from __future__ import annotations

import datetime
import errno
import os
import tomllib
from pathlib import Path
from typing import Any

from generator.errors import BuildError, BuildErrors, Problem

SEED_SUFFIXES = (".txt", ".toml", ".pdf")  # what ingest reads in seeds/
SEED_META_KEYS = ("paper", "date", "page", "encoding")
PAGE_NUMBERS = range(1, 1000)  # a printed page's number: 1–999
# Encodings a seed may declare (`encoding = "big5"` in its .toml): those a printed Chinese page comes in.
DECLARABLE_ENCODINGS = ("utf-8", "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "utf-16")


# ---------------------------------------------------------------------------------------------
# folders and links


def check_input_folders(seeds: Path, content: Path) -> None:
    """Refuse links in seeds/ and content/ that leave their folder, dangle or loop, and folders
    named like input files (`x.txt/`, `01-a.md/`); all problems at once."""
    problems = [*_check_folder(seeds, "seeds", SEED_SUFFIXES, depth=1),
                *_check_folder(content, "content", (".md", ".yml", ".png"), depth=2)]
    if problems:
        raise BuildErrors(problems)


def _check_folder(root: Path, what: str, suffixes: tuple[str, ...], *, depth: int) -> list[Problem]:
    if not os.path.isdir(root):
        return []
    real_root = os.path.realpath(root)
    problems: list[Problem] = []

    def walk(folder: str, level: int) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(os_problem(folder, exc))
            return
        for entry in entries:
            if entry.is_symlink():
                problem = _link_problem(entry.path, real_root, what)
                if problem is not None:
                    problems.append(problem)
                    continue
            try:
                is_dir = entry.is_dir()
            except OSError as exc:
                problems.append(os_problem(entry.path, exc))
                continue
            if is_dir and entry.name.endswith(suffixes) and level == depth:
                problems.append(Problem(entry.path, None, f"a folder, not a file, although its name ends in "
                                        f"{os.path.splitext(entry.name)[1]}",
                                        f"rename it, or move it out of {what}/"))
            elif is_dir and level < depth and not entry.name.startswith("."):
                walk(entry.path, level + 1)

    walk(os.fspath(root), 1)
    return problems


def _link_problem(link: str, real_root: str, what: str) -> Problem | None:
    """Why a symbolic link in `what`/ cannot be read, or None when it points inside the folder."""
    target = os.readlink(link)
    try:
        os.stat(link)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Problem(link, None, f"a symbolic link that loops (it points to {target}, which leads back to it)",
                           "delete the link, or make it point to a file")
        if exc.errno == errno.ENOENT:
            return Problem(link, None, f"a symbolic link to {target}, which does not exist",
                           "delete the link, or restore the file it points to")
        return os_problem(link, exc)
    real = os.path.realpath(link)
    if real != real_root and not real.startswith(real_root.rstrip(os.sep) + os.sep):
        return Problem(link, None, f"a symbolic link to {real}, outside the {what} folder, is not read",
                       f"copy the file into {what}/ instead of linking to it")
    return None


# ---------------------------------------------------------------------------------------------
# reading


_OS_HINTS = {
    errno.EACCES: "check the permissions: the build must be able to read (and, for outputs, write) it",
    errno.EPERM: "check the permissions: the build must be able to read (and, for outputs, write) it",
    errno.EROFS: "the file system is read-only: choose a folder on a writable disk",
    errno.ENOSPC: "the disk is full: free some space and build again",
    errno.EDQUOT: "the disk quota is used up: free some space and build again",
    errno.EISDIR: "a folder is where a file should be: rename or remove the folder",
    errno.ENOTDIR: "a file is where a folder should be: rename or remove the file",
    errno.EEXIST: "a file is where a folder should be: rename or remove the file",
    errno.ENOENT: "it does not exist (any more): check the path",
    errno.ELOOP: "a symbolic link loops: delete it or make it point to a file",
    errno.ENAMETOOLONG: "the path is too long: use shorter names",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n) and build again",
    errno.EIO: "the disk reports an input/output error: check the disk",
}


def os_problem(path: str | os.PathLike | None, exc: OSError) -> Problem:
    """`path: what happened (what to do)` for an OS error."""
    where = os.fspath(path) if path is not None else (exc.filename or "build")
    what = exc.strerror or str(exc)
    hint = _OS_HINTS.get(exc.errno or 0, "check the path and build again")
    return Problem(str(where), None, what[:1].lower() + what[1:], hint)


def os_error_message(exc: OSError) -> str:
    """An OS error raised anywhere in a build, as the one line a user reads."""
    path = exc.filename
    if exc.filename2:
        path = f"{exc.filename} → {exc.filename2}"
    return str(os_problem(path, exc))


def read_bytes(path: Path) -> bytes:
    """The bytes of an input file; an OS error is a `BuildError` naming it."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise BuildError(*_fields(os_problem(path, exc))) from None


def file_size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError as exc:
        raise BuildError(*_fields(os_problem(path, exc))) from None


def _fields(problem: Problem) -> tuple[str, int | None, str, str | None]:
    return problem.path, problem.line, problem.message, problem.hint


# ---------------------------------------------------------------------------------------------
# page settings: `<seed>.toml`


def read_seed_meta(meta_path: Path) -> dict[str, Any]:
    """The checked values of a seed's page settings, `{}` when there is no such file.

    Every problem is reported at its line, all at once: unknown keys, a date that is no real day,
    a page number outside 1–999, a paper name that is not text, an unknown encoding.
    """
    from generator.config import _key_lines, _read_toml

    if not os.path.lexists(meta_path):
        return {}
    values = _read_toml(meta_path)  # a syntax error: one BuildError at TOML's line
    lines = _key_lines(meta_path.read_text(encoding="utf-8-sig"))
    problems: list[Problem] = []

    def problem(key: str, message: str, hint: str | None = None) -> None:
        problems.append(Problem(str(meta_path), lines.get(key, 1), message, hint))

    for key in values:
        if key not in SEED_META_KEYS:
            problem(key, f"unknown key `{key}`", "known keys: " + ", ".join(SEED_META_KEYS))
    meta: dict[str, Any] = {}
    paper = values.get("paper")
    if paper is not None:
        if not isinstance(paper, str) or not paper.strip():
            problem("paper", "paper must be the paper's name in quotes", 'e.g. paper = "人民日报"')
        else:
            meta["paper"] = paper.strip()
    if "date" in values:
        date = _real_date(values["date"])
        if date is None:
            problem("date", f"date `{values['date']}` is not a real day written yyyy-mm-dd",
                    "e.g. date = 2024-01-15")
        else:
            meta["date"] = date
    if "page" in values:
        page = values["page"]
        if isinstance(page, bool) or not isinstance(page, int):
            problem("page", f"page must be a whole number, not `{page}`", "e.g. page = 5")
        elif page not in PAGE_NUMBERS:
            problem("page", f"page {page} is not a page number 1–999", "e.g. page = 5")
        else:
            meta["page"] = page
    if "encoding" in values:
        encoding = values["encoding"]
        if not isinstance(encoding, str) or encoding.lower() not in DECLARABLE_ENCODINGS:
            problem("encoding", f"unknown encoding `{encoding}`", "known: " + ", ".join(DECLARABLE_ENCODINGS))
        else:
            meta["encoding"] = encoding.lower()
    if problems:
        raise BuildErrors(sorted(problems, key=lambda p: p.line or 0))
    return meta


def _real_date(value: Any) -> str | None:
    """`yyyy-mm-dd` of a real day, from a TOML date or a string; None otherwise."""
    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def declared_encoding(seed: Path) -> str | None:
    """The encoding a seed's `.toml` declares, if it does (read leniently: it is checked later)."""
    meta_path = seed.with_suffix(".toml")
    try:
        values = tomllib.loads(meta_path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    encoding = values.get("encoding")
    return encoding.lower() if isinstance(encoding, str) and encoding.lower() in DECLARABLE_ENCODINGS else None
