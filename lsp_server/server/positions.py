"""LSP positions (line, character in the negotiated encoding) ↔ offsets into a Python string.

Python strings index code points, so UTF-32 characters are string indices; UTF-16 and UTF-8 ones
are converted line by line. Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` only, as LSP says (not at
the other breaks ``str.splitlines`` knows). Out-of-range positions are clamped, never an error; a
character inside a code point (half a surrogate pair, the middle of a UTF-8 sequence) snaps to
that code point's start.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from lsprotocol.types import Position, Range

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
SUPPORTED_ENCODINGS = (UTF8, UTF16, UTF32)
_CODECS = {UTF8: ("utf-8", 1), UTF16: ("utf-16-le", 2)}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def choose_position_encoding(offered: Sequence[str] | None) -> str:
    """The first encoding the client offers that we support; UTF-16, the mandatory one, otherwise.

    LSP 3.17: a client that sends no ``general.positionEncodings`` speaks UTF-16 only.
    This is the same rule pygls applies when it answers ``initialize``.
    """
    for kind in offered or ():
        if kind in SUPPORTED_ENCODINGS:
            return encoding_name(kind)
    return UTF16


def encoding_name(kind: str) -> str:
    """``"utf-8"`` for both ``"utf-8"`` and ``PositionEncodingKind.Utf8`` (whose ``str()`` is its name)."""
    return str(getattr(kind, "value", kind))


def _width(char: str, encoding: str) -> int:
    code = ord(char)
    if encoding == UTF16:
        return 2 if code > 0xFFFF else 1
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4


def index_of_column(line: str, column: int, encoding: str) -> int:
    """The string index of ``column`` code units into ``line`` (clamped to the line)."""
    column = max(0, column)
    if encoding not in _CODECS or line.isascii():
        return min(column, len(line))
    units = 0
    for index, char in enumerate(line):
        units += _width(char, encoding)
        if units > column:
            return index
    return len(line)


def column_of_index(line: str, index: int, encoding: str) -> int:
    """How many code units of ``encoding`` the first ``index`` code points of ``line`` take."""
    prefix = line[: max(0, index)]
    if encoding not in _CODECS or prefix.isascii():
        return len(prefix)
    codec, width = _CODECS[encoding]
    return len(prefix.encode(codec, "surrogatepass")) // width


class LineIndex:
    """Line starts of one text, for converting positions both ways."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line_end(self, line: int) -> int:
        """Offset where ``line``'s content ends (before its line break)."""
        if line + 1 >= len(self.starts):
            return len(self.text)
        end = self.starts[line + 1]
        return end - 2 if self.text.startswith("\r\n", end - 2) else end - 1

    def line_text(self, line: int) -> str:
        return self.text[self.starts[line] : self.line_end(line)]

    def lines(self) -> list[str]:
        return _LINE_BREAK.split(self.text)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, max(0, offset)) - 1

    def offset(self, position: Position, encoding: str = UTF16) -> int:
        """String offset of ``position``; past the last line means the end of the text."""
        line = max(0, position.line)
        if line >= self.line_count:
            return len(self.text)
        index = index_of_column(self.line_text(line), position.character, encoding)
        return self.starts[line] + index

    def position(self, offset: int, encoding: str = UTF16) -> Position:
        offset = min(max(0, offset), len(self.text))
        line = self.line_of(offset)
        index = min(offset, self.line_end(line)) - self.starts[line]
        return Position(line=line, character=column_of_index(self.line_text(line), index, encoding))

    def offsets(self, range_: Range, encoding: str = UTF16) -> tuple[int, int]:
        """Start and end offsets of ``range_``, in order even when the client sent them reversed."""
        start, end = self.offset(range_.start, encoding), self.offset(range_.end, encoding)
        return min(start, end), max(start, end)

    def range(self, start: int, end: int, encoding: str = UTF16) -> Range:
        return Range(start=self.position(start, encoding), end=self.position(end, encoding))
