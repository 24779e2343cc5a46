"""What a build may read, and OS errors as messages: links that stay in their folder, files that
are files, and every OS error as `path: what happened (what to do)`.

Nothing outside seeds/ or content/ is published through a symbolic link, and a bad input is a
message, never a traceback.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from generator.errors import BuildError, Problem


def check_folder(root: Path, what: str, suffixes: tuple[str, ...], *, depth: int) -> list[Problem]:
    """Links in `root` (down to `depth` levels) that leave it, dangle or loop, and folders named like
    the input files it holds (`suffixes`)."""
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
