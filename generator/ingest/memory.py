"""Whether ingest can be skipped: the seeds are those of the last ingest and content/ is as it left it.

Ingest is the slow half of a build (1,000 pages take many seconds) and its result depends only on
the seeds (all of them: tags weigh words over the whole corpus), the generator and content/ itself
(edited files are kept). So after a successful ingest the build records a fingerprint of the seeds
and, for every file in the seeds' page folders, its stamp, digest, id and recorded hash. The next
build skips ingest, replaying its warnings, when running it again would change nothing:

- the seeds' fingerprint is the same (names and bytes of every seed and `.toml`, generator version);
- every recorded file is there, and no other file has appeared in those folders;
- every file is either untouched (same stamp, or same bytes) or edited by an editor in a way ingest
  keeps silently: it is marked edited, with the same id and the same recorded hash as before.

Anything else (a deleted file to regenerate, a new seed, an unknown file) runs ingest as usual.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.infra.cache import NO_STAMP, RACY_NS, FileCache, stamp_of
from generator.content.files import file_digest, is_unedited, recorded_hash
from generator.errors import Problem
from generator.content.front_matter import front_matter_id  # the id as YAML reads it, however the editor wrote it


@dataclass(frozen=True)
class ContentRecord:
    """One content file as the last ingest left it."""

    stamp: tuple[int, int]  # NO_STAMP when written too recently to trust its modification time
    digest: str
    id: str | None
    recorded_hash: str | None


@dataclass(frozen=True)
class IngestRecord:
    seeds: str  # fingerprint of the seeds
    files: dict[str, ContentRecord]  # path under content/ → record
    warnings: tuple[Problem, ...]


def seeds_fingerprint(seeds: Iterable[Path]) -> str:
    """A digest of every seed's name and bytes, and of the page settings (`.toml`) beside it."""
    h = hashlib.blake2b(digest_size=16)
    for seed in sorted(seeds):
        h.update(seed.name.encode() + b"\0" + seed.read_bytes() + b"\0")
        meta = seed.with_suffix(".toml")
        h.update(meta.read_bytes() if meta.is_file() else b"-")
        h.update(b"\0")
    return h.hexdigest()


def _content_files(content: Path, page_ids: Iterable[str]) -> list[Path]:
    """The articles, page records (`_page.yml`) and page pictures (PDF seeds) in the seeds' page
    folders: a deleted record or picture makes ingest run again, as a deleted article does."""
    return sorted(p for page_id in page_ids for pattern in ("*.md", "_page.yml", "page.png")
                  for p in (content / page_id).glob(pattern))


def record_ingest(memory: FileCache, fingerprint: str, content: Path, page_ids: Iterable[str],
                  warnings: Iterable[Problem]) -> None:
    """Remember what ingest left in the seeds' page folders (call after a successful ingest)."""
    now = time.time_ns()
    files = {}
    for path in _content_files(content, page_ids):
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="replace")
        stamp = stamp_of(os.stat(path))
        files[path.relative_to(content).as_posix()] = ContentRecord(
            stamp=stamp if now - stamp[1] >= RACY_NS else NO_STAMP, digest=file_digest(raw),
            id=front_matter_id(text), recorded_hash=recorded_hash(text))
    memory.put("ingest", NO_STAMP, IngestRecord(fingerprint, files, tuple(warnings)))


def replayable_warnings(memory: FileCache, fingerprint: str, content: Path,
                        page_ids: Iterable[str]) -> tuple[Problem, ...] | None:
    """The last ingest's warnings if ingest would now do nothing, else None (ingest must run)."""
    record = memory.get("ingest", NO_STAMP)
    if not isinstance(record, IngestRecord) or record.seeds != fingerprint:
        return None
    present = _content_files(content, page_ids)
    if len(present) != len(record.files):
        return None
    for path in present:
        known = record.files.get(path.relative_to(content).as_posix())
        if known is None:
            return None
        if stamp_of(os.stat(path)) == known.stamp:
            continue
        raw = path.read_bytes()
        if file_digest(raw) == known.digest:
            continue
        text = raw.decode("utf-8", errors="replace")
        file_id = front_matter_id(text)
        kept_silently = (not is_unedited(text) and file_id is not None and file_id == known.id
                         and recorded_hash(text) == known.recorded_hash)
        if not kept_silently:
            return None
    return record.warnings
