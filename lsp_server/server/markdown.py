"""Markdown fenced code blocks (CommonMark rules): where they are, which are unlabeled, which holds a line."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lsp_server.engine.langid.names import LANGUAGES, languages_for_path, normalize

_OPENING = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_TYPING_INFO = re.compile(r"^ {0,3}(`{3,}|~{3,})([^`\s]*)$")


@dataclass(frozen=True)
class CodeFence:
    """One fenced block; lines are 0-based, ``close_line`` is None when the fence runs to the end."""

    open_line: int
    close_line: int | None
    indent: int
    marker: str
    info: str

    @property
    def label(self) -> str:
        """The info string's first word (``python`` in ```` ```python title="x" ````), or ``""``."""
        words = self.info.split()
        return words[0] if words else ""

    @property
    def info_column(self) -> int:
        """Where a label goes on the opening line: right after the backticks or tildes."""
        return self.indent + len(self.marker)

    def last_line(self, line_count: int) -> int:
        return self.close_line if self.close_line is not None else line_count - 1

    def contains(self, line: int, line_count: int) -> bool:
        return self.open_line <= line <= self.last_line(line_count)

    def body_lines(self, line_count: int) -> range:
        """The code's lines, without the fence lines."""
        end = self.close_line if self.close_line is not None else line_count
        return range(self.open_line + 1, end)


def _opening(line: str) -> re.Match[str] | None:
    match = _OPENING.match(line)
    if match is None or (match.group(2)[0] == "`" and "`" in match.group(3)):
        return None  # a backtick fence's info string cannot hold backticks: that is inline code
    return match


def _closes(line: str, marker: str) -> bool:
    stripped = line.rstrip(" \t")
    run = stripped.lstrip(" ")
    return len(stripped) - len(run) <= 3 and len(run) >= len(marker) and run == marker[0] * len(run)


def find_fences(lines: Sequence[str]) -> list[CodeFence]:
    """Every fenced block in document order; an unclosed one ends with the document."""
    fences: list[CodeFence] = []
    opening: tuple[int, re.Match[str]] | None = None
    for number, line in enumerate(lines):
        if "```" not in line and "~~~" not in line:
            continue  # most lines: no fence can start or end here
        if opening is None:
            match = _opening(line)
            if match is not None:
                opening = (number, match)
        elif _closes(line, opening[1].group(2)):
            fences.append(_fence(*opening, close_line=number))
            opening = None
    if opening is not None:
        fences.append(_fence(*opening, close_line=None))
    return fences


def _fence(open_line: int, match: re.Match[str], close_line: int | None) -> CodeFence:
    return CodeFence(open_line, close_line, len(match.group(1)), match.group(2), match.group(3).strip())


def unlabeled_fences(fences: Iterable[CodeFence]) -> list[CodeFence]:
    return [fence for fence in fences if not fence.label]


def fence_at_line(fences: Iterable[CodeFence], line: int, line_count: int) -> CodeFence | None:
    """The fence whose opening line, body or closing line is ``line``."""
    return next((fence for fence in fences if fence.contains(line, line_count)), None)


def is_markdown(language_id: str | None, path: str | None) -> bool:
    """By the client's languageId, or else by the file name."""
    if normalize(language_id) == "markdown":
        return True
    return bool(path) and languages_for_path(path or "") == ("markdown",)


def typed_fence_info(before_cursor: str) -> str | None:
    """For a line that so far is ```` ``` ```` plus maybe a partial label, that label (maybe ``""``)."""
    match = _TYPING_INFO.match(before_cursor)
    return match.group(2) if match else None


def fence_label_choices(typed: str, detected: str | None, languages: Sequence[str] = LANGUAGES) -> list[str]:
    """Labels to offer after ```` ``` ````: the detected language first, then the rest, matching ``typed``."""
    prefix = typed.lower()
    alias_of = normalize(typed) if typed else None
    ordered = ([detected] if detected else []) + [lang for lang in languages if lang != detected]
    return [lang for lang in ordered if lang.startswith(prefix) or lang == alias_of]
