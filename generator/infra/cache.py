"""A build's memory between runs: parsed content files, kept in `.cache/readpaper/` beside site.toml.

The cache only saves time; deleting it changes nothing but the speed of the next build. An entry is
used only when the file's path, size and modification time (ns) are those it was made from, and the
whole cache is dropped when the generator changes (its version and a hash of its own source files).
A file modified within the last seconds is not cached: its time could stay the same across a second
edit of the same size (the same "racy" case git guards against).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator import __version__
from generator.models import KeptFile, SiteFile

log = logging.getLogger("generator")

CACHE_SUBDIR = Path(".cache") / "readpaper"
RACY_NS = 2_000_000_000  # files changed less than 2 s before the cache is saved are parsed again next time

STALE_DAYS = 14  # a cache file not saved for this long belongs to a folder that is gone or unused
Stamp = tuple[int, int]  # size, mtime_ns
NO_STAMP: Stamp = (0, 0)  # for values keyed by a digest of their input, not by a file


@functools.cache
def generator_hash() -> str:
    """The generator's version plus a hash of its Python sources and data files (dictionaries, place
    readings, vocabulary): any change to them invalidates caches."""
    h = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parents[1]
    sources = [*package.rglob("*.py"), *(p for p in (package / "data").rglob("*") if p.is_file())]
    for path in sorted(sources):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:20]


def stamp_of(st: os.stat_result) -> Stamp:
    return (st.st_size, st.st_mtime_ns)


def default_cache_dir(config_dir: Path) -> Path:
    return Path(config_dir) / CACHE_SUBDIR


class FileCache:
    """A dict of `key → (stamp, value)` for one folder of inputs, pickled as a single file.

    It holds a resource (a file on disk), so it is a class; the stages it feeds only see a mapping.
    """

    def __init__(self, cache_dir: Path, kind: str, source: Path, *, salt: str = "", racy_ns: int = RACY_NS,
                 plain: bool = False) -> None:
        """`salt` names what else the values depend on (a theme, a config): another salt, another cache.

        `racy_ns=0` trusts every stamp: right for files only the build writes (the site's), never
        edited by hand within a clock tick. `plain` values (strings) are stored as they are; others
        are kept pickled one by one, so that saving after one change copies bytes instead of
        pickling 10,000 articles again.
        """
        self.plain = plain
        self.path = self.path_for(cache_dir, kind, source)
        self.version = generator_hash() + salt
        self.racy_ns = racy_ns
        self.entries: dict[str, tuple[Stamp, Any]] = {}
        self.changed = False
        self._load()

    @staticmethod
    def path_for(cache_dir: Path, kind: str, source: Path) -> Path:
        """The cache file of `kind` for the folder `source`."""
        name = hashlib.sha256(str(Path(source).resolve()).encode()).hexdigest()[:16]
        return Path(cache_dir) / f"{kind}-{name}.pickle"

    def _load(self) -> None:
        try:
            with open(self.path, "rb") as f:
                version, entries = pickle.load(f)
        except FileNotFoundError:
            return
        except Exception as exc:  # a truncated or foreign file: start afresh
            log.debug("ignoring unreadable cache %s: %s", self.path, exc)
            return
        if version == self.version and isinstance(entries, dict):
            self.entries = entries

    def get(self, key: str, stamp: Stamp) -> Any | None:
        entry = self.entries.get(key)
        if entry is None or entry[0] != stamp:
            return None
        if self.plain:
            return entry[1]
        try:
            return pickle.loads(entry[1])
        except Exception as exc:  # one damaged entry in a readable file: a miss, like no cache
            log.debug("ignoring a damaged entry %s of %s: %s", key, self.path, exc)
            return None

    def put(self, key: str, stamp: Stamp, value: Any) -> None:
        self.entries[key] = (stamp, value if self.plain else pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        self.changed = True

    def keys(self) -> list[str]:
        return list(self.entries)

    def keep_only(self, keys: set[str]) -> None:
        """Forget entries of files that are gone."""
        stale = self.entries.keys() - keys
        for key in stale:
            del self.entries[key]
        self.changed = self.changed or bool(stale)

    def save(self) -> None:
        """Write the cache through a temp file and a rename; failing to save is not an error."""
        if not self.changed:
            return
        now = time.time_ns()
        entries = {k: v for k, v in self.entries.items() if now - v[0][1] >= self.racy_ns}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}-", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    pickle.dump((self.version, entries), f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self.path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError as exc:
            log.warning("could not save the build cache %s: %s", self.path, exc)
        self.changed = False
        self._forget_old_caches()

    def _forget_old_caches(self) -> None:
        """Delete caches of other folders (renamed, temporary) not saved for STALE_DAYS, and the folder
        a cache keeps beside its file (`folder`), once that file is gone."""
        cutoff = time.time() - STALE_DAYS * 86400
        for other in self.path.parent.glob("*.pickle"):
            try:
                if other != self.path and other.stat().st_mtime < cutoff:
                    other.unlink()
            except OSError:
                pass
        for folder in self.path.parent.glob("*-*"):
            try:
                if folder.is_dir() and not folder.is_symlink() and not folder.with_suffix(".pickle").exists() \
                        and folder.stat().st_mtime < cutoff:
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                pass

    @property
    def folder(self) -> Path:
        """A folder for files this cache's values describe, beside its file (deleted with it)."""
        return self.path.with_suffix("")


# ---------------------------------------------------------------------------------------------
# the site and zip a build left


def kept_outputs(rendered: FileCache, out: Path) -> dict[str, str]:
    """Path → key of each page the last build rendered that is still in `out` as that build left it."""
    kept = {}
    root = str(out)
    for path in rendered.keys():
        try:
            st = os.stat(os.path.join(root, path))
        except OSError:
            continue
        key = rendered.get(path, stamp_of(st))
        if key is not None:
            kept[path] = key
    return kept


def remember_rendered(rendered: FileCache, files: Sequence[SiteFile], out: Path) -> None:
    """Record each rendered page's key and the stamp of its file in the committed `out`."""
    for f in files:
        if not isinstance(f, KeptFile) and f.key is not None:
            rendered.put(f.path, stamp_of(os.stat(out / f.path)), f.key)
    rendered.keep_only({f.path for f in files if f.key is not None})


def zip_memory_of(cache_dir: Path, out: Path) -> FileCache:
    """Which zip the site in `out` was last written to (path and stamp), if the last build wrote one."""
    return FileCache(cache_dir, "zip", out, racy_ns=0, plain=True)


def zip_written_from(zip_memory: FileCache, zip_path: Path | None, out: Path) -> Path | None:
    """`out`, when the zip at `zip_path` was written from the site now in `out` (so `write_zip` may
    copy its unchanged entries), else None."""
    if zip_path is None or not out.is_dir():
        return None
    try:
        stamp = stamp_of(os.stat(zip_path))
    except OSError:
        return None
    return out if zip_memory.get("zip", stamp) == str(Path(zip_path).resolve()) else None
