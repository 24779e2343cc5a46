"""`OutputFile`s → `site/` on disk, replaced atomically, and the deterministic `site.zip`.

A build never leaves a half-written site: files go to a sibling temp folder (`stage_site`), other
tools (Pagefind) may add to it, then `commit_site` swaps it in with renames. Only one build may
write a given out_dir at a time; leftovers of a killed build are removed by the next one.

A file whose bytes are those of the same path in the previous site is not written again: the old
file is hard-linked into the staged folder, so after the swap it keeps its inode and modification
time (rsync, `make`, browsers' caches and the `--serve` watcher see only what really changed).
Nothing writes into a staged file after it is made, so the live site is never touched through a link.
"""

from __future__ import annotations

import collections
import ctypes
import ctypes.util
import errno
import filecmp
import hashlib
import os
import secrets
import shutil
import stat
import struct
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from generator.errors import BuildError, BuildErrors, Problem
from generator.infra.guard import MARKER, MARKER_TEXT, is_our_listing, is_our_site, owner_alive, stage_prefix
from generator.models import KeptFile, OutputFile

ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold
# zlib's default: level 9 takes 1.3× the time for entries 0.5–1% smaller (measured on 10,000 articles).
ZIP_LEVEL = 6
_FILE_MODE = 0o100644 << 16  # regular file, rw-r--r--
_DIR_MODE = (0o040755 << 16) | 0x10  # directory, rwxr-xr-x, plus the MS-DOS directory flag
# Already compressed: deflating them again only costs time.
_STORED = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2", ".gz", ".zip",
           ".pf_fragment", ".pf_index", ".pf_meta", ".pagefind"}


def stage_site(files: Sequence[OutputFile | KeptFile], out_dir: Path) -> Path:
    """Write `files` into a fresh temp folder beside `out_dir` and return it; a `KeptFile` is linked
    from `out_dir`, where the previous build left it.

    Paths are checked first: every problem (duplicate, absolute, `..`, non-ASCII) is reported and
    nothing is written.
    """
    check_paths(files)
    staged = open_stage(out_dir)
    try:
        stage = Stager(staged, out_dir)
        for file in sorted(files, key=lambda f: f.path):
            stage(file)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return staged


def open_stage(out_dir: Path) -> Path:
    """Make the fresh temp folder a build writes its site into, then `commit_site` swaps in.

    It is named `.<out_dir name>-tmp-<pid>-XXXX`, beside `out_dir` (the same file system, so it can be
    renamed); leftovers of a killed build are removed first. It holds `guard.MARKER` from the start:
    the mark that lets the next build replace this site.
    """
    out_dir = Path(out_dir)
    if out_dir.exists():
        _refuse_to_replace(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out_dir)
    staged = Path(tempfile.mkdtemp(prefix=stage_prefix(out_dir.name), dir=out_dir.parent))
    try:
        staged.chmod(0o755)  # mkdtemp makes it 0700; the site folder should read like any other
        (staged / MARKER).write_bytes(MARKER_TEXT)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return staged


class Stager:
    """Puts files into a staged site one at a time, as they are rendered, so no build holds its whole
    site in memory. A file whose bytes are those of the previous site's (and every `KeptFile`) is
    hard-linked from `out_dir`. It holds the folders made so far, hence a class. Each path is checked
    for safety here; clashes between paths (`check_paths`) once all are known, by the caller."""

    def __init__(self, staged: Path, out_dir: Path, *, counter=None) -> None:
        # Plain string paths: with 10,000 pages, pathlib's objects cost more than the file system calls.
        self.root = str(staged)
        self.previous = str(out_dir) if Path(out_dir).is_dir() else None
        self.made: set[str] = set()
        self.counter = counter  # a multiprocessing.Value counting the files staged, for the progress bar

    def __call__(self, file: OutputFile | KeptFile) -> None:
        if self.counter is not None:
            with self.counter.get_lock():
                self.counter.value += 1
        if not _is_safe(file.path):  # checked before writing: such a path could leave the folder
            raise BuildError(file.path or '""', None, _unsafe_reason(file.path),
                             "output paths are relative POSIX paths made of ASCII characters")
        parent = file.path.rpartition("/")[0]
        if parent not in self.made:
            os.makedirs(os.path.join(self.root, parent), exist_ok=True)
            self.made.add(parent)
        target = os.path.join(self.root, file.path)
        old = os.path.join(self.previous, file.path) if self.previous is not None else None
        if isinstance(file, KeptFile):
            if old is None or not _reuse(old, target):
                raise BuildError(old or file.path, None, "a file of the previous site vanished during the build",
                                 "run the build again")
        elif old is None or not _reuse_if_same(old, file.data, target):
            _write_file(Path(target), file.data)


def commit_site(staged: Path, out_dir: Path, *, staged_files: Iterable[str] = (),
                old_sites: OldSites | None = None, linked_folders: Iterable[str] = ()) -> None:
    """Replace `out_dir` with the staged folder, then delete the previous site (with `old_sites`,
    in the background: see `OldSites`).

    Files that other tools added to the staged folder and that equal the previous site's are linked
    to those; `staged_files` (the paths `stage_site` wrote or linked) and the top-level
    `linked_folders` (already passed through `link_unchanged`) need no such check.

    On Linux the two folders are exchanged in one `renameat2(RENAME_EXCHANGE)`, so `out_dir` exists
    at every instant (a running `--serve` never sees it missing). Elsewhere the old folder is renamed
    away and the new one renamed in; a crash between the two leaves the old site in `.<name>-old-*`.
    """
    staged, out_dir = Path(staged), Path(out_dir)
    if not out_dir.exists():
        os.rename(staged, out_dir)
        return
    try:
        _refuse_to_replace(out_dir)
    except BuildError:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    link_unchanged(staged, out_dir, skip=set(staged_files), skip_folders=set(linked_folders))
    old = out_dir.with_name(f"{stage_prefix(out_dir.name, 'old')}{secrets.token_hex(4)}")
    if _exchange(staged, out_dir):
        os.rename(staged, old)  # `staged` now holds the previous site
    else:
        os.rename(out_dir, old)
        try:
            os.rename(staged, out_dir)
        except BaseException:
            os.rename(old, out_dir)
            raise
    if old_sites is not None:
        old_sites.remove(old)
    else:
        shutil.rmtree(old, ignore_errors=True)


class OldSites:
    """Previous sites that `commit_site` swapped out, deleted while the build ends, and waited for.

    Deleting a 10,000-article site (37,000 names, 850 folders) takes about a third of a second of
    system time, as long as the build's last step, saving what it remembers for the next build. A
    child `rm -rf` deletes each old site meanwhile, on the other core and without sharing this
    interpreter's lock; `wait` (before the build lets go of its lock) waits for it, so nothing of
    the old site is left once the build has returned, as before. Where there is no `rm` the folder
    is deleted at once. It holds the child processes, hence a class.
    """

    def __init__(self) -> None:
        self.removing: list[tuple[subprocess.Popen | None, Path]] = []

    def remove(self, folder: Path) -> None:
        """Begin deleting `folder`, a site this build swapped out (its own `.<name>-old-<pid>-*`)."""
        rm = shutil.which("rm") if os.name == "posix" else None
        child = None
        if rm is not None:
            try:
                child = subprocess.Popen([rm, "-rf", "--", os.fspath(folder)], stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except OSError:
                child = None
        if child is None:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            self.removing.append((child, Path(folder)))

    def wait(self) -> None:
        """Wait for every deletion begun; what `rm` could not delete is tried once more here."""
        removing, self.removing = self.removing, []
        for child, folder in removing:
            child.wait()
            if os.path.lexists(folder):
                shutil.rmtree(folder, ignore_errors=True)


def write_zip(source: Sequence[OutputFile] | Path, zip_path: Path, *, top: str = "site",
              reuse_from: Path | None = None, chunks: ChunkMemory | None = None) -> None:
    """Write a zip whose bytes depend only on the files: every entry lies under `top/`.

    Entries are sorted, folders get their own entries, every date is 1980-01-01 and every mode
    0644 (files) or 0755 (folders). The zip is written beside `zip_path`, then renamed over it,
    unless the old zip has the same bytes: then it is left alone, date and all. Nothing is written
    at all when every file is a link of one the old zip was written from (below) and the entries
    are the same.

    `reuse_from` is the site folder the zip now at `zip_path` was written from (the last build's,
    still in place while the new one is staged). A file of the `source` folder that is a hard link
    of that folder's file at the same path has its bytes, so its entry is copied from the old zip
    still compressed; only the other files are compressed. The zip is the same as a fresh one.

    Files are compressed two at a time (zlib lets go of the interpreter while it works). A file of
    `CHUNKED_MIN_BYTES` or more is deflated in pieces cut at content-defined line ends (see
    `deflate_in_chunks`); with `chunks`, a memory of compressed pieces by digest, a piece of such a
    file that the last zip had too is not compressed again (at 10,000 articles `data/articles.json`
    is 24 MB, and one corrected article changes one piece of it).

    `SiteZip` writes the same zip in two parts, the first while a folder of the site is still being made.
    """
    with SiteZip(source, zip_path, top=top, reuse_from=reuse_from, chunks=chunks) as site_zip:
        site_zip.finish()


class SiteZip:
    """The zip `write_zip` writes, begun before the folder `later` of the site (Pagefind's bundle)
    is made: `write_first` writes the entries that sort before `later/` (all listed when the zip is
    begun), and those that sort after it apart, into a second file; `finish` writes the folder's
    entries once it is whole, then appends the second file's (a local header holds no offset, so
    the bytes of an entry do not depend on where it lies). The bytes are those of `write_zip`.

    It holds the old zip, the new one half written and the compressing threads, hence a class; use
    it as a context manager, which removes a zip left unfinished.
    """

    def __init__(self, source: Sequence[OutputFile] | Path, zip_path: Path, *, top: str = "site",
                 reuse_from: Path | None = None, chunks: ChunkMemory | None = None, later: str | None = None) -> None:
        if not top or not _is_safe(top) or "/" in top:
            raise BuildError(str(zip_path), None, f'the top folder of the zip must be one ASCII name, not "{top}"')
        self.zip_path, self.top, self.reuse_from, self.chunks = Path(zip_path), top, reuse_from, chunks
        if isinstance(source, (str, os.PathLike)):
            self.root: Path | None = Path(source)
            self.by_path: dict[str, bytes] = {}
        else:
            files = list(source)
            check_paths(files)
            self.root, self.by_path = None, {f.path: f.data for f in files}
        self.written: list[tuple[str, str | None]] = []  # entries in the new zip so far
        self.used: set[str] = set()  # pieces of `chunks` the new zip holds
        self.tmp: Path | None = None
        self.raw = self.archive = self.pool = None
        self.checked: set[str] = set()  # paths that passed `check_paths` together
        # The entries after `later/`, written ahead into a file of their own, and that file.
        self.tail_written: list[tuple[str, str | None]] = []
        self.tail_tmp: Path | None = None
        self.tail_raw = self.tail_archive = None
        self.old = _open_old_zip(self.zip_path) if os.path.lexists(self.zip_path) else None  # listing read once
        if os.path.lexists(self.zip_path) and (self.old is None or not is_our_listing(self.old.infolist())):
            self.close()  # never write over a file that is not ours
            raise BuildError(str(zip_path), None, "refusing to replace this file: it is not a zip this tool wrote",
                             "choose another --zip path, or delete the file if it is not needed")
        # Its names are checked with the rest in `finish`, before the zip is put in place.
        self.first: list[tuple[str, str | None]] = []
        self.tail: list[tuple[str, str | None]] = []
        if later is not None:
            folder = f"{top}/{later}/"
            for entry in self._entries(check=False):
                if entry[0] < folder:
                    self.first.append(entry)
                elif not entry[0].startswith(folder):  # sorts after every name in the folder
                    self.tail.append(entry)

    def __enter__(self) -> SiteZip:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def write_first(self) -> None:
        """Write the entries that sort before the folder `later`, and apart those that sort after it."""
        self._check([path for _, path in self.first + self.tail if path is not None])
        kept = self._unchanged(self.first + self.tail)
        self._write(self.first, kept)
        if self.tail:
            self._write(self.tail, kept, tail=True)

    def finish(self) -> None:
        """Write the other entries and put the zip at `zip_path` (unless the old one has its bytes)."""
        entries = self._entries()
        end = len(entries) - len(self.tail_written)
        if entries[: len(self.written)] != self.written or entries[end:] != self.tail_written \
                or end < len(self.written):
            raise BuildError(str(self.zip_path), None, "the site changed while its zip was being written",
                             "run the build again; only one build may write a site at a time")
        rest = entries[len(self.written):end]
        kept = self._unchanged(rest)
        if not self.written and self.old is not None and self.root is not None \
                and len(kept) == sum(path is not None for _, path in entries) \
                and self.old.namelist() == [name for name, _ in entries]:
            return  # every file is one the old zip was written from, by this same writer: the same bytes
        self._write(rest, kept)
        try:
            if self.tail_archive is not None:
                self._append_tail()
            self.archive.close()
            self.raw.close()
            listing = [(i.filename, i.CRC, i.file_size) for i in self.archive.infolist()]
            if self.chunks is not None:
                self.chunks.keep_only(self.used)
            self.tmp.chmod(0o644)
            if self.old is not None and listing == [(i.filename, i.CRC, i.file_size) for i in self.old.infolist()] \
                    and _same_file_bytes(self.tmp, self.zip_path):
                self.tmp.unlink()
            else:
                os.replace(self.tmp, self.zip_path)
            self.tmp = None
        except OSError as exc:
            raise _named(exc, self.zip_path) from None

    def close(self) -> None:
        """Let go of everything; an unfinished zip is removed."""
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
        for stream in (self.archive, self.raw, self.tail_archive, self.tail_raw):
            if stream is not None:
                try:
                    stream.close()
                except (OSError, ValueError):
                    pass  # a zip being given up: its tail does not matter
        self.tail_archive = self.tail_raw = None
        for tmp in (self.tmp, self.tail_tmp):
            if tmp is not None:
                tmp.unlink(missing_ok=True)
        self.tmp = self.tail_tmp = None
        if self.old is not None:
            self.old.close()
            self.old = None

    def _entries(self, *, check: bool = True) -> list[tuple[str, str | None]]:
        """(name in the zip, path of the file or None for a folder), sorted by name."""
        if self.root is not None:
            paths = _file_paths(self.root)
            if check:
                self._check(paths)
        else:
            paths = sorted(self.by_path)
        parents: set[str] = set()
        for path in paths:  # 10,000s of paths: string operations, not pathlib
            parent = path.rpartition("/")[0]
            while parent and parent not in parents:
                parents.add(parent)
                parent = parent.rpartition("/")[0]
        folders = {self.top} | {f"{self.top}/{p}" for p in parents}
        return sorted([(f"{d}/", None) for d in folders] + [(f"{self.top}/{p}", p) for p in paths])

    def _check(self, paths: list[str]) -> None:
        """`check_paths` over `paths`, but for pairs of those checked already (`self.checked`): two
        paths can clash only when their first folders are the same but for case, so only the
        paths in the first folders of new ones are checked again."""
        new = [p for p in paths if p not in self.checked]
        if not new:
            return
        tops = {p.partition("/")[0].lower() for p in new}
        check_paths(OutputFile(p, b"") for p in paths if p.partition("/")[0].lower() in tops)
        self.checked.update(new)

    def _data_of(self, path: str) -> bytes:
        return (self.root / path).read_bytes() if self.root is not None else self.by_path[path]

    def _open(self) -> None:
        """Begin the new zip beside `zip_path` (a killed build's half zip there is removed first)."""
        self.zip_path.parent.mkdir(parents=True, exist_ok=True)
        stem = self.zip_path.stem
        for leftover in self.zip_path.parent.glob(f".{stem}-*.zip.tmp"):
            if leftover.is_file() and not leftover.is_symlink() and not owner_alive(leftover.name, f".{stem}-"):
                leftover.unlink(missing_ok=True)
        self.tmp, self.raw = self._temp_file()
        self.archive = zipfile.ZipFile(self.raw, "w")
        self.pool = ThreadPoolExecutor(max_workers=ZIP_THREADS)

    def _temp_file(self):
        """A new file beside `zip_path`, named so that the next build removes it if this one is killed."""
        fd, name = tempfile.mkstemp(prefix=f".{self.zip_path.stem}-{os.getpid()}-", suffix=".zip.tmp",
                                    dir=self.zip_path.parent)
        return Path(name), os.fdopen(fd, "wb")

    def _append_tail(self) -> None:
        """Append the entries written ahead into the second file, each moved to where it now lies."""
        size = self.tail_archive.start_dir  # its entries end there
        infos = list(self.tail_archive.filelist)
        self.tail_archive._didModify = False  # so that closing it writes no directory of its own
        self.tail_archive.close()
        self.tail_raw.close()
        self.tail_archive = self.tail_raw = None
        base = self.archive.fp.tell()
        with open(self.tail_tmp, "rb") as f:
            while size > 0:
                block = f.read(min(size, 1 << 20))
                if not block:
                    raise OSError(errno.EIO, "the zip's second part was cut short", str(self.tail_tmp))
                self.archive.fp.write(block)
                size -= len(block)
        for info in infos:
            info.header_offset += base
            self.archive.filelist.append(info)
            self.archive.NameToInfo[info.filename] = info
        self.archive.start_dir = self.archive.fp.tell()
        self.archive._didModify = True
        self.tail_tmp.unlink()
        self.tail_tmp = None

    def _unchanged(self, entries: list[tuple[str, str | None]]) -> dict[str, zipfile.ZipInfo]:
        """The old zip's entries for those of `entries` whose files it was written from."""
        if self.old is None or self.root is None:
            return {}
        return _unchanged_entries(self.old, entries, self.root, self.reuse_from)

    def _write(self, entries: list[tuple[str, str | None]], kept: dict[str, zipfile.ZipInfo], *,
               tail: bool = False) -> None:
        """Append `entries` to the new zip (with `tail`, to its second file): those in `kept` copied
        from the old zip still compressed, the others compressed two at a time (zlib lets go of the
        interpreter while it works)."""
        try:
            if self.archive is None:
                self._open()
            if tail and self.tail_archive is None:
                self.tail_tmp, self.tail_raw = self._temp_file()
                self.tail_archive = zipfile.ZipFile(self.tail_raw, "w")
            archive = self.tail_archive if tail else self.archive
            old = self.old

            def compress(path: str) -> tuple[int, bytes, int, int]:
                stored = PurePosixPath(path).suffix.lower() in _STORED
                return _compressed(self._data_of(path), stored, self.chunks, self.used)

            made = _in_order(self.pool, compress, [p for _, p in entries if p is not None and p not in kept])
            run = _CopyRun(old, archive)  # unchanged entries that lie one after the other in the old zip
            for name, path in entries:
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.create_system = 3  # Unix, so that the modes below are honoured
                info.external_attr = _DIR_MODE if path is None else _FILE_MODE
                if path in kept:
                    run.add(kept[path], info)
                    continue
                run.flush()
                if path is None:
                    archive.writestr(info, b"")
                else:
                    _append_compressed(archive, info, *next(made))
            run.flush()
        except OSError as exc:
            raise _named(exc, self.zip_path) from None
        if tail:
            self.tail_written += entries
        else:
            self.written += entries


def _file_paths(root: Path) -> list[str]:
    """Every file under `root` as a sorted relative POSIX path; the site's marker is not one (a zip
    is unpacked anywhere: the mark would let a build replace whatever folder it lands in)."""
    found = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        found += [name if rel == "." else f"{rel}/{name}" for name in names if rel != "." or name != MARKER]
    return sorted(found)


def _open_old_zip(zip_path: Path) -> zipfile.ZipFile | _ZipListing | None:
    """The zip at `zip_path` opened for its listing and entries' bytes: read by `_ZipListing` when it
    is a plain zip as this tool writes them, else by `zipfile`; None when it is no zip."""
    try:
        listing = _ZipListing.read(zip_path)
        return listing if listing is not None else zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile):
        return None


class _ZipEntry:
    """The fields of a central directory record that the zip writer reads (as `zipfile.ZipInfo` names them)."""

    __slots__ = ("filename", "header_offset", "compress_size", "compress_type", "CRC", "file_size", "date_time")


class _ZipListing:
    """A zip's central directory, read in a fifth of the time `zipfile.ZipFile` takes (37,000 entries:
    0.04 s against 0.2 s), which matters because a correction's build waits for it. Only the plain
    shape this tool writes is read here: one disk, no zip64 records, no extra fields, no comments,
    nothing before the first entry; `read` gives None for any other zip, which `zipfile` then reads.
    It holds the open file, hence a class; it answers as much of `zipfile.ZipFile` as `SiteZip` asks."""

    _END = struct.Struct("<4s4H2LH")  # end of central directory record
    _RECORD = struct.Struct("<4s4B4HL2L5H2L")  # central directory file header

    def __init__(self, path: Path, fp, entries: list[_ZipEntry]) -> None:
        self.filename, self.fp, self.entries = str(path), fp, entries

    @classmethod
    def read(cls, path: Path) -> _ZipListing | None:
        fp = open(path, "rb")
        try:
            size = fp.seek(0, os.SEEK_END)
            if size < cls._END.size:
                fp.close()
                return None
            fp.seek(size - cls._END.size)
            sig, disk, cd_disk, here, count, cd_size, cd_offset, comment = cls._END.unpack(fp.read(cls._END.size))
            if sig != b"PK\x05\x06" or disk or cd_disk or here != count or comment or count == 0xFFFF \
                    or cd_offset == 0xFFFFFFFF or cd_offset + cd_size != size - cls._END.size:
                fp.close()
                return None  # zip64, several disks, a comment or bytes before the zip: zipfile reads it
            fp.seek(cd_offset)
            directory = fp.read(cd_size)
            entries, at, record = [], 0, cls._RECORD
            for _ in range(count):
                if at + record.size > len(directory):
                    break
                (sig, _v, _s, _ve, _se, flags, method, time_, date, crc, compressed, plain, name_length,
                 extra_length, comment_length, _disk, _internal, _external, offset) = record.unpack_from(directory, at)
                if sig != b"PK\x01\x02" or extra_length or comment_length or flags & 0x1:
                    break
                name = directory[at + record.size : at + record.size + name_length]
                entry = _ZipEntry()
                entry.filename = name.decode("utf-8" if flags & 0x800 else "cp437")
                entry.header_offset, entry.compress_size, entry.compress_type = offset, compressed, method
                entry.CRC, entry.file_size = crc, plain
                entry.date_time = ((date >> 9) + 1980, (date >> 5) & 0xF, date & 0x1F,
                                   time_ >> 11, (time_ >> 5) & 0x3F, (time_ & 0x1F) * 2)
                entries.append(entry)
                at += record.size + name_length
            if len(entries) != count or at != len(directory) or "\0" in "".join(e.filename for e in entries):
                fp.close()
                return None
        except BaseException:
            fp.close()
            raise
        return cls(path, fp, entries)

    def infolist(self) -> list[_ZipEntry]:
        return self.entries

    def namelist(self) -> list[str]:
        return [e.filename for e in self.entries]

    def close(self) -> None:
        self.fp.close()


def _unchanged_entries(old: zipfile.ZipFile, entries: Sequence[tuple[str, str | None]], root: Path,
                       previous: Path | None) -> dict[str, zipfile.ZipInfo]:
    """Path → the old zip's entry, for each file of `root` that is a hard link of the file at the same
    path in `previous` (the folder the old zip was written from), so has the bytes of that entry."""
    if previous is None:
        return {}
    found = {info.filename: info for info in old.infolist()}
    # 10,000s of paths: plain strings (not pathlib, nor os.path.join: a third of the time here)
    root_str, previous_str = os.path.join(str(root), ""), os.path.join(str(previous), "")
    kept: dict[str, zipfile.ZipInfo] = {}
    stat_of = os.stat
    for name, path in entries:
        info = found.get(name)
        if info is None or path is None:
            continue
        try:
            st = stat_of(root_str + path)
            if st.st_nlink < 2:  # no other name: not the previous site's file
                continue
            prev = stat_of(previous_str + path)
        except OSError:
            continue
        if st.st_ino == prev.st_ino and st.st_dev == prev.st_dev and info.file_size == st.st_size:
            kept[path] = info
    return kept


ZIP_THREADS = 2  # files compressed at once
CHUNKED_MIN_BYTES = 1 << 20  # files this large are deflated in pieces (`deflate_in_chunks`)
CHUNK_MIN_BYTES = 16 << 10  # a piece ends at the first line end past this size whose line's CRC-32
CHUNK_BOUNDARY = 16  # is a multiple of this (≈ 16 lines more: 16 articles of articles.json)…
CHUNK_MAX_BYTES = 256 << 10  # …or at the first line end past this size, whatever the lines hold


class ChunkMemory(Protocol):
    """Compressed pieces of large files kept between builds (a `generator.infra.cache.FileCache`)."""

    def get(self, key: str, stamp: tuple[int, int]) -> Any | None: ...
    def put(self, key: str, stamp: tuple[int, int], value: Any) -> None: ...
    def keep_only(self, keys: set[str]) -> None: ...


def _in_order(pool: ThreadPoolExecutor, work, items: Sequence, window: int = 64):
    """`map(work, items)` run by `pool`, at most `window` items ahead of the one consumed."""
    pending: collections.deque = collections.deque()
    for item in items:
        pending.append(pool.submit(work, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _compressed(data: bytes, stored: bool, chunks: ChunkMemory | None,
                used: set[str]) -> tuple[int, bytes, int, int]:
    """(compression method, bytes as stored in the zip, CRC-32, size) of one file."""
    if stored:
        return zipfile.ZIP_STORED, data, zlib.crc32(data), len(data)
    if len(data) >= CHUNKED_MIN_BYTES:
        return zipfile.ZIP_DEFLATED, deflate_in_chunks(data, chunks, used), zlib.crc32(data), len(data)
    compressor = zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15)  # what zipfile's writer does
    return zipfile.ZIP_DEFLATED, compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)


def chunk_ends(data: bytes) -> list[int]:
    """Where `deflate_in_chunks` cuts `data`: after line ends chosen by the lines' own bytes, so a
    change inside one line moves no cut but (at most) those around it."""
    ends, start, at = [], 0, 0
    size = len(data)
    while at < size:
        nl = data.find(b"\n", at)
        line_end = size if nl < 0 else nl + 1
        taken = line_end - start
        if line_end == size or taken >= CHUNK_MAX_BYTES or (
                taken >= CHUNK_MIN_BYTES and zlib.crc32(data[at:line_end]) % CHUNK_BOUNDARY == 0):
            ends.append(line_end)
            start = line_end
        at = line_end
    return ends


def deflate_in_chunks(data: bytes, chunks: ChunkMemory | None = None, used: set[str] | None = None) -> bytes:
    """Raw deflate of `data`, made of pieces each compressed on its own and ended by a full flush
    (as pigz does): any inflater reads it as one stream. A piece found in `chunks` (by digest) is
    taken from there; every piece made is put there, and its key added to `used`."""
    out, start = [], 0
    for end in chunk_ends(data):
        piece = data[start:end]
        start = end
        key = hashlib.blake2b(piece, digest_size=16, person=b"zip%d" % ZIP_LEVEL).hexdigest()
        made = chunks.get(key, (0, 0)) if chunks is not None else None
        if made is None:
            compressor = zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15)
            made = compressor.compress(piece) + compressor.flush(zlib.Z_FULL_FLUSH)
            if chunks is not None:
                chunks.put(key, (0, 0), made)
        if used is not None:
            used.add(key)
        out.append(made)
    out.append(zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15).flush())  # the final, empty block
    return b"".join(out)


class _CopyRun:
    """Unchanged entries copied from the old zip in one read and one write per run of neighbours
    (37,000 entries one by one took most of a rebuild's zip time). Each entry's local header in the
    old zip must be the one `_copy_compressed` would write, byte for byte; else they are copied one
    by one. It holds the run gathered so far, hence a class."""

    MAX_BYTES = 32 << 20

    def __init__(self, old: zipfile.ZipFile | None, archive: zipfile.ZipFile) -> None:
        self.old, self.archive = old, archive
        self.entries: list[tuple[zipfile.ZipInfo, zipfile.ZipInfo, bytes]] = []
        self.end = -1

    def add(self, source: zipfile.ZipInfo, info: zipfile.ZipInfo) -> None:
        info.compress_type, info.CRC = source.compress_type, source.CRC
        info.file_size, info.compress_size = source.file_size, source.compress_size
        header = info.FileHeader(info.file_size * 1.05 > zipfile.ZIP64_LIMIT)
        if self.entries and (source.header_offset != self.end or self.end - self.start > self.MAX_BYTES):
            self.flush()
        if not self.entries:
            self.start = source.header_offset
        self.entries.append((source, info, header))
        self.end = source.header_offset + len(header) + source.compress_size

    def flush(self) -> None:
        if not self.entries:
            return
        entries, self.entries = self.entries, []
        self.old.fp.seek(self.start)
        block = self.old.fp.read(self.end - self.start)
        same = len(block) == self.end - self.start and all(
            block[source.header_offset - self.start : source.header_offset - self.start + len(header)] == header
            for source, _, header in entries)
        if not same:  # another writer's headers: copy each entry on its own
            for source, info, _ in entries:
                _copy_compressed(self.old, source, info, self.archive)
            return
        base = self.archive.fp.tell()
        self.archive.fp.write(block)
        for source, info, _ in entries:
            info.header_offset = base + source.header_offset - self.start
            self.archive.filelist.append(info)
            self.archive.NameToInfo[info.filename] = info
        self.archive.start_dir = self.archive.fp.tell()
        self.archive._didModify = True


def _append_compressed(archive: zipfile.ZipFile, info: zipfile.ZipInfo, method: int, data: bytes, crc: int,
                       size: int) -> None:
    """Append an entry whose bytes are already compressed, as `writestr` would have written it."""
    info.compress_type, info.CRC, info.file_size, info.compress_size = method, crc, size, len(data)
    _append_entry(archive, info, data)


def _copy_compressed(old: zipfile.ZipFile, source: zipfile.ZipInfo, info: zipfile.ZipInfo,
                     archive: zipfile.ZipFile) -> None:
    """Append `source`'s compressed bytes from `old` to `archive` under `info`, as `writestr` would
    have written them (zipfile has no public call for this; these are the steps of its own writer)."""
    old.fp.seek(source.header_offset + 26)
    name_length, extra_length = struct.unpack("<HH", old.fp.read(4))
    old.fp.seek(source.header_offset + 30 + name_length + extra_length)
    data = old.fp.read(source.compress_size)
    if len(data) != source.compress_size:
        raise zipfile.BadZipFile(f"{old.filename}: entry {source.filename} is cut short")
    info.compress_type, info.CRC = source.compress_type, source.CRC
    info.file_size, info.compress_size = source.file_size, source.compress_size
    _append_entry(archive, info, data)


def _append_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes) -> None:
    """Write `info`'s local header and its compressed `data` where `archive` stands, and list it."""
    zip64 = info.file_size * 1.05 > zipfile.ZIP64_LIMIT  # as ZipFile.open(mode="w") decides
    info.header_offset = archive.fp.tell()
    archive.fp.write(info.FileHeader(zip64))
    archive.fp.write(data)
    archive.filelist.append(info)
    archive.NameToInfo[info.filename] = info
    archive.start_dir = archive.fp.tell()
    archive._didModify = True


def check_paths(files: Iterable[OutputFile]) -> None:
    """Refuse unsafe or clashing output paths, reporting all of them.

    A path must be relative, POSIX, ASCII, without `.`/`..` parts. Two paths clash when they are
    equal ignoring case (the zip is opened on Windows and macOS too), or when one is a folder of
    the other.
    """
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    paths = sorted(f.path for f in files)
    for path in paths:
        if not _is_safe(path):
            problems.append(Problem(path or '""', None, _unsafe_reason(path),
                                    "output paths are relative POSIX paths made of ASCII characters"))
            continue
        key = path.lower()
        if key in seen:
            same = "twice" if seen[key] == path else f'twice, ignoring case ("{seen[key]}")'
            problems.append(Problem(path, None, f"the build writes this file {same}",
                                    "two pages got the same output path; make their slugs differ"))
        else:
            seen[key] = path
    for key, path in seen.items():
        parent = key
        while "/" in parent:
            parent = parent.rpartition("/")[0]
            if parent in seen:
                clash = seen[parent]
                problems.append(Problem(path, None, f'"{clash}" is a file, so it cannot be a folder',
                                        "two pages got clashing output paths"))
    if problems:
        raise BuildErrors(problems)


def _is_safe(path: str) -> bool:
    parts = path.split("/")
    return (
        bool(path)
        and path.isascii()
        and path.isprintable()
        and not path.startswith("/")
        and "\\" not in path
        and ":" not in path
        and all(part not in ("", ".", "..") for part in parts)
    )


def _unsafe_reason(path: str) -> str:
    if not path:
        return "empty output path"
    if path.startswith("/") or ":" in path or "\\" in path:
        return "absolute or non-POSIX output path"
    if ".." in path.split("/"):
        return "output path leaves the site folder (..)"
    if not path.isascii():
        return "output path is not ASCII"
    return "malformed output path (empty, '.' or unprintable part)"


def _write_file(path: Path, data: bytes) -> None:
    """Write one file; a seam so tests can pause a build mid-write."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise _named(exc, path) from None


def _named(exc: OSError, path: Path | str) -> OSError:
    """`exc` naming `path` when it names no file (a failed write names none): the message says where."""
    if exc.filename is not None or exc.errno is None:
        return exc
    return OSError(exc.errno, exc.strerror, str(path))


def _same_bytes(path: Path | str, data: bytes) -> bool:
    """Whether the regular file at `path` holds exactly `data` (the size is checked first)."""
    try:
        st = os.stat(path, follow_symlinks=False)
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(data):
            return False
        with open(path, "rb") as f:
            return f.read() == data
    except OSError:
        return False


def _same_file_bytes(a: Path, b: Path) -> bool:
    try:
        return (os.path.isfile(b) and not os.path.islink(b) and os.path.getsize(a) == os.path.getsize(b)
                and filecmp.cmp(a, b, shallow=False))
    except OSError:
        return False


def _reuse(old: Path | str, target: Path | str) -> bool:
    """Put the previous site's file at `target`: a hard link, else a copy keeping its date."""
    try:
        os.link(old, target, follow_symlinks=False)
        return True
    except OSError:
        pass
    try:
        shutil.copy2(old, target, follow_symlinks=False)
        return True
    except OSError:
        return False


def _reuse_if_same(old: Path | str, data: bytes, target: Path | str) -> bool:
    return _same_bytes(old, data) and _reuse(old, target)


def link_unchanged(staged: Path, out_dir: Path, *, skip: set[str] = frozenset(), folder: str = "",
                   skip_folders: set[str] = frozenset()) -> None:
    """Swap files that other tools (Pagefind) wrote into the staged site, under `folder` (all of it by
    default, but the top-level `skip_folders`), for identical previous ones: they keep their inode
    and date, and the zip copies their entries instead of compressing them again."""
    root = str(staged)
    start = os.path.join(root, folder) if folder else root
    for here, dirs, names in os.walk(start):
        if here == root:
            dirs[:] = [d for d in dirs if d not in skip_folders]
        prefix = os.path.relpath(here, root).replace(os.sep, "/") + "/" if here != root else ""
        for name in names:
            if prefix + name in skip:
                continue
            new = os.path.join(here, name)
            try:
                st = os.stat(new, follow_symlinks=False)
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode) or st.st_nlink > 1:  # a link is already the previous file
                continue
            old = os.path.join(str(out_dir), prefix + name)
            try:
                old_st = os.stat(old, follow_symlinks=False)
                if not stat.S_ISREG(old_st.st_mode) or old_st.st_size != st.st_size:
                    continue
                with open(new, "rb") as a, open(old, "rb") as b:
                    if a.read() != b.read():
                        continue
            except OSError:
                continue
            tmp = os.path.join(here, f".{name}.link-tmp")
            if _reuse(old, tmp):
                try:
                    os.replace(tmp, new)
                except OSError:
                    Path(tmp).unlink(missing_ok=True)


def _remove_leftovers(out_dir: Path) -> None:
    """Delete temp and old folders that a killed build left beside `out_dir`."""
    for kind in ("tmp", "old"):
        prefix = f".{out_dir.name}-{kind}-"
        for leftover in out_dir.parent.glob(f"{prefix}*"):
            # A live owner is another build still writing (the build lock keeps it to other projects).
            if leftover.is_dir() and not leftover.is_symlink() and not owner_alive(leftover.name, prefix):
                shutil.rmtree(leftover, ignore_errors=True)


def _refuse_to_replace(out_dir: Path) -> None:
    """Never swap away a folder that is not a built site: the cwd, its parents, home, a project."""
    resolved = out_dir.resolve()
    cwd = Path.cwd().resolve()
    if not resolved.is_dir():
        raise BuildError(str(out_dir), None, "the output path exists and is not a folder",
                         "remove it or choose another --out")
    dangerous = resolved == cwd or resolved in cwd.parents or resolved == Path.home().resolve()
    marker = next((m for m in (".git", "site.toml", "build.py") if (resolved / m).exists()), None)
    if dangerous or marker:
        reason = f"it holds {marker}" if marker else "it is the current folder, one of its parents, or home"
        raise BuildError(str(out_dir), None, f"refusing to replace this folder: {reason}",
                         "--out must name a folder used only for the built site, e.g. site/")
    if not is_our_site(resolved) and any(os.scandir(resolved)):
        raise BuildError(str(out_dir), None, f"refusing to replace this folder: it is not a site this tool built "
                         f"(it has no {MARKER})", "--out must name a folder used only for the built site, e.g. site/")


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically with Linux `renameat2`; False when the system cannot."""
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0
