"""A large file is deflated in content-defined pieces: a zip reads it back whole, and after a change in one
line only the pieces around it are compressed again, with the bytes of a fresh zip."""

from __future__ import annotations

import random
import shutil
import subprocess
import zipfile
import zlib

from generator.infra import output
from generator.models import OutputFile


class Memory(dict):
    """A ChunkMemory that counts what it was given."""

    def __init__(self):
        super().__init__()
        self.puts = 0

    def get(self, key, stamp):
        return super().get(key)

    def put(self, key, stamp, value):
        self.puts += 1
        self[key] = value

    def keep_only(self, keys):
        for key in set(self) - keys:
            del self[key]


def articles_json(n: int, rng: random.Random) -> bytes:
    lines = [f'{{"id": "p{i:05d}", "text": "{"".join(rng.choices("社区志愿服务文明实践基层治理", k=rng.randint(50, 900)))}"}}'
             for i in range(n)]
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode()


def test_pieces_inflate_to_the_file():
    data = articles_json(3000, random.Random(1))
    assert len(data) > output.CHUNKED_MIN_BYTES
    assert len(output.chunk_ends(data)) > 10
    assert zlib.decompress(output.deflate_in_chunks(data), -15) == data


def test_one_changed_line_compresses_only_the_pieces_around_it(tmp_path):
    rng = random.Random(2)
    data = articles_json(3000, rng)
    memory = Memory()
    first = output.deflate_in_chunks(data, memory, set())
    pieces = memory.puts
    at = data.index(b'"p01500"')
    changed = data[:at] + b'"p01500", "fix": "\xe6\x9b\xb4\xe6\xad\xa3"' + data[at + 8:]
    memory.puts = 0
    again = output.deflate_in_chunks(changed, memory, set())
    assert 1 <= memory.puts <= 2 < pieces  # the fast path: the other pieces come from the memory
    assert again == output.deflate_in_chunks(changed)  # the bytes of compressing it all afresh
    assert first != again


def test_a_zip_with_remembered_pieces_equals_a_fresh_one_and_reads_back(tmp_path):
    rng = random.Random(3)
    big = articles_json(3000, rng)
    files = [OutputFile("index.html", b"<p>x</p>"), OutputFile("data/articles.json", big)]
    memory = Memory()
    output.write_zip(files, tmp_path / "a.zip", chunks=memory)
    changed = [files[0], OutputFile("data/articles.json", big.replace(b'"p00007"', b'"p0000X"'))]
    output.write_zip(changed, tmp_path / "a.zip", chunks=memory)
    output.write_zip(changed, tmp_path / "fresh.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "fresh.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as z:
        assert z.read("site/data/articles.json") == changed[1].data
        assert z.testzip() is None
    if shutil.which("unzip"):  # Info-ZIP's own check, where it is installed
        assert subprocess.run(["unzip", "-tq", str(tmp_path / "a.zip")], capture_output=True).returncode == 0
