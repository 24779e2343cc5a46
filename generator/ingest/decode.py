"""Seed bytes → text: UTF-8 (with or without BOM), UTF-16/32 with BOM, else GB18030 or Big5.

Input: the raw bytes of one seed file. Output: its text, without a byte order mark, line endings
untouched (`clean.py` normalises them). Binary input, an empty file and bytes that are neither
UTF-8 nor GB18030 are `BuildError`s that name the line of the first offending byte.
"""

from __future__ import annotations

import codecs
import re

from generator.errors import BuildError

_BOMS = (  # longest first: the UTF-32-LE mark starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word/Excel document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)

# Control characters that never occur in text; tab, LF, VT, FF, CR, SUB (DOS end of file) and ESC
# are left to `clean.py`.
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x19\x1c-\x1f\x7f]")
_CONTROL_TEXT = re.compile(r"[\x00-\x08\x0e-\x19\x1c-\x1f\x7f]")
_CONTROL_BYTES = bytes(b for b in range(256) if _CONTROL.fullmatch(bytes([b])))
_MAX_CONTROL_RATIO = 0.10  # share of control bytes above which a file is binary, not stray junk

_BINARY_HINT = "a seed must be plain text: export the page as .txt (UTF-8 or GB18030)"
_EMPTY_HINT = "put the page's text in it, or delete it"
_ENCODING_HINT = "save the file as UTF-8; GB18030/GBK and Big5 without a byte order mark are also read"
MIN_EVIDENCE_CHARS = 50  # non-ASCII characters needed before the detector's choice is trusted
_DECLARE_HINT = 'say which it is in the seed\'s .toml: encoding = "big5" (or "gb18030"), or save it as UTF-8'


def _decode_declared(data: bytes, encoding: str, *, path: str) -> str:
    """Decode with the encoding the seed's `.toml` declares; a byte it cannot decode names its line."""
    codec = "utf-8-sig" if encoding == "utf-8" else "utf-16" if encoding == "utf-16" else encoding
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise BuildError(path, _line_at(data, error.start),
                         f"not {encoding} text as its .toml declares (byte 0x{data[error.start]:02X} cannot be decoded)",
                         "correct `encoding` in the seed's .toml, or re-export the page") from None


def _big5_or_gb18030(data: bytes, *, path: str) -> str:
    """Bytes that are not UTF-8 → text, told apart by evidence: GB18030 or Big5 (traditional).

    Their double-byte ranges overlap, so Big5 text also decodes as GB18030 (as mojibake). Measured on
    the eleven example pages (tests/robustness/test_encodings.py), as simplified text in GB18030, the
    same pages in traditional characters (OpenCC) in Big5 and in GB18030, whole and cut to 40, 10 and
    3 lines: no GB18030 page decodes as Big5 once it has 10 lines (1 of 11 at 10 lines, 6 of 11 at 3),
    and charset-normalizer, asked to choose between the two, was right in all 132 cases.
    So: bytes that are not Big5 are GB18030; bytes that are both go to charset-normalizer when they
    hold at least `MIN_EVIDENCE_CHARS` Chinese characters (3 lines hold 60–100; one `，` alone is read
    as Big5 `ㄛ`); too little text or no answer is refused, with the way to declare the encoding.
    """
    try:
        big5 = data.decode("big5")
    except UnicodeDecodeError:
        return data.decode("gb18030")  # the caller reports a failure to decode
    import charset_normalizer  # here: UTF-8 and GB18030 seeds never need it

    if len(big5) - len(big5.encode("ascii", errors="ignore")) < MIN_EVIDENCE_CHARS:
        raise BuildError(path, None, "too little text to tell whether this page is GB18030 (simplified) or "
                         "Big5 (traditional)", _DECLARE_HINT)
    best = charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    if best is not None and best.encoding == "big5":
        return big5
    if best is not None and best.encoding == "gb18030":
        return data.decode("gb18030")
    raise BuildError(path, None, "cannot tell whether this page is GB18030 (simplified) or Big5 (traditional) text",
                     _DECLARE_HINT)


def decode_seed(data: bytes, *, path: str, encoding: str | None = None) -> str:
    """Decode one seed file.

    An `encoding` declared in the seed's `.toml` decides; else a byte order mark. Without either,
    UTF-8 is tried first, then GB18030 or Big5 (`_big5_or_gb18030`); a file that is mostly valid
    UTF-8 with a few broken bytes is an error, never read as GB18030 mojibake.
    """
    if encoding is not None and data:
        return _decode_declared(data, encoding, path=path)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data[len(bom) :], codec, name, path=path)

    if not data:
        raise BuildError(path, None, "the seed file is empty", _EMPTY_HINT)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BuildError(path, 1, f"binary file, not text (it looks like {what})", _BINARY_HINT)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise BuildError(
            path,
            _line_at(data, nul),
            "binary file, not text (it contains a NUL byte)",
            _BINARY_HINT + "; UTF-16 text needs a byte order mark",
        )
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))  # counted in C, as `_CONTROL` finds them
    if controls and controls / len(data) > _MAX_CONTROL_RATIO:
        first = _CONTROL.search(data)
        assert first is not None
        raise BuildError(
            path,
            _line_at(data, first.start()),
            f"binary file, not text ({controls} of {len(data)} bytes are control characters)",
            _BINARY_HINT,
        )

    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        if _looks_like_broken_utf8(data):
            raise BuildError(
                path,
                _line_at(data, utf8_error.start),
                f"invalid UTF-8 (byte 0x{data[utf8_error.start]:02X}) in a file that is otherwise UTF-8",
                "the file is damaged here: retype the broken characters, or re-export the page",
            ) from None
    try:
        return _big5_or_gb18030(data, path=path)
    except UnicodeDecodeError as gb_error:
        raise BuildError(
            path,
            _line_at(data, gb_error.start),
            f"neither UTF-8 nor GB18030 text (byte 0x{data[gb_error.start]:02X} cannot be decoded)",
            _ENCODING_HINT,
        ) from None


def _decode_with_bom(body: bytes, codec: str, name: str, *, path: str) -> str:
    """Decode the bytes after a byte order mark; the mark alone counts as an empty file."""
    if not body:
        raise BuildError(path, None, "the seed file is empty (only a byte order mark)", _EMPTY_HINT)
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as error:
        good = body[: error.start].decode(codec, errors="replace")
        raise BuildError(
            path,
            good.count("\n") + 1,
            f"invalid {name} although the file starts with a {name} byte order mark",
            _ENCODING_HINT,
        ) from None
    if "\x00" in text:
        line = _line_in_text(text, text.index("\x00"))
        raise BuildError(path, line, "binary file, not text (it contains a NUL character)", _BINARY_HINT)
    controls = _CONTROL_TEXT.findall(text)
    if controls and len(controls) / len(text) > _MAX_CONTROL_RATIO:
        first = _CONTROL_TEXT.search(text)
        assert first is not None
        raise BuildError(
            path,
            _line_in_text(text, first.start()),
            f"binary file, not text ({len(controls)} of {len(text)} characters are control characters)",
            _BINARY_HINT,
        )
    return text


def _looks_like_broken_utf8(data: bytes) -> bool:
    """Many valid multi-byte UTF-8 characters and only a few errors: damaged UTF-8, not GB18030.

    About a tenth of GBK characters happen to be valid 2-byte UTF-8, so GB text is far above the
    5% error share; damaged UTF-8 is far below it.
    """
    text = data.decode("utf-8", errors="replace")
    errors = text.count("\ufffd") - data.count("\ufffd".encode())
    multibyte = sum(1 for ch in text if ord(ch) >= 0x80) - errors
    return multibyte >= 10 and errors / (errors + multibyte) < 0.05


def _line_at(data: bytes, offset: int) -> int:
    """1-based line of a byte offset, counted as `clean.py` does: CRLF, CR and LF each end a line."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _line_in_text(text: str, index: int) -> int:
    head = text[:index]
    return head.count("\n") + head.count("\r") - head.count("\r\n") + 1
