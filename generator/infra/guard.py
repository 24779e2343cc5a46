"""What keeps a build from destroying anything: where it may write, and one build at a time.

- **The output folder** is replaced as a whole by every build, so it must be a folder of its own:
  never the content, seeds, theme, code or cache folder (nor inside one, nor holding one), never the
  project folder, the home folder or `/`. An existing folder is replaced only when it is empty or
  carries `MARKER`, the file every site this tool builds holds (`output.open_stage` writes it).
- **The zip** is written only where nothing is, or over a zip this tool made: every entry dated
  `ZIP_DATE` and under one top folder. Never inside the output folder (the swap would lose it).
- **One build at a time** per project: `build_lock` holds an `fcntl.flock` on a file in the cache
  folder for the whole build; a second build waits (or, with `--no-wait`, fails at once).
- **Staging folders** (`.site-tmp-<pid>-*`) carry their builder's pid; leftovers are removed only
  when that process is gone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import BuildError, BuildErrors, Problem

# Written into every site the build makes (not into the zip): the proof that a folder is ours to replace.
MARKER = ".readpaper-site"
MARKER_TEXT = b"This folder is a site built by readpaper's build.py; every build replaces all of it.\n"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # as output.ZIP_DATE: every entry of our zips carries it
LOCK_NAME = "build.lock"

_WHAT = {
    "content": "the content folder (the articles and the editors' corrections)",
    "seeds": "the seeds folder (the raw page text)",
    "theme": "the theme folder",
    "code": "the generator's code",
    "cache": "the build cache folder",
    "project": "the project folder",
    "home": "your home folder",
    "root": "the root of the file system",
}


@dataclass(frozen=True)
class Named:
    """A path and how the user named it: `--out x` on the command line, or `out_dir` in site.toml."""

    path: Path
    flag: str  # "--out", "--zip", "out_dir", "zip_path"
    given: str  # the text the user wrote
    where: str  # the file to name in the message: the path itself, or site.toml
    line: int | None = None

    def problem(self, message: str, hint: str) -> Problem:
        shown = f'{self.flag} = "{self.given}"' if self.flag in ("out_dir", "zip_path") else f"{self.flag} {self.given}"
        return Problem(self.where, self.line, f"{shown} {message}", hint)


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _inside(a: Path, b: Path) -> bool:
    """Whether `a` lies strictly inside `b` (both real paths)."""
    return b in a.parents


def check_output_paths(out: Named, zip_path: Named | None, *, content: Path, seeds: Path, theme: Path,
                       code: Path, cache: Path, project: Path, also: tuple[tuple[str, Path], ...] = (),
                       zip_written_here: bool = False) -> None:
    """Refuse, all problems at once, an output folder or zip path that a build could destroy data with.

    `also` adds folders (or files) to keep, named like the others ("content", "seeds", "code"...).
    `zip_written_here`: the build's memory says the last build wrote the very file at `zip_path` (its
    path, size and modification time), so it is not opened to see whether it is ours; `write_zip`
    checks its entries anyway before it replaces it.
    """
    problems: list[Problem] = []
    o = _real(out.path)
    trees = [("content", content), ("seeds", seeds), ("theme", theme), ("code", code), ("cache", cache), *also]
    tops = [("project", project), ("home", Path.home()), ("root", Path("/"))]
    hint = ('use a folder only for the built site, e.g. out_dir = "site"' if out.flag == "out_dir"
            else "use a folder only for the built site, e.g. --out site")
    kept = [*(("tree", name, _real(f)) for name, f in trees), *(("top", name, _real(f)) for name, f in tops)]
    relations = [("is", lambda f, kind: o == f),  # the closest relation is the one named
                 ("lies inside", lambda f, kind: kind == "tree" and _inside(o, f)),
                 ("contains", lambda f, kind: _inside(f, o))]
    found = next(((relation, name) for relation, test in relations for kind, name, f in kept if test(f, kind)), None)
    if found is not None:
        relation, name = found
        problems.append(out.problem(f"{relation} {_WHAT[name]}, and every build replaces its output folder", hint))
    else:
        problem = _not_ours_to_replace(out)
        if problem is not None:
            problems.append(problem)
    if zip_path is not None:
        problems += _zip_problems(zip_path, o if found is None else None, trees, zip_written_here)
    if problems:
        raise BuildErrors(problems)


def config_line(config: Path, key: str) -> int | None:
    """The line of `key` in site.toml, for messages about a value read from it."""
    from generator.config import key_lines

    try:
        return key_lines(Path(config).read_text(encoding="utf-8-sig")).get(key)
    except (OSError, UnicodeDecodeError):
        return None


def _not_ours_to_replace(out: Named) -> Problem | None:
    path = out.path
    if not os.path.lexists(path):
        return None
    if not path.is_dir():
        return out.problem("exists and is not a folder", "remove it or choose another output folder")
    if is_our_site(path):
        return None
    try:
        empty = not any(os.scandir(path))
    except OSError as exc:
        return out.problem(f"cannot be read: {exc.strerror}", "check its permissions")
    if empty:
        return None
    return out.problem(
        f"is a folder this tool did not build (it has no {MARKER}), and every build replaces its output folder",
        "choose another folder; if it is an old site of this tool, delete it first")


def is_our_site(folder: Path) -> bool:
    """Whether `folder` holds the marker every site this tool builds carries."""
    try:
        with open(os.path.join(folder, MARKER), "rb") as f:
            return f.read(len(MARKER_TEXT) + 1) == MARKER_TEXT
    except OSError:
        return False


def _zip_problems(zip_path: Named, out: Path | None, trees: list[tuple[str, Path]],
                  written_here: bool) -> list[Problem]:
    z = _real(zip_path.path)
    if out is not None and (z == out or _inside(z, out)):
        return [zip_path.problem("lies inside the output folder, which every build replaces",
                                 "put the zip beside the site, e.g. site.zip")]
    for name, folder in trees:
        f = _real(folder)
        if z == f or _inside(z, f):
            return [zip_path.problem(f"{'is' if z == f else 'lies inside'} {_WHAT[name]}",
                                     "put the zip beside the site, e.g. site.zip")]
    if not os.path.lexists(zip_path.path):
        return []
    if zip_path.path.is_dir():
        return [zip_path.problem("is a folder", "name a file, e.g. site.zip")]
    if not written_here and not is_our_zip(zip_path.path):
        return [zip_path.problem("is a file this tool did not write (not one of its zips), so it is not replaced",
                                 "choose another path, or delete the file if it is not needed")]
    return []


def is_our_zip(path: Path) -> bool:
    """Whether `path` is a zip as `output.write_zip` writes them (see `is_our_listing`)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return is_our_listing(archive.infolist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return False


def is_our_listing(infos: list[zipfile.ZipInfo]) -> bool:
    """Whether a zip's entries are as `output.write_zip` writes them: every entry dated 1980-01-01
    under one top folder, whose entry comes first."""
    if not infos or not infos[0].filename.endswith("/") or infos[0].filename.count("/") != 1:
        return False
    top = infos[0].filename
    return all(i.date_time == ZIP_DATE and i.filename.startswith(top) for i in infos)


# ---------------------------------------------------------------------------------------------
# one build at a time


@contextlib.contextmanager
def build_lock(cache_dir: Path, *, wait: bool = True) -> Iterator[None]:
    """Hold the project's build lock (an `fcntl.flock` on `cache_dir/build.lock`) while the block runs.

    Another build holding it: wait for it, saying so on stderr, or with `wait=False` raise a
    `BuildError`. Where locks do not exist (not POSIX) the build runs unlocked.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no flock
        yield
        return
    from generator.infra.files import os_problem

    path = Path(cache_dir) / LOCK_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        try:  # a read-only disk or folder: an existing lock file still locks (the build then says what it cannot write)
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            problem = os_problem(path, exc)
            raise BuildError(problem.path, None, f"cannot create the build lock: {problem.message}", problem.hint) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _lock_holder(fd)
            if not wait:
                raise BuildError(str(path), None, f"another build{holder} is running in this project",
                                 "wait for it to finish, or run without --no-wait to wait") from None
            print(f"waiting for another build{holder} to finish…", file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:  # who holds it, for the message of a build that waits
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError:
            pass
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _lock_holder(fd: int) -> str:
    try:
        pid = int(os.pread(fd, 32, 0).split()[0])
    except (OSError, ValueError, IndexError):
        return ""
    return f" (process {pid})"


def stage_prefix(out_name: str, kind: str = "tmp") -> str:
    """`.site-tmp-<pid>-`: the name of a staging folder tells which process owns it."""
    return f".{out_name}-{kind}-{os.getpid()}-"


def owner_alive(name: str, prefix: str) -> bool:
    """Whether the process named in a leftover's name (`<prefix><pid>-…`, e.g. `.site-tmp-4242-x1y2`)
    still runs. Names without a pid (made by older versions) have no owner that could still write."""
    if not name.startswith(prefix):
        return False
    pid_text = name[len(prefix):].split("-", 1)[0]
    if not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    except OSError as exc:
        return exc.errno != errno.ESRCH
    return True
